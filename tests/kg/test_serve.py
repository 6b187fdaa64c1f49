"""``gonghui serve``: real HTTP on loopback to the Oxigraph server behind gonghui's gate, asked
as curl would (urllib) and as a client library would (SPARQLWrapper)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import JSON, SPARQLWrapper

from gonghui.kg.saved_queries import load_query
from gonghui.kg.serve import Limits, free_port, serving
from gonghui.kg.store import open_graph, run_query

ROW_LIMIT = 40
PERSONS = "SELECT ?name WHERE { ?p a gh:Person ; skos:prefLabel ?name } ORDER BY ?name"
PREFIXED_PERSONS = ("PREFIX gh: <https://w3id.org/gonghui/ontology#>\n"
                    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + PERSONS)
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(sink_store: Path):
    with serving(sink_store, port=free_port(), limits=Limits(timeout=2, rows=ROW_LIMIT)) as url:
        yield url


def ask(url: str, query: str | None = None, accept: str = "application/sparql-results+json",
        method: str = "GET", data: bytes | None = None, content_type: str | None = None,
        path: str = "/query"):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    target = url.replace("/query", path)
    if query is not None and method == "GET":
        target += "?" + urllib.parse.urlencode({"query": query})
    elif query is not None:
        data = urllib.parse.urlencode({"query": query}).encode()
        content_type = "application/x-www-form-urlencoded"
    request = urllib.request.Request(target, data=data, method=method,
                                     headers={"Accept": accept,
                                              **({"Content-Type": content_type}
                                                 if content_type else {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def local_names(sink_store: Path) -> list[str]:
    return [row[0] for row in run_query(open_graph(sink_store), PERSONS).values()]


def test_serve_answers_json_like_the_local_query(endpoint: str, sink_store: Path) -> None:
    status, headers, body = ask(endpoint, PREFIXED_PERSONS)
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == local_names(sink_store) and "李小红" in names


def test_serve_sparqlwrapper_as_a_client_would(endpoint: str, sink_store: Path) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(PREFIXED_PERSONS)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == local_names(sink_store)


def test_serve_shipped_query_over_post_gives_the_local_rows(endpoint: str,
                                                           sink_store: Path) -> None:
    query = load_query("holds_position")
    status, _, body = ask(endpoint, query, accept="text/csv", method="POST")
    assert status == 200
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    local = run_query(open_graph(sink_store), query).values()
    assert rows[1:] == [["" if v is None else str(v) for v in row] for row in local]


@pytest.mark.parametrize("accept", ["text/tab-separated-values", "application/sparql-results+xml",
                                    "text/csv"])
def test_serve_negotiates_the_result_format(endpoint: str, sink_store: Path, accept: str) -> None:
    status, headers, body = ask(endpoint, PREFIXED_PERSONS, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    text = body.decode("utf-8")
    if accept.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        names = [e.text for e in ET.fromstring(body).iterfind(".//r:literal", ns)]
    elif accept.endswith("values"):  # TSV writes terms as Turtle does: read it with a parser
        names = [row["name"].value for row in ox.parse_query_results(
            body, format=ox.QueryResultsFormat.TSV)]
    else:
        names = [line.split(",")[0].strip('"') for line in text.splitlines()[1:]]
    assert names == local_names(sink_store)


def test_serve_construct_as_turtle(endpoint: str) -> None:
    query = ("PREFIX gh: <https://w3id.org/gonghui/ontology#>\n"
             "CONSTRUCT { ?p a gh:Person } WHERE { ?p a gh:Person }")
    status, headers, body = ask(endpoint, query, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert len(graph) == 4  # the kitchen sink's four people (two share a name)


def test_serve_cors(endpoint: str) -> None:
    status, headers, _ = ask(endpoint, method="OPTIONS")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    _, headers, _ = ask(endpoint, PREFIXED_PERSONS)
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_serve_result_limit(endpoint: str) -> None:
    status, headers, body = ask(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers["X-Gonghui-Truncated"] == str(ROW_LIMIT)
    assert len(json.loads(body)["results"]["bindings"]) == ROW_LIMIT


def test_serve_cartesian_query_stops_at_the_time_limit(endpoint: str) -> None:
    status, _, body = ask(endpoint, CARTESIAN_COUNT)
    assert status == 503 and b"time limit of 2 s" in body


@pytest.mark.parametrize(("how", "query"), [
    ("update", "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"),
    ("update", "LOAD <http://127.0.0.1:9/data.ttl>"),
    ("update-body", "DELETE WHERE { ?s ?p ?o }"),
    ("query", "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"),
])
def test_serve_updates_are_refused(endpoint: str, sink_store: Path, how: str, query: str) -> None:
    if how == "update":
        status, _, body = ask(endpoint, method="POST", path="/update",
                              data=urllib.parse.urlencode({"update": query}).encode(),
                              content_type="application/x-www-form-urlencoded")
    elif how == "update-body":
        status, _, body = ask(endpoint, method="POST", data=query.encode(),
                              content_type="application/sparql-update")
    else:
        status, _, body = ask(endpoint, query)
    assert status in (400, 403), body
    status, _, body = ask(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(
        run_query(open_graph(sink_store), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
                  ).values()[0][0])


def test_serve_service_is_refused_and_nothing_is_sent(endpoint: str, loopback_sink) -> None:
    url, received = loopback_sink
    status, _, body = ask(endpoint, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert status == 400 and b"SERVICE is refused" in body
    assert received == []


def test_serve_command_listens_on_loopback_and_stops_on_ctrl_c(terminal: dict,
                                                               sink_store: Path) -> None:
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "gonghui"), "serve",
                                str(sink_store), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               **terminal)
    try:
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in line
        status, _, body = ask(f"http://127.0.0.1:{port}/query", PREFIXED_PERSONS)
        assert status == 200 and "李小红" in body.decode("utf-8")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()


def test_serve_a_graph_file_through_a_temporary_store(sink_trig: Path, sink_store: Path) -> None:
    with serving(sink_trig, port=free_port()) as url:
        status, _, body = ask(url, PREFIXED_PERSONS)
    assert status == 200
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == local_names(sink_store)


def test_serve_bad_store_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "gonghui"), "serve", str(bad),
                             "--port", str(free_port())], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "bad.ttl" in result.stderr


def test_serve_port_taken_is_one_line(sink_trig: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(Path(sys.executable).parent / "gonghui"), "serve",
                                 str(sink_trig), "--port", str(port)], capture_output=True,
                                text=True, timeout=120, check=False)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "Address already in use" in result.stderr


def test_serve_oxigraph_ends_with_a_gonghui_killed_outright(sink_store: Path) -> None:
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "gonghui"), "serve",
                                str(sink_store), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    servers: list[int] = []
    try:
        assert f"http://127.0.0.1:{port}/query" in process.stdout.readline()
        servers = [int(pid) for task in Path(f"/proc/{process.pid}/task").glob("*/children")
                   for pid in task.read_text().split()]
        process.kill()
        process.wait()
        deadline = time.monotonic() + 60
        while not all(map(_gone, servers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert servers and all(map(_gone, servers))
    finally:
        for pid in servers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" in status.read_text()
    except FileNotFoundError:
        return True
