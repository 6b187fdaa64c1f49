"""Graph pages: views over the knowledge graph drawn as self-contained HTML.

    from gonghui.viz import neighbourhood, render_page
    render_page(neighbourhood(graph, "某县总工会", depth=2), Path("graphs/union.html"))

``views`` builds a ``GraphView`` from an rdflib Graph/Dataset or a pyoxigraph Store through
named SPARQL queries; ``page.render_page`` writes it as one HTML file that opens offline.
"""

from gonghui.viz.model import GraphView, PageEdge, PageEvidence, PageFact, PageNode
from gonghui.viz.page import render_page
from gonghui.viz.views import (
    DEFAULT_MAX_NODES,
    ViewError,
    by_document,
    by_types,
    from_query,
    neighbourhood,
    whole_graph,
)

__all__ = [
    "DEFAULT_MAX_NODES",
    "GraphView",
    "PageEdge",
    "PageEvidence",
    "PageFact",
    "PageNode",
    "ViewError",
    "by_document",
    "by_types",
    "from_query",
    "neighbourhood",
    "render_page",
    "whole_graph",
]
