"""The named SPARQL queries shipped in ``gonghui/kg/queries/*.rq``.

Each file starts with comment lines: a Chinese and an English description, then the columns
and the parameters it accepts (see ``gonghui.kg.store.run_query`` for how they are bound).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from gonghui.errors import QueryError


def _folder() -> Traversable:
    return files("gonghui.kg") / "queries"


def list_queries() -> list[str]:
    """Names of the saved queries (file names without ``.rq``), sorted."""
    return sorted(entry.name[:-3] for entry in _folder().iterdir() if entry.name.endswith(".rq"))


def load_query(name: str) -> str:
    """The text of a saved query; QueryError naming the known queries when there is none."""
    if name not in list_queries():
        raise QueryError(f"no saved query {name!r} (known: {', '.join(list_queries())})")
    return (_folder() / f"{name}.rq").read_text(encoding="utf-8")


def describe_query(name: str) -> str:
    """The comment header of a saved query, without the ``#`` marks."""
    lines = []
    for line in load_query(name).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return "\n".join(lines)
