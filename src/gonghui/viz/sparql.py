"""Run the named view queries (queries/*.rq) and user queries on rdflib or Oxigraph.

A graph is an rdflib ``Graph`` or ``Dataset`` (a dataset is queried as the union of its named
graphs, where gonghui keeps one graph per article) or a ``pyoxigraph.Store`` (queried with its
default graph as that union). Parameters are bound (rdflib ``initBindings``, Oxigraph
``substitutions``), never formatted into the text. Values come back as ``Term``s, so callers
never see which backend answered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral

from gonghui.errors import QueryError
from gonghui.kg.namespace import PREFIXES

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

GraphLike = Graph | Dataset | ox.Store


@dataclass(frozen=True, order=True)
class Term:
    kind: Literal["iri", "literal", "bnode"]
    value: str  # the IRI, the literal's lexical form, or the blank node id


Row = dict[str, "Term | None"]
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class QueryResult:
    """A user query's answer: rows for SELECT, triples for CONSTRUCT and DESCRIBE."""

    form: Literal["SELECT", "GRAPH"]
    rows: tuple[Row, ...] = ()
    triples: tuple[Triple, ...] = ()


@cache
def named_query(name: str) -> str:
    """The text of queries/<name>.rq with the ontology's prefixes declared before it."""
    body = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
    header = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in sorted(PREFIXES.items()))
    return header + body


def select(graph: GraphLike, name: str, bindings: Mapping[str, str] | None = None) -> list[Row]:
    """Run a named SELECT query; ``bindings`` bind variables to plain string literals."""
    result = _execute(graph, named_query(name), bindings or {}, what=f"query {name}.rq")
    assert result.form == "SELECT", f"{name}.rq is not a SELECT query"
    return list(result.rows)


def run_user_query(graph: GraphLike, text: str) -> QueryResult:
    """Run a user's SPARQL query; the ontology's prefixes are predeclared."""
    return _execute(graph, text, {}, what="the query")


def as_store(graph: GraphLike) -> ox.Store:
    """The graph as an in-memory Oxigraph store (the union of a dataset's graphs in its default
    graph). A view runs about ten queries; on rdflib's own engine they take seconds for a few
    thousand triples, on Oxigraph a tenth of that, copy included."""
    if isinstance(graph, ox.Store):
        return graph
    store = ox.Store()
    triples = ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))) \
        if isinstance(graph, Dataset) else iter(graph)
    store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in triples)
    return store


def _to_ox(term: Any) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _execute(graph: GraphLike, text: str, bindings: Mapping[str, str], what: str) -> QueryResult:
    if isinstance(graph, ox.Store):
        return _oxigraph(graph, text, bindings, what)
    return _rdflib(graph, text, bindings, what)


def _default_graph_is_empty(store: ox.Store) -> bool:
    """A store from ``kg.store.load_store`` (or the copy above) already holds the whole graph,
    each statement once, in its default graph; Oxigraph's own union would count a statement once
    per article that holds it. Only a store loaded with named graphs alone needs the union."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def _oxigraph(store: ox.Store, text: str, bindings: Mapping[str, str],
              what: str) -> QueryResult:
    substitutions: dict[Any, Any] = {ox.Variable(k): ox.Literal(v) for k, v in bindings.items()}
    try:
        answer = store.query(text, prefixes=dict(PREFIXES), substitutions=substitutions,
                             use_default_graph_as_union=_default_graph_is_empty(store))
        if isinstance(answer, ox.QueryBoolean):
            raise QueryError(f"{what} is an ASK query: it has nothing to draw")
        if isinstance(answer, ox.QuerySolutions):
            names = [variable.value for variable in answer.variables]
            rows = tuple({name: _ox_term(solution[name]) for name in names} for solution in answer)
            return QueryResult("SELECT", rows=rows)
        return QueryResult("GRAPH", triples=tuple(
            (_bound(_ox_term(t.subject)), _bound(_ox_term(t.predicate)), _bound(_ox_term(t.object)))
            for t in answer))
    except (SyntaxError, OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"{what} failed: {_one_line(error)}") from error


def _rdflib(graph: Graph, text: str, bindings: Mapping[str, str], what: str) -> QueryResult:
    if isinstance(graph, Dataset) and not graph.default_union:
        # Same store, seen as the union of the named graphs: no copy.
        graph = Dataset(store=graph.store, default_union=True)
    init = {name: RdfLiteral(value) for name, value in bindings.items()}
    try:
        answer = graph.query(text, initNs=dict(PREFIXES), initBindings=init)
        if answer.type == "ASK":
            raise QueryError(f"{what} is an ASK query: it has nothing to draw")
        if answer.type == "SELECT":
            names = [str(variable) for variable in answer.vars or ()]
            rows = tuple({name: _rdf_term(row[i]) for i, name in enumerate(names)}  # type: ignore[index]
                         for row in answer)
            return QueryResult("SELECT", rows=rows)
        assert answer.graph is not None  # CONSTRUCT and DESCRIBE answer with a graph
        return QueryResult("GRAPH", triples=tuple(
            (_bound(_rdf_term(s)), _bound(_rdf_term(p)), _bound(_rdf_term(o)))
            for s, p, o in answer.graph))
    except QueryError:
        raise
    except Exception as error:  # rdflib raises bare Exception for e.g. an unknown prefix
        raise QueryError(f"{what} failed: {_one_line(error)}") from error


def _bound(term: Term | None) -> Term:
    assert term is not None, "a triple has no unbound position"
    return term


def _ox_term(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    return Term("literal", term.value)


def _rdf_term(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("iri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    return Term("literal", str(term))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def iter_values(rows: list[Row], name: str) -> Iterator[str]:
    """The values of one variable across rows, skipping unbound ones."""
    for row in rows:
        term = row.get(name)
        if term is not None:
            yield term.value
