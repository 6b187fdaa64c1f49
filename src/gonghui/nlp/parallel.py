"""Run the extraction over several processes: the pipeline is pure CPU work, one core each.

Workers are forked from the process that built the pipeline, so the loaded gazetteers and model
are shared copy-on-write instead of being loaded again in each worker. The work is cut into
chunks of whole pages (an article needs its page's text; a long file is read in pieces, each a
page, so one big file keeps every worker busy), and results come back in input order, so the
output does not depend on the number of processes. Documents are read lazily and only a few
chunks per worker are in flight, so memory is bounded by chunks, not by the input. Where fork is
not available (macOS's and Windows' default is spawn, which would rebuild the pipeline per
worker) the run stays in one process.

One document whose extraction raises does not cost the others: its chunk is run again one
document at a time and the culprit comes back as a ``Failed`` record naming it.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from ..records import Document, Extraction
from .to_records import extract

# Enough text per chunk that a worker's start and the transfer of results are small beside the
# work, small enough that both cores stay busy to the end of a run.
CHUNK_CHARS = 10_000
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: enough to never idle, few to hold

_worker_nlp: Language | None = None


@dataclass(frozen=True)
class Failed:
    """A document whose extraction raised: its id and the error, in one line."""

    document: str  # Document.id
    file: str  # Document.file
    error: str


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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


def _worker_start() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone handles it (and
    # stops the pool), rather than each worker printing its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits numpy's BLAS thread pool, sized for the whole machine: two
    # workers with two BLAS threads each ran the model five times slower than one process.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _start_pool(jobs: int) -> multiprocessing.pool.Pool:
    """A pool of forked workers. Ctrl-C while they are forked would be lost (raised inside an
    at-fork hook, which swallows it): it is noted, and raised once the pool stands."""
    if threading.current_thread() is not threading.main_thread():
        return multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start)
    interrupted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: interrupted.append(number))
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start)
    finally:
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        pool.terminate()
        raise KeyboardInterrupt
    return pool


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
    jobs = min(jobs or default_jobs(), default_jobs())
    chunks = chunk_by_file(documents, chunk_chars)
    first = list(itertools.islice(chunks, 2))
    chunks = itertools.chain(first, chunks)
    if jobs == 1 or len(first) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield from extract_chunk(chunk, nlp)
        return
    _worker_nlp = nlp
    try:
        with _start_pool(jobs) as pool:
            pending: deque[multiprocessing.pool.AsyncResult[list[Extraction | Failed]]] = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_extract_chunk, (chunk,)))
                while len(pending) >= IN_FLIGHT_PER_WORKER * jobs:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _worker_nlp = None
