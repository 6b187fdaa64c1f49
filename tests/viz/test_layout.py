"""Layout: deterministic for a seed, every node placed, neighbours near, components apart."""

from __future__ import annotations

import math

import pytest

from gonghui.viz.layout import EDGE_LENGTH, compute_layout


def _star(n: int, hub: str = "h") -> tuple[list[str], list[tuple[str, str]]]:
    leaves = [f"{hub}{i}" for i in range(n)]
    return [hub, *leaves], [(leaf, hub) for leaf in leaves]


def _cycle(n: int) -> tuple[list[str], list[tuple[str, str]]]:
    ids = [f"c{i}" for i in range(n)]
    return ids, [(ids[i], ids[(i + 1) % n]) for i in range(n)]


@pytest.mark.parametrize("ids, edges", [
    (["a"], []),
    (["a", "b"], [("a", "b")]),
    (*_star(30),),
    (*_cycle(12),),
    ([f"n{i}" for i in range(800)], [(f"n{i}", f"n{(i * 7 + 1) % 800}") for i in range(800)]),
])
def test_layout_same_seed_same_positions(ids, edges):
    first = compute_layout(ids, edges, seed=3)
    assert first == compute_layout(ids, edges, seed=3)
    assert set(first) == set(ids)
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in first.values())


def test_layout_seed_changes_spring_positions():
    ids, edges = _cycle(12)
    assert compute_layout(ids, edges, seed=1) != compute_layout(ids, edges, seed=2)


def test_layout_star_on_a_circle():
    ids, edges = _star(12)
    positions = compute_layout(ids, edges)
    radii = {round(math.dist(positions["h"], positions[leaf])) for leaf in ids[1:]}
    assert max(radii) - min(radii) <= 2  # integer rounding only


def test_layout_ignores_unknown_ids_and_self_loops():
    positions = compute_layout(["a", "b"], [("a", "zzz"), ("a", "a"), ("a", "b")])
    assert set(positions) == {"a", "b"}


def test_layout_neighbours_near_components_apart():
    ids_a, edges_a = _star(10, "a")
    ids_b, edges_b = _star(10, "b")
    positions = compute_layout(ids_a + ids_b, edges_a + edges_b)

    def dist(u: str, v: str) -> float:
        return math.dist(positions[u], positions[v])

    spoke = max(dist("a", leaf) for leaf in ids_a[1:])
    assert spoke < 3 * EDGE_LENGTH
    assert min(dist(u, v) for u in ids_a for v in ids_b) > 0.5 * EDGE_LENGTH
    # no two nodes on top of each other
    points = sorted(positions.values())
    assert len(set(points)) == len(points)
