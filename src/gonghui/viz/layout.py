"""Node positions computed in Python, so the page opens with physics off and does not jitter.

Each connected component is laid out on its own and the components are packed in rows, the
largest first. A component gets a Fruchterman-Reingold spring layout started from a radial
tree around its best-connected node; repulsion is exact up to a few hundred nodes and sampled
above, so a step stays linear in size (networkx's spring_layout needs scipy for large graphs and
without it builds an n-by-n matrix: 20,000 nodes, 6 GB). Same nodes, edges and seed: same
positions.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence

import numpy as np

EXACT_REPULSION_NODES = 250  # above this, repulsion comes from a sample of nodes
REPULSION_SAMPLE = 96
MIN_SPACING = 0.5  # in edge lengths, between a node and its nearest neighbour, typically
EDGE_LENGTH = 170.0  # pixels between neighbours: room for a Chinese label under each node
COMPONENT_GAP = 1.0  # in edge lengths, between packed components

Position = tuple[int, int]


def compute_layout(node_ids: Sequence[str], edges: Iterable[tuple[str, str]],
                   seed: int = 42) -> dict[str, Position]:
    """Integer pixel positions for ``node_ids``; edges naming unknown ids are ignored."""
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    neighbours: list[set[int]] = [set() for _ in node_ids]
    for source, target in edges:
        a, b = index.get(source), index.get(target)
        if a is None or b is None or a == b:
            continue
        neighbours[a].add(b)
        neighbours[b].add(a)
    adjacency = [sorted(found) for found in neighbours]
    rng = np.random.default_rng(seed)
    shapes = [_layout_component(members, adjacency, rng) for members in _components(adjacency)]
    placed = _pack(shapes)
    return {node_ids[i]: (round(x * EDGE_LENGTH), round(y * EDGE_LENGTH))
            for i, (x, y) in placed.items()}


def _components(adjacency: list[list[int]]) -> list[list[int]]:
    """Connected components, largest first, ties by their first node (stable order)."""
    seen = [False] * len(adjacency)
    found: list[list[int]] = []
    for start in range(len(adjacency)):
        if seen[start]:
            continue
        seen[start] = True
        members = [start]
        queue = deque([start])
        while queue:
            for nxt in adjacency[queue.popleft()]:
                if not seen[nxt]:
                    seen[nxt] = True
                    members.append(nxt)
                    queue.append(nxt)
        found.append(members)
    found.sort(key=lambda members: (-len(members), members[0]))
    return found


def _layout_component(members: list[int], adjacency: list[list[int]],
                      rng: np.random.Generator) -> dict[int, tuple[float, float]]:
    """Positions in edge lengths, centred on the origin."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    star = _star(members, adjacency)
    if star is not None:
        return star
    return _spring(members, adjacency, _radial_tree(members, adjacency), rng)


def _star(members: list[int], adjacency: list[list[int]]) -> dict[int, tuple[float, float]] | None:
    """A hub and its leaves (most small components: an org and its programs) on a circle,
    without iterating; None when the component is not a star."""
    hub = min(members, key=lambda i: (-len(adjacency[i]), i))
    if len(adjacency[hub]) != len(members) - 1:
        return None
    if any(len(adjacency[i]) != 1 for i in members if i != hub):
        return None
    leaves = adjacency[hub]
    radius = max(1.0, len(leaves) * MIN_SPACING / (2 * math.pi))
    positions = {hub: (0.0, 0.0)}
    for k, leaf in enumerate(leaves):
        angle = 2 * math.pi * k / len(leaves) - math.pi / 2
        positions[leaf] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def _radial_tree(members: list[int], adjacency: list[list[int]]) -> dict[int, tuple[float, float]]:
    """BFS tree from the highest-degree node; each subtree gets a wedge sized by its node count
    and each depth a ring wide enough for its nodes. The spring layout starts from this."""
    root = min(members, key=lambda i: (-len(adjacency[i]), i))
    parent = {root: root}
    order = [root]
    children: dict[int, list[int]] = {}
    depth = {root: 0}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for nxt in adjacency[node]:
            if nxt not in parent:
                parent[nxt] = node
                depth[nxt] = depth[node] + 1
                children.setdefault(node, []).append(nxt)
                order.append(nxt)
                queue.append(nxt)
    weight = dict.fromkeys(order, 1)
    for node in reversed(order[1:]):
        weight[parent[node]] += weight[node]
    per_depth: dict[int, int] = {}
    for node in order:
        per_depth[depth[node]] = per_depth.get(depth[node], 0) + 1
    radius = {0: 0.0}
    for d in range(1, max(per_depth) + 1):
        radius[d] = max(radius[d - 1] + 1.0, per_depth[d] / (2 * math.pi) * 0.9)
    wedge = {root: (0.0, 2 * math.pi)}
    positions: dict[int, tuple[float, float]] = {}
    for node in order:
        start, span = wedge[node]
        angle = start + span / 2
        positions[node] = (radius[depth[node]] * math.cos(angle),
                           radius[depth[node]] * math.sin(angle))
        offset = start
        for child in children.get(node, ()):
            share = span * weight[child] / (weight[node] - 1)
            wedge[child] = (offset, share)
            offset += share
    return positions


def _spring(members: list[int], adjacency: list[list[int]],
            start: dict[int, tuple[float, float]],
            rng: np.random.Generator) -> dict[int, tuple[float, float]]:
    """Fruchterman-Reingold with unit edge length, started from the radial tree.

    Up to EXACT_REPULSION_NODES every pair repels; above, each node is pushed by a seeded
    random sample of REPULSION_SAMPLE others, scaled up, which keeps a step linear in size.
    """
    local = {node: k for k, node in enumerate(members)}
    pos = np.array([start[node] for node in members], dtype=float)
    pos += rng.uniform(-0.05, 0.05, size=pos.shape)  # break symmetric ties of the tree
    pairs = np.array([(local[a], local[b]) for a in members for b in adjacency[a] if a < b],
                     dtype=np.intp).reshape(-1, 2)
    n = len(members)
    iterations = 60 if n <= EXACT_REPULSION_NODES else 40
    temperature = max(1.0, math.sqrt(n) / 2)
    for step in range(iterations):
        disp = _repulsion(pos, rng)
        along = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        length = np.hypot(along[:, 0], along[:, 1])[:, None]
        pull = along * length  # attraction d^2/k along the unit vector
        np.subtract.at(disp, pairs[:, 0], pull)
        np.add.at(disp, pairs[:, 1], pull)
        norm = np.maximum(np.hypot(disp[:, 0], disp[:, 1])[:, None], 1e-9)
        cap = temperature * (1 - step / iterations) + 0.01
        pos += disp / norm * np.minimum(norm, cap)
    pos -= pos.mean(axis=0)
    # Repulsion from every other node stretches edges well past k; scale back to unit edges.
    along = pos[pairs[:, 0]] - pos[pairs[:, 1]]
    pos /= max(float(np.median(np.hypot(along[:, 0], along[:, 1]))), 1e-6)
    pos *= _spread_factor(pos)
    return {node: (float(pos[k, 0]), float(pos[k, 1])) for k, node in enumerate(members)}


def _spread_factor(pos: np.ndarray) -> float:
    """How much to enlarge a component so that nodes are, typically, MIN_SPACING apart: the
    leaves of a big star crowd at unit distance from their hub, and their labels overlap."""
    if len(pos) < 3 or len(pos) > EXACT_REPULSION_NODES:
        return 1.0
    dist2 = ((pos[:, None, 0] - pos[None, :, 0]) ** 2 + (pos[:, None, 1] - pos[None, :, 1]) ** 2)
    np.fill_diagonal(dist2, np.inf)
    typical = float(np.median(np.sqrt(dist2.min(axis=1))))
    return max(1.0, MIN_SPACING / max(typical, 1e-6))


def _repulsion(pos: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Repulsion k^2/d along the unit vector, summed over all others or a sample of them.

    x and y are handled as separate arrays: a sum over a last axis of length 2 is the
    slowest thing numpy does here."""
    n = len(pos)
    x, y = pos[:, 0], pos[:, 1]
    if n <= EXACT_REPULSION_NODES:
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        scale = 1.0
    else:
        others = rng.integers(0, n, size=(n, REPULSION_SAMPLE))
        dx, dy = x[:, None] - x[others], y[:, None] - y[others]
        scale = (n - 1) / REPULSION_SAMPLE
    inverse = 1.0 / np.maximum(dx * dx + dy * dy, 1e-4)
    return np.stack(((dx * inverse).sum(axis=1), (dy * inverse).sum(axis=1)), axis=1) * scale


def _pack(shapes: list[dict[int, tuple[float, float]]]) -> dict[int, tuple[float, float]]:
    """Place components in rows (largest first) inside a roughly square area."""
    boxes = []
    for shape in shapes:
        xs = [x for x, _ in shape.values()]
        ys = [y for _, y in shape.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + COMPONENT_GAP,
                      max(ys) - min(ys) + COMPONENT_GAP))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.2, max((w for _, _, w, _ in boxes), default=0.0))
    placed: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for shape, (min_x, min_y, width, height) in zip(shapes, boxes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in shape.items():
            placed[node] = (px - min_x + x, py - min_y + y)
        x += width
        row_height = max(row_height, height)
    return placed
