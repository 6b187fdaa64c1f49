"""Render a ``GraphView`` as one self-contained HTML file that opens from disk, offline.

pyvis' ``Network`` holds the nodes, edges and vis-network options; the HTML comes from our own
Jinja2 template, because pyvis' templates link CDNs even in its "in_line" and "local" modes. The
vendored vis-network build (assets/VENDORED.txt), our CSS and our script are inlined.

Safety: every name and sentence comes from arbitrary documents. The data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&`` and U+2028/U+2029 escaped, is read
with ``JSON.parse(textContent)``, and the page script writes it with ``textContent`` only;
Jinja2 autoescapes the little text rendered in HTML.

Determinism: nodes sorted by id, edges by (source, target, relation, label), positions from a
seeded layout, JSON with sorted keys, no dates or paths: the same view gives the same bytes.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from gonghui.viz.layout import compute_layout
from gonghui.viz.model import GraphView, PageEdge, PageNode
from gonghui.viz.style import FONT_STACK, TYPE_STYLES, relation_style, type_style

_HERE = Path(__file__).resolve().parent
ASSETS_DIR = _HERE / "assets"
TEMPLATES_DIR = _HERE / "templates"

LABEL_MAX_CHARS = 12  # longer names are shortened on the canvas; the panel shows them whole
EDGE_LABELS_MAX_EDGES = 3000  # above this, edge labels cost more drawing time than they help
LARGE_GRAPH_NODES = 3000  # above this, edges hide while dragging or zooming

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def render_page(view: GraphView, out: Path, seed: int = 42) -> Path:
    """Write ``view`` as an HTML page at ``out`` (atomically) and return ``out``."""
    html = page_html(view, seed=seed)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(out, html)
    return out


def page_html(view: GraphView, seed: int = 42) -> str:
    """The page as a string; ``render_page`` writes it."""
    nodes = sorted(view.nodes, key=lambda node: node.id)
    edges = sorted(view.edges, key=lambda e: (e.source, e.target, e.relation, e.label))
    network = _network(view, nodes, edges, seed)
    vis_nodes, vis_edges, _heading, _height, _width, options = network.get_network_data()
    for edge in vis_edges:
        # pyvis writes arrows on each edge of a directed network; the options say it once.
        edge.pop("arrows", None)
    isolated = view.isolated()
    # Entities without a relation (a place named once, a program no one is said to run) are
    # hidden until the legend's switch shows them: drawn, they are a grid of hundreds of
    # unconnected dots under the graph. A view with no edge at all shows them.
    hide_isolated = bool(isolated) and bool(edges)
    payload = {
        "title": view.title,
        "focus": view.focus,
        "isolated": sorted(isolated),
        "hide_isolated": hide_isolated,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "details": {node.id: _details(node) for node in nodes},
        "types": {name: {"zh": style.zh, "color": style.color}
                  for name, style in TYPE_STYLES.items()},
        "relations": {rel: {"zh": relation_style(rel).zh if relation_style(rel).relation == rel
                            else rel, "color": relation_style(rel).color}
                      for rel in sorted({edge.relation for edge in edges})},
        "options": json.loads(options),
    }
    return _template().render(
        title=view.title,
        note=view.note,
        shown_nodes=len(nodes),
        shown_edges=len(edges),
        omitted_nodes=view.omitted_nodes,
        omitted_edges=view.omitted_edges,
        isolated_nodes=len(isolated),
        hide_isolated=hide_isolated,
        legend_types=_legend_types(view),
        legend_relations=_legend_relations(view),
        font_stack=FONT_STACK,
        vis_js=_inline_script(_vis_network_js()),
        page_js=_inline_script(_asset_text("page.js")),
        page_css=_inline_style(_asset_text("page.css")),
        data_json=Markup(script_json(payload)),
    )


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no markup characters left raw."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda match: _JSON_ESCAPES[match.group()], text)


def _network(view: GraphView, nodes: list[PageNode], edges: list[PageEdge],
             seed: int) -> Network:
    degree = _view_degrees(nodes, edges)
    positions = compute_layout([node.id for node in nodes],
                               [(edge.source, edge.target) for edge in edges], seed=seed)
    network = Network(directed=True, heading=view.title)
    network.node_ids = _IndexedIds()
    for node in nodes:
        x, y = positions[node.id]
        shown_type = node.type if node.type in TYPE_STYLES else "OTHER"
        network.add_node(node.id, label=short_label(node.label), shape=type_style(node.type).shape,
                         group=shown_type, x=x, y=y, size=node_size(degree[node.id]))
    show_labels = len(edges) <= EDGE_LABELS_MAX_EDGES
    for number, edge in enumerate(edges):
        extra = {"label": edge.label} if show_labels and edge.label else {}
        network.add_edge(edge.source, edge.target, id=f"e{number}", relation=edge.relation,
                         color=relation_style(edge.relation).color, **extra)
    network.options = _options(large=len(nodes) > LARGE_GRAPH_NODES)
    return network


class _IndexedIds(list):  # type: ignore[type-arg]
    """pyvis keeps node ids in a list and tests membership on every add_node and add_edge,
    which is quadratic (20,000 nodes: 10 s). Still that list, with set-backed membership."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[object] = set()

    def append(self, item: object) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def node_size(degree: int) -> int:
    """Area grows with degree, so hubs stand out without swamping the page."""
    return min(36, 10 + round(4 * math.sqrt(degree)))


def _view_degrees(nodes: list[PageNode], edges: list[PageEdge]) -> dict[str, int]:
    counted = Counter[str]()
    for edge in edges:
        counted[edge.source] += 1
        counted[edge.target] += 1
    return {node.id: node.degree if node.degree is not None else counted[node.id]
            for node in nodes}


def _options(large: bool) -> dict[str, Any]:
    groups = {name: {"shape": style.shape,
                     "color": {"background": style.color, "border": style.color,
                               "highlight": {"background": style.color, "border": "#222222"},
                               "hover": {"background": style.color, "border": "#222222"}}}
              for name, style in TYPE_STYLES.items()}
    return {
        "autoResize": True,
        "groups": groups,
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "physics": {"enabled": False},
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "keyboard": False, "multiselect": False},
        # On large pages the white halo around labels and the arrow heads are most of the
        # drawing time (profiled at 20,000 nodes); the legend still says what each edge is.
        "nodes": {"borderWidth": 1,
                  "font": {"face": FONT_STACK, "size": 14, "color": "#1f2328",
                           "strokeWidth": 0 if large else 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 1.5,
                  "arrows": {"to": {"enabled": not large, "scaleFactor": 0.5}},
                  "font": {"face": FONT_STACK, "size": 11, "color": "#57606a",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"}},
    }


def short_label(name: str) -> str:
    """A long name (a full policy title, a campaign slogan) drawn in full covers its
    neighbours; the canvas gets its head and an ellipsis."""
    return name if len(name) <= LABEL_MAX_CHARS else name[: LABEL_MAX_CHARS - 1] + "…"


def _details(node: PageNode) -> dict[str, Any]:
    return {
        "name": node.label,
        "type": node.type,
        "aliases": list(node.aliases),
        "documents": list(node.documents),
        "evidence": [[item.sentence, item.document] for item in node.evidence],
        "more_evidence": node.more_evidence,
        "facts": [[fact.relation, fact.text] for fact in node.facts],
    }


def _legend_types(view: GraphView) -> list[dict[str, Any]]:
    counted = view.counts().nodes  # as the build summary counts them
    return [{"type": name, "zh": style.zh, "color": style.color, "shape": style.shape,
             "count": counted.get(name, 0)}
            for name, style in TYPE_STYLES.items() if counted.get(name) or name != "OTHER"]


def _legend_relations(view: GraphView) -> list[dict[str, Any]]:
    counted = view.counts().edges
    rows = []
    for relation in sorted(counted):
        style = relation_style(relation)
        rows.append({"relation": relation, "count": counted[relation], "color": style.color,
                     "zh": style.zh if style.relation == relation else ""})
    return rows


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                                     autoescape=True, keep_trailing_newline=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template("page.html")


@cache
def _asset_text(name: str) -> str:
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    # The source map is not shipped; dropping its comment keeps devtools from asking for it.
    text = _asset_text("vis-network.min.js")
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def _inline_script(code: str) -> Markup:
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError("an inlined script contains '</script' or '<!--'")
    return Markup(code)


def _inline_style(css: str) -> Markup:
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError("an inlined stylesheet contains '</style'")
    return Markup(css)


def _write_atomic(out: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temp, 0o644)  # mkstemp makes it private; a page is meant to be shared
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
