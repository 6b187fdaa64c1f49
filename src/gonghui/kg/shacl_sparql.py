"""The SHACL shapes as SPARQL queries, run by Oxigraph over a whole store.

pySHACL checks a graph in Python, through rdflib: on a built store that meant copying every
article's graph into rdflib a few hundred at a time and took longer than the rest of the build
together (33 CPU seconds for 200 articles, the store writes 4). The shapes a gonghui graph is
checked against use a small part of SHACL Core; each constraint of that part becomes one query
that selects the focus nodes (and value nodes) breaking it, over the union of the articles'
graphs, the graph the shapes are written for. A shapes file using anything else raises
:class:`Unsupported`, and the caller checks with pySHACL instead.

Supported: node shapes with ``sh:targetClass``; property shapes with a predicate or a sequence
path and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:or`` of shapes
that each name one ``sh:class`` or ``sh:datatype``, ``sh:pattern`` (no flags), ``sh:minLength``,
``sh:minInclusive``, ``sh:lessThan``, ``sh:equals``, ``sh:qualifiedValueShape`` (one
``sh:class``) with ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``, and ``sh:severity``. Each
result counts once per focus node (cardinality) or per value node (value constraints), as
pySHACL reports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node


# An instance of a class: typed with it or with a subclass of it, as SHACL reads sh:class. A
# built graph holds no rdfs:subClassOf statement (the ontology is not in it): run_checks then
# puts the plain type in its place, which Oxigraph answers from an index instead of a path.
_TYPE = "a/rdfs:subClassOf*"


class Unsupported(Exception):
    """The shapes use a part of SHACL these queries do not cover."""


@dataclass(frozen=True)
class Check:
    """One constraint as a query that returns one row per result."""

    shape: str  # the node shape, for messages
    component: str  # e.g. "minCount"
    severity: str  # "Violation" or "Warning" (or "Info")
    query: str
    classes: tuple[str, ...] = ()  # the shape's target classes
    # Whether graphs that each keep the constraint keep it together: a lower bound or a test of
    # each value, but not an upper bound, an order or an equality between two paths' values.
    union_safe: bool = False


_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["or"],
                  SH.pattern, SH.minLength, SH.minInclusive, SH.lessThan, SH.equals,
                  SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
                  SH.severity, SH.name, SH.description, SH.message, RDFS.comment}
_NODE_KEYS = {RDF.type, RDFS.comment, RDFS.label, SH.targetClass, SH.property, SH.name,
              SH.description, SH.message}


def _term(node: Node) -> str:
    return node.n3()


def _one(shapes: Graph, subject: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(subject, predicate))
    if len(values) > 1:
        raise Unsupported(f"{subject}: more than one {predicate}")
    return values[0] if values else None


def _path(shapes: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return _term(node)
    items = list(Collection(shapes, node)) if (node, RDF.first, None) in shapes else []
    if len(items) < 2 or not all(isinstance(item, URIRef) for item in items):
        raise Unsupported(f"path {node}: only a predicate or a sequence of predicates")
    return "/".join(_term(item) for item in items)


def _value_shape_test(shapes: Graph, shape: Node, value: str) -> str:
    """A SPARQL expression true when ``value`` conforms to ``shape`` (one sh:class or
    sh:datatype)."""
    keys = set(shapes.predicates(shape, None)) - {RDF.type}
    if keys == {SH["class"]}:
        return f"EXISTS {{ {value} {_TYPE} {_term(_one(shapes, shape, SH['class']))} }}"
    if keys == {SH.datatype}:
        return _datatype_test(value, _one(shapes, shape, SH.datatype))
    raise Unsupported(f"shape {shape}: only sh:class or sh:datatype inside sh:or")


def _datatype_test(value: str, datatype: Node | None) -> str:
    return f"COALESCE(isLiteral({value}) && DATATYPE({value}) = {_term(datatype)}, false)"


def compile_shapes(shapes: Graph) -> list[Check]:
    """One :class:`Check` per constraint of each node shape's property shapes."""
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        unknown = set(shapes.predicates(shape, None)) - _NODE_KEYS
        if unknown:
            raise Unsupported(f"{shape}: {', '.join(sorted(map(str, unknown)))}")
        classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
        target = (f"VALUES ?targetClass {{ {' '.join(_term(c) for c in classes)} }} "
                  "?focus a ?targetClass .")
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            checks += _property_checks(shapes, str(shape), target, prop,
                                       tuple(str(c) for c in classes))
    return checks


_UNION_SAFE = {"minCount", "datatype", "class", "or", "pattern", "minLength", "minInclusive"}


def _property_checks(shapes: Graph, name: str, target: str, prop: Node,
                     classes: tuple[str, ...]) -> Iterator[Check]:
    keys = set(shapes.predicates(prop, None))
    if keys - _PROPERTY_KEYS:
        raise Unsupported(f"{name}: {', '.join(sorted(map(str, keys - _PROPERTY_KEYS)))}")
    path_node = _one(shapes, prop, SH.path)
    if path_node is None:
        raise Unsupported(f"{name}: a property shape without sh:path")
    path = _path(shapes, path_node)
    severity_node = _one(shapes, prop, SH.severity) or SH.Violation
    severity = str(severity_node).rsplit("#", 1)[-1]

    def check(component: str, query: str) -> Check:
        safe = component in _UNION_SAFE or (component == "qualifiedValueShape"
                                            and _one(shapes, prop, SH.qualifiedMaxCount) is None)
        return Check(name, component, severity, query, classes, safe)

    def per_value(condition: str) -> str:
        """Rows: each focus and value node breaking ``condition``'s negation."""
        return (f"SELECT DISTINCT ?focus ?v WHERE {{ {target} ?focus {path} ?v . "
                f"FILTER({condition}) }}")

    low, high = _one(shapes, prop, SH.minCount), _one(shapes, prop, SH.maxCount)
    if low is not None and int(low) == 1:  # the common case, without counting
        yield check("minCount", f"SELECT DISTINCT ?focus WHERE {{ {target} "
                                f"FILTER NOT EXISTS {{ ?focus {path} ?any }} }}")
    elif low is not None and int(low) > 0:
        yield check("minCount", f"SELECT ?focus WHERE {{ {target} OPTIONAL {{ ?focus {path} ?v }} }}"
                                f" GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {int(low)})")
    if high is not None:
        yield check("maxCount", f"SELECT ?focus WHERE {{ {target} ?focus {path} ?v }} "
                                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(high)})")
    datatype = _one(shapes, prop, SH.datatype)
    if datatype is not None:
        yield check("datatype", per_value(f"!{_datatype_test('?v', datatype)}"))
    cls = _one(shapes, prop, SH["class"])
    if cls is not None:
        yield check("class", per_value(
            f"NOT EXISTS {{ ?v {_TYPE} {_term(cls)} }}"))
    alternatives = _one(shapes, prop, SH["or"])
    if alternatives is not None:
        tests = [_value_shape_test(shapes, member, "?v")
                 for member in Collection(shapes, alternatives)]
        yield check("or", per_value(f"!({' || '.join(tests)})"))
    pattern = _one(shapes, prop, SH.pattern)
    if pattern is not None:
        yield check("pattern", per_value(
            f"isBlank(?v) || !REGEX(STR(?v), {_term(Literal(str(pattern)))})"))
    min_length = _one(shapes, prop, SH.minLength)
    if min_length is not None:
        yield check("minLength", per_value(
            f"isBlank(?v) || STRLEN(STR(?v)) < {int(min_length)}"))
    min_inclusive = _one(shapes, prop, SH.minInclusive)
    if min_inclusive is not None:
        yield check("minInclusive", per_value(
            f"!COALESCE(?v >= {_term(min_inclusive)}, false)"))
    less_than = _one(shapes, prop, SH.lessThan)
    if less_than is not None:
        yield check("lessThan", f"SELECT DISTINCT ?focus ?v ?w WHERE {{ {target} "
                                f"?focus {path} ?v . ?focus {_term(less_than)} ?w . "
                                "FILTER(!COALESCE(?v < ?w, false)) }")
    equals = _one(shapes, prop, SH.equals)
    if equals is not None:
        other = _term(equals)
        yield check("equals", f"SELECT DISTINCT ?focus ?v WHERE {{ {target} "
                              f"{{ ?focus {path} ?v FILTER NOT EXISTS {{ ?focus {other} ?v }} }} "
                              f"UNION {{ ?focus {other} ?v FILTER NOT EXISTS "
                              f"{{ ?focus {path} ?v }} }} }}")
    qualified = _one(shapes, prop, SH.qualifiedValueShape)
    if qualified is not None:
        test = _value_shape_test(shapes, qualified, "?v")
        low_q, high_q = (_one(shapes, prop, SH.qualifiedMinCount),
                         _one(shapes, prop, SH.qualifiedMaxCount))
        bounds = ([f"?count < {int(low_q)}"] if low_q is not None else []) + (
            [f"?count > {int(high_q)}"] if high_q is not None else [])
        if bounds:
            yield check("qualifiedValueShape",
                        f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?count) "
                        f"WHERE {{ {target} OPTIONAL {{ ?focus {path} ?v FILTER({test}) }} }} "
                        f"GROUP BY ?focus }} FILTER({' || '.join(bounds)}) }}")


def run_checks(store: Any, checks: list[Check], *, union: bool) -> dict[Check, int]:
    """The number of results of each check on an Oxigraph store (``union``: the store keeps its
    statements in named graphs only)."""
    prefixes = {"rdfs": str(RDFS)}
    flat = not store.query("ASK { ?a rdfs:subClassOf ?b }", prefixes=prefixes,
                           use_default_graph_as_union=union)
    counts: dict[Check, int] = {}
    for item in checks:
        query = item.query.replace(_TYPE, "a") if flat else item.query
        counts[item] = sum(1 for _ in store.query(query, prefixes=prefixes,
                                                  use_default_graph_as_union=union))
    return counts
