"""Bad input and faults, end to end through the ``gonghui`` command (issue 16).

Each numbered case of the issue has a regression test named after it (``test_case01_...``); the
parametrized table at the end runs every kind of bad input and fault the same way and asserts
the same four things: the exit code, one error line naming the path at fault, the other files'
results present, and an output folder that holds a whole old set or a whole new set.

Every text here is invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from gonghui.cli import app

runner = CliRunner()

GOOD = "富顺县总工会深入开展“技能强县”竞赛活动。县总工会主席王建国讲话。"
OTHER = "长兴县总工会组织开展“金秋助学”活动。县总工会副主席李红梅出席。"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("gonghui: error:")]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- case 1: two files of one name in two folders are two documents -----------------------


def test_case01_same_name_in_two_folders_stays_two_documents(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "a" / "news.txt", GOOD)
    write(root / "b" / "news.txt", OTHER)
    out = tmp_path / "pred.jsonl"
    result = invoke("extract", root, "--jsonl", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    records = jsonl(out)
    assert [r["document"] for r in records] == ["a/news.txt", "b/news.txt"]
    assert [Path(r["document"]).name for r in records] == ["news.txt", "news.txt"]  # the scorer's key
    assert {r["locality"] for r in records} == {"富顺县", "长兴县"}

    graphs = tmp_path / "graphs"
    result = invoke("build", root, "--out", graphs, "--jobs", 1)
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset()
    dataset.parse(graphs / "gonghui.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {n for n in names if n.endswith("news.txt")} == {
        "https://w3id.org/gonghui/id/doc/a%2Fnews.txt", "https://w3id.org/gonghui/id/doc/b%2Fnews.txt"}
    titles = dataset.query("""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX gh: <https://w3id.org/gonghui/ontology#>
        SELECT ?id ?hash WHERE { GRAPH ?g { ?d a gh:Document ; dcterms:identifier ?id ;
                                              dcterms:isPartOf ?f . ?f gh:sha256 ?hash } }""")
    hashes = {str(row.id): str(row.hash) for row in titles}
    assert set(hashes) == {"a/news.txt", "b/news.txt"}
    assert len(set(hashes.values())) == 2 and all(len(h) == 64 for h in hashes.values())
    page = (graphs / "gonghui.html").read_text(encoding="utf-8")
    assert "a/news.txt" in page and "b/news.txt" in page


def test_case01_same_name_named_twice_on_the_command_line(tmp_path: Path) -> None:
    first = write(tmp_path / "x" / "2024" / "index.html", f"<p>{GOOD}</p>")
    second = write(tmp_path / "y" / "2024" / "index.html", f"<p>{OTHER}</p>")
    out = tmp_path / "pred.jsonl"
    result = invoke("extract", first, second, "--jsonl", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    assert [r["document"] for r in jsonl(out)] == ["x/2024/index.html", "y/2024/index.html"]
