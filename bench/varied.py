"""Corpora of any size from the seed and dev articles, with people and places varied.

Each copy of an article gets other people's names (a surname from the gazetteer and one or two
given-name characters) and other places (a division of the same level, from the gazetteer), the
same within a copy, different between copies. So no per-text cache of the pipeline (locality,
segmentation, the CRF's features) is hit more than a real corpus of that size would hit it,
and the graph grows as a real one does: new people, new places, new organizations named after
places. Names to vary are the gold annotations' PERSON names (seeds and dev) and every county
or city name of the gazetteer found in the text.

    from varied import write_corpus
    write_corpus(Path("/tmp/corpus"), articles=1000, seed=1)
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GAZETTEERS = REPO / "ontology" / "gazetteers"
SOURCES = ((REPO / "seeds", REPO / "tests" / "data" / "gold"),
           (SHARED / "dev" / "docs", SHARED / "dev" / "gold"))
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅林建国志文斌宇浩凯鹏飞晨欣怡子涵佳琪思远博雅"


@dataclass(frozen=True)
class Source:
    name: str
    text: str
    people: tuple[str, ...]
    places: tuple[str, ...]
    articles: int  # articles gonghui reads from the file (several on one e-paper page)


def _gold_people(gold_dir: Path, name: str) -> set[str]:
    for candidate in (gold_dir / f"{name}.json", gold_dir / f"{Path(name).stem}.json"):
        if candidate.is_file():
            gold = json.loads(candidate.read_text(encoding="utf-8"))
            return {e["name"] for e in gold["entities"] if e["type"] == "PERSON"}
    return set()


def _divisions() -> dict[str, list[str]]:
    """County and city names by level, long enough to be unambiguous (三原县, not 三原)."""
    levels: dict[str, list[str]] = {"city": [], "county": []}
    for line in (GAZETTEERS / "admin_divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, level = line.split("\t")[:2]
        if level in levels and len(name) >= 3 and name[-1] in "市县区旗州":
            levels[level].append(name)
    return {level: sorted(set(names)) for level, names in levels.items()}


def sources() -> list[Source]:
    from gonghui.ingest import load_documents

    divisions = _divisions()
    all_places = sorted({n for names in divisions.values() for n in names}, key=len, reverse=True)
    found: list[Source] = []
    for docs_dir, gold_dir in SOURCES:
        for path in sorted(docs_dir.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            people = sorted(p for p in _gold_people(gold_dir, path.name) if len(p) >= 2 and p in text)
            places = sorted({p for p in all_places if p in text})
            found.append(Source(path.name, text, tuple(people), tuple(places),
                                len(load_documents(path))))
    return found


def _name(rng: random.Random, surnames: list[str]) -> str:
    return rng.choice(surnames) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def vary(source: Source, rng: random.Random, surnames: list[str],
         divisions: dict[str, list[str]]) -> str:
    """The article with each of its people and places replaced, one replacement per name."""
    mapping: dict[str, str] = {}
    for person in source.people:
        mapping[person] = _name(rng, surnames)
    for place in source.places:
        level = "city" if place.endswith("市") or place.endswith("州") else "county"
        same_suffix = [n for n in rng.sample(divisions[level], 50) if n[-1] == place[-1]]
        mapping[place] = same_suffix[0] if same_suffix else rng.choice(divisions[level])
    if not mapping:
        return source.text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], source.text)


def single_surnames() -> list[str]:
    """The one-character surnames of the gazetteer (its third line), for made-up names."""
    line = (GAZETTEERS / "surnames.txt").read_text(encoding="utf-8").splitlines()[2]
    return [c for c in line if not c.isspace()]


T = TypeVar("T")


def cycled(base: Sequence[T], articles: int,
           size: Callable[[T], int] = lambda item: 1) -> Iterator[tuple[int, T]]:
    """(copy number, item) over ``base`` again and again until the items' sizes reach
    ``articles``."""
    made, copy = 0, 0
    while made < articles:
        for item in base:
            if made >= articles:
                return
            yield copy, item
            made += size(item)
        copy += 1


def copies(articles: int, seed: int) -> Iterator[tuple[str, str, int]]:
    """(relative path, text, articles in it) until ``articles`` articles are reached."""
    rng = random.Random(seed)
    surnames = single_surnames()
    divisions = _divisions()
    for copy, source in cycled(sources(), articles, lambda source: source.articles):
        yield f"s{seed}/c{copy:05d}/{source.name}", vary(source, rng, surnames, divisions), \
            source.articles


def write_corpus(root: Path, articles: int, seed: int = 1) -> tuple[int, int, int]:
    """Write the corpus under ``root``; returns (files, articles, characters)."""
    files = made = chars = 0
    for relative, text, count in copies(articles, seed):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files, made, chars = files + 1, made + count, chars + len(text)
    return files, made, chars
