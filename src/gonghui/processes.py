"""Pure CPU work over several forked processes, in order, with a bounded amount in flight.

Workers are forked from the calling process, so what it has loaded (the pipeline, the
gazetteers, the shapes) is shared copy-on-write instead of being loaded again. Results come back
in input order, so an output never depends on the number of processes; only a few tasks per
worker are queued at a time, so memory holds those tasks and their results, not the whole
input. Where fork is not available (macOS's and Windows' default is spawn, which would rebuild
the pipeline per worker) the work stays in one process.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: enough to never idle, few to hold


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _worker_start() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone handles it (and
    # stops the pool), rather than each worker printing its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits numpy's BLAS thread pool, sized for the whole machine: two
    # workers with two BLAS threads each ran the model five times slower than one process.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def start_pool(jobs: int) -> multiprocessing.pool.Pool:
    """A pool of forked workers. Ctrl-C while they are forked would be lost (raised inside an
    at-fork hook, which swallows it): it is noted, and raised once the pool stands."""
    if threading.current_thread() is not threading.main_thread():
        return _fork_pool(jobs)
    interrupted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: interrupted.append(number))
    try:
        pool = _fork_pool(jobs)
    finally:
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        pool.terminate()
        raise KeyboardInterrupt
    return pool


def _fork_pool(jobs: int) -> multiprocessing.pool.Pool:
    # The objects the parent holds are frozen while the workers fork (Python's advice for fork
    # without exec): a worker's garbage collector then never writes to them, so their pages stay
    # shared instead of being copied into every worker (about 100 MB less for two validation
    # workers beside a loaded pipeline). The parent collects them again once the workers stand.
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start)
    finally:
        gc.unfreeze()


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int = 1,
                in_flight_per_worker: int = IN_FLIGHT_PER_WORKER) -> Iterator[R]:
    """``map(function, items)`` over ``jobs`` forked processes (0: one per core, and never more
    than the cores), in order; ``items`` is read lazily and at most ``in_flight_per_worker``
    tasks per worker are queued or done but not yet taken.

    ``function`` must be a module-level function (it is pickled by name) and reads whatever
    else it needs from module globals set before the call: the workers are forked then. Fewer
    than two items stay in this process: they are done before a pool would be of use."""
    jobs = min(jobs or default_jobs(), default_jobs())
    items = iter(items)
    first = list(itertools.islice(items, 2))
    rest = itertools.chain(first, items)
    if jobs == 1 or len(first) < 2 or not can_fork():
        yield from map(function, rest)
        return
    with start_pool(jobs) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[R]] = deque()
        for item in rest:
            pending.append(pool.apply_async(function, (item,)))
            while len(pending) >= in_flight_per_worker * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
