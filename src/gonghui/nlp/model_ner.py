"""The statistical NER as a component of the main pipeline: a nested spaCy pipeline, run on the text.

The main pipeline has character tokens; the nested one keeps whatever tokenizer it was trained
with (gonghui's own model: characters; zh_core_web_*: jieba/pkuseg words). Its entities come back
as character offsets and land in ``doc.spans["gonghui_model"]``, labels mapped to ours. Only the
model's name or path is stored in the outer config, so the outer pipeline serializes as usual.
A few models are built by name rather than loaded (``named_models``: ``crf``, the shipped model,
and Baidu's LAC alone or beside it, ``lac``, ``crf+lac``, ``lac+crf``); a name wins over a folder
of that name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ModelError
from ..resources import shipped_model_dir
from .crf_ner import check_vocabulary
from .extensions import remember_text, text_of
from .knowledge import active, of_pipeline, using

SPANS_KEY = "gonghui_model"
# OntoNotes (zh_core_web_*) labels, and our own passing through; anything else is dropped.
DEFAULT_LABEL_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "PLACE": "PLACE",
}



def default_model_path() -> Path:
    """The trained pipeline shipped as package data."""
    return shipped_model_dir()


def _resolve(name: str) -> str | Path:
    if not name:
        return default_model_path()
    path = Path(name).expanduser()
    return path if path.exists() else name


def named_models() -> dict[str, Callable[[], Language]]:
    """Models gonghui builds by name rather than loads from a folder: ``crf`` (the shipped
    model), and LAC alone or beside the CRF (``lac``, ``crf+lac``, ``lac+crf``; nlp/lac_ner.py)."""
    from .lac_ner import MODELS

    return {"crf": lambda: load_model(""), **MODELS}


def model_available(name: str = "") -> bool:
    """True if ``name`` (empty: the shipped model) is a pipeline folder or an installed package,
    or a model gonghui builds by name."""
    if name in named_models():
        from .lac_ner import lac_installed

        crf_ok = name == "lac" or (default_model_path() / "config.cfg").is_file()
        return crf_ok and (name == "crf" or lac_installed())
    target = _resolve(name)
    if isinstance(target, Path):
        return (target / "config.cfg").is_file()
    return spacy.util.is_package(target)


def load_model(name: str = "") -> Language:
    """Load the nested pipeline; ``ModelError`` with a one-line message if it is not there."""
    # gonghui's own components (the CRF, the CNN's features) are found through their
    # `spacy_factories` entry points, as in any interpreter.

    builders = named_models()
    if name in builders:
        return builders[name]()
    target = _resolve(name)
    if not model_available(name):
        raise ModelError(
            f"{target}: no spaCy pipeline found (give a folder with config.cfg, or an installed "
            "package such as zh_core_web_sm)"
        )
    try:
        model = spacy.load(target)
    except (OSError, ValueError) as err:
        raise ModelError(f"{target}: cannot load the spaCy pipeline ({err})".replace("\n", " ")) from err
    check_vocabulary(model, active(), f"the NER model {target}")
    return model


class ModelNer:
    """Runs a nested NER pipeline and writes its entities, mapped, into ``doc.spans``."""

    def __init__(self, nlp: Language, name: str, model: str, label_map: dict[str, str],
                 batch_size: int) -> None:
        self.name = name
        self.model = model
        self.label_map = {**DEFAULT_LABEL_MAP, **label_map}
        self.batch_size = batch_size
        self.pipeline = nlp  # whose knowledge the nested model's features read
        with using(of_pipeline(nlp)):
            self.nested = load_model(model)

    def __call__(self, doc: Doc) -> Doc:
        with using(of_pipeline(self.pipeline)):
            return self._write(doc, self.nested(self._nested_doc(doc)))

    def _nested_doc(self, doc: Doc) -> Doc:
        # The nested pipeline's own tokens, with the text known (its feature component reads it).
        text = text_of(doc)
        return remember_text(self.nested.make_doc(text), text)

    def pipe(self, stream: Iterable[Doc], batch_size: int = 0) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        docs = iter(stream)
        while batch := list(islice(docs, size)):
            with using(of_pipeline(self.pipeline)):  # a batch at a time: never across a yield
                nested = list(self.nested.pipe((self._nested_doc(doc) for doc in batch),
                                               batch_size=size))
            for doc, nested_doc in zip(batch, nested):
                yield self._write(doc, nested_doc)

    def _write(self, doc: Doc, nested: Doc) -> Doc:
        spans: list[Span] = []
        for ent in nested.ents:
            label = self.label_map.get(ent.label_)
            if not label:
                continue
            span = doc.char_span(ent.start_char, ent.end_char, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory(
    "gonghui_model_ner",
    assigns=["doc.spans"],
    default_config={"model": "", "label_map": {}, "batch_size": 128},
)
def make_model_ner(
    nlp: Language, name: str, model: str, label_map: dict[str, str], batch_size: int
) -> ModelNer:
    """``model``: empty for the shipped model, else a package name or a pipeline folder."""
    return ModelNer(nlp, name, model, label_map, batch_size)
