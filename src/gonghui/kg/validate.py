"""Check a built graph against ``ontology/shapes.ttl`` with pySHACL.

Validation runs over the union of all named graphs without inference (every node is typed
explicitly by the builder, and OWL inference would multiply the run time). Warnings, such as a
fact without a located span, are reported but do not make the graph non-conforming.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
