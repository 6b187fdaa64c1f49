"""Build the spaCy pipeline from ``pipeline.cfg``.

The model component is optional: ``model=None`` uses the configured one (Baidu's LAC, when it is
installed), ``model="none"`` runs the rules alone, and any other value is a named model (``crf``,
gonghui's own, shipped in the package; ``crf+lac``, ``lac+crf``) or a spaCy package name or path
(``zh_core_web_sm`` included) for the ``gonghui_model_ner`` wrapper.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import load_config, load_model_from_config

from ..errors import ModelError
# Importing the component modules registers their factories with spaCy.
from . import entities, extensions, gazetteer_ruler, knowledge, locality, patterns, relations, resolve  # noqa: F401

CONFIG_PATH = Path(__file__).with_name("pipeline.cfg")
MODEL_COMPONENT = "gonghui_model_ner"
NO_MODEL = "none"
ENTITIES_COMPONENT = "gonghui_entities"
# Where PERSON, ORG and PLACE come from: rules and model merged, the rules alone (as --model none),
# or the model alone. The other types always come from the rules.
ENTITY_SOURCES = ("both", "rules", "model")


def default_model_available() -> bool:
    """Whether the model ``pipeline.cfg`` names can be built (LAC installed, the CRF shipped)."""
    from .model_ner import model_available

    return model_available(load_config(CONFIG_PATH)["components"][MODEL_COMPONENT]["model"])


def build_pipeline(model: str | None = None, config_path: Path | None = None,
                   entities: str = "both", gazetteers: Path | None = None) -> Language:
    """The configured pipeline; ``model`` overrides ``components.gonghui_model_ner.model``;
    ``entities`` is one of ``ENTITY_SOURCES`` (``"model"`` needs a model); ``gazetteers``, a
    directory of gazetteer files, overrides the shipped knowledge (``knowledge.py``)."""
    if entities not in ENTITY_SOURCES:
        raise ModelError(f"entities must be one of {', '.join(ENTITY_SOURCES)}, not {entities!r}")
    config = load_config(config_path or CONFIG_PATH)
    names = list(config["nlp"]["pipeline"])
    use_model = MODEL_COMPONENT in names and model != NO_MODEL and entities != "rules"
    if use_model and model is None and not default_model_available():
        use_model = False  # no model shipped or installed: the rules run alone
    if use_model and model:
        config["components"][MODEL_COMPONENT]["model"] = model
    if gazetteers is not None:
        config["components"]["gonghui_gazetteer"]["gazetteers"] = {
            "@misc": "gonghui.gazetteers.v1", "path": str(gazetteers)}
    if entities == "model":
        if not use_model:
            raise ModelError("entities from the model alone need a model (none is shipped or given)")
        config["components"][ENTITIES_COMPONENT]["sources"] = "model"
    if not use_model and MODEL_COMPONENT in names:
        names.remove(MODEL_COMPONENT)
        config["nlp"]["pipeline"] = names
        del config["components"][MODEL_COMPONENT]
    try:
        nlp = load_model_from_config(config, auto_fill=True, validate=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot build the pipeline: {str(exc).splitlines()[0]}") from exc
    nlp.initialize()  # the gazetteer component loads the pipeline's knowledge (knowledge.py)
    return nlp


def blank() -> Language:
    """A bare character-token Chinese pipeline, for tests of single components."""
    return spacy.blank("zh")
