"""Pattern rules for the domain's entity types, matched on characters.

Every rule is general: a head word (…总工会, …先进单位, …代表大会, 《…》, “…”活动) and a name grown
leftwards over whole words until a verb, preposition or punctuation mark. Each rule returns
``Candidate`` records; the ``gonghui_patterns`` component turns them into spans.
"""


from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import name_span, text_of
from ..knowledge import in_pipeline, uses_knowledge
from ..segmentation import Words, words_of
from .awards import awards
from .events import events
from .names import Candidate
from .organizations import organizations, union_short_forms
from .people import people
from .places import places
from .policies import policies
from .programs import facility_drives, place_contests, quoted_programs, unquoted_programs

SPANS_KEY = "gonghui_patterns"

RULES: tuple[Callable[[str, Words], Iterator[Candidate]], ...] = (
    quoted_programs, unquoted_programs, place_contests, facility_drives, policies, awards, events, organizations, union_short_forms,
    places, people)


def find_candidates(text: str) -> list[Candidate]:
    words = words_of(text)
    return [c for rule in RULES for c in rule(text, words)]


@Language.factory("gonghui_patterns", assigns=["doc.spans", "span._.canonical", "span._.aliases"])
def make_patterns(nlp: Language, name: str) -> PatternRuler:
    return in_pipeline(PatternRuler(), nlp)


@uses_knowledge
class PatternRuler:
    def __call__(self, doc: Doc) -> Doc:
        spans, named = [], set()
        for cand in find_candidates(text_of(doc)):
            span = doc.char_span(cand.start, cand.end, label=cand.type.value)
            if span is None:
                continue
            spans.append(span)
            # Two rules finding one span: the first one's name (the merge takes its span).
            if (cand.start, cand.end, cand.type) not in named:
                named.add((cand.start, cand.end, cand.type))
                name_span(span, cand.name, (cand.alias,) if cand.alias else ())
        doc.spans[SPANS_KEY] = spans
        return doc

