"""GraphView refuses edges and focus that name nodes it does not hold."""

from __future__ import annotations

import pytest

from gonghui.viz.model import GraphView, PageEdge, PageNode

A = PageNode("a", "甲", "PERSON")
B = PageNode("b", "乙", "ORG")


@pytest.mark.parametrize("nodes, edges, focus, message", [
    ((A, A), (), None, "distinct ids"),
    ((A,), (PageEdge("a", "b", "HOLDS_POSITION"),), None, "not in the view"),
    ((A, B), (), "c", "focus c"),
])
def test_model_view_rejects_dangling_references(nodes, edges, focus, message):
    with pytest.raises(ValueError, match=message):
        GraphView(nodes=nodes, edges=edges, title="t", focus=focus)


def test_model_view_accepts_consistent_graph():
    view = GraphView(nodes=(A, B), edges=(PageEdge("a", "b", "HOLDS_POSITION", "主席"),),
                     title="t", focus="a")
    assert view.focus == "a" and len(view.edges) == 1
