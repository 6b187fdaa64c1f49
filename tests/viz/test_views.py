"""Views: built through the named queries, the same on rdflib and Oxigraph, cut as asked.

The small graph is built by the kg builder from hand-made records (two articles of one
county); the gold files give a larger, realistic graph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from gonghui.errors import QueryError
from gonghui.kg.namespace import GH, PREFIXES
from gonghui.records import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    HoldsPosition,
    ReceivedAward,
    RunsProgram,
)
from gonghui.kg import build, export
from gonghui.viz import views
from gonghui.viz.model import PageEvidence
from gonghui.viz.page import page_html
from gonghui.kg.saved_queries import list_view_queries, load_query
from gonghui.kg.store import bind_parameters, select
from gonghui.viz.views import ViewError


TEXT_A = "王建国当选某县总工会主席。王建国荣获2021年全国五一劳动奖章。县总工会开展金秋助学。"
TEXT_B = "李秀英任某县总工会副主席。县总工会开展送温暖活动，落实《某县职工权益保障办法》。"


def _evidence(document: str, text: str, sentence_no: int) -> tuple[Evidence, ...]:
    sentences = [s + "。" for s in text.split("。") if s]
    start = sum(len(s) for s in sentences[:sentence_no])
    sentence = sentences[sentence_no]
    return (Evidence(document, start, start + len(sentence), sentence),)


def _extraction(doc_id: str, text: str, entities, relations) -> Extraction:
    document = Document(id=doc_id, file=doc_id, text=text, offsets=tuple(range(len(text))))
    return Extraction(document=document, locality="某县", entities=tuple(entities),
                      relations=tuple(relations))


def small_extractions() -> list[Extraction]:
    a = _extraction("a.txt", TEXT_A, [
        Entity(EntityType.PERSON, "王建国", ("王主席",), "某县", _evidence("a.txt", TEXT_A, 0)),
        Entity(EntityType.ORG, "某县总工会", ("县总工会",)),
        Entity(EntityType.AWARD, "全国五一劳动奖章"),
        Entity(EntityType.PROGRAM, "金秋助学"),
        Entity(EntityType.PLACE, "某县"),
    ], [
        HoldsPosition("王建国", "主席", "某县总工会", _evidence("a.txt", TEXT_A, 0)),
        ReceivedAward("王建国", "全国五一劳动奖章", 2021, _evidence("a.txt", TEXT_A, 1)),
        RunsProgram("某县总工会", "金秋助学", _evidence("a.txt", TEXT_A, 2)),
    ])
    b = _extraction("b.txt", TEXT_B, [
        Entity(EntityType.PERSON, "李秀英", (), "某县"),
        Entity(EntityType.ORG, "某县总工会", ("县总工会",)),
        Entity(EntityType.PROGRAM, "送温暖", ("送温暖活动",)),
        Entity(EntityType.POLICY, "《某县职工权益保障办法》"),
        Entity(EntityType.PLACE, "某县"),
    ], [
        HoldsPosition("李秀英", "副主席", "某县总工会", _evidence("b.txt", TEXT_B, 0)),
        RunsProgram("某县总工会", "送温暖", _evidence("b.txt", TEXT_B, 1)),
    ])
    return [a, b]


def _oxigraph(dataset) -> ox.Store:
    store = ox.Store()
    store.load(export.serialize(dataset, "trig"), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def small_dataset():
    return build.build_dataset(small_extractions())


@pytest.fixture(scope="module", params=["rdflib-dataset", "rdflib-graph", "oxigraph"])
def small_graph(request, small_dataset):
    if request.param == "rdflib-dataset":
        return small_dataset
    if request.param == "rdflib-graph":
        return build.union_graph(small_dataset)
    return _oxigraph(small_dataset)


def labels(view) -> set[str]:
    return {node.label for node in view.nodes}


def edges(view) -> set[tuple[str, str, str, str]]:
    name = {node.id: node.label for node in view.nodes}
    return {(name[e.source], name[e.target], e.relation, e.label) for e in view.edges}


# --- the views on the small graph, on every backend -------------------------------------------


def test_views_whole_graph(small_graph):
    view = views.whole_graph(small_graph)
    assert labels(view) == {"王建国", "李秀英", "某县总工会", "全国五一劳动奖章", "金秋助学",
                            "送温暖", "《某县职工权益保障办法》", "某县"}
    assert edges(view) == {
        ("王建国", "某县总工会", "HOLDS_POSITION", "主席"),
        ("李秀英", "某县总工会", "HOLDS_POSITION", "副主席"),
        ("王建国", "全国五一劳动奖章", "RECEIVED_AWARD", "2021"),
        ("某县总工会", "金秋助学", "RUNS_PROGRAM", ""),
        ("某县总工会", "送温暖", "RUNS_PROGRAM", ""),
        ("王建国", "某县", "LOCALITY", ""),
        ("李秀英", "某县", "LOCALITY", ""),
    }
    assert view.omitted_nodes == 0 and view.note == ""


def test_views_node_details(small_graph):
    view = views.whole_graph(small_graph)
    person = next(node for node in view.nodes if node.label == "王建国")
    assert person.type == "PERSON" and person.aliases == ("王主席",)
    assert person.documents == ("a.txt",)
    assert ("HOLDS_POSITION", "主席 · 某县总工会") in {(f.relation, f.text) for f in person.facts}
    assert ("RECEIVED_AWARD", "全国五一劳动奖章 (2021)") in {(f.relation, f.text)
                                                           for f in person.facts}
    assert ("王建国当选某县总工会主席。", "a.txt") in {(e.sentence, e.document)
                                                     for e in person.evidence}
    org = next(node for node in view.nodes if node.label == "某县总工会")
    assert org.documents == ("a.txt", "b.txt") and org.degree == 4
    assert {f.text for f in org.facts if f.relation == "MEMBER"} == {"王建国 · 主席",
                                                                     "李秀英 · 副主席"}


@pytest.mark.parametrize("name, depth, expected", [
    ("王建国", 0, {"王建国"}),
    ("王主席", 1, {"王建国", "某县总工会", "全国五一劳动奖章", "某县"}),  # found by alias
    ("县总工会", 1, {"某县总工会", "王建国", "李秀英", "金秋助学", "送温暖"}),
    ("王建国", 2, {"王建国", "某县总工会", "全国五一劳动奖章", "某县", "李秀英", "金秋助学",
                   "送温暖"}),
])
def test_views_neighbourhood(small_graph, name, depth, expected):
    view = views.neighbourhood(small_graph, name, depth)
    assert labels(view) == expected
    assert next(node.label for node in view.nodes if node.id == view.focus) in expected


def test_views_neighbourhood_cut_keeps_nearest(small_graph):
    view = views.neighbourhood(small_graph, "王建国", 2, max_nodes=3)
    assert "王建国" in labels(view) and len(view.nodes) == 3
    assert labels(view) <= {"王建国", "某县总工会", "全国五一劳动奖章", "某县"}
    assert view.omitted_nodes == 4
    assert "kept the 3 nearest" in view.note


def test_views_whole_graph_cut_keeps_best_connected(small_graph):
    view = views.whole_graph(small_graph, max_nodes=2)
    assert labels(view) == {"某县总工会", "王建国"}
    assert view.omitted_nodes == 6 and view.omitted_edges == 6
    assert edges(view) == {("王建国", "某县总工会", "HOLDS_POSITION", "主席")}


@pytest.mark.parametrize("types, expected", [
    (["PERSON", "ORG"], {"王建国", "李秀英", "某县总工会"}),
    (["policy"], {"《某县职工权益保障办法》"}),
])
def test_views_by_types(small_graph, types, expected):
    assert labels(views.by_types(small_graph, types)) == expected


@pytest.mark.parametrize("document, expected_labels, expected_programs", [
    ("b.txt", {"李秀英", "某县总工会", "送温暖", "《某县职工权益保障办法》", "某县"}, {"送温暖"}),
    ("a.txt", {"王建国", "某县总工会", "全国五一劳动奖章", "金秋助学", "某县"}, {"金秋助学"}),
])
def test_views_by_document(small_graph, document, expected_labels, expected_programs):
    view = views.by_document(small_graph, document)
    assert labels(view) == expected_labels
    assert {target for _, target, relation, _ in edges(view)
            if relation == "RUNS_PROGRAM"} == expected_programs


def test_views_from_select_query(small_graph):
    view = views.from_query(small_graph, """
        SELECT ?membership WHERE { ?membership a org:Membership ; org:role/skos:prefLabel ?post .
                                   FILTER (str(?post) = "副主席") }""")
    assert labels(view) == {"李秀英", "某县总工会"}  # a fact node stands for its entities
    assert edges(view) == {("李秀英", "某县总工会", "HOLDS_POSITION", "副主席")}


def test_views_from_construct_query(small_graph):
    view = views.from_query(small_graph,
                            "CONSTRUCT { ?who gh:receivedAward ?award } "
                            "WHERE { ?who gh:receivedAward ?award }")
    assert edges(view) == {("王建国", "全国五一劳动奖章", "RECEIVED_AWARD", "")}


def test_views_same_on_every_backend(small_dataset):
    expected = views.whole_graph(small_dataset)
    assert views.whole_graph(_oxigraph(small_dataset)) == expected
    assert views.whole_graph(build.union_graph(small_dataset)) == expected


@pytest.mark.parametrize("call, error, message", [
    (lambda g: views.neighbourhood(g, "张三", 1), ViewError, "no entity named '张三'"),
    (lambda g: views.neighbourhood(g, '王"} UNION { ?entity ?p ?o', 1), ViewError,
     "no entity named"),  # bound, not formatted in: no injection
    (lambda g: views.neighbourhood(g, "某县总", 1), ViewError, "did you mean 某县总工会"),
    (lambda g: views.by_types(g, ["PERSON", "ANIMAL"]), ViewError, "unknown entity type ANIMAL"),
    (lambda g: views.by_document(g, "c.txt"), ViewError, "no document 'c.txt'"),
    (lambda g: views.from_query(g, "SELEC ?x WHERE {}"), QueryError, "the query: malformed SPARQL"),
    (lambda g: views.from_query(g, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
     QueryError, "SERVICE is refused"),
    (lambda g: views.from_query(g, "ASK { ?s ?p ?o }"), QueryError, "ASK"),
    (lambda g: views.from_query(g, "SELECT ?s WHERE { ?s skos:altLabel ?o } LIMIT 0"), ViewError,
     "no entity to draw"),
    (lambda g: views.whole_graph(g, max_nodes=0), ViewError, "max_nodes"),
])
def test_views_errors_are_one_line(small_graph, call, error, message):
    with pytest.raises(error, match=re.escape(message)) as caught:
        call(small_graph)
    assert "\n" not in str(caught.value)


# --- the named queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list_view_queries())
def test_views_named_queries_parse_and_use_ontology_terms(name):
    prepareQuery(load_query(name), initNs=PREFIXES)
    for name in re.findall(r"\bgh:(\w+)", load_query(name)):
        getattr(GH, name)  # DefinedNamespace with _fail: a typo raises
    assert "gh" in PREFIXES


# --- the gold files ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_dataset(gold_extractions):
    return build.build_dataset(gold_extractions)


def test_views_gold_graph_draws_every_entity(gold_dataset):
    entities = {str(s) for s, _, o in build.union_graph(gold_dataset).triples((None, None, None))
                if str(o) in views.ENTITY_CLASSES}
    store = _oxigraph(gold_dataset)
    view = views.whole_graph(store)
    assert {node.id for node in view.nodes} == entities
    assert len(view.edges) > 0
    assert all(node.label for node in view.nodes)
    html = page_html(view)
    assert f'data-shown-nodes="{len(entities)}"' in html


def test_views_gold_graph_same_on_rdflib_and_oxigraph(gold_dataset):
    assert views.whole_graph(gold_dataset, max_nodes=100) == views.whole_graph(
        _oxigraph(gold_dataset), max_nodes=100)


def test_views_plain_graph_from_turtle(small_dataset):
    turtle = export.serialize(small_dataset, "turtle")
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(views.whole_graph(graph).nodes) == 8


@pytest.mark.parametrize("name, bindings", [
    ("entities", None), ("aliases", None), ("documents", None), ("evidence", None),
    ("memberships", None), ("conferrals", None), ("program_runs", None), ("localities", None),
    ("find_entity", {"name": "县总工会"}), ("document_entities", {"document": "a.txt"}),
])
def test_views_named_query_same_rows_on_rdflib_and_oxigraph(small_dataset, name, bindings):
    """The query layer (Oxigraph) against rdflib's own engine as the oracle."""
    from rdflib import Dataset

    union = Dataset(store=small_dataset.store, default_union=True)
    answer = union.query(bind_parameters(load_query(f"views/{name}"), bindings), initNs=PREFIXES)
    # as a set: the engines differ on duplicates from the union of graphs
    on_rdflib = sorted({tuple(sorted((str(k), str(v)) for k, v in row.asdict().items()
                                     if v is not None)) for row in answer})
    on_oxigraph = sorted({tuple(sorted((k, v.value) for k, v in row.items() if v is not None))
                          for row in select(_oxigraph(small_dataset), f"views/{name}", bindings)})
    assert on_rdflib, f"{name}.rq found nothing"
    assert on_rdflib == on_oxigraph


def test_views_evidence_capped_per_node_with_the_rest_counted():
    """An entity read in many articles keeps ten of its sentences and a count of the others."""
    many = views.EVIDENCE_PER_NODE + 3
    text = "某县总工会开展送温暖活动。"
    extractions = [
        _extraction(f"n{i:02d}.txt", f"第{i:02d}句：{text}", [Entity(EntityType.ORG, "某县总工会", (),
                    None, (Evidence(f"n{i:02d}.txt", 5, 10, f"第{i:02d}句：{text}"),))], [])
        for i in range(many)]
    store = build.build_store(extractions)
    node = next(n for n in views.whole_graph(store).nodes if n.label == "某县总工会")
    assert len(node.evidence) == views.EVIDENCE_PER_NODE and node.more_evidence == 3
    every = {PageEvidence(f"第{i:02d}句：{text}", f"n{i:02d}.txt") for i in range(many)}
    assert set(node.evidence) <= every
    assert list(node.evidence) == sorted(node.evidence, key=lambda e: (e.sentence, e.document))
    html = page_html(views.whole_graph(store))
    assert '"more_evidence": 3' in html or '"more_evidence":3' in html


def _evidence_segments(dataset) -> dict[str, int]:
    """Each entity's evidence segments, its own and its facts', counted by rdflib."""
    query = """SELECT ?entity (COUNT(DISTINCT ?evidence) AS ?n) WHERE {
        { ?entity gh:evidence ?evidence . }
        UNION { ?fact org:member|org:organization|gh:recipient|gh:award|gh:organizer|gh:program
                  ?entity . ?fact gh:evidence ?evidence . } } GROUP BY ?entity"""
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return {str(row.entity): int(row.n) for row in union.query(query, initNs=PREFIXES)}


def test_views_evidence_read_for_the_kept_nodes_is_their_whole_evidence(gold_dataset):
    """A view reads the documents and evidence of the nodes it keeps only; each kept node has
    what reading every node's gave it: its documents, the first ten sentences and the count of
    the rest."""
    store = _oxigraph(gold_dataset)
    eager = views.load_index(store)
    assert sum(len(entity.evidence) for entity in eager.entities.values()) > 100
    view = views.whole_graph(store, max_nodes=40)
    assert len(view.nodes) == 40
    segments = _evidence_segments(gold_dataset)
    for node in view.nodes:
        expected = eager.entities[node.id].evidence
        shown = [(e.sentence, e.document) for e in node.evidence]
        if len(expected) <= views.EVIDENCE_PER_NODE:
            assert shown == sorted(expected) and node.more_evidence == 0
        else:  # the sentences of its first ten segments, and the count of the other segments
            assert 0 < len(shown) <= views.EVIDENCE_PER_NODE and set(shown) <= expected
            assert node.more_evidence == segments[node.id] - views.EVIDENCE_PER_NODE
        assert node.documents == tuple(sorted(eager.entities[node.id].documents))
    assert any(node.more_evidence for node in view.nodes)
    lazy = views.load_index(store, details=False)
    assert not any(entity.evidence or entity.documents for entity in lazy.entities.values())
    some = sorted(lazy.entities, key=lambda e: -len(eager.entities[e].evidence))[:3]
    lazy.read_details(some)
    for entity in some:
        read = lazy.entities[entity].evidence
        assert 0 < len(read) <= views.EVIDENCE_PER_NODE and read <= eager.entities[entity].evidence
        assert lazy.more_evidence[entity] == segments[entity] - views.EVIDENCE_PER_NODE
        assert lazy.entities[entity].documents == eager.entities[entity].documents
