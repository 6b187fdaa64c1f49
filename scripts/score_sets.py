#!/usr/bin/env python3
"""Score `gonghui extract` on the development sets the closing notes report: the seeds
(../shared/gold), the dev set (../shared/dev) and its two halves (d01-d16, d17-d32).

    python3 scripts/score_sets.py [--model none|NAME] [--entities both|rules|model] [--errors]
                                  [--out DIR]
    python3 scripts/score_sets.py --sources    # PERSON, ORG, PLACE: rules, model, both

`--sources` prints the three columns docs/ner-model.md reports: each type from the rules alone,
the model alone and the two merged, on the seeds, the dev set and its halves.

A change that helps one half of the dev set and hurts the other is fitting, not learning: the
halves are printed side by side for that reason. Needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
TYPES = ["PERSON", "ORG", "PLACE", "PROGRAM", "AWARD", "EVENT", "POLICY"]
REL_TYPES = ["HOLDS_POSITION", "RECEIVED_AWARD", "RUNS_PROGRAM"]


def extract(inputs: list[Path], out: Path, model: str | None, entities: str = "both") -> None:
    gonghui = Path(sys.executable).with_name("gonghui")
    cmd = [str(gonghui), "extract", *map(str, inputs), "--jsonl", str(out), "--entities", entities]
    if model:
        cmd += ["--model", model]
    subprocess.run(cmd, check=True, capture_output=True)


def score(gold: Path, pred: Path, errors: bool = False) -> dict:
    run = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred),
                          "--json"], check=True, capture_output=True, text=True)
    if errors:
        detail = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred",
                                 str(pred), "--errors"], capture_output=True, text=True)
        print(detail.stdout)
    return json.loads(run.stdout)


def half(gold: Path, names: list[str], into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(gold / name, into / name)
    return into


def table(columns: dict[str, dict]) -> str:
    heads = list(columns)
    lines = ["| | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for etype in [*TYPES, "ALL"]:
        cells = [f"{columns[h]['entities'][etype]['lenient_f1']:.3f}" for h in heads]
        lines.append(f"| {etype} | " + " | ".join(cells) + " |")
    lines.append("| entities strict | " + " | ".join(
        f"{columns[h]['entities']['ALL']['strict_f1']:.3f}" for h in heads) + " |")
    for rtype in [*REL_TYPES, "ALL"]:
        cells = []
        for h in heads:
            r = columns[h]["relations"][rtype]
            cells.append(f"{r['f1']:.3f} (P {r['p']:.2f} R {r['r']:.2f})")
        lines.append(f"| rel {rtype} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def score_all(tmp: Path, model: str | None, entities: str, errors: bool = False) -> dict[str, dict]:
    """Seeds, dev and the dev halves, scored for one configuration."""
    tmp.mkdir(parents=True, exist_ok=True)
    seeds_pred, dev_pred = tmp / "seeds.jsonl", tmp / "dev.jsonl"
    extract([ROOT / "seeds"], seeds_pred, model, entities)
    extract([SHARED / "dev" / "docs"], dev_pred, model, entities)
    dev_gold = SHARED / "dev" / "gold"
    names = sorted(p.name for p in dev_gold.glob("*.json"))
    first = half(dev_gold, [n for n in names if n < "d17"], tmp / "h1")
    second = half(dev_gold, [n for n in names if n >= "d17"], tmp / "h2")
    return {
        "seeds": score(SHARED / "gold", seeds_pred),
        "dev": score(dev_gold, dev_pred, errors),
        "dev d01-d16": score(first, dev_pred),
        "dev d17-d32": score(second, dev_pred),
    }


def sources_table(by_source: dict[str, dict[str, dict]]) -> str:
    """PERSON, ORG and PLACE lenient F1 (P/R) per set, one column per source."""
    sources = list(by_source)
    lines = ["| set | type | " + " | ".join(sources) + " |", "|---|---" + "|---" * len(sources) + "|"]
    for set_name in next(iter(by_source.values())):
        for etype in ("PERSON", "ORG", "PLACE", "ALL"):
            cells = []
            for source in sources:
                e = by_source[source][set_name]["entities"][etype]
                cells.append(f"{e['lenient_f1']:.3f} (P {e['lenient_p']:.2f} R {e['lenient_r']:.2f})")
            lines.append(f"| {set_name} | {etype} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="as `gonghui extract --model` (none: rules)")
    parser.add_argument("--entities", default="both", choices=["both", "rules", "model"],
                        help="as `gonghui extract --entities`")
    parser.add_argument("--sources", action="store_true",
                        help="PERSON, ORG and PLACE from the rules, the model and both, side by side")
    parser.add_argument("--errors", action="store_true", help="list missed and spurious items")
    parser.add_argument("--out", type=Path, default=None, help="keep the predictions here")
    args = parser.parse_args()
    if not SCORER.is_file():
        sys.exit(f"score_sets: {SCORER} is missing: ../shared must be beside the repository")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(args.out or tmp_name)
        if args.sources:
            by_source = {source: score_all(tmp / source, args.model, source)
                         for source in ("rules", "model", "both")}
            print(f"model: {args.model or 'shipped'}")
            print(sources_table(by_source))
            return
        columns = score_all(tmp, args.model, args.entities, args.errors)
    print(f"model: {args.model or 'shipped'}, entities: {args.entities}")
    print(table(columns))


if __name__ == "__main__":
    main()
