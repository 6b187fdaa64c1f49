"""Characters per second of the NER model path, alone and inside the full extract path.

Run: .venv/bin/python bench/bench_model.py [--copies 4] [--repeats 3] [--model PATH_OR_NAME]
Prints medians over the repeats; the seed corpus, repeated ``--copies`` times, is the input.
Compare ratios rather than absolute figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from gonghui.ingest import load_documents
from gonghui.nlp.pipeline import build_pipeline
from gonghui.nlp.to_records import extract

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_documents(copies: int) -> list:
    documents = [doc for path in sorted(SEEDS.glob("*.txt")) for doc in load_documents(path)]
    return documents * copies


def median_rate(run: Callable[[], object], chars: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return chars / statistics.median(times)


def model_only(model: str, n_process: int) -> Callable[[list[str]], None]:
    from gonghui.nlp import model_ner

    nested = model_ner.load_model(model)

    def run(texts: list[str]) -> None:
        for _ in nested.pipe(texts, batch_size=64, n_process=n_process):
            pass

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", default="")
    args = parser.parse_args()

    documents = seed_documents(args.copies)
    texts = [d.text for d in documents]
    chars = sum(len(t) for t in texts)
    print(f"input: {len(texts)} documents, {chars} characters; spaCy {spacy.__version__}")

    rates: dict[str, float] = {}
    for n_process in (1, 2):
        run = model_only(args.model, n_process)
        rates[f"model alone, n_process={n_process}"] = median_rate(
            lambda run=run: run(texts), chars, args.repeats)
    rules = build_pipeline(model="none")
    with_model = build_pipeline(model=args.model or None)
    rates["extract, rules only"] = median_rate(
        lambda: list(extract(documents, rules)), chars, args.repeats)
    rates["extract, rules + model"] = median_rate(
        lambda: list(extract(documents, with_model)), chars, args.repeats)

    base = rates["extract, rules only"]
    print(f"{'path':<34}{'chars/s':>12}{'vs rules only':>16}")
    for name, rate in rates.items():
        print(f"{name:<34}{rate:>12,.0f}{rate / base:>15.2f}x")


if __name__ == "__main__":
    main()
