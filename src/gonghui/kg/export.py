"""Write a built dataset as Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML.

Output is byte-identical for the same statements, whatever their order or source: everything is
written by Oxigraph from an on-disk store (the one ``gonghui build`` writes, or a temporary copy
of an in-memory store or rdflib graph). There, statements are kept in indexes sorted by their
encoded terms, a function of the terms alone, so a dump's order is too; Oxigraph's in-memory
store and rdflib iterate in an order that depends on the run. Graphs go by name, each dumped on
its own. The writing is Oxigraph's own (Rust), a statement at a time, never a Python object per
term: on a 10,000-article graph that is seconds instead of minutes. Instance IRIs get one prefix
per kind (``person:``, ``organization:``...) so the Turtle stays readable. Files are written
atomically: a temporary file in the same folder, then ``os.replace``; a failed write leaves no
file behind.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from gonghui.errors import GraphError
from gonghui.fileio import atomic_open, atomic_path, atomic_write_bytes
from gonghui.kg.iri import instance_prefixes
from gonghui.kg.namespace import PREFIXES

if TYPE_CHECKING:
    from gonghui.kg.build import ArticleStatements


class Format(str, Enum):
    TURTLE = "turtle"
    TRIG = "trig"
    NTRIPLES = "nt"
    NQUADS = "nq"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"

    @property
    def suffix(self) -> str:
        return _SUFFIXES[self]

    @property
    def has_graphs(self) -> bool:
        """Whether the format keeps named graphs (else the union of all graphs is written)."""
        return self in {Format.TRIG, Format.NQUADS, Format.JSONLD}


_SUFFIXES = {Format.TURTLE: ".ttl", Format.TRIG: ".trig", Format.NTRIPLES: ".nt",
             Format.NQUADS: ".nq", Format.JSONLD: ".jsonld", Format.RDFXML: ".rdf"}
_OX_FORMATS = {Format.TURTLE: ox.RdfFormat.TURTLE, Format.TRIG: ox.RdfFormat.TRIG,
               Format.NTRIPLES: ox.RdfFormat.N_TRIPLES, Format.NQUADS: ox.RdfFormat.N_QUADS,
               Format.JSONLD: ox.RdfFormat.JSON_LD, Format.RDFXML: ox.RdfFormat.RDF_XML}
# Formats whose writer honours prefixes and a base IRI (the N-formats are one statement a line).
_PRETTY = {Format.TURTLE, Format.TRIG, Format.RDFXML, Format.JSONLD}


def format_for_path(path: Path) -> Format:
    """The format a file name asks for, by suffix."""
    for fmt, suffix in _SUFFIXES.items():
        if Path(path).suffix.lower() == suffix:
            return fmt
    known = ", ".join(_SUFFIXES.values())
    raise GraphError(f"{path}: unknown RDF file suffix (expected one of {known})")


def _not_exportable(term: Node) -> GraphError:
    kind = "blank node" if isinstance(term, BNode) else type(term).__name__
    return GraphError(f"cannot export a {kind} ({term!r}): "
                      "gonghui graphs mint an IRI for every node")


def _ox_iri(term: Node) -> ox.NamedNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    raise _not_exportable(term)


def _ox_term(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise _not_exportable(term)


def _object_key(term: Node) -> tuple[int, str, str]:
    if isinstance(term, Literal):
        return (1, str(term), term.language or str(term.datatype or ""))
    return (0, str(term), "")


def _triple_key(triple: tuple[Node, Node, Node]) -> tuple[str, bool, str, tuple[int, str, str]]:
    s, p, o = triple
    return (str(s), p != RDF.type, str(p), _object_key(o))


def _sorted_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    return sorted(set(graph.triples((None, None, None))), key=_triple_key)


def _union(dataset: Dataset | Graph) -> Iterator[ox.Triple]:
    triples: set[tuple[Node, Node, Node]] = set()
    if isinstance(dataset, Dataset):
        triples = {(s, p, o) for s, p, o, _g in dataset.quads((None, None, None, None))}
    else:
        triples = set(dataset.triples((None, None, None)))
    for s, p, o in sorted(triples, key=_triple_key):
        yield ox.Triple(_ox_iri(s), _ox_iri(p), _ox_term(o))


def _quads(dataset: Dataset) -> Iterator[ox.Quad]:
    graphs = sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))
    for graph in graphs:
        name = graph.identifier
        ox_graph = ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else _ox_iri(name)
        for s, p, o in _sorted_triples(graph):
            yield ox.Quad(_ox_iri(s), _ox_iri(p), _ox_term(o), ox_graph)


def output_prefixes() -> dict[str, str]:
    """The ontology's prefixes plus one per instance kind, as written in every pretty format."""
    return {**PREFIXES, **instance_prefixes()}


def serialize(dataset: Dataset | Graph | ox.Store, fmt: Format | str, *,
              on_disk: bool = False) -> bytes:
    """The dataset in one format, as bytes; the same statements give the same bytes.

    ``on_disk``: ``dataset`` is an on-disk store with the union of its named graphs in its
    default graph (as ``gonghui build`` writes one), written as it is; anything else is copied
    into such a store first.
    """
    fmt = Format(fmt)
    if on_disk and isinstance(dataset, ox.Store):
        return _dump(dataset, fmt)
    with tempfile.TemporaryDirectory(prefix="gonghui-export-") as folder:
        store = ox.Store(folder)
        _copy(dataset, store)
        data = _dump(store, fmt)
        del store  # closed before its folder goes
        return data


def _copy(source: Dataset | Graph | ox.Store, store: ox.Store) -> None:
    """``source`` into an empty on-disk store: named graphs, and their union as default graph."""
    if isinstance(source, ox.Store):
        store.bulk_load(source.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    else:
        statements: Iterable[ox.Quad] | Iterable[ox.Triple]
        statements = _quads(source) if isinstance(source, Dataset) else _union(source)
        data = ox.serialize(statements, format=ox.RdfFormat.N_QUADS)
        assert data is not None
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    if next(iter(store.named_graphs()), None) is not None and not _has_statements(
            store, ox.DefaultGraph()):
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def _has_statements(store: ox.Store, graph: ox.DefaultGraph | ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None


def _named_graphs(store: ox.Store) -> list[ox.NamedNode]:
    names = sorted(graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode))
    return [ox.NamedNode(name) for name in names]


def _dump(store: ox.Store, fmt: Format) -> bytes:
    buffer = io.BytesIO()
    _dump_to(store, fmt, buffer)
    return buffer.getvalue()


def _dump_to(store: ox.Store, fmt: Format, output: BinaryIO) -> None:
    """The store in one format, written to ``output`` as Oxigraph writes it (one graph's text
    at a time at most in memory)."""
    prefixes = output_prefixes() if fmt in _PRETTY else None
    if not fmt.has_graphs:
        store.dump(output, format=_OX_FORMATS[fmt], from_graph=ox.DefaultGraph(),
                   prefixes=prefixes)
        return
    graphs = [g for g in _named_graphs(store) if _has_statements(store, g)]
    if fmt is Format.TRIG:
        _trig(store, graphs, prefixes or {}, output)
    elif fmt is Format.NQUADS:
        for graph in graphs:
            output.write(_graph_nquads(store, graph))
    else:
        nquads = b"".join(_graph_nquads(store, graph) for graph in graphs)
        data = ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS),  # JSON-LD: small use
                            format=_OX_FORMATS[fmt], prefixes=prefixes)
        assert data is not None
        output.write(data)


def _graph_nquads(store: ox.Store, graph: ox.NamedNode) -> bytes:
    """One graph's statements as N-Quads: its N-Triples lines, each with the graph's name."""
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    assert lines is not None
    suffix = f" {graph} .".encode()
    return b"".join(line[:-2] + suffix + b"\n" for line in lines.splitlines() if line)


def _trig(store: ox.Store, graphs: list[ox.NamedNode], prefixes: dict[str, str],
          output: BinaryIO) -> None:
    """TriG: the prefixes once at the top (TriG allows no prefix inside a graph), then each
    graph's block (:func:`trig_block`)."""
    output.write(trig_header(prefixes))
    for graph in graphs:
        output.write(_stored_block(store, graph.value, prefixes))


def _stored_block(store: ox.Store, graph: str, prefixes: dict[str, str]) -> bytes:
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    assert lines is not None
    return trig_block(graph, lines, prefixes)


def trig_header(prefixes: dict[str, str]) -> bytes:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items()).encode()


def trig_block(graph: str, ntriples: bytes, prefixes: dict[str, str]) -> bytes:
    """One named graph of a TriG file: ``<graph> { ... }`` around its statements as Turtle
    (Oxigraph's writer), in the order of their N-Triples lines as Oxigraph writes them, sorted:
    the same bytes for the same statements, whether they come from a store or from a build's
    stream (:class:`TrigBlocks`)."""
    canonical = ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
                             format=ox.RdfFormat.N_TRIPLES)
    assert canonical is not None
    ordered = b"".join(sorted(set(canonical.splitlines(keepends=True))))
    turtle = ox.serialize(ox.parse(ordered, format=ox.RdfFormat.N_TRIPLES),
                          format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert turtle is not None
    body = b"\n".join(line for line in turtle.split(b"\n") if not line.startswith(b"@prefix "))
    return b"<%s> {\n%s}\n" % (graph.encode(), body.lstrip(b"\n"))


_BLOCK_START = re.compile(rb"<([^<>]*)> \{\n")


class TrigBlocks:
    """The TriG of a graph being built, written as its articles come: a listener of
    ``kg.build.StoreWriter`` that keeps each article's block (:func:`trig_block`) in a scratch
    file, so the TriG needs no reading back from the store after the last article (a string
    lookup per statement: a minute at 10,000 articles). :meth:`write` puts the blocks in
    graph-name order after the prefixes, as an export of the store writes them. An ``add``
    also takes the unchanged articles' blocks from the TriG it replaces
    (:meth:`keep_previous`); a graph neither source has whole (one article id in two batches)
    is dumped from the store."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = Path(scratch)
        self.prefixes = output_prefixes()
        self._file: BinaryIO | None = self.scratch.open("w+b")
        self._blocks: dict[str, tuple[int, int] | None] = {}  # None: written twice
        self._previous: BinaryIO | None = None
        self._kept: dict[str, tuple[int, int]] = {}  # blocks of the previous TriG

    def __call__(self, batch: Sequence[ArticleStatements]) -> None:
        assert self._file is not None, "TrigBlocks used after write()"
        for article in batch:
            block = trig_block(article.graph, article.ntriples.encode(), self.prefixes)
            where = (self._file.tell(), len(block))
            self._blocks[article.graph] = None if article.graph in self._blocks else where
            self._file.write(block)

    def keep_previous(self, previous: Path) -> None:
        """Take the graphs' blocks from ``previous``, the TriG that the store's last build or
        add wrote, for the graphs this listener has not seen: an ``add`` serializes only its
        new articles. A file with other prefixes (another version), or none, is not used."""
        try:
            handle = Path(previous).open("rb")
        except OSError:
            return
        header = trig_header(self.prefixes)
        if handle.read(len(header)) != header:
            handle.close()
            return
        offset, start, name = len(header), -1, ""
        for line in handle:
            if start < 0:
                match = _BLOCK_START.fullmatch(line)
                if match is None:  # not a file this class wrote: use none of it
                    self._kept.clear()
                    handle.close()
                    return
                start, name = offset, match.group(1).decode()
            elif line == b"}\n":
                self._kept[name] = (start, offset + len(line) - start)
                start = -1
            offset += len(line)
        self._previous = handle

    def write(self, store: ox.Store, path: Path) -> Path:
        """The TriG file of ``store``: every graph it holds, from this listener's blocks, the
        previous file's or the store."""
        assert self._file is not None, "TrigBlocks.write() called twice"
        try:
            with atomic_open(path) as output:
                output.write(trig_header(self.prefixes))
                for graph in (g.value for g in _named_graphs(store) if _has_statements(store, g)):
                    written = self._blocks.get(graph)
                    if written is not None:
                        output.write(_read_at(self._file, written))
                    elif graph not in self._blocks and graph in self._kept:
                        assert self._previous is not None
                        output.write(_read_at(self._previous, self._kept[graph]))
                    else:
                        output.write(_stored_block(store, graph, self.prefixes))
        finally:
            self.close()
        return path

    def close(self) -> None:
        if self._previous is not None:
            self._previous.close()
            self._previous = None
        if self._file is not None:
            self._file.close()
            self._file = None
            self.scratch.unlink(missing_ok=True)


def _read_at(handle: BinaryIO, where: tuple[int, int]) -> bytes:
    handle.seek(where[0])
    return handle.read(where[1])


def write(dataset: Dataset | Graph | ox.Store, path: Path, fmt: Format | str | None = None, *,
          on_disk: bool = False) -> Path:
    """Serialize and write atomically; the format defaults to the file's suffix.

    A built store (``on_disk``) is written as it is dumped, into a temporary file that takes
    the name when it is complete; anything else is serialized before the file is opened. Either
    way an error leaves no file at all.
    """
    path = Path(path)
    chosen = Format(fmt) if fmt is not None else format_for_path(path)
    if on_disk and isinstance(dataset, ox.Store) and not chosen.has_graphs:
        # Oxigraph writes the file itself: through a Python file object it calls back for each
        # chunk and waits for the GIL, which the page's thread holds (4x slower beside it).
        prefixes = output_prefixes() if chosen in _PRETTY else None
        with atomic_path(path) as temporary:
            dataset.dump(str(temporary), format=_OX_FORMATS[chosen], from_graph=ox.DefaultGraph(),
                         prefixes=prefixes)
        return path
    if on_disk and isinstance(dataset, ox.Store):  # streamed: a large graph's text is GBs
        with atomic_open(path) as output:
            _dump_to(dataset, chosen, output)
        return path
    return atomic_write_bytes(path, serialize(dataset, chosen, on_disk=on_disk))


def write_all(dataset: Dataset | ox.Store, directory: Path, stem: str = "gonghui",
              formats: Iterable[Format | str] = tuple(Format)) -> list[Path]:
    """One file per format in ``directory`` (``<stem>.ttl``, ``<stem>.trig``, ...)."""
    written = []
    for fmt in formats:
        chosen = Format(fmt)
        written.append(write(dataset, Path(directory) / f"{stem}{chosen.suffix}", chosen))
    return written
