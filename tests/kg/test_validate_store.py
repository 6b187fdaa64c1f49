"""SHACL validation, the query layer (kg.store) and its saved queries, checked against rdflib."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import ORG, RDF, Dataset, Literal
from rdflib.namespace import XSD

from gonghui.errors import GraphError, QueryError
from gonghui.kg import export, iri
from gonghui.kg.build import build_dataset, union_graph
from gonghui.kg.gold import read_gold_files
from gonghui.kg.namespace import GH, OA
from gonghui.kg.results import format_results
from gonghui.kg.saved_queries import describe_query, list_queries, load_query
from gonghui.kg.store import Term, bind_parameters, load_store, run_query
from gonghui.kg.validate import (
    _check_store_with_pyshacl,
    check_graph,
    check_store,
    validate_graph,
)
from gonghui.records import EntityType

SINK = Path(__file__).resolve().parent / "data" / "kitchen_sink"


@pytest.fixture(scope="module")
def sink() -> Dataset:
    return build_dataset(read_gold_files(sorted(SINK.glob("*.json")), SINK))


@pytest.fixture(scope="module")
def gold(gold_json: list[dict]) -> list[dict]:
    return gold_json


@pytest.fixture(scope="module")
def dataset(gold_extractions) -> Dataset:
    return build_dataset(gold_extractions)


@pytest.fixture(scope="module")
def store(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    path = export.write(dataset, tmp_path_factory.mktemp("kg") / "gold.trig")
    return load_store(path)


# --- validation -------------------------------------------------------------------------------


def test_validate_gold_graph_conforms(dataset: Dataset) -> None:
    result = validate_graph(dataset)
    assert result.conforms, result.text[:2000]
    assert result.violations == 0


def test_validate_kitchen_sink_conforms_without_warnings(sink: Dataset) -> None:
    result = validate_graph(sink)
    assert (result.conforms, result.violations, result.warnings) == (True, 0, 0), result.text


def _broken(dataset: Dataset, kind: str) -> Dataset:
    broken = Dataset()
    for quad in dataset.quads((None, None, None, None)):
        broken.add(quad)
    graph = next(g for g in broken.graphs() if len(g))
    membership = next(union_graph(dataset).subjects(RDF.type, ORG.Membership))
    conferral = next(union_graph(dataset).subjects(RDF.type, GH.AwardConferral))
    if kind == "member is an org":
        graph.add((membership, ORG.member, iri.entity_iri(EntityType.ORG, "某县总工会")))
        graph.add((iri.entity_iri(EntityType.ORG, "某县总工会"), RDF.type, GH.Organization))
    elif kind == "year not a gYear":
        graph.add((conferral, GH.year, Literal("二〇二〇")))
    elif kind == "fact without document":
        run = next(union_graph(dataset).subjects(RDF.type, GH.ProgramRun))
        for g in broken.graphs():
            g.remove((run, None, None))
        graph.add((run, RDF.type, GH.ProgramRun))
    elif kind == "year out of range":
        graph.add((conferral, GH.year, Literal("1066", datatype=XSD.gYear)))
    elif kind == "evidence span reversed":
        position = next(union_graph(dataset).subjects(RDF.type, OA.TextPositionSelector))
        for g in broken.graphs():
            g.remove((position, OA.end, None))
        graph.add((position, OA.end, Literal(0)))
    elif kind == "evidence source not its article's file":
        segment = next(union_graph(dataset).subjects(RDF.type, OA.SpecificResource))
        for g in broken.graphs():
            g.remove((segment, OA.hasSource, None))
        other = iri.file_iri("another.txt")
        graph.add((other, RDF.type, GH.SourceFile))
        graph.add((segment, OA.hasSource, other))
    elif kind == "evidence without a quote":
        quote = next(union_graph(dataset).subjects(RDF.type, OA.TextQuoteSelector))
        for g in broken.graphs():
            g.remove((None, OA.hasSelector, quote))
    return broken


@pytest.mark.parametrize("kind", ["member is an org", "year not a gYear", "fact without document",
                                  "year out of range", "evidence span reversed",
                                  "evidence source not its article's file",
                                  "evidence without a quote"])
def test_validate_broken_graph_does_not_conform(sink: Dataset, kind: str) -> None:
    broken = _broken(sink, kind)
    assert not validate_graph(broken).conforms
    with pytest.raises(GraphError, match="broken.trig: .*SHACL violation"):
        check_graph(broken, source="broken.trig")


def _as_store(dataset: Dataset, tmp_path: Path) -> ox.Store:
    return load_store(export.write(dataset, tmp_path / "graph.trig"))


@pytest.mark.parametrize("statements, jobs", [(10**9, 1), (1, 1), (1, 2), (400, 2)])
def test_validate_store_in_groups_is_the_check_over_the_union(
        sink: Dataset, tmp_path: Path, statements: int, jobs: int) -> None:
    """Groups of whole articles, one per article (statements=1) or a few, in one process or
    two, give the verdict and the counts of one check over the whole graph."""
    whole = validate_graph(sink)
    # pySHACL's grouped check: what check_store falls back to for shapes beyond its queries
    result = _check_store_with_pyshacl(_as_store(sink, tmp_path), "store", None, statements, jobs)
    assert (result.conforms, result.violations, result.warnings) == (
        whole.conforms, whole.violations, whole.warnings)


@pytest.mark.parametrize("jobs", [1, 2])
def test_validate_store_in_groups_finds_a_broken_article(sink: Dataset, tmp_path: Path,
                                                         jobs: int) -> None:
    broken = _as_store(_broken(sink, "member is an org"), tmp_path)
    with pytest.raises(GraphError, match=r"broken.trig: \d+ SHACL violation"):
        check_store(broken, source="broken.trig", statements_per_check=1, jobs=jobs)
    with pytest.raises(GraphError, match=r"broken.trig: \d+ SHACL violation"):
        _check_store_with_pyshacl(broken, "broken.trig", None, 1, jobs)


def test_validate_group_graph_writes_names_as_rdflib_does_without_filing_each() -> None:
    """pySHACL's messages name nodes through the data graph's namespace manager: the same
    text as rdflib's, but an IRI outside the bound prefixes (an evidence segment's, one
    namespace each) is not filed, so a group's messages cost linear time."""
    from rdflib import Graph, URIRef, Variable

    from gonghui.kg.namespace import PREFIXES
    from gonghui.kg.validate import _group_graph

    ours = _group_graph(b"")
    theirs = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        theirs.bind(prefix, namespace)
    segments = [URIRef(f"https://w3id.org/gonghui/id/evidence/a.txt%23{n}/{n}-{n + 2}/quote")
                for n in range(50)]
    terms = [GH.Person, OA.TextQuoteSelector, URIRef("http://example.org/x#y"),
             URIRef("urn:isbn:123"), Variable("v"), *segments]
    assert [t.n3(ours.namespace_manager) for t in terms] == \
        [t.n3(theirs.namespace_manager) for t in terms]
    assert segments[0].n3(ours.namespace_manager) == f"<{segments[0]}>"
    filed = ours.namespace_manager._NamespaceManager__strie  # rdflib's index of namespaces
    assert not any("evidence" in namespace for namespace in filed)


# --- store and queries ------------------------------------------------------------------------


def rdflib_values(dataset: Dataset, query: str, bindings: dict | None = None) -> list[tuple]:
    """rdflib's own engine over the union of the graphs: the oracle for the query layer."""
    from rdflib.namespace import XSD as X

    union = Dataset(store=dataset.store, default_union=True)
    answer = union.query(bind_parameters(query, bindings))

    def plain(term):
        if term is None:
            return None
        if isinstance(term, Literal) and term.datatype in (X.integer, X.decimal):
            return term.toPython() if term.datatype == X.integer else float(term)
        return str(term)

    return [tuple(plain(row.get(v)) for v in answer.vars) for row in answer]


def test_store_saved_queries_listed_with_headers() -> None:
    assert list_queries() == ["entities", "evidence", "holds_position", "programs_by_locality",
                              "received_award", "runs_program"]
    for name in list_queries():
        header = describe_query(name)
        assert any("\u4e00" <= c <= "\u9fff" for c in header) and "Columns:" in header


@pytest.mark.parametrize("name", ["entities", "evidence", "holds_position",
                                  "programs_by_locality", "received_award", "runs_program"])
def test_store_saved_query_same_rows_on_rdflib_and_pyoxigraph(dataset: Dataset, store: ox.Store,
                                                            name: str) -> None:
    on_ox = run_query(store, load_query(name), name=name).values()
    assert on_ox, f"{name} returned no rows"
    expected = rdflib_values(dataset, load_query(name))
    if "ORDER BY" not in load_query(name):  # each engine gives the rows in its own order
        on_ox, expected = sorted(on_ox, key=repr), sorted(expected, key=repr)
    assert on_ox == expected


def test_store_runs_program_has_every_gold_relation(store: ox.Store, gold: list[dict]) -> None:
    rows = run_query(store, load_query("runs_program")).values()
    found = {(org, program, doc) for org, program, doc in rows}
    expected = {(r["org"], r["program"], g["document"]) for g in gold for r in g["relations"]
                if r["type"] == "RUNS_PROGRAM"}
    assert found == expected


def test_store_received_award_years_match_gold(store: ox.Store, gold: list[dict]) -> None:
    rows = run_query(store, load_query("received_award")).as_dicts()
    found = {(r["recipient"], r["award"], r["year"]) for r in rows}
    expected = {(r["recipient"], r["award"], r["year"]) for g in gold for r in g["relations"]
                if r["type"] == "RECEIVED_AWARD"}
    assert found == expected


def test_store_kitchen_sink_people_of_one_name_stay_apart(sink: Dataset) -> None:
    rows = run_query(sink, load_query("holds_position"), {"person": "王一鸣"}).as_dicts()
    assert [(r["locality"], r["post"], r["org"]) for r in rows] == [
        ("甲县", "主席", "甲县总工会"), ("乙市", "副主席", "乙市总工会")]


def test_store_kitchen_sink_program_by_locality(sink: Dataset) -> None:
    rows = run_query(sink, load_query("programs_by_locality"), {"program": "金秋助学"}).values()
    assert rows == [("乙市", "金秋助学", 1), ("甲县", "金秋助学", 1)]


def test_store_kitchen_sink_evidence_of_a_fact(sink: Dataset) -> None:
    membership = iri.membership_iri("王一鸣", "乙市", "副主席", "乙市总工会")
    rows = run_query(sink, load_query("evidence"), {"node": membership}).as_dicts()
    assert [(r["name"], r["document"], r["sentence"]) for r in rows] == [
        (None, "ks_2.txt", "乙市总工会副主席王一鸣带队走访一线职工。")]
    text = (SINK / "ks_2.txt").read_text(encoding="utf-8")
    assert text[rows[0]["start"]:rows[0]["end"]] == rows[0]["sentence"]


@pytest.mark.parametrize(("entity_type", "expected"), [
    ("PERSON", [("王一鸣", "乙市", 1), ("王一鸣", "甲县", 1), ("李小红", "乙市", 1),
                ("赵三", "丙县", 1)]),
    ("PROGRAM", [("送清凉", None, 2), ("金秋助学", None, 2)]),
])
def test_store_kitchen_sink_entities_by_type(sink: Dataset, entity_type: str,
                                             expected: list[tuple]) -> None:
    rows = run_query(sink, load_query("entities"), {"type": entity_type}).values()
    assert sorted(row[1:] for row in rows) == sorted(expected)


def test_store_holds_position_has_every_gold_relation(store: ox.Store, gold: list[dict]) -> None:
    rows = run_query(store, load_query("holds_position")).as_dicts()
    found = {(r["person"], r["post"], r["org"]) for r in rows}
    expected = {(r["person"], r["position"], r["org"]) for g in gold for r in g["relations"]
                if r["type"] == "HOLDS_POSITION"}
    assert found == expected


def test_store_bound_parameter_filters_on_both_engines(dataset: Dataset, store: ox.Store,
                                                       gold: list[dict]) -> None:
    year = next(r["year"] for g in gold for r in g["relations"]
                if r["type"] == "RECEIVED_AWARD" and r["year"])
    on_ox = run_query(store, load_query("received_award"), {"year": year}).values()
    assert on_ox and {row[0] for row in on_ox} == {year}
    assert on_ox == rdflib_values(dataset, load_query("received_award"), {"year": year})


@pytest.mark.parametrize("hostile", ['x" } } ; DROP ALL #', "a\nb", "\\\"'"])
def test_store_bound_parameter_is_data_not_code(store: ox.Store, hostile: str) -> None:
    assert run_query(store, load_query("runs_program"), {"org": hostile}).rows == ()
    assert run_query(store, load_query("runs_program")).rows  # the same query finds rows


@pytest.mark.parametrize("bad_name", ["org}", "1x", "a b"])
def test_store_bad_parameter_name_raises_query_error(store: ox.Store, bad_name: str) -> None:
    with pytest.raises(QueryError):
        run_query(store, load_query("runs_program"), {bad_name: "x"})


@pytest.mark.parametrize("query", ["SELECT ?s WHERE { ?s ?p ", "SELEKT * WHERE {}",
                                   "SELECT ?x WHERE { ?x nope:p ?y }"])
def test_store_malformed_query_raises_query_error(store: ox.Store, query: str) -> None:
    source = store
    with pytest.raises(QueryError, match="^bad.rq: ") as caught:
        run_query(source, query, name="bad.rq")
    assert "\n" not in str(caught.value)


def test_store_unknown_saved_query_raises_query_error() -> None:
    with pytest.raises(QueryError, match="no shipped query 'nope'"):
        load_query("nope")


@pytest.mark.parametrize(("name", "content"), [("bad.ttl", "<a> <b> ."), ("bad.trig", "{ <x"),
                                                ("missing.ttl", None), ("graph.txt", "x")])
def test_store_unreadable_file_raises_graph_error(tmp_path: Path, name: str,
                                                  content: str | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphError, match=name) as caught:
        load_store(path)
    assert "\n" not in str(caught.value)


def test_store_loads_turtle_union(dataset: Dataset, tmp_path: Path) -> None:
    store = load_store(export.write(dataset, tmp_path / "g.ttl"))
    assert len(store) == len(union_graph(dataset))


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("csv", "org,n\n某县总工会,2\n\"a,b\",\n"),
     ("json", '[\n  {"org": "某县总工会", "n": 2},\n  {"org": "a,b", "n": null}\n]\n'),
     ("table", "org         n\n----------  -\n某县总工会  2\na,b\n")],
)
def test_store_format_results(fmt: str, expected: str) -> None:
    rows = [(Term("literal", "某县总工会"), Term("literal", "2", str(XSD.integer))),
            (Term("literal", "a,b"), None)]
    assert format_results(("org", "n"), rows, fmt) == expected


def test_store_format_results_unknown_format_raises() -> None:
    with pytest.raises(QueryError):
        format_results((), [], "xml")


def test_store_default_graph_is_the_set_union(tmp_path: Path) -> None:
    """Names shared by many articles must not multiply rows (Oxigraph's union is a multiset)."""
    import dataclasses

    base = list(read_gold_files(sorted(SINK.glob("*.json")), SINK))
    copies = [dataclasses.replace(e, document=dataclasses.replace(e.document,
                                                                  id=f"{e.document.id}#{i}"))
              for i in range(1, 13) for e in base]
    dataset = build_dataset(copies)
    store = load_store(export.write(dataset, tmp_path / "many.trig"))
    default = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(
        None, None, None, ox.DefaultGraph())}
    assert len(default) == len(union_graph(dataset))
    rows = run_query(store, load_query("holds_position"), {"person": "王一鸣"}).rows
    assert len(rows) == 2 * 12  # two people, one row per article copy
    assert run_query(store, load_query("holds_position")).values() == rdflib_values(
        dataset, load_query("holds_position"))


# --- the store's check: the shapes as SPARQL, run by Oxigraph -----------------------------------


def _sparql_counts(dataset: Dataset) -> tuple[int, int]:
    from gonghui.kg.shacl_sparql import compile_shapes, run_checks
    from gonghui.kg.store import as_store
    from gonghui.kg.validate import _read_shapes, shapes_path

    counts = run_checks(as_store(dataset), compile_shapes(_read_shapes(shapes_path())),
                        union=False)
    return (sum(n for check, n in counts.items() if check.severity == "Violation"),
            sum(n for check, n in counts.items() if check.severity == "Warning"))


@pytest.mark.parametrize("kind", [None, "member is an org", "year not a gYear",
                                  "fact without document", "year out of range",
                                  "evidence span reversed",
                                  "evidence source not its article's file",
                                  "evidence without a quote"])
def test_validate_store_queries_find_what_pyshacl_finds(sink: Dataset, kind: str | None) -> None:
    graph = _broken(sink, kind) if kind else sink
    expected = validate_graph(graph)
    assert _sparql_counts(graph) == (expected.violations, expected.warnings)
    if kind:
        assert expected.violations > 0


def test_validate_store_queries_on_the_gold_graph_match_pyshacl(dataset: Dataset) -> None:
    expected = validate_graph(dataset)
    assert expected.warnings > 0  # facts of the gold files without a located span
    assert _sparql_counts(dataset) == (expected.violations, expected.warnings)


def test_validate_check_store_raises_on_a_broken_store(sink: Dataset) -> None:
    from gonghui.kg.store import as_store
    from gonghui.kg.validate import check_store

    assert check_store(as_store(sink)).violations == 0
    with pytest.raises(GraphError, match="broken store: 1 SHACL violation"):
        check_store(as_store(_broken(sink, "evidence span reversed")), source="broken store")


def test_validate_shapes_beyond_the_queries_fall_back_to_pyshacl(sink: Dataset,
                                                                 tmp_path: Path) -> None:
    from gonghui.kg.shacl_sparql import Unsupported, compile_shapes
    from gonghui.kg.store import as_store
    from gonghui.kg.validate import _read_shapes, check_store, shapes_path

    odd = tmp_path / "odd.ttl"
    odd.write_text(shapes_path().read_text(encoding="utf-8") + """
ghs:OddShape a sh:NodeShape ;
    sh:targetClass gh:Person ;
    sh:property [ sh:path skos:prefLabel ; sh:in ( "nobody"@zh ) ] .
""", encoding="utf-8")
    with pytest.raises(Unsupported):
        compile_shapes(_read_shapes(odd))
    with pytest.raises(GraphError, match="SHACL violation"):
        check_store(as_store(sink), shapes=odd)
