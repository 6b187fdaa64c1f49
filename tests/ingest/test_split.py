"""Article splitting and article metadata (title, date, source, bylines), on tables and seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from gonghui.errors import InputError
from gonghui.ingest import clean, discover, load_documents, split_articles
from gonghui.ingest.meta import bylines, header_date, iso_date, source_of
from gonghui.records import SourceFile

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BODY = "为进一步推动工会工作,县总工会召开全委会议,回顾总结去年工作,研究部署今年任务。"

PAGE = f"""县总工会召开全委会议
实干担当

本报讯(通讯员 张三)3月19日下午,{BODY}

会议还表彰了先进集体。

合德镇推进职工书屋建设

本报讯(通讯员 李四 王五)年初以来,{BODY}

5月12日,某卫生院举办庆祝活动。赵六 摄
"""


def _source(text: str, name: str = "page.txt", media_type: str = "text/plain",
            metadata: tuple[tuple[str, str], ...] = ()) -> SourceFile:
    return SourceFile(path=name, name=name, text=text, encoding="utf-8", media_type=media_type,
                      metadata=metadata)


def _split(text: str, **kwargs):
    source = _source(text, **kwargs)
    return split_articles(source, clean(source))


def test_split_a_page_into_dateline_articles() -> None:
    docs = _split(PAGE)
    assert [(d.id, d.title, d.bylines) for d in docs] == [
        ("page.txt#1", "县总工会召开全委会议", ("张三",)),
        ("page.txt#2", "合德镇推进职工书屋建设", ("李四", "王五", "赵六"))]
    assert docs[0].text.startswith("县总工会召开全委会议\n实干担当\n本报讯")
    assert docs[0].text.endswith("会议还表彰了先进集体。")
    assert docs[1].text.endswith("赵六 摄")
    for doc in docs:
        assert doc.file == "page.txt" and len(doc.offsets) == len(doc.text)
        start, end = doc.original_span(0, 10)
        assert PAGE[start:end] == doc.text[:10]


@pytest.mark.parametrize(("text", "ids_titles"), [
    # one article with a headline: one document named after the file
    (f"县总工会召开全委会议\n\n本报讯(通讯员 张三){BODY}\n\n{BODY}",
     [("page.txt", "县总工会召开全委会议")]),
    # no dateline at all: never split, however many short lines
    (f"高邮打造特色工会\n\n{BODY}\n\n宝应以实事工程引领服务\n\n{BODY}",
     [("page.txt", "高邮打造特色工会")]),
    # running text before the first dateline article is an article of its own
    (f"{BODY}\n\n{BODY}\n\n合德镇推进职工书屋建设\n\n本报讯 {BODY}",
     [("page.txt#1", None), ("page.txt#2", "合德镇推进职工书屋建设")]),
    # a bare page label before the first article joins it
    (f"第三版\n\n合德镇推进职工书屋建设\n\n本报讯 {BODY}\n\n临海镇改善就医环境\n\n本报讯 {BODY}",
     [("page.txt#1", "合德镇推进职工书屋建设"), ("page.txt#2", "临海镇改善就医环境")]),
    # 本报记者 … 报道 opens an article; 本报记者 in a paragraph of prose does not
    (f"{BODY}\n\n合德镇推进职工书屋建设\n\n本报记者 张三 报道 {BODY}\n\n本报记者了解到,{BODY}",
     [("page.txt#1", None), ("page.txt#2", "合德镇推进职工书屋建设")]),
    # a column label above the headline is not the title; a caption is not a headline
    (f"{BODY}\n\n要闻\n\n合德镇推进职工书屋建设\n\n本报讯 {BODY}\n\n图为活动现场\n\n本报讯 {BODY}",
     [("page.txt#1", None), ("page.txt#2", "合德镇推进职工书屋建设"), ("page.txt#3", None)]),
    # a headline, a subheadline and a kicker above the dateline all belong to the article
    (f"{BODY}\n\n抗疫期间开展云服务\n\n帮176家企业推送岗位\n\n专题\n\n本报讯 {BODY}",
     [("page.txt#1", None), ("page.txt#2", "抗疫期间开展云服务")]),
])
def test_split_is_conservative(text: str, ids_titles: list[tuple[str, str | None]]) -> None:
    assert [(d.id, d.title) for d in _split(text)] == ids_titles


def test_split_takes_metadata_title_date_and_categories() -> None:
    metadata = (("title", "学习贯彻新思想"), ("date", "2022-01-11 09:16:54 +0800"),
                ("categories", "jinggangshanbao"), ("source", "井冈山报"))
    [doc] = _split(f"□孔令云\n\n{BODY}", metadata=metadata)
    assert (doc.title, doc.date, doc.source, doc.bylines, doc.categories) == (
        "学习贯彻新思想", "2022-01-11", "井冈山报", ("孔令云",), ("jinggangshanbao",))


def test_split_reads_a_page_header_line() -> None:
    [doc] = _split(f"首页>资讯 >\n某县总工会:荣获“双殊荣” 2022-02-11 14:59:02  来源:某市总工会\n\n{BODY}")
    assert (doc.title, doc.date, doc.source) == ("某县总工会:荣获“双殊荣”", "2022-02-11", "某市总工会")


@pytest.mark.parametrize(("text", "names"), [
    ("本报讯(通讯员 吴凌)为进一步推动", ("吴凌",)),
    ("本报讯 (通讯员海工宣)3月19日下午", ("海工宣",)),
    ("本报讯(通讯员 王荣 李文全)年初以来", ("王荣", "李文全")),
    ("本报讯(记者 张三 通讯员 李四、王五)日前", ("张三", "李四", "王五")),
    ("本报讯 记者张三报道", ("张三",)),
    ("为护理事业高质量发展贡献力量。徐海燕 摄", ("徐海燕",)),
    ("倪颖娟/文 严明星/摄", ("倪颖娟", "严明星")),
    ("文/张三 图/李四", ("张三", "李四")),
    ("□孔令云", ("孔令云",)),
    ("摄影:欧阳小明", ("欧阳小明",)),
    ("(责任编辑:王小丽)", ("王小丽",)),
    ("县总工会召开会议。\n责编:赵六", ("赵六",)),
    # roles without a name, or the words in prose, are not bylines
    ("市总工会与海门日报社还将联合表彰一批优秀通讯员。", ()),
    ("优秀通讯员评选活动启动", ()),
    ("他接受记者采访时说,工会要服务职工。", ()),
    ("书画摄影、微视频大赛和演讲比赛", ()),
])
def test_split_bylines_are_names_only(text: str, names: tuple[str, ...]) -> None:
    assert bylines(text) == names


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-02-11 14:59:02", "2022-02-11"),
    ("2021年5月1日", "2021-05-01"),
    ("2020/3/9", "2020-03-09"),
    ("2021.12.31", "2021-12-31"),
    ("2021-02-30", None),
    ("3月19日下午", None),
])
def test_split_iso_dates(text: str, expected: str | None) -> None:
    assert iso_date(text) == expected


@pytest.mark.parametrize(("lines", "expected"), [
    (["标题 2022-02-11 14:59:02 来源:某报"], "2022-02-11"),
    (["发布时间:2021年5月1日"], "2021-05-01"),
    (["2021年5月1日,县总工会召开会议。"], None),  # a date in prose is not the publication date
])
def test_split_header_dates(lines: list[str], expected: str | None) -> None:
    assert header_date(lines) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-02-11 14:59:02  来源:盐城市总工会", "盐城市总工会"),
    ("(文章来源：井冈山报)", "井冈山报"),
    ("信息来源: 某某日报 编辑:王五", "某某日报"),
    ("职工来源广泛。", None),
])
def test_split_sources(text: str, expected: str | None) -> None:
    assert source_of(text) == expected


Expected = tuple[int, str | None, str | None, str | None, tuple[str, ...]]  # n, title, date, …
SEED_DOCUMENTS: dict[str, tuple[int, list[Expected]]] = {
    "000": (5, [(1, None, None, None, ()), (2, "县第二人民医院邀请专家培训指导", None, None, ("吴凌",)),
                (4, "黄沙港镇卫生院努力提高护理水平", None, None, ("王荣", "李文全", "徐海燕"))]),
    "001": (9, [(1, "在服务高质量发展中彰显工会担当", None, None, ("海工宣",)),
                (6, "市总出台《专职工会干事管理考核办法》", None, None, ("方振亚",))]),
    "002": (1, [(1, "高邮「一二三四十」打造特色工会", None, None, ())]),
    "003": (1, [(1, "盐城市建湖县总工会:“高强精细实”荣获市县表彰“双殊荣”", "2022-02-11", "盐城市总工会", ())]),
    "004": (1, [(1, "学习贯彻新思想 聚焦助力新蓝图", "2022-01-11", "井冈山报", ("孔令云",))]),
}


@pytest.mark.parametrize("prefix", sorted(SEED_DOCUMENTS))
def test_split_seeds_into_sensible_documents(prefix: str) -> None:
    [path] = SEEDS.glob(f"{prefix}_*")
    docs = load_documents(path)
    count, expected = SEED_DOCUMENTS[prefix]
    assert len(docs) == count
    assert [d.id for d in docs] == ([path.name] if count == 1 else
                                    [f"{path.name}#{n}" for n in range(1, count + 1)])
    for n, title, date, source, names in expected:
        doc = docs[n - 1]
        assert (doc.title, doc.date, doc.source, doc.bylines) == (title, date, source, names)


@pytest.mark.parametrize(("prefix", "kept", "gone"), [
    ("000", ["县总工会获评全省", "县纪委监委 县委宣传部 县政府纠风办 县融媒体中心 主办",
             "女职工特殊保护", "访谈和追踪"], ["82367900"]),
    ("002", ["最薄弱的短板和职工反映最强烈的问题入手", "受到社会好评。",
             "\n扬州市人大常委会副主任、市总工会主席杨正福在高邮调研\n"], []),
    ("003", ["来源:盐城市总工会\n日前"], ["首页", "关键词", "相关阅读", "图片 图片"]),
    ("004", ["□孔令云\n2021年，", "(文章来源：井冈山报)"], ["<p>", "layout:", "http", "返回"]),
])
def test_split_seed_text_is_clean(prefix: str, kept: list[str], gone: list[str]) -> None:
    [path] = SEEDS.glob(f"{prefix}_*")
    text = "\n".join(d.text for d in load_documents(path))
    assert all(k in text for k in kept), [k for k in kept if k not in text]
    assert not [g for g in gone if g in text]


def test_split_refuses_a_file_of_furniture_only(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text("<nav>首页 &gt; 资讯</nav><p>分享到: 微信</p>", encoding="utf-8")
    with pytest.raises(InputError, match="nav.html: no text left"):
        load_documents(path)


def test_split_ingests_every_seed_article() -> None:
    # The speed of ingest is bench/'s business (a time bound here fails on a busy machine).
    docs = [d for path, _ in discover([SEEDS]) for d in load_documents(path)]
    assert len(docs) == 17


WEB_TEXT = """网站首页 | 工会动态 | 职工维权 | 联系我们
当前位置：首页 > 工会动态 > 基层工会
某某县总工会开展“金秋助学”活动
发布时间：2021-09-01 10:00 来源：某某县总工会 作者：张三 浏览次数：235
【字体：大 中 小】

　　8月30日，某某县总工会举行“金秋助学”金发放仪式，县委常委、组织部长王某某出席并讲话。

（通讯员 赵某）
责任编辑：李四
上一篇：某某镇工会召开会员代表大会
扫一扫在手机打开当前页
Copyright © 2021 某某市总工会 版权所有
地址：某某路1号 电话：0551-12345678 邮编：230000
"""
WEB_HTML = """<!DOCTYPE html><html><head><meta charset="gbk">
<title>某某县总工会开展“金秋助学”活动_工会动态_某某县总工会</title><script>var a="<p>";</script>
</head><body><div><a href="/">网站首页</a> | <a>工会动态</a> | <a>职工维权</a></div>
<div>当前位置：<a>首页</a> &gt; <a>工会动态</a></div>
<h1>某某县总工会开展“金秋助学”活动</h1><div>发布时间：2021-09-01 10:00&nbsp;来源：某某县总工会</div>
<p>&nbsp;&nbsp;8月30日，某某县总工会举行“金秋助学”金发放仪式，县委常委、组织部长王某某出席并讲话。</p>
<p><img src="a.jpg"></p><p>（通讯员 赵某）</p><div>分享到：<a>微信</a><a>微博</a></div>
<div>Copyright &copy; 2021 某某市总工会 版权所有<br>地址：某某路1号 电话：0551-12345678</div></body></html>
"""


@pytest.mark.parametrize(("name", "data", "tail"), [
    # the editor row stays: an editor is a person of the byline (guidelines)
    # and so does the headline the page links to (上一篇：…), news of the same site
    ("page.txt", WEB_TEXT.encode("utf-8"), ["(通讯员 赵某)", "责任编辑：李四", "某某镇工会召开会员代表大会"]),
    ("page.txt", WEB_TEXT.encode("gb18030"), ["(通讯员 赵某)", "责任编辑：李四", "某某镇工会召开会员代表大会"]),
    ("page.html", WEB_HTML.encode("gbk"), ["(通讯员 赵某)"]),
])
def test_split_a_saved_web_page(tmp_path: Path, name: str, data: bytes, tail: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [doc] = load_documents(path)
    assert (doc.id, doc.title, doc.date, doc.source) == (
        name, "某某县总工会开展“金秋助学”活动", "2021-09-01", "某某县总工会")
    assert "赵某" in doc.bylines
    lines = doc.text.split("\n")
    assert lines[0] == "某某县总工会开展“金秋助学”活动"
    assert lines[-len(tail):] == tail
    assert lines[-len(tail) - 1].startswith("8月30日，某某县总工会举行")


BIG5_PAGE = """首頁 > 新聞
縣總工會表彰勞動模範 2021-05-01 10:00 來源：某某日報

本報訊（通訊員 陳小明）日前，縣總工會召開大會，表彰一批勞動模範和先進集體，會議由主席主持。

圖為表彰現場。李大華 攝
責任編輯：王五
"""


def test_split_a_traditional_big5_page(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes(BIG5_PAGE.encode("big5"))
    [doc] = load_documents(path)
    assert (doc.title, doc.date, doc.source, doc.bylines) == (
        "縣總工會表彰勞動模範", "2021-05-01", "某某日報", ("陳小明", "李大華", "王五"))
    assert doc.text.startswith("縣總工會表彰勞動模範 2021-05-01")
    assert doc.text.endswith("圖為表彰現場。李大華 攝\n責任編輯：王五")
