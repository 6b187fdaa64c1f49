"""A user's query with a time limit and a row limit, its rows streamed as they come.

Oxigraph cannot be interrupted from Python: a cartesian ``COUNT`` runs inside one call that
holds no Python frame for a signal to land in (Ctrl-C was ignored; measured 2.2 GB in 60 s). So
the query runs in a worker process that opens the graph itself and sends its rows back in small
batches; this process waits on the pipe, where Ctrl-C and the deadline are seen at once, and
kills the worker when either comes. Killing a process is the only stop that always works, and
it frees the memory the query held.

The time limit counts from when the graph is open (loading a large Turtle file is not the
query's fault). The row limit stops the worker after that many rows and says so.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gonghui.errors import GonghuiError, QueryError
from gonghui.kg.store import Binding, Row
from gonghui.lifetime import die_with_parent

DEFAULT_TIMEOUT = 60.0
DEFAULT_ROW_LIMIT = 100_000
_BATCH_ROWS = 256
_BATCH_SECONDS = 0.05
_POLL_SECONDS = 0.1


class QueryTimeout(QueryError):
    """A query stopped by its time limit."""


@dataclass
class QueryStream:
    """A running query: ``variables`` and ``form`` are known when it is returned; ``batches``
    yields the rows as the worker sends them (whatever it found in the last 50 ms), ``rows`` the
    same rows one by one (read one or the other); ``truncated`` is set once the row limit cut
    the rows."""

    form: str
    variables: tuple[str, ...]
    batches: Iterator[list[Row]]
    row_limit: int | None
    truncated: bool = field(default=False)

    @property
    def rows(self) -> Iterator[Row]:
        return itertools.chain.from_iterable(self.batches)

    def close(self) -> None:
        """Stop the worker now (a generator left suspended would stop it only when collected)."""
        close = getattr(self.batches, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> QueryStream:  # noqa: PYI034 - Self needs Python 3.11
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def stream_query(graph: Path | str, query: str, bindings: Mapping[str, Binding] | None = None,
                 *, timeout: float | None = DEFAULT_TIMEOUT,
                 row_limit: int | None = DEFAULT_ROW_LIMIT, name: str = "the query",
                 preview_rows: int | None = None) -> QueryStream:
    """Run ``query`` over the graph at ``graph`` (a file or a store folder) in a worker process.

    Raises QueryError (QueryTimeout past ``timeout`` seconds), GraphError for a graph that cannot
    be opened, KeyboardInterrupt on Ctrl-C; the worker is gone in every case. ``None`` or 0
    means no limit. ``preview_rows``: the query cut to its first rows found, sorted among
    themselves (:func:`gonghui.kg.store.preview`); give the same ``row_limit``."""
    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, daemon=True,
                             args=(sender, str(graph), query, dict(bindings or {}),
                                   row_limit or None, name, os.getpid(), preview_rows))
    try:
        with _sigint_deferred():  # a Ctrl-C in the middle of fork() would be lost
            worker.start()
        sender.close()
        messages = _messages(worker, receiver, timeout or None, name)
        kind, *head = next(messages)
        if kind != "head":
            raise QueryError(f"{name}: the query worker stopped before answering")
    except BaseException:
        if worker.is_alive():
            worker.kill()
        if worker.pid is not None:
            worker.join()
        raise
    form, variables = head
    stream = QueryStream(form, tuple(variables), iter(()), row_limit or None)
    stream.batches = _batches(messages, stream)
    return stream  # the caller closes it (``with``), or reads it to the end


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """SIGINT held back while inside (it is raised on leaving): fork() runs Python hooks that
    swallow a KeyboardInterrupt, which would leave the query running with no one to stop it."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _batches(messages: Iterator[tuple[Any, ...]], stream: QueryStream) -> Iterator[list[Row]]:
    try:
        for kind, *payload in messages:
            if kind == "rows":
                yield payload[0]
            elif kind == "end":
                stream.truncated = bool(payload[0])
                return
    finally:
        messages.close()


def _messages(worker: Any, receiver: Any, timeout: float | None,
              name: str) -> Iterator[tuple[Any, ...]]:
    """The worker's messages; errors re-raised here; the worker killed when this ends early."""
    deadline: float | None = None
    try:
        while True:
            wait = _POLL_SECONDS if deadline is None else max(0.0, min(
                _POLL_SECONDS, deadline - time.monotonic()))
            if not receiver.poll(wait):
                if deadline is not None and time.monotonic() >= deadline:
                    raise QueryTimeout(f"{name}: stopped at its time limit of {timeout:g} s "
                                       f"(--timeout to change it)")
                if not worker.is_alive() and not receiver.poll(0):
                    raise QueryError(f"{name}: the query worker died "
                                     f"(exit code {worker.exitcode}); out of memory?")
                continue
            try:
                message = receiver.recv()
            except EOFError:
                raise QueryError(f"{name}: the query worker died (exit code "
                                 f"{worker.exitcode}); out of memory?") from None
            kind = message[0]
            if kind == "open":
                deadline = time.monotonic() + timeout if timeout else None
                continue
            if kind == "error":
                error_type, text = message[1], message[2]
                raise error_type(text)
            yield message
            if kind == "end":
                return
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()


def _work(sender: Any, graph: str, query: str, bindings: dict[str, Binding],
          row_limit: int | None, name: str, parent_pid: int,
          preview_rows: int | None = None) -> None:
    """In the worker: open, run, send rows in batches: at 256 rows, and by a timer every 50 ms,
    so a row found just before the evaluation stalls (Oxigraph releases the GIL while it
    computes) is shown at once, not when the next row comes."""
    die_with_parent(parent_pid)  # a parent killed outright leaves no query running unlimited
    # Ctrl-C reaches the whole process group; the parent decides, and kills this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent around fork()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    from gonghui.kg.store import execute, open_graph

    batch: list[Row] = []
    lock = threading.Lock()
    done = threading.Event()

    def flush() -> None:  # under ``lock``
        if batch:
            sender.send(("rows", list(batch)))
            batch.clear()

    def timer() -> None:
        while not done.wait(_BATCH_SECONDS):
            with lock:
                try:
                    flush()
                except OSError:  # the parent stopped reading: the main loop ends too
                    return

    try:
        store = open_graph(graph)
        sender.send(("open",))
        form, variables, rows = execute(store, query, bindings, name=name,
                                        preview_rows=preview_rows)
        sender.send(("head", form, variables))
        threading.Thread(target=timer, daemon=True).start()
        truncated = False
        for count, row in enumerate(rows):
            if row_limit is not None and count >= row_limit:
                truncated = True
                break
            with lock:
                batch.append(row)
                if len(batch) >= _BATCH_ROWS:
                    flush()
        done.set()
        with lock:
            flush()
            sender.send(("end", truncated))
    except GonghuiError as exc:
        done.set()
        with lock:
            sender.send(("error", type(exc), str(exc)))
    except (BrokenPipeError, ConnectionResetError):  # the parent stopped reading
        pass
    except Exception as exc:  # noqa: BLE001 - sent on as one line with its type, not a traceback
        done.set()
        with lock:
            sender.send(("error", QueryError, f"{name}: query failed: {type(exc).__name__}: {exc}"))
    finally:
        done.set()
        with lock:  # not while the timer sends
            sender.close()
