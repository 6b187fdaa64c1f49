"""Corpus files -> spaCy DocBin files (train / dev / test splits), written outside the repository.

The tokens are single characters: ``segmentation_check`` measured that jieba cuts through 14% of
the MSRA test entities (13.7% of train), a recall ceiling no model could pass, against none for
characters.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from gonghui.errors import InputError
from gonghui.fileio import atomic_write_text

from .corpora import NAME_LISTS, CorpusPaths, Sentence, read_char_bio, read_cluener, read_uner, split_msra

# One dev sentence in every DEV_EVERY training sentences: spread over the whole corpus, fixed.
DEV_EVERY = 25
NAME_LIST_SEED = 42  # the seed of the synthetic name lists (``name_lists``)
MANIFEST = "manifest.json"


def char_tokenizer() -> spacy.Language:
    return spacy.blank("zh")  # spaCy's default Chinese segmenter is "char"


def write_docbin(sentences: Iterable[Sentence], path: Path) -> int:
    """Write ``sentences`` as a DocBin atomically; returns the number of docs."""
    nlp = char_tokenizer()
    docbin = DocBin(store_user_data=False)
    count = 0
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        ents = []
        for start, end, label in sentence.spans:
            span = doc.char_span(start, end, label=label)
            if span is None:
                raise InputError(f"entity {sentence.text[start:end]!r} does not align: {sentence.text}")
            ents.append(span)
        doc.ents = _non_overlapping(ents)
        docbin.add(doc)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    docbin.to_disk(tmp)
    os.replace(tmp, path)
    return count


def _non_overlapping(spans: list) -> list:
    """CLUENER occasionally nests spans; keep the longest, first."""
    return spacy.util.filter_spans(spans)


def split_dev(sentences: list[Sentence], every: int = DEV_EVERY) -> tuple[list[Sentence], list[Sentence]]:
    train = [s for i, s in enumerate(sentences) if i % every != every - 1]
    dev = [s for i, s in enumerate(sentences) if i % every == every - 1]
    return train, dev


# What such lists put after a name (丁关根刀爱民（傣族）于永波（满族）…): sex, ethnic group, both.
_NOTES = ("（女）", "（{}族）", "（女，{}族）")
_ETHNIC_GROUPS = ("壮", "回", "满", "维吾尔", "苗", "彝", "土家", "藏", "蒙古", "侗", "布依", "瑶",
                  "白", "朝鲜", "哈尼", "黎", "哈萨克", "傣", "畲", "傈僳", "东乡", "仡佬", "拉祜",
                  "佤", "水", "纳西", "羌", "土", "仫佬", "锡伯", "柯尔克孜", "景颇", "达斡尔",
                  "撒拉", "布朗", "毛南", "塔吉克", "普米", "阿昌", "怒", "鄂温克", "京", "基诺",
                  "德昂", "保安", "俄罗斯", "裕固", "乌孜别克", "门巴", "鄂伦春", "独龙", "赫哲",
                  "高山", "珞巴", "塔塔尔")


def _listable(name: str) -> bool:
    han = name.replace("·", "")
    return 2 <= len(han) <= 8 and all("\u4e00" <= c <= "\u9fff" for c in han) and (
        len(name) <= 4 or "·" in name)


def name_lists(sentences: Sequence[Sentence], count: int, seed: int = NAME_LIST_SEED) -> list[Sentence]:
    """``count`` sentences that are unbroken lists of the people named in ``sentences``.

    Reports list a congress's members or a batch of model workers as one string of names with no
    punctuation, at most a note of sex or ethnic group after a name (丁关根刀爱民（傣族）于永波…,
    in stroke order). A character model that learnt names only between other words reads such a
    string as one long name or organization; these lists, made of the training split's own
    names, teach it where one name ends and the next begins. Seeded, so a conversion is
    reproducible.
    """
    names = sorted({s.text[a:b] for s in sentences for a, b, label in s.spans
                    if label == "PERSON" and _listable(s.text[a:b])})
    if not names:
        return []
    rng = random.Random(seed)
    lists = []
    for _ in range(count):
        text, spans = "", []
        for _ in range(rng.randint(3, 20)):
            name = rng.choice(names)
            spans.append((len(text), len(text) + len(name), "PERSON"))
            text += name
            if rng.random() < 0.15:
                text += rng.choice(_NOTES).format(rng.choice(_ETHNIC_GROUPS))
        lists.append(Sentence(text, tuple(spans)))
    return lists


def load_splits(paths: CorpusPaths, limit: int = 0, cluener: bool = False,
                lists: int = NAME_LISTS) -> dict[str, list[Sentence]]:
    """All splits by name.

    ``limit`` keeps the first N sentences of each corpus split (for quick runs). ``cluener`` adds
    CLUENER's training part to train and dev; it is off for the shipped model, as it cost MSRA's
    test 0.9 points of F1 and changed nothing on the union-news gold. ``lists`` synthetic name
    lists, made of train's names, are added to train.
    """
    msra_train, msra_tail = split_msra(paths.msra)
    msra_fit, msra_dev = split_dev(msra_train)
    cluener_fit, cluener_heldout = split_dev(read_cluener(paths.cluener_train)) if cluener else ([], [])
    fit = msra_fit + cluener_fit
    splits = {
        "train": fit,
        "dev": msra_dev + cluener_heldout,
        "msra-test": read_char_bio(paths.msra_test, {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}),
        "msra-test-ascii": msra_tail,
        "cluener-dev": read_cluener(paths.cluener_dev),
        "uner-test": read_uner(paths.uner_test),
    }
    if limit:
        splits = {name: sents[:limit] for name, sents in splits.items()}
    # Last, and the manifest counts them: the CRF's entity lexicon must leave them out.
    splits["train"] = splits["train"] + name_lists(splits["train"], lists)
    return splits


def convert(paths: CorpusPaths, out_dir: Path, limit: int = 0, cluener: bool = False,
            lists: int = NAME_LISTS) -> dict[str, int]:
    """Write ``<split>.spacy`` for every split into ``out_dir``, and ``manifest.json`` saying what
    went into them (the shipped model's meta.json repeats it); returns docs per split."""
    docs = {
        name: write_docbin(sentences, out_dir / f"{name}.spacy")
        for name, sentences in load_splits(paths, limit, cluener, lists).items()
    }
    manifest = {"train": ["MSRA", *(["CLUENER2020"] if cluener else [])], "name_lists": lists,
                "name_list_seed": NAME_LIST_SEED, "limit": limit, "docs": docs}
    atomic_write_text(out_dir / MANIFEST,
                      json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return docs
