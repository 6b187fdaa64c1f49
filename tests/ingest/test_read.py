"""Finding and decoding input files: encodings, formats, front matter, and the files refused."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from gonghui.errors import InputError
from gonghui.ingest import decode_bytes, discover, find_inputs, read_source

SIMPLIFIED = "县总工会召开第十六届委员会第四次全体会议，表彰劳动模范和先进集体。"
TRADITIONAL = "縣總工會召開第十六屆委員會第四次全體會議，表彰勞動模範和先進集體。"


@pytest.mark.parametrize(("data", "encoding", "text"), [
    (SIMPLIFIED.encode(), "utf-8", SIMPLIFIED),
    (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
    (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
    (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
    ((SIMPLIFIED + "𠀀").encode("gb18030"), "gb18030", SIMPLIFIED + "𠀀"),  # 4-byte GB18030
    (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
    (SIMPLIFIED.encode("utf-16"), "utf-16", SIMPLIFIED),
    (b"plain ASCII text", "utf-8", "plain ASCII text"),
], ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "gb18030-4byte", "big5", "utf-16", "ascii"])
def test_read_decodes_each_encoding(data: bytes, encoding: str, text: str) -> None:
    assert decode_bytes(data, "x.txt") == (text, encoding)


def test_read_keeps_utf8_with_a_damaged_byte() -> None:
    data = (SIMPLIFIED * 20).encode()
    text, encoding = decode_bytes(data[:99] + b"\xff" + data[99:], "x.txt")  # between characters
    assert encoding == "utf-8" and text.count("\ufffd") == 1
    assert len(text) == 20 * len(SIMPLIFIED) + 1


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("café déjà vu".encode("cp1252"), "cannot be decoded"),
    (bytes(range(0x80, 0x100)) * 4, "cannot be decoded"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 8 + b"text", "garbage"),
    ("\ue000\ue001\ue002 private use only".encode(), "garbage"),
], ids=["empty", "png", "cp1252", "high-bytes", "controls", "private-use"])
def test_read_rejects_what_is_not_text(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        decode_bytes(data, "bad.txt")
    assert "bad.txt" in str(caught.value) and "\n" not in str(caught.value)


def test_read_refuses_a_file_of_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\n \r\n\t\n")
    with pytest.raises(InputError, match="blank.txt: has no text"):
        read_source(path)


def test_read_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nothere.txt: no such file"):
        read_source(tmp_path / "nothere.txt")


@pytest.mark.parametrize(("name", "content", "media_type"), [
    ("a.txt", "县总工会召开会议。", "text/plain"),
    ("a.md", "# 标题\n\n正文。", "text/markdown"),
    ("a.markdown", "正文。", "text/markdown"),
    ("a.html", "<p>正文。</p>", "text/html"),
    ("a.HTM", "<p>正文。</p>", "text/html"),
    ("a.txt", "---\ntitle: 标题\n---\n正文。", "text/markdown"),  # a Jekyll post saved as .txt
    ("a.txt", "<p>一</p>\n<p>二</p>\n<p>三</p>", "text/html"),
    ("a.dat", "<!DOCTYPE html><html><body>正文</body></html>", "text/html"),
    ("a.dat", "正文。", "text/plain"),
])
def test_read_media_type(tmp_path: Path, name: str, content: str, media_type: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_source(path).media_type == media_type


def test_read_front_matter_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text('---\ntitle: "学习贯彻新思想"\ndate: 2022-01-11 09:16:54 +0800\n'
                    "categories: [工会, 新闻]\n---\n正文。\n", encoding="utf-8")
    source = read_source(path)
    assert source.metadata == (("title", "学习贯彻新思想"), ("date", "2022-01-11 09:16:54 +0800"),
                               ("categories", "工会"), ("categories", "新闻"))
    assert source.name == "post.md" and source.path == str(path)


def test_read_html_title_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text('<html><head><title>县总工会 表彰</title><meta name="PubDate" '
                    'content="2021-05-01"><meta name="source" content="某某日报"></head>'
                    "<body><p>正文。</p></body></html>", encoding="utf-8")
    assert read_source(path).metadata == (("title", "县总工会 表彰"), ("date", "2021-05-01"),
                                          ("source", "某某日报"))


def test_read_html_title_without_the_site_name(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text("<title>县总工会召开全委会议_工会新闻_某某市总工会网</title><p>正文。</p>",
                    encoding="utf-8")
    assert read_source(path).metadata == (("title", "县总工会召开全委会议"),)


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_discover_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    _tree(tmp_path, {"b.txt": "乙", "a/z.md": "甲", "a/b.html": "<p>丙</p>", ".hidden.txt": "丁",
                     ".git/x.txt": "戊", "a/.cache/y.txt": "己", "notes.pdf": "庚", "c.TXT": "辛"})
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p, _ in found] == \
        ["a/b.html", "a/z.md", "b.txt", "c.TXT"]
    assert all(error is None for _, error in found)


def test_discover_reports_each_bad_path_and_goes_on(tmp_path: Path) -> None:
    _tree(tmp_path, {"good.txt": "甲", "empty/readme.pdf": "乙"})
    found = discover([tmp_path / "missing.txt", tmp_path / "good.txt", tmp_path / "empty",
                      tmp_path / "good.txt", tmp_path / "notes.weird"])
    assert [(p.name, None if e is None else type(e).__name__) for p, e in found] == [
        ("missing.txt", "InputError"), ("good.txt", None), ("empty", "InputError"),
        ("notes.weird", "InputError")]
    assert "missing.txt: no such file or folder" in str(found[0][1])


def test_discover_keeps_relative_paths_relative(tmp_path: Path, monkeypatch) -> None:
    _tree(tmp_path, {"in/a.txt": "甲"})
    monkeypatch.chdir(tmp_path)
    assert discover(["in"]) == [(Path("in/a.txt"), None)]


def test_find_inputs_ids_are_paths_under_the_root(tmp_path: Path) -> None:
    _tree(tmp_path, {"in/a/news.txt": "甲", "in/b/news.txt": "乙", "in/c.txt": "丙",
                     "x/2024/index.html": "丁", "y/2024/index.html": "戊"})
    found = find_inputs([tmp_path / "in", tmp_path / "x/2024/index.html",
                         tmp_path / "y/2024/index.html", tmp_path / "in/c.txt"])
    assert [f.id for f in found] == ["a/news.txt", "b/news.txt", "c.txt",
                                     "x/2024/index.html", "y/2024/index.html"]
    # the id travels into the source and its articles, with the content hash
    source = read_source(found[1].path, found[1].id)
    assert source.name == "b/news.txt"
    assert source.sha256 == hashlib.sha256("乙".encode()).hexdigest()
