"""Places the divisions gazetteer does not hold: development zones, parks, venues and villages."""

from __future__ import annotations

from collections.abc import Iterator

from ...records import EntityType
from ..knowledge import per_gazetteers
from ..segmentation import Words
from .names import Candidate, anchored, grow_left, head_matches, trim_generic
from .organizations import venue_heads
from .words import LEVEL_CHARS, generic_prefixes, word_list


@per_gazetteers
def place_heads() -> tuple[str, ...]:
    """Heads of venues, development zones, parks and villages (…经济开发区, …工业园区, …村)."""
    return venue_heads() + word_list("place_heads")


def places(text: str, words: Words) -> Iterator[Candidate]:
    """Development zones, parks and villages: 海门经济技术开发区, 三厂工业园区, 某某村."""
    generic, venues = generic_prefixes(), venue_heads()
    for hs, he, head in head_matches(text, place_heads()):
        if not words.is_boundary(he) and head != "村":
            continue
        start = trim_generic(text, grow_left(words, hs, 14), hs)
        name = text[start:he]
        prefix = name[: -len(head)]
        if (len(prefix) < 2 and prefix not in LEVEL_CHARS) or not prefix or name in ("农村", "乡村"):
            continue
        if "示范" in name or prefix in generic:
            continue
        if (head in ("园区", "新区") or head in venues) and not anchored(name, head):
            continue  # 第五届园区活动月: a park only when a place names it
        if head == "村" and (len(name) > 4 or not words.is_boundary(start)):
            continue
        yield Candidate(start, he, EntityType.PLACE, name)
