"""``gonghui query`` through the one query layer: limits, streaming, Ctrl-C, SERVICE refused,
terminal escapes made harmless, store folders, predeclared prefixes, "did you mean".

The limit and Ctrl-C tests run the real command in a child process, as a user would: a signal
to a process and its exit code cannot be seen through an in-process runner.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from gonghui.cli import app
from gonghui.errors import QueryError
from gonghui.kg.limits import QueryTimeout, stream_query
from gonghui.kg.store import open_graph, refuse_service, run_query

GONGHUI = str(Path(sys.executable).parent / "gonghui")
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CARTESIAN_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HANG_GUARD = 120  # seconds: a hung command fails the test instead of the suite


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([GONGHUI, *map(str, args)], capture_output=True, text=True,
                          timeout=HANG_GUARD)


def read_lines(process: subprocess.Popen, count: int, timeout: float = HANG_GUARD) -> list[str]:
    """``count`` lines of the process's output, failing (not hanging) when they don't come."""
    import select

    data = b""
    while data.count(b"\n") < count:
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        assert ready, f"no output line within {timeout} s; got {data!r}"
        chunk = os.read(process.stdout.fileno(), 65536)
        assert chunk, f"output ended; got {data!r}"
        data += chunk
    return data.decode("utf-8").splitlines()[:count]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" in status.read_text()


# --- limits and streaming ---------------------------------------------------------------------


def test_query_cartesian_count_stops_at_its_time_limit(sink_trig: Path) -> None:
    result = run("query", sink_trig, CARTESIAN_COUNT, "--timeout", "1")
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "time limit of 1 s" in result.stderr
    assert "Traceback" not in result.stderr


def test_query_stream_time_limit_in_the_library(sink_store: Path) -> None:
    with pytest.raises(QueryTimeout, match="time limit"):
        list(stream_query(sink_store, CARTESIAN_COUNT, timeout=0.5).rows)


def test_query_first_rows_print_before_the_rest_exist_and_ctrl_c_stops(terminal: dict,
                                                                       sink_trig: Path) -> None:
    """A cartesian SELECT has some 10^10 rows: the first line arrives, so rows stream; then
    Ctrl-C ends the command and its worker at once, with exit 130 and one line."""
    process = subprocess.Popen([GONGHUI, "query", str(sink_trig), CARTESIAN_ROWS, "--format",
                                "csv", "--limit", "0", "--timeout", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               **terminal)
    try:
        assert process.stdout.readline().strip() == "a,b,c,d,e,f,g,h,i"
        assert process.stdout.readline().count(",") == 8  # a row, while the rest are unknown
        workers = children(process.pid)
        assert workers
        process.send_signal(signal.SIGINT)
        process.stdout.close()
        assert process.wait(timeout=HANG_GUARD) == 130
        assert process.stderr.read().strip() == "gonghui: error: interrupted"
        assert all(gone(pid) for pid in workers)
    finally:
        process.kill()
        process.wait()


def test_query_ctrl_c_during_a_count_that_prints_nothing(terminal: dict, sink_store: Path) -> None:
    process = subprocess.Popen([GONGHUI, "query", str(sink_store), CARTESIAN_COUNT,
                                "--timeout", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, **terminal)
    try:
        workers: list[int] = []
        while not workers and process.poll() is None:
            workers = children(process.pid)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=HANG_GUARD)
        assert process.returncode == 130 and err.strip() == "gonghui: error: interrupted"
        assert all(gone(pid) for pid in workers)
    finally:
        process.kill()
        process.wait()


def test_query_row_limit_cuts_and_says_so(sink_trig: Path) -> None:
    result = invoke("query", sink_trig, "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "3",
                    "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 3
    assert "row limit of 3" in result.stderr


# --- SERVICE never leaves the machine ---------------------------------------------------------


def test_query_service_would_reach_the_network_without_the_guard(loopback_sink) -> None:
    """The guard is what stops it: Oxigraph itself calls the endpoint named in SERVICE."""
    url, received = loopback_sink
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    assert received


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z . # a comment\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_query_service_is_refused_and_nothing_is_sent(sink_trig: Path, loopback_sink,
                                                     template: str) -> None:
    url, received = loopback_sink
    result = invoke("query", sink_trig, template.format(url=url))
    assert result.exit_code == 3
    assert result.output.count("\n") == 1 and "SERVICE is refused" in result.output
    assert received == []


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }',
    "SELECT ?x WHERE { BIND(<http://example.org/SERVICE> AS ?x) }",
    "SELECT ?x WHERE { BIND(1 AS ?x) } # SERVICE in a comment",
    "PREFIX service: <http://example.org/> SELECT ?x WHERE { ?x service:p ?y }",
])
def test_query_service_as_text_is_not_refused(query: str) -> None:
    refuse_service(query)  # no error


# --- what reaches the terminal ----------------------------------------------------------------


HOSTILE = "名\x1b[2J字\x1b]0;pwned\x07\x9b31m\u202e"


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.nt"
    literal = ox.Literal(HOSTILE)
    path.write_bytes(ox.serialize([ox.Triple(ox.NamedNode("https://example.org/x"),
                                             ox.NamedNode("https://example.org/name"), literal)],
                                  format=ox.RdfFormat.N_TRIPLES))
    return path


def test_query_table_never_sends_control_characters(hostile_graph: Path) -> None:
    result = invoke("query", hostile_graph, "SELECT ?name WHERE { ?x ?p ?name }")
    assert result.exit_code == 0
    assert "名" in result.stdout and "\\x1b[2J" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\x9b\u202e")


def test_query_json_escapes_control_characters_and_keeps_them(hostile_graph: Path) -> None:
    result = invoke("query", hostile_graph, "SELECT ?name WHERE { ?x ?p ?name }", "--format",
                    "json")
    assert not any(c in result.stdout for c in "\x1b\x07\x9b\u202e")
    assert json.loads(result.stdout) == [{"name": HOSTILE}]


# --- graphs, names, prefixes ------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["sink_store", "sink_store_named_only"])
def test_query_store_folder_gives_the_file_rows(request, sink_trig: Path, shape: str) -> None:
    store = request.getfixturevalue(shape)
    for name in ("holds_position", "received_award", "entities"):
        from_file = invoke("query", sink_trig, name, "--format", "json")
        from_store = invoke("query", store, name, "--format", "json")
        assert from_store.exit_code == 0, from_store.output
        assert json.loads(from_store.stdout) == json.loads(from_file.stdout) != []


def test_query_store_folder_is_opened_read_only(sink_store: Path) -> None:
    with pytest.raises((OSError, RuntimeError), match="read"):
        open_graph(sink_store).update("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_query_ontology_prefixes_are_declared(sink_trig: Path) -> None:
    result = invoke("query", sink_trig,
                    "SELECT ?name WHERE { ?p a gh:Person ; skos:prefLabel ?name } ORDER BY ?name",
                    "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "李小红" in result.stdout.splitlines()


def test_query_parameter_is_bound(sink_trig: Path) -> None:
    result = invoke("query", sink_trig, "holds_position", "-p", "person=王一鸣", "--format", "json")
    rows = json.loads(result.stdout)
    assert {row["person"] for row in rows} == {"王一鸣"} and len(rows) == 2


def _declared_parameters(name: str) -> list[str]:
    """The parameters a shipped query's header declares: ``# Bindings (...): year (integer), ...``."""
    from gonghui.kg.saved_queries import describe_query

    line = next(line for line in describe_query(name).splitlines() if line.startswith("Bindings"))
    return [item.split()[0] for item in line.split(":", 1)[1].split(",")]


@pytest.mark.parametrize("name", ["entities", "evidence", "holds_position",
                                  "programs_by_locality", "received_award", "runs_program"])
def test_query_each_declared_parameter_keeps_exactly_the_rows_holding_its_value(
        sink_store: Path, name: str) -> None:
    """Bound to a value a row shows, a parameter returns the rows whose column shows it: none
    with the column empty (an OPTIONAL column, bound by a join, let those through)."""
    from collections import Counter

    from gonghui.kg.saved_queries import load_query

    store = open_graph(sink_store)
    unbound = run_query(store, load_query(name))
    assert unbound.rows, name
    for parameter in _declared_parameters(name):
        column = unbound.variables.index(parameter)
        values = sorted({row[column].value for row in unbound.rows if row[column] is not None})
        assert values, f"{name}: no row shows a {parameter}"
        for value in values:
            bound = run_query(store, load_query(name), {parameter: value})
            expected = [row for row in unbound.rows
                        if row[column] is not None and row[column].value == value]
            assert Counter(bound.rows) == Counter(expected), (name, parameter, value)


SHIPPED = ["entities", "evidence", "holds_position", "programs_by_locality", "received_award",
           "runs_program"]


def _filter_only(query: str) -> str:
    """The query without its ``# Index:`` lines: every parameter bound by the FILTER alone."""
    return "\n".join(line for line in query.splitlines() if not line.startswith("# Index:"))


@pytest.mark.parametrize("values_start", [900, 0])
@pytest.mark.parametrize("name", SHIPPED)
def test_query_indexed_parameter_gives_the_rows_of_the_filter_alone(
        monkeypatch, sink_store: Path, name: str, values_start: int) -> None:
    """A parameter the header indexes is joined in at the start of the group (so Oxigraph reads
    it from its index) and gives exactly the rows the FILTER alone gives, its nodes looked up
    in the store first or its path walked from the value: for every value a row shows, a value
    no row shows, text that looks like an IRI and text with quotes, one parameter at a time and
    two at once. ``values_start`` 0: more nodes found than a VALUES block may start from, so
    the path's last step is looked up instead, or the path walked."""
    from collections import Counter

    monkeypatch.setattr("gonghui.kg.store._VALUES_START", values_start)

    from gonghui.kg.saved_queries import load_query
    from gonghui.kg.store import bind_parameters, index_declarations

    store = open_graph(sink_store)
    query = load_query(name)
    indexed = sorted(index_declarations(query))
    assert indexed, f"{name}: no parameter is indexed"
    unbound = run_query(store, query)
    seen: dict[str, list[str]] = {}
    for parameter in indexed:
        column = unbound.variables.index(parameter)
        seen[parameter] = sorted({row[column].value for row in unbound.rows
                                  if row[column] is not None})
        assert seen[parameter], f"{name}: no row shows a {parameter}"
        odd = ["无此名称", 'a "quoted" \\ name', "https://example.org/x"]
        for value in [*seen[parameter], *odd]:
            bindings = {parameter: value}
            walked = bind_parameters(query, bindings)  # without a store: paths walked
            assert "VALUES" in walked.split("WHERE", 1)[1][:400]
            expected = Counter(run_query(store, _filter_only(query), bindings).rows)
            assert Counter(run_query(store, query, bindings).rows) == expected, (
                name, parameter, value)
            assert Counter(run_query(store, walked).rows) == expected, (name, parameter, value)
    first, *rest = indexed
    for other in rest:
        for a in seen[first]:
            for b in seen[other]:
                bindings = {first: a, other: b}
                assert Counter(run_query(store, query, bindings).rows) == Counter(
                    run_query(store, _filter_only(query), bindings).rows), (name, bindings)


def test_query_indexed_iri_parameter_matches_the_node() -> None:
    """``evidence -p node=IRI``: the text of an IRI is looked up as the IRI."""
    from gonghui.kg.saved_queries import load_query

    store = _many_evidence_store()
    node = run_query(store, load_query("evidence"), {"name": "戊市总工会"}).rows[0][0]
    assert node is not None and node.kind == "iri"
    rows = run_query(store, load_query("evidence"), {"node": node.value}).rows
    assert [row[1].value for row in rows] == ["戊市总工会"]
    assert rows == run_query(store, _filter_only(load_query("evidence")), {"node": node.value}).rows


def test_query_index_declarations_name_declared_parameters_and_query_variables() -> None:
    from gonghui.kg.saved_queries import load_query
    from gonghui.kg.store import index_declarations

    for name in SHIPPED:
        query = load_query(name)
        for parameter, (variable, _path, _walk) in index_declarations(query).items():
            assert parameter in _declared_parameters(name), (name, parameter)
            assert f"?{variable} " in query or f"?{variable}\n" in query, (name, variable)


@pytest.mark.parametrize("line", ["# Index: name", "# Index: name=label", "# Index: name=?x y z",
                                  "# Index: name=?x skos:prefLabel walk"])
def test_query_malformed_index_line_is_a_query_error(line: str) -> None:
    from gonghui.kg.store import bind_parameters

    with pytest.raises(QueryError, match="Index"):
        bind_parameters(f"{line}\nSELECT ?name WHERE {{ ?s ?p ?name }}", {"name": "x"})


def test_query_labels_are_looked_up_in_the_language_the_build_writes() -> None:
    from gonghui.kg.build import LANG
    from gonghui.kg.store import LABEL_LANGUAGE

    assert LABEL_LANGUAGE == LANG


def test_query_command_imports_no_rdflib_nor_nlp(sink_store: Path) -> None:
    """``gonghui query`` starts without rdflib, spaCy, pyvis or networkx (most of its start-up
    was rdflib's import); the worker it forks inherits the parent's modules."""
    script = ("import sys\n"
              "from gonghui.cli import app\n"
              f"sys.argv = ['gonghui', 'query', {str(sink_store)!r}, 'holds_position',\n"
              "            '-p', 'person=王一鸣', '--format', 'csv']\n"
              "try:\n    app()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
              "heavy = sorted({m.split('.')[0] for m in sys.modules} &\n"
              "               {'rdflib', 'spacy', 'pyvis', 'networkx', 'pyshacl', 'numpy'})\n"
              "print('heavy:', heavy, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=HANG_GUARD)
    assert result.returncode == 0, result.stderr
    assert "王一鸣" in result.stdout
    assert "heavy: []" in result.stderr


def _full_rows(store_path: Path, name: str) -> list[dict]:
    from gonghui.kg.saved_queries import load_query

    return run_query(open_graph(store_path), load_query(name)).as_dicts()


@pytest.mark.parametrize("name", ["holds_position", "received_award", "runs_program"])
def test_query_shipped_listing_unbound_shows_its_first_rows_and_says_there_are_more(
        monkeypatch, sink_store: Path, name: str) -> None:
    """Nothing bound, no --limit: the first rows found (a sort would read every row first),
    sorted among themselves, and one line that says more exist and how to get them."""
    monkeypatch.setattr("gonghui.cli.PREVIEW_ROWS", 2)
    result = invoke("query", sink_store, name, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    full = _full_rows(sink_store, name)
    assert len(full) > 2 and len(rows) == 2
    assert all(row in full for row in rows)
    assert [full.index(row) for row in rows] == sorted(full.index(row) for row in rows)
    assert "2 rows of more (the first found, sorted among themselves)" in result.output
    assert "--limit 0" in result.output
    everything = invoke("query", sink_store, name, "--format", "json", "--limit", "0")
    assert json.loads(everything.stdout) == full and "more" not in everything.output


@pytest.mark.parametrize("name", SHIPPED)
def test_query_shipped_listing_that_fits_the_preview_is_whole_and_in_order(
        sink_store: Path, name: str) -> None:
    result = invoke("query", sink_store, name, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == _full_rows(sink_store, name)
    assert "more" not in result.output


def test_query_grouped_listing_preview_is_the_first_rows_in_order(monkeypatch,
                                                                   sink_store: Path) -> None:
    monkeypatch.setattr("gonghui.cli.PREVIEW_ROWS", 3)
    result = invoke("query", sink_store, "entities", "--format", "json")
    assert json.loads(result.stdout) == _full_rows(sink_store, "entities")[:3]
    assert "3 rows of more (the first in order)" in result.output


def test_query_bound_shipped_query_is_previewed_after_its_binding(monkeypatch,
                                                                  sink_store: Path) -> None:
    """A bound query is cut after the binding: its first rows are bound rows (cut first, the
    FILTER would have run over the first unbound rows), and the whole answer when it fits."""
    from gonghui.kg.saved_queries import load_query

    bound = run_query(open_graph(sink_store), load_query("holds_position"),
                      {"person": "王一鸣"}).as_dicts()
    assert len(bound) == 2
    whole = invoke("query", sink_store, "holds_position", "-p", "person=王一鸣", "--format", "json")
    assert json.loads(whole.stdout) == bound and "more" not in whole.output
    monkeypatch.setattr("gonghui.cli.PREVIEW_ROWS", 1)
    cut = invoke("query", sink_store, "holds_position", "-p", "person=王一鸣", "--format", "json")
    assert json.loads(cut.stdout)[0] in bound and len(json.loads(cut.stdout)) == 1
    assert "1 rows of more" in cut.output


def test_query_user_query_is_not_cut_to_a_preview(monkeypatch, sink_store: Path) -> None:
    monkeypatch.setattr("gonghui.cli.PREVIEW_ROWS", 1)
    mine = invoke("query", sink_store, "SELECT ?s WHERE { ?s a gh:Person }", "--format", "json")
    assert len(json.loads(mine.stdout)) > 1 and "more" not in mine.output


def test_query_own_limit_reached_is_said(sink_store: Path) -> None:
    result = invoke("query", sink_store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4
    assert "stopped at the query's own LIMIT of 3 rows; there may be more" in result.output


def test_query_year_bound_from_the_command_line_leaves_out_years_unknown(sink_store: Path) -> None:
    everything = json.loads(invoke("query", sink_store, "received_award", "--format", "json").stdout)
    assert {row["year"] for row in everything} == {None, 2021}  # the sink has both
    result = invoke("query", sink_store, "received_award", "-p", "year=2021", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {row["year"] for row in rows} == {2021}
    assert rows == [row for row in everything if row["year"] == 2021]


def test_query_org_bound_leaves_out_posts_without_an_org(sink_store: Path) -> None:
    store = open_graph(sink_store)
    from gonghui.kg.saved_queries import load_query

    everything = run_query(store, load_query("holds_position")).as_dicts()
    assert any(row["org"] is None for row in everything)
    rows = run_query(store, load_query("holds_position"), {"org": "甲县总工会"}).as_dicts()
    assert rows and {row["org"] for row in rows} == {"甲县总工会"}


def test_query_year_bound_as_a_number_or_a_term(sink_store: Path) -> None:
    from rdflib import XSD, Literal

    from gonghui.kg.saved_queries import load_query

    store = open_graph(sink_store)
    as_text = run_query(store, load_query("received_award"), {"year": "2021"}).rows
    assert as_text
    assert run_query(store, load_query("received_award"), {"year": 2021}).rows == as_text
    assert run_query(store, load_query("received_award"),
                     {"year": Literal("2021", datatype=XSD.integer)}).rows == as_text
    assert not run_query(store, load_query("received_award"), {"year": 1999}).rows


@pytest.mark.parametrize(("parameter", "message"), [
    ("yaer=2021", "the query has no ?yaer"),
    ("documents=1", "?documents is computed by the SELECT clause"),
])
def test_query_parameter_the_query_cannot_take_is_one_line(sink_store: Path, parameter: str,
                                                           message: str) -> None:
    query = "entities" if parameter.startswith("documents") else "received_award"
    result = invoke("query", sink_store, query, "-p", parameter)
    assert result.exit_code == 3
    assert result.output.count("\n") == 1 and message in result.output


def test_query_parameter_of_a_query_without_where_and_with_braces_in_text(
        sink_store: Path) -> None:
    store = open_graph(sink_store)
    query = ('SELECT ?name { ?p a gh:Person ; skos:prefLabel ?label . '
             'BIND(STR(?label) AS ?name) FILTER(?label != "}") }  # a closing } in a comment')
    rows = run_query(store, query, {"name": "李小红"}).values()
    assert rows == [("李小红",)]


def _many_evidence_store() -> ox.Store:
    """Invented: an article naming one union 1,050 times and another union once."""
    from gonghui.kg.build import build_store
    from gonghui.records import Document, Entity, EntityType, Evidence, Extraction

    sentence = "丁县总工会开展活动。"
    text = sentence * 1050 + "戊市总工会举办比赛。"
    many = tuple(Evidence("n.txt", 10 * i, 10 * i + 5, sentence) for i in range(1050))
    once = (Evidence("n.txt", 10 * 1050, 10 * 1050 + 5, "戊市总工会举办比赛。"),)
    record = Extraction(
        document=Document(id="n.txt", file="n.txt", text=text, offsets=tuple(range(len(text)))),
        locality=None,
        entities=(Entity(EntityType.ORG, "丁县总工会", evidence=many),
                  Entity(EntityType.ORG, "戊市总工会", evidence=once)),
        relations=())
    return build_store([record])


def test_query_evidence_unbound_gives_the_first_thousand_rows_bound_gives_all() -> None:
    from gonghui.kg.saved_queries import load_query

    store = _many_evidence_store()
    assert len(run_query(store, load_query("evidence")).rows) == 1000
    rows = run_query(store, load_query("evidence"), {"name": "戊市总工会"}).as_dicts()
    assert [(r["name"], r["start"], r["sentence"]) for r in rows] == [
        ("戊市总工会", 10500, "戊市总工会举办比赛。")]


@pytest.mark.parametrize(("typed", "suggested"), [("holds_postion", "holds_position"),
                                                  ("recieved_award", "received_award")])
def test_query_mistyped_name_suggests_the_shipped_one(sink_trig: Path, typed: str,
                                                      suggested: str) -> None:
    result = invoke("query", sink_trig, typed)
    assert result.exit_code == 3
    assert result.output.count("\n") == 1
    assert f"no shipped query '{typed}' (did you mean {suggested}?)" in result.output


def test_query_ask_and_construct_print_rows(sink_trig: Path) -> None:
    ask = invoke("query", sink_trig, "ASK { ?p a gh:Person }", "--format", "json")
    assert json.loads(ask.stdout) == [{"ask": True}]
    construct = invoke("query", sink_trig,
                       "CONSTRUCT { ?p a gh:Person } WHERE { ?p a gh:Person }", "--format", "json")
    assert {row["predicate"] for row in json.loads(construct.stdout)} == {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}


def test_query_layer_errors_are_query_errors(sink_trig: Path) -> None:
    with pytest.raises(QueryError, match="^x.rq: malformed SPARQL"):
        run_query(open_graph(sink_trig), "SELECT ?s WHERE {", name="x.rq")


def test_query_piped_into_a_closed_reader_exits_quietly(sink_trig: Path) -> None:
    result = subprocess.run(f"{GONGHUI} query {sink_trig} '{CARTESIAN_ROWS}' --limit 0 "
                            f"--format csv | head -n 2", shell=True, capture_output=True,
                            text=True, timeout=HANG_GUARD, env={**os.environ})
    assert len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr


def test_query_draw_reads_a_store_folder(sink_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "focus.html"
    result = invoke("draw", sink_store, "-o", page, "--focus", "甲县总工会")
    assert result.exit_code == 0, result.output
    assert "甲县总工会" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["query", "serve", "push", "export"])
def test_query_service_commands_have_help_and_a_readme_row(command: str) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    result = invoke(command, "--help")
    assert result.exit_code == 0 and len(result.output) > 300
    assert f"| `gonghui {command} " in readme


# One row at once, then a scan that finds nothing for some 10^12 steps.
ROW_THEN_STALL = ('SELECT ?x WHERE { { BIND(1 AS ?x) } UNION { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . '
                  '?j ?k ?l . FILTER(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l)) = "never") '
                  'BIND(2 AS ?x) } }')


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_query_a_row_found_before_a_stall_prints_at_once(terminal: dict,
                                                         sink_trig: Path, fmt: str) -> None:
    """The worker sends what it found every 50 ms, not when the next row comes; a table takes
    its widths from the rows that came first, not from 50 rows that may never come."""
    process = subprocess.Popen([GONGHUI, "query", str(sink_trig), ROW_THEN_STALL, "--format",
                                fmt, "--timeout", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, **terminal)
    try:
        lines = read_lines(process, 3 if fmt == "table" else 2, timeout=30)
        assert lines[-1].strip() == "1"
        assert process.poll() is None  # still scanning: the row came before the end
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=HANG_GUARD) == 130
    finally:
        process.kill()
        process.wait()


def test_query_worker_ends_with_a_parent_killed_outright(sink_store: Path) -> None:
    """SIGKILL leaves the parent no chance to stop its worker; the kernel must, or an orphaned
    cartesian query runs on without its time limit."""
    process = subprocess.Popen([GONGHUI, "query", str(sink_store), CARTESIAN_COUNT,
                                "--timeout", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        while not workers and process.poll() is None:
            workers = children(process.pid)
        process.kill()
        process.wait()
        deadline = time.monotonic() + HANG_GUARD
        while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers and all(gone(pid) for pid in workers)
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
