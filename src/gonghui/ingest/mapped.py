"""Text that remembers where each of its characters came from in the original file.

Every cleaning step works on ``MappedText`` so the offset map is kept by construction: a step
may drop characters, replace one character by one other, or reorder whole pieces, but it never
invents a character without an original position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MappedText:
    text: str
    offsets: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.offsets):
            raise ValueError(f"{len(self.text)} characters but {len(self.offsets)} offsets")

    @classmethod
    def of(cls, text: str, start: int = 0) -> MappedText:
        """``text`` as it stands at ``start`` in the original."""
        return cls(text, tuple(range(start, start + len(text))))

    @classmethod
    def join(cls, pieces: Iterable[MappedText]) -> MappedText:
        parts = list(pieces)
        return cls("".join(p.text for p in parts), tuple(o for p in parts for o in p.offsets))

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.offsets + other.offsets)

    def __getitem__(self, key: slice) -> MappedText:
        return MappedText(self.text[key], self.offsets[key])

    def strip(self, chars: str | None = None) -> MappedText:
        start = len(self.text) - len(self.text.lstrip(chars))
        end = len(self.text.rstrip(chars))
        return self[start:max(start, end)]

    def translate(self, chars: CharMap) -> MappedText:
        """Replace characters one for one."""
        # str.translate walks every character through a dict: skip texts it would not change.
        if not chars.pattern.search(self.text):
            return self
        return MappedText(self.text.translate(chars.table), self.offsets)

    def drop(self, pattern: re.Pattern[str], keep_group: int | None = None) -> MappedText:
        """Remove every match of ``pattern``; with ``keep_group``, keep that group's characters."""
        pieces: list[MappedText] = []
        last = 0
        for m in pattern.finditer(self.text):
            pieces.append(self[last:m.start()])
            if keep_group is not None and m.start(keep_group) >= 0:
                pieces.append(self[m.start(keep_group):m.end(keep_group)])
            last = m.end()
        if not pieces:
            return self
        pieces.append(self[last:])
        return MappedText.join(pieces)

    def squeeze(self, pattern: re.Pattern[str], replacement: str) -> MappedText:
        """Replace each match by the one character ``replacement``, placed at the match's start."""
        assert len(replacement) == 1
        pieces: list[MappedText] = []
        last = 0
        for m in pattern.finditer(self.text):
            pieces.append(self[last:m.start()])
            pieces.append(MappedText(replacement, (self.offsets[m.start()],)))
            last = m.end()
        if not pieces:
            return self
        pieces.append(self[last:])
        return MappedText.join(pieces)

    def lines(self) -> list[tuple[MappedText, int | None]]:
        """Each line with the original offset of the newline that ends it (None for the last)."""
        out: list[tuple[MappedText, int | None]] = []
        start = 0
        end = self.text.find("\n")
        while end >= 0:
            out.append((self[start:end], self.offsets[end]))
            start = end + 1
            end = self.text.find("\n", start)
        out.append((self[start:], None))
        return out


class CharMap:
    """A one-for-one character replacement table, with a pattern that finds its characters."""

    def __init__(self, table: dict[str, str]) -> None:
        if any(len(k) != 1 or len(v) != 1 for k, v in table.items()):
            raise ValueError("a CharMap replaces single characters by single characters")
        self.table = str.maketrans(table)
        self.pattern = re.compile("[" + "".join(re.escape(k) for k in table) + "]")
