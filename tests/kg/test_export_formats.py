"""``gonghui export``: every format read back by another library (rdflib, networkx, csv), with a
few facts of the kitchen sink checked, and the entity graph's counts equal to the page legend's."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from gonghui.cli import app
from gonghui.kg.store import open_graph
from gonghui.viz.page import page_html
from gonghui.viz.views import whole_graph

SKOS_PREF = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
PERSON_甲县 = "https://w3id.org/gonghui/id/person/甲县/王一鸣"
ORG_甲县 = "https://w3id.org/gonghui/id/organization/甲县总工会"


def export(*args: object) -> bytes:
    result = CliRunner().invoke(app, ["export", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture(scope="module")
def snapshot(sink_trig: Path) -> rdflib.Dataset:
    return rdflib.Dataset().parse(sink_trig, format="trig")


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize(("fmt", "rdflib_format", "quads"), [
    ("ttl", "turtle", False), ("nt", "nt", False), ("rdfxml", "xml", False),
    ("trig", "trig", True), ("nq", "nquads", True), ("jsonld", "json-ld", True),
])
def test_export_rdf_formats_read_back_in_rdflib(sink_store: Path, snapshot: rdflib.Dataset,
                                               fmt: str, rdflib_format: str, quads: bool) -> None:
    data = export(sink_store, "--format", fmt).decode("utf-8")
    if quads:
        read = rdflib.Dataset().parse(data=data, format=rdflib_format)
        graphs = {str(g.identifier) for g in read.graphs() if len(g)}
        assert graphs == {str(g.identifier) for g in snapshot.graphs() if len(g)}
        read_union = union(read)
    else:
        read_union = rdflib.Graph().parse(data=data, format=rdflib_format)
    assert isomorphic(read_union, union(snapshot))
    name = rdflib.Literal("王一鸣", lang="zh")
    assert (rdflib.URIRef(PERSON_甲县), SKOS_PREF, name) in read_union


@pytest.mark.parametrize("fmt", ["trig", "ttl", "nq"])
def test_export_same_bytes_from_a_store_of_either_shape_and_from_a_file(
        sink_store: Path, sink_store_named_only: Path, sink_trig: Path, fmt: str) -> None:
    from_file = export(sink_trig, "--format", fmt)
    assert export(sink_store, "--format", fmt) == from_file
    assert export(sink_store_named_only, "--format", fmt) == from_file


@pytest.fixture(scope="module")
def legend(sink_store: Path) -> dict[str, int]:
    """What the page of the whole graph says it shows: node and edge totals, and per type."""
    html = page_html(whole_graph(open_graph(sink_store)))
    counts = {"nodes": int(re.search(r'data-shown-nodes="(\d+)"', html).group(1)),
              "edges": int(re.search(r'data-shown-edges="(\d+)"', html).group(1))}
    return counts


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_entity_graph_opens_in_networkx_with_the_legend_s_counts(
        sink_store: Path, legend: dict[str, int], fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"sink.{fmt}"
    export(sink_store, "--format", fmt, "-o", path)
    network = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert network.number_of_nodes() == legend["nodes"] > 10
    assert network.number_of_edges() == legend["edges"] > 10
    person = network.nodes[PERSON_甲县]
    assert person["label"] == person["name"] == "王一鸣"  # the label is what Gephi shows
    assert (person["type"], person["locality"]) == ("PERSON", "甲县")
    edges = [data for _, target, data in network.out_edges(PERSON_甲县, data=True)
             if target == ORG_甲县]
    assert [(e["relation"], e["post"], e["documents"]) for e in edges] == [
        ("HOLDS_POSITION", "主席", "ks_1.txt")]
    awards = {data["year"] for _, _, data in network.out_edges(PERSON_甲县, data=True)
              if data["relation"] == "RECEIVED_AWARD"}
    assert awards == {"2021"}


def test_export_csv_edge_list(sink_store: Path, legend: dict[str, int]) -> None:
    rows = list(csv.DictReader(io.StringIO(export(sink_store, "--format", "csv").decode())))
    assert len(rows) == legend["edges"]
    assert {"source_name": "王一鸣", "relation": "HOLDS_POSITION", "target_name": "乙市总工会",
            "post": "副主席"}.items() <= next(
        r for r in rows if r["post"] == "副主席").items()


def test_export_is_deterministic_and_atomic(sink_trig: Path, tmp_path: Path) -> None:
    first = export(sink_trig, "--format", "gexf")
    assert first == export(sink_trig, "--format", "gexf")
    out = tmp_path / "out.graphml"
    export(sink_trig, "--format", "graphml", "-o", out)
    assert out.read_bytes() and list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize(("args", "code", "message"), [
    (("{trig}", "--format", "dot"), 2, "unknown --format 'dot'"),
    (("{missing}", "--format", "ttl"), 4, "missing.ttl"),
])
def test_export_errors_are_one_line(sink_trig: Path, tmp_path: Path, args, code, message) -> None:
    values = {"trig": sink_trig, "missing": tmp_path / "missing.ttl"}
    result = CliRunner().invoke(app, ["export", *(a.format(**values) for a in args)])
    assert result.exit_code == code
    assert result.output.count("\n") == 1 and message in result.output
