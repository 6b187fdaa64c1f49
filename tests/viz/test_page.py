"""Pages: self-contained, deterministic, safe with hostile names, and usable in a real browser.

The browser tests drive Debian's chromium through Playwright with every non-file request
aborted; they skip when chromium or playwright is missing. One browser serves the module.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from gonghui.viz.model import GraphView, PageEdge, PageEvidence, PageFact, PageNode
from gonghui.viz.page import ASSETS_DIR, page_html, render_page, script_json
from gonghui.viz.synthetic import synthetic_view

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIS_NETWORK_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"

HOSTILE = '</script><script>window.pwned=1</script>"\'</div><img src=x onerror="window.pwned=2">'
HOSTILE_SENTENCE = "他说：<b>你好</b> & 再见\u2028</script><!--"


def _node(node_id: str, label: str, kind: str, **fields) -> PageNode:
    return PageNode(id=f"urn:t:{node_id}", label=label, type=kind, **fields)


def kitchen_sink() -> GraphView:
    """Every type and relation once, with aliases, facts and evidence."""
    nodes = (
        _node("p1", "王建国", "PERSON", aliases=("王主席",), documents=("a.txt",),
              evidence=(PageEvidence("王建国当选某县总工会主席。", "a.txt"),),
              facts=(PageFact("HOLDS_POSITION", "主席 · 某县总工会"),
                     PageFact("RECEIVED_AWARD", "全国五一劳动奖章 (2021)"))),
        _node("p2", "李秀英", "PERSON", documents=("b.txt",),
              facts=(PageFact("HOLDS_POSITION", "副主席 · 某县总工会"),)),
        _node("o1", "某县总工会", "ORG", aliases=("县总工会", "县总"), documents=("a.txt", "b.txt"),
              facts=(PageFact("RUNS_PROGRAM", "金秋助学"),)),
        _node("a1", "全国五一劳动奖章", "AWARD"),
        _node("g1", "金秋助学", "PROGRAM", aliases=("金秋助学活动",)),
        _node("l1", "某县", "PLACE"),
        _node("e1", "某县工会第十六次代表大会", "EVENT"),
        _node("y1", "《某县职工权益保障办法》", "POLICY"),
    )
    edges = (
        PageEdge("urn:t:p1", "urn:t:o1", "HOLDS_POSITION", "主席"),
        PageEdge("urn:t:p2", "urn:t:o1", "HOLDS_POSITION", "副主席"),
        PageEdge("urn:t:p1", "urn:t:a1", "RECEIVED_AWARD", "2021"),
        PageEdge("urn:t:o1", "urn:t:g1", "RUNS_PROGRAM"),
        PageEdge("urn:t:p1", "urn:t:l1", "LOCALITY"),
    )
    return GraphView(nodes=nodes, edges=edges, title="工会图谱 kitchen sink",
                     omitted_nodes=3, omitted_edges=4, note="测试用 test data")


def hostile() -> GraphView:
    nodes = (
        _node("x1", HOSTILE, "PERSON", aliases=("<i>别名</i>",),
              evidence=(PageEvidence(HOSTILE_SENTENCE, "</title>evil.txt"),),
              facts=(PageFact("HOLDS_POSITION", "<b>主席</b>"),)),
        _node("x2", "正常组织", "ORG"),
    )
    edges = (PageEdge("urn:t:x1", "urn:t:x2", "HOLDS_POSITION", "</script>"),)
    return GraphView(nodes=nodes, edges=edges, title="<script>alert(1)</script>",
                     note="</p><script>window.pwned=3</script>")


def embedded_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="gonghui-data">(.*?)</script>',
                      html, re.DOTALL)
    assert match, "no data element"
    return json.loads(match.group(1))


# --- static checks ----------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("</script>", '"\\u003c/script\\u003e"'),
    ("a&b", '"a\\u0026b"'),
    ("\u2028\u2029", '"\\u2028\\u2029"'),
    ("工会", '"工会"'),
])
def test_page_script_json_escapes_markup(value, expected):
    assert script_json(value) == expected
    assert json.loads(script_json(value)) == value


def test_page_hostile_names_stay_data():
    html = page_html(hostile())
    assert html.count("<script") == 3  # vis-network, the data element, the page script
    assert "<script>window.pwned" not in html
    assert "<img src=x" not in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    data = embedded_data(html)
    assert data["details"]["urn:t:x1"]["name"] == HOSTILE
    assert data["nodes"][0]["label"] == HOSTILE[:11] + "…"
    assert data["details"]["urn:t:x1"]["evidence"] == [[HOSTILE_SENTENCE, "</title>evil.txt"]]


def test_page_is_self_contained():
    html = page_html(kitchen_sink())
    assert not re.search(r'<(script|link|img|iframe)[^>]*\b(src|href)=', html)
    assert "sourceMappingURL" not in html
    # Outside the vendored library (whose licence header names its home page), no URL at all.
    vendored = (ASSETS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    assert vendored.split("//# sourceMappingURL")[0] in html
    ours = html.replace(vendored.split("//# sourceMappingURL")[0], "")
    assert "http:" not in ours and "https:" not in ours and "//cdn" not in ours


def test_page_same_view_same_bytes(tmp_path):
    view = kitchen_sink()
    shuffled = GraphView(nodes=tuple(reversed(view.nodes)), edges=tuple(reversed(view.edges)),
                         title=view.title, omitted_nodes=3, omitted_edges=4, note=view.note)
    first = render_page(view, tmp_path / "a.html").read_bytes()
    second = render_page(shuffled, tmp_path / "b.html").read_bytes()
    assert first == second
    assert str(tmp_path) not in first.decode("utf-8")


def test_page_render_writes_atomically(tmp_path):
    out = render_page(kitchen_sink(), tmp_path / "sub" / "page.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(path.name for path in out.parent.iterdir()) == ["page.html"]
    assert out.stat().st_mode & 0o644 == 0o644


def test_page_vendored_vis_network_is_the_recorded_build():
    digest = hashlib.sha256((ASSETS_DIR / "vis-network.min.js").read_bytes()).hexdigest()
    assert digest == VIS_NETWORK_SHA256
    assert (ASSETS_DIR / "vis-network.LICENSE-MIT.txt").is_file()
    assert (ASSETS_DIR / "vis-network.LICENSE-APACHE-2.0.txt").is_file()
    assert VIS_NETWORK_SHA256 in (ASSETS_DIR / "VENDORED.txt").read_text(encoding="utf-8")


def test_page_counts_are_the_views_and_name_the_unconnected():
    view = kitchen_sink()
    counts = view.counts()
    assert counts.nodes == {"AWARD": 1, "EVENT": 1, "ORG": 1, "PERSON": 2, "PLACE": 1,
                            "POLICY": 1, "PROGRAM": 1}
    assert counts.edges == {"HOLDS_POSITION": 2, "LOCALITY": 1, "RECEIVED_AWARD": 1,
                            "RUNS_PROGRAM": 1}
    assert counts.isolated == 2 and view.isolated() == {"urn:t:e1", "urn:t:y1"}
    html = page_html(view)
    legend = dict(re.findall(r'data-type="([A-Z]+)">.*?<span class="count">(\d+)</span>', html, re.S))
    assert {k: int(v) for k, v in legend.items() if int(v)} == counts.nodes
    data = embedded_data(html)
    assert data["isolated"] == ["urn:t:e1", "urn:t:y1"] and data["hide_isolated"] is True


def test_page_counts_and_note_are_shown():
    html = page_html(kitchen_sink())
    assert 'data-shown-nodes="8"' in html and 'data-omitted-nodes="3"' in html
    assert "未显示 3 个节点、4 条关系" in html
    assert "测试用 test data" in html


@pytest.mark.parametrize("name, shown", [
    ("王建国", "王建国"),
    ("《某县职工权益保障办法》", "《某县职工权益保障办法》"),  # 12 characters: whole
    ("迎五一全县干部职工乒乓球羽毛球比赛", "迎五一全县干部职工乒乓…"),
])
def test_page_long_names_are_shortened_on_the_canvas(name, shown):
    from gonghui.viz.page import short_label

    assert short_label(name) == shown


@pytest.mark.parametrize("degree, size", [(0, 10), (1, 14), (4, 18), (100, 36)])
def test_page_node_size_grows_with_degree(degree, size):
    from gonghui.viz.page import node_size

    assert node_size(degree) == size


def test_page_physics_off_and_positions_given():
    data = embedded_data(page_html(kitchen_sink()))
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["nodes"])
    assert {node["group"] for node in data["nodes"]} == {
        "PERSON", "ORG", "PLACE", "PROGRAM", "AWARD", "EVENT", "POLICY"}


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        yield launched
        launched.close()


class OpenPage:
    """A page opened from disk with every non-file request aborted and recorded."""

    def __init__(self, browser, path: Path):
        self.attempted: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" else None)
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.attempted.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str):
        return self.page.evaluate(expression)


@pytest.fixture
def open_page(browser, tmp_path):
    opened: list[OpenPage] = []

    def _open(view: GraphView, name: str = "page.html") -> OpenPage:
        page = OpenPage(browser, render_page(view, tmp_path / name))
        opened.append(page)
        return page

    yield _open
    for page in opened:
        page.page.close()


@pytest.mark.browser
def test_page_loads_offline_with_all_nodes(open_page, tmp_path):
    page = open_page(kitchen_sink())
    assert page.attempted == []
    assert page.errors == []
    assert page.js("window.gonghui.visibleNodeCount()") == 6  # the event and policy: no edge
    assert page.js("window.gonghui.edges.length") == 5
    assert "显示 8 个节点" in page.page.inner_text("#counts")
    assert "2 个无关系的节点已隐藏" in page.page.inner_text("#counts")
    shot = tmp_path / "kitchen_sink.png"
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.parametrize("query, expected", [
    ("县总", "urn:t:o1"),  # an alias, exact
    ("王主席", "urn:t:p1"),  # a person's alias
    ("金秋助学活动", "urn:t:g1"),
    ("保障办法", "urn:t:y1"),  # part of a canonical name
])
def test_page_search_finds_by_name_or_alias(open_page, query, expected):
    page = open_page(kitchen_sink())
    page.page.fill("#search-input", query)
    page.page.press("#search-input", "Enter")
    assert page.js("window.gonghui.selected()") == expected
    label = next(node.label for node in kitchen_sink().nodes if node.id == expected)
    assert page.page.inner_text("#panel-title") == label
    assert page.page.is_visible("#panel")


@pytest.mark.browser
def test_page_search_lists_alias_matches(open_page):
    page = open_page(kitchen_sink())
    page.page.fill("#search-input", "县总")
    items = page.page.locator("#search-results li").all_inner_texts()
    assert items[0].startswith("某县总工会")
    assert "别名 县总" in items[0]


@pytest.mark.browser
def test_page_legend_toggle_hides_one_type(open_page):
    page = open_page(kitchen_sink())
    page.page.uncheck('#legend-types input[data-type="PERSON"]')
    assert page.js("window.gonghui.visibleNodeCount()") == 4
    assert page.js("window.gonghui.visibleEdgeCount()") == 1  # every edge of the two people
    page.page.check('#legend-types input[data-type="PERSON"]')
    assert page.js("window.gonghui.visibleNodeCount()") == 6
    assert page.js("window.gonghui.visibleEdgeCount()") == 5


@pytest.mark.browser
def test_page_unconnected_nodes_hidden_until_the_switch_shows_them(open_page):
    page = open_page(kitchen_sink())
    hidden = sorted(page.js("window.gonghui.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == ["urn:t:e1", "urn:t:y1"]
    switch = page.page.locator("#show-isolated")
    assert switch.is_visible() and not switch.is_checked()
    assert page.page.inner_text("#legend-isolated").endswith("2")
    switch.check()
    assert page.js("window.gonghui.visibleNodeCount()") == 8
    # the type toggles still rule them: hidden with their type, back with it
    page.page.uncheck('#legend-types input[data-type="EVENT"]')
    assert page.js("window.gonghui.visibleNodeCount()") == 7
    page.page.check('#legend-types input[data-type="EVENT"]')
    switch.uncheck()
    assert page.js("window.gonghui.visibleNodeCount()") == 6
    # a search that finds one shows them
    page.page.fill("#search-input", "保障办法")
    page.page.press("#search-input", "Enter")
    assert page.js("window.gonghui.selected()") == "urn:t:y1"
    assert switch.is_checked() and page.js("window.gonghui.visibleNodeCount()") == 8
    assert page.errors == []


@pytest.mark.browser
def test_page_without_edges_shows_every_node(open_page):
    view = kitchen_sink()
    page = open_page(GraphView(nodes=view.nodes, edges=(), title="no edges"))
    assert page.js("window.gonghui.visibleNodeCount()") == 8
    assert page.page.locator("#show-isolated").is_checked()


@pytest.mark.browser
def test_page_legend_toggle_hides_one_relation(open_page):
    page = open_page(kitchen_sink())
    page.page.uncheck('#legend-relations input[data-relation="HOLDS_POSITION"]')
    assert page.js("window.gonghui.visibleEdgeCount()") == 3
    assert page.js("window.gonghui.visibleNodeCount()") == 6


@pytest.mark.browser
def test_page_click_highlights_neighbourhood_and_fills_panel(open_page):
    page = open_page(kitchen_sink())
    point = page.js("(() => { const n = window.gonghui.network;"
                    " return n.canvasToDOM(n.getPositions(['urn:t:o1'])['urn:t:o1']); })()")
    box = page.page.locator("#graph").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert page.js("window.gonghui.selected()") == "urn:t:o1"
    lit = page.js("window.gonghui.nodes.getIds().filter(window.gonghui.isLit).sort()")
    assert lit == ["urn:t:g1", "urn:t:o1", "urn:t:p1", "urn:t:p2"]
    panel = page.page.inner_text("#panel")
    for text in ("组织 ORG", "县总工会", "金秋助学", "a.txt"):
        assert text in panel
    # a second selection lights only its own neighbourhood
    page.js("window.gonghui.focusNode('urn:t:a1')")
    lit = page.js("window.gonghui.nodes.getIds().filter(window.gonghui.isLit).sort()")
    assert lit == ["urn:t:a1", "urn:t:p1"]
    page.page.keyboard.press("Escape")
    assert page.js("window.gonghui.nodes.getIds().filter(window.gonghui.isLit).length") == 8


@pytest.mark.browser
def test_page_hostile_names_do_not_run(open_page):
    page = open_page(hostile())
    assert page.js("window.pwned === undefined")
    page.page.fill("#search-input", "别名")
    page.page.press("#search-input", "Enter")
    assert page.js("window.pwned === undefined")
    assert page.page.inner_text("#panel-title") == HOSTILE
    assert HOSTILE_SENTENCE.replace("\u2028", "") in page.page.inner_text("#panel").replace(
        "\u2028", "").replace("\n", "")
    assert page.page.title() == "<script>alert(1)</script>"
    assert page.dialogs == [] and page.errors == [] and page.attempted == []


@pytest.mark.browser
def test_page_focus_is_selected_on_open(open_page):
    view = kitchen_sink()
    focused = GraphView(nodes=view.nodes, edges=view.edges, title=view.title, focus="urn:t:p1")
    page = open_page(focused)
    page.page.wait_for_function("window.gonghui.selected() === 'urn:t:p1'")
    assert "王主席" in page.page.inner_text("#panel")


@pytest.mark.browser
def test_page_large_graph_opens_offline(open_page):
    view = synthetic_view(2000)
    page = open_page(view, "large.html")
    assert page.attempted == [] and page.errors == []
    assert page.js("window.gonghui.visibleNodeCount()") == 2000 - len(view.isolated())


@pytest.mark.browser
def test_page_end_to_end_from_a_trig_file(open_page, tmp_path, gold_dir):
    """gold records -> dataset -> TriG file -> Oxigraph store -> neighbourhood -> page."""
    from gonghui.kg import build, export
    from gonghui.kg import store as store_module
    from gonghui.kg.gold import read_gold_files
    from gonghui.viz import views

    dataset = build.build_dataset(read_gold_files(sorted(gold_dir.glob("*.json"))))
    trig = export.write(dataset, tmp_path / "graph.trig")
    store = store_module.load_store(trig)
    hub = max(views.load_index(store).entities.values(), key=lambda e: (len(e.aliases), e.id))
    alias = min(hub.aliases)
    view = views.neighbourhood(store, alias, depth=1)
    page = open_page(view, "neighbourhood.html")
    assert page.attempted == [] and page.errors == []
    page.page.wait_for_function(f"window.gonghui.selected() === {json.dumps(hub.id)}")
    assert page.page.inner_text("#panel-title") == hub.label
    assert page.js("window.gonghui.visibleNodeCount()") == len(view.nodes) - len(view.isolated())
    page.page.screenshot(path=str(tmp_path / "neighbourhood.png"))
