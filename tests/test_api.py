"""The Python entry points: text or paths in, records and a graph out."""

from __future__ import annotations

from pathlib import Path

import pytest

import gonghui
from gonghui.errors import InputError
from gonghui.records import EntityType, HoldsPosition


def test_api_extract_text(nlp_rules) -> None:
    (record,) = gonghui.extract("某县总工会主席王建国出席会议。", nlp=nlp_rules)
    found = {(e.type, e.name) for e in record.entities}
    assert (EntityType.PERSON, "王建国") in found
    assert any(isinstance(r, HoldsPosition) and r.person == "王建国" for r in record.relations)
    assert record.document.id == "text-1.txt"


def test_api_extract_paths_and_texts_in_order(nlp_rules, seeds_dir: Path) -> None:
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    records = gonghui.extract([seed, "某市总工会开展送温暖活动。"], nlp=nlp_rules)
    assert records[0].document.file == seed.name
    assert records[-1].document.id == "text-1.txt"


@pytest.mark.parametrize(("source", "message"), [
    (Path("no/such/file.txt"), "no/such/file.txt"),
    (42, r"give text \(str\) or a file or folder"),
])
def test_api_extract_bad_source_is_an_input_error(nlp_rules, source, message: str) -> None:
    with pytest.raises(InputError, match=message):
        gonghui.extract([source], nlp=nlp_rules)


def test_api_build_graph_answers_sparql(nlp_rules) -> None:
    records = gonghui.extract(["某县总工会主席王建国出席会议。", "某市总工会主席李红梅讲话。"],
                              nlp=nlp_rules)
    graph = gonghui.build_graph(records)
    rows = graph.query("SELECT ?name WHERE { ?p a gh:Person ; skos:prefLabel ?name } "
                       "ORDER BY ?name")
    assert [str(row.name) for row in rows] == ["李红梅", "王建国"]
    assert len({g.identifier for g in graph.graphs() if len(g)}) == 2
