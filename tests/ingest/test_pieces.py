"""A long file is read in pieces cut at paragraph breaks, with offsets into the whole file."""

from __future__ import annotations

from pathlib import Path

from gonghui.ingest import iter_documents
from gonghui.ingest.pieces import LONG_FILE_CHARS, PIECE_CHARS, piece_bounds
from gonghui.nlp.parallel import chunk_by_file


def test_pieces_cover_the_text_and_end_at_breaks() -> None:
    text = ("甲乙丙丁。" * 30 + "\n") * 50 + "无换行的长句" * 200
    bounds = list(piece_bounds(text, size=1000))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= 1000 for start, end in bounds)
    assert all(text[end - 1] == "\n" for _, end in bounds[:-3])  # paragraph breaks while any


def test_pieces_of_a_long_file_keep_offsets_and_spread_over_chunks(tmp_path: Path) -> None:
    paragraph = "某县总工会第{n}次开展“送温暖”活动，走访慰问困难职工{n}户。"
    text = "\n".join(paragraph.format(n=n) for n in range(LONG_FILE_CHARS // 25))
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    documents = list(iter_documents(path, identity="sub/dump.txt"))
    assert len({d.page for d in documents}) >= len(text) // PIECE_CHARS
    assert all(len(d.text) <= PIECE_CHARS for d in documents)
    assert [d.id for d in documents] == [f"sub/dump.txt#{n}" for n in range(1, len(documents) + 1)]
    for document in documents:
        start, end = document.original_span(0, len(document.text))
        assert text[start:end].startswith(document.text[:20])
    assert len(list(chunk_by_file(documents, chunk_chars=10_000))) >= 2  # one file, many workers
