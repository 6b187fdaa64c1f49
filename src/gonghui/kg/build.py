"""Records -> RDF: one named graph per article, merged across articles by IRI.

The named graph of an article is named by the article's IRI and holds everything read from
it: the article and file nodes, the entities (type, canonical name, the aliases seen in that
article), the facts and the evidence. Entities merge across articles because their IRIs come
from their canonical names (people: name within a locality), so the union of the graphs is the
knowledge graph and each graph says where each statement came from. No blank nodes: every node
has a minted IRI, so the output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import (
    DCTERMS,
    ORG,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    ConjunctiveGraph,
    Dataset,
    Graph,
    Literal,
    URIRef,
)

from gonghui.kg import iri
from gonghui.kg.namespace import GH, OA, PREFIXES
from gonghui.records import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    HoldsPosition,
    ReceivedAward,
    Relation,
    RunsProgram,
)

LANG = "zh"
ENTITY_CLASSES: dict[EntityType, URIRef] = {
    EntityType.PERSON: GH.Person,
    EntityType.ORG: GH.Organization,
    EntityType.PLACE: GH.Place,
    EntityType.PROGRAM: GH.Program,
    EntityType.AWARD: GH.Award,
    EntityType.EVENT: GH.Event,
    EntityType.POLICY: GH.Policy,
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def new_dataset() -> Dataset:
    """An empty dataset with the ontology's prefixes bound."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def build_dataset(extractions: Iterable[Extraction], dataset: Dataset | None = None) -> Dataset:
    """Add each extraction as the named graph of its document; returns the dataset."""
    dataset = dataset if dataset is not None else new_dataset()
    for extraction in extractions:
        _ArticleGraph(dataset, extraction).add_all()
    return dataset


def union_graph(dataset: Graph) -> Graph:
    """All statements of all named graphs in one graph (what Turtle export writes).

    A plain graph is copied as it is.
    """
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    if isinstance(dataset, ConjunctiveGraph):  # Dataset is one
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        for triple in dataset:
            graph.add(triple)
    return graph


def _text(value: str) -> Literal:
    return Literal(value, lang=LANG)


@dataclass
class _ArticleGraph:
    """Writes one extraction into the named graph of its document."""

    dataset: Dataset
    extraction: Extraction

    def __post_init__(self) -> None:
        self.doc = self.extraction.document
        self.doc_iri = iri.document_iri(self.doc.id)
        self.graph = self.dataset.graph(self.doc_iri)
        self.locality = self.extraction.locality
        self.described: set[URIRef] = set()  # nodes whose type and names this graph already has
        # Relation arguments are canonical names; aliases are a fallback for looser extractors.
        self.by_name: dict[tuple[EntityType, str], Entity] = {}
        entities = self.extraction.entities
        for entity in entities:
            for alias in entity.aliases:
                self.by_name[(entity.type, iri.normalize_name(alias))] = entity
        for entity in entities:  # a canonical name wins over another entity's alias
            self.by_name[(entity.type, iri.normalize_name(entity.name))] = entity

    def add_all(self) -> None:
        self._add_document(self.doc)
        for entity in self.extraction.entities:
            self._add_entity(entity)
        for relation in self.extraction.relations:
            self._add_relation(relation)

    # --- nodes --------------------------------------------------------------------------------

    def _add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def _add_document(self, doc: Document) -> None:
        d, file_node = self.doc_iri, iri.file_iri(doc.file)
        self._add(d, RDF.type, GH.Document)
        self._add(d, DCTERMS.identifier, Literal(doc.id))
        self._add(d, DCTERMS.isPartOf, file_node)
        self._add(file_node, RDF.type, GH.SourceFile)
        self._add(file_node, DCTERMS.identifier, Literal(doc.file))
        if doc.sha256:
            self._add(file_node, GH.sha256, Literal(doc.sha256))
        if doc.title:
            self._add(d, DCTERMS.title, _text(doc.title))
            self._add(d, RDFS.label, _text(doc.title))
        if doc.date:
            datatype = XSD.date if _ISO_DATE.fullmatch(doc.date) else None
            self._add(d, DCTERMS.date, Literal(doc.date, datatype=datatype))
        if doc.source:
            self._add(d, DCTERMS.source, _text(doc.source))
        for category in doc.categories:
            self._add(d, DCTERMS.subject, _text(category))
        if self.locality:
            self._add(d, DCTERMS.spatial, self._node(EntityType.PLACE, self.locality))
        for byline in doc.bylines:
            self._add(d, DCTERMS.creator, self._node(EntityType.PERSON, byline))

    def _node(self, entity_type: EntityType, name: str) -> URIRef:
        """The IRI of an entity, typed, named and sourced in this article's graph."""
        name = iri.normalize_name(name)
        entity = self.by_name.get((entity_type, name))
        canonical = entity.name if entity else name
        locality = (entity.locality if entity else None) or self.locality
        node = iri.entity_iri(entity_type, canonical,
                              locality if entity_type is EntityType.PERSON else None)
        if node in self.described:
            return node
        self.described.add(node)
        self._add(node, RDF.type, ENTITY_CLASSES[entity_type])
        self._add(node, SKOS.prefLabel, _text(iri.normalize_name(canonical)))
        self._add(node, RDFS.label, _text(iri.normalize_name(canonical)))
        self._add(node, PROV.wasDerivedFrom, self.doc_iri)
        if entity_type is EntityType.PERSON and locality:
            self._add(node, GH.locality, self._node(EntityType.PLACE, locality))
        return node

    def _add_entity(self, entity: Entity) -> None:
        node = self._node(entity.type, entity.name)
        canonical = iri.normalize_name(entity.name)
        for alias in sorted({iri.normalize_name(a) for a in entity.aliases} - {canonical}):
            self._add(node, SKOS.altLabel, _text(alias))
        self._add_evidence(node, entity.evidence)

    def _add_evidence(self, subject: URIRef, evidence: Iterable[Evidence]) -> None:
        for item in evidence:
            node = iri.evidence_iri(item)
            self._add(subject, GH.evidence, node)
            self._add(node, RDF.type, GH.Evidence)
            self._add(node, DCTERMS.isPartOf, iri.document_iri(item.document))
            self._add(node, OA.start, Literal(item.start))
            self._add(node, OA.end, Literal(item.end))
            self._add(node, GH.sentence, Literal(item.sentence))

    def _fact(self, node: URIRef, cls: URIRef, evidence: Iterable[Evidence]) -> None:
        self._add(node, RDF.type, cls)
        self._add(node, PROV.wasDerivedFrom, self.doc_iri)
        self._add_evidence(node, evidence)

    # --- facts --------------------------------------------------------------------------------

    def _add_relation(self, relation: Relation) -> None:
        if isinstance(relation, HoldsPosition):
            self._add_holds_position(relation)
        elif isinstance(relation, ReceivedAward):
            self._add_received_award(relation)
        elif isinstance(relation, RunsProgram):
            self._add_runs_program(relation)

    def _person_key(self, name: str) -> tuple[str, str | None]:
        entity = self.by_name.get((EntityType.PERSON, iri.normalize_name(name)))
        if entity:
            return entity.name, entity.locality or self.locality
        return name, self.locality

    def _org_name(self, name: str) -> str:
        entity = self.by_name.get((EntityType.ORG, iri.normalize_name(name)))
        return entity.name if entity else name

    def _add_holds_position(self, rel: HoldsPosition) -> None:
        person, locality = self._person_key(rel.person)
        org = self._org_name(rel.org) if rel.org else None
        node = iri.membership_iri(person, locality, rel.position, org)
        self._fact(node, ORG.Membership, rel.evidence)
        self._add(node, ORG.member, self._node(EntityType.PERSON, rel.person))
        role = iri.role_iri(rel.position)
        self._add(role, RDF.type, ORG.Role)
        self._add(role, SKOS.prefLabel, _text(iri.normalize_name(rel.position)))
        self._add(role, RDFS.label, _text(iri.normalize_name(rel.position)))
        self._add(node, ORG.role, role)
        if org:
            self._add(node, ORG.organization, self._node(EntityType.ORG, org))

    def _recipient_type(self, name: str) -> EntityType:
        """A recipient is a person when the article knows a person of that name, else an org."""
        if (EntityType.PERSON, iri.normalize_name(name)) in self.by_name:
            return EntityType.PERSON
        return EntityType.ORG

    def _add_received_award(self, rel: ReceivedAward) -> None:
        kind = self._recipient_type(rel.recipient)
        if kind is EntityType.PERSON:
            name, locality = self._person_key(rel.recipient)
        else:
            name, locality = self._org_name(rel.recipient), None
        award_name = self._canonical(EntityType.AWARD, rel.award)
        node = iri.conferral_iri(kind, name, locality, award_name, rel.year)
        self._fact(node, GH.AwardConferral, rel.evidence)
        recipient = self._node(kind, rel.recipient)
        award = self._node(EntityType.AWARD, rel.award)
        self._add(node, GH.recipient, recipient)
        self._add(node, GH.award, award)
        if rel.year is not None:
            self._add(node, GH.year, Literal(f"{rel.year:04d}", datatype=XSD.gYear))
        self._add(recipient, GH.receivedAward, award)

    def _canonical(self, entity_type: EntityType, name: str) -> str:
        entity = self.by_name.get((entity_type, iri.normalize_name(name)))
        return entity.name if entity else name

    def _add_runs_program(self, rel: RunsProgram) -> None:
        org_name = self._org_name(rel.org)
        program_name = self._canonical(EntityType.PROGRAM, rel.program)
        node = iri.run_iri(org_name, program_name)
        self._fact(node, GH.ProgramRun, rel.evidence)
        org = self._node(EntityType.ORG, rel.org)
        program = self._node(EntityType.PROGRAM, rel.program)
        self._add(node, GH.organizer, org)
        self._add(node, GH.program, program)
        self._add(org, GH.runsProgram, program)
