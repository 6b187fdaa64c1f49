"""Load a built graph into pyoxigraph, run SPARQL with bound parameters, format the results.

Queries run over the union of all named graphs, as a set. :func:`load_store` copies the
statements of every named graph into the store's default graph (``GRAPH ?g`` still sees each
article's graph). Oxigraph's own ``use_default_graph_as_union`` is a multiset: a node named in
k articles matches k times per pattern, so a five-pattern query over an entity that appears in
many articles multiplies its intermediate rows by k^5 (measured: 20 s and 1.2 GB for 15
articles that share their names; after the copy, milliseconds). Parameters are bound by a trailing ``VALUES``
block built from properly serialized RDF terms (never by formatting user text into the query),
so the same mechanism gives the same rows on pyoxigraph and on rdflib; the saved queries expose
plain-string columns (``BIND(STR(?label) AS ?org)``) so a parameter is just a name.

"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.term import Identifier

from gonghui.errors import GraphError, QueryError

Value = str | int | float | bool | None
Binding = str | int | float | bool | Identifier

_QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
_UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_LOAD_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
                 ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}
_INTEGER_TYPES = {str(XSD[t]) for t in ("integer", "int", "long", "short", "byte",
                                        "nonNegativeInteger", "positiveInteger",
                                        "negativeInteger", "nonPositiveInteger",
                                        "unsignedInt", "unsignedLong")}
_FLOAT_TYPES = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class QueryResult:
    """A SELECT result as plain Python values: IRIs and strings as ``str``, numbers as numbers."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    def as_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


def load_store(path: Path, store: ox.Store | None = None) -> ox.Store:
    """Load a .ttl/.trig/.nt/.nq file into a (new, in-memory) pyoxigraph store.

    The default graph of the store is then the set union of all graphs of the file (see the
    module docstring); query it without ``use_default_graph_as_union``.
    """
    path = Path(path)
    rdf_format = _LOAD_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise GraphError(f"{path}: cannot load a graph from a {path.suffix or 'suffix-less'} file "
                         f"(expected one of {', '.join(_LOAD_FORMATS)})")
    store = store if store is not None else ox.Store()
    try:
        store.bulk_load(path=str(path), format=rdf_format)
        if rdf_format in _QUAD_FORMATS:
            store.update(_UNION_INTO_DEFAULT)
    except (OSError, SyntaxError, ValueError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphError(f"{path}: cannot read graph: {first_line}") from exc
    return store


def _lexical_value(lexical: str, datatype: str | None) -> Value:
    if datatype in _INTEGER_TYPES:
        return int(lexical)
    if datatype in _FLOAT_TYPES:
        return float(lexical)
    if datatype == str(XSD.boolean):
        return lexical in {"true", "1"}
    return lexical


def _ox_value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _lexical_value(term.value, term.datatype.value if term.datatype else None)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))


def _rdflib_value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, Literal):
        return _lexical_value(str(term), str(term.datatype) if term.datatype else None)
    return str(term)


def _term(name: str, value: Binding) -> str:
    """One bound value in SPARQL syntax; rdflib's ``n3`` escapes quotes and newlines."""
    term = value if isinstance(value, Identifier) else Literal(value)
    if not isinstance(term, (URIRef, Literal)):
        raise QueryError(f"parameter {name}: only IRIs and literals can be bound, not {term!r}")
    try:
        return term.n3()
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it will not write
        raise QueryError(f"parameter {name}: cannot bind {value!r}: {exc}") from exc


def bind_parameters(query: str, bindings: Mapping[str, Binding] | None) -> str:
    """The query with a trailing ``VALUES`` block for the bound parameters (none: unchanged)."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"parameter {name!r} is not a SPARQL variable name")
    variables = " ".join(f"?{n}" for n in names)
    values = " ".join(_term(n, bindings[n]) for n in names)
    # The newline ends a comment that may close the query text.
    return f"{query}\nVALUES ({variables}) {{ ({values}) }}\n"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


def run_query(source: ox.Store | Graph, query: str, bindings: Mapping[str, Binding] | None = None,
              *, name: str = "query") -> QueryResult:
    """Run a SELECT over the union of all graphs of ``source``.

    ``source`` is a store from :func:`load_store` (its default graph is the union) or an rdflib
    graph or dataset (a dataset is queried as the set union of its graphs).

    ``name`` (a file or saved-query name) is used in error messages.
    """
    text = bind_parameters(query, bindings)
    if isinstance(source, ox.Store):
        return _run_oxigraph(source, text, name)
    return _run_rdflib(source, text, name)


def _run_oxigraph(store: ox.Store, query: str, name: str) -> QueryResult:
    try:
        solutions = store.query(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"{name}: only SELECT queries return rows")
        variables = tuple(v.value for v in solutions.variables)
        rows = tuple(tuple(_ox_value(solution[v]) for v in variables) for solution in solutions)
    except SyntaxError as exc:
        raise QueryError(f"{name}: malformed SPARQL: {_one_line(exc)}") from exc
    except (OSError, ValueError, TypeError) as exc:
        raise QueryError(f"{name}: query failed: {_one_line(exc)}") from exc
    return QueryResult(variables, rows)


def _run_rdflib(graph: Graph, query: str, name: str) -> QueryResult:
    from pyparsing import ParseException  # rdflib's SPARQL parser

    from gonghui.kg.build import union_graph

    target = union_graph(graph) if isinstance(graph, ConjunctiveGraph) else graph
    try:
        result = target.query(query)
    except ParseException as exc:
        raise QueryError(f"{name}: malformed SPARQL: {_one_line(exc)}") from exc
    except Exception as exc:  # rdflib's evaluator raises many unrelated types; keep the cause
        raise QueryError(f"{name}: query failed: {_one_line(exc)}") from exc
    if result.type != "SELECT":
        raise QueryError(f"{name}: only SELECT queries return rows")
    names = list(result.vars or ())
    variables = tuple(str(v) for v in names)
    rows = tuple(tuple(_rdflib_value(solution.get(v)) for v in names)
                 for solution in result.bindings)
    return QueryResult(variables, rows)


# --- output -----------------------------------------------------------------------------------


def _cell(value: Value) -> str:
    return "" if value is None else str(value)


def _table(result: QueryResult) -> str:
    from unicodedata import east_asian_width

    def width(text: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)

    cells = [list(result.variables)] + [[_cell(v) for v in row] for row in result.rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def format_results(result: QueryResult, fmt: str = "table") -> str:
    """``table`` (aligned for CJK), ``csv`` (header + rows) or ``json`` (a list of objects)."""
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(result.as_dicts(), ensure_ascii=False, indent=2) + "\n"
    raise QueryError(f"unknown output format {fmt!r} (expected table, csv or json)")
