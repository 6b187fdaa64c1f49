"""Extraction quality on the development gold, scored by the shared scorer, against floors kept
as data in quality_floors.json (the same figures the closing notes report)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gonghui.workflow import run_extract, write_jsonl

FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text(encoding="utf-8"))


def _score(gold_dir: Path, scorer: Path, docs_dir: Path, pred: Path, nlp) -> dict:
    """``docs_dir`` extracted with a session's pipeline and scored against ``gold_dir``."""
    write_jsonl(run_extract([docs_dir], nlp=nlp, jobs=1), pred)
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold_dir), "--pred", str(pred),
                          "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def scores(gold_dir: Path, scorer: Path, seeds_dir: Path, nlp, tmp_path_factory) -> dict:
    """The extraction as a user gets it: rules and the shipped model."""
    return _score(gold_dir, scorer, seeds_dir, tmp_path_factory.mktemp("quality") / "p.jsonl", nlp)


@pytest.fixture(scope="module")
def rules_scores(gold_dir: Path, scorer: Path, seeds_dir: Path, nlp_rules, tmp_path_factory) -> dict:
    return _score(gold_dir, scorer, seeds_dir, tmp_path_factory.mktemp("quality") / "p.jsonl",
                  nlp_rules)


@pytest.fixture(scope="module")
def model_scores(gold_dir: Path, scorer: Path, seeds_dir: Path, nlp_model_alone,
                 tmp_path_factory) -> dict:
    """People, organizations and places from the shipped model alone."""
    return _score(gold_dir, scorer, seeds_dir, tmp_path_factory.mktemp("quality") / "p.jsonl",
                  nlp_model_alone)


@pytest.fixture(scope="module")
def dev_dir(shared_dir: Path) -> Path:
    """../shared/dev: 32 articles gonghui was not tuned on, with gold."""
    return shared_dir / "dev"


@pytest.fixture(scope="module")
def dev_scores(dev_dir: Path, scorer: Path, nlp, tmp_path_factory) -> dict:
    return _score(dev_dir / "gold", scorer, dev_dir / "docs",
                  tmp_path_factory.mktemp("quality") / "p.jsonl", nlp)


@pytest.fixture(scope="module")
def dev_rules_scores(dev_dir: Path, scorer: Path, nlp_rules, tmp_path_factory) -> dict:
    return _score(dev_dir / "gold", scorer, dev_dir / "docs",
                  tmp_path_factory.mktemp("quality") / "p.jsonl", nlp_rules)


@pytest.fixture(scope="module")
def dev_model_scores(dev_dir: Path, scorer: Path, nlp_model_alone, tmp_path_factory) -> dict:
    return _score(dev_dir / "gold", scorer, dev_dir / "docs",
                  tmp_path_factory.mktemp("quality") / "p.jsonl", nlp_model_alone)


def test_quality_every_seed_is_scored(scores: dict) -> None:
    assert scores["documents_predicted"] == scores["documents"] == 5


def test_quality_entities_overall(scores: dict) -> None:
    overall = scores["entities"]["ALL"]
    assert overall["lenient_f1"] >= FLOORS["entities"]["ALL"]["lenient_f1"]
    assert overall["strict_f1"] >= FLOORS["entities"]["ALL"]["strict_f1"]


@pytest.mark.parametrize("etype", ["PERSON", "ORG", "PLACE", "PROGRAM", "AWARD", "EVENT", "POLICY"])
def test_quality_entities_per_type(scores: dict, etype: str) -> None:
    assert scores["entities"][etype]["lenient_f1"] >= FLOORS["entities"][etype]


@pytest.mark.parametrize("rtype", ["ALL", "HOLDS_POSITION", "RECEIVED_AWARD", "RUNS_PROGRAM"])
def test_quality_relations(scores: dict, rtype: str) -> None:
    assert scores["relations"][rtype]["f1"] >= FLOORS["relations"][rtype]


@pytest.mark.parametrize("etype", ["PERSON", "ORG", "PLACE"])
def test_quality_model_does_not_lower_rules(scores: dict, rules_scores: dict, etype: str) -> None:
    """The model adds people and organizations without losing any type to the rules alone."""
    from gonghui.nlp.pipeline import default_model_available

    assert default_model_available(), "no model shipped in the package"
    assert scores["entities"][etype]["lenient_f1"] >= rules_scores["entities"][etype]["lenient_f1"]


def test_quality_other_types_untouched_by_the_model(scores: dict, rules_scores: dict) -> None:
    for etype in ("PROGRAM", "AWARD", "EVENT", "POLICY"):
        assert scores["entities"][etype] == rules_scores["entities"][etype]


def test_quality_seed_gold_and_scorer_are_the_shared_ones(gold_dir: Path, scorer: Path,
                                                         shared_dir: Path) -> None:
    """tests/data holds copies of ../shared's seed gold and scorer: they must not drift apart."""
    shared_gold = sorted(p.name for p in (shared_dir / "gold").glob("*.json"))
    assert sorted(p.name for p in gold_dir.glob("*.json")) == shared_gold
    for name in shared_gold:
        assert (gold_dir / name).read_bytes() == (shared_dir / "gold" / name).read_bytes(), name
    assert scorer.read_bytes() == (shared_dir / "tools" / "score.py").read_bytes()


def test_quality_dev_every_article_is_scored(dev_scores: dict) -> None:
    assert dev_scores["documents_predicted"] == dev_scores["documents"] == 32


def test_quality_dev_entities_overall(dev_scores: dict) -> None:
    overall = dev_scores["entities"]["ALL"]
    assert overall["lenient_f1"] >= FLOORS["dev"]["entities"]["ALL"]["lenient_f1"]
    assert overall["strict_f1"] >= FLOORS["dev"]["entities"]["ALL"]["strict_f1"]


@pytest.mark.parametrize("etype", ["PERSON", "ORG", "PLACE", "PROGRAM", "AWARD", "EVENT", "POLICY"])
def test_quality_dev_entities_per_type(dev_scores: dict, etype: str) -> None:
    assert dev_scores["entities"][etype]["lenient_f1"] >= FLOORS["dev"]["entities"][etype]


@pytest.mark.parametrize("rtype", ["ALL", "RECEIVED_AWARD"])
def test_quality_dev_relations(dev_scores: dict, rtype: str) -> None:
    assert dev_scores["relations"][rtype]["f1"] >= FLOORS["dev"]["relations"][rtype]


@pytest.mark.parametrize("etype", ["PERSON", "ORG", "PLACE"])
@pytest.mark.parametrize("which", ["seeds", "dev"])
def test_quality_together_not_below_either_alone(request, which: str, etype: str) -> None:
    """The merge lets the best evidence win: rules and model together score at least as well as
    the rules alone and as the model alone, per type, on the seeds and on the dev set."""
    prefix = "" if which == "seeds" else "dev_"
    together, rules, model = (request.getfixturevalue(f"{prefix}{name}")
                              for name in ("scores", "rules_scores", "model_scores"))
    f1 = lambda s: s["entities"][etype]["lenient_f1"]  # noqa: E731
    assert f1(together) >= f1(rules)
    assert f1(together) >= f1(model)
