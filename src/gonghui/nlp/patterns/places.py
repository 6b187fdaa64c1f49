"""Places the divisions gazetteer does not hold: development zones, parks, venues and villages."""

from __future__ import annotations

from collections.abc import Iterator

from ...records import EntityType
from ..segmentation import Words
from .names import Candidate, anchored, grow_left, head_matches, trim_generic
from .organizations import VENUE_HEADS
from .words import GENERIC_PREFIXES, LEVEL_CHARS, word_list

PLACE_HEADS = VENUE_HEADS + word_list("place_heads")


def places(text: str, words: Words) -> Iterator[Candidate]:
    """Development zones, parks and villages: 海门经济技术开发区, 三厂工业园区, 某某村."""
    for hs, he, head in head_matches(text, PLACE_HEADS):
        if not words.is_boundary(he) and head != "村":
            continue
        start = trim_generic(text, grow_left(words, hs, 14), hs)
        name = text[start:he]
        prefix = name[: -len(head)]
        if (len(prefix) < 2 and prefix not in LEVEL_CHARS) or not prefix or name in ("农村", "乡村"):
            continue
        if "示范" in name or prefix in GENERIC_PREFIXES:
            continue
        if (head in ("园区", "新区") or head in VENUE_HEADS) and not anchored(name, head):
            continue  # 第五届园区活动月: a park only when a place names it
        if head == "村" and (len(name) > 4 or not words.is_boundary(start)):
            continue
        yield Candidate(start, he, EntityType.PLACE, name)
