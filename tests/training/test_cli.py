"""The training project's commands (``python -m training``): help, errors in one line, and a
README that names each of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from training.cli import app

PROJECT = Path(__file__).resolve().parents[2] / "training"
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
runner = CliRunner()


def invoke(*args: object) -> click.testing.Result:
    return runner.invoke(app, [str(a) for a in args])


def test_cli_training_has_the_commands_gonghui_model_had() -> None:
    assert COMMANDS == ["convert", "evaluate", "segmentation", "train"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_training_command_has_help_and_is_in_the_project_readme(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and len(result.output) > 200
    assert f"python -m training {command}" in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_cli_training_runs_as_a_module_from_the_repository_top() -> None:
    result = subprocess.run([sys.executable, "-m", "training", "--help"], capture_output=True,
                            text=True, cwd=PROJECT.parent, check=False)
    assert result.returncode == 0, result.stderr
    assert all(command in result.stdout for command in COMMANDS)


@pytest.mark.parametrize(("override", "message"), [
    ("crf.max_iterations", "give KEY=VALUE"),
    ("crf.nonsense=1", "unknown setting 'nonsense'"),
    ("crf.c1=abc", "c1 = 'abc': give a non-negative number"),
    ("crf.max_iterations=1.5", "give a non-negative whole number"),
    ("nosuchsection.key=1", "not a section value that can be overridden"),
])
def test_cli_training_train_rejects_a_bad_override_at_once(tmp_path: Path, override: str,
                                                           message: str) -> None:
    result = invoke("train", "--corpus-dir", tmp_path, "--output", tmp_path / "out",
                    "--ship-to", tmp_path / "shipped", "--set", override)
    assert result.exit_code == 2
    assert message in result.output
    assert not any(tmp_path.iterdir())  # nothing converted, trained or written


@pytest.mark.parametrize("args", [
    ("evaluate", "{tmp}/msra-test.spacy"),  # a split not converted
    ("convert", "--corpora", "{tmp}/no-corpora", "--out", "{tmp}/out"),  # corpora not staged
])
def test_cli_training_commands_report_errors_in_one_line(tmp_path: Path,
                                                         args: tuple[str, ...]) -> None:
    result = invoke(*(arg.format(tmp=tmp_path) for arg in args))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("gonghui: error: ") and result.output.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_cli_training_segmentation_counts_the_corpora_without_the_name_lists(
        shared_dir: Path) -> None:
    from training.convert import load_splits
    from training.corpora import CorpusPaths, entity_count

    corpora = shared_dir / "corpora"
    result = invoke("segmentation", "--corpora", corpora, "--limit", 20)
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split("\t")[:2]): line.split("\t")[2:] for line in result.output.splitlines()}
    train = load_splits(CorpusPaths(corpora), 20, lists=0)["train"]
    assert len(train) == 20 and rows["train", "char"][:2] == [str(entity_count(train)), "0"]
    assert int(rows["train", "jieba"][1]) > 0  # jieba cuts through some names; characters none
