"""What every pattern rule shares: the candidate record and how a name grows leftwards from its head."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...records import EntityType
from ..gazetteers import divisions_by_base, divisions_by_name, is_common_word, surnames, titles
from ..knowledge import per_gazetteers
from ..segmentation import Words, words_of
from .words import (CJK, CN_NUM, LEADING_FUNCTION_CHARS, LEVEL_CHARS, MINORITY_LEVELS, QUOTES,
                    generic_prefixes_longest_first, stop_words)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: EntityType
    name: str | None = None  # the canonical name when the rule knows it (quotes stripped, head chosen)
    alias: str | None = None  # a second surface form the rule saw (the quoted core without its head)


def strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTES).strip()


# A word a name can be made of: CJK characters and middle dots (and quotes, where allowed).
_NAME_WORD = {False: re.compile(rf"[{CJK}·]+"), True: re.compile(rf"[{CJK}·“”‘’]+")}


def grow_left(words: Words, head_start: int, max_chars: int, stops: frozenset[str] | None = None,
              allow_quotes: bool = False) -> int:
    """Where a name that ends in a head at ``head_start`` begins, walking back over whole words
    to one of ``stops`` (``stop_words()`` by default).

    A quoted stretch (省“安康杯”竞赛…) and a bracketed one (百威雪津(吉水)啤酒…) are taken whole.
    """
    if stops is None:
        stops = stop_words()
    text = words.text
    start = head_start
    depth = 0
    right = ""  # the word after the current one (nearer the head)
    for word_start, word in words.words_before(head_start, 16):
        if word_start < head_start - max_chars or not word:
            break
        if word in NAME_CHAR_STOPS and len(right) == 1 and right not in LEVEL_CHARS and right != "、":
            # 迅捷同城配送有限公司, 广西都安瑶山…: the segmenter broke a name into characters; a
            # stop word among them (同, 都) is one of the name's characters.
            start, right = word_start, word
            continue
        right = word
        if word in (")", "）"):
            depth += 1
        elif word in ("(", "（"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (word in stops or not _NAME_WORD[allow_quotes].fullmatch(word)
                             or len(word) >= 3 and word[-2:] in stops):
            break  # 贯彻落实: a longer word that ends in a stop verb stops too
        elif word[-1] in "和与及" and len(word) > 1 and _opens_a_name(text, word_start + len(word)):
            break  # 盐城市总和县委, 省总和徐州市总工会: jieba's 总和 hides the 和 that joins two names
        elif len(word) == 2 and word[0] in "和与及同跟" and word[1] in LEVEL_CHARS:
            start = word_start + 1  # 税务局和县书协: 和 joins two names, 县 starts the second
            break
        if word_start < start:
            start = word_start
    if depth:
        return head_start
    stretch = text[start:head_start]
    # Adjacent quoted items (“创新能手”“金牌工人”) are a list, not one name: keep the last.
    if "”“" in stretch:
        start += stretch.rindex("”“") + 1
        stretch = text[start:head_start]
    # A closing quote whose opening one lies beyond a stop: drop the partial quotation.
    if stretch.count("“") != stretch.count("”"):
        start += stretch.index("”") + 1 if "”" in stretch else 0
    # A year or a count in front (2021年度…, 3个…) is not part of the name.
    if start > 0 and text[start - 1] in "0123456789" + CN_NUM:
        while start < head_start and text[start] in "年度月日个家名位项级批类":
            start += 1
    # A bracketed aside in front ((通讯员某某)市总工会) belongs to what came before.
    if text[start:start + 1] in "(（":
        close = min((i for i in (text.find(")", start), text.find("）", start)) if i >= 0),
                    default=-1)
        if 0 <= close < head_start:
            start = close + 1
    while (start < head_start - 1 and text[start] in LEADING_FUNCTION_CHARS
           and (words.is_boundary(start + 1) or text[start + 1] in LEVEL_CHARS)):
        start += 1
    return start


# One-character stop words that are also common characters of names (同城, 都安, 铜都).
NAME_CHAR_STOPS = ("同", "都")


def _opens_a_name(text: str, at: int) -> bool:
    """A level word or a division's name starts at ``at`` (县委, 徐州市总工会)."""
    return text[at:at + 1] in LEVEL_CHARS or any(text[at:at + k] in divisions_by_name() for k in (2, 3, 4))


def cut_after_cues(text: str, start: int, end: int, cues: tuple[str, ...]) -> int:
    """Move ``start`` past the last cue inside the stretch (…项目获市科技创新成果奖)."""
    stretch = text[start:end]
    best = start
    for cue in cues:
        k = stretch.rfind(cue)
        if k >= 0:
            best = max(best, start + k + len(cue))
    return best if best <= end else start


def trim_generic(text: str, start: int, end: int) -> int:
    """Move ``start`` past a generic opening (各级, 全市, 基层) that names a class of bodies."""
    for prefix in generic_prefixes_longest_first():
        if text.startswith(prefix, start) and start + len(prefix) < end:
            return start + len(prefix)
    return start


@per_gazetteers
def alternation(heads: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern for a list of heads, longest first, made once per list (and kept with
    the knowledge the list came from)."""
    return re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))


def head_matches(text: str, heads: tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    for m in alternation(heads).finditer(text):
        yield m.start(), m.end(), m.group()


def place_anchor(text: str, start: int, end: int, words: Words | None = None) -> int:
    """Move ``start`` to a division name a few characters in (评选出海门市… -> 海门市…).

    Only where the division begins a word: 小官庄镇 is a town of its own, not 小 + 官庄镇.
    """
    names = divisions_by_name()
    words = words or words_of(text)
    for k in range(start + 1, min(start + 3, end - 2)):
        for length in (4, 3):
            if text[k:k + length] in names and (words.is_boundary(k) or k == start + 1
                                                and text[start] in GLUED_BEFORE_PLACE):
                return k  # 任罕井镇党委: jieba glues 任 to the town's first character
    return start


# Verbs and function words the segmenter glues to the first character of a place (任某镇, 赴某县).
GLUED_BEFORE_PLACE = LEADING_FUNCTION_CHARS + "到至任赴"


def ends_in_division(word: str) -> bool:
    return word in divisions_by_name()


def anchored(name: str, head: str) -> bool:
    """Does a name open with a place, a level word or a personal name (杨某劳模创新工作室)?"""
    if (name[:1] in LEVEL_CHARS or name[:1] in MINORITY_LEVELS and name[1:2] not in "级县市下帜"
            or name.startswith(("地委", "地区")) and len(name) > 2
            or name[:1] in "全中国" and name.startswith(("全国", "中国", "中华", "中共"))):
        return True
    if any(name[:k] in divisions_by_name() or name[:k] in divisions_by_base() for k in (2, 3, 4)):
        return True
    if LOCAL_PLACE.match(name) and not is_common_word(LOCAL_PLACE.match(name).group(1)):
        return True  # a village's, community's or street's own body: 某某村党支部, 某某社区工会
    return head == "工作室" and name[:1] in surnames()


# A named village, community, street or township (某某村, 某某社区, 某某街道) opening a name; 农村,
# 城市社区 are common words, no names.
LOCAL_PLACE = re.compile(rf"([{CJK}]{{2,4}}?)(?:村|社区|街道|镇|乡)")


def generic_levels(prefix: str) -> bool:
    """镇区工会, 村居(社区)工会, 二级综合医院: levels or grades of bodies, not one body's name."""
    bare = re.sub(r"[()（）]", "", prefix)
    return (len(bare) >= 2 and all(c in LEVEL_CHARS + "村居社区街道" for c in bare)
            or bool(re.match(rf"[{CN_NUM}\d]级|等级", prefix)))


def after_cue(text: str, words: Words, cues: tuple[str, ...], heads: tuple[str, ...],
               max_len: int) -> Iterator[tuple[int, int, str]]:
    """Name + head right after a cue verb: 推进安全生产专项整治行动, 落实小微企业工会经费返还政策."""
    for m in _after_cue_pattern(cues, heads, max_len).finditer(text):
        start, end = m.start(1), m.end(1)
        if not words.is_boundary(start) or not words.is_boundary(end):
            continue
        yield start, end, strip_quotes(m.group(1))



@per_gazetteers
def _after_cue_pattern(cues: tuple[str, ...], heads: tuple[str, ...], max_len: int) -> re.Pattern[str]:
    # A lookahead, so that matches may overlap: 联合会将牵头开展某某竞赛 holds the cue 联合 inside a
    # name before the cue 开展 that introduces the program.
    return re.compile(rf"(?:{alternation(cues).pattern})(?=(?:了)?([{CJK}“”·]{{2,{max_len}}}?"
                      rf"(?:{alternation(heads).pattern}))(?![{CJK}]))")


@per_gazetteers
def title_set() -> frozenset[str]:
    return frozenset(titles())
