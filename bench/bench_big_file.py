"""One big file against many small ones: a 20 MB file must build with ``--jobs 2`` in under twice
the time of 20 files of 1 MB each, with peak memory under 2 GB (issue 16, case 3).

    python bench/bench_big_file.py                  # 20 MB, --jobs 2
    python bench/bench_big_file.py --mb 4 --rounds 2 --work /tmp/big

The text is varied (``varied.py``: the seed and dev articles with other people and places in
each copy), the same text both ways: one stream of copies written once as a single file and
once cut into ``--mb`` files of about 1 MB. Each ``gonghui build`` runs in a fresh process; the
two layouts are run in turn (``--rounds`` times) so the shared machine's load falls on both.
Peak memory is the largest sum of PSS over the process tree (``bench_scale.measure``). Each
build is ``workflow.run_build`` in a fresh interpreter, as ``gonghui build`` runs it, so that the
seconds of its phases (extraction, validation, Turtle and TriG, page) are printed too.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import VENV_BIN, measure  # noqa: E402
from varied import copies  # noqa: E402

MB = 1_000_000
# ``gonghui build FOLDER --out OUT --jobs N``, printing the run's phases as JSON.
BUILD = """
import json, sys
from pathlib import Path
from gonghui.workflow import run_build
result = run_build([Path(sys.argv[1])], out_dir=Path(sys.argv[2]), jobs=int(sys.argv[3]))
print(json.dumps({"documents": result.documents, "errors": len(result.errors),
                  **{k: round(v, 1) for k, v in result.phases.items()}}))
"""


def write_inputs(work: Path, megabytes: int, seed: int = 7) -> tuple[Path, Path, int]:
    """``work/one/all.txt`` of ``megabytes`` MB, and the same text as ``work/many/fNN.txt`` of
    about 1 MB each; returns both folders and the characters written.

    Only articles that read as plain text are used: a file is sniffed by its head, and a 1 MB
    file that happened to begin with a saved web page was read whole as HTML, a few huge
    documents instead of two hundred articles, so the two layouts differed in more than size."""
    from gonghui.ingest.read import media_type_of

    texts: list[str] = []
    size = 0
    for _, text, _ in copies(articles=10**9, seed=seed):
        if media_type_of(Path("article.txt"), text) != "text/plain":
            continue
        texts.append(text.strip())
        size += len(text.encode("utf-8")) + 2
        if size >= megabytes * MB:
            break
    one, many = work / "one", work / "many"
    for folder in (one, many):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    (one / "all.txt").write_text("\n\n".join(texts), encoding="utf-8")
    group: list[str] = []
    group_size = count = 0
    for text in texts:
        group.append(text)
        group_size += len(text.encode("utf-8")) + 2
        if group_size >= MB:
            (many / f"f{count:02d}.txt").write_text("\n\n".join(group), encoding="utf-8")
            group, group_size, count = [], 0, count + 1
    if group:
        (many / f"f{count:02d}.txt").write_text("\n\n".join(group), encoding="utf-8")
    return one, many, sum(len(t) for t in texts)


def _phases(stdout: str) -> str:
    """The build's documents and seconds per phase, from the driver's JSON line."""
    try:
        found = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return stdout.strip()[-200:]
    return " ".join(f"{key} {value}" for key, value in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=20, help="size of the big file in MB")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gonghui-big-"))
    one, many, chars = write_inputs(work, args.mb)
    files = len(list(many.iterdir()))
    print(f"text: {chars:,} characters, {args.mb} MB as one file and as {files} files; "
          f"--jobs {args.jobs}")
    python = str(VENV_BIN / "python")
    figures: dict[str, list[tuple[float, float]]] = {"many": [], "one": []}
    for _ in range(args.rounds):
        for layout, folder in (("many", many), ("one", one)):
            out = work / f"out-{layout}"
            shutil.rmtree(out, ignore_errors=True)
            wall, peak, stdout = measure([python, "-c", BUILD, str(folder), str(out),
                                          str(args.jobs)])
            figures[layout].append((wall, peak))
            print(f"  {layout:4} wall {wall:7.1f} s   peak PSS {peak:7.0f} MB   "
                  f"{_phases(stdout)}", flush=True)
    best = {layout: (min(w for w, _ in runs), max(p for _, p in runs))
            for layout, runs in figures.items()}
    ratio = best["one"][0] / best["many"][0]
    print(f"{files} files of 1 MB: {best['many'][0]:.1f} s, peak {best['many'][1]:.0f} MB")
    print(f"one file of {args.mb} MB: {best['one'][0]:.1f} s, peak {best['one'][1]:.0f} MB")
    print(f"time ratio one/many: {ratio:.2f} (must be < 2); "
          f"peak ratio one/many: {best['one'][1] / best['many'][1]:.2f}; "
          f"peak of the one file: {best['one'][1]:.0f} MB (must be < 2048)")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
