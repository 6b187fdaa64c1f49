"""Where the data files the package ships live: the ontology, shapes, gazetteers and NER model.

``ontology/`` at the top of the repository is the single source. In a wheel it is carried as
``gonghui/_ontology`` (a symlink in the source tree that setuptools copies), so an installed
package and a checkout read the same files through this one function.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The folder that holds gonghui.ttl, shapes.ttl and gazetteers/."""
    packaged = _PACKAGE_DIR / "_ontology"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / "ontology"


def gazetteer_dir() -> Path:
    return ontology_dir() / "gazetteers"


def shipped_model_dir() -> Path:
    """gonghui's own NER pipeline, shipped as package data."""
    return _PACKAGE_DIR / "models" / "zh_gonghui_ner"
