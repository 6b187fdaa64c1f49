"""Custom attributes on spaCy objects, registered once.

``doc._.document`` carries the ingest record (title, source, bylines) into the components and
``doc._.page_text`` the text of the whole file an article came from; the others are what the
components assign.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from ..records import Document

_DOC_ATTRS = ("document", "page_text", "locality", "canonical", "relations")


def register() -> None:
    for attr in _DOC_ATTRS:
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


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
