"""The namespace module is generated from the ontology, and every term we mint is documented."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from gonghui.kg import namespace
from gonghui.kg._codegen import (
    GH_NS,
    MODULE_PATH,
    PREFIXES_PATH,
    generate_namespace_module,
    generate_prefixes_module,
)
from gonghui.kg.namespace import GH
from gonghui.resources import ontology_dir


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "gonghui.ttl", format="turtle")


def _minted_terms(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects()
                   if isinstance(s, URIRef) and str(s).startswith(GH_NS)})


def test_namespace_module_matches_ontology() -> None:
    assert MODULE_PATH.read_text(encoding="utf-8") == generate_namespace_module(), (
        "src/gonghui/kg/namespace.py is stale: run `python -m gonghui.kg.namespace`"
    )
    assert PREFIXES_PATH.read_text(encoding="utf-8") == generate_prefixes_module(), (
        "src/gonghui/kg/prefixes.py is stale: run `python -m gonghui.kg.namespace`"
    )


def test_namespace_unknown_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        GH.Persn  # noqa: B018  (a typo must not silently mint a new IRI)


@pytest.mark.parametrize("name", ["Person", "Organization", "AwardConferral", "ProgramRun",
                                  "evidence", "year", "runsProgram"])
def test_namespace_has_term(name: str) -> None:
    assert str(getattr(GH, name)) == GH_NS + name


def test_ontology_every_minted_term_has_zh_en_label_and_comment(ontology: Graph) -> None:
    terms = _minted_terms(ontology)
    assert len(terms) >= 20
    missing = []
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            missing += [f"{term} {prop} @{lang}" for lang in ("zh", "en") if lang not in langs]
    assert missing == []


def test_ontology_every_minted_term_is_declared(ontology: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    undeclared = [t for t in _minted_terms(ontology)
                  if not set(ontology.objects(t, RDF.type)) & kinds]
    assert undeclared == []


def test_ontology_generated_prefixes_cover_reused_vocabularies() -> None:
    for prefix in ("org", "skos", "prov", "dcterms", "oa", "gh"):
        assert prefix in namespace.PREFIXES
