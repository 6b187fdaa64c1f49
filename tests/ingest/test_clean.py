"""Cleaning: formats to running text, page breaks, captions, furniture, widths, the offset map."""

from __future__ import annotations

import html
import random
import re
import unicodedata
from pathlib import Path

import pytest

from gonghui.ingest import clean, discover, read_source
from gonghui.records import SourceFile

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BODY = "县总工会坚持以服务职工为中心,扎实开展困难职工帮扶和金秋助学活动,"  # 34 characters, open


def _source(text: str, media_type: str = "text/plain", name: str = "t.txt") -> SourceFile:
    return SourceFile(path=name, name=name, text=text, encoding="utf-8", media_type=media_type)


def _cleaned(text: str, media_type: str = "text/plain") -> str:
    return clean(_source(text, media_type)).text


@pytest.mark.parametrize(("raw", "expected"), [
    # a word cut by a page break between two CJK characters
    (BODY + "县总工\n\n会获评全省“优秀组织奖”。", BODY + "县总工会获评全省“优秀组织奖”。"),
    # several blank lines, and a break before an opening quote
    (BODY + "建成\n\n\n\n“恒隆书房”等驿站。", BODY + "建成“恒隆书房”等驿站。"),
    # a break before a comma can only be mid-sentence
    (BODY + "建成驿站\n\n,服务职工。", BODY + "建成驿站,服务职工。"),
    # a hard-wrapped paragraph
    (BODY + "\n帮扶困难职工。", BODY + "帮扶困难职工。"),
    # a full stop ends the paragraph: no join
    (BODY + "帮扶。\n\n会议强调要做好工作。", BODY + "帮扶。\n会议强调要做好工作。"),
    # a closing quote or colon ends it too
    (BODY + "重点做好五个方面:\n\n(一)坚持政治引领。", BODY + "重点做好五个方面:\n(一)坚持政治引领。"),
    # a headline is short: never joined with the body after it
    ("县第二人民医院邀请专家培训指导\n\n本院举办培训会。", "县第二人民医院邀请专家培训指导\n本院举办培训会。"),
    # an open body paragraph before a dateline paragraph or a numbered item stays apart
    (BODY + "\n\n本报讯(通讯员 张三)日前开会。", BODY + "\n本报讯(通讯员 张三)日前开会。"),
    (BODY + "\n\n问:工会如何服务职工?", BODY + "\n问:工会如何服务职工?"),
    # a long headline has no comma: not running text, so not joined either
    ("立足新起点 担当新使命 奋力开创工会工作新局面 ——县总工会负责人接受提问\n\n近日,县总工会召开会议。",
     "立足新起点 担当新使命 奋力开创工会工作新局面 ——县总工会负责人接受提问\n近日,县总工会召开会议。"),
])
def test_clean_rejoins_page_breaks(raw: str, expected: str) -> None:
    assert _cleaned(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # a caption inside a broken sentence goes after that sentence
    (BODY + "重点从短板和职\n\n\n\n扬州市总工会主席张三在高邮调研\n\n工反映最强烈的问题入手。主动探索改革。",
     BODY + "重点从短板和职工反映最强烈的问题入手。\n扬州市总工会主席张三在高邮调研\n主动探索改革。"),
    # several captions, and the sentence ends at the end of the paragraph
    (BODY + "受到社会好\n\n图为职工书屋授牌\n\n职工大舞台\n\n李四 摄\n\n评。",
     BODY + "受到社会好评。\n图为职工书屋授牌\n职工大舞台\n李四 摄"),
    # a short line not followed by the rest of a sentence is left where it is
    (BODY + "\n\n高邮市快递行业工会成立\n\n2018年,工会继续发展。",
     BODY + "\n高邮市快递行业工会成立\n2018年,工会继续发展。"),
])
def test_clean_lifts_captions_out_of_sentences(raw: str, expected: str) -> None:
    assert _cleaned(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("首页>资讯 >\n县总工会召开会议。", "县总工会召开会议。"),
    ("当前位置:首页 > 工会新闻\n县总工会召开会议。", "县总工会召开会议。"),
    ("县总工会召开会议。\n关键词: 工会 表彰 健康码", "县总工会召开会议。"),
    # a related-reading block goes but for the headlines it links to (news of the same site,
    # whose bodies and programs the annotators count); so does a link to the next article
    ("县总工会召开会议。\n相关阅读:\n热点\n图片 图片\n· 某县工会开展金秋助学活动",
     "县总工会召开会议。\n某县工会开展金秋助学活动"),
    ("县总工会召开会议。\n下一篇：某镇总工会召开全委会议\n上一篇：无", "县总工会召开会议。\n某镇总工会召开全委会议"),
    ("县总工会召开会议。\nhttp://example.com/news/1.html\n审核:王五", "县总工会召开会议。"),
    ("县总工会召开会议。\n分享到: 微信 微博\n上一篇:某某新闻\n(下转第2版)", "县总工会召开会议。"),
    ("县总工会召开会议。\n版权所有 某某市总工会 苏ICP备12345678号", "县总工会召开会议。"),
    ("县总工会召开会议。\n(校对:王五)\n【字体:大 中 小】 打印本页", "县总工会召开会议。"),
    # an editor row is a byline (the guidelines count editors), not furniture
    ("县总工会召开会议。\n(责任编辑:王五)\n【字体:大 中 小】 打印本页", "县总工会召开会议。\n(责任编辑:王五)"),
    ("县总工会召开会议。\n责编:赵六\n分享到: 微信 微博", "县总工会召开会议。\n责编:赵六"),
    ("网站首页 | 工会动态 | 联系我们\n县总工会召开会议。\n邮箱:gh@example.cn 地址:某某路1号",
     "县总工会召开会议。"),
    # phone rows go; the box of organizer names stays, as one paragraph
    ("政风\n\n热线\n\n县纪委监委\n县委宣传部\n热线电话:82367900、69966891\n\n主办\n\n县总工会召开会议。",
     "政风 热线 县纪委监委 县委宣传部 主办\n县总工会召开会议。"),
    # the same words inside prose are prose
    ("县总工会开通维权热线电话12351,为职工提供服务。", "县总工会开通维权热线电话12351,为职工提供服务。"),
    ("县总工会召开会议。\n相关阅读:\n职工代表大会审议通过了工作报告,会议还表彰了先进集体。",
     "县总工会召开会议。\n职工代表大会审议通过了工作报告,会议还表彰了先进集体。"),
])
def test_clean_drops_furniture(raw: str, expected: str) -> None:
    assert _cleaned(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("２０２１年，ＡＢＣ公司（吉水）荣获“五一劳动奖状”。", "2021年，ABC公司(吉水)荣获“五一劳动奖状”。"),
    ("《全市工会工作要点》、「一二三四十」。", "《全市工会工作要点》、「一二三四十」。"),
    ("县总工会\u3000\u3000召开   会议\u00a0。", "县总工会 召开 会议 。"),
    ("  \t前后空白 \u200b \n", "前后空白"),
    ("a\r\nb\rc", "a\nb\nc"),
])
def test_clean_normalizes_widths_and_spaces(raw: str, expected: str) -> None:
    assert _cleaned(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("<html><head><title>标题</title><style>p{}</style></head><body>"
     "<nav><a href='/'>首页</a> &gt; 资讯</nav><h1>县总工会表彰先进</h1>"
     "<p>县总工会&amp;县委\n宣传部召开会议。</p><p>会议&#x8868;彰了先进。<br>职工参加。</p>"
     "<script>var x = '<p>';</script><footer>版权所有 某某网</footer></body></html>",
     "县总工会表彰先进\n县总工会&县委宣传部召开会议。\n会议表彰了先进。\n职工参加。"),
    # a source line break vanishes between Chinese characters, and is a space elsewhere
    ("<p>运用PDCA\n  方法,推行\n“订单式”\r\n培训 \n 项目</p>", "运用PDCA 方法,推行“订单式”培训项目"),
    ("<p>无效实体&bogus;保留</p>", "无效实体&bogus;保留"),
])
def test_clean_html_paragraphs(raw: str, expected: str) -> None:
    assert _cleaned(raw, "text/html") == expected


def test_clean_markdown_setext_heading() -> None:
    assert _cleaned("县总工会表彰先进\n========\n\n正文。", "text/markdown") == "县总工会表彰先进\n正文。"


def test_clean_markdown_joins_hard_wrapped_lines() -> None:
    assert _cleaned(f"# 标题\n\n{BODY}\n帮扶困难职工。\n\n第二段。", "text/markdown") == \
        f"标题\n{BODY}帮扶困难职工。\n第二段。"


def test_clean_html_is_never_rejoined() -> None:
    assert _cleaned(f"<p>{BODY}</p><p>帮扶困难职工。</p>", "text/html") == f"{BODY}\n帮扶困难职工。"


def test_clean_markdown_front_matter_markup_and_html() -> None:
    raw = ('---\ntitle: "标题"\n---\n# 县总工会表彰先进\n\n<p>□张三</p>\n <p><strong>小标题</strong></p>\n'
           "**县总工会**召开[职代会](http://x.cn/a)。\n\n"
           "<http://x.cn/share?id=1>\n\n[返回新闻](//x.cn/news)｜[返回首页](//x.cn/)\n")
    assert _cleaned(raw, "text/markdown") == "县总工会表彰先进\n□张三\n小标题\n县总工会召开职代会。"


def _check_offsets(source: SourceFile) -> None:
    cleaned = clean(source)
    assert len(cleaned.text) == len(cleaned.offsets)
    assert len(set(cleaned.offsets)) == len(cleaned.offsets), "an original character used twice"
    for ch, at in zip(cleaned.text, cleaned.offsets, strict=True):
        original = source.text[at]
        if ch in " \n":  # a space or break stands for whitespace or for the tag that made it
            assert original.isspace() or original == "<", (ch, original, at)
        elif original == "&" and ch != "&":  # a character reference stands for its character
            reference = re.match(r"&#?\w+;?", source.text[at:])
            assert reference and ch in html.unescape(reference.group()), (ch, at)
        else:
            assert ch == original or unicodedata.normalize("NFKC", original) == ch, (ch, original)
    for start, end in cleaned.paragraphs():
        run = cleaned.offsets[start:end]
        assert all(a < b for a, b in zip(run, run[1:], strict=False)), cleaned.text[start:end][:20]


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_clean_offsets_point_back_into_every_seed(path: Path) -> None:
    _check_offsets(read_source(path))


@pytest.mark.parametrize(("text", "media_type"), [
    ("<p>Ａ&amp;Ｂ&#20013;</p><p>\u3000（二）</p>", "text/html"),
    ("---\na: b\n---\n**粗体**[链接](http://x)\n\n" + BODY + "县\n\n图为合影\n\n总工会。", "text/markdown"),
    (BODY + "县\n\n图为合影\n\n总工会。末尾没有换行", "text/plain"),
])
def test_clean_offsets_point_back_for_each_format(text: str, media_type: str) -> None:
    _check_offsets(_source(text, media_type))


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_clean_keep_order_gives_increasing_offsets(path: Path) -> None:
    source = read_source(path)
    offsets = clean(source, keep_order=True).offsets
    assert all(a < b for a, b in zip(offsets, offsets[1:], strict=False))


def test_clean_keep_order_leaves_captions_in_place() -> None:
    raw = BODY + "受到社会好\n\n图为职工书屋授牌\n\n评。"
    assert clean(_source(raw), keep_order=True).text == BODY + "受到社会好\n图为职工书屋授牌\n评。"


def test_clean_is_deterministic_on_the_seeds() -> None:
    sources = [read_source(p) for p, _ in discover([SEEDS])]
    assert [clean(s) for s in sources] == [clean(s) for s in sources]


PIECES = ["", "", "图为合影", "张三 摄", "本报讯(通讯员 李四)", "首页>资讯", "<p>", "</p>", "&amp;", "（",
          "）", "２０", "\u3000", "\r", "\f", "---", "# 标题", "[a](b)", "县总工", "会获评", BODY]


@pytest.mark.parametrize("media_type", ["text/plain", "text/markdown", "text/html"])
def test_clean_offsets_hold_on_scrambled_pages(media_type: str) -> None:
    """Seed lines and awkward pieces in a random (seeded) order: the map must always hold."""
    rng = random.Random(20260501)
    lines = [line for path in sorted(SEEDS.iterdir()) for line in path.read_text().split("\n")]
    for _ in range(12):
        text = "\n".join(rng.choice(lines + PIECES)[:rng.randint(0, 80)]
                         for _ in range(rng.randint(1, 40)))
        source = _source(text, media_type)
        _check_offsets(source)
        ordered = clean(source, keep_order=True).offsets
        assert all(a < b for a, b in zip(ordered, ordered[1:], strict=False))
