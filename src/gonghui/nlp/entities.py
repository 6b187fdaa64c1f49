"""Merge the gazetteer, pattern and model spans into one set of entity mentions.

Policy (tested in tests/nlp/test_entities.py):
1. PROGRAM, AWARD, EVENT and POLICY come from the rules only; their spans are placed first,
   longest first, so a model's ORG or PLACE inside 全国工会财务工作先进单位 cannot break it.
2. PERSON, ORG and PLACE from rules and model then compete, longest first; on equal length the
   rules win (a rule knows its head word), and the model adds what the rules did not see.
3. An ORG or PLACE inside an EVENT (海门市总工会十六届四次全委(扩大)会议), and a division name
   inside any other name (黄沙港镇 in 黄沙港镇卫生院), is kept as a nested mention in
   ``doc.spans["gonghui_nested"]``: the organization or place is an entity of its own.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import document_of, text_of
from .gazetteer_ruler import SPANS_KEY as GAZETTEER_KEY
from .patterns import SPANS_KEY as PATTERNS_KEY
from .patterns import _person_name_at

MODEL_KEY = "gonghui_model"
NESTED_KEY = "gonghui_nested"
RULE_ONLY = {"PROGRAM", "AWARD", "EVENT", "POLICY"}
MODEL_LABELS = {"PERSON", "ORG", "PLACE"}


def _rank(span: Span, source: int) -> tuple[int, int, int, int]:
    tier = 0 if span.label_ in RULE_ONLY else 1
    return tier, -len(span.text), source, span.start_char


def merge_spans(doc: Doc, rule_spans: list[Span],
                model_spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Non-overlapping entity spans, and the ORG/PLACE spans nested in an EVENT."""
    ranked = sorted([(s, 0) for s in rule_spans]
                    + [(s, 1) for s in model_spans if s.label_ in MODEL_LABELS],
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
                # a full division name (not a short form: 安康 in 安康三送 is no city) inside an
                # organization, event or award name
                place_in_name = (span.label_ == "PLACE" and _source == 0 and span.kb_id_ == span.text
                                 and holder.label_ in ("ORG", "EVENT", "AWARD"))
                # 金秋助学 inside “春送岗位、夏送清凉、金秋助学、冬送温暖”: a known program listed
                # inside a larger one is a program of its own.
                listed_program = (span.label_ == "PROGRAM" == holder.label_
                                  and "、" in holder.text and span.kb_id_ == "")
                if (inside and (holder.label_ == "EVENT" and span.label_ != "PROGRAM" or place_in_name
                                or listed_program)
                        and all(n.start != span.start or n.end != span.end for n in nested)):
                    nested.append(span)
    return sorted(taken, key=lambda s: s.start), sorted(nested, key=lambda s: s.start)


def byline_spans(doc: Doc, bylines: tuple[str, ...]) -> list[Span]:
    """The byline names the reader found (通讯员 X, X 摄), wherever they stand in the text."""
    spans, text = [], text_of(doc)
    for name in bylines:
        if not name or not _person_name_at(name, 0):
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


@Language.factory("gonghui_entities", assigns=["doc.ents", "doc.spans"],
                  requires=["doc.spans"])
def make_entities(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()


class EntityMerger:
    def __call__(self, doc: Doc) -> Doc:
        document = document_of(doc)
        rules = [*doc.spans.get(PATTERNS_KEY, []), *doc.spans.get(GAZETTEER_KEY, [])]
        rules += byline_spans(doc, document.bylines if document else ())
        rules += mentions_of_known_people(doc, rules)
        model = list(doc.spans.get(MODEL_KEY, []))
        ents, nested = merge_spans(doc, rules, model)
        doc.ents = ents
        doc.spans[NESTED_KEY] = nested
        return doc
