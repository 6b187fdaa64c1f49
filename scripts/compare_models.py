#!/usr/bin/env python3
"""Compare NER models, alone and inside gonghui, on every set the closing notes report.

    python3 scripts/compare_models.py [--models crf,lac,crf+lac,lac+crf] [--sources model,both]

For each model, PERSON / ORG / PLACE lenient F1 (../shared/tools/score.py) of
`gonghui extract --model M --entities S` (scripts/score_sets.py) on the dev set, its halves and
the seeds, for each entity source S (model: the model's PERSON, ORG and PLACE alone; both: merged
with the rules); and the model's own exact-span F1 on the out-of-domain splits, CLUENER2020 dev
and UNER zh test (converted into a temporary folder from ../shared/corpora).
Needs ../shared beside the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the training project (training/), which is no installed package
SHARED = ROOT.parent / "shared"
TYPES = ("PERSON", "ORG", "PLACE")


def _score_sets():
    spec = importlib.util.spec_from_file_location("score_sets", ROOT / "scripts" / "score_sets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def out_of_domain(model: str, corpus: Path) -> dict[str, dict[str, float]]:
    from training.convert import write_docbin
    from training.corpora import read_cluener, read_uner
    from training.evaluate import evaluate

    splits = {
        "CLUENER dev": (corpus / "cluener-dev.spacy",
                        lambda: read_cluener(SHARED / "corpora" / "cluener2020" / "dev.json")),
        "UNER test": (corpus / "uner-test.spacy", lambda: read_uner(
            SHARED / "corpora" / "uner-chinese-gsdsimp" / "zh_gsdsimp-ud-test.iob2")),
    }
    scores = {}
    for name, (path, read) in splits.items():
        if not path.is_file():
            write_docbin(read(), path)
        result = evaluate(model, path)
        row = {r.label: r.f1 for r in result.per_label}
        row["ALL"] = result.overall.f1
        scores[name] = row
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="crf,lac,crf+lac,lac+crf")
    parser.add_argument("--sources", default="model,both", help="of rules, model, both")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "gonghui-ood")
    args = parser.parse_args()
    sets = _score_sets()
    args.corpus.mkdir(parents=True, exist_ok=True)
    head = ["model", "entities", "dev P / O / Pl", "d01-d16", "d17-d32", "seeds",
            "CLUENER dev (exact)", "UNER test (exact)"]
    print("| " + " | ".join(head) + " |")
    print("|---" * len(head) + "|", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for model in args.models.split(","):
            ood = out_of_domain(model, args.corpus) if model != "none" else {}
            for source in args.sources.split(","):
                scores = sets.score_all(tmp / f"{model}-{source}", model, source)
                cells = [model, source]
                for name in ("dev", "dev d01-d16", "dev d17-d32", "seeds"):
                    ents = scores[name]["entities"]
                    cells.append(" / ".join(f"{ents[t]['lenient_f1']:.3f}" for t in TYPES))
                for name in ("CLUENER dev", "UNER test"):
                    cells.append(" / ".join(f"{ood[name].get(t, 0.0):.3f}" for t in TYPES)
                                 if ood else "")
                print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
