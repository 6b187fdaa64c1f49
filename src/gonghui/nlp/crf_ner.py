"""gonghui's statistical NER: a linear-chain CRF over characters (CRFsuite), as a spaCy component.

Each character is described by the characters and bigrams around it, and by the word it stands in
(the rules' own segmentation, ``gonghui.nlp.segmentation``: jieba with the gazetteers' divisions,
organization heads and titles), that word's class (a division of some level, a post title, an
organization head, else jieba's part of speech: nr for a person's name, ns a place, nt an
organization) and its neighbours' classes. A long run of Chinese characters with no punctuation
is marked too: People's Daily lists a congress's members as one unbroken string of names.
Then come the distributional clusters of the character and its neighbours, learnt from the
training text (the training project's ``training/clusters.py``), and last where the character
stands in a name the training split tagged as an entity (``EntityLexicon``); both are kept with
the model, so loading it needs nothing from training/.

Why a CRF and not spaCy's CNN + transition NER: on the official MSRA test the CNN variants trained
here reached 0.78-0.81 F1 and this CRF 0.901, and the whole extract path runs faster with it
(README, "The NER model"). The word classes are general knowledge, the same for any text, and
the lexicon holds the training corpus's names: no name was taken from the development gold.

Tags are BIOES per character; a decoded entity always has a clean start and end.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelError
from .extensions import text_of
from .gazetteers import divisions, jieba_tags, org_suffixes, surnames, titles
from .knowledge import Gazetteers, log, per_gazetteers
from .segmentation import words_of

FACTORY = "gonghui_crf_ner"
MODEL_FILE = "model.crfsuite"
CLUSTERS_FILE = "clusters.json"
LEXICON_FILE = "lexicon.json"
LEXICON_MAX_LENGTH = 16  # longer names seldom recur, and it bounds the lookups per character
LABELS = ("PERSON", "ORG", "PLACE")
_Part = TypeVar("_Part")  # a part of the model kept in a file of its own
_PAD = "\u2402"  # stands for the characters before a text's start and after its end
# Full-width digits and Latin letters read as their ASCII forms (１９９８ as 1998, ＩＢＭ as IBM):
# papers use both, and MSRA's training text has one where its test has the other.
_FOLD_WIDTH = {code: code - 0xFEE0 for span in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for code in range(span[0], span[1] + 1)}


@dataclass(frozen=True)
class Clusters:
    """The characters' cluster numbers the CRF reads at three grains: ``chars`` (256 clusters in
    the shipped model), ``char_groups`` (32, coarser) and ``fine_chars`` (1,024, finer; with it
    the ``chars`` are read three places either side, not two, the form measured). An empty map
    adds no features (a model fitted without that level)."""

    chars: Mapping[str, int] = field(default_factory=dict)
    char_groups: Mapping[str, int] = field(default_factory=dict)
    fine_chars: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"chars": self.chars, "char_groups": self.char_groups,
                           "fine_chars": self.fine_chars}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Clusters:
        data = json.loads(text)
        return cls(data.get("chars", {}), data.get("char_groups", {}), data.get("fine_chars", {}))


NO_CLUSTERS = Clusters()


class EntityLexicon:
    """Names the training split tagged as entities, each with its class: the label it mostly
    bore (PERSON, ORG, PLACE; MIX when none had 70% of its uses) and a letter for how often the
    string, wherever it stands in the training text, is tagged so (h, m or l; built by
    ``training/lexicon.py``). The CRF reads, for every name of the lexicon found in a text,
    where each character stands in it (xB=ORGh5: the first of five characters of a name mostly an
    organization). What it learns is how far to trust each class, not the names; and it sees a
    long name whole, which the characters three places either side cannot. Keys are full-width
    folded (``fold_width``)."""

    def __init__(self, classes: Mapping[str, str] | None = None) -> None:
        self.classes: dict[str, str] = dict(classes or {})
        # The longest name starting with each bigram: most places in a text start none, and the
        # rest need only as many lookups as that bigram's longest name has characters.
        self._longest: dict[str, int] = {}
        for name in self.classes:
            self._longest[name[:2]] = max(self._longest.get(name[:2], 0), len(name))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EntityLexicon) and self.classes == other.classes

    def __bool__(self) -> bool:
        return bool(self.classes)

    def marks(self, folded: str) -> list[list[str]]:
        """For each character of a folded text, where it stands in the lexicon's names found
        there (all of them, overlapping or not)."""
        found: list[list[str]] = [[] for _ in folded]
        classes, length = self.classes, len(folded)
        for i in range(length - 1):
            longest = self._longest.get(folded[i:i + 2])
            if longest is None:
                continue
            for end in range(i + 2, min(i + longest, length) + 1):
                cls = classes.get(folded[i:end])
                if cls is None:
                    continue
                size = end - i
                bucket = str(size) if size < 5 else "5" if size < 7 else "7"
                found[i].append("xB=" + cls + bucket)
                found[end - 1].append("xE=" + cls + bucket)
                for k in range(i + 1, end - 1):
                    found[k].append("xI=" + cls)
        return found

    def to_json(self) -> str:
        return json.dumps(self.classes, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> EntityLexicon:
        data = json.loads(text)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError("not a map of names to classes")
        return cls(data)


NO_LEXICON = EntityLexicon()


def fold_width(text: str) -> str:
    return text.translate(_FOLD_WIDTH)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _char_class(char: str) -> str:
    if char.isdigit():
        return "D"  # also full-width digits, as in MSRA
    if char in "零一二三四五六七八九十百千万亿两":
        return "N"
    if char.isspace():
        return "W"
    if char.isascii() and char.isalpha():
        return "A"
    return "H" if _is_han(char) else "P"


# The gazetteer files the features read (word classes here; the segmenter's dictionary in
# segmentation.py): the model's vocabulary. Its meta.json records their digest as trained
# (``vocabulary_record``); a pipeline whose gazetteers differ is told so in one line when it
# loads the model (``check_vocabulary``), since the same text then gives other features.
VOCABULARY_FILES = ("admin_divisions.tsv", "awards.tsv", "org_suffixes.tsv", "organizations.tsv",
                    "people.tsv", "policies.tsv", "programs.tsv", "regions.tsv", "surnames.txt",
                    "titles.tsv")
VOCABULARY_META = "gonghui_vocabulary"


def vocabulary_record(gazetteers: Gazetteers) -> dict[str, object]:
    """What meta.json keeps of the vocabulary a model is trained with."""
    return {"sha256": gazetteers.sha256(VOCABULARY_FILES),
            "files": {name: gazetteers.sha256([name]) for name in VOCABULARY_FILES}}


def check_vocabulary(model: Language, gazetteers: Gazetteers, where: str = "the NER model") -> bool:
    """False, with a one-line warning naming the files that differ, when ``model`` was trained
    with another vocabulary than ``gazetteers``; True when they agree or nothing was recorded."""
    recorded = model.meta.get(VOCABULARY_META)
    if not isinstance(recorded, dict) or recorded.get("sha256") == gazetteers.sha256(VOCABULARY_FILES):
        return True
    files = recorded.get("files", {})
    changed = [name for name in VOCABULARY_FILES if files.get(name) != gazetteers.sha256([name])]
    log.warning("gonghui: %s was trained with other gazetteers than this pipeline's (%s differ): "
                "its word features are not those it learnt from", where, ", ".join(changed) or "they")
    return False


@per_gazetteers
def _gazetteer_classes() -> dict[str, str]:
    classes: dict[str, str] = {}
    for division in divisions():
        classes.setdefault(division.name, "div-" + division.level)
    for suffix in org_suffixes():
        classes.setdefault(suffix, "orghead")
    for title in titles():
        classes[title] = "title"
    return classes


def word_class(word: str) -> str:
    """A word's class: the gazetteers' first, then jieba's part of speech; 'new' for a word jieba
    found by itself (often a name), 'unk' for a character outside its dictionary."""
    found = _gazetteer_classes().get(word) or jieba_tags().get(word)
    if found:
        return found
    return "new" if len(word) > 1 else "unk"


def _run_lengths(text: str) -> list[str]:
    """For each character, the length class of the unbroken run of Chinese characters it is in."""
    classes = ["0"] * len(text)
    i = 0
    while i < len(text):
        if not _is_han(text[i]):
            i += 1
            continue
        end = i
        while end < len(text) and _is_han(text[end]):
            end += 1
        length = end - i
        bucket = "8" if length < 8 else "16" if length < 16 else "32" if length < 32 else "+"
        classes[i:end] = [bucket] * length
        i = end
    return classes


def char_features(text: str, clusters: Clusters = NO_CLUSTERS,
                  lexicon: EntityLexicon = NO_LEXICON) -> list[list[str]]:
    """The CRF's features for every character of ``text`` (whitespace included)."""
    folded = fold_width(text)
    padded = _PAD * 3 + folded + _PAD * 3
    known_surnames = surnames()
    # The rules' segmentation of the text as it is (computed once for both), its words folded.
    words = [fold_width(word) for word in words_of(text).words]
    word_index: list[int] = []
    place: list[str] = []  # B/M/E/S: the character's place in its word
    for k, word in enumerate(words):
        word_index += [k] * len(word)
        place += ["S"] if len(word) == 1 else ["B", *("M" * (len(word) - 2)), "E"]
    classes = [word_class(word) for word in words]
    # A word's features (its end, its neighbours and their classes) are built once per word, a
    # character's shape and surname mark once per character, not at every position that reads
    # them: building the features is most of the model's time.
    last = len(words) - 1
    word_ends = ["wl=" + word[-1] + str(min(len(word) - 1, 5)) for word in words]
    word_rows = [[
        "wc-1=" + (classes[k - 1] if k else "^") + "|" + classes[k],
        "wc+1=" + classes[k] + "|" + (classes[k + 1] if k < last else "$"),
        "w-1=" + (words[k - 1] if k else "^"),
        "w+1=" + (words[k + 1] if k < last else "$"),
    ] for k in range(len(words))]
    shapes = [_char_class(c) for c in padded]
    marks = ["s" if c in known_surnames else "n" for c in padded]
    runs = _run_lengths(text)
    features = []
    for i in range(len(text)):
        j = i + 3
        char = padded[j]
        k = word_index[i]
        cls, run, at = classes[k], runs[i], place[i]
        surname_marks = marks[j - 2] + marks[j - 1] + marks[j]
        row = [
            "bias",
            "c0=" + char, "c-1=" + padded[j - 1], "c1=" + padded[j + 1],
            "c-2=" + padded[j - 2], "c2=" + padded[j + 2],
            "c-3=" + padded[j - 3], "c3=" + padded[j + 3],
            "b-2=" + padded[j - 2:j], "b-1=" + padded[j - 1:j + 1],
            "b0=" + padded[j:j + 2], "b1=" + padded[j + 1:j + 3],
            "t0=" + padded[j - 1:j + 2],
            "shape=" + shapes[j - 1] + shapes[j] + shapes[j + 1],
            "w=" + words[k] + at,
            word_ends[k],
            "wc=" + cls + at,
            *word_rows[k],
            "sur=" + surname_marks,
            "run=" + run,
            "runsur=" + run + surname_marks,
            "runwc=" + run + cls + at,
        ]
        if i:
            row.append("pl=" + place[i - 1] + at)
        features.append(row)
    if clusters.chars:
        _add_char_clusters(features, folded, clusters)
    if lexicon:
        for row, marks in zip(features, lexicon.marks(folded)):
            if marks:
                row.extend(sorted(set(marks)))
    return features


def _cluster_ids(folded: str, level: Mapping[str, int], pad: int) -> list[str]:
    # "x": a character too rare to have a cluster; "^" and "$" stand beyond the text's ends.
    return ["^"] * pad + [str(level.get(c, "x")) for c in folded] + ["$"] * pad


def _add_char_clusters(features: list[list[str]], folded: str, clusters: Clusters) -> None:
    ids = _cluster_ids(folded, clusters.chars, 3)
    fine = _cluster_ids(folded, clusters.fine_chars, 1) if clusters.fine_chars else []
    for i, row in enumerate(features):
        j = i + 3
        row += ["k0=" + ids[j], "k-1=" + ids[j - 1], "k1=" + ids[j + 1],
                "k-2=" + ids[j - 2], "k2=" + ids[j + 2],
                "kb=" + ids[j - 1] + "|" + ids[j], "kb1=" + ids[j] + "|" + ids[j + 1],
                "K0=" + str(clusters.char_groups.get(folded[i], "x"))]
        if fine:
            row += ["k-3=" + ids[j - 3], "k3=" + ids[j + 3],
                    "Q0=" + fine[i + 1], "Q-1=" + fine[i], "Q1=" + fine[i + 2]]


def bioes_tags(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Character tags for entities given as (start, end, label)."""
    tags = ["O"] * length
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = "S-" + label
            continue
        tags[start] = "B-" + label
        tags[start + 1:end - 1] = ["I-" + label] * (end - start - 2)
        tags[end - 1] = "E-" + label
    return tags


def spans_from_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities from BIOES tags; a run that does not open with B and close with E is dropped."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        move, _, kind = tag.partition("-")
        if move == "S":
            spans.append((i, i + 1, kind))
            start = -1
        elif move == "B":
            start, label = i, kind
        elif move == "E" and start >= 0 and kind == label:
            spans.append((start, i + 1, kind))
            start = -1
        elif move != "I" or kind != label:
            start = -1
    return spans


class CrfNer:
    """Sets ``doc.ents`` from the CRF's tags; the model is loaded with the pipeline (from_disk)."""

    def __init__(self, name: str, labels: Sequence[str]) -> None:
        self.name = name
        self.labels = tuple(labels)
        self.model_bytes = b""
        self.clusters = NO_CLUSTERS
        self.lexicon = NO_LEXICON
        self._tagger = None

    def load_bytes(self, model: bytes, clusters: Clusters = NO_CLUSTERS,
                   lexicon: EntityLexicon = NO_LEXICON) -> None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        try:
            tagger.open_inmemory(model)
        except (ValueError, OSError) as err:
            raise ModelError(f"{self.name}: not a CRFsuite model ({err})") from err
        self.model_bytes, self.clusters, self.lexicon, self._tagger = model, clusters, lexicon, tagger

    def tags(self, text: str) -> list[str]:
        if self._tagger is None:
            raise ModelError(f"{self.name}: no CRF model loaded (train it, or load a pipeline)")
        return self._tagger.tag(char_features(text, self.clusters, self.lexicon)) if text else []

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for start, end, label in spans_from_tags(self.tags(text_of(doc))):
            span = doc.char_span(start, end, label=label)
            if span is not None and label in self.labels:
                spans.append(span)
        doc.ents = spans
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / MODEL_FILE).write_bytes(self.model_bytes)
        (path / CLUSTERS_FILE).write_text(self.clusters.to_json(), encoding="utf-8")
        (path / LEXICON_FILE).write_text(self.lexicon.to_json(), encoding="utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> CrfNer:
        model = Path(path) / MODEL_FILE
        if not model.is_file():
            raise ModelError(f"{model}: CRF model file not found")
        # A model fitted before clusters or the lexicon were read has no file for them.
        clusters = _read_part(Path(path) / CLUSTERS_FILE, Clusters.from_json, NO_CLUSTERS, "clusters")
        lexicon = _read_part(Path(path) / LEXICON_FILE, EntityLexicon.from_json, NO_LEXICON,
                             "lexicon")
        self.load_bytes(model.read_bytes(), clusters, lexicon)
        return self


def _read_part(path: Path, parse: Callable[[str], _Part], missing: _Part, kind: str) -> _Part:
    if not path.is_file():
        return missing
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (ValueError, AttributeError) as err:
        raise ModelError(f"{path}: not a {kind} file ({err})") from err


@Language.factory(FACTORY, assigns=["doc.ents"], default_config={"labels": list(LABELS)})
def make_crf_ner(nlp: Language, name: str, labels: list[str]) -> CrfNer:
    return CrfNer(name, labels)
