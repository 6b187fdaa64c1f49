"""Views over the knowledge graph: what one page draws, built through named SPARQL queries.

Every view reads the graph through the query layer (``gonghui.kg.store``) with the queries in
``kg/queries/views/`` (parameters bound, never formatted in), collects entities, their names,
aliases, documents, evidence and facts into a ``GraphIndex``, then cuts it to what the user asked for and to ``max_nodes``:

    whole_graph(graph)                      all entities, best-connected first
    neighbourhood(graph, "某县总工会", 2)    everything within 2 steps of an entity
    by_types(graph, ["PERSON", "ORG"])      the entities of some types
    by_document(graph, "001.txt")           the entities read from one article or file
    from_query(graph, text)                 the entities a SELECT or CONSTRUCT query returns

``graph`` is an rdflib Graph or Dataset or a pyoxigraph Store (see ``gonghui.kg.store``); an rdflib
graph is copied into an in-memory Oxigraph store first, where the queries run 10-30x faster.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from gonghui.errors import GonghuiError, QueryError
from gonghui.kg.namespace import GH
from gonghui.viz.model import ENTITY_TYPES, GraphView, PageEdge, PageEvidence, PageFact, PageNode
from gonghui.kg.saved_queries import load_query
from gonghui.kg.store import (
    GraphLike,
    Term,
    as_store,
    lexical_rows,
    restrict,
    run_query,
    select,
)

DEFAULT_MAX_NODES = 3000  # a page of this size opens in about two seconds
# Evidence sentences shown per node; the rest are counted. A national body named in thousands
# of articles would otherwise carry thousands of sentences into the page.
EVIDENCE_PER_NODE = 10
EVIDENCE_BATCH = 1000  # entities per evidence query (their IRIs are the query's VALUES)

ENTITY_CLASSES: dict[str, str] = {
    str(GH.Person): "PERSON",
    str(GH.Organization): "ORG",
    str(GH.Place): "PLACE",
    str(GH.Program): "PROGRAM",
    str(GH.Award): "AWARD",
    str(GH.Event): "EVENT",
    str(GH.Policy): "POLICY",
}
# Shortcut predicates of the ontology, named as relations when a CONSTRUCT query returns them.
SHORTCUT_RELATIONS: dict[str, str] = {
    str(GH.receivedAward): "RECEIVED_AWARD",
    str(GH.runsProgram): "RUNS_PROGRAM",
    str(GH.locality): "LOCALITY",
}


class ViewError(GonghuiError):
    """A view that cannot be drawn: an unknown entity, type or document, or nothing to draw."""


@dataclass
class _Entity:
    id: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    evidence: set[tuple[str, str]] = field(default_factory=set)
    facts: set[tuple[str, str]] = field(default_factory=set)


@dataclass(frozen=True)
class _Link:
    """One drawable fact: an edge between two entities, from the fact node ``fact``."""

    source: str
    target: str
    relation: str
    label: str
    fact: str


@dataclass
class GraphIndex:
    """The entities and facts of a graph, read once through the named queries."""

    entities: dict[str, _Entity]
    links: list[_Link]
    fact_documents: dict[str, set[str]]
    fact_members: dict[str, set[str]]  # fact node -> the entities it links
    # Where the details (documents, evidence) are read from, for the nodes a view keeps
    # (``read_details``); None: every node's details are read already.
    store: Any = None
    _with_details: set[str] = field(default_factory=set)
    # Entity -> its evidence segments whose sentences were not read (``read_details``).
    more_evidence: dict[str, int] = field(default_factory=dict)

    def read_details(self, keep: Iterable[str], facts: bool = False) -> None:
        """Read the documents and evidence sentences of the entities in ``keep`` (with
        ``facts``, the documents of their facts too), where not read yet.

        A page shows a few thousand entities of a graph that may hold hundreds of thousands;
        reading every node's documents and sentences was most of a large build's page time. A
        node's sentences are read for up to the page's :data:`EVIDENCE_PER_NODE` evidence segments
        (a national body is named in thousands of articles: see :meth:`_read_evidence`)."""
        wanted = sorted(set(keep) - self._with_details)
        if self.store is None or not wanted:
            return
        among = set(wanted)
        their_facts = sorted({link.fact for link in self.links if facts and link.fact
                              and (link.source in among or link.target in among)}
                             - self._with_details)
        for first in range(0, len(wanted), EVIDENCE_BATCH):
            batch = [URIRef(e) for e in wanted[first:first + EVIDENCE_BATCH]]
            self._read_documents(batch)
            self._read_evidence(batch)
        for first in range(0, len(their_facts), EVIDENCE_BATCH):
            self._read_documents([URIRef(f) for f in their_facts[first:first + EVIDENCE_BATCH]])
        self._with_details.update(wanted)
        self._with_details.update(their_facts)

    def _read_documents(self, nodes: list[URIRef]) -> None:
        query = restrict(load_query("views/documents"), "node", nodes)
        for row in lexical_rows(self.store, query, name="views/documents.rq"):
            node, document = _value(row, "node"), _value(row, "document")
            if node in self.entities:
                self.entities[node].documents.add(document)
            else:
                self.fact_documents.setdefault(node, set()).add(document)

    def _read_evidence(self, entities: list[URIRef]) -> None:
        """All the sentences of an entity with a few evidence segments; of one with more than a
        page shows, those of its first :data:`EVIDENCE_PER_NODE` segments in IRI order (by
        document, then span), and the number of the others. Reading a national body's
        thousands of sentences to show ten took minutes on a large graph."""
        counted = restrict(load_query("views/evidence_counts"), "entity", entities)
        counts = {_value(row, "entity"): int(_value(row, "count")) for row in
                  lexical_rows(self.store, counted, name="views/evidence_counts.rq")}
        many = {e for e in entities if counts.get(str(e), 0) > EVIDENCE_PER_NODE}
        few = [e for e in entities if e not in many]
        if few:
            self._read_sentences(restrict(load_query("views/evidence"), "entity", few))
        first: dict[str, list[str]] = defaultdict(list)  # segment -> entities, of those with many
        first_segments = load_query("views/evidence_first")  # read once: a query per entity
        for entity in sorted(many):
            query = (restrict(first_segments, "entity", [entity])
                     + f"\nLIMIT {EVIDENCE_PER_NODE}")
            for row in lexical_rows(self.store, query, name="views/evidence_first.rq"):
                first[_value(row, "evidence")].append(str(entity))
        if first:
            query = restrict(load_query("views/segment_sentences"), "evidence",
                             [URIRef(segment) for segment in sorted(first)])
            for row in lexical_rows(self.store, query, name="views/segment_sentences.rq"):
                for entity in first[_value(row, "evidence")]:
                    self._add_sentence(entity, row)
        for entity in map(str, many):
            if entity in self.entities:
                self.more_evidence[entity] = counts[entity] - EVIDENCE_PER_NODE

    def _read_sentences(self, query: str) -> None:
        for row in lexical_rows(self.store, query, name="views/evidence.rq"):
            self._add_sentence(_value(row, "entity"), row)

    def _add_sentence(self, entity: str, row: Mapping[str, str]) -> None:
        found = self.entities.get(entity)
        if found is not None:
            found.evidence.add((_value(row, "sentence"), _value(row, "document")))

    def degree(self) -> dict[str, int]:
        counted: dict[str, int] = dict.fromkeys(self.entities, 0)
        for link in self.links:
            counted[link.source] += 1
            counted[link.target] += 1
        return counted


def load_index(graph: GraphLike, details: bool = True) -> GraphIndex:
    """The graph's entities and facts; ``details=False`` leaves their documents and evidence
    sentences to be read for the entities a view keeps (:meth:`GraphIndex.read_details`, which
    ``_cut`` calls)."""
    graph = as_store(graph)
    entities: dict[str, _Entity] = {}
    for row in sorted(_rows(graph, "views/entities"), key=_row_key):
        kind = ENTITY_CLASSES.get(_value(row, "class"))
        entity_id = _value(row, "entity")
        if kind is None or entity_id in entities:
            continue
        entities[entity_id] = _Entity(entity_id, _value(row, "label"), kind)
    for row in _rows(graph, "views/aliases"):
        found = entities.get(_value(row, "entity"))
        if found is not None and _value(row, "alias") != found.label:
            found.aliases.add(_value(row, "alias"))
    fact_documents: dict[str, set[str]] = defaultdict(set)
    if details:
        for row in _rows(graph, "views/documents"):
            node, document = _value(row, "node"), _value(row, "document")
            if node in entities:
                entities[node].documents.add(document)
            else:
                fact_documents[node].add(document)
        for row in _rows(graph, "views/evidence"):
            found = entities.get(_value(row, "entity"))
            if found is not None:
                found.evidence.add((_value(row, "sentence"), _value(row, "document")))
    links: list[_Link] = []
    fact_members: dict[str, set[str]] = defaultdict(set)
    _read_memberships(graph, entities, links, fact_members)
    _read_conferrals(graph, entities, links, fact_members)
    _read_program_runs(graph, entities, links, fact_members)
    for row in _rows(graph, "views/localities"):
        person, place = _value(row, "entity"), _value(row, "place")
        if person in entities and place in entities:
            links.append(_Link(person, place, "LOCALITY", "", ""))
    unique = sorted(set(links), key=lambda link: (link.source, link.target, link.relation,
                                                  link.label, link.fact))
    return GraphIndex(entities, unique, dict(fact_documents), dict(fact_members),
                      store=None if details else graph)


def _read_memberships(graph: GraphLike, entities: dict[str, _Entity], links: list[_Link],
                      members: dict[str, set[str]]) -> None:
    for row in _rows(graph, "views/memberships"):
        fact, person, post = _value(row, "fact"), _value(row, "person"), _value(row, "post")
        org = _value(row, "org")
        if person not in entities:
            continue
        members[fact].add(person)
        if org in entities:
            members[fact].add(org)
            entities[person].facts.add(("HOLDS_POSITION", f"{post} · {entities[org].label}"))
            entities[org].facts.add(("MEMBER", f"{entities[person].label} · {post}"))
            links.append(_Link(person, org, "HOLDS_POSITION", post, fact))
        else:
            entities[person].facts.add(("HOLDS_POSITION", post))


def _read_conferrals(graph: GraphLike, entities: dict[str, _Entity], links: list[_Link],
                     members: dict[str, set[str]]) -> None:
    for row in _rows(graph, "views/conferrals"):
        fact, recipient, award = (_value(row, "fact"), _value(row, "recipient"),
                                  _value(row, "award"))
        if recipient not in entities or award not in entities:
            continue
        year = _value(row, "year")
        members[fact].update((recipient, award))
        suffix = f" ({year})" if year else ""
        entities[recipient].facts.add(("RECEIVED_AWARD", entities[award].label + suffix))
        entities[award].facts.add(("AWARDED_TO", entities[recipient].label + suffix))
        links.append(_Link(recipient, award, "RECEIVED_AWARD", year, fact))


def _read_program_runs(graph: GraphLike, entities: dict[str, _Entity], links: list[_Link],
                       members: dict[str, set[str]]) -> None:
    for row in _rows(graph, "views/program_runs"):
        fact, org, program = _value(row, "fact"), _value(row, "org"), _value(row, "program")
        if org not in entities or program not in entities:
            continue
        members[fact].update((org, program))
        entities[org].facts.add(("RUNS_PROGRAM", entities[program].label))
        entities[program].facts.add(("RUN_BY", entities[org].label))
        links.append(_Link(org, program, "RUNS_PROGRAM", "", fact))


def _rows(graph: GraphLike, name: str) -> list[dict[str, str]]:
    """A named view query's rows as lexical values (its millions of terms on a large graph)."""
    return lexical_rows(graph, load_query(name), name=f"{name}.rq")


def _value(row: Mapping[str, Term | str | None], name: str) -> str:
    term = row.get(name)
    if term is None:
        return ""
    return term if isinstance(term, str) else term.value


def _row_key(row: Mapping[str, Term | str | None]) -> tuple[str, ...]:
    return tuple(_value(row, name) for name in sorted(row))


# --- the views ----------------------------------------------------------------------------------


def whole_graph(graph: GraphLike, max_nodes: int = DEFAULT_MAX_NODES) -> GraphView:
    graph = as_store(graph)
    index = load_index(graph, details=False)
    return _cut(index, set(index.entities), max_nodes, title="工会知识图谱 · 全图 whole graph")


def neighbourhood(graph: GraphLike, focus_name: str, depth: int = 1,
                  max_nodes: int = DEFAULT_MAX_NODES) -> GraphView:
    """Entities within ``depth`` steps of the entity named (or aliased) ``focus_name``.

    Two entities may share a name (people in two localities): all are centres, the first (by
    IRI) is selected when the page opens.
    """
    graph = as_store(graph)
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    index = load_index(graph, details=False)
    found = sorted(_value(row, "entity") for row in select(graph, "views/find_entity",
                                                           {"name": focus_name.strip()}))
    centres = [entity for entity in found if entity in index.entities]
    if not centres:
        raise ViewError(f"no entity named {focus_name!r} in the graph{_suggest(index, focus_name)}")
    distance = _distances(index, centres, depth)
    title = f"{index.entities[centres[0]].label} · {depth} 层邻域 neighbourhood, depth {depth}"
    return _cut(index, set(distance), max_nodes, title=title, focus=centres[0],
                rank=lambda entity: (distance[entity],))


def by_types(graph: GraphLike, types: Iterable[str],
             max_nodes: int = DEFAULT_MAX_NODES) -> GraphView:
    graph = as_store(graph)
    wanted = sorted({kind.strip().upper() for kind in types if kind.strip()})
    unknown = [kind for kind in wanted if kind not in ENTITY_TYPES]
    if unknown or not wanted:
        raise ViewError(f"unknown entity type {', '.join(unknown) or '(none given)'}; "
                        f"choose from {', '.join(ENTITY_TYPES)}")
    index = load_index(graph, details=False)
    keep = {entity.id for entity in index.entities.values() if entity.type in wanted}
    return _cut(index, keep, max_nodes, title=f"类型 types: {', '.join(wanted)}")


def by_document(graph: GraphLike, document_id: str,
                max_nodes: int = DEFAULT_MAX_NODES) -> GraphView:
    """Entities read from one article (its id) or from every article of one file (its name),
    with the facts read from it."""
    graph = as_store(graph)
    index = load_index(graph, details=False)
    rows = select(graph, "views/document_entities", {"document": document_id.strip()})
    keep = {_value(row, "entity") for row in rows} & set(index.entities)
    if not keep:
        raise ViewError(f"no document {document_id!r} with entities in the graph")
    index.read_details(keep, facts=True)
    documents = {doc for entity in keep for doc in index.entities[entity].documents
                 if doc == document_id or doc.split("#")[0] == document_id}
    links = [link for link in index.links
             if not link.fact or index.fact_documents.get(link.fact, set()) & documents]
    return _cut(index, keep, max_nodes, title=f"文档 document: {document_id}", links=links)


def from_query(graph: GraphLike, query_text: str,
               max_nodes: int = DEFAULT_MAX_NODES) -> GraphView:
    """Draw a query's answer: for SELECT, the entities in its rows (a fact node stands for the
    entities it links) and the facts between them; for CONSTRUCT or DESCRIBE, the entities of
    the triples and the triples between them."""
    graph = as_store(graph)
    result = run_query(graph, query_text)
    if result.form == "ASK":
        raise QueryError("the query is an ASK query: it has nothing to draw")
    index = load_index(graph, details=False)
    if result.form == "SELECT":
        iris = {term.value for row in result.rows for term in row
                if term is not None and term.kind == "iri"}
        keep = _entities_of(index, iris)
        if not keep:
            raise ViewError(f"the query returned {len(result.rows)} rows but no entity to draw")
        return _cut(index, keep, max_nodes, title="查询结果 query result",
                    note=f"{len(result.rows)} 行 rows")
    return _constructed_view(index, result.rows, max_nodes)  # type: ignore[arg-type]


def _entities_of(index: GraphIndex, iris: Iterable[str]) -> set[str]:
    keep: set[str] = set()
    for value in iris:
        if value in index.entities:
            keep.add(value)
        keep.update(index.fact_members.get(value, ()))
    return keep


def _constructed_view(index: GraphIndex, triples: Sequence[tuple[Term, Term, Term]],
                      max_nodes: int) -> GraphView:
    links: set[_Link] = set()
    keep: set[str] = set()
    for subject, predicate, obj in triples:
        ends = [_entities_of(index, [term.value]) if term.kind == "iri" else set()
                for term in (subject, obj)]
        keep.update(*ends)
        if subject.value in index.entities and obj.value in index.entities:
            relation = SHORTCUT_RELATIONS.get(predicate.value) or _local_name(predicate.value)
            links.add(_Link(subject.value, obj.value, relation, "", ""))
    if not keep:
        raise ViewError(f"the query constructed {len(triples)} triples but no entity to draw")
    return _cut(index, keep, max_nodes, title="查询结果 query result", links=sorted(
        links, key=lambda link: (link.source, link.target, link.relation)),
        note=f"{len(triples)} 个三元组 triples")


def _local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _distances(index: GraphIndex, centres: list[str], depth: int) -> dict[str, int]:
    adjacent: dict[str, set[str]] = defaultdict(set)
    for link in index.links:
        adjacent[link.source].add(link.target)
        adjacent[link.target].add(link.source)
    distance = dict.fromkeys(centres, 0)
    queue = deque(centres)
    while queue:
        node = queue.popleft()
        if distance[node] == depth:
            continue
        for nxt in sorted(adjacent[node]):
            if nxt not in distance:
                distance[nxt] = distance[node] + 1
                queue.append(nxt)
    return distance


def _suggest(index: GraphIndex, name: str) -> str:
    """Up to three names that contain what the user typed, else that it contains."""
    probe = name.strip()
    if not probe:
        return ""
    containing = sorted({entity.label for entity in index.entities.values()
                         if probe in entity.label or any(probe in a for a in entity.aliases)},
                        key=lambda label: (len(label), label))
    contained = sorted({entity.label for entity in index.entities.values()
                        if len(entity.label) > 1 and entity.label in probe},
                       key=lambda label: (-len(label), label))
    close = list(dict.fromkeys(containing + contained))[:3]
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _cut(index: GraphIndex, keep: set[str], max_nodes: int, title: str,
         focus: str | None = None, rank=None, links: Sequence[_Link] | None = None,
         note: str = "") -> GraphView:
    """The view of ``keep`` and the links among it, cut to the ``max_nodes`` that rank first
    (by ``rank``, then degree, then name); the note says what was left out."""
    if max_nodes < 1:
        raise ViewError(f"max_nodes must be at least 1, not {max_nodes}")
    degree = index.degree()
    candidates = links if links is not None else index.links
    among = [link for link in candidates if link.source in keep and link.target in keep]

    def order(entity: str) -> tuple:
        first = rank(entity) if rank else ()
        return (*first, -degree[entity], index.entities[entity].label, entity)

    chosen = set(sorted(keep, key=order)[:max_nodes])
    index.read_details(chosen)
    shown = [link for link in among if link.source in chosen and link.target in chosen]
    omitted = len(keep) - len(chosen)
    notes = [note] if note else []
    if omitted:
        how = "离中心最近、连接最多" if rank else "连接最多"
        notes.append(f"只显示{how}的 {len(chosen):,} 个节点 (kept the {len(chosen):,} "
                     f"{'nearest, best-connected' if rank else 'best-connected'} of "
                     f"{len(keep):,} nodes)")
    nodes = tuple(_page_node(index.entities[entity], degree[entity],
                             index.more_evidence.get(entity, 0)) for entity in sorted(chosen))
    edges = tuple(dict.fromkeys(PageEdge(link.source, link.target, link.relation, link.label)
                                for link in shown))
    return GraphView(nodes=nodes, edges=edges, title=title, omitted_nodes=omitted,
                     omitted_edges=len(among) - len(shown), note="; ".join(notes), focus=focus)


def _page_node(entity: _Entity, degree: int, more_evidence: int = 0) -> PageNode:
    evidence = sorted(entity.evidence)
    return PageNode(
        id=entity.id,
        label=entity.label,
        type=entity.type,
        aliases=tuple(sorted(entity.aliases)),
        documents=tuple(sorted(entity.documents)),
        evidence=tuple(PageEvidence(sentence, document)
                       for sentence, document in evidence[:EVIDENCE_PER_NODE]),
        more_evidence=more_evidence + max(0, len(evidence) - EVIDENCE_PER_NODE),
        facts=tuple(PageFact(relation, text) for relation, text in sorted(entity.facts)),
        degree=degree,
    )


__all__ = ["DEFAULT_MAX_NODES", "GraphIndex", "QueryError", "ViewError", "by_document",
           "by_types", "from_query", "load_index", "neighbourhood", "whole_graph"]
