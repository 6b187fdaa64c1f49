"""People: names after a post title (主席姜敏), before 同志 or 等, in 、-lists and in bylines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..gazetteers import divisions_by_base, jieba_tags, surnameless_name_at, surnames, titles
from ..knowledge import per_gazetteers
from ..segmentation import Words, segmenter
from .names import Candidate, alternation, title_set
from .words import CJK, CN_NUM, byline_words, stop_words, word_list


@per_gazetteers
def byline_before() -> tuple[str, ...]:
    """What stands before the names of a byline (通讯员 张三, □李四, 文/王五)."""
    return word_list("byline_before")


def is_common_word(chars: str) -> bool:
    """A frequent dictionary word (关于, 全面) rather than the start of a personal name."""
    return segmenter().FREQ.get(chars, 0) > 500


# Verbs of movement that stand before a place (来宝应, 赴江油) and are surnames too.
PLACE_VERBS = "来去到在赴至回从往于向经驻"
# Characters that after a two-character name start the next word (姜敏作报告, 顾青山和…) far more
# often than they end a three-character name.
NEXT_WORD_STARTS = "作在和与及等说讲为是出到来向对从将把被同率带主表指强介参宣致任兼获荣"


@per_gazetteers
def place_name_endings() -> tuple[str, ...]:
    """What follows a place name that opens like a personal name of known parts (乌兰浩特市,
    查干湖)."""
    return word_list("place_name_endings")


def person_name_at(text: str, start: int) -> str | None:
    """A personal name starting at ``start``: a known surname and one or two more characters, or
    a Tibetan or Mongolian name of one or two known parts (次仁旺堆)."""
    surnameless = surnameless_name_at(text, start)
    if surnameless:
        follow = text[start + len(surnameless):start + len(surnameless) + 2]
        two_parts = surnameless_name_at(text, start, 1) != surnameless
        if not follow.startswith(place_name_endings()) and (
                two_parts or ends_a_name(follow) or follow.startswith(("一行", "家", "、"))):
            return surnameless  # 次仁旺堆一行, 扎西、…; not 乌兰察布市, 查干湖
    if is_common_word(text[start:start + 2]):
        return None
    if text[start + 1:start + 3] in divisions_by_base() and text[start] in PLACE_VERBS:
        return None  # 来宝应调研: a verb and a place, not a person (柳青山 is a name)
    family = surnames()
    for slen in (2, 1):
        if text[start:start + slen] in family:
            break
    else:
        return None
    rest = text[start + slen:start + slen + 2]
    if not rest or not re.match(rf"[{CJK}]", rest):
        return None
    two = text[start:start + slen + 1]
    three = text[start:start + slen + 2]
    if len(three) == slen + 2 and re.fullmatch(rf"[{CJK}]+", three):
        follow = text[start + len(three):start + len(three) + 2]
        third = three[-1]
        # The third character starts the next word (姜敏作报告, 顾青山和…) rather than ending the name.
        if third in NEXT_WORD_STARTS and not ends_a_name(follow):
            return two  # 姜敏作报告; but 孟某荣作报告 (作 follows the third) keeps three
        # Seen elsewhere as two characters followed by a break: the name is two characters.
        if _seen_as_two(text, two):
            return two
        return three
    return two


_CJK_CHAR = re.compile(rf"[{CJK}]")


@per_gazetteers
def after_a_short_name() -> tuple[str, ...]:
    """What follows a two-character name written elsewhere in the article as a whole name (…同志,
    …指出)."""
    return word_list("after_a_short_name")


def _seen_as_two(text: str, two: str) -> bool:
    """Is ``two`` written somewhere as a whole name: followed by a break or 同志, 作, 指出 …?"""
    at = text.find(two)
    after_short = after_a_short_name()
    while at >= 0:
        after = at + len(two)
        if after < len(text) and (not _CJK_CHAR.match(text, after)
                                  or text.startswith(after_short, after)):
            return True
        at = text.find(two, at + 1)
    return False


@per_gazetteers
def after_a_name() -> tuple[str, ...]:
    """What follows a whole name in news (…同志, …作报告, …告诉记者, …（某公司）): where the text
    after three characters reads so, the third character ends the name rather than starting a
    word."""
    return word_list("after_a_name")


def ends_a_name(follow: str) -> bool:
    return not follow or not _CJK_CHAR.match(follow) or follow.startswith(after_a_name())


_CJK_RUN = re.compile(rf"[{CJK}]+")


def name_ending_at(text: str, end: int) -> str | None:
    """A personal name that ends at ``end`` (…葛明同志, 陈志军等): three characters or two, or a
    Tibetan or Mongolian name of known parts (拉巴次仁等)."""
    for length in (6, 5, 4, 3, 2):
        if end - length >= 0 and surnameless_name_at(text, end - length) == text[end - length:end]:
            return text[end - length:end]
    for length in (3, 2):
        start = end - length
        if start < 0 or not _CJK_RUN.fullmatch(text, start, end):
            continue
        name = person_name_at(text, start)
        if name and len(name) == length and not is_common_word(text[start:end]):
            return name
    return None


@per_gazetteers
def job_endings() -> tuple[str, ...]:
    """How the words for jobs end (骑手, 环卫工, 驾驶员, 技师): such a word before a name is no part
    of it."""
    return word_list("job_endings")


_DOT = re.compile(rf"(?<=[{CJK}])[·•](?=[{CJK}])")
DOTTED_PART_MAX = 8  # characters on each side of a middle dot


def dotted_names(text: str, words: Words) -> Iterator[Candidate]:
    """Transcribed names with a middle dot (阿依古丽·买买提, 热合曼·阿不都拉): whole words on each
    side, to a title, a stop word, a common word or punctuation; a word that ends in a stop
    character (提等) gives the characters before it."""
    stops, after_names, jobs = stop_words(), after_a_name(), job_endings()
    for m in _DOT.finditer(text):
        if m.start() > 0 and text[m.start() - 1:m.start()] in "·•":
            continue
        left = m.start()
        for word_start, word in words.words_before(m.start(), 6):
            if (m.start() - word_start > DOTTED_PART_MAX or word in stops or word in title_set()
                    or word.endswith(tuple(title_set())) or len(word) > 1 and is_common_word(word)
                    or len(word) > 1 and word.endswith(jobs) or not _CJK_RUN.fullmatch(word)):
                break  # 骑手买买提江·…: a job before the name
            left = word_start
        right = m.end()
        while right < len(text) and right - m.end() < DOTTED_PART_MAX:
            if text[right] in "·•" and _CJK_RUN.match(text, right + 1):
                right += 1  # a second dot: 阿卜杜·热合曼·买买提
                continue
            i = words.index_at(right)
            word = words.words[i][right - words.starts[i]:]
            if (word in stops or not _CJK_RUN.fullmatch(word) or text.startswith(after_names, right)
                    or len(word) > 1 and (is_common_word(word) or jieba_tags().get(word, "").startswith("v"))):
                break  # …·艾则孜领到: a verb after the name
            if word[-1] in "等和说" and len(word) > 1:
                right += len(word) - 1
                break
            right += len(word)
        if left == m.start() or right == m.end():
            continue
        quote = max(text.rfind("“", 0, left), text.rfind("”", 0, left))
        if quote >= 0 and text[quote] == "“" and "”" in text[right:right + 20]:
            continue  # “携手防疫·共克时艰”: a slogan in quotes, not a name
        if _ordinary(words, left, m.start()) and _ordinary(words, m.end(), right):
            continue  # 地市·县域: a page's column, dictionary words on both sides
        yield Candidate(left, right, EntityType.PERSON, text[left:right])


def _ordinary(words: Words, start: int, end: int) -> bool:
    """Are the words from ``start`` to ``end`` all frequent dictionary words of no name's kind?"""
    freq, tags = segmenter().FREQ, jieba_tags()
    pos = start
    while pos < end:
        i = words.index_at(pos)
        word = words.words[i][pos - words.starts[i]:end - words.starts[i]]
        tag = tags.get(word, "")
        if freq.get(word, 0) < 100 or not tag or tag.startswith("nr"):
            return False
        pos += len(word)
    return True


@per_gazetteers
def byline() -> re.Pattern[str]:
    """Bylines: (通讯员 王某 李某), □某某, 通讯员海工宣."""
    return re.compile(rf"(?:{alternation(byline_before()).pattern})[ \t　]*((?:[{CJK}]{{2,4}}[ 　、]*)+)")


def people(text: str, words: Words) -> Iterator[Candidate]:
    """Names after a post title (主席姜敏), before 同志 or 等, in 、-lists and in bylines."""
    for m in alternation(titles()).finditer(text):
        pos = m.end()
        while True:
            name = person_name_at(text, pos)
            if not name or name in title_set():
                break
            yield Candidate(pos, pos + len(name), EntityType.PERSON, name)
            pos += len(name)
            if text[pos:pos + 1] != "、":
                break
            pos += 1
    yield from dotted_names(text, words)
    # Bylines: (通讯员 王某 李某), □某某, 通讯员海工宣 — pen names count as people too.
    credits = byline_words()
    for m in byline().finditer(text):
        pos = m.start(1)
        for item in re.finditer(rf"[{CJK}]+", m.group(1)):
            if item.group() in credits:
                continue
            if 2 <= len(item.group()) <= 3 or (len(item.group()) == 4 and item.group()[:2] in surnames()):
                yield Candidate(pos + item.start(), pos + item.end(), EntityType.PERSON, item.group())
    # …某某同志, 某某、某某等, 某某/文, 某某 摄
    for m in re.finditer(rf"(?=(同志|等同志|等[0-9{CN_NUM}]*(?:位|名|人|个)|\s*/?\s*[摄文](?![{CJK}])))", text):
        end = m.start()
        name = name_ending_at(text, end)
        if not name:
            continue
        start = end - len(name)
        yield Candidate(start, end, EntityType.PERSON, name)
        # a 、-list of names before it: 杨某、陈某某、张某某等
        while text[start - 1:start] == "、":
            prev = name_ending_at(text, start - 1)
            if not prev:
                break
            start = start - 1 - len(prev)
            yield Candidate(start, start + len(prev), EntityType.PERSON, prev)

