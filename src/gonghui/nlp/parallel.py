"""Run the extraction over several processes: the pipeline is pure CPU work, one core each.

Workers are forked from the process that built the pipeline, so the loaded gazetteers and model
are shared copy-on-write instead of being loaded again in each worker. The work is cut into
chunks of whole files (an article needs its page's text), and results come back in input order,
so the output does not depend on the number of processes. Where fork is not available (macOS's
and Windows' default is spawn, which would rebuild the pipeline per worker) the run stays in one
process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

from spacy.language import Language

from ..records import Document, Extraction
from .to_records import extract

# Enough text per chunk that a worker's start and the transfer of results are small beside the
# work, small enough that both cores stay busy to the end of a run.
CHUNK_CHARS = 10_000

_worker_nlp: Language | None = None


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunk_by_file(documents: list[Document], chunk_chars: int = CHUNK_CHARS) -> list[list[Document]]:
    """Consecutive runs of documents, never splitting one file's articles, each about
    ``chunk_chars`` long."""
    chunks: list[list[Document]] = []
    current: list[Document] = []
    size = 0
    for i, document in enumerate(documents):
        current.append(document)
        size += len(document.text)
        next_file = documents[i + 1].file if i + 1 < len(documents) else None
        if size >= chunk_chars and next_file != document.file:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _one_thread_per_worker() -> None:
    # A forked worker inherits numpy's BLAS thread pool, sized for the whole machine: two
    # workers with two BLAS threads each ran the model five times slower than one process.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _extract_chunk(chunk: list[Document]) -> list[Extraction]:
    assert _worker_nlp is not None, "worker started without a pipeline"
    return list(extract(chunk, _worker_nlp))


def extract_all(documents: list[Document], nlp: Language, jobs: int = 1,
                chunk_chars: int = CHUNK_CHARS) -> Iterator[Extraction]:
    """``extract`` over ``jobs`` processes (0: one per core); the same records in the same order.

    A run of fewer than two chunks stays in this process: it is over before a second one would
    be of use."""
    global _worker_nlp
    jobs = jobs or default_jobs()
    chunks = chunk_by_file(documents, chunk_chars)
    if jobs == 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from extract(documents, nlp)
        return
    _worker_nlp = nlp
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks)),
                                                      initializer=_one_thread_per_worker) as pool:
            for extractions in pool.imap(_extract_chunk, chunks):
                yield from extractions
    finally:
        _worker_nlp = None
