"""The user's jobs as library functions: extract records from files, build the graph files.

Each returns data (a summary, the errors met per file); ``cli.py`` only parses, calls and prints.
A bad file is reported and skipped so the other files of the run still go through.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExtractionError, GonghuiError, InputError
from .fileio import OutputSet, atomic_write_text
from .records import Document, Extraction

if TYPE_CHECKING:
    from spacy.language import Language

    from .ingest import Found
    from .kg.export import TrigBlocks
    from .kg.validate import StreamedCheck
    from .viz.model import PageCounts

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("graphs")
GRAPH_STEM = "gonghui"

# Wraps an iterable of ``total`` items counted in ``unit`` (files read, documents extracted).
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


def _no_progress(items: Iterable[Any], total: int, unit: str) -> Iterable[Any]:
    return items


@dataclass
class RunResult:
    # Kept by ``run_extract`` (it writes them all); a build streams them into the store and
    # keeps only the counts.
    extractions: list[Extraction] = field(default_factory=list)
    errors: list[GonghuiError] = field(default_factory=list)  # one per file that could not be read
    files: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    documents: int = 0
    # Per article: an entity named in two articles is counted twice (the page counts it once).
    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    page: PageCounts | None = None  # ``build``, ``add``: the graph's page, as its legend counts
    removed: list[str] = field(default_factory=list)  # ``add``: documents whose graphs went
    unchanged: int = 0  # ``add``: files already in the store as they are
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase (bench/)

    def count(self, extraction: Extraction) -> Extraction:
        self.documents += 1
        self.entities.update(e.type.value for e in extraction.entities)
        self.relations.update(r.type.value for r in extraction.relations)
        return extraction

    def entity_counts(self) -> Counter[str]:
        return self.entities

    def relation_counts(self) -> Counter[str]:
        return self.relations


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
                entities: str = "both", nlp: Language | None = None,
                gazetteers: Path | None = None) -> RunResult:
    """Read and extract; ``jobs`` processes share the work (0: one per core); ``entities``: where
    PERSON, ORG and PLACE come from (both, rules, model); ``nlp``: a pipeline already built (the
    tests share theirs), in place of ``model``, ``entities`` and ``gazetteers`` (a folder of
    gazetteer files in place of the shipped ones).

    A document whose extraction fails is reported in ``result.errors`` (naming its file and
    article) and the others go through."""
    from .ingest import find_inputs

    started = time.perf_counter()
    result = RunResult()
    found = find_inputs(paths or [DEFAULT_INPUT])
    if any(f.error is None for f in found):
        result.extractions = list(_records(found, result, progress, model=model, jobs=jobs,
                                           entities=entities, nlp=nlp, gazetteers=gazetteers))
    else:
        result.errors += [f.error for f in found if f.error is not None]
    result.seconds = time.perf_counter() - started
    return result


def _records(found: Sequence[Found], result: RunResult, progress: Progress = _no_progress, *,
             model: str | None = None, jobs: int = 0, entities: str = "both",
             scheduler: str | None = None, nlp: Language | None = None,
             gazetteers: Path | None = None) -> Iterator[Extraction]:
    """The readable files' records in input order, counted in ``result``; an article whose
    extraction fails is reported in ``result.errors`` (naming its file and article) and the
    others go through. On ``jobs`` local processes, or on the Dask cluster whose scheduler is
    at ``scheduler`` (``tcp://HOST:PORT``)."""
    from .nlp.parallel import Failed, extract_all
    from .nlp.pipeline import build_pipeline

    documents = _documents(found, result, progress)
    if scheduler:
        from .nlp.cluster import extract_on_cluster

        items = extract_on_cluster(documents, scheduler, model=model, entities=entities)
    else:
        items = extract_all(documents, nlp or build_pipeline(model=model, entities=entities,
                                                             gazetteers=gazetteers), jobs)
    paths_by_id = {f.id: f.path for f in found if f.id is not None}
    for item in items:
        if isinstance(item, Failed):
            result.errors.append(ExtractionError(
                f"{paths_by_id.get(item.file, item.file)}: article {item.document} could not "
                f"be extracted and is left out ({item.error})"))
        else:
            yield result.count(item)


def write_jsonl(result: RunResult, path: Path) -> Path:
    """The extraction in the gold files' shape, one line per input file."""
    from .nlp.to_records import file_records

    lines = [json.dumps(record, ensure_ascii=False, sort_keys=False)
             for record in file_records(result.extractions)]
    atomic_write_text(path, "".join(line + "\n" for line in lines))
    result.outputs.append(path)
    return path


def store_path(out_dir: Path) -> Path:
    """Where ``build`` writes the Oxigraph store (a folder) beside the Turtle, TriG and page."""
    return Path(out_dir) / f"{GRAPH_STEM}.oxigraph"


def run_build(paths: Sequence[str | Path], out_dir: Path = DEFAULT_OUT, model: str | None = None,
              progress: Progress = _no_progress, jobs: int = 0,
              scheduler: str | None = None, validate: bool = True,
              gazetteers: Path | None = None,
              nlp: Language | None = None) -> RunResult:
    """Extract, then write the store, Turtle, TriG (one named graph per article) and the page.

    Records stream from the extraction into an on-disk Oxigraph store, so memory holds neither
    the documents' records nor the graph; the files and the page are read from that store. The
    four are written as one set (``fileio.OutputSet``) that takes the place of the previous one
    whole; the output folder is checked before the extraction starts. When no document can be
    read nothing is written, and ``result.documents`` is 0. ``nlp``: a pipeline already built,
    in place of ``model``. A failed build closes its store (see :func:`_closing_stores`).
    """
    with _closing_stores():
        return _build(paths, out_dir, model, progress, jobs, scheduler, validate, gazetteers,
                      nlp)


def _build(paths: Sequence[str | Path], out_dir: Path, model: str | None, progress: Progress,
           jobs: int, scheduler: str | None, validate: bool, gazetteers: Path | None,
           nlp: Language | None) -> RunResult:
    import pyoxigraph as ox

    from .ingest import find_inputs
    from .kg.build import StoreWriter
    from .kg.export import TrigBlocks
    from .kg.validate import StreamedCheck

    _no_gazetteers_on_a_cluster(scheduler, gazetteers)
    started = time.perf_counter()
    result = RunResult()
    found = find_inputs(paths or [DEFAULT_INPUT])
    if not any(f.error is None for f in found):
        result.errors += [f.error for f in found if f.error is not None]
        return result
    phases = result.phases
    with OutputSet(out_dir) as outputs, contextlib.ExitStack() as scratch:
        store = ox.Store(str(outputs.path(store_path(out_dir).name)))
        # The check and the TriG read each batch as it is written (see StreamedCheck).
        checked = StreamedCheck("the built graph") if validate else None
        trig = TrigBlocks(outputs.path(f".{GRAPH_STEM}.trig.blocks"))
        scratch.callback(trig.close)
        writer = StoreWriter(store, bulk=True, listeners=[*filter(None, [checked]), trig])
        for record in _records(found, result, progress, model=model, jobs=jobs,
                               scheduler=scheduler, gazetteers=gazetteers, nlp=nlp):
            writer.add(record)
        extracted = time.perf_counter()
        phases["extraction"] = extracted - started
        if not result.documents:
            del store, writer
            outputs.discard()
            return result
        writer.flush()
        # In this process, while records came in (and for the last batch after them).
        phases["store_writes"] = writer.seconds
        phases["checks_and_trig_blocks"] = writer.listener_seconds
        phases["store_finish"] = time.perf_counter() - extracted
        written, result.page = write_outputs(store, outputs.path(""), phases, checked=checked,
                                             trig=trig, jobs=jobs, optimize=True)
        store.flush()
        del store, writer  # closes the store before its folder moves
    result.outputs += [outputs.final(path.name) for path in written]
    result.outputs.append(store_path(out_dir))
    phases["after_extraction"] = time.perf_counter() - extracted
    result.seconds = time.perf_counter() - started
    return result


def run_add(paths: Sequence[str | Path], out_dir: Path = DEFAULT_OUT, model: str | None = None,
            progress: Progress = _no_progress, jobs: int = 0, scheduler: str | None = None,
            prune: bool = False, validate: bool = True,
            gazetteers: Path | None = None,
            nlp: Language | None = None) -> RunResult:
    """Bring a built store up to date with ``paths``, then rewrite the files and the page.

    Only new files and files whose bytes changed (SHA-256) are read and extracted; their
    articles' graphs replace the old ones. With ``prune``, the articles of files the store holds
    but ``paths`` no longer has are removed. A file's identity is its path under the input root
    given, so give the same root as the build (``build news`` then ``add news``). ``nlp``: a
    pipeline already built, in place of ``model``. A failed add closes the store (see
    :func:`_closing_stores`), so it can be opened again at once.
    """
    with _closing_stores():
        return _add(paths, out_dir, model, progress, jobs, scheduler, prune, validate,
                    gazetteers, nlp)


def _add(paths: Sequence[str | Path], out_dir: Path, model: str | None, progress: Progress,
         jobs: int, scheduler: str | None, prune: bool, validate: bool,
         gazetteers: Path | None, nlp: Language | None) -> RunResult:
    import hashlib

    import pyoxigraph as ox

    from .ingest import find_inputs
    from .kg.build import StoreWriter
    from .kg.export import TrigBlocks
    from .kg.update import remove_graphs, stored_files
    from .kg.validate import StreamedCheck

    _no_gazetteers_on_a_cluster(scheduler, gazetteers)
    started = time.perf_counter()
    target = store_path(out_dir)
    if not target.is_dir():
        raise InputError(f"{target}: no store to add to (run `gonghui build --out {out_dir}` "
                         "first)")
    result = RunResult()
    found = find_inputs(paths)
    try:
        store = ox.Store(str(target))
    except OSError as exc:
        raise InputError(f"{target}: cannot open the store ({_first_line(exc)})") from exc
    known = stored_files(store)
    fresh: list[Found] = []
    for file in found:
        if file.error is not None or file.id is None:
            result.errors += [file.error] if file.error is not None else []
            continue
        try:
            digest = hashlib.sha256(file.path.read_bytes()).hexdigest()
        except OSError as exc:
            result.errors.append(InputError(f"{file.path}: cannot read ({exc.strerror or exc})"))
            continue
        if file.id in known and known[file.id].sha256 == digest:
            result.unchanged += 1
        else:
            fresh.append(file)
    gone = [graph for file in fresh if file.id in known for graph in known[file.id].graphs]
    if prune:
        present = {file.id for file in found if file.id is not None}
        result.removed = [graph for name in sorted(known.keys() - present)
                          for graph in known[name].graphs]
        gone += result.removed
    remove_graphs(store, gone)
    checked = StreamedCheck("the updated graph") if validate else None
    with contextlib.ExitStack() as scratch:
        # The new articles are checked and their TriG blocks made as they are written (see
        # StreamedCheck, TrigBlocks); the other articles' blocks come from the TriG replaced.
        trig = TrigBlocks(Path(out_dir) / f".{GRAPH_STEM}.trig.blocks")
        scratch.callback(trig.close)
        if fresh:
            # Transactions: the store stays whole meanwhile.
            writer = StoreWriter(store, listeners=[*filter(None, [checked]), trig])
            for record in _records(fresh, result, progress, model=model, jobs=jobs,
                                   scheduler=scheduler, gazetteers=gazetteers, nlp=nlp):
                writer.add(record)
            writer.flush()
            result.phases["store_writes"] = writer.seconds
            result.phases["checks_and_trig_blocks"] = writer.listener_seconds
        if fresh or gone:
            trig.keep_previous(Path(out_dir) / f"{GRAPH_STEM}.trig")
            # The files and the page are replaced as one set; the store was changed in place,
            # in transactions.
            with OutputSet(out_dir) as outputs:
                written, result.page = write_outputs(store, outputs.path(""), result.phases,
                                                     checked=checked, trig=trig, jobs=jobs,
                                                     optimize=True)
            result.outputs += [outputs.final(path.name) for path in written]
    result.seconds = time.perf_counter() - started
    return result


def _no_gazetteers_on_a_cluster(scheduler: str | None, gazetteers: Path | None) -> None:
    if scheduler and gazetteers is not None:
        raise InputError(f"{gazetteers}: --gazetteers is not sent to a cluster's workers (they "
                         "build the shipped pipeline); run without --scheduler")


@contextlib.contextmanager
def _closing_stores() -> Iterator[None]:
    """Close the Oxigraph stores of a failed build or add, which pyoxigraph does only when the
    last reference to a store goes: the exception's traceback keeps every frame it passed
    through, and with them their stores, their RocksDB lock and open files (a store being
    built, its staging folder deleted, kept its disk space) for as long as a caller keeps the
    exception. The frames' locals are cleared before the exception goes on (the traceback's
    lines remain); the body must be a function call, whose frame has ended by then."""
    try:
        yield
    except BaseException as exc:
        seen: set[int] = set()
        error: BaseException | None = exc
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            traceback.clear_frames(error.__traceback__)
            error = error.__cause__ or error.__context__
        raise


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def write_outputs(store: Any, out_dir: Path, phases: dict[str, float] | None = None,
                  checked: StreamedCheck | None = None, trig: TrigBlocks | None = None,
                  jobs: int = 1, optimize: bool = False,
                  cpu: dict[str, float] | None = None) -> tuple[list[Path], PageCounts]:
    """The Turtle, the TriG and the page, all read from ``store`` into ``out_dir`` (a staging
    folder: see ``fileio.OutputSet``), and what the page holds; seconds of each in ``phases``
    (and the CPU seconds of the whole in ``cpu``, for the bench). ``checked``: the SHACL check
    that saw every batch written, finished here over the whole store (none: no check); a
    graph that breaks the shapes raises ``GraphError`` and the files go. ``trig``: the TriG's
    blocks as they were written (none: dumped from the store). ``optimize``: merge the store's
    files (the bulk loader writes many small ones; queries then read fewer) meanwhile.

    They run two at a time, on two threads: Oxigraph lets go of the GIL while it queries,
    dumps and merges, so the check, the dump and the merge use one core while the page's Python
    uses the other. The Turtle, the longest, starts first; the merge next (RocksDB merges
    while it is read).
    """
    from concurrent.futures import ThreadPoolExecutor

    from .kg.export import write
    from .viz.page import render_page
    from .viz.views import whole_graph

    phases = phases if phases is not None else {}
    cpu = cpu if cpu is not None else {}
    counts: list[PageCounts] = []
    trig_path = out_dir / f"{GRAPH_STEM}.trig"

    def page() -> Path:
        view = whole_graph(store)
        counts.append(view.counts())
        return render_page(view, out_dir / f"{GRAPH_STEM}.html")

    started, cpu_started = time.perf_counter(), time.process_time()

    def timed(name: str, job: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            clock = time.perf_counter()
            try:
                return job()
            finally:
                phases[name] = time.perf_counter() - clock
        return run

    tasks = {
        "turtle": timed("turtle", lambda: write(store, out_dir / f"{GRAPH_STEM}.ttl",
                                                on_disk=True)),
        **({"optimize": timed("optimize", store.optimize)} if optimize else {}),
        "trig": timed("trig", lambda: trig.write(store, trig_path) if trig is not None
                      else write(store, trig_path, on_disk=True)),
        "page": timed("page", page),
    }
    if checked is not None:
        tasks["validation"] = timed("validation", lambda: checked.finish(store, jobs=jobs))
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(task) for name, task in tasks.items()}
        errors = [future.exception() for future in futures.values()]
    phases["files_and_page"] = time.perf_counter() - started
    cpu["files_and_page"] = time.process_time() - cpu_started
    written = [futures[name].result() for name in ("turtle", "trig", "page")
               if futures[name].exception() is None]
    failed = next((error for error in errors if error is not None), None)
    if failed is not None:
        for path in written:  # a graph that breaks the shapes leaves no file
            Path(path).unlink(missing_ok=True)
        raise failed
    return written, counts[0]


def run_draw(graph: Path, output: Path | None, *, focus: str | None = None, depth: int = 1,
             types: str | None = None, document: str | None = None,
             query_file: Path | None = None, max_nodes: int = 2000) -> Path:
    """Draw a page of a built graph, or of the part of it the options select; without
    ``output``, beside the graph under a name that says what is drawn (``draw_name``)."""
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
    if output is None:
        output = Path(graph).parent / draw_name(focus=focus, types=types, document=document,
                                                 query_file=query_file)
    return render_page(view, output)


_UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")


def draw_name(*, focus: str | None = None, types: str | None = None, document: str | None = None,
              query_file: Path | None = None) -> str:
    """The default page name of a drawing: ``gonghui-focus-射阳县总工会.html`` and the like,
    never ``gonghui.html``, the page ``build`` writes beside the graph (a focused drawing
    overwrote it before)."""
    if query_file is not None:
        what = f"query-{Path(query_file).stem}"
    elif focus:
        what = f"focus-{focus}"
    elif types:
        what = "types-" + "-".join(t.strip().upper() for t in types.split(",") if t.strip())
    elif document:
        what = f"document-{document}"
    else:
        what = "all"
    what = _UNSAFE_IN_NAME.sub("_", what).strip("._")[:80] or "view"
    return f"{GRAPH_STEM}-{what}.html"
