"""Check a built graph against ``ontology/shapes.ttl``: an rdflib graph with pySHACL, a built
store with the same shapes as SPARQL queries that Oxigraph runs (``kg/shacl_sparql.py``), or,
for shapes beyond what those queries cover, with pySHACL as below.

Validation runs over the union of all named graphs without inference (every node is typed
explicitly by the builder, and OWL inference would multiply the run time). Warnings, such as a
fact without a located span, are reported but do not make the graph non-conforming.

With pySHACL, a built store is checked a group of articles at a time: each article's graph
describes every node it uses, so a group validates on its own, and memory holds one group of
about ``STATEMENTS_PER_CHECK`` statements (pySHACL's in-memory graph costs about 1 KB a
statement), however large the build. The groups are checked on ``jobs`` processes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Variable
from rdflib.namespace import NamespaceManager, split_uri

from gonghui.errors import GraphError
from gonghui.kg.namespace import GH, OA
from gonghui.resources import ontology_dir

if TYPE_CHECKING:
    from gonghui.kg.build import ArticleStatements
    from gonghui.kg.shacl_sparql import Check

# Statements of the articles checked together: a few hundred articles of the seeds' size, about
# 150 MB in pySHACL's graph (it held 500 articles, over 2 GB for articles of 2,000 statements).
STATEMENTS_PER_CHECK = 100_000


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: int
    warnings: int
    text: str  # pySHACL's human-readable report
    report: Graph  # the SHACL validation report as RDF


def shapes_path() -> Path:
    return ontology_dir() / "shapes.ttl"


def validate_graph(graph: Graph, shapes: Path | None = None) -> ValidationResult:
    """Validate a dataset (its union) or a graph against the shapes."""
    from gonghui.kg.build import union_graph

    return _validate(union_graph(graph), shapes)


def _validate(data: Graph, shapes: Path | None = None) -> ValidationResult:
    """Validate ``data`` itself (pySHACL reads it in place: without inference nothing is added)."""
    from pyshacl import validate
    from rdflib import SH

    shapes_graph = _read_shapes(shapes or shapes_path())
    conforms, report, text = validate(data, shacl_graph=shapes_graph, inference="none",
                                      allow_warnings=True, advanced=False)
    severities = list(report.objects(None, SH.resultSeverity))
    return ValidationResult(
        conforms=bool(conforms),
        violations=sum(1 for s in severities if s == SH.Violation),
        warnings=sum(1 for s in severities if s == SH.Warning),
        text=str(text),
        report=report,
    )


class _BoundNamespaces(NamespaceManager):
    """rdflib's namespace manager, without its index of every namespace it ever wrote.

    pySHACL writes a message for each node that fails a shape, even inside a qualified shape
    (the quote selector of every evidence segment fails "is a TextPositionSelector"). rdflib
    files the namespace of each IRI it writes in a trie whose insertion scans the trie's top
    level, and every evidence IRI is a namespace of its own (``…/evidence/<doc>/<span>/quote``):
    a group's messages cost time quadratic in its segments (minutes for a few hundred
    articles). Only bound namespaces are written as prefixed names anyway; an IRI outside them
    is written ``<…>`` here too, without being filed.
    """

    def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803 - rdflib's names
        try:
            namespace = split_uri(rdfTerm)[0]
        except ValueError:
            return super().normalizeUri(rdfTerm)
        if namespace not in {str(bound) for _, bound in self.store.namespaces()}:
            return f"?{rdfTerm}" if isinstance(rdfTerm, Variable) else f"<{rdfTerm}>"
        return super().normalizeUri(rdfTerm)


def _group_graph(ntriples: bytes) -> Graph:
    """A plain graph of N-Triples with the ontology's prefixes bound, as ``union_graph`` makes."""
    from gonghui.kg.namespace import PREFIXES

    graph = Graph(bind_namespaces="none")
    graph.namespace_manager = _BoundNamespaces(graph, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data=ntriples, format="nt")
    return graph


def check_graph(graph: Graph, source: str = "graph",
                shapes: Path | None = None) -> ValidationResult:
    """Like :func:`validate_graph`, but a non-conforming graph raises GraphError naming ``source``."""
    result = validate_graph(graph, shapes)
    if not result.conforms:
        raise GraphError(f"{source}: {result.violations} SHACL violation(s) against "
                         f"{(shapes or shapes_path()).name}")
    return result


def check_store(store: Any, source: str = "store", shapes: Path | None = None,
                statements_per_check: int = STATEMENTS_PER_CHECK,
                jobs: int = 1) -> ValidationResult:
    """Validate an Oxigraph store (the union of its named graphs) against the shapes; shapes
    that break raise ``GraphError`` naming ``source``.

    Each constraint is a SPARQL query run by Oxigraph over the whole store
    (:mod:`gonghui.kg.shacl_sparql`, the same results as pySHACL; its report graph is left
    empty). Shapes using a part of SHACL those queries do not cover are checked by pySHACL
    (:func:`_check_store_with_pyshacl`).
    """
    from gonghui.kg.shacl_sparql import Unsupported, compile_shapes, run_checks
    from gonghui.kg.store import default_graph_is_empty

    shapes_file = shapes or shapes_path()
    try:
        checks = compile_shapes(_read_shapes(shapes_file))
    except Unsupported:
        return _check_store_with_pyshacl(store, source, shapes, statements_per_check, jobs)
    counts = run_checks(store, checks, union=default_graph_is_empty(store))
    return _checked(counts, source, shapes_file)


def _checked(counts: Mapping[Check, int], source: str, shapes_file: Path) -> ValidationResult:
    """The result of counted checks; ``GraphError`` naming ``source`` when one is a violation."""
    violations = sum(n for check, n in counts.items() if check.severity == "Violation")
    warnings = sum(n for check, n in counts.items() if check.severity == "Warning")
    text = "\n".join(f"{check.severity}: {check.shape} {check.component}: {n} result(s)"
                     for check, n in counts.items() if n)
    if violations:
        raise GraphError(f"{source}: {violations} SHACL violation(s) against {shapes_file.name}")
    return ValidationResult(True, violations, warnings, text, Graph())


# The classes whose nodes are minted from one article (``kg.iri``: a document's IRI from its
# id, an evidence segment's and its selectors' from the document and the span) and described
# in that article's graph alone: a check of them on the article's graph is the check on the
# union. A test holds it on a built graph.
ARTICLE_CLASSES = frozenset(str(c) for c in (GH.Document, OA.SpecificResource,
                                             OA.TextPositionSelector, OA.TextQuoteSelector))


class StreamedCheck:
    """The SHACL check of a graph while it is written: a listener of ``kg.build.StoreWriter``.

    Each batch of articles is checked on its own as it is written, in an in-memory store
    (reading statements back out of a large on-disk store costs a string lookup each, and was
    most of a large build's tail). Each article's graph describes every node it uses, so a
    constraint that graphs keep when each keeps it (a lower bound, a test of each value) is
    checked once and for all there. What only the union can break (an upper bound, an order or
    an equality between two values) of nodes that several articles describe is checked over
    the whole store by :meth:`finish`, after the last batch. The same results as
    :func:`check_store`; a batch that breaks the shapes raises ``GraphError`` at once (the
    build stops and writes nothing). Shapes beyond the SPARQL checks: :meth:`finish` runs
    :func:`check_store`.
    """

    def __init__(self, source: str, shapes: Path | None = None) -> None:
        from gonghui.kg.shacl_sparql import Unsupported, compile_shapes

        self.source, self.shapes_file = source, shapes or shapes_path()
        self.checks: list[Check] | None
        try:
            self.checks = compile_shapes(_read_shapes(self.shapes_file))
        except Unsupported:
            self.checks = None
        checks = self.checks or []
        self.across = [c for c in checks
                       if not c.union_safe and not set(c.classes) <= ARTICLE_CLASSES]
        self.per_batch = [c for c in checks if c not in self.across]
        self.counts: Counter[Check] = Counter()

    def __call__(self, batch: Sequence[ArticleStatements]) -> None:
        import pyoxigraph as ox

        from gonghui.kg.shacl_sparql import run_checks

        if not self.per_batch or not batch:
            return
        store = ox.Store()  # in memory: the batch's union in its default graph
        store.bulk_load("".join(article.ntriples for article in batch).encode(),
                        format=ox.RdfFormat.N_TRIPLES)
        self.counts.update(run_checks(store, self.per_batch, union=False))
        _checked(self.counts, self.source, self.shapes_file)

    def finish(self, store: Any, jobs: int = 1) -> ValidationResult:
        """The result over everything written into ``store`` (every batch went through this
        check), after the checks only the union answers."""
        from gonghui.kg.shacl_sparql import run_checks
        from gonghui.kg.store import default_graph_is_empty

        if self.checks is None:
            return check_store(store, self.source, self.shapes_file, jobs=jobs)
        counts = self.counts + Counter(run_checks(store, self.across,
                                                  union=default_graph_is_empty(store)))
        return _checked({c: counts[c] for c in self.checks}, self.source, self.shapes_file)


def _read_shapes(shapes_file: Path) -> Graph:
    try:
        return Graph().parse(shapes_file, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise GraphError(f"{shapes_file}: cannot read SHACL shapes: {exc}") from exc


def _check_store_with_pyshacl(store: Any, source: str, shapes: Path | None,
                              statements_per_check: int, jobs: int) -> ValidationResult:
    """Validate the named graphs of an Oxigraph store with pySHACL, a group of articles at a
    time, on ``jobs`` processes (0: one per core).

    Each article's graph describes every node it uses (type, names, its document and file), so
    a group of them validates on its own and memory holds one group per process, not the whole
    graph; a group is whole articles of about ``statements_per_check`` statements in all. Up to
    that size this is the same check as over the union. The first group (in the articles'
    order) that breaks the shapes raises ``GraphError`` naming ``source``.
    """
    from gonghui.processes import ordered_map

    global _check_shapes
    _check_shapes = shapes or shapes_path()  # read by the forked workers
    violations = warnings = 0
    texts: list[str] = []
    reports = Graph()
    try:
        for conforms, found, warned, text, report in ordered_map(
                _check_group, _groups(store, statements_per_check), jobs):
            if not conforms:
                raise GraphError(f"{source}: {found} SHACL violation(s) against "
                                 f"{_check_shapes.name}")
            violations, warnings = violations + found, warnings + warned
            texts.append(text)
            reports.parse(data=report, format="nt")
    finally:
        _check_shapes = None
    return ValidationResult(True, violations, warnings, "\n".join(texts), reports)


_check_shapes: Path | None = None


def _groups(store: Any, statements: int) -> Iterator[bytes]:
    """The N-Triples of the store's named graphs (in name order), whole graphs of about
    ``statements`` statements at a time; at least one group, empty for an empty store."""
    import pyoxigraph as ox

    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                   key=lambda g: g.value)
    group: list[bytes] = []
    size = 0
    for name in names:
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        group.append(text)
        size += text.count(b"\n")
        if size >= statements:
            yield b"".join(group)
            group, size = [], 0
    if group or not names:
        yield b"".join(group)


def _check_group(ntriples: bytes) -> tuple[bool, int, int, str, str]:
    """One group's result, its report as N-Triples: a worker sends back text, not a graph."""
    result = _validate(_group_graph(ntriples), _check_shapes)
    return (result.conforms, result.violations, result.warnings, result.text,
            result.report.serialize(format="nt"))
