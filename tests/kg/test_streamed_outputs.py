"""The SHACL check and the TriG made while a graph is written (kg.validate.StreamedCheck,
kg.export.TrigBlocks), against the same made from the finished store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import ORG, RDF, SKOS

from gonghui.errors import GraphError
from gonghui.kg import export
from gonghui.kg.build import ArticleStatements, StoreWriter
from gonghui.kg.gold import read_gold_files
from gonghui.kg.namespace import GH
from gonghui.kg.validate import ARTICLE_CLASSES, StreamedCheck, check_store

SINK = Path(__file__).resolve().parent / "data" / "kitchen_sink"
ROLE = "https://w3id.org/gonghui/id/role/%E6%B5%8B%E8%AF%95"


@pytest.fixture(scope="module")
def records() -> list:
    return list(read_gold_files(sorted(SINK.glob("*.json")), SINK))


def written(records: list, folder: Path, batch_statements: int, *listeners) -> ox.Store:
    """The records written as ``gonghui build`` writes them, in batches of about
    ``batch_statements`` quads, each batch handed to ``listeners``."""
    store = ox.Store(str(folder / "store"))
    writer = StoreWriter(store, bulk=True, batch_statements=batch_statements,
                         listeners=listeners)
    for record in records:
        writer.add(record)
    writer.flush()
    return store


def _without_evidence(record):
    """The record with its relations' spans dropped: each fact is then a SHACL warning."""
    return dataclasses.replace(record, relations=tuple(
        dataclasses.replace(relation, evidence=()) for relation in record.relations))


def test_streamed_check_counts_what_the_whole_store_check_counts(records, tmp_path) -> None:
    checked = StreamedCheck("the test graph")
    batches: list[int] = []
    records = [records[0], *map(_without_evidence, records[1:])]
    store = written(records, tmp_path, 100, checked, lambda batch: batches.append(len(batch)))
    assert len(batches) == len(records) > 2  # a batch an article, so the per-batch sums are put to the test
    streamed, whole = checked.finish(store), check_store(store, source="the test graph")
    assert (streamed.violations, streamed.warnings) == (whole.violations, whole.warnings)
    assert whole.warnings > 0  # the sink has facts without located spans: the counts mean something
    assert sorted(streamed.text.splitlines()) == sorted(whole.text.splitlines())


def _article(graph: str, *statements: str) -> ArticleStatements:
    return ArticleStatements(graph, statements)


def _load(store: ox.Store, *articles: ArticleStatements) -> None:
    for article in articles:
        named = "".join(f"{s} <{article.graph}> .\n" for s in article.statements)
        store.load((named + article.ntriples).encode(), format=ox.RdfFormat.N_QUADS)


def test_streamed_check_raises_on_a_batch_without_names() -> None:
    checked = StreamedCheck("the test graph")
    with pytest.raises(GraphError, match=r"^the test graph: \d+ SHACL violation"):
        checked([_article("urn:doc:1", f"<urn:person:1> <{RDF.type}> <{GH.Person}>")])


def test_streamed_check_finds_what_only_the_union_breaks() -> None:
    """Two articles each name one role once, with two different names: each batch keeps
    "one prefLabel", their union does not."""
    role = f"<{ROLE}> <{RDF.type}> <{ORG.Role}>"
    first = _article("urn:doc:1", role, f'<{ROLE}> <{SKOS.prefLabel}> "测试"@zh')
    second = _article("urn:doc:2", role, f'<{ROLE}> <{SKOS.prefLabel}> "试验"@zh')
    checked, store = StreamedCheck("the test graph"), ox.Store()
    for article in (first, second):
        _load(store, article)
        checked([article])  # each alone conforms
    with pytest.raises(GraphError, match="the test graph: 1 SHACL violation"):
        checked.finish(store)


def test_article_classes_are_described_in_their_article_graph_alone(records, tmp_path) -> None:
    """What lets StreamedCheck leave their shapes to the batches: no node of these classes is
    typed in two articles' graphs."""
    store = written(records, tmp_path, 10_000)
    for cls in sorted(ARTICLE_CLASSES):
        assert store.query(f"ASK {{ GRAPH ?g {{ ?n a <{cls}> }} }}"), cls
        shared = store.query(f"ASK {{ GRAPH ?g {{ ?n a <{cls}> }} GRAPH ?h {{ ?n a <{cls}> }} "
                             "FILTER(?g != ?h) }")
        assert not shared, f"a {cls} node is described by two articles"


def test_trig_blocks_are_the_bytes_of_the_store_export(records, tmp_path) -> None:
    """The TriG written batch by batch equals the TriG dumped from the finished store, also
    when one article's graph came in two batches."""
    blocks = export.TrigBlocks(tmp_path / "blocks")
    twice = records[0]
    store = written([*records, twice], tmp_path, 400, blocks)
    streamed = blocks.write(store, tmp_path / "streamed.trig").read_bytes()
    assert not (tmp_path / "blocks").exists()  # the scratch file goes
    dumped = export.write(store, tmp_path / "dumped.trig", on_disk=True).read_bytes()
    assert streamed == dumped
    assert streamed.count(b"> {\n") == len({r.document.id for r in records})


def test_trig_blocks_of_an_add_come_from_the_file_it_replaces(records, tmp_path) -> None:
    """An add serializes its new articles only: the others' blocks are copied from the previous
    TriG as they stand there (a marked block shows it), unless the prefixes changed."""
    store = written(records, tmp_path, 10_000)
    previous = export.write(store, tmp_path / "previous.trig", on_disk=True)
    text = previous.read_bytes()
    first = text.index(b"> {\n") + len(b"> {\n")
    marked = text[:first] + b"# kept\n" + text[first:]
    previous.write_bytes(marked)
    blocks = export.TrigBlocks(tmp_path / "blocks")
    blocks.keep_previous(previous)
    assert blocks.write(store, tmp_path / "next.trig").read_bytes() == marked
    other = tmp_path / "other-prefixes.trig"
    other.write_bytes(b"@prefix x: <urn:x:> .\n" + marked)
    blocks = export.TrigBlocks(tmp_path / "blocks")
    blocks.keep_previous(other)
    assert blocks.write(store, tmp_path / "next.trig").read_bytes() == text
