"""Shared fixtures: one pipeline per test session, and the paths of the test data.

The seed gold and the scorer the quality floors need are the project's own test data
(``tests/data/``, copied from ../shared, a test checks they still agree), so no test skips when
../shared is missing; the few that read ../shared itself fail with a message that says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"


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
    """The seed gold: one annotation file per bundled seed article."""
    return DATA / "gold"


@pytest.fixture(scope="session")
def gold_json(gold_dir: Path) -> list[dict]:
    """The seed gold files as read, in file order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


@pytest.fixture(scope="session")
def gold_extractions(gold_dir: Path, seeds_dir: Path) -> list:
    """The seed gold as records, each with its seed's text (for evidence offsets)."""
    from gonghui.kg.gold import read_gold_files

    return list(read_gold_files(sorted(gold_dir.glob("*.json")), seeds_dir))


@pytest.fixture(scope="session")
def scorer() -> Path:
    """The shared scorer (../shared/tools/score.py), as the quality floors are measured with it."""
    return DATA / "score.py"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, for the tests that read it: missing, they fail and say so (never skip)."""
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: this test reads the shared data beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS
