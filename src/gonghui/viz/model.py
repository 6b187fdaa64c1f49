"""What a page shows: plain frozen records, independent of RDF and of the browser.

``views.py`` builds a ``GraphView`` from the graph through SPARQL; ``page.py`` turns it into one
HTML file. Everything here is plain text: the page escapes it, so names and sentences taken
from arbitrary documents can hold anything (``<script>``, quotes, ``</div>``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

# The entity types of records.EntityType, in legend order; anything else is drawn as OTHER.
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "PLACE", "PROGRAM", "AWARD", "EVENT", "POLICY")
OTHER_TYPE = "OTHER"


@dataclass(frozen=True)
class PageEvidence:
    """One sentence that supports a node, and the document it was read from."""

    sentence: str
    document: str


@dataclass(frozen=True)
class PageFact:
    """A post, award or program attached to a node, as one line of the side panel.

    ``relation`` names the relation seen from this node: ``HOLDS_POSITION``, ``RECEIVED_AWARD``,
    ``RUNS_PROGRAM`` from the person, recipient or organizer; ``MEMBER``, ``AWARDED_TO``,
    ``RUN_BY`` from the organization, award or program. ``text`` reads on its own, e.g.
    ``"主席 · 某县总工会"`` or ``"全国五一劳动奖章 (2021)"``.
    """

    relation: str
    text: str


@dataclass(frozen=True)
class PageNode:
    id: str  # stable key (the entity IRI); never shown
    label: str  # canonical name
    type: str  # one of ENTITY_TYPES, else drawn as OTHER
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    evidence: tuple[PageEvidence, ...] = ()  # the first few (views.EVIDENCE_PER_NODE)
    facts: tuple[PageFact, ...] = ()
    more_evidence: int = 0  # evidence left out of ``evidence`` (segments, or sentences)
    # Degree in the whole graph when the view is a cut of it; None: count the view's edges.
    degree: int | None = None


@dataclass(frozen=True)
class PageEdge:
    source: str  # PageNode.id
    target: str  # PageNode.id
    relation: str  # relation name or predicate local name; picks the colour
    label: str = ""  # short text drawn on the edge, e.g. the post "主席" or the year


@dataclass(frozen=True)
class PageCounts:
    """What a page holds, counted as its legend and its counts line count: one node per entity
    (an entity named in several articles is one node) and one edge per fact drawn."""

    nodes: dict[str, int]  # per type, OTHER for a type that is none of ENTITY_TYPES
    edges: dict[str, int]  # per relation
    isolated: int  # nodes no edge of the page touches: hidden until the legend's switch shows them
    omitted_nodes: int = 0  # entities of the graph left off the page
    omitted_edges: int = 0


@dataclass(frozen=True)
class GraphView:
    """A drawable cut of the graph and what was left out of it."""

    nodes: tuple[PageNode, ...]
    edges: tuple[PageEdge, ...]
    title: str
    omitted_nodes: int = 0
    omitted_edges: int = 0
    note: str = ""  # why something was left out, or what the view is; shown on the page
    focus: str | None = None  # PageNode.id selected when the page opens

    def __post_init__(self) -> None:
        ids = [node.id for node in self.nodes]
        if len(set(ids)) != len(ids):
            raise ValueError("GraphView nodes must have distinct ids")
        known = set(ids)
        for edge in self.edges:
            if edge.source not in known or edge.target not in known:
                raise ValueError(f"edge {edge.source} -> {edge.target} names a node not in the view")
        if self.focus is not None and self.focus not in known:
            raise ValueError(f"focus {self.focus} is not a node of the view")

    def isolated(self) -> frozenset[str]:
        """The ids of the nodes that no edge of the view touches."""
        linked = {edge.source for edge in self.edges} | {edge.target for edge in self.edges}
        return frozenset(node.id for node in self.nodes if node.id not in linked)

    def counts(self) -> PageCounts:
        nodes = Counter(node.type if node.type in ENTITY_TYPES else OTHER_TYPE for node in self.nodes)
        edges = Counter(edge.relation for edge in self.edges)
        return PageCounts(dict(sorted(nodes.items())), dict(sorted(edges.items())),
                          len(self.isolated()), self.omitted_nodes, self.omitted_edges)
