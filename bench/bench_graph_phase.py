"""The graph phase alone (everything after extraction) at 1,000 and 10,000 articles.

    python bench/bench_graph_phase.py [--sizes 1000 10000]

The records are the seed and dev gold annotations (tests/data/gold, ../shared/dev/gold) with
their evidence, copied until there are N articles, each copy with people and places renamed
(``varied.py``'s substitution applied to every name, alias, locality, relation argument and
evidence sentence) and its own document ids. So the graph grows as a real corpus's does (new
people, places and organizations named after places; national bodies, programs and awards
shared), without minutes of NLP per size. Measured in this process, which runs nothing else:
the store written from streamed records (on disk, bulk loader) with the SHACL check and the
TriG blocks of each batch, then optimized while the Turtle and the page are read from it and
the union checks run, as ``gonghui build`` does; wall time per phase and peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import pickle
import random
import re
import resource
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from varied import GIVEN, SHARED, _divisions, cycled, single_surnames  # noqa: E402

from gonghui.kg.build import StoreWriter  # noqa: E402
from gonghui.kg.export import TrigBlocks  # noqa: E402
from gonghui.kg.validate import StreamedCheck  # noqa: E402
from gonghui.kg.gold import read_gold_files  # noqa: E402
from gonghui.records import EntityType, Extraction  # noqa: E402
from gonghui.workflow import write_outputs  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GOLD = ((REPO / "tests" / "data" / "gold", REPO / "seeds"),
        (SHARED / "dev" / "gold", SHARED / "dev" / "docs"))


def base_records() -> list[Extraction]:
    records: list[Extraction] = []
    for gold_dir, docs_dir in GOLD:
        records += read_gold_files(sorted(gold_dir.glob("*.json")), docs_dir)
    return records


def varied_records(articles: int, seed: int = 1) -> Iterator[Extraction]:
    rng = random.Random(seed)
    surnames = single_surnames()
    divisions = _divisions()
    all_places = {n for names in divisions.values() for n in names}
    for copy, record in cycled(base_records(), articles):
        yield _vary(record, copy, rng, surnames, divisions, all_places)


def _vary(record: Extraction, copy: int, rng: random.Random, surnames: list[str],
          divisions: dict[str, list[str]], all_places: set[str]) -> Extraction:
    mapping: dict[str, str] = {}
    for entity in record.entities:
        if entity.type is EntityType.PERSON and len(entity.name) >= 2:
            mapping[entity.name] = rng.choice(surnames) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    text = record.document.text
    for place in {p for p in all_places if p in text} if copy else ():
        level = "city" if place[-1] in "市州" else "county"
        mapping[place] = rng.choice(divisions[level])
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))) \
        if mapping else None

    def sub(value: str | None) -> str | None:
        return pattern.sub(lambda m: mapping[m.group(0)], value) if pattern and value else value

    doc_id = f"c{copy:05d}/{record.document.id}"

    def evidence(items):  # type: ignore[no-untyped-def]
        return tuple(dataclasses.replace(e, document=doc_id, sentence=sub(e.sentence))
                     for e in items)

    entities = tuple(dataclasses.replace(e, name=sub(e.name), locality=sub(e.locality),
                                         aliases=tuple(sub(a) for a in e.aliases),
                                         evidence=evidence(e.evidence))
                     for e in record.entities)
    relations = []
    for relation in record.relations:
        changes = {f.name: sub(getattr(relation, f.name)) for f in dataclasses.fields(relation)
                   if f.init and isinstance(getattr(relation, f.name), str)}
        relations.append(dataclasses.replace(relation, **changes,
                                             evidence=evidence(relation.evidence)))
    # The graph reads no text or offsets from the document: dropped, so the records held
    # before the clock starts stay small (a build streams them instead).
    document = dataclasses.replace(record.document, id=doc_id, text="", offsets=(),
                                   file=f"c{copy:05d}/{record.document.file}")
    return dataclasses.replace(record, document=document, locality=sub(record.locality),
                               entities=entities, relations=tuple(relations))


def _cpu() -> float:
    """CPU seconds of this process, all threads (Oxigraph's bulk loader uses several): on a
    shared machine, wall time says as much about the neighbours as about the code."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cached_records(articles: int, work: Path) -> list[Extraction]:
    """The varied records of ``articles`` articles, pickled under ``work`` on first use: making
    10,000 takes minutes, and they are the same every run (seeded)."""
    cache = work / f"records-{articles}.pickle"
    if cache.exists():
        with cache.open("rb") as file:
            return pickle.load(file)
    records = list(varied_records(articles))
    work.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as file:
        pickle.dump(records, file, protocol=pickle.HIGHEST_PROTOCOL)
    return records


def run(articles: int, work: Path) -> dict:
    out = work / f"graph-{articles}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    records = cached_records(articles, work)  # made before the clock starts: not the graph phase
    gc.collect()
    phases: dict[str, float] = {}
    cpu_started = _cpu()
    started = time.perf_counter()
    store = ox.Store(str(out / "gonghui.oxigraph"))
    checked = StreamedCheck("the built graph")
    trig = TrigBlocks(out / ".gonghui.trig.blocks")
    writer = StoreWriter(store, bulk=True, listeners=[checked, trig])
    for record in records:
        writer.add(record)
    writer.flush()
    phases["store"] = time.perf_counter() - started
    phases["of_which_checks_and_trig_blocks"] = writer.listener_seconds
    stream_cpu = _cpu() - cpu_started
    cpu_phases: dict[str, float] = {}
    write_outputs(store, out, phases, checked=checked, trig=trig, optimize=True, cpu=cpu_phases)
    phases["total"] = time.perf_counter() - started
    cpu = _cpu() - cpu_started
    quads = len(store)
    del store
    return {"articles": articles, "quads": quads, "phases": phases, "cpu_seconds": cpu,
            "cpu_while_streaming": stream_cpu, "cpu_after_streaming": cpu - stream_cpu,
            "cpu_phases": cpu_phases,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "ttl_mb": (out / "gonghui.ttl").stat().st_size / 2**20,
            "trig_mb": (out / "gonghui.trig").stat().st_size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/gonghui-bench-graph"))
    args = parser.parse_args()
    for size in args.sizes:  # one size per process: peak RSS is per process
        print(json.dumps(run(size, args.work)), flush=True)


if __name__ == "__main__":
    main()
