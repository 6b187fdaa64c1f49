"""Records -> RDF: named graphs per article, cross-article merging, every fact sourced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import DCTERMS, ORG, PROV, RDF, SKOS, BNode, Dataset, Literal

from gonghui.kg import iri
import pyoxigraph as ox

from gonghui.kg import export
from gonghui.kg.build import StoreWriter, build_dataset, build_store, to_dataset, union_graph
from gonghui.kg.gold import read_gold_files
from gonghui.kg.namespace import GH, OA
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



def _doc(doc_id: str, text: str = "甲县总工会主席张三获评劳动模范。甲县总工会开展送温暖活动。") -> Document:
    return Document(id=doc_id, file=doc_id.split("#")[0], text=text,
                    offsets=tuple(range(len(text))), title="标题", date="2024-05-01")


def kitchen_sink() -> list[Extraction]:
    """Two invented articles: one program in both, one person name in two localities."""
    ev = Evidence("a.txt", 0, 16, "甲县总工会主席张三获评劳动模范。")
    first = Extraction(
        document=_doc("a.txt"), locality="甲县",
        entities=(
            Entity(EntityType.ORG, "甲县总工会", ("县总工会",), evidence=(Evidence("a.txt", 0, 5, "x"),)),
            Entity(EntityType.PERSON, "张三", locality="甲县"),
            Entity(EntityType.AWARD, "劳动模范"),
            Entity(EntityType.PROGRAM, "送温暖", ("送温暖活动",)),
            Entity(EntityType.PLACE, "甲县"),
        ),
        relations=(
            HoldsPosition("张三", "主席", "县总工会", evidence=(ev,)),
            ReceivedAward("张三", "劳动模范", 2020, evidence=(ev,)),
            ReceivedAward("甲县总工会", "劳动模范", None),
            RunsProgram("甲县总工会", "送温暖"),
        ),
    )
    second = Extraction(
        document=_doc("b.txt#2"), locality="乙县",
        entities=(Entity(EntityType.PERSON, "张三", locality="乙县"),
                  Entity(EntityType.ORG, "乙县总工会"), Entity(EntityType.PROGRAM, "送温暖")),
        relations=(RunsProgram("乙县总工会", "送温暖"), HoldsPosition("张三", "副主席")),
    )
    return [first, second]


@pytest.fixture(scope="module")
def sink() -> Dataset:
    return build_dataset(kitchen_sink())


def test_build_one_named_graph_per_document(sink: Dataset) -> None:
    names = {g.identifier for g in sink.graphs() if len(g)}
    assert names == {iri.document_iri("a.txt"), iri.document_iri("b.txt#2")}


def test_build_program_merges_across_documents_people_do_not(sink: Dataset) -> None:
    union = union_graph(sink)
    programs = set(union.subjects(RDF.type, GH.Program))
    assert programs == {iri.entity_iri(EntityType.PROGRAM, "送温暖")}
    assert len(set(union.objects(next(iter(programs)), PROV.wasDerivedFrom))) == 2
    people = set(union.subjects(RDF.type, GH.Person))
    assert people == {iri.entity_iri(EntityType.PERSON, "张三", "甲县"),
                      iri.entity_iri(EntityType.PERSON, "张三", "乙县")}


def test_build_alias_argument_resolves_to_canonical_org(sink: Dataset) -> None:
    membership = iri.membership_iri("张三", "甲县", "主席", "甲县总工会")
    union = union_graph(sink)
    assert (membership, ORG.organization, iri.entity_iri(EntityType.ORG, "甲县总工会")) in union
    assert (iri.entity_iri(EntityType.ORG, "甲县总工会"), SKOS.altLabel,
            Literal("县总工会", lang="zh")) in union


@pytest.mark.parametrize(
    ("recipient_type", "name", "year"),
    [(EntityType.PERSON, "张三", 2020), (EntityType.ORG, "甲县总工会", None)],
)
def test_build_conferral_recipient_type_and_year(sink: Dataset, recipient_type: EntityType,
                                                 name: str, year: int | None) -> None:
    union = union_graph(sink)
    node = iri.conferral_iri(recipient_type, name, "甲县", "劳动模范", year)
    assert (node, RDF.type, GH.AwardConferral) in union
    years = [str(y) for y in union.objects(node, GH.year)]
    assert years == ([str(year)] if year else [])


def test_build_fact_evidence_is_a_segment_of_its_source_file(sink: Dataset) -> None:
    """Web Annotation: a SpecificResource of the file the offsets count into, in its article,
    selected by position and by quote (the quote is the span; its sentence either side)."""
    union = union_graph(sink)
    membership = iri.membership_iri("张三", "甲县", "主席", "甲县总工会")
    (segment,) = union.objects(membership, GH.evidence)
    assert (segment, RDF.type, OA.SpecificResource) in union
    assert union.value(segment, OA.hasSource) == iri.file_iri("a.txt")
    assert union.value(segment, DCTERMS.isPartOf) == iri.document_iri("a.txt")
    selectors = {union.value(s, RDF.type): s for s in union.objects(segment, OA.hasSelector)}
    assert set(selectors) == {OA.TextPositionSelector, OA.TextQuoteSelector}
    position, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
    assert (union.value(position, OA.start), union.value(position, OA.end)) == (Literal(0),
                                                                               Literal(16))
    assert union.value(quote, OA.exact) == Literal("甲县总工会主席张三获评劳动模范。")


def test_build_mention_quote_is_its_text_when_its_sentence_is_not_in_the_article(
        sink: Dataset) -> None:
    union = union_graph(sink)
    org = iri.entity_iri(EntityType.ORG, "甲县总工会")
    (segment,) = union.objects(org, GH.evidence)  # its record's sentence is "x"
    (quote,) = [s for s in union.objects(segment, OA.hasSelector)
                if (s, RDF.type, OA.TextQuoteSelector) in union]
    assert union.value(quote, OA.exact) == Literal("甲县总工会")
    assert union.value(quote, OA.prefix) is None and union.value(quote, OA.suffix) is None


def test_build_membership_without_org_has_no_organization(sink: Dataset) -> None:
    node = iri.membership_iri("张三", "乙县", "副主席", None)
    union = union_graph(sink)
    assert (node, RDF.type, ORG.Membership) in union
    assert union.value(node, ORG.organization) is None


def test_build_gold_has_no_blank_nodes_and_every_relation(
        gold_extractions: list[Extraction], gold_json: list[dict]) -> None:
    dataset = build_dataset(gold_extractions)
    assert not [q for q in dataset.quads((None, None, None, None))
                if any(isinstance(t, BNode) for t in q[:3])]
    union = union_graph(dataset)
    facts = {cls: len(set(union.subjects(RDF.type, cls)))
             for cls in (ORG.Membership, GH.AwardConferral, GH.ProgramRun)}
    gold = gold_json
    distinct_runs = {(r["org"], r["program"]) for g in gold for r in g["relations"]
                     if r["type"] == "RUNS_PROGRAM"}
    assert facts[GH.ProgramRun] == len(distinct_runs)
    assert all(n > 0 for n in facts.values())
    graphs = {g.identifier for g in dataset.graphs() if len(g)}
    assert graphs == {iri.document_iri(g["document"]) for g in gold}


def test_build_is_idempotent_by_meaning(gold_extractions: list[Extraction]) -> None:
    from rdflib.compare import isomorphic

    once = union_graph(build_dataset(gold_extractions))
    twice = union_graph(build_dataset(gold_extractions + gold_extractions))
    assert isomorphic(once, twice)


def test_build_store_same_bytes_whatever_the_order_and_the_store(gold_extractions,
                                                                  tmp_path) -> None:
    """The same statements give the same bytes: built in another order, on disk (as a build
    writes them) or in memory, or copied into rdflib."""
    store = build_store(gold_extractions)
    disk = build_store(list(reversed(gold_extractions)), ox.Store(str(tmp_path / "s")), bulk=True)
    dataset = to_dataset(store)
    for fmt in ("turtle", "trig", "nq"):
        expected = export.serialize(store, fmt)
        assert export.serialize(build_store(list(reversed(gold_extractions))), fmt) == expected
        assert export.serialize(disk, fmt, on_disk=True) == expected
        assert export.serialize(dataset, fmt) == expected


def test_build_store_default_graph_is_the_union(gold_extractions) -> None:
    store = build_store(gold_extractions)
    named = {(q.subject, q.predicate, q.object) for q in store
             if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = {(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert named == default
    assert len(named) < sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


def test_build_store_on_disk_in_batches_is_the_store_in_memory(gold_extractions, tmp_path) -> None:
    """The bulk loader, in many small batches, writes what one in-memory transaction writes."""
    memory = build_store(gold_extractions)
    disk = ox.Store(str(tmp_path / "store"))
    writer = StoreWriter(disk, bulk=True, batch_statements=500)
    for extraction in gold_extractions:
        writer.add(extraction)
    writer.flush()
    assert set(disk) == set(memory)


def test_build_store_literals_escape_what_n_quads_forbids() -> None:
    text = '甲县"总工会" \\ 开展\n送温暖\r活动。'
    extraction = Extraction(
        document=_doc("c.txt", text), locality=None,
        entities=(Entity(EntityType.ORG, "甲县总工会",
                         evidence=(Evidence("c.txt", 2, 10, text),)),),
        relations=())
    union = union_graph(build_dataset([extraction]))
    assert Literal('"总工会" \\ ') in set(union.objects(None, OA.exact))
    assert Literal('开展\n送温暖\r活动。') in set(union.objects(None, OA.suffix))
