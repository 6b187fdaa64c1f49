"""Readers for the staged NER corpora, each giving plain ``Sentence`` records with our labels.

Every corpus is read into the same shape (text + character spans labelled PERSON / ORG / PLACE),
so conversion, segmentation checks and evaluation never look at a source format again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gonghui.errors import InputError

MSRA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
UNER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
# ``position`` is left out: MSRA leaves post titles untagged, so mixing both would teach the
# model that the same title is and is not an entity.
CLUENER_LABELS = {
    "name": "PERSON",
    "organization": "ORG",
    "company": "ORG",
    "government": "ORG",
    "address": "PLACE",
    "scene": "PLACE",
}
# Synthetic name lists added to the training split (``convert.name_lists``).
NAME_LISTS = 3000
# The official MSRA test set is the last 172,601 characters of dh_msra.txt (see its README).
MSRA_TEST_CHARS = 172_601


@dataclass(frozen=True)
class CorpusPaths:
    """Where the staged corpora live; every path can be overridden."""

    root: Path = Path("../shared/corpora")  # beside the repository, run from its top

    @property
    def msra(self) -> Path:
        return self.root / "msra-ner" / "dh_msra.txt"

    @property
    def msra_test(self) -> Path:
        return self.root / "msra-ner" / "msra_test_bio.txt"

    @property
    def cluener_train(self) -> Path:
        return self.root / "cluener2020" / "train.json"

    @property
    def cluener_dev(self) -> Path:
        return self.root / "cluener2020" / "dev.json"

    @property
    def uner_test(self) -> Path:
        return self.root / "uner-chinese-gsdsimp" / "zh_gsdsimp-ud-test.iob2"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a corpus: its text and its entities as (start, end, label), end exclusive."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def _open(path: Path) -> Iterator[str]:
    if not path.is_file():
        raise InputError(f"{path}: corpus file not found")
    with path.open(encoding="utf-8") as handle:
        yield from handle


def _bio_block_to_sentence(
    chars: list[str], tags: list[str], label_map: dict[str, str]
) -> Sentence:
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        # A span continues only on I- of the same kind; a stray I- (a few in MSRA) opens one.
        if prefix == "I" and kind == label and start >= 0:
            continue
        if start >= 0 and label in label_map:
            spans.append((start, i, label_map[label]))
        start, label = (i, kind) if prefix in ("B", "I") else (-1, "")
    return Sentence("".join(chars), tuple(spans))


def read_char_bio(path: Path, label_map: dict[str, str]) -> list[Sentence]:
    """A char-per-line ``char<TAB>tag`` BIO file, blank lines between sentences."""
    sentences: list[Sentence] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in _open(path):
        line = line.rstrip("\n")
        if not line.strip():
            if chars:
                sentences.append(_bio_block_to_sentence(chars, tags, label_map))
            chars, tags = [], []
            continue
        char, _, tag = line.partition("\t")
        if not tag:  # a space character line: "  O" splits badly on tab-less rows
            char, tag = " ", line.strip()
        chars.append(char[:1] or " ")
        tags.append(tag.strip())
    if chars:
        sentences.append(_bio_block_to_sentence(chars, tags, label_map))
    return sentences


def split_msra(path: Path) -> tuple[list[Sentence], list[Sentence]]:
    """dh_msra.txt as (train, official test): the test set is its last 172,601 characters."""
    sentences = read_char_bio(path, MSRA_LABELS)
    total, tail = sum(len(s.text) for s in sentences), 0
    for cut in range(len(sentences) - 1, -1, -1):
        tail += len(sentences[cut].text)
        if tail >= MSRA_TEST_CHARS:
            break
    if tail != MSRA_TEST_CHARS:
        raise InputError(
            f"{path}: no sentence boundary {MSRA_TEST_CHARS} characters from the end "
            f"({total} characters in all); is this the staged dh_msra.txt?"
        )
    return sentences[:cut], sentences[cut:]


def read_cluener(path: Path, label_map: dict[str, str] = CLUENER_LABELS) -> list[Sentence]:
    """CLUENER2020 JSON lines; its offsets are end-inclusive."""
    sentences = []
    for line in _open(path):
        if not line.strip():
            continue
        row = json.loads(line)
        spans = {
            (start, end + 1, label_map[label])
            for label, entities in row.get("label", {}).items()
            if label in label_map
            for offsets in entities.values()
            for start, end in offsets
        }
        sentences.append(Sentence(row["text"], tuple(sorted(spans))))
    return sentences


def read_uner(path: Path, label_map: dict[str, str] = UNER_LABELS) -> list[Sentence]:
    """UNER IOB2 over UD word tokens, placed on the ``# text`` line by their character offsets."""
    sentences: list[Sentence] = []
    text, forms, tags = "", [], []
    for line in [*_open(path), "\n"]:
        line = line.rstrip("\n")
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if forms:
                sentences.append(_uner_sentence(text, forms, tags, label_map))
            text, forms, tags = "", [], []
        else:
            columns = line.split("\t")
            forms.append(columns[1])
            tags.append(columns[2])
    return sentences


def _uner_sentence(
    text: str, forms: list[str], tags: list[str], label_map: dict[str, str]
) -> Sentence:
    text = text or "".join(forms)
    starts, pos = [], 0
    for form in forms:
        found = text.find(form, pos)
        if found < 0:
            raise InputError(f"UNER token {form!r} not found in its # text line: {text}")
        starts.append(found)
        pos = found + len(form)
    chars = list(text)
    char_tags = ["O"] * len(text)
    for form, start, tag in zip(forms, starts, tags):
        prefix, _, kind = tag.partition("-")
        for k in range(start, start + len(form)):
            char_tags[k] = f"I-{kind}" if kind else "O"
        if prefix == "B":
            char_tags[start] = f"B-{kind}"
    return _bio_block_to_sentence(chars, char_tags, label_map)


def entity_count(sentences: Iterable[Sentence]) -> int:
    return sum(len(s.spans) for s in sentences)
