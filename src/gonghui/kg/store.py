"""The one query layer: open a graph into pyoxigraph, run SPARQL on it, hand back one result type.

Every reader goes through here: ``gonghui query`` (through :mod:`gonghui.kg.limits`, which adds
the time and row limits), the pages (:mod:`gonghui.viz.views`), the endpoint and the exports.

Opening (:func:`open_graph`): a ``.ttl``/``.trig``/``.nt``/``.nq`` file is loaded into an
in-memory store; a directory is an on-disk Oxigraph store, opened read-only (no parse, so a
query on a large graph starts at once). An rdflib graph or dataset is copied in by
:func:`as_store`.

Queries run over the union of all named graphs, as a set. A file's named graphs are copied into
the store's default graph when it is loaded (``GRAPH ?g`` still sees each article's graph), because
Oxigraph's own ``use_default_graph_as_union`` is a multiset: a node named in k articles matches k
times per pattern, so a five-pattern query over an entity that appears in many articles
multiplies its intermediate rows by k^5 (measured: 20 s and 1.2 GB for 15 articles that share
their names; after the copy, milliseconds). A store whose default graph is empty (one written
with named graphs alone) is queried with Oxigraph's union.

Parameters are bound by a ``FILTER`` at the end of the query's outermost group, built from
serialized RDF terms (never by formatting user text into the query), so a parameter keeps the
rows whose column holds the value. Oxigraph's own ``substitutions`` replace a variable before
evaluation, which empties a query that computes the column it binds (``BIND(STR(?label) AS
?org)``); a ``VALUES`` join on the column keeps the rows where the column is unbound too (an
``OPTIONAL`` year bound to 2023 let every conferral without a year through). Oxigraph applies
the FILTER after the whole join, so where a query's header says where a parameter's value is
found (``# Index:``, :func:`index_declarations`), the value also starts the group as a
``VALUES`` join on that required variable: Oxigraph then reads it from its index (a person's
posts at 10,000 articles: milliseconds, where the FILTER alone read every post). See
docs/queries.md.

Nothing here imports rdflib unless an rdflib graph or term is handed in: ``gonghui query``
starts without it (its import was most of the command's start-up).

The ontology's prefixes (:data:`gonghui.kg.namespace.PREFIXES`) are predeclared for every query.
``SERVICE`` is refused before a query runs: a local query never leaves the machine.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from gonghui.errors import GraphError, QueryError
from gonghui.kg.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Identifier

    Binding = str | int | float | bool | Identifier
    GraphLike = Graph | Dataset | ox.Store
else:  # rdflib is imported only where an rdflib graph or term is handed in (docs/queries.md)
    Binding = Any
    GraphLike = Any

Value = str | int | float | bool | None
XSD = "http://www.w3.org/2001/XMLSchema#"
# The language of the labels ``gonghui build`` writes (kg/build.py LANG; a test compares them).
LABEL_LANGUAGE = "zh"

_QUAD_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
_UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_LOAD_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
                 ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte",
                                        "nonNegativeInteger", "positiveInteger",
                                        "negativeInteger", "nonPositiveInteger",
                                        "unsignedInt", "unsignedLong")}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Term:
    """One RDF term of a result, whichever way the graph was opened."""

    kind: Literal["iri", "literal", "bnode"]
    value: str  # the IRI, the literal's lexical form, or the blank node's id
    datatype: str = ""
    language: str = ""

    @property
    def python(self) -> Value:
        """IRIs and strings as ``str``, numbers as numbers, booleans as ``bool``."""
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "literal":
            return _lexical_value(self.value, self.datatype)
        return self.value


Row = tuple["Term | None", ...]


@dataclass(frozen=True)
class QueryResult:
    """A query's answer. SELECT: its variables and rows. CONSTRUCT and DESCRIBE: rows of
    (subject, predicate, object). ASK: one row with one boolean, in the variable ``ask``."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    form: Literal["SELECT", "GRAPH", "ASK"] = "SELECT"

    def values(self) -> list[tuple[Value, ...]]:
        """The rows as plain Python values (see :attr:`Term.python`)."""
        return [tuple(None if t is None else t.python for t in row) for row in self.rows]

    def as_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.variables, row)) for row in self.values()]

    def records(self) -> list[dict[str, Term | None]]:
        """The rows as ``{variable: Term}``, for callers that need to tell IRIs from names."""
        return [dict(zip(self.variables, row)) for row in self.rows]


def _lexical_value(lexical: str, datatype: str) -> Value:
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype in _FLOAT_TYPES:
            return float(lexical)
    except ValueError:  # an ill-typed literal is kept as written
        return lexical
    if datatype == XSD + "boolean":
        return lexical in {"true", "1"}
    return lexical


def ox_term(term: Any) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term("literal", term.value, term.datatype.value if term.datatype else "",
                    term.language or "")
    return Term("literal", str(term))  # an RDF-star triple term, written out


# --- opening a graph --------------------------------------------------------------------------


def open_graph(path: Path | str) -> ox.Store:
    """A built graph as a store: a directory is an on-disk Oxigraph store, opened read-only;
    a .ttl/.trig/.nt/.nq file is loaded into memory (see the module docstring)."""
    path = Path(path)
    if path.is_dir():
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise GraphError(f"{path}: not an Oxigraph store: {_one_line(exc)}") from exc
    return load_store(path)


def load_store(path: Path, store: ox.Store | None = None) -> ox.Store:
    """Load a .ttl/.trig/.nt/.nq file into a (new, in-memory) pyoxigraph store.

    The default graph of the store is then the set union of all graphs of the file (see the
    module docstring).
    """
    path = Path(path)
    rdf_format = _LOAD_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise GraphError(f"{path}: cannot load a graph from a {path.suffix or 'suffix-less'} file "
                         f"(expected a store folder or one of {', '.join(_LOAD_FORMATS)})")
    store = store if store is not None else ox.Store()
    try:
        store.bulk_load(path=str(path), format=rdf_format)
        if rdf_format in _QUAD_FORMATS:
            store.update(_UNION_INTO_DEFAULT)
    except (OSError, SyntaxError, ValueError) as exc:
        raise GraphError(f"{path}: cannot read graph: {_one_line(exc)}") from exc
    return store


def as_store(graph: GraphLike) -> ox.Store:
    """The graph as an Oxigraph store (an rdflib dataset's graphs and their union in it).

    A page runs about ten queries; on rdflib's own engine they take seconds for a few thousand
    triples, on Oxigraph a tenth of that, copy included."""
    if isinstance(graph, ox.Store):
        return graph
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = ox.Store()
    if isinstance(graph, Dataset):
        quads = list(graph.quads((None, None, None, None)))
        store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(g))
                          for s, p, o, g in quads if _graph_name(g) != DATASET_DEFAULT_GRAPH_ID)
        store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o, _ in quads)
    else:
        store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in graph)
    return store


def _graph_name(graph: Any) -> Any:
    from rdflib import Graph

    return graph.identifier if isinstance(graph, Graph) else graph


def _to_ox(term: Any) -> Any:
    from rdflib import BNode, Graph, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Graph):  # rdflib may hand a quad's graph as the graph itself
        return _to_ox(term.identifier)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def default_graph_is_empty(store: ox.Store) -> bool:
    """Whether the store keeps its statements in named graphs only (then Oxigraph's union)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


# --- running a query --------------------------------------------------------------------------


def _rdflib_term(value: object) -> Any:
    """The rdflib term class when ``value`` is an rdflib term, else None. An rdflib term exists
    only once rdflib is imported, so a query from the command line never imports it."""
    term_module = sys.modules.get("rdflib.term")
    if term_module is not None and isinstance(value, term_module.Identifier):
        return term_module
    return None


def _term_text(name: str, value: Binding) -> str:
    """One bound value in SPARQL syntax (N-Triples' term syntax, which escapes quotes and
    newlines): a plain value as a literal, an rdflib term as itself."""
    rdflib_term = _rdflib_term(value)
    if rdflib_term is not None:
        if not isinstance(value, (rdflib_term.URIRef, rdflib_term.Literal)):
            raise QueryError(f"parameter {name}: only IRIs and literals can be bound, not "
                             f"{value!r}")
        try:
            return value.n3()
        except Exception as exc:  # rdflib raises a bare Exception for an IRI it will not write
            raise QueryError(f"parameter {name}: cannot bind {value!r}: {exc}") from exc
    if not isinstance(value, (str, int, float, bool)):
        raise QueryError(f"parameter {name}: only IRIs and literals can be bound, not {value!r}")
    return str(ox.Literal(value))


def _is_iri(value: Binding) -> bool:
    rdflib_term = _rdflib_term(value)
    return rdflib_term is not None and isinstance(value, rdflib_term.URIRef)


Lookup = Callable[[str, list[str]], "list[str] | None"]


def bind_parameters(query: str, bindings: Mapping[str, Binding] | None, *,
                    lookup: Lookup | None = None) -> str:
    """The query with a ``FILTER`` for the bound parameters at the end of its outermost group,
    and a ``VALUES`` join at its start for those its header indexes (none bound: unchanged).

    A FILTER keeps only the rows whose column holds the value. A join with ``VALUES`` on the
    column's own variable would also keep the rows where the column is unbound, filled with the
    value: a year bound on a query whose year is ``OPTIONAL`` then returned every conferral
    without a year. A plain string is compared with the column's text (``STR``: the command
    line cannot say whether ``2023`` is a number or a name, nor write an IRI as a term); a
    number, a boolean, an rdflib IRI or literal with ``=``/``sameTerm``. A parameter the query
    does not mention, or one its SELECT clause computes (which no FILTER in the WHERE clause
    sees), is a QueryError.

    Oxigraph applies that FILTER after the whole join, so a bound query alone would cost as
    much as the unbound one. A query's header may therefore say where each parameter's value
    can be looked up (:func:`index_declarations`); the value then also starts the group, as a
    ``VALUES`` block of the terms whose text it is (:func:`_index_join`), and Oxigraph reads
    the matching statements from its index instead of every row. The FILTER stays, so the rows
    are the FILTER's, as long as the index names a variable every solution binds. ``lookup``
    (:func:`execute` passes one over its store) finds the nodes a path reaches the value from,
    so the group starts from their IRIs (see :func:`_index_join`).
    """
    if not bindings:
        return query
    names = sorted(bindings)
    masked = _mask(query)
    group = _where_group(masked)
    if group is None:
        raise QueryError("parameters can only be bound in a query with a WHERE clause")
    opening, closing = group
    mentioned = set(_VARIABLE_USE.findall(masked))
    clause = masked[:opening]
    indexes = index_declarations(query)
    tests, joins = [], []
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"parameter {name!r} is not a SPARQL variable name")
        if name not in mentioned:
            known = ", ".join(sorted(mentioned)) or "none"
            raise QueryError(f"parameter {name}: the query has no ?{name} (its variables: "
                             f"{known})")
        if re.search(rf"\bAS\s+[?$]{name}\b", clause, re.IGNORECASE):
            raise QueryError(f"parameter {name}: ?{name} is computed by the SELECT clause and "
                             "cannot be bound (bind a variable of the WHERE clause)")
        tests.append(_filter_test(name, bindings[name]))
        if name in indexes:
            joins.append(_index_join(name, indexes[name], bindings[name], mentioned, lookup))
    joined = "".join(f"\n  {join}" for join in joins if join)
    # The newline ends a comment that may close the last line of the group.
    return (f"{query[:opening + 1]}{joined}{query[opening + 1:closing]}"
            f"\n  FILTER({' && '.join(tests)})\n{query[closing:]}")


_INDEX_LINE = re.compile(r"^#\s*Index:(.*)$", re.MULTILINE)
_PREDICATE = r"(?:[A-Za-z][\w-]*:[\w-]+|<[^<>\s]+>)"
_INDEX_ENTRY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*[?$]([A-Za-z_][A-Za-z0-9_]*)"
                          rf"(?:\s+({_PREDICATE}(?:/{_PREDICATE})*)(\s+\(walk\))?)?\s*")


def index_declarations(query: str) -> dict[str, tuple[str, str | None, bool]]:
    """What a query's header says about looking its parameters up, from its comment lines
    ``# Index: NAME=?var, NAME=?subject PREDICATE, ...``:

    - ``person=?personLabel``: the column ``person`` is the text of ``?personLabel``, which a
      required pattern of the outermost group binds in every solution;
    - ``name=?node skos:prefLabel`` or ``org=?membership org:organization/skos:prefLabel`` (a
      predicate or a path of them): the column is the text of what the path reaches from
      ``?node``, read by an ``OPTIONAL`` pattern (so its variable cannot be joined to the value
      directly, see :func:`bind_parameters`). Bound, the nodes from which the path reaches the
      value are looked up first and start the group (``VALUES ?node { <...> }``); with
      ``(walk)`` after the path, the group starts from the value and walks the path back to
      ``?node`` instead (``VALUES ?v { "..."@zh } ?o skos:prefLabel ?v . ?node gh:locality ?o``):
      Oxigraph starts its joins from the smallest ``VALUES`` it sees, so a query that has its own
      small one (``entities``: seven types) is faster walked. A node that reaches the value
      twice gives its rows twice when walked: for DISTINCT or grouped queries (every shipped
      one), or paths that reach one value per node.

    A malformed entry is a QueryError: a header that promises an index must keep it."""
    declared: dict[str, tuple[str, str | None, bool]] = {}
    for line in _INDEX_LINE.findall(_leading_comments(query)):
        for entry in line.split(","):
            if not entry.strip():
                continue
            match = _INDEX_ENTRY.fullmatch(entry)
            if match is None:
                raise QueryError(f"malformed '# Index:' entry {entry.strip()!r} (NAME=?var or "
                                 "NAME=?subject PREDICATE[/PREDICATE...] [(walk)])")
            declared[match.group(1)] = (match.group(2), match.group(3), bool(match.group(4)))
    return declared


def _leading_comments(query: str) -> str:
    lines = []
    for line in query.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line.strip())
    return "\n".join(lines)


def _index_join(name: str, index: tuple[str, str | None, bool], value: Binding,
                mentioned: set[str], lookup: Lookup | None = None) -> str:
    """The ``VALUES`` block (and, for an OPTIONAL column, the pattern) that starts the group
    from the bound value; empty when the value is not one to look up (a number, a boolean)."""
    variable, predicate, walk = index
    if _is_iri(value):
        terms = [_term_text(name, value)]
    elif isinstance(value, str) and _rdflib_term(value) is None:
        # Every term whose text is the value and that a build writes: a label ("…"@zh), an
        # identifier (a plain string), an IRI (when the text is one), a number or a year
        # (gh:year "2021"^^xsd:gYear). A label in another language is not looked up (and its
        # row would be lost): the build writes none. More terms only widen where the join
        # starts; the FILTER decides the rows.
        terms = [str(ox.Literal(value, language=LABEL_LANGUAGE)), str(ox.Literal(value))]
        try:
            terms.append(str(ox.NamedNode(value)))
        except ValueError:  # not an IRI: only literals can have this text
            pass
        if _DIGITS.fullmatch(value):  # a number or a year, as the build writes them
            number = int(value)
            terms.append(str(ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))))
            if 0 <= number <= 9999:
                terms.append(str(ox.Literal(f"{number:04d}", datatype=ox.NamedNode(XSD + "gYear"))))
    else:
        return ""
    if predicate is None:
        return f"VALUES ?{variable} {{ {' '.join(terms)} }}"
    # The nodes the path reaches the value from are looked up first (one small query), and
    # the group starts from their IRIs: joined to a chain that ends in a literal, Oxigraph
    # evaluated the query's OPTIONALs over the whole store (1.2 s at 10,000 articles, against
    # milliseconds from the IRIs). Oxigraph starts from a VALUES block only while it is smaller
    # than its estimate of a pattern's size (900 IRIs: 0.03 s; 1,100: 22 s, every membership
    # scanned and each compared with the list): past that, from the nodes of the last step.
    steps = predicate.split("/")
    if lookup is not None and not walk:
        found = lookup(predicate, terms)
        if found is not None and len(found) <= _VALUES_START:
            return f"VALUES ?{variable} {{ {' '.join(found)} }}"
        found = lookup(steps[-1], terms) if len(steps) > 1 else None
        if found is not None and len(found) <= _VALUES_START:
            steps, terms = steps[:-1], found
    # Walked (or without a store to ask): the path as a chain of patterns from the value back
    # to ?variable (a sequence path means that join), so Oxigraph walks from the value.
    fresh = [_fresh(f"gonghui_{name}_{at}", mentioned) for at in range(len(steps))]
    nodes = [variable, *fresh[1:], fresh[0]]  # ?variable -> intermediates -> the value
    chain = [f"?{nodes[at]} {steps[at]} ?{nodes[at + 1]} ." for at in reversed(range(len(steps)))]
    return f"VALUES ?{fresh[0]} {{ {' '.join(terms)} }} {' '.join(chain)}"


_VALUES_START = 900
_DIGITS = re.compile(r"-?[0-9]{1,18}")


def _fresh(name: str, mentioned: set[str]) -> str:
    """A variable name the query does not use."""
    while name in mentioned:
        name += "_"
    return name


_ORDER_BY = re.compile(r"\bORDER\s+BY\b(.*?)(?=\bLIMIT\b|\bOFFSET\b|$)", re.IGNORECASE | re.DOTALL)
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.IGNORECASE)


def query_limit(query: str) -> int | None:
    """The query's own ``LIMIT`` (after its outermost group), or None."""
    masked = _mask(query)
    group = _where_group(masked)
    match = _LIMIT.search(masked, group[1] if group else 0)
    return int(match.group(1)) if match else None


def preview(query: str, rows: int) -> tuple[str, bool]:
    """The query cut to the first ``rows + 1`` rows the store yields (one more, to tell that
    more exist), sorted among themselves by the query's ``ORDER BY``; and whether these are the
    first rows of the whole query's order (a grouped query: True).

    A sort needs every row before the first, so the order is applied to those rows only: the
    query without its ``ORDER BY`` and with a ``LIMIT`` becomes a sub-select that the order then
    sorts (on 10,000 articles, 0.05-0.1 s instead of seconds for every row). When the query has
    no more rows than that, they are exactly its rows in its order. A grouped query is only
    limited: its groups need every row anyway. A query whose own ``LIMIT`` is no larger, or
    that projects ``*`` or is no SELECT, is returned as it is, or only limited."""
    masked = _mask(query)
    group = _where_group(masked)
    if group is None:
        return query, True
    tail_start = group[1] + 1
    masked_tail = masked[tail_start:]
    own = _LIMIT.search(masked_tail)
    if own is not None and int(own.group(1)) <= rows:
        return query, True  # the query asks for no more than the preview shows
    cut = [own.span()] if own is not None else []
    order = None if _GROUP_BY.search(masked_tail) else _ORDER_BY.search(masked_tail)
    if order is not None:
        cut.append(order.span())
    tail = query[tail_start:]
    for begin, finish in sorted(cut, reverse=True):
        tail = tail[:begin] + tail[finish:]
    limited = f"{query[:tail_start]}{tail.rstrip()}\nLIMIT {rows + 1}\n"
    select = _SELECT.search(masked, 0, group[0])
    projected = _projected(masked[select.end():group[0]]) if select else None
    if order is None or select is None or not projected:
        return limited, order is None
    # The prologue (PREFIX, BASE, comments) stays outside: a sub-select cannot declare it.
    inner = limited[select.start():]
    return (f"{query[:select.start()]}SELECT {' '.join('?' + v for v in projected)} WHERE {{\n"
            f"{{ {inner} }}\n}}\nORDER BY"
            f"{query[tail_start + order.start(1):tail_start + order.end(1)].rstrip()}\n"), False


_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_AS_VARIABLE = re.compile(r"\bAS\s+[?$]([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


def _projected(clause: str) -> list[str] | None:
    """The variables a (masked) SELECT clause projects, in order; None for ``*``."""
    names: list[str] = []
    depth, opened, at = 0, 0, 0
    while at < len(clause):
        char = clause[at]
        if char == "(":
            opened = at if depth == 0 else opened
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:  # (expression AS ?name)
                names += _AS_VARIABLE.findall(clause[opened:at])[-1:]
        elif depth == 0 and char == "*":
            return None
        elif depth == 0 and char in "?$":
            match = _VARIABLE.match(clause, at + 1)
            if match:
                names.append(match.group(0))
                at = match.end()
                continue
        at += 1
    return names


def restrict(query: str, name: str, values: Iterable[Binding]) -> str:
    """The query with ``?name`` restricted to ``values`` by a ``VALUES`` block at the start of its
    outermost group, where Oxigraph joins from it: a view that needs a few thousand entities'
    rows of a query reads those, not every entity's. Equal to a FILTER when ``?name`` is bound
    in every solution of the group (a required pattern's), which a caller must know."""
    if not _VARIABLE.fullmatch(name):
        raise QueryError(f"parameter {name!r} is not a SPARQL variable name")
    group = _where_group(_mask(query))
    if group is None:
        raise QueryError("only a query with a WHERE clause can be restricted")
    block = " ".join(_term_text(name, value) for value in values)
    return f"{query[:group[0] + 1]}\n  VALUES ?{name} {{ {block} }}\n{query[group[0] + 1:]}"


def _filter_test(name: str, value: Binding) -> str:
    """The FILTER expression that holds when ``?name`` is the bound value."""
    if isinstance(value, str) and _rdflib_term(value) is None:
        return f"STR(?{name}) = {_term_text(name, value)}"
    text = _term_text(name, value)
    if _is_iri(value):
        return f"sameTerm(?{name}, {text})"
    return f"?{name} = {text}"


_VARIABLE_USE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_WHERE = re.compile(r"(?<![\w?$:])WHERE\b", re.IGNORECASE)


def _mask(query: str) -> str:
    """The query with its strings, IRIs and comments blanked (same length), so braces and
    keywords found in it are SPARQL's own."""
    return _NOT_KEYWORDS.sub(lambda m: " " * len(m.group(0)), query)


def _where_group(masked: str) -> tuple[int, int] | None:
    """Offsets of the outermost group's ``{`` and ``}``: the first top-level ``{`` after a
    top-level ``WHERE``, else the first top-level ``{`` (``SELECT * { }``, ``ASK { }``); None
    when there is none. Top level: outside any braces and parentheses (a SELECT expression may
    hold ``EXISTS { }``, a CONSTRUCT template is a group before its WHERE)."""
    top: list[tuple[int, str]] = []  # (offset, "{" or "WHERE") at the top level
    depth = parens = 0
    for at, char in enumerate(masked):
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{":
            if depth == 0 and parens == 0:
                top.append((at, "{"))
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and parens == 0 and char in "Ww" and _WHERE.match(masked, at):
            top.append((at, "WHERE"))
    wheres = [at for at, kind in top if kind == "WHERE"]
    starts = [at for at, kind in top if kind == "{" and (not wheres or at > wheres[0])]
    if not starts:
        return None
    opening, depth = starts[0], 0
    for at in range(opening, len(masked)):
        if masked[at] == "{":
            depth += 1
        elif masked[at] == "}":
            depth -= 1
            if depth == 0:
                return opening, at
    return None


# What SPARQL reads as a comment, a string or an IRI: the places where "SERVICE" is only text.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*', re.DOTALL)
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def refuse_service(query: str, name: str = "the query") -> None:
    """QueryError when the query has a ``SERVICE`` clause: a local query never calls out.

    SPARQL reads ``\\uXXXX`` escapes anywhere in a query, so they are decoded before looking."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    if _SERVICE.search(_NOT_KEYWORDS.sub(" ", text)):
        raise QueryError(f"{name}: SERVICE is refused: a local query never leaves this machine")


def execute(store: ox.Store, query: str, bindings: Mapping[str, Binding] | None = None,
            *, name: str = "the query",
            preview_rows: int | None = None) -> tuple[str, tuple[str, ...], Iterator[Row]]:
    """Start a query; its form, its variables and an iterator over its rows, computed lazily
    (Oxigraph evaluates as the rows are read, so the first row comes before the last exists).
    ``preview_rows``: the bound query cut by :func:`preview` (the caller stops after that many
    rows; one more tells it that there are more)."""
    answer = _answer(store, query, bindings, name, preview_rows)
    if isinstance(answer, ox.QueryBoolean):
        return "ASK", ("ask",), iter([(Term("literal", "true" if bool(answer) else "false",
                                            XSD + "boolean"),)])
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        return "SELECT", variables, _guarded(
            (tuple(ox_term(solution[v]) for v in variables) for solution in answer), name)
    return "GRAPH", ("subject", "predicate", "object"), _guarded(
        ((ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in answer), name)


def _answer(store: ox.Store, query: str, bindings: Mapping[str, Binding] | None,
            name: str, preview_rows: int | None = None) -> Any:
    refuse_service(query, name)
    union = default_graph_is_empty(store)
    text = bind_parameters(query, bindings, lookup=_store_lookup(store, union, name))
    if preview_rows:  # after the binding: its VALUES and FILTER belong inside the cut query
        text = preview(text, preview_rows)[0]
    try:
        return store.query(text, prefixes=dict(PREFIXES), use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise QueryError(f"{name}: malformed SPARQL: {_one_line(exc)}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"{name}: query failed: {_one_line(exc)}") from exc


def lexical_rows(source: GraphLike, query: str, *,
                 name: str = "the query") -> list[dict[str, str]]:
    """A SELECT query's rows as ``{variable: lexical value}``, unbound variables left out: for
    readers of millions of terms that need neither their kinds nor datatypes (the page's
    index), where making a :class:`Term` of each cost more than the query."""
    answer = _answer(as_store(source), query, None, name)
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError(f"{name}: a SELECT query was expected")
    variables = [v.value for v in answer.variables]
    rows: list[dict[str, str]] = []
    for solution in _guarded(answer, name):
        rows.append({v: t.value for v, t in zip(variables, solution) if t is not None})
    return rows


def _store_lookup(store: ox.Store, union: bool, name: str) -> Lookup:
    """The nodes from which ``predicate`` reaches one of ``terms``, as SPARQL terms (None when
    one is a blank node, which a VALUES block cannot hold: the caller joins the chain instead)."""

    def lookup(predicate: str, terms: list[str]) -> list[str] | None:
        text = (f"SELECT DISTINCT ?node WHERE {{ VALUES ?value {{ {' '.join(terms)} }} "
                f"?node {predicate} ?value }}")
        try:
            nodes = [solution[0] for solution in store.query(
                text, prefixes=dict(PREFIXES), use_default_graph_as_union=union)]
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"{name}: cannot look up {predicate} in the header's Index: "
                             f"{_one_line(exc)}") from exc
        if not all(isinstance(node, ox.NamedNode) for node in nodes):
            return None
        return [str(node) for node in nodes]

    return lookup


def _guarded(rows: Iterable[Row], name: str) -> Iterator[Row]:
    """Errors raised while rows are computed (a type error, a failed read) as QueryError."""
    try:
        yield from rows
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        raise QueryError(f"{name}: query failed: {_one_line(exc)}") from exc


def run_query(source: GraphLike, query: str, bindings: Mapping[str, Binding] | None = None,
              *, name: str = "the query") -> QueryResult:
    """Run a query to the end in this process (no limits: for the shipped and page queries,
    whose size the graph bounds; a user's query goes through :mod:`gonghui.kg.limits`)."""
    form, variables, rows = execute(as_store(source), query, bindings, name=name)
    return QueryResult(variables, tuple(rows), form)  # type: ignore[arg-type]


def select(source: GraphLike, name: str,
           bindings: Mapping[str, Binding] | None = None) -> list[dict[str, Term | None]]:
    """Run a named query (:mod:`gonghui.kg.saved_queries`): rows as ``{variable: Term}``."""
    from gonghui.kg.saved_queries import load_query

    result = run_query(source, load_query(name), bindings, name=f"{name}.rq")
    return result.records()


def iter_values(rows: Iterable[Mapping[str, Term | None]], name: str) -> Iterator[str]:
    """The values of one variable across rows, skipping unbound ones."""
    for row in rows:
        term = row.get(name)
        if term is not None:
            yield term.value


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
