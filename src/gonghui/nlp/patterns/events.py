"""Named meetings and ceremonies: 第N次代表大会, N届N次全委(扩大)会议, 十九届五中全会, …表彰大会."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..knowledge import per_gazetteers
from ..segmentation import Words
from .names import Candidate, head_matches, place_anchor, strip_quotes
from .words import CJK, CN_NUM, LEADING_FUNCTION_CHARS, LEVEL_CHARS, stop_words, word_list, word_set


@per_gazetteers
def event_heads() -> tuple[str, ...]:
    """Heads of named meetings and ceremonies (…表彰大会, …启动仪式). An event head needs a name
    before it: "座谈会" alone is a generic meeting (guidelines)."""
    return word_list("event_heads")


@per_gazetteers
def event_stops() -> frozenset[str]:
    """Where a meeting's name grown leftwards ends: the stop words but those that stand inside
    one (暨, 和, 庆祝), and anaphors and the verbs that hold or attend a meeting."""
    return (stop_words() - word_set("event_name_words")) | word_set("event_stop_words")


@per_gazetteers
def numbered_event_heads() -> frozenset[str]:
    """Heads of congresses and plenaries (代表大会, 全委(扩大)会议, 全会): a named event by its number
    (第十次, 十五届四次) or its founding; without one an institution (职工代表大会) or a body's
    meetings in general (市总全委会部署要求)."""
    return word_set("numbered_event_heads")


@per_gazetteers
def not_a_meeting_after() -> tuple[str, ...]:
    """What stands after a head and shows the words name no meeting: 联席会议机制 is a mechanism."""
    return word_list("not_a_meeting_after")


# A numbered session of a body: 十届经审委第一次会议, 八届一次经审会议, 十五届人大三次会议.
NUMBERED_SESSION = re.compile(
    rf"(?:第[{CN_NUM}\d]{{1,3}}|[{CN_NUM}]{{1,3}})次(?:全体|全委|执委|常委|经审|理事|委员)?(?:\(扩大\))?会议")
# A number or a founding (第十次, 第39届, 十五届四次, 成立): what a numbered_event_heads() head needs.
ORDINAL = re.compile(rf"第[{CN_NUM}\d]+[次届]|[{CN_NUM}\d]+[届次]|成立")
# A session of a series: …巡回报告会首场报告会 is the series' first session, the series is the event.
SESSION_OF_A_SERIES = re.compile(rf"(?:首场|首站|第[\d{CN_NUM}]+场)$")
# Two events joined by 和 (十九大精神和市委十一届四次全会) are two: 和 joins parts of one name only.
EVENT_BEFORE_AND = re.compile(rf"(?:精神|[{CN_NUM}]大|全会|会议|大会|仪式)$")
CLOSING = {"”": "“", "」": "「", "』": "『", "’": "‘"}
CONGRESS = re.compile(rf"(党的|中国工会|中国共产党第?)?[{CN_NUM}]{{2,4}}大(?![学力量局型家批多幅胆众赛楼厅道街桥小概约都致体])|"
                      rf"(党的)?[{CN_NUM}]{{2,3}}届[{CN_NUM}]{{1,2}}中全会")


def events(text: str, words: Words) -> Iterator[Candidate]:
    """Named meetings: 第N次代表大会, N届N次全委(扩大)会议, 十九届五中全会, 党的十九大, 中国工会十七大, and
    a name (its body, place, year, occasion) before a meeting or ceremony head."""
    for m in CONGRESS.finditer(text):
        yield Candidate(m.start(), m.end(), EntityType.EVENT, m.group())
    named_heads, numbered_heads = event_heads(), numbered_event_heads()
    not_a_meeting = not_a_meeting_after()
    heads = sorted({*head_matches(text, named_heads),
                    *((m.start(), m.end(), m.group()) for m in NUMBERED_SESSION.finditer(text))})
    ends: dict[int, int] = {}  # where each meeting found so far ends -> where it starts
    for hs, he, head in heads:
        if text.startswith(not_a_meeting, he) or SESSION_OF_A_SERIES.search(text, max(0, hs - 4), hs):
            continue
        start = place_anchor(text, event_start(words, hs, ends), he)
        name = strip_quotes(text[start:he])
        numbered = head not in named_heads
        if len(name) - len(head) < (2 if numbered else 3) or name.startswith(("召开", "举行")):
            continue
        if head in numbered_heads and not ORDINAL.search(name) or ends.get(he) == start:
            continue
        ends[he] = start
        yield Candidate(start, he, EntityType.EVENT, name)


def event_start(words: Words, head_start: int, ends: dict[int, int], max_chars: int = 50) -> int:
    """Where a meeting's name begins, walking back over whole words from its head.

    Wider than other names: a quoted name is taken whole (“工会+法院”…启动仪式), a year or an edition
    inside it (某区2024年…启动仪式, 第39届) belongs to it, and 暨, 和 and 庆祝 do not stop it. After
    暨 the meeting joined to this one (``ends``) begins the name: …启动仪式暨…揭牌仪式 is one event.
    """
    text = words.text
    stops = event_stops()
    start, depth = head_start, 0
    for word_start, word in words.words_before(head_start, 40):
        if word_start >= start:
            continue  # inside a quotation taken whole already
        if word_start < head_start - max_chars or not word:
            break
        if word == "暨" and word_start in ends:
            return ends[word_start]
        if word == "和" and EVENT_BEFORE_AND.search(text, 0, word_start):
            break
        if word in CLOSING:
            opening = text.rfind(CLOSING[word], max(0, start - 30), word_start)
            if opening < 0:
                break
            start = opening
            continue
        if word in ("(", "（"):
            depth -= 1
            if depth < 0:
                break  # (图为启动仪式: an aside opens before the name
        elif word in (")", "）"):
            depth += 1
        elif word.isdigit():
            if text[word_start + len(word):word_start + len(word) + 1] not in "年届":
                break
        elif word in stops or len(word) >= 3 and word[-2:] in stops:
            break
        elif not re.fullmatch(rf"[{CJK}·]+", word):
            break
        elif len(word) == 2 and word[0] in LEADING_FUNCTION_CHARS + "同跟" and word[1] in LEVEL_CHARS:
            return word_start + 1  # 经省总工会…: 经 is the preposition, 省 starts the name
        start = word_start
    if start > 0 and text[start - 1].isdigit():  # 12月份全市…: the date is not part of the name
        while start < head_start and text[start] in "年度月份日号个家名位项批":
            start += 1
    while (start < head_start - 1 and text[start] in LEADING_FUNCTION_CHARS + "暨"
           and (words.is_boundary(start + 1) or text[start + 1] in LEVEL_CHARS)):
        start += 1
    return start
