"""Organizations: a name grown leftwards from an organization head (…总工会, …局, …有限公司), the
work units named after their body, and the short forms of unions (省总, 县总)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..gazetteers import divisions_by_base, divisions_by_name, org_suffixes, titles
from ..knowledge import per_gazetteers
from ..segmentation import Words, segmenter
from .names import (Candidate, alternation, anchored, cut_after_cues, ends_in_division, generic_levels,
                    grow_left, place_anchor, title_set, trim_generic)
from .words import (CJK, CN_NUM, LEADING_FUNCTION_CHARS, LEVEL_CHARS, MINORITY_LEVELS,
                    generic_prefixes, not_orgs, org_stops, weak_org_heads, word_list, word_set)


@per_gazetteers
def venue_heads() -> tuple[str, ...]:
    """Heads of venues (…行政中心): places, not the bodies that run them (the place rule takes them)."""
    return word_list("venue_heads")


def organizations(text: str, words: Words) -> Iterator[Candidate]:
    """A name grown leftwards from an organization head (…总工会, …局, …有限公司)."""
    titles_known = title_set()
    not_bodies, generic, weak_heads = not_orgs(), generic_prefixes(), weak_org_heads()
    stops, venues, group_heads, owners = org_stops(), venue_heads(), party_group_heads(), unit_owners()
    classes = class_words()
    listed: Candidate | None = None  # the last organization found, for lists (县税务局、供电公司)
    for m in alternation(org_suffixes()).finditer(text):
        hs, he, head = m.start(), m.end(), m.group()
        if (not words.is_boundary(he) and text[he:he + 1] not in "、,，。;；:：(（"
                and not text.startswith(titles(), he)):
            continue
        wi = words.index_at(hs)
        word = words.words[wi]
        if (not words.is_boundary(hs) and words.starts[wi] + len(word) != he
                and len(word) <= len(head) + 2 and not ends_in_division(word)):
            continue  # the head is the tail of a longer word (集中学 is not a 中学; 高邮市委 is fine)
        if len(head) == 1 and (word in not_bodies or word in titles_known):
            continue  # 大局, 举办, 常委: a common word that ends in the head
        if head in group_heads and party_group_of_a_post(text, hs, he):
            continue  # 某总工会党组书记: the post is 党组书记, the body 某总工会 (guidelines)
        start = trim_generic(text, grow_left(words, hs, 18, stops), hs)
        start = cut_after_cues(text, start, hs, ("围绕", "依托", "联合", "会同", "获", "表彰"))
        start = place_anchor(text, start, he)
        start = _short_form_start(text, words, start, hs)
        name = text[start:he]
        if name.endswith(venues):
            continue  # a venue: the place rule takes it
        prefix = name[: -len(head)]
        shared = _list_prefix(text, listed, start) if len(name) >= 2 else ""
        numbered = bool(NUMBERED_COMMITTEE.fullmatch(name))
        if (shared and not anchored(name, head) and name not in not_bodies
                and prefix not in generic and "届" not in prefix):
            # 县税务局、供电公司、财政局: the level word or division that names the first body of
            # a list names the others too.
            listed = Candidate(start, he, EntityType.ORG, shared + name)
            yield listed
            continue
        if re.search(rf"[一两{CN_NUM}\d]+(?:所|家|个|座)$|某$", text[max(0, start - 4):start]):
            continue  # 考入一所农业大学, 一家科技公司: an indefinite body, none in particular
        if text[start - 1:start] == "“" and text[he:he + 1] == "”" and re.search(
                "(?:命名为|评为|授予|获评|荣获|获得)$", text[max(0, start - 6):start - 1]):
            continue  # 被命名为“某市劳模创新工作室”: an honour, not a body
        if head.endswith("中心") and text.startswith("组", he):
            continue  # 县委中心组: a committee's study group, not a centre
        if (name in not_bodies or prefix in generic or _after_division(prefix) in classes
                or "届" in prefix and not numbered
                or not prefix and head[0] not in LEVEL_CHARS or generic_levels(prefix)):
            continue
        if name.endswith(titles()) and head not in titles_known:
            continue  # 市委常委 is a post, and 市委 stands before it on its own
        if len(prefix) == 1 and prefix not in LEVEL_CHARS + MINORITY_LEVELS and name != "地委":
            continue  # 进学校, 该公司: one character before the head is a word, not a name
        if head in weak_heads and not anchored(name, head) and not (numbered and name.startswith("第")):
            continue
        owner_end = _owner_inside(name, head)
        if owner_end and re.match(rf"[{CJK}]", text[he:he + 1]):
            # 某有限公司炼钢厂炉前工: a unit of a company before a job is a job description; the
            # body is the company (guidelines).
            name, he = name[:owner_end], start + owner_end
        listed = Candidate(start, he, EntityType.ORG, name)
        yield listed
        tail = _sub_unit_end(text, words, he) if head in owners else he
        if tail > he:
            yield Candidate(start, tail, EntityType.ORG, text[start:tail])


@per_gazetteers
def unit_heads() -> frozenset[str]:
    """Heads of a company's own work units (its 炼钢厂, its 项目部), named after the company."""
    return word_set("unit_heads")


@per_gazetteers
def company_heads() -> tuple[str, ...]:
    """How the name of a company that owns work units ends (有限公司, 集团)."""
    return word_list("company_heads")


def _owner_inside(name: str, head: str) -> int:
    """Where the company ends in a unit's name that opens with it (某有限公司炼钢厂 -> after 有限公司),
    or 0."""
    if head not in unit_heads():
        return 0
    ends = [name.rfind(o, 0, len(name) - len(head)) + len(o) for o in company_heads()
            if name.rfind(o, 0, len(name) - len(head)) > 0]
    return max(ends, default=0)


@per_gazetteers
def unit_owners() -> frozenset[str]:
    """Bodies whose work units receive honours and hold posts under their own names: a company's
    车间甲班, a hospital's 急诊科, a bureau's 一中队 (a work group that receives an honour is an
    organization, guidelines)."""
    return word_set("unit_owners")


SUB_UNIT = re.compile(rf"[{CJK}]{{0,10}}?(?:车间[甲乙丙丁一二三四五六]班|班组|分部|项目部|分公司|分厂|急诊科|护理组|"
                      rf"[{CN_NUM}]中队|[{CN_NUM}]队|抢修班|运营班|煤矿|科|站)")
@per_gazetteers
def unit_posts() -> tuple[str, ...]:
    """Posts in a work unit: after them the unit is part of a job description (guidelines)."""
    return word_list("unit_posts")


def _sub_unit_end(text: str, words: Words, he: int) -> int:
    """Where a work unit named right after its body ends (…有限公司聚合车间甲班), else ``he``:
    the longest stretch of whole words, none a verb, a preposition or a title, that ends in a
    unit's head at a word's end."""
    posts, stops, titles_known = unit_posts(), org_stops(), title_set()
    for end in range(min(len(text), he + 14), he, -1):
        if not SUB_UNIT.fullmatch(text, he, end) or not words.is_boundary(end):
            continue
        if text.startswith(posts, end) or text.startswith(titles(), end):
            return he  # 某公司抢修班班长张三: a job description, the body is the company
        pos = he
        while pos < end:
            i = words.index_at(pos)
            word = words.words[i]
            if words.starts[i] != pos or word in stops or word in titles_known:
                break
            pos += len(word)
        if pos == end:
            return end
    return he


@per_gazetteers
def party_group_heads() -> tuple[str, ...]:
    """Party groups and committees inside a body (某总工会党组书记: the post is 党组书记)."""
    return word_list("party_group_heads")


@per_gazetteers
def party_posts() -> tuple[str, ...]:
    """Posts a party group or committee holds: after them the group names no body of its own."""
    return word_list("party_posts")


@per_gazetteers
def body_endings() -> tuple[str, ...]:
    """The heads of bodies that have a party group (a union, a bureau, a court), not of places:
    镇党委 is a township's own committee, 县总工会党组书记 a post at the union."""
    return word_list("body_endings")


def party_group_of_a_post(text: str, hs: int, he: int) -> bool:
    """某总工会党组书记, 某局党委副书记: a party group or committee that opens a post."""
    return text.startswith(party_posts(), he) and text[:hs].endswith(body_endings())


# Characters jieba glues to a following level word that start no name (由区, 至市, 任县, 年州).
GLUED_BEFORE_LEVEL = LEADING_FUNCTION_CHARS + "到至该率任年是"


def _short_form_start(text: str, words: Words, start: int, hs: int) -> int:
    """Where a short form (县总工会, 市委组织部) opens a name grown over a clause
    (选举产生市总工会, 次活动由区总工会, 这是该县总工会): the level word starts the name unless
    what stands before it is a place (临西县总工会, 台州市椒江区…)."""
    names, bases = divisions_by_name(), divisions_by_base()
    freq = segmenter().FREQ
    for p in range(start + 1, hs):
        if text[p] not in "省市县区州旗" or text[p - 1] in "(（":
            continue  # 镇(区)职工服务站: levels in brackets
        if freq.get(text[p - 2:p + 1] if p >= start + 2 else "", 0) or freq.get(text[p - 1:p + 1], 0) >= 100:
            continue  # 园区, 城市, 社区, 自治区: the level character ends a word
        pre = text[start:p]
        if any(pre[k:] + text[p] in names or pre[k:] in bases or pre[k:] in names
               for k in range(max(0, len(pre) - 6), len(pre))):
            continue
        wi = words.index_at(p)
        word, word_start = words.words[wi], words.starts[wi]
        # 晓燕为|县总工会, 刚到|县总工会: a function word glued to the name before a short form
        after_function_word = word[1:] in org_suffixes() and text[p - 1] in GLUED_BEFORE_LEVEL
        bare = word_start == p and (len(word) == 1 or len(word) == 2 and word[1] in "委总"
                                    or after_function_word)
        glued = word_start == p - 1 and len(word) == 2 and word[0] in GLUED_BEFORE_LEVEL
        if bare or glued:
            return p
    return start


@per_gazetteers
def class_words() -> frozenset[str]:
    """Words for a class of bodies after a division (某县基层工会 are all the county's grassroots
    unions)."""
    return word_set("class_words")


# A union's numbered committee (某县总工会第十届委员会, 第十届经费审查委员会, 某县总工会女职工委员会):
# a body of its own, elected by a congress; a numbered meeting is an event, not this.
NUMBERED_COMMITTEE = re.compile(rf"(?:[{CJK}]*(?:工会|联合会))?(?:第[{CN_NUM}]+届)?(?:经费审查|女职工)?委员会")


def _after_division(prefix: str) -> str:
    """What follows a division or level word that opens ``prefix`` (某县基层 -> 基层)."""
    for k in (4, 3, 2):
        if prefix[:k] in divisions_by_name() and len(prefix) > k:
            return prefix[k:]
    return prefix[1:] if prefix[:1] in LEVEL_CHARS else prefix


def _list_prefix(text: str, previous: Candidate | None, start: int) -> str:
    """The level word (县) or division (射阳县) of the body just before ``start`` in a list
    (县税务局、…), which holds for the next body too; "" where there is no such list."""
    if previous is None or previous.end + 1 != start or text[previous.end] != "、":
        return ""
    name = previous.name or ""
    for k in (4, 3, 2):
        if name[:k] in divisions_by_name() and len(name) > k:
            return name[:k]
    if len(name) >= 3 and name[0] in "省市县区" and name[1] not in "级场民内域区城直":
        return name[0]
    return ""


# After 省总/市总/县总 these start another word (总结, 总体, 总量…): no union is meant.
NOT_AFTER_ZONG = "工结体量数计书经部之的值额裁监队"
# 省总 where it opens a name grown from a program head (实施省总产教融合…项目).
SHORT_UNION_AT = re.compile(rf"[省市县区]总(?![{NOT_AFTER_ZONG}])")


def union_short_forms(text: str, words: Words) -> Iterator[Candidate]:
    """省总, 市总, 县总: how union papers write the provincial, city and county union."""
    for m in re.finditer(rf"(?<![{CJK}])(?:[省市县区])总(?=党组|[^{CJK}{NOT_AFTER_ZONG}]|$)|"
                         rf"(?<=[实施在由向对和与及经从照据合受获被])(?:[省市县区])总"
                         rf"(?=党组|[^{NOT_AFTER_ZONG}])",
                         text):
        yield Candidate(m.start(), m.end(), EntityType.ORG, m.group())
