"""Where a mention or fact was read, in the Web Annotation model's terms.

An ``Evidence`` record holds a span of the original file and the sentence around it (in the
cleaned text). The graph gives it as an ``oa:SpecificResource`` of the source file with two
selectors of the same segment: a ``TextPositionSelector`` (the file offsets) and a
``TextQuoteSelector`` whose ``exact`` is the segment's text and whose ``prefix`` and ``suffix``
are the rest of its sentence, so the sentence is ``prefix + exact + suffix``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.records import Document, Evidence


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


class Quoter:
    """Quotes the evidence of one document: the segment's text and its sentence either side."""

    def __init__(self, document: Document) -> None:
        self.document = document
        # Cleaning may move whole pieces (a caption lifted out of a sentence), so the map from
        # file offsets back to the text is a lookup, not a search in sorted offsets.
        self.index = {offset: i for i, offset in enumerate(document.offsets)}

    def quote(self, evidence: Evidence) -> Quote:
        """The file span mapped back through the offset map, with its sentence around it.

        When the sentence cannot be placed around the segment (it was cut for length, or the
        record came from elsewhere), the segment's text alone is quoted; when even that cannot
        be mapped (another document's evidence), the sentence is.
        """
        text, sentence = self.document.text, evidence.sentence
        start = self.index.get(evidence.start)
        last = self.index.get(evidence.end - 1)
        if evidence.document != self.document.id or start is None or last is None or last < start:
            return Quote(sentence)
        end = last + 1
        exact = text[start:end]
        # The occurrence of the sentence that covers the segment, searched near it.
        at = text.find(sentence, max(0, end - len(sentence)), start + len(sentence))
        if sentence and 0 <= at <= start and end <= at + len(sentence):
            return Quote(exact, sentence[:start - at], sentence[end - at:])
        return Quote(exact)
