"""The pipeline's knowledge as one object: the files of a gazetteer directory, held in memory.

spaCy's way with data a component needs (a span ruler's patterns, an entity linker's knowledge
base): given through the config, loaded at ``initialize``, saved with the pipeline. The
``gonghui_gazetteer`` component holds a ``Gazetteers`` made by the registered function
``gonghui.gazetteers.v1`` (``pipeline.cfg``: ``[components.gonghui_gazetteer.gazetteers]``,
``path = null`` for the shipped ``ontology/gazetteers/``), loads it at ``initialize`` (or at its
first document) and writes it beside itself in ``to_disk``, so a saved pipeline carries the
vocabulary it ran with. Every gonghui component runs its documents ``using`` the knowledge of
its pipeline, and what is derived from the files (the divisions by name, the segmenter's
dictionary, the pattern rules' word lists and the alternations compiled from them) is kept on
that object (``per_gazetteers``), never served to a pipeline with other knowledge. Outside a
pipeline (a test of one function, a script) the shipped directory is the knowledge.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakValueDictionary

import srsly
from spacy.language import Language
from spacy.util import registry

from ..errors import ModelError
from ..resources import gazetteer_dir

log = logging.getLogger("gonghui")

# What a gazetteer directory holds: tables and lists, in any subfolder (words/).
SUFFIXES = (".tsv", ".txt")
GAZETTEER_COMPONENT = "gonghui_gazetteer"


class Gazetteers:
    """The files of a gazetteer directory by relative path (``titles.tsv``, ``words/seasons.txt``)."""

    def __init__(self, files: Mapping[str, str], source: str = "") -> None:
        self.files = dict(sorted(files.items()))
        self.source = source  # where they were read from, for messages
        self.memo: dict[Any, Any] = {}  # what ``per_gazetteers`` functions derived from them

    @classmethod
    def from_dir(cls, path: Path | str) -> Gazetteers:
        root = Path(path)
        if not root.is_dir():
            raise ModelError(f"{root}: no gazetteer directory there")
        files = {}
        for file in sorted(root.rglob("*")):
            if file.is_file() and file.suffix in SUFFIXES:
                try:
                    files[file.relative_to(root).as_posix()] = file.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise ModelError(f"{file}: cannot read the gazetteer ({exc})") from exc
        return _shared(cls(files, str(root)))

    def lines(self, name: str) -> list[str]:
        """The data lines of one file: no comment (``#``) or blank line."""
        try:
            text = self.files[name]
        except KeyError:
            raise ModelError(f"{self.source or 'the gazetteers'}: no {name}") from None
        return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]

    def sha256(self, names: Iterable[str] | None = None) -> str:
        """A digest of the data lines of ``names`` (all files by default): headers and comments
        may change, the vocabulary may not."""
        digest = hashlib.sha256()
        for name in sorted(self.files if names is None else names):
            digest.update(name.encode("utf-8") + b"\0")
            if name in self.files:
                digest.update("\n".join(self.lines(name)).encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def to_disk(self, path: Path | str) -> None:
        root = Path(path)
        for name, text in self.files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temp, target)

    @classmethod
    def from_disk(cls, path: Path | str) -> Gazetteers:
        return cls.from_dir(path)

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"files": self.files, "source": self.source})

    @classmethod
    def from_bytes(cls, data: bytes) -> Gazetteers:
        msg = srsly.msgpack_loads(data)
        return _shared(cls(msg["files"], msg["source"]))


# Pipelines whose components were given the same files share one object, and with it what was
# derived from them (the segmenter's dictionary alone takes a second to build).
_LOADED: WeakValueDictionary[str, Gazetteers] = WeakValueDictionary()


def _shared(gazetteers: Gazetteers) -> Gazetteers:
    key = gazetteers.sha256()
    found = _LOADED.get(key)
    if found is None:
        _LOADED[key] = found = gazetteers
    return found


@lru_cache(maxsize=1)
def shipped() -> Gazetteers:
    """The package's own gazetteers (``ontology/gazetteers/``)."""
    return Gazetteers.from_dir(gazetteer_dir())


@registry.misc("gonghui.gazetteers.v1")
def gazetteers_v1(path: str | None = None) -> Callable[[], Gazetteers]:
    """A loader of the gazetteer directory ``path`` (``None``: the shipped one), called when the
    component that is given it initializes."""
    def load() -> Gazetteers:
        if path is None:
            return shipped()
        given = Gazetteers.from_dir(Path(path))
        # Every file the code reads must be there: found missing in the middle of a run, it
        # would fail each document in turn.
        missing = sorted(set(shipped().files) - set(given.files))
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise ModelError(f"{path}: not a whole gazetteer folder (no {shown}; copy "
                             "ontology/gazetteers/ and edit the copy)")
        return given

    return load


_ACTIVE: ContextVar[Gazetteers | None] = ContextVar("gonghui_gazetteers", default=None)


def active() -> Gazetteers:
    """The knowledge of the component now running; the shipped one outside a pipeline."""
    return _ACTIVE.get() or shipped()


@contextmanager
def using(gazetteers: Gazetteers) -> Iterator[Gazetteers]:
    token = _ACTIVE.set(gazetteers)
    try:
        yield gazetteers
    finally:
        _ACTIVE.reset(token)


def of_pipeline(nlp: Language | None) -> Gazetteers:
    """The knowledge ``nlp``'s gazetteer component holds; the shipped one without it."""
    if nlp is not None and GAZETTEER_COMPONENT in nlp.component_names:
        holder = nlp.get_pipe(GAZETTEER_COMPONENT)
        held = getattr(holder, "gazetteers", None)
        if isinstance(held, Gazetteers):
            return held
    return shipped()


F = TypeVar("F", bound=Callable[..., Any])


def per_gazetteers(function: F) -> F:
    """``functools.cache`` whose entries live on the active ``Gazetteers``: a value derived from
    one vocabulary is never served to a pipeline initialized with another."""
    @wraps(function)
    def cached(*args: Any) -> Any:
        memo = active().memo
        key = (function, args)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = function(*args)
            return value

    return cached  # type: ignore[return-value]


C = TypeVar("C", bound=type)


def uses_knowledge(cls: C) -> C:
    """A component class whose ``__call__`` runs using the knowledge of its pipeline (``nlp``,
    given by ``in_pipeline``; a component made alone, as in a test, uses the shipped one)."""
    call = cls.__call__

    @wraps(call)
    def __call__(self: Any, doc: Any) -> Any:
        with using(of_pipeline(getattr(self, "pipeline", None))):
            return call(self, doc)

    cls.__call__ = __call__
    return cls


T = TypeVar("T")


def in_pipeline(component: T, nlp: Language) -> T:
    """Tie a component made by its factory to the pipeline whose knowledge it uses."""
    component.pipeline = nlp  # type: ignore[attr-defined]
    return component
