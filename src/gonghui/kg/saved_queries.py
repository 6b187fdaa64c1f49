"""The named SPARQL queries shipped in ``gonghui/kg/queries/``.

``queries/*.rq`` are the user's queries (``gonghui query NAME``, ``--list``): each file starts
with comment lines, a Chinese and an English description, then the columns and the parameters
it accepts. ``queries/views/*.rq`` are the page's own queries, named ``views/NAME``. Parameters
are bound by :func:`gonghui.kg.store.bind_parameters`; the ontology's prefixes are predeclared.
"""

from __future__ import annotations

import difflib
import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from gonghui.errors import InputError, QueryError

_NAME = re.compile(r"[A-Za-z_][\w/-]*")


def _folder() -> Traversable:
    return files("gonghui.kg") / "queries"


def list_queries() -> list[str]:
    """Names of the user's saved queries (file names without ``.rq``), sorted."""
    return sorted(entry.name[:-3] for entry in _folder().iterdir() if entry.name.endswith(".rq"))


def list_view_queries() -> list[str]:
    """Names of the page's queries, as ``views/NAME``."""
    return sorted(f"views/{entry.name[:-3]}" for entry in (_folder() / "views").iterdir()
                  if entry.name.endswith(".rq"))


def load_query(name: str) -> str:
    """The text of a saved query; QueryError with the nearest names when there is none."""
    if name not in list_queries() and name not in list_view_queries():
        raise QueryError(f"no shipped query {name!r}{_did_you_mean(name)}")
    return (_folder() / f"{name}.rq").read_text(encoding="utf-8")


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, list_queries(), n=3, cutoff=0.6)
    if close:
        return f" (did you mean {' or '.join(close)}?)"
    return f" (shipped: {', '.join(list_queries())})"


def describe_query(name: str) -> str:
    """The comment header of a saved query, without the ``#`` marks."""
    lines = []
    for line in load_query(name).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return "\n".join(lines)


def shipped_queries() -> list[tuple[str, str]]:
    """Each user query's name and the first line of its description."""
    return [(name, (describe_query(name).splitlines() or [""])[0]) for name in list_queries()]


def query_text(query: str | None, file: Path | None = None) -> tuple[str, str]:
    """The SPARQL to run and a name for messages: a .rq file, a shipped query's name, or the
    query itself. A lone word that names no shipped query is a mistyped name, not SPARQL."""
    if file is not None:
        try:
            return Path(file).read_text(encoding="utf-8"), str(file)
        except OSError as exc:
            raise InputError(f"{file}: cannot read the query file ({exc.strerror or exc})") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{file}: the query file is not UTF-8 text") from exc
    if not query or not query.strip():
        raise QueryError("no query: give a SPARQL query, a shipped query name (--list) or --file")
    name = query.strip()
    if name in list_queries():
        return load_query(name), name
    if _NAME.fullmatch(name):
        raise QueryError(f"no shipped query {name!r}{_did_you_mean(name)}")
    return query, "the query"
