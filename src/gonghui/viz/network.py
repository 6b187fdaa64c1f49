"""The entity graph as networkx, written as GraphML, GEXF or a CSV edge list (Gephi, Cytoscape).

It is the page's graph, read through the same named queries into the same index
(:func:`gonghui.viz.views.load_index`) and deduplicated the same way, so a file has exactly the
nodes and edges the page's legend counts (nothing is cut for size here).

Nodes are entities (id: the IRI) with ``label`` and ``name`` (the canonical name), ``type``,
``aliases``, ``locality`` (people) and ``documents``. Edges are facts: ``relation``, ``post``
(HOLDS_POSITION), ``year`` (RECEIVED_AWARD) and ``documents``, the articles that state it.
GraphML and GEXF cannot hold a list in an attribute, so lists are joined with ``"; "``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from enum import Enum

import networkx as nx

from gonghui.kg.store import GraphLike
from gonghui.viz.views import GraphIndex, load_index

SEPARATOR = "; "


class NetworkFormat(str, Enum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


def entity_network(graph: GraphLike) -> nx.MultiDiGraph:
    """The entities and the facts between them, one edge per (source, target, relation,
    post or year) as on the page, with the documents that state it."""
    return network_from_index(load_index(graph))


def network_from_index(index: GraphIndex) -> nx.MultiDiGraph:
    network = nx.MultiDiGraph()
    localities: dict[str, set[str]] = defaultdict(set)
    for link in index.links:
        if link.relation == "LOCALITY":
            localities[link.source].add(index.entities[link.target].label)
    for entity_id in sorted(index.entities):
        entity = index.entities[entity_id]
        # ``label`` is what Gephi and Cytoscape show on a node (else the IRI).
        network.add_node(entity_id, label=entity.label, type=entity.type, name=entity.label,
                         aliases=SEPARATOR.join(sorted(entity.aliases)),
                         locality=SEPARATOR.join(sorted(localities[entity_id])),
                         documents=SEPARATOR.join(sorted(entity.documents)))
    documents: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for link in index.links:
        documents[(link.source, link.target, link.relation, link.label)].update(
            index.fact_documents.get(link.fact, ()))
    for (source, target, relation, label), found in sorted(documents.items()):
        network.add_edge(source, target, key=f"{relation}:{label}" if label else relation,
                         relation=relation,
                         post=label if relation == "HOLDS_POSITION" else "",
                         year=label if relation == "RECEIVED_AWARD" else "",
                         documents=SEPARATOR.join(sorted(found)))
    return network


def serialize_network(network: nx.MultiDiGraph, fmt: NetworkFormat | str) -> bytes:
    """The network as bytes; the same graph gives the same bytes."""
    fmt = NetworkFormat(fmt)
    if fmt is NetworkFormat.CSV:
        return _edge_list(network).encode("utf-8")
    buffer = io.BytesIO()
    if fmt is NetworkFormat.GRAPHML:
        nx.write_graphml(network, buffer, encoding="utf-8")
        return buffer.getvalue()
    nx.write_gexf(network, buffer, encoding="utf-8")
    # networkx stamps today's date into the GEXF meta; a dated file would differ every day.
    return re.sub(rb'\s*lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)


def _edge_list(network: nx.MultiDiGraph) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source_name", "source_type", "relation", "target_name", "target_type",
                     "post", "year", "documents", "source", "target"])
    nodes = network.nodes
    for source, target, data in network.edges(data=True):
        writer.writerow([nodes[source]["name"], nodes[source]["type"], data["relation"],
                         nodes[target]["name"], nodes[target]["type"], data["post"],
                         data["year"], data["documents"], source, target])
    return out.getvalue()
