"""Quoting evidence: the segment's text, and its sentence either side, read back through the
document's offset map."""

from __future__ import annotations

import pytest

from gonghui.kg.provenance import Quote, Quoter
from gonghui.records import Document, Evidence

TEXT = "甲县总工会开展送温暖活动。县总工会主席张三出席。"


def _doc(offsets: tuple[int, ...] | None = None) -> Document:
    # Offsets as if the file had a two-character header the cleaning dropped.
    return Document(id="a.txt", file="a.txt", text=TEXT,
                    offsets=offsets or tuple(range(2, 2 + len(TEXT))))


@pytest.mark.parametrize(("evidence", "expected"), [
    # a mention: its text, the rest of the sentence either side
    (Evidence("a.txt", 2 + 13, 2 + 17, "县总工会主席张三出席。"),
     Quote("县总工会", "", "主席张三出席。")),
    (Evidence("a.txt", 2 + 19, 2 + 21, "县总工会主席张三出席。"),
     Quote("张三", "县总工会主席", "出席。")),
    # a fact's span that is its whole sentence
    (Evidence("a.txt", 2, 2 + 13, "甲县总工会开展送温暖活动。"), Quote("甲县总工会开展送温暖活动。")),
    # a sentence that is not around the span (cut for length, or made elsewhere): the span alone
    (Evidence("a.txt", 2, 2 + 5, "另一句话。"), Quote("甲县总工会")),
    # another document's evidence cannot be mapped: its sentence is quoted
    (Evidence("b.txt", 2, 2 + 5, "乙县总工会开会。"), Quote("乙县总工会开会。")),
])
def test_provenance_quote(evidence: Evidence, expected: Quote) -> None:
    assert Quoter(_doc()).quote(evidence) == expected


def test_provenance_quote_follows_a_piece_moved_by_cleaning() -> None:
    """Cleaning may move a whole piece (a caption lifted out): offsets are looked up, not
    searched in order."""
    first, second = list(range(100, 113)), list(range(0, 11))  # the second sentence came first
    document = _doc(tuple(first + second))
    evidence = Evidence("a.txt", 6, 8, "县总工会主席张三出席。")
    assert Quoter(document).quote(evidence) == Quote("张三", "县总工会主席", "出席。")
