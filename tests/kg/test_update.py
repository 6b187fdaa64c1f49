"""Incremental updates: ``gonghui add`` in batches gives the dataset one build of all gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from gonghui.cli import app
from gonghui.kg.build import build_store
from gonghui.kg.update import remove_graphs, stored_files

runner = CliRunner()

# Invented articles: people, posts, awards and programs that recur across files, so batches
# share entities and the union must merge and unmerge them.
ARTICLES = {
    "a1.txt": "甲县总工会主席张伟出席会议。甲县总工会开展送温暖活动，慰问困难职工。",
    "a2.txt": "乙市总工会举办职工技能大赛。乙市总工会副主席李红为获奖职工颁奖。",
    "b1.txt": "甲县总工会开展金秋助学活动。张伟荣获2023年全国五一劳动奖章。",
    "b2.txt": "丙区总工会开展送温暖活动。丙区总工会主席王强走访一线职工。",
    "c1.txt": "乙市总工会开展金秋助学活动，资助困难职工子女。",
    "c2.txt": "甲县总工会主席张伟主持召开职工代表大会。",
}


def invoke(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def write_articles(folder: Path, names) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


def quads(out: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(out / "gonghui.oxigraph")))


def trig(out: Path) -> dict:
    """The TriG file read by rdflib, graph by graph. gonghui mints an IRI for every node, so
    two datasets are isomorphic exactly when each named graph holds the same triples."""
    dataset = Dataset().parse(out / "gonghui.trig", format="trig")
    graphs = {graph.identifier: graph for graph in dataset.graphs() if len(graph)}
    assert not any(isinstance(node, BNode) for quad in dataset.quads() for node in quad[:3])
    return graphs


@pytest.fixture(scope="module")
def built_at_once(tmp_path_factory) -> Path:
    root = write_articles(tmp_path_factory.mktemp("all") / "news", ARTICLES)
    out = tmp_path_factory.mktemp("out-all")
    invoke("build", root, "--out", out, "--model", "none", "--jobs", "1")
    return out


def test_update_three_batches_equal_one_build(built_at_once: Path, tmp_path: Path) -> None:
    root, out = tmp_path / "news", tmp_path / "out"
    write_articles(root, ["a1.txt", "a2.txt"])
    invoke("build", root, "--out", out, "--model", "none", "--jobs", "1")
    for batch in (["b1.txt", "b2.txt"], ["c1.txt", "c2.txt"]):
        write_articles(root, batch)
        result = invoke("add", root, "--out", out, "--model", "none", "--jobs", "1")
        assert "documents: 2 " in result.output  # only the new files were extracted
    assert quads(out) == quads(built_at_once)  # named graphs and the union, statement by statement
    ours, theirs = trig(out), trig(built_at_once)
    assert ours.keys() == theirs.keys() and len(ours) == len(ARTICLES)
    for name, graph in ours.items():
        assert isomorphic(graph, theirs[name]), name
    assert (out / "gonghui.ttl").read_bytes() == (built_at_once / "gonghui.ttl").read_bytes()
    # The unchanged articles' TriG blocks were taken from the file each add replaced.
    assert (out / "gonghui.trig").read_bytes() == (built_at_once / "gonghui.trig").read_bytes()
    assert not list(out.glob(".*blocks*"))  # the scratch file went


def test_update_changed_and_pruned_files_equal_a_build_of_what_is_left(tmp_path: Path) -> None:
    root, out = tmp_path / "news", tmp_path / "out"
    write_articles(root, ARTICLES)
    invoke("build", root, "--out", out, "--model", "none", "--jobs", "1")
    (root / "b1.txt").write_text(ARTICLES["c1.txt"], encoding="utf-8")  # changed content
    (root / "a2.txt").unlink()
    result = invoke("add", root, "--out", out, "--model", "none", "--jobs", "1", "--prune")
    assert "unchanged: 4 files" in result.output and "removed:   1 documents" in result.output
    fresh = tmp_path / "fresh"
    invoke("build", root, "--out", fresh, "--model", "none", "--jobs", "1")
    assert quads(out) == quads(fresh)
    assert (out / "gonghui.trig").read_bytes() == (fresh / "gonghui.trig").read_bytes()


def test_update_without_prune_keeps_files_no_longer_given(tmp_path: Path) -> None:
    root, out = tmp_path / "news", tmp_path / "out"
    write_articles(root, ["a1.txt", "a2.txt"])
    invoke("build", root, "--out", out, "--model", "none", "--jobs", "1")
    before = quads(out)
    shutil.rmtree(root)
    write_articles(root, ["a1.txt"])
    result = invoke("add", root, "--out", out, "--model", "none", "--jobs", "1")
    assert "unchanged: 1 files" in result.output
    assert quads(out) == before


def test_update_add_without_a_store_is_one_line_error(tmp_path: Path) -> None:
    root = write_articles(tmp_path / "news", ["a1.txt"])
    result = runner.invoke(app, ["add", str(root), "--out", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "no store to add to" in result.output and "Traceback" not in result.output


def test_update_remove_graphs_keeps_what_other_articles_say(gold_extractions) -> None:
    """Library level: dropping articles leaves exactly the store of the others, union included."""
    everything = build_store(gold_extractions)
    kept = gold_extractions[:2]
    keep = {e.document.file for e in kept}
    files = stored_files(everything)
    assert set(files) == {e.document.file for e in gold_extractions}
    remove_graphs(everything, [g for name, known in files.items() if name not in keep
                               for g in known.graphs])
    assert set(everything) == set(build_store(kept))
