"""Records -> RDF quads in an Oxigraph store: one named graph per article, merged by IRI.

The named graph of an article is named by the article's IRI and holds everything read from
it: the article and file nodes, the entities (type, canonical name, the aliases seen in that
article), the facts and the evidence. Every entity and fact says which article it came from
(``prov:wasDerivedFrom``) and, where the text was located, which segment of it (``gh:evidence``
to an ``oa:SpecificResource``, see ``kg.provenance``). Entities merge across articles because their IRIs come
from their canonical names (people: name within a locality), so the union of the graphs is the
knowledge graph and each graph says where each statement came from. No blank nodes: every node
has a minted IRI, so the output is deterministic.

The dataset is written straight into a ``pyoxigraph.Store`` (in memory or on disk), one article
at a time, so a build streams records from the extraction workers into the store and never
holds the whole graph as Python objects (an rdflib ``Dataset`` took about 1 MB per article).
The store's default graph holds the set union of the named graphs, the shape every reader of
a store expects (``kg/store.py``): a query over it counts each statement once, where Oxigraph's
own union of named graphs would count it once per article. rdflib stays a reader's API:
:func:`to_dataset` copies a store into an rdflib ``Dataset``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pyoxigraph as ox
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
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from gonghui.kg import iri
from gonghui.kg.namespace import GH, OA, PREFIXES
from gonghui.kg.provenance import Quoter
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
# Statements per write: large enough that Oxigraph's per-call cost vanishes, small enough that
# the text waiting to be written stays a few tens of MB.
BATCH_STATEMENTS = 200_000
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def new_dataset() -> Dataset:
    """An empty dataset with the ontology's prefixes bound."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def article_nquads(extraction: Extraction) -> list[str]:
    """The named graph of one extraction as N-Triples statements (no graph, no final `` .``),
    each once, in the order they were first written."""
    article = _ArticleGraph(extraction)
    article.add_all()
    return list(article.statements)


@dataclass(frozen=True)
class ArticleStatements:
    """One article's named graph as it is written: the graph's name (the article's IRI) and its
    statements in N-Triples (no final `` .``)."""

    graph: str
    statements: tuple[str, ...]

    @cached_property
    def ntriples(self) -> str:
        """The statements as N-Triples text, made once for the union, the check and the TriG."""
        return "".join(statement + " .\n" for statement in self.statements)


# Called with each batch of articles once it is in the store: the checks and the TriG read the
# statements while they are still text, instead of reading them back out of the store after
# the last article (string lookups in RocksDB: most of a large build's tail).
BatchListener = Callable[[Sequence[ArticleStatements]], None]


class StoreWriter:
    """Writes articles into a store in batches: each article's named graph, and its statements
    into the default graph (the union); each written batch goes to the ``listeners``.

    Statements are written as N-Quads text that Oxigraph parses: building a Python object per
    term and quad cost more than all the rest of the graph phase. ``bulk`` uses Oxigraph's bulk
    loader (an on-disk store being built, nothing reading it meanwhile); otherwise each batch is
    one transaction.
    """

    def __init__(self, store: ox.Store, *, bulk: bool = False,
                 batch_statements: int = BATCH_STATEMENTS,
                 listeners: Sequence[BatchListener] = ()) -> None:
        self.store, self.bulk, self.batch_statements = store, bulk, batch_statements
        self.listeners = tuple(listeners)
        self._batch: list[ArticleStatements] = []
        self._size = 0
        self.seconds = 0.0  # spent here, building statements and writing them
        self.listener_seconds = 0.0  # spent in the listeners

    def add(self, extraction: Extraction) -> None:
        started = time.perf_counter()
        graph = iri.document_iri(extraction.document.id)
        self._batch.append(ArticleStatements(str(graph), tuple(article_nquads(extraction))))
        self._size += 2 * len(self._batch[-1].statements)  # its graph's and the union's
        self.seconds += time.perf_counter() - started
        if self._size >= self.batch_statements:
            self.flush()

    def flush(self) -> None:
        if not self._batch:
            return
        started = time.perf_counter()
        batch, self._batch, self._size = self._batch, [], 0
        lines: list[str] = []
        for article in batch:
            named = f" <{article.graph}> .\n"
            lines += [statement + named for statement in article.statements]
        lines += [article.ntriples for article in batch]
        data = "".join(lines).encode("utf-8")
        del lines
        if self.bulk:
            self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self.store.load(data, format=ox.RdfFormat.N_QUADS)
        del data
        written = time.perf_counter()
        self.seconds += written - started
        for listener in self.listeners:
            listener(batch)
        self.listener_seconds += time.perf_counter() - written


def build_store(extractions: Iterable[Extraction], store: ox.Store | None = None, *,
                bulk: bool = False) -> ox.Store:
    """Add each extraction as the named graph of its document; returns the store.

    ``extractions`` may be a generator (the extraction workers' output): each record is written
    and dropped, so memory holds the store and a batch, not the run. The documents' graphs are
    assumed absent (a fresh build); ``kg.update`` replaces graphs.
    """
    store = store if store is not None else ox.Store()
    writer = StoreWriter(store, bulk=bulk)
    for extraction in extractions:
        writer.add(extraction)
    writer.flush()
    return store


def build_dataset(extractions: Iterable[Extraction], dataset: Dataset | None = None) -> Dataset:
    """The same graph as :func:`build_store`, as an rdflib ``Dataset`` (a reader's API)."""
    return to_dataset(build_store(extractions), dataset)


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


def to_dataset(store: ox.Store, dataset: Dataset | None = None) -> Dataset:
    """Copy the named graphs of a store into an rdflib dataset (the union is not copied)."""
    from oxrdflib import OxigraphStore

    dataset = dataset if dataset is not None else new_dataset()
    view = Dataset(store=OxigraphStore(store=store))  # rdflib terms over the store, no copy
    for s, p, o, g in view.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        if name == DATASET_DEFAULT_GRAPH_ID:
            continue
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))  # RDF 1.1's simple literal, as rdflib writes and compares it
        dataset.graph(name).add((s, p, o))
    return dataset


def _text(value: str) -> str:
    return _literal(value, LANG)


def _literal(value: str, language: str | None = None, datatype: str | None = None) -> str:
    quoted = '"' + value.translate(_ESCAPES) + '"'
    if language:
        return f"{quoted}@{language}"
    if datatype and datatype != XSD.string:
        return f"{quoted}^^<{datatype}>"
    return quoted


@lru_cache(maxsize=1 << 16)  # predicates, classes and shared entities recur in every article
def _iri(term: str) -> str:
    return f"<{term}>"


@dataclass
class _ArticleGraph:
    """Writes one extraction as the quads of the named graph of its document."""

    extraction: Extraction
    statements: dict[str, None] = field(default_factory=dict)  # a set that keeps its order

    def __post_init__(self) -> None:
        self.doc = self.extraction.document
        self.doc_iri = iri.document_iri(self.doc.id)
        self.quoter = Quoter(self.doc)
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

    def _add(self, s: URIRef, p: URIRef, o: URIRef | str) -> None:
        """``o`` is an IRI, or a literal already in N-Triples syntax (:func:`_text`...)."""
        obj = _iri(o) if isinstance(o, URIRef) else o
        self.statements[f"{_iri(s)} {_iri(p)} {obj}"] = None

    def _add_document(self, doc: Document) -> None:
        d, file_node = self.doc_iri, iri.file_iri(doc.file)
        self._add(d, RDF.type, GH.Document)
        self._add(d, DCTERMS.identifier, _literal(doc.id))
        self._add(d, DCTERMS.isPartOf, file_node)
        self._add(file_node, RDF.type, GH.SourceFile)
        self._add(file_node, DCTERMS.identifier, _literal(doc.file))
        if doc.sha256:
            self._add(file_node, GH.sha256, _literal(doc.sha256))
        if doc.title:
            self._add(d, DCTERMS.title, _text(doc.title))
            self._add(d, RDFS.label, _text(doc.title))
        if doc.date:
            datatype = XSD.date if _ISO_DATE.fullmatch(doc.date) else None
            self._add(d, DCTERMS.date, _literal(doc.date, datatype=datatype))
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
        """Each span as a Web Annotation segment of the source file (see ``kg.provenance``)."""
        for item in evidence:
            node = iri.evidence_iri(item)
            self._add(subject, GH.evidence, node)
            self._add(node, RDF.type, OA.SpecificResource)
            self._add(node, OA.hasSource, iri.file_iri(self.doc.file))
            self._add(node, DCTERMS.isPartOf, iri.document_iri(item.document))
            position, quote = iri.evidence_iri(item, "position"), iri.evidence_iri(item, "quote")
            self._add(node, OA.hasSelector, position)
            self._add(position, RDF.type, OA.TextPositionSelector)
            self._add(position, OA.start, _literal(str(item.start), datatype=XSD.integer))
            self._add(position, OA.end, _literal(str(item.end), datatype=XSD.integer))
            text = self.quoter.quote(item)
            self._add(node, OA.hasSelector, quote)
            self._add(quote, RDF.type, OA.TextQuoteSelector)
            self._add(quote, OA.exact, _literal(text.exact))
            if text.prefix:
                self._add(quote, OA.prefix, _literal(text.prefix))
            if text.suffix:
                self._add(quote, OA.suffix, _literal(text.suffix))

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
            self._add(node, GH.year, _literal(f"{rel.year:04d}", datatype=XSD.gYear))
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
