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

    def translate(self, table: dict[int, str]) -> MappedText:
        """Replace characters one for one (each replacement must be a single character)."""
        return MappedText(self.text.translate(table), self.offsets)

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
        for i, ch in enumerate(self.text):
            if ch == "\n":
                out.append((self[start:i], self.offsets[i]))
                start = i + 1
        out.append((self[start:], None))
        return out
