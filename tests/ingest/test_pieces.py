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


# Invented articles: a dateline starts each, so a piece holds several articles.
ARTICLE = ("本报讯 {month}月{day}日，{county}总工会在{county}职工服务中心召开第{n}次劳模座谈会。"
           "{county}总工会主席{person}出席会议并讲话，{person}表示要把“{program}”活动办实办好。"
           "会上，{county}{work}班组长{worker}获得“五一劳动奖章”称号。\n\n")
COUNTIES = ("射阳县", "建湖县", "海门市", "高邮市", "宝应县")
PEOPLE = ("丁明远", "邵丽华", "韦志强", "卜秀英", "贲建国", "倪欣怡")
PROGRAMS = ("安康杯", "送温暖", "金秋助学")


def _long_text(articles: int) -> str:
    return "".join(ARTICLE.format(
        month=n % 12 + 1, day=n % 28 + 1, n=n, county=COUNTIES[n % 5], person=PEOPLE[n % 6],
        worker=PEOPLE[(n + 2) % 6], program=PROGRAMS[n % 3], work=("供电公司", "医院")[n % 2])
        for n in range(articles))


def test_pieces_give_the_records_each_piece_gives_alone(tmp_path: Path, nlp_rules,
                                                        monkeypatch) -> None:
    """A long file read in pieces (each a page, spread over two processes) gives, article by
    article, the entities, relations and localities its pieces give read as files of their own,
    with evidence offsets shifted to the whole file."""
    import functools

    import gonghui.ingest as ingest
    from gonghui.nlp.parallel import extract_all
    from gonghui.nlp.to_records import extract

    monkeypatch.setattr(ingest, "LONG_FILE_CHARS", 20_000)
    monkeypatch.setattr(ingest, "piece_bounds", functools.partial(piece_bounds, size=8_000))
    text = _long_text(400)
    assert len(text) > 40_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    documents = list(iter_documents(path))
    bounds = list(piece_bounds(text, size=8_000))
    assert len({d.page for d in documents}) == len(bounds) >= 5
    whole = list(extract_all(documents, nlp_rules, jobs=2, chunk_chars=1_000))
    alone = []
    for page, (start, end) in enumerate(bounds):
        piece = tmp_path / f"piece{page}.txt"
        piece.write_text(text[start:end], encoding="utf-8")
        for extraction in extract(ingest.load_documents(piece), nlp_rules):
            alone.append((start, extraction))
    assert len(whole) == len(alone)
    assert sum(len(x.entities) for x in whole) > len(whole)  # the articles do name entities

    def shifted(items, by):
        return tuple((e.start + by, e.end + by, e.sentence) for e in items)

    for big, (start, small) in zip(whole, alone, strict=True):
        assert big.locality == small.locality
        assert [(e.type, e.name, e.aliases, e.locality, tuple((v.start, v.end, v.sentence)
                 for v in e.evidence)) for e in big.entities] == \
            [(e.type, e.name, e.aliases, e.locality, shifted(e.evidence, start))
             for e in small.entities]
        assert [(type(r), {k: v for k, v in vars(r).items() if k != "evidence"},
                 tuple((v.start, v.end, v.sentence) for v in r.evidence)) for r in big.relations] == \
            [(type(r), {k: v for k, v in vars(r).items() if k != "evidence"},
              shifted(r.evidence, start)) for r in small.relations]
