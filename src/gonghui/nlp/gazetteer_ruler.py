"""The gazetteer component: longest-match lookup of gazetteer terms over characters.

spaCy's ``span_ruler`` does the same job through a PhraseMatcher, but building it for the ~28,000
division names costs several seconds per pipeline; a first-character index over a dict costs
milliseconds and matches on characters, which is what Chinese names need (spaCy#5054).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import EntityType
from .gazetteers import Term, domain_terms, is_township_name_at, place_terms
from .knowledge import Gazetteers, gazetteers_v1, per_gazetteers, using
from .patterns.words import doctrine_after
from .extensions import name_span, text_of
from .segmentation import words_of

SPANS_KEY = "gonghui_gazetteer"


class TermIndex:
    """Surface form -> Term, with the lengths of the forms that start with each character."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: dict[str, Term] = {}
        for term in terms:
            # Domain terms come after places, so a program or organization wins a shared form.
            self.terms[term.text] = term
        lengths: dict[str, set[int]] = {}
        for text in self.terms:
            lengths.setdefault(text[0], set()).add(len(text))
        self.lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Non-overlapping longest matches, left to right."""
        found, i, n = [], 0, len(text)
        while i < n:
            for length in self.lengths.get(text[i], ()):
                term = self.terms.get(text[i:i + length]) if i + length <= n else None
                if term is not None:
                    found.append((i, i + length, term))
                    i += length
                    break
            else:
                i += 1
        return found


@Language.factory("gonghui_gazetteer", assigns=["doc.spans", "span._.canonical"],
                  default_config={"gazetteers": {"@misc": "gonghui.gazetteers.v1", "path": None}})
def make_gazetteer(nlp: Language, name: str, gazetteers: Callable[[], Gazetteers]) -> GazetteerRuler:
    """``gazetteers``: the loader of the pipeline's knowledge (``gonghui.gazetteers.v1``, a
    directory; the shipped one by default), called at ``initialize``."""
    return GazetteerRuler(gazetteers)


@per_gazetteers
def term_index() -> TermIndex:
    return TermIndex([*place_terms(), *domain_terms()])


class GazetteerRuler:
    """Finds the gazetteers' terms, and holds the pipeline's knowledge (``knowledge.py``): loaded
    at ``initialize`` (or at the first document of a pipeline never initialized) and saved with
    the pipeline in ``to_disk``, under ``gazetteers/``."""

    def __init__(self, load: Callable[[], Gazetteers] | None = None) -> None:
        self.load = load or gazetteers_v1()
        self._gazetteers: Gazetteers | None = None

    @property
    def gazetteers(self) -> Gazetteers:
        if self._gazetteers is None:
            self._hold(self.load())
        assert self._gazetteers is not None
        return self._gazetteers

    def _hold(self, gazetteers: Gazetteers) -> None:
        self._gazetteers = gazetteers

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
                   nlp: Language | None = None) -> None:
        self._hold(self.load())

    def to_disk(self, path: Path | str, *, exclude: Iterable[str] = ()) -> None:
        self.gazetteers.to_disk(Path(path) / "gazetteers")

    def from_disk(self, path: Path | str, *, exclude: Iterable[str] = ()) -> GazetteerRuler:
        self._hold(Gazetteers.from_disk(Path(path) / "gazetteers"))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return self.gazetteers.to_bytes()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> GazetteerRuler:
        self._hold(Gazetteers.from_bytes(data))
        return self

    def __call__(self, doc: Doc) -> Doc:
        with using(self.gazetteers):
            return self._find(doc)

    def _find(self, doc: Doc) -> Doc:
        spans = []
        text = text_of(doc)
        words, doctrines = words_of(text), doctrine_after()
        for start, end, term in term_index().find(text):
            if not words.is_boundary(end) and not words.is_boundary(start):
                continue  # inside a longer word: 劳动法 in 劳动法治, 和县 in 税务局和县书协
            if term.short and not (words.is_boundary(start) and words.is_boundary(end)):
                continue  # 安康 in 安康杯 is no city
            if term.short and is_township_name_at(text, end):
                continue  # 临海镇 is a town, not the city of 临海
            if term.type is EntityType.PERSON and text.startswith(doctrines, end):
                continue  # 习近平新时代…思想 names a doctrine, not the person
            if term.type is EntityType.PLACE and len(term.text) == 2 and term.text[0] in "和与及同":
                continue
            # A program keeps the document's own wording (产改 stays 产改); places, people and
            # national bodies take their full name (江苏 -> 江苏省, 全总 -> 中华全国总工会).
            canonical = "" if term.type is EntityType.PROGRAM else term.canonical
            span = doc.char_span(start, end, label=term.type.value)
            if span is not None:
                spans.append(name_span(span, canonical or None))
        doc.spans[SPANS_KEY] = spans
        return doc


def is_type(span: Span, etype: EntityType) -> bool:
    return span.label_ == etype.value
