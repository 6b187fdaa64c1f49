"""Split a cleaned newspaper page into its articles, one ``Document`` each.

Conservative on purpose (cutting one article in two is worse than leaving two together): a new
article starts only at a dateline paragraph (本报讯, 本报X日电, 新华社…电) together with the short
headline lines right above it. Text before the first such article is an article of its own only
when it holds running text; otherwise it joins the first article.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Document, SourceFile
from .clean import CAPTION, DATELINE, SENTENCE_END, CleanedText, is_header
from .meta import (
    SIGNED,
    SIGNED_BEFORE,
    bylines,
    fold,
    header_date,
    header_title,
    iso_date,
    source_of,
)

HEADLINE_MAX_CHARS = 40
MAX_HEADLINE_LINES = 3
LEAD_MIN_CHARS = 100  # text before the first dateline article that is worth an article
KICKER_MAX_CHARS = 4
HEADER_LINES = 4  # a date or headline in the first lines of an article is its header


@dataclass(frozen=True)
class _Part:
    start: int  # first paragraph index
    end: int  # one past the last
    headline: tuple[int, ...]  # paragraph indexes of the headline lines


def split_articles(source: SourceFile, cleaned: CleanedText) -> list[Document]:
    """The articles of ``source`` as Documents: its id alone, or ``id#1``, ``id#2``…"""
    spans = [s for s in cleaned.paragraphs() if s[1] > s[0]]
    texts = [cleaned.text[a:b] for a, b in spans]
    parts = _parts(texts)
    documents = []
    for n, part in enumerate(parts, start=1):
        start, end = spans[part.start][0], spans[part.end - 1][1]
        doc_id = source.name if len(parts) == 1 else f"{source.name}#{n}"
        lines = texts[part.start:part.end]
        documents.append(Document(
            id=doc_id, file=source.name, text=cleaned.text[start:end],
            offsets=cleaned.offsets[start:end],
            title=_title(source, texts, part, single=len(parts) == 1),
            date=_date(source, lines, texts), source=_source(source, "\n".join(lines)),
            bylines=bylines("\n".join(lines)), categories=_values(source, "categories"),
            sha256=source.sha256))
    return documents


def is_headline(text: str) -> bool:
    """A short line without a full stop that is not a dateline, a byline or a caption."""
    if len(text) > HEADLINE_MAX_CHARS or any(ch in text for ch in SENTENCE_END):
        return False
    text = fold(text)
    if DATELINE.match(text) or CAPTION.search(text) or SIGNED.search(text) \
            or SIGNED_BEFORE.search(text):
        return False
    return text.count(" ") <= 2


def _parts(texts: list[str]) -> list[_Part]:
    if not texts:
        return []
    starts: list[tuple[int, tuple[int, ...]]] = []
    for i, text in enumerate(texts):
        if not DATELINE.match(fold(text)):
            continue
        first = i
        floor = starts[-1][0] + len(starts[-1][1]) + 1 if starts else 0
        while first > floor and i - first < MAX_HEADLINE_LINES and is_headline(texts[first - 1]):
            first -= 1
        starts.append((first, tuple(range(first, i))))
    if not starts:
        return [_Part(0, len(texts), _leading_headline(texts))]
    if starts[0][0] > 0:
        lead = texts[:starts[0][0]]
        if sum(len(t) for t in lead) >= LEAD_MIN_CHARS or any(
                ch in t for t in lead for ch in SENTENCE_END):
            starts.insert(0, (0, _leading_headline(texts[:starts[0][0]])))
        else:
            starts[0] = (0, starts[0][1])
    bounds = [s for s, _ in starts[1:]] + [len(texts)]
    return [_Part(start, end, headline)
            for (start, headline), end in zip(starts, bounds, strict=True)]


def _leading_headline(texts: list[str]) -> tuple[int, ...]:
    """The first line, when it reads as a headline and running text or a page header follows."""
    if len(texts) > 1 and is_headline(texts[0]) and not is_header(texts[0]) \
            and (is_header(texts[1]) or not is_headline(texts[1])):
        return (0,)
    return ()


def _values(source: SourceFile, key: str) -> tuple[str, ...]:
    return tuple(v for k, v in source.metadata if k == key)


def _title(source: SourceFile, texts: list[str], part: _Part, single: bool) -> str | None:
    if single:
        for value in _values(source, "title"):
            return value
        for text in texts[part.start:part.start + HEADER_LINES]:
            found = header_title(text)
            if found:
                return found
    # The main headline comes first, unless a short column label (实干担当, 要闻) stands above it.
    lines = [texts[i] for i in part.headline]
    first = lines[0] if lines else None
    return next((line for line in lines if len(line) > KICKER_MAX_CHARS), first)


def _date(source: SourceFile, lines: list[str], texts: list[str]) -> str | None:
    """The article's own header date, else the file's (front matter, meta, page header)."""
    own = header_date(lines[:HEADER_LINES])
    if own:
        return own
    for value in _values(source, "date"):
        found = iso_date(value)
        if found:
            return found
    return header_date(texts[:HEADER_LINES])


def _source(source: SourceFile, text: str) -> str | None:
    return source_of(text) or next(iter(_values(source, "source")), None)
