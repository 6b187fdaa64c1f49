"""Custom attributes on spaCy objects, registered once.

``doc._.document`` carries the ingest record (title, source, bylines) into the components and
``doc._.page_text`` the text of the whole file an article came from; the others are what the
components assign.

Names are on the spans: ``span._.canonical`` (a ``str`` or ``None``) and ``span._.aliases`` (a
tuple of ``str``). The rule components set them to what a rule knows of a span (江苏 is
江苏省; a quoted program's core is another form of it); ``gonghui_resolve`` then sets them on
every mention of every entity (``doc.spans["gonghui_mentions"]``) to the entity's canonical name
and its other forms, which is what the records are made from. spaCy's ``kb_id`` (an entity
linker's knowledge-base id) and ``span_id`` stay free for what they mean.

spaCy keys a span's extension values by its character offsets alone, so a PLACE and an ORG over
the same characters would share one name; these are keyed by offsets and label.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from ..records import Document

_DOC_ATTRS = ("document", "page_text", "locality", "relations")


def _key(attr: str, span: Span) -> tuple[str, str, int, int, str]:
    return ("gonghui._.", attr, span.start_char, span.end_char, span.label_)


def _get_canonical(span: Span) -> str | None:
    value: str | None = span.doc.user_data.get(_key("canonical", span))
    return value


def _set_canonical(span: Span, value: str | None) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"span._.canonical is a str or None, not {type(value).__name__}")
    span.doc.user_data[_key("canonical", span)] = value or None


def _get_aliases(span: Span) -> tuple[str, ...]:
    value: tuple[str, ...] = span.doc.user_data.get(_key("aliases", span), ())
    return value


def _set_aliases(span: Span, value: tuple[str, ...]) -> None:
    if not isinstance(value, tuple) or not all(isinstance(a, str) for a in value):
        raise TypeError("span._.aliases is a tuple of str")
    span.doc.user_data[_key("aliases", span)] = value


def register() -> None:
    for attr in _DOC_ATTRS:
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", getter=_get_canonical, setter=_set_canonical)
    if not Span.has_extension("aliases"):
        Span.set_extension("aliases", getter=_get_aliases, setter=_set_aliases)


register()


def text_of(doc: Doc) -> str:
    """``doc.text``, read once per Doc: spaCy rebuilds it from the tokens at every access, which
    with one token per character costs more than all of gonghui's rules together."""
    # Keyed by the token count, so a retokenized Doc is read again. (Not by the text's length:
    # whitespace runs are single tokens, so the two differ in most documents.)
    cached = doc.user_data.get("gonghui_text")
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data["gonghui_text"] = (len(doc), doc.text)
    return cached[1]


def remember_text(doc: Doc, text: str) -> Doc:
    """Give ``text_of`` the text a Doc was made from, so that it need not be rebuilt."""
    doc.user_data["gonghui_text"] = (len(doc), text)
    return doc


def document_of(doc: Doc) -> Document | None:
    value: Any = doc._.document
    return value if isinstance(value, Document) else None


def canonical_of(span: Span) -> str | None:
    """The span's canonical name, if a rule or the resolver gave it one (typed ``span._.canonical``)."""
    return _get_canonical(span)


def aliases_of(span: Span) -> tuple[str, ...]:
    """The span's other forms (typed ``span._.aliases``)."""
    return _get_aliases(span)


def name_span(span: Span, canonical: str | None, aliases: tuple[str, ...] = ()) -> Span:
    """Set a span's canonical name and aliases; returns the span."""
    _set_canonical(span, canonical)
    _set_aliases(span, aliases)
    return span
