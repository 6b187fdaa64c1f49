"""Shared fixtures: one pipeline per test session, and the paths of the test data.

The seed gold and the scorer the quality floors need are the project's own test data
(``tests/data/``, copied from ../shared, a test checks they still agree), so no test skips when
../shared is missing; the few that read ../shared itself fail with a message that says so.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def nlp_rules():
    """The pipeline without a statistical model: gazetteers and patterns only."""
    from gonghui.nlp.pipeline import build_pipeline

    return build_pipeline(model="none")


@pytest.fixture(scope="session")
def nlp():
    """The pipeline as a user gets it: the shipped model when the package carries one."""
    from gonghui.nlp.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def nlp_model_alone():
    """People, organizations and places from the shipped model alone (the other types: rules)."""
    from gonghui.nlp.pipeline import build_pipeline, default_model_available

    if not default_model_available():
        pytest.skip("no model shipped in the package")
    return build_pipeline(entities="model")


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """The seed gold: one annotation file per bundled seed article."""
    return DATA / "gold"


@pytest.fixture(scope="session")
def gold_json(gold_dir: Path) -> list[dict]:
    """The seed gold files as read, in file order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


@pytest.fixture(scope="session")
def gold_extractions(gold_dir: Path, seeds_dir: Path) -> list:
    """The seed gold as records, each with its seed's text (for evidence offsets)."""
    from gonghui.kg.gold import read_gold_files

    return list(read_gold_files(sorted(gold_dir.glob("*.json")), seeds_dir))


@pytest.fixture(scope="session")
def scorer() -> Path:
    """The shared scorer (../shared/tools/score.py), as the quality floors are measured with it."""
    return DATA / "score.py"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, for the tests that read it: missing, they fail and say so (never skip)."""
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: this test reads the shared data beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


KITCHEN_SINK_TRIG = REPO / "tests" / "kg" / "data" / "kitchen_sink.trig"


def _store_dir(directory: Path, union: bool) -> Path:
    """An on-disk Oxigraph store of the kitchen sink: its named graphs, and with ``union`` their
    union in the default graph too (the shape ``gonghui build`` writes)."""
    import pyoxigraph as ox

    store = ox.Store(str(directory))
    store.bulk_load(path=str(KITCHEN_SINK_TRIG), format=ox.RdfFormat.TRIG)
    if union:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.flush()
    del store  # closes the store: a read-only opener may open it now
    return directory


@pytest.fixture(scope="session")
def sink_trig() -> Path:
    """The kitchen sink's TriG snapshot: 3 tiny invented articles, every type and relation."""
    return KITCHEN_SINK_TRIG


@pytest.fixture(scope="session")
def sink_store(tmp_path_factory) -> Path:
    """The kitchen sink as an on-disk Oxigraph store (named graphs and their union)."""
    return _store_dir(tmp_path_factory.mktemp("sink") / "store", union=True)


@pytest.fixture(scope="session")
def sink_store_named_only(tmp_path_factory) -> Path:
    """The kitchen sink as an on-disk store of named graphs alone (an empty default graph)."""
    return _store_dir(tmp_path_factory.mktemp("sink_named") / "store", union=False)


@pytest.fixture
def loopback_sink():
    """An HTTP server on a free loopback port that records every request it receives: a test
    that must not reach the network asserts it stays empty."""
    import http.server
    import threading

    received: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def _record(self) -> None:
            received.append(f"{self.command} {self.path}")
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST = _record

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real, writable Oxigraph server on a free loopback port, over an empty store in a
    temporary folder, querying the union of its graphs; stopped after the test."""
    import subprocess

    from gonghui.kg.serve import free_port, wait_until_listening
    from gonghui.kg.serve import oxigraph_server as command

    port = free_port()
    process = subprocess.Popen([command(), "serve", "--location", str(tmp_path / "remote"),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_listening(process, port, tmp_path / "remote")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()


def _as_from_a_terminal() -> None:
    """In a test's child, before exec: SIGINT as a terminal gives it (default, unblocked). A
    runner started in the background of a non-interactive shell ignores SIGINT, and the ignore
    and the signal mask are inherited across exec: a Ctrl-C test would then test nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@pytest.fixture(scope="session")
def terminal() -> dict:
    """Popen keyword arguments for a command a test stops with Ctrl-C."""
    return {"preexec_fn": _as_from_a_terminal}


@pytest.fixture(scope="session")
def built(tmp_path_factory, seeds_dir: Path) -> Path:
    """``gonghui build`` on the bundled seeds, once for the session (rules and model as shipped):
    the folder it wrote (store, Turtle, TriG, page)."""
    from typer.testing import CliRunner

    from gonghui.cli import app

    out = tmp_path_factory.mktemp("graphs")
    result = CliRunner().invoke(app, ["build", str(seeds_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
