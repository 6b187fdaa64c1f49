"""Benchmark graph pages: build, layout and render time, HTML size, and time to a settled page.

    python bench/bench_pages.py                  # 500, 5,000 and 20,000 nodes
    python bench/bench_pages.py --sizes 500 5000 --repeat 3 --compare-networkx

"Settled" is the first draw vis-network reports (its ``afterDrawing`` event sets
``body[data-ready]``), measured from the start of navigation in headless chromium with every
non-file request aborted. "Select" is a search-and-focus (neighbourhood highlight and side
panel) once the page is up. Figures are medians; ratios are against the smallest size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gonghui.viz.layout import compute_layout
from gonghui.viz.page import page_html, render_page
from gonghui.viz.synthetic import synthetic_view

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _median_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _browser_times(browser, path: Path, query: str, repeat: int) -> tuple[float, float, int]:
    """(seconds to first draw, seconds to search and select, requests that left the machine)."""
    settled, selected, attempted = [], [], []

    def route(request_route):
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            attempted.append(request_route.request.url)
            request_route.abort()

    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", route)
        page.goto(path.resolve().as_uri(), timeout=300_000)
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=300_000,
                               polling=50)
        settled.append(page.evaluate("window.gonghui.readyAt") / 1000)
        start = time.perf_counter()
        page.fill("#search-input", query)
        page.press("#search-input", "Enter")
        page.wait_for_function("window.gonghui.selected() !== null", polling=20)
        selected.append(time.perf_counter() - start)
        page.close()
    return statistics.median(settled), statistics.median(selected), len(attempted)


def _networkx_spring(view) -> float:
    """networkx.spring_layout for comparison; NaN when it needs scipy (500 nodes and more)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in view.nodes)
    graph.add_edges_from((edge.source, edge.target) for edge in view.edges)
    start = time.perf_counter()
    try:
        nx.spring_layout(graph, seed=42)
    except ModuleNotFoundError as error:  # scipy, for graphs of 500 nodes and more
        print(f"networkx.spring_layout at {len(graph)} nodes: {error}", file=sys.stderr)
        return float("nan")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare-networkx", action="store_true",
                        help="also time networkx.spring_layout (slow without scipy)")
    args = parser.parse_args(argv)

    browser = None
    if CHROMIUM.exists():
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
    else:
        print("chromium not found: browser figures skipped", file=sys.stderr)

    rows = []
    with tempfile.TemporaryDirectory() as temp:
        for size in args.sizes:
            view = synthetic_view(size)
            ids = [node.id for node in view.nodes]
            pairs = [(edge.source, edge.target) for edge in view.edges]
            layout_s = _median_time(lambda ids=ids, pairs=pairs: compute_layout(ids, pairs),
                                    args.repeat)
            render_s = _median_time(lambda view=view: page_html(view), args.repeat)
            out = render_page(view, Path(temp) / f"page_{size}.html")
            row = {"nodes": size, "edges": len(view.edges), "layout_s": layout_s,
                   "render_s": render_s, "html_mb": out.stat().st_size / 1e6}
            if browser is not None:
                query = view.nodes[len(view.nodes) // 2].label
                row["settled_s"], row["select_s"], row["requests"] = _browser_times(
                    browser, out, query, args.repeat)
            if args.compare_networkx and size <= 5000:
                row["nx_spring_s"] = _networkx_spring(view)
            rows.append(row)
            print(_format_row(row), flush=True)
    if browser is not None:
        browser.close()
        playwright.stop()
    _print_table(rows)
    return 0


def _format_row(row: dict) -> str:
    return "  ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                     for key, value in row.items())


def _print_table(rows: list[dict]) -> None:
    columns = [key for key in rows[0] if key not in ("requests",)]
    print()
    print("| " + " | ".join(columns) + " | requests off-machine |")
    print("|" + "---|" * (len(columns) + 1))
    for row in rows:
        cells = [f"{row[key]:.2f}" if isinstance(row.get(key), float) else str(row.get(key, "-"))
                 for key in columns]
        print("| " + " | ".join(cells) + f" | {row.get('requests', '-')} |")
    base = rows[0]
    print()
    for row in rows[1:]:
        ratios = ", ".join(f"{key} x{row[key] / base[key]:.1f}" for key in columns
                           if isinstance(row.get(key), float) and base.get(key))
        print(f"{row['nodes']} vs {base['nodes']} nodes (x{row['nodes'] / base['nodes']:.0f}): "
              f"{ratios}")


if __name__ == "__main__":
    sys.exit(main())
