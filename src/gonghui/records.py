"""Typed, frozen records that the pipeline stages hand each other.

Data flows one way: files -> ``SourceFile`` -> ``Document`` (one per article) -> spaCy ``Doc``
-> ``Extraction`` -> RDF graph. The graph is built from these records only, never from a spaCy
``Doc``, so it can be built from a gold file without spaCy, and ``gonghui extract`` writes the
same records in the gold files' JSON shape (``../shared/annotation-guidelines.md``).

Offsets: every ``start``/``end`` in ``Evidence`` is a character offset into the *decoded original
file text* (``SourceFile.text``), half-open, so a fact can always be shown in its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union


class EntityType(str, Enum):
    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"
    PROGRAM = "PROGRAM"
    AWARD = "AWARD"
    EVENT = "EVENT"
    POLICY = "POLICY"


class RelationType(str, Enum):
    HOLDS_POSITION = "HOLDS_POSITION"
    RECEIVED_AWARD = "RECEIVED_AWARD"
    RUNS_PROGRAM = "RUNS_PROGRAM"


@dataclass(frozen=True)
class SourceFile:
    """A file as read from disk: its name, its decoded text and what the reader learnt of it."""

    path: str  # as given by the user (relative paths stay relative: no absolute paths in outputs)
    # The document identity: the path relative to the input root the file was found under, in
    # POSIX form (``a/news.txt``), ending in the file name (the gold files' ``document`` key is
    # the file name: ``Path(name).name``).
    name: str
    text: str  # the decoded original text; all offsets point into it
    encoding: str  # e.g. "utf-8", "utf-8-sig", "gb18030", "big5"
    media_type: str  # "text/plain", "text/markdown" or "text/html"
    metadata: tuple[tuple[str, str], ...] = ()  # front matter and similar, as (key, value) pairs
    sha256: str = ""  # of the file's bytes: tells a changed file from an unchanged one


@dataclass(frozen=True)
class Document:
    """One article: cleaned text plus a map from each cleaned character to the original file.

    ``offsets[i]`` is the offset in ``SourceFile.text`` of ``text[i]``; ``len(offsets) ==
    len(text)``. A newspaper page with several articles gives several documents of one file.
    """

    # Stable and readable: "<file id>" or "<file id>#<n>" for the n-th article (1-based), where
    # the file id is ``SourceFile.name``, the path under the input root (``a/news.txt``).
    id: str
    file: str  # SourceFile.name
    text: str
    offsets: tuple[int, ...]
    title: str | None = None
    date: str | None = None  # ISO 8601 date "YYYY-MM-DD" when known
    source: str | None = None  # 来源 / 文章来源 / front matter
    bylines: tuple[str, ...] = ()  # names from 通讯员 X, X 摄, □X
    categories: tuple[str, ...] = ()
    sha256: str = ""  # SourceFile.sha256: the content hash of the file the article was read from
    # Which piece of a long file the article was read from (``ingest/pieces.py``); the articles
    # of one piece are one page, each other's context. 0 for every file read whole.
    page: int = 0

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the half-open span of the original file."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside document of {len(self.text)} chars")
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Evidence:
    """Where a mention or fact was read: document id, original-file span, the sentence."""

    document: str  # Document.id
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Entity:
    type: EntityType
    name: str  # canonical: the fullest unambiguous form the document supports
    aliases: tuple[str, ...] = ()  # other surface forms, sorted, without ``name``
    # People are identified by name within a locality (two 陈萍 in two counties stay two);
    # other types carry the locality for information only.
    locality: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class HoldsPosition:
    person: str
    position: str
    org: str | None = None
    evidence: tuple[Evidence, ...] = ()
    type: RelationType = field(default=RelationType.HOLDS_POSITION, init=False)


@dataclass(frozen=True)
class ReceivedAward:
    recipient: str  # a PERSON or ORG name of the same extraction
    award: str
    year: int | None = None
    evidence: tuple[Evidence, ...] = ()
    type: RelationType = field(default=RelationType.RECEIVED_AWARD, init=False)


@dataclass(frozen=True)
class RunsProgram:
    org: str
    program: str
    evidence: tuple[Evidence, ...] = ()
    type: RelationType = field(default=RelationType.RUNS_PROGRAM, init=False)


Relation = Union[HoldsPosition, ReceivedAward, RunsProgram]


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document (article); arguments use the canonical entity names."""

    document: Document
    locality: str | None
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]


# --- the gold files' JSON shape -------------------------------------------------------------


def relation_to_json(rel: Relation) -> dict[str, Any]:
    if isinstance(rel, HoldsPosition):
        return {"type": rel.type.value, "person": rel.person, "position": rel.position,
                "org": rel.org}
    if isinstance(rel, ReceivedAward):
        return {"type": rel.type.value, "recipient": rel.recipient, "award": rel.award,
                "year": rel.year}
    return {"type": rel.type.value, "org": rel.org, "program": rel.program}


def relation_from_json(obj: dict[str, Any]) -> Relation:
    kind = RelationType(obj["type"])
    if kind is RelationType.HOLDS_POSITION:
        return HoldsPosition(obj["person"], obj["position"], obj.get("org"))
    if kind is RelationType.RECEIVED_AWARD:
        year = obj.get("year")
        return ReceivedAward(obj["recipient"], obj["award"], int(year) if year else None)
    return RunsProgram(obj["org"], obj["program"])


def extraction_to_json(document: str, locality: str | None, entities: tuple[Entity, ...],
                       relations: tuple[Relation, ...]) -> dict[str, Any]:
    """The gold files' shape; ``document`` is the file's identity (its path under the input root),
    whose last component is the file name the scorer matches on."""
    return {
        "document": document,
        "locality": locality,
        "entities": [{"type": e.type.value, "name": e.name, "aliases": list(e.aliases)}
                     for e in entities],
        "relations": [relation_to_json(r) for r in relations],
    }
