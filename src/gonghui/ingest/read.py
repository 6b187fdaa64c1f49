"""Find input files and read them: bytes -> decoded text -> ``SourceFile``.

Decoding never guesses silently: strict UTF-8 first (with or without BOM), then the Chinese
legacy encodings GB18030 (a superset of GBK/GB2312) and Big5, chosen by charset-normalizer; a
result that still reads as garbage (private-use, control or mis-paired presentation characters)
is rejected with an ``InputError`` rather than passed on.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import yaml  # type: ignore[import-untyped]  # no stubs in the venv

from ..errors import InputError
from ..records import SourceFile
from .formats import html_metadata

SUFFIX_MEDIA_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
}
HTML_MARKUP = re.compile(r"</?(?:p|div|br|span|strong|table|tr|td|li|h[1-6])(?:\s[^<>]*)?/?>",
                         re.IGNORECASE)
LEGACY_ENCODINGS = ("gb18030", "big5")
MAX_DAMAGED_SHARE = 0.01  # corrupt bytes per non-ASCII character that UTF-8 text may still have
# Share of suspicious characters above which a decoding is garbage, not text.
MAX_ODD_SHARE = 0.02
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                          re.DOTALL)


# Suffixes of files that are not articles, refused even when named on the command line: the
# graph gonghui writes (``build graphs/gonghui.trig new.md`` must not read triples as news),
# other data and office formats, archives and media.
NOT_ARTICLE_SUFFIXES = frozenset(
    ".ttl .trig .nt .nq .n3 .rdf .owl .jsonld .json .jsonl .rq .sparql .csv .tsv .xml .yaml .yml "
    ".pdf .doc .docx .odt .rtf .xls .xlsx .ppt .pptx .epub .zip .gz .bz2 .xz .7z .tar .rar "
    ".png .jpg .jpeg .gif .webp .bmp .svg .mp3 .mp4 .wav .avi .mov .exe .so .dll .pyc .db .sqlite "
    ".tmp".split())


@dataclass(frozen=True)
class Found:
    """One input file and its document identity, or a path that cannot be read and why.

    ``id`` is the file's path relative to the input root it was found under (the folder given
    on the command line, or the file's own folder for a file named there), in POSIX form, so
    ``a/news.txt`` and ``b/news.txt`` stay two documents. When two inputs of one run still get
    the same id (two folders each holding ``news.txt``), both take as many of their parent
    folders' names as tell them apart; the last component is always the file name.
    """

    path: Path
    id: str | None = None
    error: InputError | None = None


def discover(paths: Sequence[str | Path]) -> list[tuple[Path, InputError | None]]:
    """``find_inputs`` as (path, error) pairs."""
    return [(found.path, found.error) for found in find_inputs(paths)]


def find_inputs(paths: Sequence[str | Path]) -> list[Found]:
    """Every input file under ``paths``, in a stable order, each with its id or its error.

    A file named explicitly is taken whatever its suffix, unless the suffix says it is no article
    (RDF, JSON, PDF...); folders are walked in sorted order for .txt/.md/.html files, skipping
    hidden files and folders and following no symbolic link out of a cycle. A missing path, an
    unreadable folder or a folder without any such file gives one row with an ``InputError``, so
    the caller reports it and still reads the others. Paths stay as given (relative stays
    relative).
    """
    found: list[Found] = []
    seen: set[tuple[int, int]] = set()  # (device, inode): one file given twice is read once

    def add(path: Path, identity: str) -> None:
        try:
            stat = path.stat()
        except OSError as exc:
            found.append(Found(path, error=_os_error(path, exc)))
            return
        key = (stat.st_dev, stat.st_ino)
        if key not in seen:
            seen.add(key)
            found.append(Found(path, identity))

    for given in paths:
        path = Path(given)
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:  # a name too long, a loop of links
            found.append(Found(path, error=_os_error(path, exc)))
            continue
        if is_dir:
            files, errors = _walk(path)
            found += errors
            if not files and not errors:
                found.append(Found(path, error=InputError(
                    f"{path}: no .txt, .md or .html file in this folder")))
            for file in files:
                add(file, file.relative_to(path).as_posix())
        elif is_file:
            if path.suffix.lower() in NOT_ARTICLE_SUFFIXES:
                found.append(Found(path, error=InputError(
                    f"{path}: a {path.suffix.lower()} file is not a news article "
                    "(gonghui reads .txt, .md and .html)")))
            else:
                add(path, path.name)
        elif path.exists() or path.is_symlink():
            kind = "a broken link" if not path.exists() else "not a regular file"
            found.append(Found(path, error=InputError(f"{path}: {kind}, not a text file")))
        else:
            found.append(Found(path, error=InputError(f"{path}: no such file or folder")))
    return _distinct_ids(found)


def _os_error(path: Path, exc: OSError) -> InputError:
    return InputError(f"{path}: cannot be read ({exc.strerror or exc})")


def _distinct_ids(found: list[Found]) -> list[Found]:
    """Lengthen the ids two inputs share with their parent folders' names until none is shared."""
    ids = {i: f.id for i, f in enumerate(found) if f.id is not None}
    tails = {i: Path(os.path.abspath(found[i].path)).parts for i in ids}
    while True:
        counts = Counter(ids.values())
        clashing = [i for i, identity in ids.items() if counts[identity] > 1]
        if not clashing:
            break
        for i in clashing:
            parts = tails[i]
            depth = len(PurePosixPath(ids[i]).parts) + 1
            # The root ("/") never joins an id: absolute paths stay out of the outputs.
            ids[i] = "/".join(parts[max(1, len(parts) - depth):])
        if all(len(PurePosixPath(ids[i]).parts) >= len(tails[i]) - 1 for i in clashing):
            break  # only a file reached by two spellings of one path is left: nothing to add
    return [replace(f, id=ids[i]) if i in ids else f for i, f in enumerate(found)]


def _walk(folder: Path) -> tuple[list[Path], list[Found]]:
    """The article files under ``folder`` and a row per subfolder that cannot be listed.

    An explicit stack, not recursion: a folder nested thousands deep is walked like any other.
    Symbolic links to folders are followed once: a link back up the tree is not a loop.
    """
    files: list[Path] = []
    errors: list[Found] = []
    visited: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            stat = current.stat()
            if (stat.st_dev, stat.st_ino) in visited:
                continue
            visited.add((stat.st_dev, stat.st_ino))
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError as exc:
            errors.append(Found(current, error=_os_error(current, exc)))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            path = Path(current, entry.name)
            try:
                if entry.is_dir():
                    stack.append(path)
                elif entry.is_file() and path.suffix.lower() in SUFFIX_MEDIA_TYPES:
                    files.append(path)
            except OSError:
                continue  # vanished while we looked, or a link into nothing
    errors.sort(key=lambda f: f.path.as_posix())
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix()), errors


def read_source(path: Path, identity: str | None = None) -> SourceFile:
    """Read and decode one file; ``InputError`` (naming the file) if it is not usable text.

    ``identity`` is the document identity ``find_inputs`` gave the file (default: its name).
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise InputError(f"{path}: not a regular file")  # a FIFO would block the run
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    text, encoding = decode_bytes(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: has no text")
    media_type = media_type_of(path, text)
    return SourceFile(path=str(path), name=identity or path.name, text=text, encoding=encoding,
                      media_type=media_type, metadata=_metadata(text, media_type),
                      sha256=hashlib.sha256(data).hexdigest())


def media_type_of(path: Path, text: str) -> str:
    """By suffix, except that a text file holding a front matter or HTML markup is read as such.

    (Blog exports often save a Jekyll post, front matter and HTML body, as ``.txt``.)
    """
    known = SUFFIX_MEDIA_TYPES.get(path.suffix.lower())
    if known in ("text/markdown", "text/html"):
        return known
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "text/html"
    if FRONT_MATTER.match(text):
        return "text/markdown"
    if len(HTML_MARKUP.findall(text, 0, 20000)) >= 3:
        return "text/html"
    return "text/plain"


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with; ``InputError`` if it is not text."""
    if not data:
        raise InputError(f"{name}: is empty")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(_strict(data, encoding, name), encoding, name), encoding
    if b"\x00" in data:
        raise InputError(f"{name}: looks binary (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8", name), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return _checked(damaged, "utf-8", name), "utf-8"
    language = _japanese_or_korean(data)
    if language:
        raise InputError(f"{name}: reads as {language} text, not Chinese "
                         "(GB18030 would turn it into garbage Chinese characters)")
    legacy = _detect_legacy(data)
    if legacy is None:
        raise InputError(f"{name}: cannot be decoded as UTF-8, GB18030/GBK or Big5 text")
    return _checked(_strict(data, legacy, name), legacy, name), legacy


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes (each kept as U+FFFD), or None if it is not UTF-8.

    Legacy-encoded Chinese read as UTF-8 fails on nearly every character; real UTF-8 with a
    damaged byte here and there fails on a handful among thousands.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    return text if wide and bad / wide <= MAX_DAMAGED_SHARE else None


def _japanese_or_korean(data: bytes) -> str | None:
    """Japanese in Shift-JIS or Korean in EUC-KR: GB18030 decodes either without an error, as
    rare characters that read like text, so the other reading is tried and judged on its own.

    Shift-JIS and EUC-JP: real Japanese is full of hiragana, which Chinese GB text read either
    way almost never gives (Chinese uses no kana; GB's lead bytes 0xA1-0xDF are half-width
    katakana in Shift-JIS).
    EUC-KR: GB text read as EUC-KR gives hangul and hanja about half and half (GB's first
    bytes span both blocks); Korean is hangul with at most a few hanja.
    """
    def letters(encoding: str) -> str | None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            return None

    for encoding, label in (("shift_jis", "Japanese (Shift-JIS)"), ("euc_jp", "Japanese (EUC-JP)")):
        japanese = letters(encoding)
        if japanese is not None:
            wide = sum(1 for ch in japanese if ord(ch) > 0x7F)
            hiragana = sum(1 for ch in japanese if "\u3040" <= ch <= "\u309f")
            if wide and hiragana >= 5 and hiragana / wide >= 0.2:
                return label
    korean = letters("euc_kr")
    if korean is not None:
        hangul = sum(1 for ch in korean if "\uac00" <= ch <= "\ud7a3")
        hanja = sum(1 for ch in korean if "\u4e00" <= ch <= "\u9fff")
        if hangul >= 5 and hangul / (hangul + hanja) >= 0.9:
            return "Korean (EUC-KR)"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} (byte {exc.start})") from None


def _detect_legacy(data: bytes) -> str | None:
    """The legacy encoding that decodes ``data`` strictly and reads least like garbage."""
    import charset_normalizer

    decoded: dict[str, str] = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        return None
    if len(decoded) > 1:
        best = charset_normalizer.from_bytes(data, cp_isolation=list(decoded)).best()
        guess = best.encoding.replace("_", "") if best is not None else None
        if guess in decoded and odd_share(decoded[guess]) <= MAX_ODD_SHARE:
            return guess
    # charset-normalizer had no opinion, or chose a garbage reading: trust the cleanest one.
    return min(decoded, key=lambda enc: (odd_share(decoded[enc]), LEGACY_ENCODINGS.index(enc)))


def _checked(text: str, encoding: str, name: str) -> str:
    share = odd_share(text)
    if share > MAX_ODD_SHARE:
        raise InputError(f"{name}: decodes as {encoding} to garbage "
                         f"({share:.0%} control or unassigned characters), not text")
    return text


# What real Chinese text almost never holds, and a mis-decoding is full of: control characters,
# the replacement character, private-use code points (GBK's user areas read from Big5 bytes),
# bopomofo and vertical or small presentation forms (GB punctuation read as Big5), kana and box
# drawing (Big5 read as GB), and lone surrogates.
ODD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\u3100-\u312f\ufe10-\ufe6f"
                 "\u3040-\u30ff\u2500-\u257f\ud800-\udfff]")


def odd_share(text: str) -> float:
    """Share of characters that real Chinese text almost never holds: a mis-decoding's marks."""
    if not text:
        return 0.0
    return len(ODD.findall(text)) / len(text)


def _metadata(text: str, media_type: str) -> tuple[tuple[str, str], ...]:
    if media_type == "text/markdown":
        return front_matter(text)[0]
    if media_type == "text/html":
        return html_metadata(text)
    return ()


def front_matter(text: str) -> tuple[tuple[tuple[str, str], ...], int]:
    """The YAML front matter of a markdown text as (key, value) pairs, and where the body starts.

    Lists give one pair per item. Values stay strings (YAML's BaseLoader), so a date keeps the
    form it was written in.
    """
    m = FRONT_MATTER.match(text)
    if not m:
        return (), 0
    try:
        loaded = yaml.load(m.group(1), Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        loaded = _simple_pairs(m.group(1))
    pairs: list[tuple[str, str]] = []
    if isinstance(loaded, dict):
        for key, value in loaded.items():
            values = value if isinstance(value, list) else [value]
            pairs += [(str(key), str(v).strip()) for v in values
                      if isinstance(v, str | int | float) and str(v).strip()]
    return tuple(pairs), m.end()


def _simple_pairs(block: str) -> dict[str, str]:
    pairs = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            pairs[key.strip()] = value.strip().strip("\"'")
    return pairs
