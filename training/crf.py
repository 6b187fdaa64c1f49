"""Train the CRF NER (``gonghui_crf_ner``) from a spaCy config and converted DocBin splits.

spaCy's trainer updates components by gradient steps; CRFsuite fits a CRF in one batch run
(L-BFGS), so the CRF has this trainer of its own. The config stays spaCy's: ``[nlp]`` and
``[components]`` describe the pipeline as for any other, and ``[crf]`` holds the fit's settings.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

from gonghui.errors import InputError
from gonghui.fileio import replace_dir
from gonghui.nlp.crf_ner import (
    FACTORY,
    NO_CLUSTERS,
    NO_LEXICON,
    Clusters,
    CrfNer,
    EntityLexicon,
    bioes_tags,
    char_features,
    fold_width,
)
from .clusters import cluster_levels
from .config import read_config
from .convert import MANIFEST
from .corpora import Sentence
from .evaluate import evaluate, read_docbin
from .lexicon import fold_lexicons


@dataclass(frozen=True)
class CrfSettings:
    """CRFsuite's L-BFGS settings: L1 (c1) and L2 (c2) weights, and the number of iterations;
    and how many clusters of characters to learn, how many coarser groups and how many finer
    clusters (0: none); and in how many folds the training sentences' entity lexicons are built
    (``training.lexicon``; 0: no lexicon)."""

    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 150
    char_clusters: int = 256
    char_groups: int = 32
    fine_char_clusters: int = 0
    lexicon_folds: int = 5


def is_crf_config(config: Path) -> bool:
    """True if the config's pipeline holds the CRF (and so is trained here, not by spaCy)."""
    components = read_config(config, interpolate=False).get("components", {})
    return any(block.get("factory") == FACTORY for block in components.values())


def settings_of(config: Config, config_path: Path) -> CrfSettings:
    """The config's ``[crf]`` block as settings; an unknown key or a value of the wrong kind is
    an input error now, not a failure after the features are built."""
    block = dict(config.get("crf", {}))
    unknown = sorted(set(block) - {f.name for f in fields(CrfSettings)})
    if unknown:
        raise InputError(f"{config_path}: [crf]: unknown setting {unknown[0]!r}")
    for setting in fields(CrfSettings):
        value = block.get(setting.name, setting.default)
        whole = setting.type in ("int", int)  # a string under postponed annotations
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) \
                or value < 0:
            kind = "whole number" if whole else "number"
            raise InputError(f"{config_path}: [crf] {setting.name} = {value!r}: give a "
                             f"non-negative {kind}")
    return CrfSettings(**block)


def sentences_of(path: Path) -> Iterator[Sentence]:
    for doc in read_docbin(path):
        yield Sentence(doc.text, tuple((e.start_char, e.end_char, e.label_) for e in doc.ents))


def learn_clusters(texts: list[str], settings: CrfSettings) -> Clusters:
    """The clusters the settings ask for, learnt from the training texts as the CRF reads them
    (full-width folded)."""
    if not settings.char_clusters:
        return NO_CLUSTERS
    folded = [fold_width(text) for text in texts]
    return Clusters(*cluster_levels(folded, (settings.char_clusters, settings.char_groups,
                                             settings.fine_char_clusters)))


def fit(sentences: Iterable[Sentence], settings: CrfSettings,
        synthetic: int = 0) -> tuple[bytes, Clusters, EntityLexicon]:
    """A CRFsuite model fitted to ``sentences`` (the bytes of its file), and the clusters and the
    entity lexicon its features read. The last ``synthetic`` sentences are made of the others'
    names (the name lists), and are kept out of the lexicon."""
    import pycrfsuite

    given = list(sentences)
    synthetic = sum(1 for sentence in given[max(0, len(given) - synthetic):] if sentence.text)
    sentences = [sentence for sentence in given if sentence.text]
    if not sentences:
        raise InputError("no training sentences")
    learnt = learn_clusters([sentence.text for sentence in sentences], settings)
    if settings.lexicon_folds:
        read, lexicon = fold_lexicons(sentences, settings.lexicon_folds, synthetic)
    else:
        read, lexicon = [NO_LEXICON] * len(sentences), NO_LEXICON
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, sentence_lexicon in zip(sentences, read):
        trainer.append(char_features(sentence.text, learnt, sentence_lexicon),
                       bioes_tags(len(sentence.text), sentence.spans))
    trainer.set_params({"c1": settings.c1, "c2": settings.c2,
                        "max_iterations": settings.max_iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model.crfsuite"
        trainer.train(str(model))
        return model.read_bytes(), learnt, lexicon


def name_lists_in(corpus_dir: Path) -> int:
    """How many synthetic name lists end the folder's train split, by its manifest (none
    without one: a corpus of one's own)."""
    manifest = corpus_dir / MANIFEST
    if not manifest.is_file():
        return 0
    try:
        count = json.loads(manifest.read_text(encoding="utf-8")).get("name_lists", 0)
    except (ValueError, AttributeError) as err:
        raise InputError(f"{manifest}: not a corpus manifest ({err})") from err
    return count if isinstance(count, int) and count > 0 else 0


def train_pipeline(config_path: Path, corpus_dir: Path, output_dir: Path,
                   overrides: dict[str, object] | None = None) -> Path:
    """Fit the CRF on ``corpus_dir/train.spacy``; writes and returns ``output_dir/model-best``."""
    config = read_config(config_path, overrides)
    settings = settings_of(config, config_path)
    nlp: Language = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    crf = next(pipe for _, pipe in nlp.pipeline if isinstance(pipe, CrfNer))
    began = time.monotonic()
    crf.load_bytes(*fit(sentences_of(corpus_dir / "train.spacy"), settings,
                        name_lists_in(corpus_dir)))
    fitted = time.monotonic() - began
    output_dir.mkdir(parents=True, exist_ok=True)
    best = output_dir / "model-best"
    staging = Path(tempfile.mkdtemp(dir=output_dir, prefix=".model-best-"))
    nlp.to_disk(staging)
    replace_dir(staging, best)
    dev = evaluate(str(best), corpus_dir / "dev.spacy").overall
    print(f"CRF fitted in {fitted:.0f} s ({settings}); dev F1 {dev.f1:.3f} "
          f"(P {dev.precision:.3f}, R {dev.recall:.3f})", file=sys.stderr)
    return best

