"""The readable text of a file in each format, as ``MappedText`` into the decoded original.

Plain text is taken as it is; HTML goes through the standard library's parser (block elements
become line breaks, scripts, styles and navigation are skipped, entities decoded); markdown loses
its front matter and its markup, and any HTML inside it is parsed the same way.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..records import SourceFile
from .mapped import CharMap, MappedText

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption dd div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main ol p pre section table tbody td tfoot th thead tr ul"
    .split())
# Content a reader never sees as the article: code, styling, site navigation and controls.
SKIPPED_TAGS = frozenset(
    "script style noscript template nav aside form button select iframe svg canvas "
    "object embed".split())
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split())
META_KEYS = {
    "title": "title", "og:title": "title", "dc.title": "title", "articletitle": "title",
    "date": "date", "pubdate": "date", "publishdate": "date", "article:published_time": "date",
    "dc.date": "date", "publish_date": "date", "dc.date.issued": "date",
    "source": "source", "contentsource": "source", "author": "author", "keywords": "keywords",
}

PAGE_BREAKS = CharMap({"\f": "\n", "\v": "\n"})
LINE_ENDS = CharMap({"\r": "\n", "\u2028": "\n", "\u2029": "\n"})
CRLF = re.compile(r"\r(?=\n)")
_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
CJK_SEGMENT_BREAK = re.compile(f"(?<=[{_WIDE}])[ \\t]*\\r\\s*(?=[{_WIDE}])")
SEGMENT_BREAKS = CharMap({"\r": " "})
MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
MD_AUTOLINK = re.compile(r"<(?:https?:|mailto:|//)[^>\s]*>")
MD_LINE_MARKUP = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)",
                            re.MULTILINE)
MD_RULE = re.compile(r"^[ \t]*(?:[-*_=][ \t]*){3,}$", re.MULTILINE)  # rules, setext underlines
MD_EMPHASIS = re.compile(r"(\*\*|__|`)(?=\S)(.+?)(?<=\S)\1")
MD_LINK_SEPARATORS = "|｜/·•,，、 \t"


def text_view(source: SourceFile) -> MappedText:
    """The text a reader sees, each character mapped to its offset in ``source.text``."""
    if source.media_type == "text/html":
        return html_text(source.text)
    if source.media_type == "text/markdown":
        from .read import front_matter

        return markdown_text(source.text, front_matter(source.text)[1])
    return plain_text(source.text)


def plain_text(text: str, start: int = 0) -> MappedText:
    # A form feed is a page break, a lone carriage return an old Mac line end: both are breaks.
    view = MappedText.of(text, start).translate(PAGE_BREAKS)
    return _unify_newlines(view)


def _unify_newlines(view: MappedText) -> MappedText:
    if "\r" in view.text:
        view = view.drop(CRLF)
    return view.translate(LINE_ENDS)


def html_text(text: str, start: int = 0, keep_newlines: bool = False) -> MappedText:
    parser = _TextParser(text, start, keep_newlines)
    parser.feed(text[start:])
    parser.close()
    view = MappedText("".join(parser.chars), tuple(parser.offsets))
    if keep_newlines:
        return view
    # As browsers do (CSS Text 3, segment break transformation), a source line break between
    # two Chinese characters vanishes; anywhere else it is a space.
    return view.drop(CJK_SEGMENT_BREAK).translate(SEGMENT_BREAKS)


def markdown_text(text: str, body_start: int) -> MappedText:
    """The body of a markdown file: HTML parsed, link-only lines dropped, markup removed."""
    view = _unify_newlines(html_text(text, body_start, keep_newlines=True))
    lines = []
    for line, newline in view.lines():
        if _is_link_line(line.text):
            line = line[0:0]
        line = line.drop(MD_RULE).drop(MD_LINE_MARKUP).drop(MD_LINK, keep_group=1)
        line = line.drop(MD_EMPHASIS, keep_group=2) if "*" in line.text or "_" in line.text \
            or "`" in line.text else line
        lines.append(line)
        if newline is not None:
            lines.append(MappedText("\n", (newline,)))
    return MappedText.join(lines)


def _is_link_line(line: str) -> bool:
    """A line made only of links (a navigation row such as ``[返回首页](/)｜[上一篇](…)``)."""
    if not MD_LINK.search(line) and not MD_AUTOLINK.search(line) \
            and not re.fullmatch(r"\s*(?:https?:)?//\S+\s*", line):
        return False
    rest = MD_AUTOLINK.sub("", MD_LINK.sub("", line))
    rest = re.sub(r"(?:https?:)?//\S+", "", rest)
    return not rest.strip(MD_LINK_SEPARATORS)


def html_metadata(text: str) -> tuple[tuple[str, str], ...]:
    """``<title>`` and the ``<meta>`` fields that name a title, date, source or author."""
    parser = _TextParser(text, 0, keep_newlines=False)
    parser.feed(text)
    parser.close()
    pairs = []
    title = " ".join("".join(parser.title).split())
    # A page title usually carries the site's name: 标题_栏目_某某网, 标题 | 某某网, 标题 - 某某网.
    head = re.split(r"\s*[_|｜]\s*|\s+[-—]+\s+", title)[0]
    title = head if len(head) >= 4 else title
    if title:
        pairs.append(("title", title))
    return tuple(pairs) + tuple(parser.meta)


class _TextParser(HTMLParser):
    """Collects visible text with the original offset of every character."""

    def __init__(self, text: str, start: int, keep_newlines: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.start = start
        self.keep_newlines = keep_newlines
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text[start:]) if ch == "\n"]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skipping = 0
        self.in_title = False
        self.title: list[str] = []
        self.meta: list[tuple[str, str]] = []

    def _here(self) -> int:
        line, col = self.getpos()
        return self.start + self.line_starts[line - 1] + col

    def _break(self) -> None:
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.offsets.append(self._here())

    def _emit(self, chars: str, at: int, span: int) -> None:
        if self.in_title:
            self.title.append(chars)
            return
        if self.skipping:
            return
        for i, ch in enumerate(chars):
            if ch == "\n" and not self.keep_newlines:
                ch = "\r"  # a segment break inside running HTML text: see html_text
            self.chars.append(ch)
            self.offsets.append(at + min(i, span - 1))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        if tag == "title":
            self.in_title = True
        elif tag in SKIPPED_TAGS and tag not in VOID_TAGS:
            self.skipping += 1
        if tag in BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        if tag in BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        if tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        self._emit(data, self._here(), len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")

    def _reference(self, raw: str) -> None:
        at = self._here()
        if self.text.startswith(";", at + len(raw)):
            raw += ";"
        value = html.unescape(raw)
        # An unknown entity stays as written; a known one may still give two characters.
        self._emit(value, at, len(raw))

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        if key in META_KEYS and content:
            self.meta.append((META_KEYS[key], content))
