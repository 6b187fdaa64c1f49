"""Named meetings and ceremonies: 第N次代表大会, N届N次全委(扩大)会议, 十九届五中全会, …表彰大会."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..segmentation import Words
from .names import Candidate, grow_left, head_matches, place_anchor, strip_quotes
from .words import AWARD_STOPS, CN_NUM, word_list

# An event head needs a name before it: "座谈会" alone is a generic meeting (guidelines).
EVENT_HEADS = word_list("event_heads")


def events(text: str, words: Words) -> Iterator[Candidate]:
    """Named meetings: 第N次代表大会, N届N次全委(扩大)会议, 十九届五中全会, 党的十九大, 中国工会十七大."""
    for m in re.finditer(rf"(党的|中国工会|中国共产党第?)?[{CN_NUM}]{{2,4}}大(?![学力量局型家批多幅胆众赛楼厅道街桥小概约都致体])|"
                         rf"(党的)?[{CN_NUM}]{{2,3}}届[{CN_NUM}]{{1,2}}中全会", text):
        yield Candidate(m.start(), m.end(), EntityType.EVENT, m.group())
    for hs, he, head in head_matches(text, EVENT_HEADS):
        start = place_anchor(text, grow_left(words, hs, 30, AWARD_STOPS, allow_quotes=True), he)
        while text[start:start + 1] in ("暨", "及", "和"):
            start += 1
        name = strip_quotes(text[start:he])
        if len(name) - len(head) < 3 or name.startswith(("召开", "举行")):
            continue
        yield Candidate(start, he, EntityType.EVENT, name)
