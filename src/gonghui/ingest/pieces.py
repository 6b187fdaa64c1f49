"""Cut a long file into pieces at paragraph breaks, so memory is bounded by a piece, not a file.

A cleaned character costs its offset (a Python int in a tuple, ~36 bytes) on top of itself, and
spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters, E088). A file longer than
``LONG_FILE_CHARS`` is therefore cleaned and split into articles one piece of about
``PIECE_CHARS`` at a time. A piece ends at a blank line where there is one, else at a line
break, else after a sentence end, and only as a last resort mid-line; its offsets are shifted
back into the whole file, so evidence still points into the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Well above any article (the seeds' longest page is ~20,000 characters): only dumps are cut.
LONG_FILE_CHARS = 200_000
PIECE_CHARS = 100_000
_SENTENCE_END = re.compile("[。！？!?]")


def piece_bounds(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """Half-open spans that cover ``text`` in order, each at most ``size`` characters."""
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            end = _cut(text, start, end)
        yield start, end
        start = end


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece that may run to ``end``: after the last break found in its second half
    (a piece never shrinks below half its size, so a file never turns into slivers)."""
    floor = start + (end - start) // 2
    for marker in ("\n\n", "\n"):
        at = text.rfind(marker, floor, end)
        if at >= 0:
            return at + len(marker)
    last = None
    for last in _SENTENCE_END.finditer(text, floor, end):
        pass
    return last.end() if last is not None else end
