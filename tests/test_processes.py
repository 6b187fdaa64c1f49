"""Work over forked processes: the results of ``map``, in order, with bounded work in flight."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gonghui.processes import ordered_map


def _square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("jobs", [1, 2])
def test_processes_ordered_map_is_map_in_order(jobs: int) -> None:
    assert list(ordered_map(_square, range(40), jobs)) == [n * n for n in range(40)]


@pytest.mark.parametrize("count", [0, 1])
def test_processes_ordered_map_of_fewer_than_two_items_stays_here(count: int) -> None:
    assert list(ordered_map(_square, range(count), jobs=2)) == [n * n for n in range(count)]


@pytest.mark.parametrize("jobs, per_worker", [(2, 2), (2, 1), (1, 2)])
def test_processes_ordered_map_reads_items_lazily_and_holds_few(jobs: int,
                                                                per_worker: int) -> None:
    """Items are taken from the input only as results are taken: never more than
    ``per_worker`` tasks per worker ahead of the consumer (the input is never read whole)."""
    taken: list[int] = []

    def items() -> Iterator[int]:
        for n in range(30):
            taken.append(n)
            yield n

    ahead = []
    for got, result in enumerate(ordered_map(_square, items(), jobs, per_worker)):
        assert result == got * got
        ahead.append(len(taken) - got - 1)
    assert len(taken) == 30
    assert max(ahead) <= per_worker * jobs
    assert max(ahead) >= 1  # and work does run ahead of the consumer
