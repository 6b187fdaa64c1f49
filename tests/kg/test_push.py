"""``gonghui push``: each article's named graph PUT to a real Oxigraph server on loopback; the
server then answers the shipped queries with the rows ``gonghui query`` gives on the local store,
and a second push changes nothing."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gonghui.cli import app
from gonghui.kg.saved_queries import list_queries, load_query

QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def remote(base: str, query: str, accept: str = "text/csv") -> str:
    request = urllib.request.Request(
        f"{base}/query", data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode("utf-8")


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def remote_quads(base: str) -> int:
    return int(rows(remote(base, QUADS))[1][0])


def test_push_then_the_remote_answers_like_the_local_store(sink_store: Path,
                                                           oxigraph_server: str) -> None:
    result = invoke("push", sink_store, f"{oxigraph_server}/store")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pushed 3 graphs (")
    answers = {}
    for name in list_queries():
        local = invoke("query", sink_store, name, "--format", "csv", "--limit", "0")
        assert local.exit_code == 0, local.output
        answers[name] = rows(remote(oxigraph_server, load_query(name)))
        assert answers[name] == rows(local.stdout), name
        assert len(answers[name]) > 1, name
    quads = remote_quads(oxigraph_server)

    again = invoke("push", sink_store, f"{oxigraph_server}/store")
    assert again.exit_code == 0 and again.output == result.output
    assert remote_quads(oxigraph_server) == quads  # replaced, not duplicated
    for name in list_queries():
        assert rows(remote(oxigraph_server, load_query(name))) == answers[name]


def test_push_graph_names_are_the_articles(sink_trig: Path, oxigraph_server: str) -> None:
    assert invoke("push", sink_trig, f"{oxigraph_server}/store").exit_code == 0
    names = json.loads(remote(oxigraph_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }",
                              "application/sparql-results+json"))["results"]["bindings"]
    assert sorted(b["g"]["value"].rsplit("/", 1)[-1] for b in names) == [
        "ks_1.txt", "ks_2.txt", "ks_3.txt"]


@pytest.mark.parametrize(("target", "message"), [
    ("http://127.0.0.1:9/store", "cannot reach the store"),
    ("ftp://example.org/store", "not an http(s) URL"),
])
def test_push_errors_are_one_line(sink_trig: Path, target: str, message: str) -> None:
    result = invoke("push", sink_trig, target)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and message in result.output


def test_push_to_a_read_only_server_is_refused_in_one_line(sink_trig: Path,
                                                           sink_store: Path) -> None:
    from gonghui.kg.serve import free_port, serving

    with serving(sink_store, port=free_port()) as url:
        result = invoke("push", sink_trig, url.replace("/query", "/store"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "refused: HTTP" in result.output
