"""The pipeline as configured in pipeline.cfg: contracts, model switch, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gonghui.errors import ModelError
from gonghui.nlp.pipeline import build_pipeline

RULE_COMPONENTS = ["gonghui_gazetteer", "gonghui_patterns", "gonghui_entities", "gonghui_locality",
                   "gonghui_resolve", "gonghui_relations"]


def test_pipeline_rules_only_components_in_order(nlp_rules) -> None:
    assert nlp_rules.pipe_names == RULE_COMPONENTS
    assert nlp_rules.tokenizer.segmenter == "char"


def test_pipeline_analyze_pipes_finds_no_problems(nlp_rules, nlp) -> None:
    for pipeline in (nlp_rules, nlp):
        analysis = pipeline.analyze_pipes(pretty=False)
        assert not any(analysis["problems"].values()), analysis["problems"]


def test_pipeline_unknown_model_is_a_one_line_model_error() -> None:
    with pytest.raises(ModelError) as info:
        build_pipeline(model="zh_no_such_model_xyz")
    assert "zh_no_such_model_xyz" in str(info.value) and "\n" not in str(info.value)


def test_pipeline_runs_on_text_without_metadata(nlp_rules) -> None:
    doc = nlp_rules("富顺县总工会组织开展“金秋助学”活动。")
    assert {(e.text, e.label_) for e in doc.ents} >= {("富顺县总工会", "ORG")}
    assert doc._.locality.county == "富顺县"


def test_pipeline_never_reaches_training() -> None:
    """Training imports the library, never the other way: running the pipeline, the shipped
    CRF and the CLI included, from the repository's top (where the training project is
    importable), loads nothing of ``training``."""
    script = (
        "import sys\n"
        "import gonghui.cli\n"
        "from gonghui.nlp.pipeline import build_pipeline\n"
        "build_pipeline(model='crf')('市总工会主席李明出席会议。')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'training'\n"
        "             or m.startswith('gonghui.training')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
