"""The ``gonghui`` command: parse, call the library, print. Errors become one line and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

import typer

from . import __version__
from .cli_errors import fail, report, reports_errors
from .errors import GonghuiError

app = typer.Typer(
    name="gonghui",
    help="Chinese trade-union (工会) news to a knowledge graph: extract, build, query, draw.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"gonghui {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Chinese trade-union (工会) news to a knowledge graph: extract, build, query, draw."""


ValidateOption = typer.Option(
    True, "--validate/--no-validate",
    help="Check the graph against the SHACL shapes (ontology/shapes.ttl) before writing it.")

ModelOption = typer.Option(
    None, "--model",
    help="NER model to add to the rules: lac (Baidu's LAC, the default), crf (gonghui's own), "
         "crf+lac, lac+crf, a spaCy package name or path (zh_core_web_* works), or 'none' for "
         "rules alone.")


GazetteersOption = typer.Option(
    None, "--gazetteers", metavar="DIR",
    help="A folder of gazetteer files (as ontology/gazetteers/) to run with instead of the "
         "shipped ones; see docs/pipeline.md.")


JobsOption = typer.Option(
    0, "--jobs", "-j", min=0,
    help="Processes to extract with (0: one per core). The output does not depend on it.")


SchedulerOption = typer.Option(
    None, "--scheduler", metavar="tcp://HOST:PORT",
    help="Extract on this Dask cluster instead of local processes (needs gonghui's 'cluster' "
         "extra); the records are the same. See docs/scale.md.")


def _progress(items: Iterable[Any], total: int, unit: str) -> Iterable[Any]:
    """A progress bar on stderr, shown only when a run takes more than a couple of seconds."""
    from tqdm import tqdm

    return tqdm(items, total=total, unit=unit, delay=2.0, file=sys.stderr,
                disable=None, leave=False)


def _report_file_errors(errors: list[GonghuiError]) -> None:
    for error in errors:
        report(str(error))


def _nothing_read(paths: list[Path], outcome: str) -> None:
    """The last line when no document could be read: which inputs, and what was not done."""
    named = ", ".join(str(path) for path in paths[:3]) + (" ..." if len(paths) > 3 else "")
    fail(f"no document could be read from {named}: {outcome}", 2)


@app.command()
@reports_errors
def extract(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .html) to read."),
    jsonl: Path = typer.Option(..., "--jsonl", help="Write the extraction here, one JSON line per "
                                                   "input file, in the gold files' shape."),
    model: Optional[str] = ModelOption,
    gazetteers: Optional[Path] = GazetteersOption,
    jobs: int = JobsOption,
    entities: str = typer.Option(
        "both", "--entities",
        help="Where people, organizations and places come from: both (rules and model merged), "
             "rules, or model (the model alone, to compare)."),
) -> None:
    """Extract entities and relations as JSON lines (scored by ../shared/tools/score.py)."""
    from .workflow import run_extract, write_jsonl

    result = run_extract(paths, model=model, progress=_progress, jobs=jobs, entities=entities,
                         gazetteers=gazetteers)
    _report_file_errors(result.errors)
    if not result.extractions:
        _nothing_read(paths, "nothing written")
    write_jsonl(result, jsonl)
    typer.echo(f"{result.files} files, {result.documents} documents -> {jsonl}")
    if result.errors:
        raise typer.Exit(2)


@app.command()
@reports_errors
def build(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders to read (default: seeds/)."),
    out: Path = typer.Option(Path("graphs"), "--out", help="Folder for the store, gonghui.ttl, .trig and .html."),
    model: Optional[str] = ModelOption,
    gazetteers: Optional[Path] = GazetteersOption,
    jobs: int = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
    validate: bool = ValidateOption,
) -> None:
    """Build the graph: an Oxigraph store, Turtle, TriG (one graph per article) and a page."""
    from .workflow import DEFAULT_INPUT, run_build

    result = run_build(paths or [DEFAULT_INPUT], out_dir=out, model=model, progress=_progress,
                       jobs=jobs, scheduler=scheduler, validate=validate, gazetteers=gazetteers)
    if not result.documents:
        _report_file_errors(result.errors)
        _nothing_read(paths or [DEFAULT_INPUT], "nothing built, the output folder left as it was")
    _report_summary(result)


@app.command()
@reports_errors
def add(
    paths: list[Path] = typer.Argument(..., help="Files or folders to bring into the graph."),
    out: Path = typer.Option(Path("graphs"), "--out", help="The folder a build wrote."),
    prune: bool = typer.Option(False, "--prune", help="Also remove the articles of files that "
                                                      "PATHS no longer hold."),
    model: Optional[str] = ModelOption,
    gazetteers: Optional[Path] = GazetteersOption,
    jobs: int = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
    validate: bool = ValidateOption,
) -> None:
    """Update a built graph: extract only new or changed files, replace their articles."""
    from .workflow import run_add

    result = run_add(paths, out_dir=out, model=model, progress=_progress, jobs=jobs,
                     scheduler=scheduler, prune=prune, validate=validate, gazetteers=gazetteers)
    typer.echo(f"unchanged: {result.unchanged} files")
    if result.removed:
        typer.echo(f"removed:   {len(result.removed)} documents")
    _report_summary(result)


def _report_summary(result: Any) -> None:
    _report_file_errors(result.errors)
    typer.echo(f"documents: {result.documents} (from {result.files} files)")
    for line in _summary_lines(result):
        typer.echo(line)
    typer.echo(f"seconds:   {result.seconds:.1f}")
    for output in result.outputs:
        typer.echo(f"wrote {output}")
    if result.errors:
        raise typer.Exit(2)


def _counts(counts: Any) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())) or "none"


def _summary_lines(result: Any) -> list[str]:
    """What a build found and what its page shows, each line saying what it counts: the
    records count an entity once per article that names it, the page once in all."""
    lines = [f"entities:  {_counts(result.entity_counts())} (found per article)",
             f"relations: {_counts(result.relation_counts())} (found per article)"]
    page = result.page
    if page is not None:
        drawn = sum(page.nodes.values())
        lines.append(f"page:      {_counts(page.nodes)} ({drawn:,} nodes, one per entity, "
                     f"as the legend counts them)")
        lines.append(f"edges:     {_counts(page.edges)}")
        notes = []
        if page.isolated and page.edges:
            notes.append(f"{page.isolated:,} nodes without an edge are hidden until the "
                         "legend's switch shows them")
        if page.omitted_nodes:
            notes.append(f"{page.omitted_nodes:,} entities of the graph are left off the page")
        if notes:
            lines.append("           " + "; ".join(notes))
    return lines


@app.command()
@reports_errors
def query(
    graph: Path = typer.Argument(..., help="A built graph: .ttl, .trig, or a store folder."),
    sparql: Optional[str] = typer.Argument(
        None, help="A SPARQL query, or the name of a shipped query (see --list). The ontology's "
                   "prefixes (gh:, org:, skos:, prov:, dcterms: ...) are declared already."),
    file: Optional[Path] = typer.Option(None, "--file", help="Read the query from a .rq file."),
    output_format: str = typer.Option("table", "--format", help="table, csv or json."),
    param: Optional[list[str]] = typer.Option(
        None, "--param", "-p", help="Bind a shipped query's parameter: NAME=VALUE (repeatable)."),
    timeout: float = typer.Option(60.0, "--timeout", min=0,
                                  help="Stop the query after this many seconds (0: never)."),
    limit: Optional[int] = typer.Option(
        None, "--limit", min=0, help="Stop after this many rows (0: no limit). Default 100,000; "
                                     "a shipped query shows its first 1,000 and says if there "
                                     "are more."),
    list_queries: bool = typer.Option(False, "--list", help="List the shipped queries and exit."),
) -> None:
    """Run SPARQL over a built graph; rows print as they are found. SERVICE is refused."""
    from .kg.limits import stream_query
    from .kg.results import FORMATS, write_batches
    from .kg.saved_queries import list_queries as shipped_names
    from .kg.saved_queries import query_text, shipped_queries
    from .kg.store import preview, query_limit

    if list_queries:
        for name, description in shipped_queries():
            typer.echo(f"{name:24} {description}")
        return
    if output_format not in FORMATS:
        fail(f"unknown --format {output_format!r}: use {', '.join(FORMATS)}", 2)
    bindings = dict(_parameter(item) for item in param or [])
    text, name = query_text(sparql, file)
    # A shipped query shows its first rows at once (docs/queries.md): all of them, sorted,
    # take seconds on a large store; --limit 0 or a narrower parameter asks for them.
    previewing = limit is None and file is None and name in shipped_names()
    in_order = preview(text, PREVIEW_ROWS)[1] if previewing else True
    if limit is None:
        limit = PREVIEW_ROWS if previewing else 100_000
    with stream_query(graph, text, bindings, timeout=timeout, row_limit=limit, name=name,
                      preview_rows=PREVIEW_ROWS if previewing else None) as stream:
        try:
            count = write_batches(stream.variables, stream.batches, output_format, sys.stdout,
                                  terminal=sys.stdout.isatty())
        except BrokenPipeError:  # the reader (head, less) closed the pipe: stop quietly
            _silence_stdout()
            return
    own_limit = query_limit(text)
    if stream.truncated and previewing:
        shown = "the first in order" if in_order else "the first found, sorted among themselves"
        typer.echo(f"gonghui: {name}: {limit:,} rows of more ({shown}); --limit 0 for every row "
                   "in order, or bind a parameter that narrows it (-p NAME=VALUE)", err=True)
    elif stream.truncated:
        typer.echo(f"gonghui: stopped at the row limit of {limit:,} rows (--limit to change it)",
                   err=True)
    elif own_limit is not None and count == own_limit and own_limit > 0:
        typer.echo(f"gonghui: {name}: stopped at the query's own LIMIT of {own_limit:,} rows; "
                   "there may be more", err=True)


PREVIEW_ROWS = 1_000


def _parameter(item: str) -> tuple[str, str]:
    name, equals, value = item.partition("=")
    if not equals or not name.strip():
        fail(f"--param {item!r}: give NAME=VALUE", 2)
    return name.strip(), value


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a captured stdout has no descriptor
        pass


@app.command()
@reports_errors
def serve(
    store: Path = typer.Argument(..., help="A store folder (or a .ttl/.trig, loaded at start)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback: "
                             "only this machine; 0.0.0.0 opens it to the network)."),
    port: int = typer.Option(7878, "--port", min=0, max=65535, help="Port (0: any free one)."),
    timeout: float = typer.Option(30.0, "--timeout", min=1, help="Seconds a query may run."),
    limit: int = typer.Option(10_000, "--limit", min=1, help="Rows (or triples) per answer."),
    cors: bool = typer.Option(True, "--cors/--no-cors", help="Let pages on other origins ask."),
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (the Oxigraph server; Ctrl-C stops)."""
    import time

    from .kg.serve import Limits, serving

    with serving(store, host=host, port=port, limits=Limits(timeout, limit), cors=cors) as url:
        typer.echo(f"serving {store} at {url} (read-only; Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:  # the way to stop a server: not an error
            typer.echo("stopped", err=True)


@app.command()
@reports_errors
def push(
    graph: Path = typer.Argument(..., help="A built graph: a store folder, .trig or .nq."),
    url: str = typer.Argument(..., help="The Graph Store Protocol endpoint, e.g. "
                                        "http://127.0.0.1:7878/store (docs/serving.md)."),
    user: Optional[str] = typer.Option(None, "--user", help="Log in as this user; the password "
                                                            "is read from $GONGHUI_PUSH_PASSWORD."),
) -> None:
    """Send each article's named graph to another triple store (a PUT each: a re-push replaces)."""
    from .kg.push import push as push_graphs

    result = push_graphs(graph, url, user=user,
                         progress=lambda names, total: _progress(names, total, "graph"))
    typer.echo(f"pushed {result.graphs} graphs ({result.triples:,} triples) to {url}")


EXPORT_FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "rdfxml", "graphml", "gexf", "csv")


@app.command()
@reports_errors
def export(
    graph: Path = typer.Argument(..., help="A built graph: .ttl, .trig, or a store folder."),
    output_format: str = typer.Option(..., "--format", help=" | ".join(EXPORT_FORMATS)),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Write here (default: standard output)."),
) -> None:
    """Export the graph as RDF, or the entity graph as GraphML/GEXF (Gephi, Cytoscape) or CSV."""
    from .fileio import atomic_write_bytes
    from .kg.store import default_graph_is_empty, open_graph

    if output_format not in EXPORT_FORMATS:
        fail(f"unknown --format {output_format!r}: use {', '.join(EXPORT_FORMATS)}", 2)
    store = open_graph(graph)
    if output_format in ("graphml", "gexf", "csv"):
        from .viz.network import entity_network, serialize_network

        data = serialize_network(entity_network(store), output_format)
    else:
        from .kg.export import serialize

        # A built store folder (the union in its default graph) is written as it is; anything
        # else is copied into such a store first, so every source gives the same bytes.
        data = serialize(store, "turtle" if output_format == "ttl" else output_format,
                         on_disk=graph.is_dir() and not default_graph_is_empty(store))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write_bytes(output, data)
        typer.echo(f"wrote {output}", err=True)


@app.command()
@reports_errors
def draw(
    graph: Path = typer.Argument(..., help="A built graph: .ttl, .trig, or a store folder."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output",
        help="The page to write. Default: beside the graph, named after what is drawn "
             "(gonghui-focus-NAME.html ...), never the page `build` wrote."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Draw this entity's neighbourhood (any name)."),
    depth: int = typer.Option(1, "--depth", min=1, max=5, help="Hops around --focus."),
    types: Optional[str] = typer.Option(None, "--types", help="Only these types, e.g. PERSON,ORG."),
    document: Optional[str] = typer.Option(None, "--document", help="Only what this document says."),
    query_file: Optional[Path] = typer.Option(None, "--query", help="Draw a SPARQL query's result (.rq)."),
    max_nodes: int = typer.Option(2000, "--max-nodes", min=1, help="Cut larger graphs to this many."),
) -> None:
    """Draw an interactive page of the graph, or of a part of it."""
    from .workflow import run_draw

    page = run_draw(graph, output, focus=focus, depth=depth, types=types, document=document,
                      query_file=query_file, max_nodes=max_nodes)
    typer.echo(f"wrote {page}")


def main() -> None:  # pragma: no cover - the console script
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
