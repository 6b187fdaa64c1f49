"""Write a built dataset as Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML.

Output is byte-identical for the same input: statements are sorted (subject, ``rdf:type``
first, predicate, object; graphs by name) and serialized by pyoxigraph, which keeps the order it
is given (rdflib's serializers iterate hash-ordered sets, so their order changes between runs,
and they are 30-40x slower). Instance IRIs get one prefix per kind (``person:``,
``organization:``...) so the Turtle stays readable. Files are written atomically: a temporary file in the same folder, then
``os.replace``; a failed write leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from gonghui.errors import GraphError
from gonghui.fileio import atomic_write_bytes
from gonghui.kg.iri import instance_prefixes
from gonghui.kg.namespace import PREFIXES


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


_RDF_TYPE = str(RDF.type)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _ox_key(statement: ox.Quad | ox.Triple) -> tuple[str, bool, str, tuple[int, str, str]]:
    """:func:`_triple_key` for Oxigraph terms: the same order, so a store and a dataset of the
    same statements serialize to the same bytes."""
    p, o = statement.predicate.value, statement.object
    if isinstance(o, ox.Literal):
        datatype = o.datatype.value
        tag = o.language or ("" if datatype == _XSD_STRING else datatype)
        key = (1, o.value, tag)
    else:
        key = (0, o.value, "")
    return (statement.subject.value, p != _RDF_TYPE, p, key)


def _has_union(store: ox.Store) -> bool:
    """Whether the default graph holds the union (a built or loaded store), else only named
    graphs are there and the union is taken here."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def _store_union(store: ox.Store) -> Iterator[ox.Triple]:
    """The union's triples, sorted, one subject at a time: memory holds the subjects' names,
    never the graph (a 10,000-article graph is millions of statements)."""
    graph = ox.DefaultGraph() if _has_union(store) else None
    names = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }",
                        use_default_graph_as_union=graph is None)
    assert isinstance(names, ox.QuerySolutions)
    subjects = sorted(solution[0].value for solution in names)
    for subject in subjects:
        node = ox.NamedNode(subject)
        triples = {ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(node, None, None, graph)}
        yield from sorted(triples, key=_ox_key)


def _store_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The named graphs, by name, each sorted as :func:`_quads` sorts (one graph in memory)."""
    for name in sorted(graph.value for graph in store.named_graphs()):
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        yield from sorted(quads, key=_ox_key)


def output_prefixes() -> dict[str, str]:
    """The ontology's prefixes plus one per instance kind, as written in every pretty format."""
    return {**PREFIXES, **instance_prefixes()}


def serialize(dataset: Dataset | Graph | ox.Store, fmt: Format | str) -> bytes:
    """The dataset in one format, as bytes; the same input gives the same bytes.

    A store (``kg.build``) and an rdflib dataset of the same statements give the same bytes.
    """
    fmt = Format(fmt)
    statements: Iterable[ox.Triple] | Iterable[ox.Quad]
    if isinstance(dataset, ox.Store):
        statements = _store_quads(dataset) if fmt.has_graphs else _store_union(dataset)
    elif fmt.has_graphs and isinstance(dataset, Dataset):
        statements = _quads(dataset)
    else:
        statements = _union(dataset)
    prefixes = output_prefixes() if fmt in _PRETTY else None
    data = ox.serialize(statements, format=_OX_FORMATS[fmt], prefixes=prefixes)
    assert data is not None  # pyoxigraph returns bytes when no output is given
    return data


def write(dataset: Dataset | Graph | ox.Store, path: Path, fmt: Format | str | None = None) -> Path:
    """Serialize and write atomically; the format defaults to the file's suffix.

    Serialization happens before the file is opened, so an error leaves no file at all.
    """
    path = Path(path)
    chosen = Format(fmt) if fmt is not None else format_for_path(path)
    return atomic_write_bytes(path, serialize(dataset, chosen))


def write_all(dataset: Dataset | ox.Store, directory: Path, stem: str = "gonghui",
              formats: Iterable[Format | str] = tuple(Format)) -> list[Path]:
    """One file per format in ``directory`` (``<stem>.ttl``, ``<stem>.trig``, ...)."""
    written = []
    for fmt in formats:
        chosen = Format(fmt)
        written.append(write(dataset, Path(directory) / f"{stem}{chosen.suffix}", chosen))
    return written
