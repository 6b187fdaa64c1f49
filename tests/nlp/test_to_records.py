"""Docs to records: a page's locality from its articles' localities."""

from __future__ import annotations

import json

import pytest

from gonghui.nlp.to_records import page_locality


@pytest.mark.parametrize(("articles", "page"), [
    (["高邮市"], "高邮市"),
    (["高邮市", "高邮市"], "高邮市"),
    (["高邮市", "宝应县"], "扬州市"),  # two counties of one city: the city's paper
    (["高邮市", "宝应县", "扬州市"], "扬州市"),
    (["高邮市", "射阳县"], "江苏省"),  # two cities of one province
    (["高邮市", "富顺县"], None),  # nothing holds them both
    ([], None),
])
def test_to_records_page_locality(articles: list[str], page: str | None) -> None:
    assert page_locality(articles) == page


# An invented article and its traditional-character twin (as a Hong Kong reprint would print it).
TWIN_SIMPLIFIED = """青禾县总工会开展“金秋助学”活动

本报讯（记者 罗文涛）9月3日，青禾县总工会在县职工服务中心举行“金秋助学”发放仪式。县总工会党组书记、\
主席韩丽萍出席并讲话，县总工会副主席宋建国主持仪式。

今年，县总工会共资助困难职工子女四十二名。获得全国五一劳动奖章的青禾县自来水公司职工冯德胜作为职工代表发言。\
韩丽萍表示，县总工会将继续做好困难职工帮扶工作。
"""
TWIN_TRADITIONAL = """青禾縣總工會開展“金秋助學”活動

本報訊（記者 羅文濤）9月3日，青禾縣總工會在縣職工服務中心舉行“金秋助學”發放儀式。縣總工會黨組書記、\
主席韓麗萍出席並講話，縣總工會副主席宋建國主持儀式。

今年，縣總工會共資助困難職工子女四十二名。獲得全國五一勞動獎章的青禾縣自來水公司職工馮德勝作為職工代表發言。\
韓麗萍表示，縣總工會將繼續做好困難職工幫扶工作。
"""


def test_to_records_traditional_twin_reads_as_its_simplified_twin(nlp, tmp_path) -> None:
    from gonghui.ingest import load_documents
    from gonghui.ingest.script import to_simplified
    from gonghui.nlp.to_records import extract, file_records

    (tmp_path / "simplified.txt").write_text(TWIN_SIMPLIFIED, encoding="utf-8")
    (tmp_path / "traditional.txt").write_bytes(TWIN_TRADITIONAL.encode("big5"))  # a Big5 page
    simple, traditional = (
        file_records(extract(load_documents(tmp_path / name), nlp))[0]
        for name in ("simplified.txt", "traditional.txt"))
    assert simple["entities"] and simple["relations"]
    # The same entities and relations, names in each document's own characters: every name of
    # the traditional twin is written so in its text, and converts to its twin's name.
    for kind in ("entities", "relations"):
        converted = json.loads(to_simplified(json.dumps(traditional[kind], ensure_ascii=False)))
        assert converted == simple[kind]
    names = {e["name"] for e in traditional["entities"]}
    assert {"韓麗萍", "馮德勝", "青禾縣總工會"} <= names
    assert all(name in TWIN_TRADITIONAL for name in names)
    assert simple["locality"] == traditional["locality"]


def test_to_records_traditional_evidence_points_into_the_original_file(nlp, tmp_path) -> None:
    from gonghui.ingest import load_documents
    from gonghui.nlp.to_records import extract

    path = tmp_path / "traditional.txt"
    path.write_text(TWIN_TRADITIONAL, encoding="utf-8")
    (extraction,) = extract(load_documents(path), nlp)
    person = next(e for e in extraction.entities if e.name == "馮德勝")
    assert [TWIN_TRADITIONAL[ev.start:ev.end] for ev in person.evidence] == ["馮德勝"]
    assert all("馮德勝" in ev.sentence for ev in person.evidence)
