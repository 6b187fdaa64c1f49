"""Run the extraction over several processes: the pipeline is pure CPU work, one core each.

Workers are forked from the process that built the pipeline (``processes.ordered_map``), so the
loaded gazetteers and model are shared copy-on-write instead of being loaded again in each
worker. The work is cut into chunks of whole pages (an article needs its page's text; a long
file is read in pieces, each a page, so one big file keeps every worker busy), and results come
back in input order, so the output does not depend on the number of processes. Documents are
read lazily and only a few chunks per worker are in flight, so memory is bounded by chunks, not
by the input.

One document whose extraction raises does not cost the others: its chunk is run again one
document at a time and the culprit comes back as a ``Failed`` record naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from ..processes import IN_FLIGHT_PER_WORKER, default_jobs, ordered_map
from ..records import Document, Extraction
from .to_records import extract

__all__ = ["CHUNK_CHARS", "IN_FLIGHT_PER_WORKER", "Failed", "chunk_by_file", "default_jobs",
           "extract_all", "extract_chunk"]

# Enough text per chunk that a worker's start and the transfer of results are small beside the
# work, small enough that both cores stay busy to the end of a run.
CHUNK_CHARS = 10_000

_worker_nlp: Language | None = None


@dataclass(frozen=True)
class Failed:
    """A document whose extraction raised: its id and the error, in one line."""

    document: str  # Document.id
    file: str  # Document.file
    error: str


def chunk_by_file(documents: Iterable[Document],
                  chunk_chars: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Consecutive runs of documents, never splitting one page's articles, each about
    ``chunk_chars`` long."""
    current: list[Document] = []
    size = 0
    for document in documents:
        if current and size >= chunk_chars and _page(current[-1]) != _page(document):
            yield current
            current, size = [], 0
        current.append(document)
        size += len(document.text)
    if current:
        yield current


def _page(document: Document) -> tuple[str, int]:
    return document.file, document.page


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def extract_chunk(chunk: list[Document], nlp: Language) -> list[Extraction | Failed]:
    """``extract`` over one chunk; a document that raises becomes a ``Failed``."""
    try:
        return list(extract(chunk, nlp))
    except Exception:  # noqa: BLE001 - found again below, one document at a time, and named
        pass
    out: list[Extraction | Failed] = []
    for document in chunk:
        try:
            out += extract([document], nlp, context=chunk)
        except Exception as exc:  # noqa: BLE001 - any bug in any component: report, go on
            out.append(Failed(document.id, document.file, _one_line(exc)))
    return out


def _extract_chunk(chunk: list[Document]) -> list[Extraction | Failed]:
    assert _worker_nlp is not None, "worker started without a pipeline"
    return extract_chunk(chunk, _worker_nlp)


def extract_all(documents: Iterable[Document], nlp: Language, jobs: int = 1,
                chunk_chars: int = CHUNK_CHARS) -> Iterator[Extraction | Failed]:
    """``extract`` over ``jobs`` processes (0: one per core, and never more than the cores);
    the same records in the same order.

    A run of fewer than two chunks stays in this process: it is over before a second one would
    be of use."""
    global _worker_nlp
    _worker_nlp = nlp  # what the forked workers extract with
    try:
        for records in ordered_map(_extract_chunk, chunk_by_file(documents, chunk_chars), jobs):
            yield from records
    finally:
        _worker_nlp = None
