"""The one place that turns names into IRIs.

Instance IRIs are readable: ``https://w3id.org/gonghui/id/organization/某县总工会``. Chinese
characters stay as they are (they are ``ucschar`` in RFC 3987, valid in an IRI path); every
other character that is not unreserved (``/``, ``#``, ``?``, spaces, quotes, ASCII brackets,
controls) is percent-encoded as UTF-8, so one name is always one path segment. A segment that
is exactly ``-`` marks an absent argument (no locality, no organization, no year); a name
``-`` is therefore encoded as ``%2D``.

Facts and evidence get IRIs derived from their arguments, so building twice gives the same
graph and the same fact read from two documents is one node.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import lru_cache

from rdflib import URIRef

from gonghui.kg.namespace import ID_NS
from gonghui.records import EntityType, Evidence

ABSENT = "-"
_UNRESERVED_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# RFC 3987 ucschar ranges (private-use ranges are allowed only in queries, so not here).
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)) + tuple(
    (plane + 0x0000, plane + 0xFFFD) for plane in range(0x10000, 0xF0000, 0x10000)
)
_WHITESPACE = re.compile(r"\s+")


class Kind(str, Enum):
    """The first path segment of an instance IRI."""

    PERSON = "person"
    ORG = "organization"  # not "org": that prefix is W3C ORG's
    PLACE = "place"
    PROGRAM = "program"
    AWARD = "award"
    EVENT = "event"
    POLICY = "policy"
    DOCUMENT = "doc"
    FILE = "file"
    ROLE = "role"
    MEMBERSHIP = "membership"
    CONFERRAL = "conferral"
    RUN = "run"
    EVIDENCE = "evidence"


ENTITY_KINDS: dict[EntityType, Kind] = {
    EntityType.PERSON: Kind.PERSON,
    EntityType.ORG: Kind.ORG,
    EntityType.PLACE: Kind.PLACE,
    EntityType.PROGRAM: Kind.PROGRAM,
    EntityType.AWARD: Kind.AWARD,
    EntityType.EVENT: Kind.EVENT,
    EntityType.POLICY: Kind.POLICY,
}


def normalize_name(name: str) -> str:
    """NFC, trimmed, inner whitespace runs collapsed to one space. Raises on an empty name.

    Deliberately not NFKC: full-width （） and ： are how Chinese names are written, and the
    canonical name shown as ``skos:prefLabel`` must stay the name the text gives.
    """
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", name)).strip()
    if not text:
        raise ValueError(f"empty name {name!r} cannot be minted into an IRI")
    return text


def _keeps(char: str) -> bool:
    if char in _UNRESERVED_ASCII:
        return True
    if unicodedata.category(char)[0] in "CZ":  # controls, format marks, all spaces
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in _UCSCHAR)


@lru_cache(maxsize=1 << 16)  # names repeat across facts and articles; encoding is per character
def _segment(part: str | None) -> str:
    if part is None:
        return ABSENT
    text = normalize_name(part)
    encoded = "".join(c if _keeps(c) else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
                      for c in text)
    if encoded in {".", "..", ABSENT}:
        encoded = "".join(f"%{ord(c):02X}" for c in encoded)
    return encoded


def mint(kind: Kind, *parts: str | None) -> URIRef:
    """``<ID_NS><kind>/<part>/<part>...``: the only constructor of instance IRIs.

    ``None`` is an argument that is not known (written :data:`ABSENT`); every other part is a
    name, and a name that looks like ``ABSENT`` is encoded so the two never meet.
    """
    if not parts:
        raise ValueError(f"an IRI of kind {kind.value} needs at least one part")
    return URIRef(ID_NS + kind.value + "/" + "/".join(_segment(p) for p in parts))


def instance_prefixes() -> dict[str, str]:
    """A Turtle/SPARQL prefix per kind (``person:``, ``organization:``, ``doc:``...)."""
    return {kind.value: f"{ID_NS}{kind.value}/" for kind in Kind}


def _opt(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value


def entity_iri(entity_type: EntityType, name: str, locality: str | None = None) -> URIRef:
    """People by (locality, name); everything else by canonical name alone."""
    kind = ENTITY_KINDS[entity_type]
    if entity_type is EntityType.PERSON:
        return mint(kind, _opt(locality), name)
    return mint(kind, name)


def document_iri(document_id: str) -> URIRef:
    return mint(Kind.DOCUMENT, document_id)


def file_iri(file_name: str) -> URIRef:
    return mint(Kind.FILE, file_name)


def role_iri(position: str) -> URIRef:
    return mint(Kind.ROLE, position)


def membership_iri(person: str, locality: str | None, position: str, org: str | None) -> URIRef:
    return mint(Kind.MEMBERSHIP, _opt(locality), person, position, _opt(org))


def conferral_iri(recipient_type: EntityType, recipient: str, locality: str | None, award: str,
                  year: int | None) -> URIRef:
    """The recipient's kind is part of the IRI: a person and an org may share a name."""
    person_locality = _opt(locality) if recipient_type is EntityType.PERSON else None
    return mint(Kind.CONFERRAL, ENTITY_KINDS[recipient_type].value, person_locality, recipient,
                award, None if year is None else f"{year:04d}")


def run_iri(org: str, program: str) -> URIRef:
    return mint(Kind.RUN, org, program)


def evidence_iri(evidence: Evidence, selector: str | None = None) -> URIRef:
    """The segment (an ``oa:SpecificResource``) or, with ``selector`` ("position" or "quote"),
    one of its two selectors."""
    if not 0 <= evidence.start < evidence.end:
        raise ValueError(f"evidence span {evidence.start}:{evidence.end} is empty or negative")
    span = f"{evidence.start}-{evidence.end}"
    if selector is None:
        return mint(Kind.EVIDENCE, evidence.document, span)
    if selector not in ("position", "quote"):
        raise ValueError(f"unknown selector {selector!r}: position or quote")
    return mint(Kind.EVIDENCE, evidence.document, span, selector)
