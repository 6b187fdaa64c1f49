"""Score a pipeline on a converted split, through the same wrapper the main pipeline uses.

The pipeline under test runs inside ``gonghui_model_ner`` on a character-token outer doc, so any
pipeline (ours, or zh_core_web_* with OntoNotes labels mapped) is scored on the same character
spans and the same labels as the gold split, with spaCy's own scorer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.scorer import Scorer
from spacy.tokens import DocBin
from spacy.training import Example

from gonghui.errors import InputError
from gonghui.nlp.model_ner import SPANS_KEY

LABELS = ("PERSON", "ORG", "PLACE")


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Scores:
    overall: LabelScore
    per_label: tuple[LabelScore, ...]
    docs: int
    chars: int


def read_docbin(path: Path) -> list:
    if not path.is_file():
        raise InputError(f"{path}: converted split not found (run `python -m training convert` first)")
    nlp = spacy.blank("zh")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def wrapper_pipeline(model: str = "", label_map: dict[str, str] | None = None) -> spacy.Language:
    """A character-token pipeline holding only the model wrapper."""
    from gonghui.nlp import model_ner  # noqa: F401  registers the factory

    nlp = spacy.blank("zh")
    nlp.add_pipe("gonghui_model_ner", config={"model": model, "label_map": label_map or {}})
    return nlp


def evaluate(model: str, split: Path, label_map: dict[str, str] | None = None,
             limit: int = 0) -> Scores:
    """Entity P/R/F1, overall and per label, of ``model`` on a converted split."""
    gold = read_docbin(split)
    if limit:
        gold = gold[:limit]
    nlp = wrapper_pipeline(model, label_map)
    examples = []
    for predicted, reference in zip(nlp.pipe(nlp.make_doc(d.text) for d in gold), gold):
        predicted.ents = spacy.util.filter_spans(predicted.spans[SPANS_KEY])
        examples.append(Example(predicted, reference))
    return _scores(Scorer.score_spans(examples, "ents"), len(gold), sum(len(d.text) for d in gold))


def _scores(raw: dict, docs: int, chars: int) -> Scores:
    per_type = raw.get("ents_per_type") or {}
    per_label = tuple(
        LabelScore(label, per_type[label]["p"], per_type[label]["r"], per_type[label]["f"])
        for label in sorted(per_type)
    )
    overall = LabelScore("ALL", raw["ents_p"] or 0.0, raw["ents_r"] or 0.0, raw["ents_f"] or 0.0)
    return Scores(overall, per_label, docs, chars)


def scores_as_dict(scores: Scores) -> dict:
    """The shape recorded in meta.json: rounded, label -> {p, r, f}."""
    def row(s: LabelScore) -> dict[str, float]:
        return {"p": round(s.precision, 4), "r": round(s.recall, 4), "f": round(s.f1, 4)}

    return {
        "docs": scores.docs,
        "chars": scores.chars,
        "overall": row(scores.overall),
        "per_label": {s.label: row(s) for s in scores.per_label},
    }
