"""How many gold entities a word segmenter cuts through: a span the model can never predict.

A token-based NER can only tag whole tokens, so an entity whose edge falls inside a jieba word is
lost before training starts. ``cut_rate`` measures that ceiling per segmenter and corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .corpora import Sentence

Segmenter = Callable[[str], list[str]]


@dataclass(frozen=True)
class CutStats:
    entities: int
    cut: int
    chars: int
    tokens: int

    @property
    def cut_share(self) -> float:
        return self.cut / self.entities if self.entities else 0.0

    @property
    def tokens_per_char(self) -> float:
        return self.tokens / self.chars if self.chars else 0.0


def boundaries(words: Iterable[str]) -> set[int]:
    edges, pos = {0}, 0
    for word in words:
        pos += len(word)
        edges.add(pos)
    return edges


def cut_rate(sentences: Iterable[Sentence], segment: Segmenter) -> CutStats:
    entities = cut = chars = tokens = 0
    for sentence in sentences:
        words = segment(sentence.text)
        edges = boundaries(words)
        chars += len(sentence.text)
        tokens += len(words)
        for start, end, _ in sentence.spans:
            entities += 1
            cut += start not in edges or end not in edges
    return CutStats(entities, cut, chars, tokens)


def char_segmenter(text: str) -> list[str]:
    return list(text)


def jieba_segmenter(text: str) -> list[str]:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(text, HMM=True)


def jieba_domain_segmenter(text: str) -> list[str]:
    """jieba with gonghui's domain vocabulary (org suffixes, titles, divisions) added."""
    from gonghui.nlp.segmentation import segmenter

    return list(segmenter().cut(text, HMM=True))


SEGMENTERS: dict[str, Segmenter] = {
    "char": char_segmenter,
    "jieba": jieba_segmenter,
    "jieba+domain": jieba_domain_segmenter,
}
