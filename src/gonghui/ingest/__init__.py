"""Ingest: find files, decode them, clean their text (keeping an offset map), split articles.

    find_inputs(paths)         -> [Found(path, id, error)]      one row per file or bad path
    discover(paths)            -> [(path, InputError | None)]   the same, without the ids
    read_source(path)          -> SourceFile                     raises InputError
    clean(source)              -> CleanedText(text, offsets)     keep_order=True: no caption lift
    split_articles(source, c)  -> [Document]
    load_documents(path)       -> [Document]                     read + clean + split
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..records import Document
from .clean import CleanedText, clean
from .read import Found, decode_bytes, discover, find_inputs, read_source
from .split import split_articles

__all__ = ["CleanedText", "Found", "clean", "decode_bytes", "discover", "find_inputs",
           "load_documents", "read_source", "split_articles"]


def load_documents(path: Path, *, identity: str | None = None,
                   keep_order: bool = False) -> list[Document]:
    """The articles of one file; ``InputError`` if it cannot be read or holds no text.

    ``identity`` is the file's id from ``find_inputs`` (default: the file name). ``keep_order``
    is passed to ``clean``: captions stay where they stand in the file.
    """
    source = read_source(path, identity)
    documents = split_articles(source, clean(source, keep_order=keep_order))
    if not documents:
        raise InputError(f"{path}: no text left after removing page furniture")
    return documents
