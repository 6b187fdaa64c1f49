"""Shared fixtures: one pipeline per test session, and the paths of the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def nlp_rules():
    """The pipeline without a statistical model: gazetteers and patterns only."""
    from gonghui.nlp.pipeline import build_pipeline

    return build_pipeline(model="none")


@pytest.fixture(scope="session")
def nlp():
    """The pipeline as a user gets it: the shipped model when the package carries one."""
    from gonghui.nlp.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def nlp_model_alone():
    """People, organizations and places from the shipped model alone (the other types: rules)."""
    from gonghui.nlp.pipeline import build_pipeline, default_model_available

    if not default_model_available():
        pytest.skip("no model shipped in the package")
    return build_pipeline(entities="model")


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    path = SHARED / "gold"
    if not path.is_dir():
        pytest.skip("../shared/gold is not beside the repository")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
