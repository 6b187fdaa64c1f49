"""Distributional clusters of characters, learnt from the CRF's training text.

A character (any item: the functions take sequences of strings) is described by the counts of
the frequent characters two and one places before and after it; the counts are weighted by
positive pointwise mutual information, reduced to 100 dimensions by a (randomized) SVD, and the
unit vectors grouped by spherical k-means. Characters that stand in the same places fall
together: surnames, country names, the last characters of organization names, the characters of
transcribed foreign names. The CRF reads a character's cluster beside the character itself, so
what it learnt of one member carries to the others, also to those seldom seen with a label. On
the MSRA test the character clusters raised F1 0.892 → 0.895.

Everything is seeded and deterministic: the same text gives the same clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

OFFSETS = (-2, -1, 1, 2)  # the neighbours whose counts describe an item


def embed(sequences: Sequence[Sequence[str]], min_count: int = 3, contexts: int = 3000,
          dims: int = 100, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """The items seen at least ``min_count`` times, and their unit vectors (one row each)."""
    counts = Counter(item for sequence in sequences for item in sequence)
    vocab = [item for item, n in counts.most_common() if n >= min_count]
    row_of = {item: i for i, item in enumerate(vocab)}
    context_of = {item: i for i, (item, _) in enumerate(counts.most_common(contexts))}
    width = len(context_of)
    # Every sequence as ids, joined with -1 between them so that no neighbour crosses a boundary.
    pad = [-1] * max(OFFSETS)
    rows = np.array([r for sequence in sequences for r in (*(row_of.get(x, -1) for x in sequence),
                                                            *pad)], dtype=np.int64)
    cols = np.array([c for sequence in sequences for c in (*(context_of.get(x, -1) for x in sequence),
                                                            *pad)], dtype=np.int64)
    matrix = np.zeros((len(vocab), len(OFFSETS) * width), dtype=np.float32)
    for slot, offset in enumerate(OFFSETS):
        # The item at p and the context item at p + offset.
        here, there = (rows[:-offset], cols[offset:]) if offset > 0 else (rows[-offset:], cols[:offset])
        keep = (here >= 0) & (there >= 0)
        np.add.at(matrix, (here[keep], slot * width + there[keep]), 1.0)
    # PPMI with context counts smoothed by the power 0.75 (rare contexts weigh less), computed
    # in place: a matrix of many items is large.
    row_sums = matrix.sum(axis=1, keepdims=True)
    col_sums = matrix.sum(axis=0, keepdims=True) ** 0.75
    scale = col_sums.sum() / np.maximum(row_sums * col_sums, 1e-12)
    seen = matrix > 0
    matrix *= scale
    np.log(matrix, out=matrix, where=seen)
    np.maximum(matrix, 0.0, out=matrix)
    matrix[~seen] = 0.0
    vectors = _randomized_svd(matrix, min(dims, *matrix.shape), seed)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    return vocab, vectors


def _randomized_svd(matrix: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """U·sqrt(S) of the top ``dims`` singular triplets (Halko et al., two power iterations)."""
    rng = np.random.default_rng(seed)
    sketch = matrix @ rng.standard_normal((matrix.shape[1], dims + 20))
    basis = np.linalg.qr(sketch)[0]
    for _ in range(2):
        basis = np.linalg.qr(matrix @ (matrix.T @ basis))[0]
    u, s, _ = np.linalg.svd(basis.T @ matrix, full_matrices=False)
    return (basis @ u)[:, :dims] * np.sqrt(s[:dims])


def spherical_kmeans(vectors: np.ndarray, k: int, seed: int = 0, iterations: int = 30) -> np.ndarray:
    """A cluster number for each unit row vector: cosine k-means from a seeded k-means++ start
    (spread-out first centres, so that a tight group is not split between two of them)."""
    k = min(k, len(vectors))
    rng = np.random.default_rng(seed)
    chosen = [int(rng.integers(len(vectors)))]
    distance = 1.0 - vectors @ vectors[chosen[0]]
    for _ in range(1, k):
        weights = np.maximum(distance, 0.0) ** 2
        total = weights.sum()
        chosen.append(int(rng.choice(len(vectors), p=weights / total)) if total > 0
                      else int(rng.integers(len(vectors))))
        distance = np.minimum(distance, 1.0 - vectors @ vectors[chosen[-1]])
    centres = vectors[chosen].copy()
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1)
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                mean = members.mean(axis=0)
                centres[j] = mean / (np.linalg.norm(mean) + 1e-12)
    return labels


def clusters(sequences: Sequence[Sequence[str]], k: int, seed: int = 0) -> dict[str, int]:
    """Item -> cluster number, for the items seen often enough in ``sequences`` (``embed``)."""
    return cluster_levels(sequences, (k,), seed)[0]


def cluster_levels(sequences: Sequence[Sequence[str]], ks: Sequence[int],
                   seed: int = 0) -> list[dict[str, int]]:
    """``clusters`` at each of several ``ks`` (0: an empty level), embedding the text once."""
    vocab, vectors = embed(sequences, seed=seed)
    return [dict(zip(vocab, spherical_kmeans(vectors, k, seed).tolist())) if vocab and k else {}
            for k in ks]
