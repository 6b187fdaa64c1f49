"""Reading a training config (spaCy's format) with ``--set`` overrides, as a user error if spaCy
cannot: a missing file, broken syntax or an override of a section the config lacks."""

from __future__ import annotations

from pathlib import Path

import spacy
from thinc.api import Config

from gonghui.errors import InputError


def read_config(path: Path, overrides: dict[str, object] | None = None,
                interpolate: bool = True) -> Config:
    if not path.is_file():
        raise InputError(f"{path}: training config not found")
    try:
        return spacy.util.load_config(path, overrides=dict(overrides or {}), interpolate=interpolate)
    except ValueError as err:  # confection's ConfigValidationError: a message of several lines
        lines = [" ".join(line.split()) for line in str(err).splitlines() if line.strip()]
        raise InputError(f"{path}: {'; '.join(lines)}") from err
