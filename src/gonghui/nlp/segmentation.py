"""Word boundaries for the rules: jieba over the whole text, with the domain vocabulary added.

The pipeline's own tokens are characters (every rule span aligns); the rules still need to know
where words begin and end, so that a name grown leftwards from its head (…总工会, …先进单位) stops
at a whole word such as 表彰 or 联合, and never inside one (服务大局 is not an organization).
"""

from __future__ import annotations

import bisect
import logging
from functools import lru_cache

import jieba

from .gazetteers import divisions, domain_terms, org_suffixes, titles
from .knowledge import Gazetteers, active, per_gazetteers

jieba.setLogLevel(logging.WARNING)


@per_gazetteers
def whole_words() -> tuple[str, ...]:
    """Common words that hold an organization head (服务站点 holds 服务站), kept whole so that no
    name ends inside them (户外劳动者服务站点12个 counts sites, it names no station):
    ``words/whole_words.txt``. (Read here: ``patterns.words`` is inside the patterns package,
    which imports this module.)"""
    return tuple(line.strip() for line in active().lines("words/whole_words.txt"))


@per_gazetteers
def segmenter() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    # Frequent enough to be kept whole, rare enough not to swallow their neighbours.
    for word in {*org_suffixes(), *titles(), *(t.text for t in domain_terms()), *whole_words(),
                 *(d.name for d in divisions() if d.level != "township")}:
        tok.add_word(word, freq=2000)
    return tok


class Words:
    """The jieba words of one text, by character offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.words: list[str] = []
        pos = 0
        for word in segmenter().cut(text, HMM=True):
            self.starts.append(pos)
            self.words.append(word)
            pos += len(word)
        self.start_set = set(self.starts)

    def is_boundary(self, offset: int) -> bool:
        return offset in self.start_set or offset == len(self.text)

    def index_at(self, offset: int) -> int:
        """Index of the word that contains character ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def words_before(self, offset: int, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` (start, word) pairs that end at or before ``offset``, nearest first."""
        i = bisect.bisect_left(self.starts, offset) - 1
        out = []
        while i >= 0 and len(out) < limit:
            start, word = self.starts[i], self.words[i]
            if start + len(word) <= offset:
                out.append((start, word))
            else:  # ``offset`` falls inside this word: only its left part counts
                out.append((start, word[: offset - start]))
            i -= 1
        return out

    def word_after(self, offset: int) -> str:
        i = bisect.bisect_left(self.starts, offset)
        return self.words[i] if i < len(self.words) and self.starts[i] == offset else ""


# spaCy runs each component over a whole batch before the next one starts, so the cache must hold
# a batch's texts (extract's batches are 8 documents; the model's nested pipeline reads them too).
def words_of(text: str) -> Words:
    """One segmentation per text, shared by the components that run over the same document."""
    return _words_of(text, active())


@lru_cache(maxsize=64)
def _words_of(text: str, gazetteers: Gazetteers) -> Words:  # the knowledge is part of the key
    return Words(text)


words_of.cache_clear = _words_of.cache_clear  # type: ignore[attr-defined]  # (bench/ clears it)
