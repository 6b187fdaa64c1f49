"""IRI minting: readable, stable, one segment per name, accepted by rdflib and pyoxigraph."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from gonghui.kg import iri
from gonghui.records import EntityType, Evidence

ID = "https://w3id.org/gonghui/id/"


@pytest.mark.parametrize(
    ("entity_type", "name", "locality", "expected"),
    [
        (EntityType.ORG, "某县总工会", None, "organization/某县总工会"),
        (EntityType.PERSON, "张三", "某县", "person/某县/张三"),
        (EntityType.PERSON, "张三", None, "person/-/张三"),
        (EntityType.PROGRAM, " 金秋  助学 ", None, "program/金秋%20助学"),
        (EntityType.POLICY, "办法/细则#2?", None, "policy/办法%2F细则%232%3F"),
        (EntityType.AWARD, "中国梦·劳动美", None, "award/中国梦·劳动美"),
        (EntityType.ORG, "某某（集团）有限公司", None, "organization/某某（集团）有限公司"),
        (EntityType.ORG, "某(某)公司", None, "organization/某%28某%29公司"),
        (EntityType.PLACE, "-", None, "place/%2D"),
        (EntityType.EVENT, "..", None, "event/%2E%2E"),
        (EntityType.ORG, "A<B>\"C\"", None, "organization/A%3CB%3E%22C%22"),
    ],
)
def test_iri_entity_table(entity_type: EntityType, name: str, locality: str | None,
                          expected: str) -> None:
    assert str(iri.entity_iri(entity_type, name, locality)) == ID + expected


@pytest.mark.parametrize(
    ("minted", "expected"),
    [
        (iri.document_iri("a.txt#2"), "doc/a.txt%232"),
        (iri.file_iri("a b.txt"), "file/a%20b.txt"),
        (iri.role_iri("主席"), "role/主席"),
        (iri.membership_iri("张三", "某县", "主席", "某县总工会"), "membership/某县/张三/主席/某县总工会"),
        (iri.membership_iri("张三", None, "书记", None), "membership/-/张三/书记/-"),
        (iri.conferral_iri(EntityType.PERSON, "张三", "某县", "劳动模范", 2020),
         "conferral/person/某县/张三/劳动模范/2020"),
        (iri.conferral_iri(EntityType.ORG, "某厂", "某县", "工人先锋号", None),
         "conferral/organization/-/某厂/工人先锋号/-"),
        (iri.run_iri("某县总工会", "送温暖"), "run/某县总工会/送温暖"),
        (iri.evidence_iri(Evidence("a.txt#1", 3, 9, "句子。")), "evidence/a.txt%231/3-9"),
    ],
)
def test_iri_fact_and_document_table(minted: URIRef, expected: str) -> None:
    assert str(minted) == ID + expected


def test_iri_people_of_one_name_in_two_localities_differ() -> None:
    assert iri.entity_iri(EntityType.PERSON, "陈某", "甲县") != iri.entity_iri(
        EntityType.PERSON, "陈某", "乙县")


@pytest.mark.parametrize("bad", ["", "   ", "\u3000"])
def test_iri_empty_name_raises(bad: str) -> None:
    with pytest.raises(ValueError):
        iri.entity_iri(EntityType.ORG, bad)


def test_iri_bad_evidence_span_raises() -> None:
    with pytest.raises(ValueError):
        iri.evidence_iri(Evidence("a.txt", 5, 5, ""))


@pytest.mark.parametrize("name", ["某县总工会", "办法/细则#2?", "A<B>\"C\" {x}|^`\\", "tab\tnew\nline",
                                  "零宽\u200b字符", "emoji🙂", "中国梦·劳动美"])
def test_iri_accepted_by_rdflib_and_pyoxigraph(name: str) -> None:
    node = iri.entity_iri(EntityType.ORG, name)
    ox.NamedNode(str(node))  # raises ValueError on an invalid IRI
    turtle = f"<{node}> <{node}> {Literal(name).n3()} .\n"
    graph = Graph().parse(data=turtle, format="turtle")
    assert (node, node, Literal(name)) in graph
    store = ox.Store()
    store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    assert len(store) == 1


def test_iri_no_other_module_builds_uriref_from_string() -> None:
    src = Path(iri.__file__).resolve().parent
    offenders = [p.name for p in sorted(src.rglob("*.py"))
                 if p.name not in {"iri.py", "namespace.py"}
                 and re.search(r"\bURIRef\(|\bNamespace\(", p.read_text(encoding="utf-8"))]
    # _codegen.py writes ``Namespace(...)`` into the generated module's text only.
    assert offenders in ([], ["_codegen.py"])
