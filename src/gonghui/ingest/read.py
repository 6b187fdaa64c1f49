"""Find input files and read them: bytes -> decoded text -> ``SourceFile``.

Decoding never guesses silently: strict UTF-8 first (with or without BOM), then the Chinese
legacy encodings GB18030 (a superset of GBK/GB2312) and Big5, chosen by charset-normalizer; a
result that still reads as garbage (private-use, control or mis-paired presentation characters)
is rejected with an ``InputError`` rather than passed on.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

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


def discover(paths: Sequence[str | Path]) -> list[tuple[Path, InputError | None]]:
    """Every input file under ``paths``, in a stable order, each with the error that stops it.

    A file named explicitly is taken whatever its suffix; folders are walked recursively, in
    sorted order, for .txt/.md/.html files, skipping hidden files and folders. A missing path or
    a folder without any such file gives one ``(path, InputError)`` row, so the caller reports
    it and still reads the others. Paths stay as given (relative stays relative).
    """
    found: list[tuple[Path, InputError | None]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = _walk(path)
            if not files:
                message = f"{path}: no .txt, .md or .html file in this folder"
                found.append((path, InputError(message)))
            found += [(f, None) for f in files if f not in seen]
            seen.update(files)
        elif path.is_file():
            if path not in seen:
                found.append((path, None))
                seen.add(path)
        else:
            found.append((path, InputError(f"{path}: no such file or folder")))
    return found


def _walk(folder: Path) -> list[Path]:
    files = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIX_MEDIA_TYPES:
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def read_source(path: Path) -> SourceFile:
    """Read and decode one file; ``InputError`` (naming the file) if it is not usable text."""
    path = Path(path)
    try:
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
    return SourceFile(path=str(path), name=path.name, text=text, encoding=encoding,
                      media_type=media_type, metadata=_metadata(text, media_type))


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
