"""Ingest: find files, decode them, clean their text (keeping an offset map), split articles.

    find_inputs(paths)         -> [Found(path, id, error)]      one row per file or bad path
    discover(paths)            -> [(path, InputError | None)]   the same, without the ids
    read_source(path)          -> SourceFile                     raises InputError
    clean(source)              -> CleanedText(text, offsets)     keep_order=True: no caption lift
    split_articles(source, c)  -> [Document]
    load_documents(path)       -> [Document]                     read + clean + split
    iter_documents(path)       -> Iterator[Document]             the same, a long file piece by piece
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..records import Document, SourceFile
from .clean import CleanedText, clean
from .pieces import LONG_FILE_CHARS, piece_bounds
from .read import Found, decode_bytes, discover, find_inputs, read_source
from .split import split_articles

__all__ = ["CleanedText", "Found", "clean", "decode_bytes", "discover", "find_inputs",
           "iter_documents", "load_documents", "read_source", "split_articles"]


def load_documents(path: Path, *, identity: str | None = None,
                   keep_order: bool = False) -> list[Document]:
    """The articles of one file; ``InputError`` if it cannot be read or holds no text.

    ``identity`` is the file's id from ``find_inputs`` (default: the file name). ``keep_order``
    is passed to ``clean``: captions stay where they stand in the file.
    """
    return list(iter_documents(path, identity=identity, keep_order=keep_order))


def iter_documents(path: Path, *, identity: str | None = None,
                   keep_order: bool = False) -> Iterator[Document]:
    """``load_documents`` one article at a time; a long file is read piece by piece
    (``pieces.py``), its articles numbered across the pieces and each piece a page of its own.

    The file is read and decoded whole before the first article comes (an unreadable file gives
    its ``InputError`` before any of its articles)."""
    source = read_source(path, identity)
    if len(source.text) <= LONG_FILE_CHARS:
        documents = split_articles(source, clean(source, keep_order=keep_order))
        if not documents:
            raise InputError(f"{path}: no text left after removing page furniture")
        yield from documents
        return
    yield from _long_file(source, path, keep_order)


def _long_file(source: SourceFile, path: Path, keep_order: bool) -> Iterator[Document]:
    count = 0
    for page, (start, end) in enumerate(piece_bounds(source.text)):
        piece = replace(source, text=source.text[start:end])
        cleaned = clean(piece, keep_order=keep_order)
        cleaned = CleanedText(cleaned.text, tuple(o + start for o in cleaned.offsets))
        for document in split_articles(piece, cleaned):
            count += 1
            yield replace(document, id=f"{source.name}#{count}", page=page)
    if not count:
        raise InputError(f"{path}: no text left after removing page furniture")
