"""Awards and honours: [level][name] + an award head (全国工会财务工作先进单位)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..segmentation import Words
from .names import Candidate, cut_after_cues, grow_left, head_matches, place_anchor, strip_quotes
from .words import AWARD_CUES, AWARD_STOPS, word_list, word_set

AWARD_HEADS = word_list("award_heads")
# Award heads that are ordinary words too: an award only next to a cue or in quotes.
WEAK_AWARD_HEADS = word_set("weak_award_heads")


def awards(text: str, words: Words) -> Iterator[Candidate]:
    """[level][name] + award head: 全国工会财务工作先进单位, 省“安康杯”竞赛组织工作先进单位."""
    for hs, he, head in head_matches(text, AWARD_HEADS):
        if text[he:he + 1] in ")）":
            continue
        if (not words.is_boundary(he) and text[he:he + 1] not in "”」、,，。;；"
                and not text.startswith(("称号", "荣誉"), he)):
            continue  # 最美职工 inside 最美职工书屋: the longer head takes it
        start = grow_left(words, hs, 20, AWARD_STOPS, allow_quotes=True)
        start = place_anchor(text, cut_after_cues(text, start, hs, AWARD_CUES), he)
        name = strip_quotes(text[start:he])
        before = text[max(0, start - 6): start]
        cue = any(c in before for c in AWARD_CUES) or text[he: he + 2] in ("称号", "荣誉")
        inside = text[start:he]
        if inside.count("“") > inside.count("”"):
            if text[he:he + 1] != "”":
                continue  # the head sits inside a longer quoted name (“劳模工匠进校园…”)
            he += 1  # 全市工会系统“综合工作先进单位”: the closing quote ends the name
        quoted = "“" in inside or text[start - 1:start] == "“"
        if (head in WEAK_AWARD_HEADS or name == head) and not (cue or quoted):
            continue  # an ordinary phrase (劳模工匠, 先进单位) unless something is awarded
        if len(name) < 4 or name.startswith(("劳模", "职工")) and name.endswith("工匠"):
            continue
        yield Candidate(start, he, EntityType.AWARD, name)
