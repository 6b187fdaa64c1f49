"""Check a built graph against ``ontology/shapes.ttl`` with pySHACL.

Validation runs over the union of all named graphs without inference (every node is typed
explicitly by the builder, and OWL inference would multiply the run time). Warnings, such as a
fact without a located span, are reported but do not make the graph non-conforming.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from gonghui.errors import GraphError
from gonghui.resources import ontology_dir


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
    from pyshacl import validate
    from rdflib import SH

    from gonghui.kg.build import union_graph

    data = union_graph(graph)
    shapes_file = shapes or shapes_path()
    try:
        shapes_graph = Graph().parse(shapes_file, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise GraphError(f"{shapes_file}: cannot read SHACL shapes: {exc}") from exc
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


def check_graph(graph: Graph, source: str = "graph",
                shapes: Path | None = None) -> ValidationResult:
    """Like :func:`validate_graph`, but a non-conforming graph raises GraphError naming ``source``."""
    result = validate_graph(graph, shapes)
    if not result.conforms:
        raise GraphError(f"{source}: {result.violations} SHACL violation(s) against "
                         f"{(shapes or shapes_path()).name}")
    return result


def check_store(store: Any, source: str = "store", shapes: Path | None = None,
                articles_per_check: int = 500) -> ValidationResult:
    """Validate the named graphs of an Oxigraph store, a few hundred articles at a time.

    Each article's graph describes every node it uses (type, names, its document and file), so
    a group of them validates on its own and memory holds one group, not the whole graph; up to
    ``articles_per_check`` articles this is the same check as over the union. The first group
    that breaks the shapes raises ``GraphError`` naming ``source``.
    """
    import pyoxigraph as ox

    names = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                   key=lambda g: g.value)
    violations = warnings = 0
    texts: list[str] = []
    reports = Graph()
    for first in range(0, max(len(names), 1), articles_per_check):
        group = Graph()
        for name in names[first:first + articles_per_check]:
            group.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name),
                        format="nt")
        result = check_graph(group, source, shapes)
        violations, warnings = violations + result.violations, warnings + result.warnings
        texts.append(result.text)
        reports += result.report
    return ValidationResult(True, violations, warnings, "\n".join(texts), reports)
