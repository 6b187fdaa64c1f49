"""spaCy Docs -> ``Extraction`` records, and extractions -> the gold files' JSON shape.

This is the one place that knows both the NLP objects and the records; everything after it
(graph, pages, JSONL) works from records only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..records import (Document, Entity, EntityType, Evidence, Extraction, Relation,
                       extraction_to_json)
from ..ingest.mapped import MappedText
from ..ingest.script import Native, is_traditional, simplify, to_simplified
from .extensions import remember_text
from .gazetteers import national_figures
from .knowledge import of_pipeline, using
from .locality import Locality
from .relations import FoundRelation
from .resolve import Resolution, family_key

SENTENCE_END = "。！？!?\n"
MAX_SENTENCE = 160  # evidence is a sentence, not a paragraph: long ones are cut around the span


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    rights = [i + 1 for i in (text.find(ch, end) for ch in SENTENCE_END) if i >= 0]
    right = min(rights) if rights else len(text)
    if right - left > MAX_SENTENCE:
        left = max(left, start - MAX_SENTENCE // 2)
        right = min(right, end + MAX_SENTENCE // 2)
    return text[left:right].strip()


def _evidence(document: Document, start: int, end: int) -> Evidence:
    orig_start, orig_end = document.original_span(start, end)
    return Evidence(document.id, orig_start, orig_end, sentence_around(document.text, start, end))


# The locality of a national or historic figure (习近平, 南丁格尔): the country, so that every
# article's mention is one person in the graph, not one per county.
NATIONAL = "中国"


def doc_to_extraction(doc: Doc, document: Document) -> Extraction:
    resolution = Resolution.of(doc)
    locality: Locality = doc._.locality
    person_locality = locality.name if locality else None
    entities = tuple(
        Entity(EntityType(e.type), e.name, tuple(sorted(e.aliases)),
               NATIONAL if e.type == "PERSON" and e.name in national_figures() else person_locality,
               tuple(_evidence(document, s, t) for s, t in sorted(e.spans)))
        for e in resolution.entities)
    relations: list[Relation] = []
    for found in doc._.relations:
        assert isinstance(found, FoundRelation)
        evidence = (_evidence(document, found.start, found.end),)
        relations.append(type(found.relation)(**{**_fields(found.relation), "evidence": evidence}))
    return Extraction(document, person_locality, entities, tuple(relations))


def _fields(relation: Relation) -> dict[str, Any]:
    return {k: v for k, v in relation.__dict__.items() if k not in ("type", "evidence")}


def extract(documents: Iterable[Document], nlp: Language, batch_size: int = 8,
            context: Iterable[Document] | None = None) -> Iterator[Extraction]:
    """Run the pipeline over documents, in order, one Extraction per document.

    An article in traditional characters is read in its simplified view (``simplified_view``)
    and its extraction given back in its own characters. An article's page (the articles of its
    file, or of its piece of a long file) is its context; ``context`` gives the documents the
    pages are made of, when more than these."""
    originals = list(documents)
    views = [simplified_view(document) for document in originals]
    pending = [view for view, _native in views]
    in_pages = pending if context is None else [simplified_view(d)[0] for d in context]
    pages: dict[tuple[str, int], str] = {}
    for document in in_pages:
        key = (document.file, document.page)
        pages[key] = pages.get(key, "") + document.text + "\n"
    docs = []
    for document in pending:
        doc = remember_text(nlp.make_doc(document.text), document.text)
        doc._.document = document
        if document.id != document.file:  # one article of several: the page is its context
            doc._.page_text = pages[(document.file, document.page)]
        docs.append(doc)
    knowledge = of_pipeline(nlp)  # the records read it too (national figures)
    for original, (view, native), doc in zip(originals, views, nlp.pipe(docs, batch_size=batch_size)):
        with using(knowledge):
            extraction = doc_to_extraction(doc, view)
        yield extraction if native is None else in_own_characters(extraction, original, native)


def simplified_view(document: Document) -> tuple[Document, Native | None]:
    """The document itself if it is in simplified characters; else its simplified text (offsets
    still into the original file) and the ``Native`` that gives its names back."""
    simplified = to_simplified(document.text)
    if simplified == document.text or not is_traditional(document.text, simplified):
        return document, None
    view = simplify(MappedText.of(document.text))
    offsets = tuple(document.offsets[i] for i in view.offsets)
    return replace(document, text=view.text, offsets=offsets), Native(document.text, view)


def in_own_characters(extraction: Extraction, document: Document, native: Native) -> Extraction:
    """Names, aliases, relation arguments and evidence sentences in the document's characters.
    The locality stays the division list's name: it identifies a division, and with it a person,
    across documents in either script."""
    def evidence(items: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
        return tuple(replace(e, sentence=native(e.sentence)) for e in items)

    entities = tuple(
        replace(e, name=(name := native(e.name)),
                aliases=tuple(sorted({native(a) for a in e.aliases} - {name})),
                evidence=evidence(e.evidence))
        for e in extraction.entities)
    relations = tuple(
        replace(r, **{k: native(v) if isinstance(v, str) else v for k, v in _fields(r).items()},
                evidence=evidence(r.evidence))
        for r in extraction.relations)
    return replace(extraction, document=document, entities=entities, relations=relations)


def page_locality(localities: list[str]) -> str | None:
    """A page's locality: its articles' own when they agree, else the city (or province) that
    holds them all (a city paper's page with news from 高邮市 and 宝应县 is about 扬州市)."""
    if not localities or len(set(localities)) == 1:
        return localities[0] if localities else None
    from .gazetteers import divisions_by_name

    def parents(name: str) -> list[str]:
        div = next(iter(divisions_by_name().get(name, ())), None)
        if div is None:
            return [name]
        return [p for p in (div.name if div.level == "city" else div.city, div.province) if p]

    chains = [parents(name) for name in localities]
    for level in range(2):
        shared = {chain[level] if level < len(chain) else None for chain in chains}
        if len(shared) == 1 and None not in shared:
            return shared.pop()
    return None


def file_records(extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """One gold-shaped JSON object per input file: the articles of a page are merged."""
    by_file: dict[str, list[Extraction]] = {}
    for ex in extractions:
        by_file.setdefault(ex.document.file, []).append(ex)
    out = []
    for file, parts in by_file.items():
        entities: dict[tuple[EntityType, str], Entity] = {}
        for ex in parts:
            for e in ex.entities:
                key = (e.type, family_key(e.type, e.name))
                if key in entities:
                    old = entities[key]
                    aliases = set(old.aliases) | set(e.aliases) | {e.name}
                    aliases.discard(old.name)
                    entities[key] = Entity(e.type, old.name, tuple(sorted(aliases)), old.locality,
                                           old.evidence + e.evidence)
                else:
                    entities[key] = e
        seen, unique = set(), []
        for rel in (r for ex in parts for r in ex.relations):
            key = (rel.type, *_fields(rel).values())
            if key not in seen:
                seen.add(key)
                unique.append(rel)
        locality = page_locality([ex.locality for ex in parts if ex.locality])
        out.append(extraction_to_json(file, locality, tuple(entities.values()), tuple(unique)))
    return out
