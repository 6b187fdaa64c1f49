"""Merge the gazetteer, pattern and model spans into one set of entity mentions.

Policy (tested in tests/nlp/test_entities.py):
1. PROGRAM, AWARD, EVENT and POLICY come from the rules only; their spans are placed first,
   longest first, so a model's ORG or PLACE inside 全国工会财务工作先进单位 cannot break it.
2. PERSON, ORG and PLACE from the rules come next, longest first.
3. The model's spans fill what is left, longest first: it adds the people, organizations and
   places the rules did not see, but never moves a rule's boundary (a rule knows its head word
   and whole words; the model's edges wander: 联合县委宣传部, 宝应县职工医). A model span must
   also look like a name of its type (``plausible_model_span``).
4. An ORG or PLACE inside an EVENT (海门市总工会十六届四次全委(扩大)会议), and a village, community
   or zone inside an organization's name (某村 in 某村党支部), is kept as a nested mention in
   ``doc.spans["gonghui_nested"]``: the organization or place is an entity of its own. A township,
   county, city or province inside a name (某镇卫生院, 某市总工会, 某省劳动模范) is not: flat,
   outermost mentions.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import canonical_of, document_of, text_of
from .gazetteer_ruler import SPANS_KEY as GAZETTEER_KEY
from .patterns import SPANS_KEY as PATTERNS_KEY
from ..records import EntityType
from .gazetteers import (divisions, domain_terms, is_common_word, name_heads, org_suffixes,
                         place_terms, surnameless_name_at, surnames, titles)
from .patterns.names import anchored, generic_levels
from .patterns.organizations import party_group_heads, party_group_of_a_post
from .patterns.people import NEXT_WORD_STARTS, ends_a_name, name_ending_at, person_name_at
from .patterns.words import byline_words, generic_prefixes, not_orgs, stop_words, weak_org_heads
from .knowledge import in_pipeline, per_gazetteers, uses_knowledge
from .segmentation import Words, words_of

MODEL_KEY = "gonghui_model"
NESTED_KEY = "gonghui_nested"
RULE_ONLY = {"PROGRAM", "AWARD", "EVENT", "POLICY"}
MODEL_LABELS = {"PERSON", "ORG", "PLACE"}


def _rank(span: Span, source: int) -> tuple[int, int, int]:
    tier = 0 if span.label_ in RULE_ONLY else 1 + source
    return tier, -len(span.text), span.start_char


# Personal names: a surname and one to three more characters, or a transcribed name with a
# middle dot (阿依古丽·买买提).
_PERSON_SHAPE = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•][\u4e00-\u9fff]{1,8})+")


# A congress by its ordinal (十七大, 第三次, 十六届): an event, whatever else its name holds.
_CONGRESS = re.compile(r"[一二三四五六七八九十]+大$|[一二三四五六七八九十]+届|第[一二三四五六七八九十\d]+次")


@per_gazetteers
def _bare_heads() -> tuple[str, ...]:
    """Heads that name no organization on their own; a name does not open with one."""
    return tuple(sorted(not_orgs() | weak_org_heads(), key=len, reverse=True))


def plausible_model_span(span: Span, words: Words) -> bool:
    """Whether a model's span has the shape of a name of its type, by the rules' own knowledge.

    The model proposes, the domain vocabulary decides. PERSON: a known surname first, at a word's
    start (丁格尔 is cut out of 南丁格尔), and a name's length (a transcribed name with a middle dot
    excepted). ORG and PLACE: whole words
    at both ends (宝应县职工医 is cut out of 医院), brackets and quotes closed, no verb or other
    stop word first (加强基层工会组织); not a name the gazetteers know (the rules have already
    decided, in context, whether 苏州 or 安康 is a place there); not one common dictionary word
    (长江, 交通). And the name must end as its type's names end: an organization in an
    organization head (…总工会, …局) passing the rules' own checks on what stands before it
    (全国工会 and 省市工会 are groups), or in a company's trade (…药业, …物流); a place in a
    place word (…村, …社区, …山). An organization does not open with a bare head word (工会组织)
    and is no congress (中国工会十七大).
    """
    text = span.text
    if span.label_ == "PERSON":
        if (not _PERSON_SHAPE.fullmatch(text) or not words.is_boundary(span.start_char)
                or text.startswith(_province_names())):
            return False
        return ("·" in text or "•" in text or text[:1] in surnames() or text[:2] in surnames()
                or surnameless_name_at(text, 0) == text)  # 次仁旺堆: a Tibetan name has no surname
    if len(text) < 2 or not (words.is_boundary(span.start_char) and words.is_boundary(span.end_char)):
        return False
    if not _balanced(text) or words.word_after(span.start_char) in stop_words():
        return False
    if text in _gazetteer_names() or text in not_orgs() or is_common_word(text):
        return False
    if span.label_ == "PLACE":
        return any(text.endswith(h) and len(text) > len(h) for h in name_heads(EntityType.PLACE))
    if text.startswith(_bare_heads()) or _CONGRESS.search(text):
        return False
    full = text_of(span.doc)
    if text.endswith(party_group_heads()) and party_group_of_a_post(full, span.end_char - 2,
                                                                    span.end_char):
        return False  # 某总工会党组 before 书记: the post's, not a body
    head = next((h for h in org_suffixes() if text.endswith(h)), None)
    if head is not None:
        prefix = text[: -len(head)]
        return (bool(prefix) and prefix not in generic_prefixes() and not generic_levels(prefix)
                and (head not in weak_org_heads() or anchored(text, head)))
    trade = next((h for h in name_heads(EntityType.ORG) if text.endswith(h)), None)
    return trade is not None and len(text) - len(trade) >= 2


def longer_model_orgs(rules: list[Span], model: list[Span]) -> list[Span]:
    """Where the model's organization overlaps a rule's from the left, reaching a place's name
    that the rule's does not (某市云计算和数据中心产业工会联合会, which the rule cut at 和), the name
    starts where the model's does: a place at the start and the rule's head at the end are the
    evidence that it is one name. Elsewhere the rule's boundaries stand."""
    swapped = {}
    for m in model:
        if m.label_ != "ORG" or not anchored(m.text, ""):
            continue
        for r in rules:
            if (r.label_ == "ORG" and m.start_char < r.start_char < m.end_char <= r.end_char
                    and not anchored(r.text, "")):
                # the same head at both ends, or the rule's name runs on past the model's (a
                # company's unit: 某某冶炼有限公司熔炼车间丙班): the model's left edge, the rule's right
                grown = (m if r.end_char == m.end_char
                         else m.doc.char_span(m.start_char, r.end_char, label="ORG"))
                if grown is not None:
                    swapped[id(r)] = grown
    return [swapped.get(id(r), r) for r in rules]


def trimmed_person(doc: Doc, span: Span) -> Span:
    """A model person of a one-character surname and two more is cut to two characters where the
    rules read the third as the next word's start (姜敏作报告: 姜敏); other spans as they are."""
    text = span.text
    follow = text_of(doc)[span.end_char:span.end_char + 2]
    if (span.label_ != "PERSON" or len(text) != 3 or text[2] not in NEXT_WORD_STARTS
            or text[:2] in surnames() or ends_a_name(follow)):
        return span  # 李某强告诉记者: what follows the third character ends the name
    return doc.char_span(span.start_char, span.end_char - 1, label="PERSON") or span


def _balanced(text: str) -> bool:
    return all(text.count(o) == text.count(c) for o, c in ("()", "（）", "“”", "《》", "「」"))


@per_gazetteers
def _province_names() -> tuple[str, ...]:
    """Provinces by full and short name (江西省, 江西)."""
    return tuple(sorted({name for division in divisions() if division.level == "province"
                         for name in (division.name, division.base)}))


@per_gazetteers
def _gazetteer_names() -> frozenset[str]:
    return frozenset(term.text for term in (*place_terms(), *domain_terms()))


def merge_spans(doc: Doc, rule_spans: list[Span],
                model_spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Non-overlapping entity spans, and the ORG/PLACE spans nested in an EVENT."""
    model_spans = [s for s in model_spans if s.label_ in MODEL_LABELS]
    ranked = sorted([(s, 0) for s in rule_spans] + [(s, 1) for s in model_spans],
                    key=lambda pair: _rank(*pair))
    taken: list[Span] = []
    owner: list[Span | None] = [None] * len(doc)
    nested: list[Span] = []
    for span, _source in ranked:
        cells = owner[span.start:span.end]
        if all(c is None for c in cells):
            taken.append(span)
            for i in range(span.start, span.end):
                owner[i] = span
        elif span.label_ in ("ORG", "PLACE", "PROGRAM"):
            holders = {id(c): c for c in cells if c is not None}
            if len(holders) == 1:
                holder = next(iter(holders.values()))
                inside = span.start >= holder.start and span.end <= holder.end
                # A village or zone (not a short form: 安康 in 安康三送 is no city) inside an
                # organization's name (某村党支部, 某工业园区管委会): often the one mention of a place
                # the article is set in. A township, county, city or province inside a name (某镇
                # 卫生院, 某市总工会) is not annotated on its own: flat, outermost mentions.
                place_in_name = (span.label_ == "PLACE" and _source == 0 and canonical_of(span) == span.text
                                 and holder.label_ == "ORG" and _local_place(span.text))
                # 金秋助学 inside “春送岗位、夏送清凉、金秋助学、冬送温暖”: a known program listed
                # inside a larger one is a program of its own.
                listed_program = (span.label_ == "PROGRAM" == holder.label_
                                  and "、" in holder.text and canonical_of(span) is None)
                if (inside and (holder.label_ == "EVENT" and span.label_ != "PROGRAM" or place_in_name
                                or listed_program)
                        and all(n.start != span.start or n.end != span.end for n in nested)):
                    nested.append(span)
    return sorted(taken, key=lambda s: s.start), sorted(nested, key=lambda s: s.start)


_DOTTED_PART = re.compile(r"[\u4e00-\u9fff]{1,8}")


def whole_dotted_name(doc: Doc, span: Span) -> Span:
    """A transcribed name runs over its middle dots (阿依古丽·买买提): a person span that stops at
    a dot, or starts just after one, is grown to the whole name. Leftwards it stops after a post
    title, a stop word or a common word (书记阿依古丽·买买提)."""
    if span.label_ != "PERSON":
        return span
    text = text_of(doc)
    start, end = span.start_char, span.end_char
    words, stops = words_of(text), stop_words()
    while text[end:end + 1] in ("·", "•") and _DOTTED_PART.match(text, end + 1):
        # the part after a dot: whole words, two at most, to a stop word (…·买买提等)
        after = end + 1
        for _ in range(2):
            i = words.index_at(after)
            word = words.words[i]
            if (words.starts[i] != after or word in stops or not _DOTTED_PART.fullmatch(word)
                    or after + len(word) > end + 1 + 5):
                break
            after += len(word)
        if after == end + 1:
            break
        end = after
    dot = next((i for i in range(start - 1, end) if text[i:i + 1] in ("·", "•")), -1)
    if dot >= 0:
        # the part before the first dot: whole words back from it, to a title, a stop word or
        # a common word (表彰了买买提江·…: 了 stops)
        left = start
        for word_start, word in words.words_before(dot, 2):  # a given name: two words at most
            if (word_start < dot - 5 or word in stops or word in titles()
                    or len(word) > 1 and is_common_word(word)
                    or not re.fullmatch(r"[\u4e00-\u9fff]+", word)):
                break
            left = min(left, word_start)
        start = left
    if (start, end) == (span.start_char, span.end_char):
        return span
    return doc.char_span(start, end, label="PERSON") or span


def _local_place(name: str) -> bool:
    """A village, community or zone (某村, 某社区, 某工业园区): a place named inside an
    organization's name that is kept as a place of its own. A township (某镇卫生院, 某镇总工会),
    county, city or province inside a name is not (guidelines: flat, outermost mentions; the
    seed gold, annotated before the conventions, counts townships too: measured, dev PLACE
    0.799 -> 0.849, seeds 0.902 -> 0.875)."""
    return name.endswith(("村", "社区", "园区", "开发区"))


def byline_spans(doc: Doc, bylines: tuple[str, ...]) -> list[Span]:
    """The byline names the reader found (通讯员 X, X 摄), wherever they stand in the text."""
    spans, text = [], text_of(doc)
    for name in bylines:
        if not name or name in byline_words() or not person_name_at(name, 0):
            continue
        for m in re.finditer(re.escape(name), text):
            span = doc.char_span(m.start(), m.end(), label="PERSON")
            if span is not None:
                spans.append(span)
    return spans


def mentions_of_known_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """Every other occurrence of a person already found (姜敏 after 主席姜敏 …)."""
    names = {s.text for s in spans if s.label_ == "PERSON" and len(s.text) >= 2}
    found, text = [], text_of(doc)
    for name in names:
        for m in re.finditer(re.escape(name), text):
            span = doc.char_span(m.start(), m.end(), label="PERSON")
            if span is not None:
                found.append(span)
    return found


LIST_END = "、等和及与,，。;；:：)）"


def people_listed_with_people(doc: Doc, ents: list[Span]) -> list[Span]:
    """施丹明、焦海洋、庄毛英等: the other items of a 、-list that holds a person are people too,
    where they look like names (a surname, two or three characters, the item ends there)."""
    text = text_of(doc)
    covered = [False] * (len(text) + 1)
    for ent in ents:
        for i in range(ent.start_char, ent.end_char):
            covered[i] = True
    found: list[Span] = []
    queue = [e for e in ents if e.label_ == "PERSON"]
    while queue:
        person = queue.pop()
        for start, name in (_listed_after(text, person.end_char), _listed_before(text, person.start_char)):
            if not name or any(covered[start:start + len(name)]):
                continue
            span = doc.char_span(start, start + len(name), label="PERSON")
            if span is not None:
                found.append(span)
                queue.append(span)
                for i in range(start, start + len(name)):
                    covered[i] = True
    return found


def _listed_after(text: str, end: int) -> tuple[int, str | None]:
    if text[end:end + 1] != "、":
        return end, None
    name = person_name_at(text, end + 1)
    if name and text[end + 1 + len(name):end + 2 + len(name)] in tuple(LIST_END):
        return end + 1, name
    return end, None


def _listed_before(text: str, start: int) -> tuple[int, str | None]:
    if start < 1 or text[start - 1] != "、":
        return start, None
    name = name_ending_at(text, start - 1)
    if name and words_of(text).is_boundary(start - 1 - len(name)):  # 邀请施丹明: a word begins
        return start - 1 - len(name), name
    return start, None


SOURCES = ("both", "model")


@Language.factory("gonghui_entities", assigns=["doc.ents", "doc.spans"],
                  requires=["doc.spans"],
                  default_config={"model_labels": ["PERSON", "ORG"], "sources": "both"})
def make_entities(nlp: Language, name: str, model_labels: list[str], sources: str) -> EntityMerger:
    """``model_labels``: the types taken from the statistical model (the others: rules only).
    ``sources``: "both" merges rules and model; "model" takes PERSON, ORG and PLACE from the model
    alone, as it tags them, and the other types from the rules (the model's own column in
    docs/ner-model.md; the rules' own column is the pipeline without a model)."""
    unknown = set(model_labels) - MODEL_LABELS
    if unknown:
        raise ValueError(f"gonghui_entities: model_labels must be among {sorted(MODEL_LABELS)}, "
                         f"not {sorted(unknown)}")
    if sources not in SOURCES:
        raise ValueError(f"gonghui_entities: sources must be one of {SOURCES}, not {sources!r}")
    return in_pipeline(EntityMerger(frozenset(model_labels), sources), nlp)


@uses_knowledge
class EntityMerger:
    def __init__(self, model_labels: frozenset[str] = frozenset(MODEL_LABELS),
                 sources: str = "both") -> None:
        self.model_labels = model_labels
        self.sources = sources

    def __call__(self, doc: Doc) -> Doc:
        if self.sources == "model":
            return self._model_alone(doc)
        document = document_of(doc)
        rules = [*doc.spans.get(PATTERNS_KEY, []), *doc.spans.get(GAZETTEER_KEY, [])]
        rules += byline_spans(doc, document.bylines if document else ())
        words = words_of(text_of(doc))
        rules = [whole_dotted_name(doc, s) for s in rules]
        model = [whole_dotted_name(doc, trimmed_person(doc, s)) for s in doc.spans.get(MODEL_KEY, [])
                 if s.label_ in self.model_labels and plausible_model_span(s, words)]
        rules = longer_model_orgs(rules, model)
        # A person the model found is a known person too: its other mentions are found by name.
        rules += mentions_of_known_people(doc, rules + [s for s in model if s.label_ == "PERSON"])
        ents, nested = merge_spans(doc, rules, model)
        doc.ents = sorted([*ents, *people_listed_with_people(doc, ents)], key=lambda e: e.start)
        doc.spans[NESTED_KEY] = nested
        return doc

    def _model_alone(self, doc: Doc) -> Doc:
        """The model's PERSON, ORG and PLACE unfiltered, the rules' other types around them."""
        rules = [s for s in (*doc.spans.get(PATTERNS_KEY, []), *doc.spans.get(GAZETTEER_KEY, []))
                 if s.label_ in RULE_ONLY]
        model = [s for s in doc.spans.get(MODEL_KEY, []) if s.label_ in MODEL_LABELS]
        ents, nested = merge_spans(doc, rules, model)
        doc.ents = ents
        doc.spans[NESTED_KEY] = nested
        return doc
