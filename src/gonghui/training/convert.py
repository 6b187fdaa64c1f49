"""Corpus files -> spaCy DocBin files (train / dev / test splits), written outside the repository.

The tokens are single characters: ``segmentation_check`` measured that jieba cuts through 14% of
the MSRA test entities (13.7% of train), a recall ceiling no model could pass, against none for
characters.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from ..errors import InputError
from .corpora import Sentence, read_char_bio, read_cluener, read_uner, split_msra

# One dev sentence in every DEV_EVERY training sentences: spread over the whole corpus, fixed.
DEV_EVERY = 25


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


def load_splits(paths: CorpusPaths, limit: int = 0) -> dict[str, list[Sentence]]:
    """All splits by name. ``limit`` keeps the first N sentences of each (for quick runs)."""
    msra_train, msra_tail = split_msra(paths.msra)
    msra_fit, msra_dev = split_dev(msra_train)
    cluener_fit, cluener_heldout = split_dev(read_cluener(paths.cluener_train))
    splits = {
        "train": msra_fit + cluener_fit,
        "dev": msra_dev + cluener_heldout,
        "msra-test": read_char_bio(paths.msra_test, {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}),
        "msra-test-ascii": msra_tail,
        "cluener-dev": read_cluener(paths.cluener_dev),
        "uner-test": read_uner(paths.uner_test),
    }
    if limit:
        splits = {name: sents[:limit] for name, sents in splits.items()}
    return splits


def convert(paths: CorpusPaths, out_dir: Path, limit: int = 0) -> dict[str, int]:
    """Write ``<split>.spacy`` for every split into ``out_dir``; returns docs per split."""
    return {
        name: write_docbin(sentences, out_dir / f"{name}.spacy")
        for name, sentences in load_splits(paths, limit).items()
    }
