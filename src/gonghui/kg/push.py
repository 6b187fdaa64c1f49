"""``gonghui push``: send each article's named graph to another triple store.

By the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT URL?graph=<article IRI>`` per named graph,
its triples as N-Triples. A PUT replaces the graph it names, so pushing again replaces each
article's graph with the same statements: nothing is duplicated, and an article rebuilt since
the last push is brought up to date. Only the named graphs are sent (the union that a built store
keeps in its default graph would be every statement again); the remote store's queries see them
through its own union of graphs (docs/serving.md says how for each store).
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from gonghui.errors import GonghuiError
from gonghui.kg.store import open_graph

PASSWORD_VARIABLE = "GONGHUI_PUSH_PASSWORD"
_TIMEOUT = 120  # seconds per request: one article's graph is small


class PushError(GonghuiError):
    """The remote store refused a graph or could not be reached."""


@dataclass(frozen=True)
class PushResult:
    graphs: int
    triples: int


def push(source: Path, url: str, *, user: str | None = None,
         progress: Callable[[Iterable[str], int], Iterable[str]] | None = None) -> PushResult:
    """PUT every named graph of ``source`` (a graph file or a store folder) to the Graph Store
    Protocol endpoint ``url``; with ``user``, the password is read from $GONGHUI_PUSH_PASSWORD."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{url}: not an http(s) URL of a Graph Store Protocol endpoint")
    store = open_graph(source)
    names = sorted(graph.value for graph in store.named_graphs())
    if not names:
        raise PushError(f"{source}: no named graph to push (a gonghui graph has one per article)")
    opener = _opener(url, user)
    triples = 0
    for name in progress(names, len(names)) if progress else names:
        statements = [ox.Triple(q.subject, q.predicate, q.object)
                      for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))]
        body = ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES) or b""
        _put(opener, url, name, body)
        triples += len(statements)
    return PushResult(len(names), triples)


def _opener(url: str, user: str | None) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        raise PushError(f"--user {user}: set the password in ${PASSWORD_VARIABLE}")
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, user, password)
    # Basic for Fuseki and GraphDB, Digest for Virtuoso's sparql-graph-crud-auth.
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))


def _put(opener: urllib.request.OpenerDirector, url: str, graph: str, body: bytes) -> None:
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    target = f"{url}{separator}{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(target, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with opener.open(request, timeout=_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        raise PushError(f"{url}: graph <{graph}> refused: HTTP {error.code} {error.reason}"
                        f"{': ' + detail[0][:200] if detail else ''}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PushError(f"{url}: cannot reach the store: {reason}") from error
