"""Clean a file's readable text into running paragraphs, one per line, keeping the offset map.

Steps, each on ``MappedText`` so every kept character still points into the original file:

1. half-width letters, digits and spaces (Chinese punctuation is kept as written);
2. site furniture dropped (``furniture.py``): navigation crumbs, menus, keyword and tag rows,
   related-reading blocks, link rows, share buttons, editor lines, phone and e-mail rows,
   copyright footers;
3. (text and markdown, not HTML) paragraphs broken by a page or column break are joined again,
   and short lines that interrupt such a sentence (photo captions, a misplaced headline) are
   lifted out and placed after the sentence they interrupted;
4. a run of very short label lines (a box of organizer names) becomes one paragraph.

The lifted lines are the one place where cleaned text leaves the original order, so offsets
are unique and increase within every line, but not always across lines (``keep_order=True``
leaves captions where they stand and keeps the offsets increasing throughout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import SourceFile
from .formats import text_view
from .furniture import SENTENCE_END, Line, drop_furniture
from .mapped import CharMap, MappedText
from .meta import DATE, SOURCE, TIME, fold

# Sentence-final and closing marks: a paragraph ending in one of them ended on purpose.
TERMINAL = "。！？!?；;：:…”’」』】)）》.．"
CLAUSE_MARKS = "，,、；;"
# A line that starts with one of these cannot start a paragraph: it continues the one before.
CONTINUATION_START = "，,、。；;：:)）》”’！？!?…"
OPENING = "“‘《「『(（"
BODY_MIN_CHARS = 30  # shorter paragraphs without a full stop may be headlines: never joined
INTERRUPTER_MAX_CHARS = 60
MAX_INTERRUPTERS = 12
BOX_LINE_MAX_CHARS = 8
BOX_MIN_LINES = 3

# Full-width ASCII letters and digits, parentheses and percent sign, and odd spaces, as NFKC
# would make them; Chinese punctuation (，。“”《》、：) stays as written.
FULL_WIDTH = CharMap({
    **{chr(code): chr(code - 0xFEE0) for code in
       (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))},
    "（": "(", "）": ")", "％": "%", "\u3000": " ", "\u00a0": " ", "\t": " ",
    **{chr(code): " " for code in range(0x2002, 0x200B)},
})
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
SPACES = re.compile(r" {2,}")

DATELINE = re.compile(r"^[■□●◆]?\s*(?:本报讯|本刊讯|本网讯|本台讯|本报[^\s，,。]{1,8}[电讯]"
                      r"|本报记者[^，,。]{2,24}?报道"
                      r"|(?:新华社|中新社|中新网|人民网|新华网)[^\s，,。]{0,8}[电讯])")
ENUMERATOR = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.]"
                        r"|\d{1,2}[、.．]|第[一二三四五六七八九十\d]{1,3}[、，,章节条部分])")
QA = re.compile(r"^[问答][:：]")
CAPTION = re.compile(r"^(?:图为|图[:：]|[(（]图|上图|下图|左图|右图)|(?:摄|供图|摄影)$")



@dataclass(frozen=True)
class CleanedText:
    """A file's cleaned text: paragraphs separated by one newline, and each character's origin.

    ``offsets[i]`` is the offset in ``SourceFile.text`` of ``text[i]`` (a paragraph break points
    at the break or tag it stands for).
    """

    text: str
    offsets: tuple[int, ...]

    def paragraphs(self) -> list[tuple[int, int]]:
        """Half-open ``(start, end)`` of every paragraph (line) of ``text``."""
        spans, start = [], 0
        for line in self.text.split("\n"):
            spans.append((start, start + len(line)))
            start += len(line) + 1
        return spans




def clean(source: SourceFile, *, keep_order: bool = False) -> CleanedText:
    """Cleaned running text of ``source``: see the module docstring for the steps.

    With ``keep_order``, captions are not lifted (a sentence they interrupt stays broken), so
    the offsets increase strictly over the whole text.
    """
    lines = [(normalize(line), newline) for line, newline in text_view(source).lines()]
    lines = drop_furniture([(line, nl) for line, nl in lines if line.text])
    if source.media_type != "text/html":  # HTML marks its paragraphs; text files only break lines
        lines = rejoin_breaks(lines, lift=not keep_order)
    lines = join_boxes(lines)
    return _assemble(lines)


def normalize(line: MappedText) -> MappedText:
    """Half-width ASCII letters, digits, parentheses and spaces; one space for a run of them."""
    line = line.drop(INVISIBLE).translate(FULL_WIDTH)
    return line.squeeze(SPACES, " ").strip()


# --- page and column breaks -------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def is_body(text: str) -> bool:
    """Running text, not a headline: it holds a full stop, or is long and holds a comma.

    (A long headline such as ``立足新起点 担当新使命 …——某某接受提问`` has no comma.)
    """
    if is_header(text):
        return False
    if any(ch in text for ch in SENTENCE_END):
        return True
    return len(text) >= BODY_MIN_CHARS and any(ch in text for ch in CLAUSE_MARKS)


def is_header(text: str) -> bool:
    """A page header such as ``标题 2022-02-11 14:59:02 来源:某报``: never part of a sentence."""
    text = fold(text)
    return bool(SOURCE.search(text) or (DATE.search(text) and TIME.search(text)))


def ends_open(text: str) -> bool:
    """Ends mid-sentence: on a character or a mark that cannot end a paragraph."""
    last = text[-1]
    return last not in TERMINAL and (_is_cjk(last) or last.isdigit() or last in "，,、" + OPENING)


def is_interrupter(text: str) -> bool:
    """A short line that may sit inside a broken sentence: a caption, a stray headline."""
    text = fold(text)
    if DATELINE.match(text) or QA.match(text):
        return False
    if CAPTION.search(text) and len(text) <= INTERRUPTER_MAX_CHARS * 2:
        return True
    return len(text) <= INTERRUPTER_MAX_CHARS and not any(ch in text for ch in SENTENCE_END)


def continues(text: str, after_lift: bool) -> bool:
    """Can start the second half of a sentence broken before it."""
    text = fold(text)
    if DATELINE.match(text) or QA.match(text) or ENUMERATOR.match(text) or CAPTION.search(text) \
            or is_header(text):
        return False
    first = text[0]
    if _is_cjk(first) or first in OPENING:
        return True
    return not after_lift and first.isdigit()


def _next_half(lines: list[Line], j: int, lift: bool) -> tuple[int, list[int]] | None:
    """Where the sentence broken before line ``j`` goes on, and the lines lifted out of it."""
    if j >= len(lines):
        return None
    first = lines[j][0].text
    if first[0] in CONTINUATION_START:
        return j, []
    if not is_interrupter(first):
        return (j, []) if continues(first, after_lift=False) else None
    if not lift:
        return None
    k = j
    while k < len(lines) and k - j < MAX_INTERRUPTERS and is_interrupter(lines[k][0].text):
        k += 1
    if k < len(lines) and continues(lines[k][0].text, after_lift=True):
        return k, list(range(j, k))
    return None


def rejoin_breaks(lines: list[Line], lift: bool = True) -> list[Line]:
    """Join paragraphs split by a page or column break; lift captions out of the sentence."""
    out: list[Line] = []
    spare: list[int] = []  # break offsets freed by a join, reused where a break is needed
    i = 0
    while i < len(lines):
        current, newline = lines[i]
        i += 1
        lifted: list[Line] = []
        while is_body(current.text) and ends_open(current.text):
            found = _next_half(lines, i, lift)
            if found is None:
                break
            k, interrupters = found
            boundary = len(current)
            if newline is not None:
                spare.append(newline)
            lifted += [lines[n] for n in interrupters]
            current, newline = current + lines[k][0], lines[k][1]
            i = k + 1
            if lifted:
                end = _sentence_end(current.text, boundary)
                if end is not None and end < len(current) - 1:
                    out.append((current[:end + 1], spare.pop(0) if spare else None))
                    out += lifted
                    lifted = []
                    current = current[end + 1:].strip()
        out.append((current, newline))
        out += lifted
    return _fill_breaks(out, spare)


def _sentence_end(text: str, start: int) -> int | None:
    for i in range(start, len(text)):
        if text[i] in SENTENCE_END:
            return i
    return None


def _fill_breaks(lines: list[Line], spare: list[int]) -> list[Line]:
    """Give every line but the last a break offset, from the spares where its own was used."""
    filled = []
    for n, (line, newline) in enumerate(lines):
        if newline is None and n < len(lines) - 1 and spare:
            newline = spare.pop(0)
        filled.append((line, newline))
    return [(line, nl) for line, nl in filled if line.text]


# --- boxes of labels --------------------------------------------------------------------------


def _is_label(text: str) -> bool:
    return len(text) <= BOX_LINE_MAX_CHARS and all(_is_cjk(ch) for ch in text)


def join_boxes(lines: list[Line]) -> list[Line]:
    """A run of very short label lines (政风 / 热线 / 县纪委监委 / … / 主办) as one paragraph."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_label(lines[j][0].text):
            j += 1
        if j - i >= BOX_MIN_LINES and all(nl is not None for _, nl in lines[i:j - 1]):
            pieces = []
            for line, newline in lines[i:j - 1]:
                assert newline is not None
                pieces += [line, MappedText(" ", (newline,))]
            out.append((MappedText.join([*pieces, lines[j - 1][0]]), lines[j - 1][1]))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _assemble(lines: list[Line]) -> CleanedText:
    pieces: list[MappedText] = []
    for n, (line, newline) in enumerate(lines):
        pieces.append(line)
        if n < len(lines) - 1:
            # A break always has an original position: the newline, or the tag that made it.
            at = newline if newline is not None else line.offsets[-1]
            pieces.append(MappedText("\n", (at,)))
    joined = MappedText.join(pieces)
    return CleanedText(joined.text, joined.offsets)
