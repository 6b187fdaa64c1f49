"""Traditional characters: a simplified view of a text for the pipeline, with its offset map.

gonghui's gazetteers, patterns and models all read simplified characters, so an article in
traditional characters (a Big5 page, a Hong Kong or Taiwan reprint) is converted with OpenCC
(``hk2s``: Hong Kong and Taiwan variants, then phrases and characters, as OpenCC's own
configuration does it) before it is processed, and its names are given back in its own
characters (``Native``), as the annotation guidelines ask (某市總工會, not 某市总工会).

The conversion is a step on ``MappedText``, like every cleaning step: each simplified character
keeps the offset of the character it came from. OpenCC converts by phrase, and a phrase may
change length; such a line is aligned character by character against its one-for-one
conversion, and a character of a changed phrase points into the phrase it came from.

A text is converted only when it is written in traditional characters (``is_traditional``):
a simplified article is passed through untouched, whatever odd character it holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache

from ..errors import GonghuiError
from .mapped import MappedText

OPENCC_CONFIG = "hk2s"
# Traditional when at least this many characters, and this share of the Chinese ones, change.
# A simplified article changes by none or a few (a quoted name, 乾 in 乾隆 is kept by OpenCC
# anyway); an article in traditional characters changes by a quarter to a third.
MIN_CHANGED = 5
MIN_SHARE = 0.05
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=4)
def _converter(config: str) -> Callable[[str], str]:
    try:
        import opencc
    except ImportError as err:
        raise GonghuiError("traditional characters need OpenCC: pip install opencc") from err
    return opencc.OpenCC(config).convert


def to_simplified(text: str, config: str = OPENCC_CONFIG) -> str:
    """``text`` converted by OpenCC's ``config`` (another one: tw2sp, which also swaps Taiwan's
    words for the mainland's, 記憶體 -> 内存)."""
    return _converter(config)(text)


def is_traditional(text: str, simplified: str | None = None) -> bool:
    """Whether ``text`` is written in traditional characters (by how much OpenCC changes it)."""
    simplified = to_simplified(text) if simplified is None else simplified
    han = len(_HAN.findall(text))
    if len(simplified) == len(text):
        changed = sum(a != b for a, b in zip(text, simplified))
    else:
        changed = sum(i2 - i1 for tag, i1, i2, _, _ in _opcodes(text, simplified) if tag != "equal")
    return changed >= MIN_CHANGED and changed >= MIN_SHARE * max(han, 1)


def _opcodes(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def simplify(mapped: MappedText, config: str = OPENCC_CONFIG) -> MappedText:
    """``mapped`` in simplified characters, each pointing where its source character pointed."""
    pieces = []
    for line, newline in mapped.lines():
        pieces.append(_simplify_line(line, config))
        if newline is not None:
            pieces.append(MappedText("\n", (newline,)))
    return MappedText.join(pieces)


def _simplify_line(line: MappedText, config: str) -> MappedText:
    out = to_simplified(line.text, config)
    if len(out) == len(line.text):
        return MappedText(out, line.offsets)  # the usual case: phrases kept their length
    # One-for-one conversion (each character alone, kept if it would change length) is aligned
    # with the text, and the phrase conversion is aligned against it.
    one_for_one = "".join(c2 if len(c2 := to_simplified(c, config)) == 1 else c for c in line.text)
    offsets: list[int] = []
    for tag, i1, i2, j1, j2 in _opcodes(one_for_one, out):
        if tag == "equal":
            offsets.extend(line.offsets[i1:i2])
        elif j2 > j1:  # replaced or inserted: spread over the source phrase (or the char before)
            source = line.offsets[i1:i2] or line.offsets[max(i1 - 1, 0):max(i1, 1)]
            offsets.extend(source[k * len(source) // (j2 - j1)] for k in range(j2 - j1))
    return MappedText(out, tuple(offsets))


class Native:
    """Gives a name read in the simplified view back in the text's own characters."""

    def __init__(self, native: str, simplified: MappedText) -> None:
        """``simplified``: ``simplify(MappedText.of(native))``, offsets into ``native``."""
        self.native = native
        self.simplified = simplified
        # Each simplified character's most frequent source in this text, for names the text never
        # writes out whole (a canonical name fuller than any mention).
        pairs: Counter[tuple[str, str]] = Counter()
        for char, offset in zip(simplified.text, simplified.offsets):
            pairs[char, native[offset]] += 1
        self.chars: dict[str, str] = {}
        for (simple, source), _count in pairs.most_common():
            self.chars.setdefault(simple, source)

    def __call__(self, name: str) -> str:
        if not name:
            return name
        at = self.simplified.text.find(name)
        if at >= 0:
            # The view drops nothing: a name ends where the next character's source begins (the
            # whole of a phrase that changed length: 内存 is 記憶體).
            after = at + len(name)
            start = self.simplified.offsets[at]
            end = self.simplified.offsets[after] if after < len(self.simplified) else len(self.native)
            if start < end:
                return self.native[start:end]
        return "".join(self.chars.get(c, c) for c in name)
