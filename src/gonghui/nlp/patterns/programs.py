"""Programs: quoted names with a program head (“X”活动), names after a run cue (实施康乃馨工程) and
enumerated items of a report (一是强基固本工程)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..gazetteers import divisions_by_name
from ..knowledge import per_gazetteers
from ..segmentation import Words
from .awards import award_heads, quoted_award_at
from .names import Candidate, after_cue, cut_after_cues, strip_quotes
from .organizations import SHORT_UNION_AT
from .words import CJK, CN_NUM, run_cues, stop_words, word_list, word_set


@per_gazetteers
def program_heads() -> tuple[str, ...]:
    """Heads after a quoted name (“X”活动); the first that fits is taken, so longer heads come
    first in the file."""
    return word_list("program_heads")


@per_gazetteers
def program_endings() -> tuple[str, ...]:
    """How a quoted name with no head ends when it names a program (…行动, …驿站, …杯)."""
    return word_list("program_endings")


@per_gazetteers
def bare_program_heads() -> tuple[str, ...]:
    """Heads after which the quoted core is the name (“名师带徒”活动 is 名师带徒); a descriptive
    tail (“六个一”创新升级竞赛, “书香企业”创建活动) is part of it."""
    return word_list("bare_program_heads")


PROGRAM_TAIL = re.compile(rf"^[{CJK}·]{{0,12}}(?:活动|行动|竞赛|大赛|比赛|比武|工程|项目|计划|建设|创建|教育|月|嘉年华)")
# The nearest program ending, where the longest tail runs into a list (…技能比武等活动).
SHORT_PROGRAM_TAIL = re.compile(PROGRAM_TAIL.pattern.replace("{0,12}", "{0,12}?"))
# A tail that describes a group (“双月访”等帮扶活动) or runs into the sentence (…活动由县总工会…).
TAIL_BREAK = re.compile(r"[等的为和与及、并或由]|开工")


@per_gazetteers
def seasons() -> tuple[str, ...]:
    """Seasons and holidays that open a program's name (夏季“送清凉”, 两节“送温暖”)."""
    return word_list("seasons")


# 三件大事, 五大重点, 九项措施: numbered slogans, not programs, unless a program head follows.
# (“十个一”, “六个一” are programs: a numeral at the end counts activities, not slogans.)
NUMBERED_SLOGAN = re.compile(rf"^[{CN_NUM}]+[大项件条种个][{CJK}]{{0,2}}[^{CN_NUM}]$|^进[{CJK}]{{2}}$")


@per_gazetteers
def holidays() -> frozenset[str]:
    """Holidays in quotes (“两节”送温暖): they say when, not what."""
    return word_set("holidays")


@per_gazetteers
def before_a_quoted_honour() -> tuple[str, ...]:
    """What stands before a quoted honour: 被命名为“某市劳模创新工作室”, 被评为“…”."""
    return word_list("before_a_quoted_honour")


def quoted_programs(text: str, words: Words) -> Iterator[Candidate]:
    """“X”活动 / “X”竞赛 …, and quoted names that are run or end like a program."""
    heads, endings, bare_heads = program_heads(), program_endings(), bare_program_heads()
    opening_seasons, cues, honours = seasons(), run_cues(), award_heads()
    quoted_holidays, honour_before = holidays(), before_a_quoted_honour()
    for m in re.finditer(r"[“「『]([^“”「」『』\n]{2,48}?)[”」』]", text):
        core = strip_quotes(m.group(1))
        after = text[m.end(): m.end() + 16]
        if len(re.findall(rf"[{CJK}]", core)) < 2 and not (len(core) <= 5 and PROGRAM_TAIL.match(after)):
            continue  # “3+3”, but “520”女职工特别关爱活动 is a program
        known = next((h for h in heads if after.startswith(h)), "")
        tail_match = PROGRAM_TAIL.match(after)
        if core in opening_seasons or core in quoted_holidays:
            continue  # “两节”送温暖活动: a season names no program; the gazetteer finds what follows
        if tail_match and TAIL_BREAK.search(tail_match.group()):
            # …技能比武等活动: the nearest ending, where 等 closes a list of activities
            tail_match = SHORT_PROGRAM_TAIL.match(after)
            if tail_match and (TAIL_BREAK.search(tail_match.group())
                               or not after.startswith("等", tail_match.end())):
                tail_match = None
        head = max(known, tail_match.group() if tail_match else "", key=len)
        if (any(after.startswith(h) for h in honours) or after.startswith(("称号", "荣誉", "授牌"))
                or text[max(0, m.start() - 3):m.start()].endswith(honour_before)
                or quoted_award_at(text, m.start(), m.end())):
            continue  # part of an award name, or an honour conferred (被命名为“…”): not a program
        if not head:
            # A bare quoted phrase is a program only where it is run, or reads like one, and
            # does not modify a following noun (建设“强富美高”新海门 is a slogan). In a list of
            # quoted names (开展“A”“B”“C”) the cue before the first one serves them all.
            clause = max(text.rfind(ch, 0, m.start()) for ch in "。；;,，!！?？\n") + 1
            run = any(c in text[max(clause, m.start() - 30):m.start()] for c in cues)
            reads_as_program = core.endswith(endings)
            if len(core) < 3 or (not run and not reads_as_program) or NUMBERED_SLOGAN.match(core):
                continue
            if (not reads_as_program and after[:1] and after[:1] not in "，,、。；;：:)）和与及等“”\n"
                    and not after.startswith(("为", "的", "建设", "创建"))):
                continue
            if re.search(r"(称号|荣誉|奖|精神)$", core) or core.endswith(honours):
                continue
        start = m.start()
        season = next((q for q in opening_seasons if text.endswith(q, 0, start)), "")
        start -= len(season)
        end = m.end() + len(head)
        full = season + core + head
        name = season + core if head in bare_heads and len(core) > 3 else full
        alias = full if name != full else season + core if head else None
        yield Candidate(start, end, EntityType.PROGRAM, name, alias)


@per_gazetteers
def unquoted_program_heads() -> tuple[str, ...]:
    """Heads of a program named without quotes after a run cue (实施康乃馨工程, 开展…专项行动)."""
    return word_list("unquoted_program_heads")


@per_gazetteers
def unquoted_program_heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(unquoted_program_heads(), key=len, reverse=True))


@per_gazetteers
def generic_program_words() -> tuple[str, ...]:
    """Words that make a program phrase generic (各类活动, 此次竞赛)."""
    return word_list("generic_program_words")


@per_gazetteers
def generic_program_parts() -> re.Pattern[str]:
    """What a generic activity is made of (职工职业技能竞赛, 安全生产监督检查活动): a name left with
    nothing once these are taken out names no particular program."""
    return re.compile("|".join(word_list("generic_program_parts")))


@per_gazetteers
def strong_program_heads() -> tuple[str, ...]:
    """Heads that make a name a named campaign even when its words are common (安全生产专项整治行动)."""
    return word_list("strong_program_heads")


@per_gazetteers
def unquoted_program_cues() -> tuple[str, ...]:
    """What stands before a program named without quotes: a run cue, or 投身."""
    return run_cues() + ("投身",)


ENUMERATION = re.compile(rf"(?<![^。；;\n])\s*[{CN_NUM}]是([{CJK}“”·]{{2,16}}?(?:工程|行动|计划|活动|项目))(?=[。；;,，])")


EDITIONS = re.compile(rf"[{CN_NUM}\d]+届")
@per_gazetteers
def attendance_verbs() -> frozenset[str]:
    """Verbs of attending: a stretch that holds one is a sentence about a program, not its name."""
    return word_set("attendance_verbs")


@per_gazetteers
def festival_heads() -> tuple[str, ...]:
    """Heads of annual festivals a union holds: named by what they are for, in common words
    (职工读书月)."""
    return word_list("festival_heads")


@per_gazetteers
def festivals() -> re.Pattern[str]:
    """One festival of a list joined by 和, 及 or 、 (全区职工读书月和职工文化艺术节)."""
    return re.compile(rf"[^和及、]+?(?:{'|'.join(festival_heads())})(?=[和及、]|$)")


def unquoted_programs(text: str, words: Words) -> Iterator[Candidate]:
    """Programs named after a cue verb without quotes (实施康乃馨工程), or as enumerated items of a
    report (一是强基固本工程。二是职工之家工程。)."""
    cues, heads = run_cues() + ("了",), unquoted_program_heads_longest_first()
    generic, strong_heads = generic_program_words(), strong_program_heads()
    generic_parts = generic_program_parts()
    festival_ends, attending = festival_heads(), attendance_verbs()
    named = after_cue(text, words, unquoted_program_cues(), unquoted_program_heads(), 16)
    for start, end, name in named:
        start = cut_after_cues(text, start, end, cues)
        if SHORT_UNION_AT.match(text, start):
            start += 2  # 实施省总产教融合…项目: the union that runs it, then the program
        count = EDITIONS.match(text, start, end)
        if count and text[start - 1:start] != "第":
            start = count.end()  # 连续举办五届某县…大赛: the count of editions is not the name
        name = text[start:end]
        head = next((h for h in heads if name.endswith(h)), "")
        body = name[: -len(head)] if head else ""
        strong = name.endswith(strong_heads)
        if name.endswith(festival_ends):
            # 举办全区职工读书月(和职工文化艺术节): a festival is a named program of its own, in
            # common words too; two joined by 和 are two
            for part in festivals().finditer(name):
                part_start = start + part.start()
                part_start += 2 if re.match(r"全[省市县区镇]", text[part_start:]) else 0  # 全区…
                if start + part.end() - part_start >= 4:
                    yield Candidate(part_start, start + part.end(), EntityType.PROGRAM,
                                    text[part_start:start + part.end()])
            continue
        inside = words.words[words.index_at(start) + 1:words.index_at(end - 1)]
        if any(w in attending for w in inside):
            continue  # 组织委员某某出席活动: a sentence, not a name
        if (len(body) < (3 if strong else 4) or any(g in body for g in generic)
                or "“" in name or not strong and not generic_parts.sub("", body)):
            continue
        yield Candidate(start, end, EntityType.PROGRAM, name)
    for m in ENUMERATION.finditer(text):
        name = strip_quotes(m.group(1))
        if not any(g in name for g in generic):
            yield Candidate(m.start(1), m.end(1), EntityType.PROGRAM, name)


# A skill contest named by its place (and year and edition): 2023年某市职工职业技能大赛, 某县第五届
# 电工职业技能竞赛. Without a place it is generic work (开展职工职业技能竞赛).
CONTEST_HEAD = re.compile(r"(?:职业技能|技能)(?:大赛|竞赛|比武|比赛)")
YEAR_BEFORE = re.compile(r"(?:19|20)\d\d年(?:度)?$")


def place_contests(text: str, words: Words) -> Iterator[Candidate]:
    """某市(第N届)…职业技能大赛, with the year that stands before the place (2023年某市…大赛)."""
    names, stops = divisions_by_name(), stop_words()
    for m in CONTEST_HEAD.finditer(text):
        if not words.is_boundary(m.end()) and text[m.end():m.end() + 1] not in "，,。；;、)）”\n":
            continue
        place = None
        for word_start, word in words.words_before(m.start(), 8):
            if word_start < m.start() - 20 or word in stops or not re.fullmatch(rf"[{CJK}]+", word):
                break
            if word in names:
                place = word_start  # the outermost place: 某市某县… starts at the city
        if place is None:
            continue
        year = YEAR_BEFORE.search(text, max(0, place - 7), place)
        start = year.start() if year else place
        yield Candidate(start, m.end(), EntityType.PROGRAM, text[start:m.end()])


# A service brand spread as a building drive (guidelines: 职工书屋建设): common words for whom it
# serves, a facility word, 建设. A named station's building (某镇职工驿站建设) is not one.
FACILITY_DRIVE = re.compile(
    "((?:职工|劳模|工匠|人才|户外|劳动者|爱心|暖心|司机|妈妈|女职工|新就业形态|技能|创新|和)+"
    "(?:驿站|书屋|之家|小屋|母婴室|工作室|服务站点))建设")


@per_gazetteers
def before_a_drive() -> frozenset[str]:
    """Words that may stand before a facility drive (加强职工驿站建设); any other word names one
    station's building (城关镇职工驿站建设)."""
    return word_set("before_a_drive")


def facility_drives(text: str, words: Words) -> Iterator[Candidate]:
    """劳模创新工作室建设, 职工驿站建设: unquoted brands that a union spreads."""
    stops, drive_before = stop_words(), before_a_drive()
    for m in FACILITY_DRIVE.finditer(text):
        start = m.start() + (text[m.start()] == "和")  # 帮扶和劳模创新工作室建设: 和 joins a list
        if not words.is_boundary(start) or not words.is_boundary(m.end()):
            continue
        before = words.words_before(start, 1)
        word = before[0][1] if before else ""
        if (word and re.fullmatch(rf"[{CJK}]+", word) and word not in stops
                and word not in drive_before):
            continue  # 城关镇职工驿站建设: one station's building
        yield Candidate(start, m.end(), EntityType.PROGRAM, text[start:m.end()])
