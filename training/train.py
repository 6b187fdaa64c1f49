"""Train the NER from a spaCy config, then ship the best model as package data with its scores.

``reproduce`` is the one call behind ``python -m training train``: convert (if needed), train, score
on every held-out split, copy ``model-best`` to the ship folder and record what made it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gonghui.errors import InputError
from gonghui.fileio import atomic_write_text, replace_dir
from gonghui.nlp import char_bigrams  # noqa: F401  registers the component and the label table the config names
from gonghui.nlp.crf_ner import vocabulary_record
from gonghui.nlp.knowledge import shipped

from . import crf
from .config import read_config
from .convert import MANIFEST, CorpusPaths, convert
from .evaluate import evaluate, read_docbin, scores_as_dict

PROJECT = Path(__file__).resolve().parent
DEFAULT_CONFIG = PROJECT / "configs" / "zh_gonghui_ner.cfg"
TRAIN_SPLITS = ("train", "dev")
CHECK_DOCS = 300  # dev sentences the shipped copy must read exactly as the trained model does
REPORT_SPLITS = ("msra-test", "msra-test-ascii", "cluener-dev", "uner-test")
DATA_SOURCES = [
    {
        "name": "MSRA NER (SIGHAN 2006), People's Daily 1998",
        "use": "train (official train part of dh_msra.txt, 1 in 25 sentences held out as dev),"
        " plus synthetic unbroken lists of its own training names (training_corpus);"
        " official test reported, never trained on",
        "terms": "research data, no licence given (SIGHAN 2006 bakeoff)",
        "labels": "PER->PERSON, ORG->ORG, LOC->PLACE",
    },
    {
        "name": "CLUENER2020 (Xu et al. 2020, arXiv:2001.04351), Sina News via THUCTC",
        "use": "official dev reported; trained on only where training_corpus lists it"
        " (`python -m training convert --cluener`)",
        "terms": "no licence file; derived from THUCTC / Sina News RSS",
        "labels": "name->PERSON; organization, company, government->ORG; address, scene->PLACE;"
        " position, book, game, movie dropped",
    },
    {
        "name": "Universal NER v1, Chinese GSDSimp (Mayhew et al. 2024), Wikipedia",
        "use": "test split reported only (out of domain); not trained on",
        "terms": "CC BY-SA 4.0",
        "labels": "PER->PERSON, ORG->ORG, LOC->PLACE",
    },
]


_DESCRIPTIONS = {
    "crf": "gonghui's Chinese NER (PERSON, ORG, PLACE): character tokens, a linear-chain CRF"
    " (CRFsuite) over character, bigram, word-class, character-cluster and entity-lexicon"
    " features. Loads with gonghui installed (its components are spaCy entry points).",
    "cnn": "gonghui's Chinese NER (PERSON, ORG, PLACE): character tokens with bigram and word"
    " features, CNN tok2vec, transition-based NER. Loads with gonghui installed.",
}


def train(config: Path, corpus_dir: Path, output_dir: Path,
          overrides: dict[str, object] | None = None) -> Path:
    """Train the pipeline ``config`` describes; returns the ``model-best`` folder.

    A config with the CRF is fitted by ``crf.train_pipeline``, any other by spaCy's trainer.
    """
    from spacy.cli.train import train as spacy_train

    check_config(config, overrides)
    for split in TRAIN_SPLITS:
        if not (corpus_dir / f"{split}.spacy").is_file():
            raise InputError(f"{corpus_dir / split}.spacy: not found (run `python -m training convert`)")
    if crf.is_crf_config(config):
        return crf.train_pipeline(config, corpus_dir, output_dir, overrides)
    settings: dict[str, object] = {
        "paths.train": str(corpus_dir / "train.spacy"),
        "paths.dev": str(corpus_dir / "dev.spacy"),
        **(overrides or {}),
    }
    spacy_train(config, output_dir, use_gpu=-1, overrides=settings)
    return output_dir / "model-best"


def check_config(config: Path, overrides: dict[str, object] | None = None) -> None:
    """Raise an input error for a config, an override or a CRF setting that cannot train."""
    loaded = read_config(config, overrides)
    if crf.is_crf_config(config):
        crf.settings_of(loaded, config)


def score_splits(model: str, corpus_dir: Path, splits: tuple[str, ...] = REPORT_SPLITS) -> dict:
    return {
        split: scores_as_dict(evaluate(model, corpus_dir / f"{split}.spacy"))
        for split in splits
        if (corpus_dir / f"{split}.spacy").is_file()
    }


def ship(model_dir: Path, ship_to: Path, config: Path, scores: dict,
         check_texts: Sequence[str] = (), corpus: dict | None = None) -> Path:
    """Copy a trained pipeline to ``ship_to`` (replacing it), with a meta.json saying what it is.

    The training's string table is dropped on the way (see ``_prune_strings``); the shipped copy
    must find the same entities in ``check_texts`` as the trained one, or nothing is shipped.
    """
    if not (model_dir / "config.cfg").is_file():
        raise InputError(f"{model_dir}: not a trained spaCy pipeline (no config.cfg)")
    ship_to.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=ship_to.parent, prefix=f".{ship_to.name}-"))
    shutil.copytree(model_dir, staging, dirs_exist_ok=True)
    meta_path = staging / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    _prune_strings(staging, sorted({label for labels in meta.get("labels", {}).values()
                                    for label in labels}))
    if check_texts and _entities(model_dir, check_texts) != _entities(staging, check_texts):
        shutil.rmtree(staging)
        raise InputError(f"{model_dir}: the pruned copy finds other entities; not shipped")
    meta.update(
        name="gonghui_ner",
        version="0.1.0",
        description=_DESCRIPTIONS["crf" if crf.is_crf_config(model_dir / "config.cfg") else "cnn"],
        license="see sources: MSRA (no licence given), CLUENER2020 (no licence file)",
        sources=DATA_SOURCES,
        training_config=f"training/configs/{config.name}",
        training_corpus=corpus or {},
        gonghui_scores=scores,
        gonghui_vocabulary=vocabulary_record(shipped()),  # the gazetteers the features read
    )
    meta.pop("performance", None)  # spaCy's dev-set figures; ours are in gonghui_scores
    _write_json(meta_path, meta)
    return replace_dir(staging, ship_to)


def _prune_strings(model_dir: Path, keep: list[str]) -> None:
    """Keep only the labels in the string table.

    Training interns every bigram and word it met (megabytes). Running needs none of them: the
    features are hashes computed from each new text, so the table fills again as it runs.
    """
    _write_json(model_dir / "vocab" / "strings.json", sorted(keep))


def _entities(model_dir: Path, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    import spacy

    nlp = spacy.load(model_dir)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def _write_json(path: Path, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_text(path, text)


def reproduce(paths: CorpusPaths, corpus_dir: Path, output_dir: Path, ship_to: Path,
              config: Path = DEFAULT_CONFIG, overrides: dict[str, object] | None = None) -> dict:
    """Corpora -> converted splits -> trained model -> scored and shipped; returns the scores."""
    # A folder of one's own train.spacy and dev.spacy is trained on as it is (and the report
    # splits it holds, if any, are scored); only a folder without them is filled from the corpora.
    check_config(config, overrides)  # before a conversion it would waste
    if not all((corpus_dir / f"{s}.spacy").is_file() for s in TRAIN_SPLITS):
        convert(paths, corpus_dir)
    best = train(config, corpus_dir, output_dir, overrides)
    scores = score_splits(str(best), corpus_dir)
    check_texts = [doc.text for doc in read_docbin(corpus_dir / "dev.spacy")[:CHECK_DOCS]]
    manifest = corpus_dir / MANIFEST
    corpus = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    ship(best, ship_to, config, scores, check_texts, corpus)
    return scores
