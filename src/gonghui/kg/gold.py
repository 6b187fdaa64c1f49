"""Gold JSON files -> ``Extraction`` records, so graphs can be built and tested without spaCy.

Gold files carry names but no offsets. When the source text is at hand, evidence is located by
string search: an entity's first mention (its longest surface form that occurs), and for a fact
the first sentence that contains a surface form of every argument (else of the last argument).
That is an approximation for tests and demos; the extractor records the real spans.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from gonghui.errors import InputError
from gonghui.records import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    HoldsPosition,
    ReceivedAward,
    Relation,
    RunsProgram,
    relation_from_json,
)

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


class _Locator:
    """Finds evidence for names in one document's text (identity offsets: text is the file)."""

    def __init__(self, document: Document, surface: dict[str, tuple[str, ...]]) -> None:
        self.document = document
        self.surface = surface  # canonical name -> forms, longest first
        self.spans = _sentences(document.text)

    def _forms(self, name: str) -> tuple[str, ...]:
        return self.surface.get(name, (name,))

    def _sentence_at(self, position: int) -> tuple[int, int]:
        for start, end in self.spans:
            if start <= position < end:
                return start, end
        return position, position + 1

    def mention(self, name: str) -> tuple[Evidence, ...]:
        text = self.document.text
        hits = [(i, form) for form in self._forms(name) if (i := text.find(form)) >= 0]
        if not hits:
            return ()
        start, form = min(hits, key=lambda hit: (hit[0], -len(hit[1])))
        s_start, s_end = self._sentence_at(start)
        sentence = self.document.text[s_start:s_end].strip()
        return (Evidence(self.document.id, start, start + len(form), sentence),)

    def fact(self, *names: str) -> tuple[Evidence, ...]:
        """The first sentence naming every argument, else the first naming the last one.

        The fallback matters in lists (X 开展了 A、B、C): the organizer is named sentences before.
        """
        for wanted in (names, names[-1:]):
            for start, end in self.spans:
                sentence = self.document.text[start:end]
                if all(any(form in sentence for form in self._forms(n)) for n in wanted):
                    stripped = sentence.strip()
                    offset = start + sentence.index(stripped)
                    return (Evidence(self.document.id, offset, offset + len(stripped), stripped),)
        return ()


def _entity(obj: dict[str, Any], locality: str | None, locator: _Locator | None) -> Entity:
    name = obj["name"]
    aliases = tuple(sorted(set(obj.get("aliases") or ()) - {name}))
    entity_type = EntityType(obj["type"])
    return Entity(
        type=entity_type,
        name=name,
        aliases=aliases,
        locality=locality if entity_type is EntityType.PERSON else None,
        evidence=locator.mention(name) if locator else (),
    )


def _with_evidence(relation: Relation, locator: _Locator | None) -> Relation:
    if locator is None:
        return relation
    if isinstance(relation, HoldsPosition):
        names = ([relation.org] if relation.org else []) + [relation.position, relation.person]
        return HoldsPosition(relation.person, relation.position, relation.org,
                             locator.fact(*names))
    if isinstance(relation, ReceivedAward):
        return ReceivedAward(relation.recipient, relation.award, relation.year,
                             locator.fact(relation.recipient, relation.award))
    assert isinstance(relation, RunsProgram)
    return RunsProgram(relation.org, relation.program, locator.fact(relation.org, relation.program))


def extraction_from_gold(obj: dict[str, Any], text: str | None = None) -> Extraction:
    """One gold object; with the source ``text``, entities and facts get located evidence."""
    name = obj["document"]
    locality = obj.get("locality")
    body = text or ""
    document = Document(id=name, file=name, text=body, offsets=tuple(range(len(body))))
    locator = None
    if text:
        surface = {e["name"]: tuple(sorted({e["name"], *(e.get("aliases") or ())},
                                           key=lambda f: (-len(f), f)))
                   for e in obj.get("entities", ())}
        locator = _Locator(document, surface)
    entities = tuple(_entity(e, locality, locator) for e in obj.get("entities", ()))
    relations = tuple(_with_evidence(relation_from_json(r), locator)
                      for r in obj.get("relations", ()))
    return Extraction(document=document, locality=locality, entities=entities,
                      relations=relations)


def read_gold_files(paths: Iterable[Path], texts_dir: Path | None = None) -> Iterator[Extraction]:
    """Gold files in the given order; source texts are looked up as ``texts_dir/<document>``."""
    for path in paths:
        try:
            obj = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: cannot read gold file: {exc}") from exc
        text = None
        if texts_dir is not None:
            source = texts_dir / obj["document"]
            if source.is_file():
                text = source.read_text(encoding="utf-8")
        yield extraction_from_gold(obj, text)
