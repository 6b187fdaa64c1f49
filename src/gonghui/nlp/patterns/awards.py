"""Awards and honours: [scope][name] + an award head (全国工会财务工作先进单位), quoted honours where
the text confers them (被评为“某市最美快递员”), and contest prizes in results (个人一等奖3名、二等奖5名).

An honour's name is what the issuing scope calls it: 某市五一劳动奖章, 某区“安康杯”竞赛先进单位.
What stands before it in the sentence is not part of it: the recipients (等20名同志“…”), the body
that confers it (某市总工会“…”), the recipient's employer (某公司首席技师) or a verb (希望, 申报).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..gazetteers import divisions_by_base, divisions_by_name
from ..knowledge import per_gazetteers
from ..segmentation import Words
from .names import Candidate, cut_after_cues, grow_left, place_anchor, strip_quotes
from .words import CJK, CN_NUM, award_cues, award_stops, stop_words, word_list, word_set


@per_gazetteers
def award_heads() -> tuple[str, ...]:
    """Heads of honours and awards (…先进单位, …五一劳动奖章, …一等奖)."""
    return word_list("award_heads")


@per_gazetteers
def weak_award_heads() -> frozenset[str]:
    """Award heads that are ordinary words too: an award only next to a cue or in quotes."""
    return word_set("weak_award_heads")


@per_gazetteers
def scoped_award_heads() -> frozenset[str]:
    """Heads that name an honour only after a scope: 某市劳模创新工作室 (张三劳模创新工作室 is an ORG)."""
    return word_set("scoped_award_heads")


@per_gazetteers
def award_scopes() -> tuple[str, ...]:
    """Scopes that open an honour's name (全国…, 全市…)."""
    return word_list("award_scopes")


@per_gazetteers
def award_issuers() -> tuple[str, ...]:
    """Heads of bodies that confer an honour or employ its recipient (某市总工会“…”, 某公司首席技师)."""
    return word_list("award_issuers")


@per_gazetteers
def generic_award_openings() -> tuple[str, ...]:
    """Openings of a class of bodies, not of an honour's name (基层工会…示范点)."""
    return word_list("generic_award_openings")


@per_gazetteers
def award_name_stops() -> frozenset[str]:
    """Where an honour's name grown leftwards ends: a stop word, and a pronoun, a verb of the
    sentence or a quantity."""
    return award_stops() | word_set("award_name_breaks")


@per_gazetteers
def quoted_award_cues() -> tuple[str, ...]:
    """Cues before a quoted honour, whatever its head (被评为“某市最美快递员”)."""
    return word_list("quoted_award_cues")


@per_gazetteers
def weak_quoted_award_cues() -> tuple[str, ...]:
    """Cues that take other things too (获得“娘家人”的关怀, 颁发“…”证书): a quotation after them is
    an honour only where it reads as one (an award head or an honour word in it)."""
    return word_list("weak_quoted_award_cues")


@per_gazetteers
def honour_words() -> tuple[str, ...]:
    """Words that make a quoted name read as an honour (最美…, 优秀…, 十佳…)."""
    return word_list("honour_words")


@per_gazetteers
def quoted_award_tails() -> tuple[str, ...]:
    """What follows a quoted honour when it is handed over (“…”称号, “…”牌匾, “…”授牌)."""
    return word_list("quoted_award_tails")


@per_gazetteers
def not_award_endings() -> tuple[str, ...]:
    """Endings of a quoted name that make it a contest, campaign or slogan, not an honour."""
    return word_list("not_award_endings")


@per_gazetteers
def prize_cues() -> tuple[str, ...]:
    """Cues before a contest prize in results (决出个人一等奖…)."""
    return word_list("prize_cues")


# A level word as a scope: 省, 市级, 省部级.
LEVEL_WORD = re.compile(r"[省市县区州旗盟](?:级|部级)?")
YEAR = re.compile(r"^[0-9]{4}年度?")
ORDINAL = re.compile(rf"第[0-9{CN_NUM}]+届")
# Between a cue and the honour: the body that confers it (获评全国总工会“…”), the recipients
# counted (3人, 等20名同志, 15家) and a year.
BETWEEN_CUE_AND_AWARD = re.compile(
    rf"(?:[{CJK}]{{1,10}}(?:总工会|人民政府|政府))?(?:等?[0-9{CN_NUM}]+(?:个|名|家|人|位|支)[{CJK}]{{0,3}})?"
    rf"(?:[0-9]{{4}}年度?)?")
# Contest prizes as results give them (个人一等奖, 团体第二名, 优秀组织奖).
PRIZE = re.compile(r"(个人|团体)?(?:[一二三特]等奖|第[一二三]名)|优秀组织奖")
# People of a rank, not one honour: 省部级以上劳动模范, 省部级劳动模范; 全国、省、市级劳动模范.
RANK_LIST_BEFORE = re.compile(r"(?:全国|省|市|县|[省市县]级)、$")
RANK = re.compile(r"省部级|以上")
# Between two items of a list of honours, or of prizes: a count and a separator (…20个，…).
LIST_GAP = re.compile(rf"[0-9{CN_NUM}]*(?:名|个|家|人|项|支)?[、，,和及]")


def awards(text: str, words: Words) -> Iterator[Candidate]:
    yield from headed_awards(text, words)
    yield from quoted_awards(text, words)
    yield from prizes(text, words)


def headed_awards(text: str, words: Words) -> Iterator[Candidate]:
    """[scope][name] + award head: 全国工会财务工作先进单位, 省“安康杯”竞赛组织工作先进单位,
    同志“某市劳动模范” (the quotation is the name)."""
    cued_ends: list[int] = []  # where awards that a cue conferred end: a list goes on from them
    scoped_heads, weak_heads, cues = scoped_award_heads(), weak_award_heads(), award_cues()
    stops, openings = award_name_stops(), generic_award_openings()
    for hs, he, head in _heads_at_name_ends(text, words):
        scoped = head in scoped_heads
        # 全国示范性劳模和工匠人才创新工作室: 和 joins inside a scoped honour's name
        start = grow_left(words, hs, 20, stops - {"和"} if scoped else stops, allow_quotes=True)
        start = place_anchor(text, cut_after_cues(text, start, hs, cues), he)
        opening = text.rfind("“", max(0, hs - 30), hs)
        if text[he:he + 1] == "”" and opening >= 0 and not re.search("[”\n]", text[opening:hs]):
            start = _quotation_start(text, words, start, opening)
        else:
            start = _after_issuer(text, start, hs)
        start = _at_scope(text, start, hs)
        while start < hs and words.word_after(start).startswith(("各", "每")):
            start += len(words.word_after(start))  # 各工种个人一等奖: each trade's prize
        name = YEAR.sub("", strip_quotes(text[start:he]))
        cue = (cue_before(text, start, cues) or text[he: he + 2] in ("称号", "荣誉")
               or any(e <= start and LIST_GAP.fullmatch(text, e, start) for e in cued_ends[-3:]))
        inside = text[start:he]
        if inside.count("“") > inside.count("”"):
            if text[he:he + 1] != "”":
                continue  # the head sits inside a longer quoted name (“劳模工匠进校园…”)
            he += 1  # 全市工会系统“综合工作先进单位”: the closing quote ends the name
        quoted = "“" in inside or text[start - 1:start] == "“"
        if (head in weak_heads or name == head) and not (cue or quoted):
            continue  # an ordinary phrase (劳模工匠, 先进单位) unless something is awarded
        if len(name) < 4 or name.startswith(("劳模", "职工")) and name.endswith("工匠"):
            continue
        if name.startswith(openings) or scoped and not opens_with_scope(name):
            continue  # 部分企业示范点: a class; 张三劳模创新工作室: the studio itself
        if scoped and LEVEL_WORD.match(name) and not (cue or quoted):
            continue  # 新命名县级劳模创新工作室3个: studios of a rank
        if RANK.search(name) or RANK_LIST_BEFORE.search(text[max(0, start - 4):start]):
            continue  # 省部级以上劳动模范, 全国、省、市级劳动模范: people of a rank
        if cue:
            cued_ends.append(he)
        yield Candidate(start, he, EntityType.AWARD, name)


def _heads_at_name_ends(text: str, words: Words) -> Iterator[tuple[int, int, str]]:
    """The award heads that end a name: at a word's end, a quote, a list mark or 称号. Heads that
    overlap are all tried (巾帼标兵 and 标兵岗 in the one word 五一巾帼标兵岗), the longest at each
    place; one inside a head already taken is not (最美职工 inside 最美职工书屋)."""
    taken_end = -1
    for m in overlapping_award_heads().finditer(text):
        hs, head = m.start(), m.group(1)
        he = hs + len(head)
        if he <= taken_end:
            continue
        if text[he:he + 1] and text[he:he + 1] in ")）":
            continue
        if (not words.is_boundary(he) and text[he:he + 1] not in "”」、,，。;；"
                and not text.startswith(("称号", "荣誉"), he)):
            continue
        taken_end = he
        yield hs, he, head


@per_gazetteers
def overlapping_award_heads() -> re.Pattern[str]:
    """The award heads, longest first, in a lookahead: every head at every place, overlaps too."""
    heads = sorted(award_heads(), key=len, reverse=True)
    return re.compile("(?=(" + "|".join(re.escape(h) for h in heads) + "))")


def _quotation_start(text: str, words: Words, start: int, opening: int) -> int:
    """A head that closes a quotation: the quotation is the name (同志“某市劳动模范”), with what
    stands before it only where that is a scope or an ordinal (省优秀“退役军人之家”, 第十六届“…”)."""
    prefix = text[start:opening] if start < opening else ""
    if prefix and (ORDINAL.fullmatch(prefix) or opens_with_scope(prefix)) \
            and _after_issuer(text, start, opening) == start:
        return start
    return scope_before(text, words, opening)


def scope_before(text: str, words: Words, quote: int) -> int:
    """Where a quoted honour's name starts: at its opening quote, or at a scope word right before
    it (某区“…”, 省“…”); a body (某市总工会“…”) or the recipients (同志“…”) are no part of it."""
    before = words.words_before(quote, 1)
    if before:
        word_start, word = before[0]
        if word not in stop_words() and (word in award_scopes() or LEVEL_WORD.fullmatch(word)
                                       or _is_division(word)):
            return word_start
    return quote


def _is_division(word: str) -> bool:
    return word in divisions_by_name() or word in divisions_by_base()


def opens_with_scope(name: str) -> bool:
    """全国示范性…, 浙江省…, 市级…: a scope opens the name."""
    if name.startswith(award_scopes()) or LEVEL_WORD.match(name) and not name.startswith("市场"):
        return True
    return any(_is_division(name[:k]) for k in (2, 3, 4, 5))


def cue_before(text: str, start: int, cues: tuple[str, ...]) -> bool:
    """Does a cue stand before ``start`` in its clause, past the conferring body, the recipients
    counted and a year (获评全国总工会“…”, 授予某某等3人“…”, 荣获2023年度…)?"""
    clause = max(text.rfind(ch, 0, start) for ch in "。；;，,！!？?\n") + 1
    before = text[max(clause, start - 24):start]
    return any(before.endswith(cues, 0, k) for k in range(len(before), -1, -1)
               if BETWEEN_CUE_AND_AWARD.fullmatch(before, k))


def _after_issuer(text: str, start: int, hs: int) -> int:
    """某公司首席技师 -> 首席技师: a body before the head is the recipient's employer or the issuer."""
    stretch = text[start:hs]
    ends = [stretch.rfind(h) + len(h) for h in award_issuers() if h in stretch]
    return start + max(ends) if ends else start


def _at_scope(text: str, start: int, hs: int) -> int:
    """——记全国优秀工会工作者 -> 全国优秀工会工作者: a scope word inside the stretch opens the name
    (中华全国总工会 aside)."""
    scopes = award_scopes()
    for k in range(start + 1, hs):
        if text.startswith(scopes, k) and text[k - 2:k] != "中华":
            if text.count("“", start, k) > text.count("”", start, k):
                break  # 第十届“全国…大赛”…银奖: the scope is inside a quoted name
            return k
    return start


def _quote_run_end(text: str, end: int) -> int:
    """The end of a run of quoted names (“A”“B”称号) from the quote that ends at ``end``."""
    while text[end:end + 1] == "“":
        close = text.find("”", end + 1, end + 42)
        if close < 0:
            break
        end = close + 1
    return end


def quoted_award_at(text: str, open_at: int, close_at: int) -> bool:
    """Is the quotation text[open_at:close_at] (quotes included) an honour conferred?

    被评为“…”, 授予某某等3人“…”称号, 荣获某总工会“…”“…”称号, 颁发“…”牌匾, 为15家“…”授牌. The
    quotation must end the name (“安康杯”竞赛优胜单位 goes to the headed rule) and must not name a
    contest, a campaign or a slogan.
    """
    core = text[open_at + 1:close_at - 1]
    if core.endswith(not_award_endings()) or len(re.findall(f"[{CJK}]", core)) < 3:
        return False
    run_end = _quote_run_end(text, close_at)
    after = text[run_end:run_end + 4]
    if after.startswith(quoted_award_tails()):
        return True
    if re.match(f"[{CJK}]", after) and not after.startswith(("的", "和", "等", "及", "与")):
        return False
    first = open_at  # the first quotation of a run carries the cue (荣获“A”“B”称号)
    while text[first - 1:first] == "”":
        previous = text.rfind("“", max(0, first - 42), first - 1)
        if previous < 0:
            break
        first = previous
    if cue_before(text, first, quoted_award_cues()):
        return True
    return cue_before(text, first, weak_quoted_award_cues()) and (
        core.endswith(award_heads()) or any(w in core for w in honour_words()))


def quoted_awards(text: str, words: Words) -> Iterator[Candidate]:
    """Honours in quotes where the text confers them, whatever their head: 获评“某市最美快递员”,
    “某州级示范职工驿站”授牌, 颁发“某爱心企业”牌匾."""
    for m in re.finditer(r"“([^“”\n]{2,40})”", text):
        if quoted_award_at(text, m.start(), m.end()):
            start = scope_before(text, words, m.start())
            yield Candidate(start, m.end(), EntityType.AWARD, YEAR.sub("", strip_quotes(text[start:m.end()])))


def prizes(text: str, words: Words) -> Iterator[Candidate]:
    """Contest prizes in results: after a cue (决出个人一等奖…, 分获团体一等奖), as a list's heading
    (个人二等奖：) and as the next items of such a list (、二等奖4名、三等奖12名), which take the first
    item's 个人 or 团体 (个人二等奖)."""
    previous: tuple[int, str] | None = None  # where the last prize ended, and its 个人/团体
    cues = prize_cues()
    for m in PRIZE.finditer(text):
        if not words.is_boundary(m.start()):
            continue
        listed = previous is not None and bool(LIST_GAP.fullmatch(text, previous[0], m.start()))
        heading = text[m.start() - 1:m.start()] in ("", "\n") and text[m.end():m.end() + 1] in ("：", ":")
        if not (listed or heading or cue_before(text, m.start(), cues)):
            previous = None
            continue
        party = m.group(1) or (previous[1] if listed and previous else "")
        previous = (m.end(), party)
        yield Candidate(m.start(), m.end(), EntityType.AWARD, ("" if m.group(1) else party) + m.group())
