"""The README stays honest: every command and every shipped query appears in it, it is short,
and the commands it shows run and print what it says they print."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from gonghui.cli import app
from gonghui.kg.saved_queries import list_queries

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "gonghui") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


COMMANDS = _commands(typer.main.get_command(app))


def test_readme_is_short() -> None:
    assert len(TEXT.splitlines()) < 200


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_names_every_command(command: str) -> None:
    assert f"`{command}" in TEXT or f"$ {command} " in TEXT


@pytest.mark.parametrize("name", list_queries())
def test_readme_names_every_shipped_query(name: str) -> None:
    assert name in TEXT


def _examples() -> list[tuple[str, list[str]]]:
    """Each ``$ gonghui ...`` line of the console blocks, with the lines it is shown to print."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", TEXT, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples:
                examples[-1][1].append(line)
    return [(command, shown) for command, shown in examples if command.startswith("gonghui ")]


EXAMPLES = _examples()


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_runs_and_prints_what_it_shows(command: str, shown: list[str],
                                                      built: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where the README runs it: beside seeds/ and the graphs/ a build wrote."""
    (tmp_path / "seeds").symlink_to(Path(__file__).resolve().parents[1] / "seeds")
    (tmp_path / "graphs").symlink_to(built)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    # The lines shown are the lines printed; a table's rows are checked by their number only
    # (they change as the extraction improves), its header and rule in full.
    rows = False
    for expected, got in zip(shown, printed):
        if not rows:
            assert got.split() == expected.split(), (expected, got)
            rows = expected.startswith("---")
    assert len(printed) == len(shown), printed
