"""Change a built store in place: replace the named graphs of some documents, drop others.

A store written by ``kg.build`` holds one named graph per article and, in its default graph,
the set union of them all. Everything that spans articles is that union: an entity, a program,
an award or a person (by name within a locality) read in two articles has one IRI, so dropping
or replacing one article's graph re-resolves the rest by itself. What this module must keep
true is the union: a statement leaves the default graph only when no named graph holds it any
more.

Which files a store was built from is read from the store itself: each article's graph says
the file it is part of (``dcterms:isPartOf``), that file's identity (its path under the input
root, ``dcterms:identifier``) and the SHA-256 of the bytes it was read from (``gh:sha256``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from gonghui.kg.namespace import PREFIXES

_STORED_FILES = """
SELECT ?graph ?file ?sha256 WHERE {
  GRAPH ?graph {
    ?graph a gh:Document ; dcterms:isPartOf ?node .
    ?node dcterms:identifier ?file .
    OPTIONAL { ?node gh:sha256 ?sha256 }
  }
}
"""


@dataclass
class StoredFile:
    """One input file as the store knows it: its content hash and its articles' graphs."""

    sha256: str
    graphs: list[str] = field(default_factory=list)


def stored_files(store: ox.Store) -> dict[str, StoredFile]:
    """The files the store's articles were read from, by identity (path under the input root)."""
    answer = store.query(_STORED_FILES, prefixes=dict(PREFIXES))
    assert isinstance(answer, ox.QuerySolutions)
    files: dict[str, StoredFile] = {}
    for row in answer:
        graph, file, sha256 = row["graph"], row["file"], row["sha256"]
        known = files.setdefault(file.value, StoredFile(sha256.value if sha256 else ""))
        known.graphs.append(graph.value)
    for known in files.values():
        known.graphs.sort()
    return files


def remove_graphs(store: ox.Store, graphs: Iterable[str]) -> int:
    """Drop these named graphs, and from the union each statement no other graph holds.

    Returns the number of statements that left the union. Each graph goes in one transaction
    of its own, so a run stopped half-way leaves whole articles in or out, never half of one
    (an article that is out is extracted again by the next ``add``).
    """
    left_union = 0
    for name in graphs:
        graph = ox.NamedNode(name)
        quads = list(store.quads_for_pattern(None, None, None, graph))
        if not quads:
            continue
        orphans = [ox.Triple(q.subject, q.predicate, q.object) for q in quads
                   if not _held_elsewhere(store, q, graph)]
        left_union += len(orphans)
        # One SPARQL update is one transaction. The data is written by Oxigraph's own term
        # syntax (escaped as N-Triples), never formatted from text.
        statements = [f"GRAPH {graph} {{ {' '.join(_terms(q))} }}" for q in quads]
        statements += [" ".join(_terms(t)) for t in orphans]
        store.update("DELETE DATA { " + " .\n".join(statements) + " }")
    return left_union


def _terms(statement: ox.Quad | ox.Triple) -> tuple[str, str, str]:
    return str(statement.subject), str(statement.predicate), str(statement.object)


def _held_elsewhere(store: ox.Store, quad: ox.Quad, graph: ox.NamedNode) -> bool:
    """Whether a named graph other than ``graph`` holds the statement of ``quad``."""
    for other in store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None):
        if not isinstance(other.graph_name, ox.DefaultGraph) and other.graph_name != graph:
            return True
    return False
