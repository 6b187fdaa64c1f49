"""The commands a user runs, end to end: real files in, real graph files out, real SPARQL."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from gonghui.cli import app
from gonghui.kg.saved_queries import list_queries

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def ask(graph_file: Path, sparql: str) -> list[dict]:
    result = invoke("query", graph_file, sparql, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_cli_build_writes_turtle_trig_and_page(built: Path) -> None:
    for name in ("gonghui.ttl", "gonghui.trig", "gonghui.html"):
        assert (built / name).stat().st_size > 1000
    assert not list(built.glob(".*.tmp"))  # no temp file left behind


def test_cli_build_writes_the_store_the_files_are_read_from(built: Path) -> None:
    store = ox.Store.read_only(str(built / "gonghui.oxigraph"))
    trig = ox.Store()
    trig.load(path=str(built / "gonghui.trig"), format=ox.RdfFormat.TRIG)
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert named == set(trig) and len(named) > 1000
    # The default graph is the union of the articles' graphs, each statement once.
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in named}
    default = {ox.Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == union
    assert not list(built.glob(".gonghui.oxigraph*"))  # the staging folder is gone


def test_cli_build_turtle_loads_in_rdflib_and_oxigraph(built: Path) -> None:
    graph = rdflib.Graph().parse(built / "gonghui.ttl", format="turtle")
    store = ox.Store()
    store.load(path=str(built / "gonghui.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(graph) == len(store) > 1000


PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX gh: <https://w3id.org/gonghui/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


@pytest.mark.parametrize(("query_name", "columns", "expected"), [
    # facts a reader of the seeds can check in the text
    ("holds_position", ("person", "post", "org"), ("姜敏", "主席", "海门市总工会")),
    ("holds_position", ("person", "post", "org"), ("高洪军", "组织部长", "海门市委")),
    ("runs_program", ("org", "program"), ("射阳县总工会", "金秋助学")),
    ("received_award", ("recipient", "award"), ("海门市总工会", "全国工会财务工作先进单位")),
])
def test_cli_build_facts_through_shipped_queries(built: Path, query_name, columns, expected) -> None:
    rows = ask(built / "gonghui.ttl", query_name)
    assert expected in {tuple(str(row.get(c)) for c in columns) for row in rows}


def test_cli_build_short_forms_resolved_in_graph(built: Path) -> None:
    rows = ask(built / "gonghui.ttl", PREFIXES + """
        SELECT ?alias WHERE { ?o a gh:Organization ; skos:prefLabel "射阳县总工会"@zh ;
                                 skos:altLabel ?alias }""")
    assert "县总工会" in {row["alias"] for row in rows}


@pytest.mark.parametrize("name", list_queries())
def test_cli_query_every_shipped_query_returns_rows(built: Path, name: str) -> None:
    assert ask(built / "gonghui.trig", name)


def test_cli_query_csv_and_table(built: Path) -> None:
    csv_out = invoke("query", built / "gonghui.ttl", "runs_program", "--format", "csv")
    assert csv_out.exit_code == 0 and csv_out.output.splitlines()[0].startswith("org")
    table = invoke("query", built / "gonghui.ttl", "runs_program")
    assert table.exit_code == 0 and "射阳县总工会" in table.output


def test_cli_page_loads_nothing_from_the_network(built: Path) -> None:
    html = (built / "gonghui.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_cli_draw_focus(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    result = invoke("draw", built / "gonghui.ttl", "-o", out, "--focus", "县总工会")
    assert result.exit_code == 0, result.output
    assert "射阳县总工会" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("query", "{graph}", "SELEC nothing"), 3, "malformed SPARQL"),
    (("query", "{missing}", "runs_program"), 4, "missing.ttl"),
    (("draw", "{graph}", "--focus", "没有这个名字", "-o", "{out}"), 1, "没有这个名字"),
    (("query", "{graph}", "--file", "{missing}"), 2, "missing.ttl"),
])
def test_cli_errors_are_one_line(built: Path, tmp_path: Path, args, code, message) -> None:
    values = {"graph": built / "gonghui.ttl", "missing": tmp_path / "missing.ttl",
              "out": tmp_path / "page.html"}
    result = invoke(*(a.format(**values) for a in args))
    assert result.exit_code == code
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "page.html").exists()


@pytest.fixture
def mixed_folder(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("富顺县总工会深入开展“技能强县”竞赛活动。县总工会主席王建国讲话。",
                                     encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "broken.txt").write_bytes(b"\x80\x81\xfa\xfb\xfc\xfd" * 50)  # no BOM, no encoding
    return folder


def test_cli_extract_bad_files_reported_others_go_through(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    result = invoke("extract", mixed_folder, "--jsonl", out)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("gonghui: error:")]
    assert {name for name in ("empty.txt", "binary.txt", "broken.txt")
            if any(name in line for line in errors)} == {"empty.txt", "binary.txt", "broken.txt"}
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["document"] for r in records] == ["good.txt"]
    assert {"type": "RUNS_PROGRAM", "org": "富顺县总工会", "program": "技能强县竞赛活动"} in records[0]["relations"]


def test_cli_extract_nothing_readable_writes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("extract", tmp_path / "empty.txt", "--jsonl", out)
    assert result.exit_code == 2 and "empty.txt" in result.output
    assert not out.exists()


def test_cli_every_command_has_help_and_is_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in ("build", "extract", "query", "draw"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and len(result.output) > 200
        assert f"gonghui {command}" in readme


def test_cli_version_from_the_script_and_python_m() -> None:
    from gonghui import __version__

    result = invoke("--version")
    assert result.exit_code == 0 and result.output == f"gonghui {__version__}\n"
    module = subprocess.run([sys.executable, "-m", "gonghui", "--version"], capture_output=True,
                            text=True, check=False)
    assert module.returncode == 0 and module.stdout == f"gonghui {__version__}\n", module.stderr


def test_cli_build_checks_the_shapes_before_writing(tmp_path: Path, seeds_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build is validated: shapes the graph breaks stop it with exit 4 and no output."""
    from gonghui.kg import validate
    from gonghui.resources import ontology_dir

    strict = tmp_path / "strict.ttl"
    strict.write_text((ontology_dir() / "shapes.ttl").read_text(encoding="utf-8") + """
ghs:TwoSourcesShape a sh:NodeShape ;
    sh:targetClass oa:SpecificResource ;
    sh:property [ sh:path oa:hasSource ; sh:minCount 2 ] .
""", encoding="utf-8")
    monkeypatch.setattr(validate, "shapes_path", lambda: strict)
    out = tmp_path / "out"
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    result = invoke("build", seed, "--out", out, "--model", "none")
    assert result.exit_code == 4, result.output
    assert "the built graph" in result.output and "SHACL violation" in result.output
    assert not out.exists() or not any(out.iterdir())
    unchecked = tmp_path / "unchecked"
    assert invoke("build", seed, "--out", unchecked, "--model", "none",
                  "--no-validate").exit_code == 0


def _legend_counts(html: str, kind: str) -> dict[str, int]:
    rows = re.findall(rf'data-{kind}="([A-Z_]+)">.*?<span class="count">(\d+)</span>', html, re.S)
    return {name: int(count) for name, count in rows if int(count)}


def _summary_counts(output: str, heading: str) -> dict[str, int]:
    line = next(line for line in output.splitlines() if line.startswith(heading))
    return {name: int(count.replace(",", ""))
            for name, count in re.findall(r"([A-Z_]+) ([\d,]+)", line)}


def test_cli_build_summary_says_what_it_counts(tmp_path: Path) -> None:
    """One person named in two articles: two records (one per article), one node on the page;
    the summary's page counts are the legend's, and the hidden unconnected nodes are counted."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("富顺县总工会召开全委会议，富顺县总工会主席韩丽萍出席并讲话。会议学习了《富顺县职工权益保障办法》。", encoding="utf-8")
    (news / "b.txt").write_text("富顺县总工会主席韩丽萍走访慰问困难职工，富顺县总工会开展“金秋助学”活动。",
                                encoding="utf-8")
    result = invoke("build", news, "--out", tmp_path / "graphs", "--model", "none")
    assert result.exit_code == 0, result.output
    found = _summary_counts(result.output, "entities:")
    page = _summary_counts(result.output, "page:")
    assert "(found per article)" in result.output and "one per entity" in result.output
    assert found["PERSON"] == 2 and page["PERSON"] == 1
    html = (tmp_path / "graphs" / "gonghui.html").read_text(encoding="utf-8")
    assert page == _legend_counts(html, "type")
    assert _summary_counts(result.output, "edges:") == _legend_counts(html, "relation")
    data = json.loads(re.search(r'id="gonghui-data">(.*?)</script>', html, re.S).group(1))
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    unlinked = [n["id"] for n in data["nodes"] if n["id"] not in linked]
    assert sorted(unlinked) == data["isolated"] and unlinked  # the 《…办法》 has no edge
    assert f"{len(unlinked)} nodes without an edge are hidden" in result.output


def test_cli_extract_with_own_gazetteers(tmp_path: Path) -> None:
    """--gazetteers runs the pipeline on another folder of gazetteer files: a program only it
    knows is found; a folder that is not there is a one-line error, exit 5."""
    import shutil

    from gonghui.resources import gazetteer_dir

    own = tmp_path / "gazetteers"
    shutil.copytree(gazetteer_dir(), own)
    with (own / "programs.tsv").open("a", encoding="utf-8") as out:
        out.write("青禾暖心\n")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("富顺县总工会开展青禾暖心，为困难职工送去慰问金。",
                                             encoding="utf-8")

    def programs(*extra: object) -> set[str]:
        out = tmp_path / "out.jsonl"
        result = invoke("extract", tmp_path / "news", "--jsonl", out, "--model", "none", *extra)
        assert result.exit_code == 0, result.output
        (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return {e["name"] for e in record["entities"] if e["type"] == "PROGRAM"}

    assert "青禾暖心" in programs("--gazetteers", own)
    assert "青禾暖心" not in programs()
    result = invoke("extract", tmp_path / "news", "--jsonl", tmp_path / "x.jsonl",
                    "--gazetteers", tmp_path / "nowhere")
    assert result.exit_code == 5
    assert result.output.strip().splitlines() == [
        f"gonghui: error: {tmp_path / 'nowhere'}: no gazetteer directory there"]
