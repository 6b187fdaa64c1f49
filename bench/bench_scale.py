"""Scale: build, add and query at 1,000 and 10,000 articles, on varied text.

    python bench/bench_scale.py                      # 1,000 and 10,000 articles
    python bench/bench_scale.py --sizes 1000 --jobs 2 --work /tmp/scale

For each size: a corpus from the seed and dev articles with people and places varied
(``varied.py``), then in fresh processes

- ``build``: wall time, the graph phase (everything after the last record arrives; and the
  graph work the main process did while records streamed in), peak memory;
- ``add`` of 1% new articles (other names and places again) to that build;
- each shipped query, ``gonghui query STORE NAME``: wall time from process start, peak memory.

Peak memory is the largest sum, over the process and its children, of the proportional set
size (PSS: a page shared by n processes counts 1/n to each), sampled every 0.2 s. Growth is the
ratio of the largest size's figure to the smallest's. The machine is shared: compare ratios.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from varied import write_corpus  # noqa: E402

VENV_BIN = Path(sys.executable).parent
DRIVER = """
import json, sys, time
from pathlib import Path
from gonghui import workflow
kind, root, out, jobs = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
run = workflow.run_build if kind == "build" else workflow.run_add
import resource
result = run([root], out_dir=out, jobs=jobs)
own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                   resource.RUSAGE_CHILDREN))
print(json.dumps({"documents": result.documents, "phases": result.phases,
                  "errors": len(result.errors),
                  "cpu_main": own.ru_utime + own.ru_stime,
                  "cpu_workers": workers.ru_utime + workers.ru_stime}))
"""


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak PSS of the process tree in MB, and stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = [parent] + parent.children(recursive=True)
                total = 0
                for member in tree:
                    try:
                        total += member.memory_full_info().pss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
                peak = max(peak, total / 2**20)
            except psutil.NoSuchProcess:
                return
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        message = (stderr.strip().splitlines() or ["no message"])[-1]
        print(f"{' '.join(command[-4:])}: exit {process.returncode}: {message}", flush=True)
        return wall, peak, f"FAILED exit {process.returncode}: {message}"
    return wall, peak, stdout


def shipped_queries() -> list[str]:
    from gonghui.kg.saved_queries import list_queries

    return list(list_queries())


def run_size(size: int, work: Path, jobs: int, reuse: bool = False) -> dict:
    """``reuse``: the corpus and build of an earlier run are there; measure queries and add."""
    root, out = work / f"corpus-{size}", work / f"out-{size}"
    python = str(VENV_BIN / "python")
    if reuse:
        figures: dict = {"articles": size, "files": 0, "chars": 0}
    else:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        files, articles, chars = write_corpus(root, size, seed=1)
        figures = {"articles": articles, "files": files, "chars": chars}
        _progress(size, "corpus", figures)
        wall, peak, stdout = measure([python, "-c", DRIVER, "build", str(root), str(out),
                                      str(jobs)])
        report = json.loads(stdout.strip().splitlines()[-1])
        figures["build"] = {"wall": wall, "peak_mb": peak, **report}
        _progress(size, "build", figures["build"])
    store = out / "gonghui.oxigraph"
    figures["store_mb"] = sum(f.stat().st_size for f in store.iterdir()) / 2**20
    # Queries before the add, so a run stopped during the add still has them.
    figures["queries"] = {}
    for name in shipped_queries():
        wall, peak, stdout = measure([str(VENV_BIN / "gonghui"), "query", str(store), name,
                                      "--format", "csv"])
        figures["queries"][name] = {"wall": wall, "peak_mb": peak,
                                    "rows": max(0, len(stdout.splitlines()) - 1)
                                    if not stdout.startswith("FAILED") else stdout}
        _progress(size, f"query {name}", figures["queries"][name])
    _, new_articles, _ = write_corpus(root, max(1, size // 100), seed=2)
    wall, peak, stdout = measure([python, "-c", DRIVER, "add", str(root), str(out), str(jobs)])
    report = json.loads(stdout.strip().splitlines()[-1]) if not stdout.startswith("FAILED") \
        else {"failed": stdout}
    figures["add"] = {"wall": wall, "peak_mb": peak, "new_articles": new_articles, **report}
    _progress(size, "add", figures["add"])
    figures["ttl_mb"] = (out / "gonghui.ttl").stat().st_size / 2**20
    return figures


def _progress(size: int, step: str, figures: dict) -> None:
    print(json.dumps({"size": size, "step": step, **figures}, ensure_ascii=False), flush=True)


def graph_phase(build: dict) -> float:
    """Everything after the last record arrived (the issue's measure)."""
    return build["phases"]["after_extraction"]


def while_streaming(build: dict) -> float:
    """What the main process did for the graph while records streamed in: store writes, and the
    SHACL check and TriG blocks of each batch (it competes with the extraction for the cores)."""
    phases = build["phases"]
    return phases["store_writes"] + phases.get("checks_and_trig_blocks", 0.0)


def print_table(results: dict[int, dict]) -> None:
    sizes = sorted(results)
    first, last = results[sizes[0]], results[sizes[-1]]
    print("\n| | " + " | ".join(f"{results[s]['articles']:,} articles" for s in sizes)
          + " | growth |")
    print("|---|" + "---|" * (len(sizes) + 1))

    def row(label: str, values: list[float], fmt: str) -> None:
        growth = values[-1] / values[0] if values[0] else float("nan")
        print(f"| {label} | " + " | ".join(format(v, fmt) for v in values) + f" | {growth:.1f}x |")

    row("characters", [results[s]["chars"] for s in sizes], ",")
    row("build wall (s)", [results[s]["build"]["wall"] for s in sizes], ".1f")
    row("  graph phase: after the last record (s)",
        [graph_phase(results[s]["build"]) for s in sizes], ".1f")
    row("  graph work while records streamed in (s)",
        [while_streaming(results[s]["build"]) for s in sizes], ".1f")
    row("build peak memory (MB)", [results[s]["build"]["peak_mb"] for s in sizes], ",.0f")
    row("add 1% wall (s)", [results[s]["add"]["wall"] for s in sizes], ".1f")
    row("add 1% peak memory (MB)", [results[s]["add"]["peak_mb"] for s in sizes], ",.0f")
    row("store on disk (MB)", [results[s]["store_mb"] for s in sizes], ",.0f")
    for name in first["queries"]:
        row(f"query {name} wall (s)", [results[s]["queries"][name]["wall"] for s in sizes], ".2f")
    for name in first["queries"]:
        row(f"query {name} peak (MB)", [results[s]["queries"][name]["peak_mb"] for s in sizes],
            ",.0f")
    print(f"\nphases of the largest build (s): {json.dumps(last['build']['phases'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=0, help="extraction processes (0: per core)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/gonghui-bench-scale"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the corpus and build of an earlier run; measure the rest")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        results[size] = run_size(size, args.work, args.jobs, args.reuse)
        print(json.dumps({size: results[size]}, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(results)


if __name__ == "__main__":
    main()
