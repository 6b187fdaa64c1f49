"""Run the extraction on a Dask cluster when one machine is not enough.

Extraction is a map over documents, cut into the same chunks of whole files as the local run
(``parallel.chunk_by_file``). Each chunk is a task; each worker builds the pipeline once, on its
first task, and keeps it for the others (a pipeline takes seconds to load and hundreds of MB, a
chunk a fraction of a second to extract). Results are taken back in submission order, so the
records and their order are those of a local run. Only a window of chunks is in flight at a
time, so neither the client nor the scheduler holds a whole corpus.

Every worker needs gonghui installed (the same version as the client) and the same model;
``README.md`` says how to start a scheduler and workers on several machines.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import GonghuiError
from ..records import Document, Extraction
from .parallel import CHUNK_CHARS, Failed, chunk_by_file

# Chunks in flight per worker thread: enough that no worker waits for the next task.
IN_FLIGHT_PER_THREAD = 4
CONNECT_SECONDS = 30

_pipelines: dict[tuple[str | None, str], Any] = {}
_lock = threading.Lock()
loads = 0  # pipelines this process built: read by the tests through ``Client.run``


class ClusterError(GonghuiError):
    """The cluster cannot be reached, or a task failed on it."""


def _pipeline(model: str | None, entities: str) -> Any:
    """This worker's pipeline, built on its first task (a worker may run tasks in threads)."""
    global loads
    key = (model, entities)
    with _lock:
        if key not in _pipelines:
            from .pipeline import build_pipeline

            _pipelines[key] = build_pipeline(model=model, entities=entities)
            loads += 1
        return _pipelines[key]


def extract_chunk(chunk: list[Document], model: str | None,
                  entities: str) -> list[Extraction | Failed]:
    """One task: a chunk's records by the worker's pipeline (a failing article: ``Failed``)."""
    from . import parallel

    return parallel.extract_chunk(chunk, _pipeline(model, entities))


def pipelines_loaded() -> int:
    """How many pipelines this process built (run on each worker by the tests)."""
    return loads


def _client(scheduler: str, timeout: float) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError("--scheduler needs Dask: pip install 'gonghui[cluster]'") from exc
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(f"{scheduler}: cannot reach the Dask scheduler ({message})") from exc


def extract_on_cluster(documents: Iterable[Document], scheduler: str, model: str | None = None,
                       entities: str = "both", chunk_chars: int = CHUNK_CHARS,
                       connect_seconds: float = CONNECT_SECONDS) -> Iterator[Extraction | Failed]:
    """``parallel.extract_all`` over the workers of the Dask scheduler at ``scheduler``: the
    same records, in the same order, as a local run. ``documents`` is read lazily."""
    client = _client(scheduler, connect_seconds)
    try:
        threads = sum(client.nthreads().values()) or 1
        chunks = iter(chunk_by_file(documents, chunk_chars))
        pending: deque[Any] = deque()

        def submit_next() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                pending.append(client.submit(extract_chunk, chunk, model, entities, pure=False))

        for _ in range(threads * IN_FLIGHT_PER_THREAD):
            submit_next()
        while pending:
            future = pending.popleft()
            try:
                records = future.result()
            except GonghuiError:
                raise
            except Exception as exc:  # a worker's error comes back as its own type
                message = " ".join(str(exc).split()) or type(exc).__name__
                raise ClusterError(f"a task failed on the cluster: {message}") from exc
            submit_next()
            yield from records
    finally:
        client.close()
