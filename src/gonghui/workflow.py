"""The user's jobs as library functions: extract records from files, build the graph files.

Each returns data (a summary, the errors met per file); ``cli.py`` only parses, calls and prints.
A bad file is reported and skipped so the other files of the run still go through.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExtractionError, GonghuiError, InputError
from .fileio import atomic_write_text
from .records import Document, Extraction

if TYPE_CHECKING:
    from .ingest import Found

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("graphs")
GRAPH_STEM = "gonghui"

# Wraps an iterable of ``total`` items counted in ``unit`` (files read, documents extracted).
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


def _no_progress(items: Iterable[Any], total: int, unit: str) -> Iterable[Any]:
    return items


@dataclass
class RunResult:
    extractions: list[Extraction] = field(default_factory=list)
    errors: list[GonghuiError] = field(default_factory=list)  # one per file that could not be read
    files: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.extractions)

    def entity_counts(self) -> Counter[str]:
        return Counter(e.type.value for ex in self.extractions for e in ex.entities)

    def relation_counts(self) -> Counter[str]:
        return Counter(r.type.value for ex in self.extractions for r in ex.relations)


def read_documents(paths: Sequence[str | Path], result: RunResult,
                   progress: Progress = _no_progress) -> list[Document]:
    """Every readable file's articles, in a stable order; unreadable files land in ``result.errors``."""
    from .ingest import find_inputs

    return list(_documents(find_inputs(paths), result, progress))


def _documents(found: Sequence[Found], result: RunResult,
               progress: Progress = _no_progress) -> Iterator[Document]:
    """The articles of the readable files, read lazily (a long file piece by piece), so the
    extraction holds a few pieces at a time, never the whole input."""
    from .ingest import iter_documents

    readable = [f for f in found if f.error is None]
    result.errors += [f.error for f in found if f.error is not None]
    for file in progress(readable, len(readable), "file"):
        try:
            yield from iter_documents(file.path, identity=file.id)
            result.files += 1
        except InputError as exc:
            result.errors.append(exc)


def run_extract(paths: Sequence[str | Path], model: str | None = None,
                progress: Progress = _no_progress, jobs: int = 0,
                entities: str = "both") -> RunResult:
    """Read and extract; ``jobs`` processes share the work (0: one per core); ``entities``: where
    PERSON, ORG and PLACE come from (both, rules, model).

    A document whose extraction fails is reported in ``result.errors`` (naming its file and
    article) and the others go through."""
    from .ingest import find_inputs
    from .nlp.parallel import Failed, extract_all
    from .nlp.pipeline import build_pipeline

    started = time.perf_counter()
    result = RunResult()
    found = find_inputs(paths or [DEFAULT_INPUT])
    if any(f.error is None for f in found):
        nlp = build_pipeline(model=model, entities=entities)
        paths_by_id = {f.id: f.path for f in found if f.id is not None}
        for item in extract_all(_documents(found, result, progress), nlp, jobs):
            if isinstance(item, Failed):
                result.errors.append(ExtractionError(
                    f"{paths_by_id.get(item.file, item.file)}: article {item.document} could not "
                    f"be extracted and is left out ({item.error})"))
            else:
                result.extractions.append(item)
    else:
        result.errors += [f.error for f in found if f.error is not None]
    result.seconds = time.perf_counter() - started
    return result


def write_jsonl(result: RunResult, path: Path) -> Path:
    """The extraction in the gold files' shape, one line per input file."""
    from .nlp.to_records import file_records

    lines = [json.dumps(record, ensure_ascii=False, sort_keys=False)
             for record in file_records(result.extractions)]
    atomic_write_text(path, "".join(line + "\n" for line in lines))
    result.outputs.append(path)
    return path


def run_build(paths: Sequence[str | Path], out_dir: Path = DEFAULT_OUT, model: str | None = None,
              progress: Progress = _no_progress, jobs: int = 0) -> RunResult:
    """Extract, then write Turtle, TriG (one named graph per article) and the HTML page."""
    from .kg.build import build_dataset
    from .kg.export import write
    from .viz.page import render_page
    from .viz.views import whole_graph

    started = time.perf_counter()
    result = run_extract(paths, model=model, progress=progress, jobs=jobs)
    if not result.extractions:
        raise InputError("no document could be read: nothing to build")
    out_dir.mkdir(parents=True, exist_ok=True)
    dataset = build_dataset(result.extractions)
    turtle = write(dataset, out_dir / f"{GRAPH_STEM}.ttl")
    trig = write(dataset, out_dir / f"{GRAPH_STEM}.trig")
    page = render_page(whole_graph(dataset), out_dir / f"{GRAPH_STEM}.html")
    result.outputs += [turtle, trig, page]
    result.seconds = time.perf_counter() - started
    return result


def run_draw(graph: Path, output: Path, *, focus: str | None = None, depth: int = 1,
             types: str | None = None, document: str | None = None,
             query_file: Path | None = None, max_nodes: int = 2000) -> Path:
    """Draw a page of a built graph, or of the part of it the options select."""
    from .kg.saved_queries import query_text
    from .kg.store import open_graph
    from .viz import views
    from .viz.page import render_page

    store = open_graph(graph)
    if query_file is not None:
        view = views.from_query(store, query_text(None, query_file)[0], max_nodes=max_nodes)
    elif focus:
        view = views.neighbourhood(store, focus, depth=depth, max_nodes=max_nodes)
    elif types:
        view = views.by_types(store, [t.strip().upper() for t in types.split(",") if t.strip()],
                              max_nodes=max_nodes)
    elif document:
        view = views.by_document(store, document, max_nodes=max_nodes)
    else:
        view = views.whole_graph(store, max_nodes=max_nodes)
    return render_page(view, output)
