"""``gonghui serve``: a read-only SPARQL 1.1 Protocol endpoint over a built store.

The queries are answered by the Oxigraph server (``oxigraph serve-read-only``, from the
``oxigraph`` package on PyPI), the same engine as ``gonghui query``, over the store gonghui
wrote; it listens on a private loopback port. In front of it a small gate, on the port the user
asked for, adds what the Oxigraph server lacks (docs/serving.md says why this pair):

- ``SERVICE`` is refused (Oxigraph would call any endpoint a query names: the host would
  become a proxy into its own network) and updates are refused before they reach the store;
- a result limit: rows past ``limit`` are dropped and the ``X-Gonghui-Truncated`` header says so;
- a time limit the client can rely on: Oxigraph's ``--timeout-s`` cancels a query, but only
  when its evaluation next checks (a cartesian ``COUNT`` ran 26 s past a 3 s limit), so the
  gate answers 503 at the limit itself and drops the upstream connection;
- CORS, so a page or a notebook on another origin can ask.

The gate never builds or rewrites a query and never serializes a term itself: it asks Oxigraph
for tab-separated rows (one row a line, so rows can be counted and cut), N-Triples (one triple
a line) or a JSON boolean, and re-serializes what it keeps with Oxigraph's own writers into the
format the client negotiated (JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML for graphs).
"""

from __future__ import annotations

import http.client
import http.server
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from gonghui.errors import GonghuiError, GraphError, QueryError
from gonghui.kg.store import default_graph_is_empty, load_store, refuse_service
from gonghui.lifetime import die_with_parent

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
_UPSTREAM_ACCEPT = ("text/tab-separated-values, application/sparql-results+json;q=0.9, "
                    "application/n-triples;q=0.8")
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_CORS = {"Access-Control-Allow-Origin": "*",
         "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
         "Access-Control-Allow-Headers": "Content-Type, Accept",
         "Access-Control-Expose-Headers": "X-Gonghui-Truncated"}


class ServeError(GonghuiError):
    """The endpoint could not start: no Oxigraph server, a port taken, a store that won't open."""

    exit_code = 4


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    rows: int = DEFAULT_LIMIT


def oxigraph_server() -> str:
    """The ``oxigraph`` command: beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the Oxigraph server is not installed: pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(source: Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
            limits: Limits = Limits(), cors: bool = True) -> Iterator[str]:
    """Serve ``source`` (a store folder, or a graph file loaded into a temporary store) while
    inside; yields the query URL. Both servers are stopped on leaving."""
    source = Path(source)
    with _store_folder(source) as folder:
        upstream_port = free_port()
        union = _needs_union(folder)
        command = [oxigraph_server(), "serve-read-only", "--location", str(folder),
                   "--bind", f"127.0.0.1:{upstream_port}", "--timeout-s",
                   str(max(1, round(limits.timeout)))]
        if union:
            command.append("--union-default-graph")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=die_with_parent)  # noqa: PLW1509 - one libc call
        try:
            wait_until_listening(process, upstream_port, source)
            gate = _Gate((host, port), upstream_port, limits, cors)
            thread = threading.Thread(target=gate.serve_forever, daemon=True)
            thread.start()
            try:
                shown = f"[{host}]" if ":" in host else host
                yield f"http://{shown}:{gate.server_address[1]}/query"
            finally:
                gate.shutdown()
                gate.server_close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()


@contextmanager
def _store_folder(source: Path) -> Iterator[Path]:
    if source.is_dir():
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="gonghui-serve-") as folder:
        store = ox.Store(folder)
        load_store(source, store)  # raises GraphError naming the file
        store.flush()
        del store  # closed: the server opens it next
        yield Path(folder)


def _needs_union(folder: Path) -> bool:
    try:
        store = ox.Store.read_only(str(folder))
    except OSError as exc:
        raise GraphError(f"{folder}: not an Oxigraph store: {exc}") from exc
    try:
        return default_graph_is_empty(store)
    finally:
        del store


def wait_until_listening(process: subprocess.Popen, port: int, source: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
            first = next((line for line in error.splitlines() if line.strip()), "no message")
            raise ServeError(f"{source}: the Oxigraph server stopped: {first}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise ServeError(f"{source}: the Oxigraph server did not start within 60 s")


# --- the gate ---------------------------------------------------------------------------------


class _Gate(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream_port: int, limits: Limits,
                 cors: bool) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        try:
            super().__init__(address, _Handler)
        except OSError as exc:
            raise ServeError(f"cannot listen on {address[0]}:{address[1]}: "
                             f"{exc.strerror or exc}") from exc
        self.upstream_port = upstream_port
        self.limits = limits
        self.cors = cors


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Gate
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the CLI prints where it serves; a line per request would drown it

    def do_OPTIONS(self) -> None:  # CORS preflight
        self._reply(204, b"", None)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        try:
            query, graphs = self._read_request()
            refuse_service(query, "query")
            status, body, content_type, truncated = self._ask_upstream(query, graphs)
        except _Refused as refused:
            self._reply(refused.status, (str(refused) + "\n").encode("utf-8"), "text/plain")
            return
        except QueryError as refused:
            self._reply(400, (str(refused) + "\n").encode("utf-8"), "text/plain")
            return
        extra = {"X-Gonghui-Truncated": str(self.server.limits.rows)} if truncated else {}
        self._reply(status, body, content_type, extra)

    def _read_request(self) -> tuple[str, list[tuple[str, str]]]:
        """The query and its dataset parameters, from the three forms the protocol allows."""
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/query", "/sparql"):
            if url.path == "/update":
                raise _Refused(403, "this endpoint is read-only: updates are refused")
            raise _Refused(404, "not found: ask /query")
        params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        query = None
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                query = body
            elif kind == "application/x-www-form-urlencoded":
                params += urllib.parse.parse_qsl(body, keep_blank_values=True)
            elif kind == "application/sparql-update":
                raise _Refused(403, "this endpoint is read-only: updates are refused")
            else:
                raise _Refused(415, f"unsupported Content-Type {kind!r}")
        names = [name for name, _ in params]
        if "update" in names:
            raise _Refused(403, "this endpoint is read-only: updates are refused")
        if query is None:
            queries = [value for name, value in params if name == "query"]
            if len(queries) != 1:
                raise _Refused(400, "give exactly one query parameter")
            query = queries[0]
        graphs = [(n, v) for n, v in params if n in ("default-graph-uri", "named-graph-uri")]
        return query, graphs

    def _ask_upstream(self, query: str, graphs: list[tuple[str, str]]
                      ) -> tuple[int, bytes, str, bool]:
        limits = self.server.limits
        deadline = time.monotonic() + limits.timeout
        connection = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port,
                                                timeout=limits.timeout + 1)
        try:
            path = "/query" + (f"?{urllib.parse.urlencode(graphs)}" if graphs else "")
            connection.request("POST", path, body=query.encode("utf-8"), headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": _UPSTREAM_ACCEPT})
            _set_deadline(connection, deadline)
            response = connection.getresponse()
            kind = (response.getheader("Content-Type") or "").split(";")[0].strip()
            if response.status != 200:
                text = response.read().decode("utf-8", "replace").strip()
                raise _Refused(response.status, text or response.reason)
            lines, truncated = _read_lines(response, connection, deadline,
                                           limits.rows + (1 if kind.endswith("values") else 0))
        except TimeoutError:
            raise _Refused(503, f"query stopped at its time limit of {limits.timeout:g} s"
                           ) from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Refused(502, f"the Oxigraph server failed: {exc}") from exc
        finally:
            connection.close()
        return (200, *self._reserialize(kind, b"".join(lines)), truncated)

    def _reserialize(self, kind: str, data: bytes) -> tuple[bytes, str]:
        try:
            if kind == "application/n-triples":
                media, rdf_format = self._negotiate(_GRAPH_TYPES, "text/turtle")
                triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                return ox.serialize(triples, format=rdf_format) or b"", media
            source = ox.QueryResultsFormat.from_media_type(kind)
            if source is None:
                raise _Refused(502, f"the Oxigraph server answered {kind!r}")
            media, results_format = self._negotiate(_RESULT_TYPES,
                                                     "application/sparql-results+json")
            results = ox.parse_query_results(data, format=source)
            return results.serialize(format=results_format) or b"", media
        except SyntaxError as exc:
            # A query cancelled by Oxigraph's own timeout ends its rows with a message.
            if b"cancelled" in data[-200:]:
                raise _Refused(503, f"query stopped at its time limit of "
                                    f"{self.server.limits.timeout:g} s") from exc
            raise _Refused(502, f"the Oxigraph server's answer did not parse: {exc}") from exc

    def _negotiate(self, table: dict[str, Any], default: str) -> tuple[str, Any]:
        """The client's preferred media type we can write (by q, then order)."""
        offered = []
        for position, part in enumerate((self.headers.get("Accept") or "").split(",")):
            media, *params = [p.strip() for p in part.split(";")]
            q = 1.0
            for param in params:
                if param.startswith("q="):
                    try:
                        q = float(param[2:])
                    except ValueError:
                        q = 0.0
            offered.append((-q, position, media.lower()))
        for q, _, media in sorted(offered):
            if q < 0 and media in table:
                return media, table[media]
            if q < 0 and media in ("*/*", "application/*", "text/*"):
                return default, table[default]
        if offered and not any(media in ("*/*", "") for _, _, media in offered):
            raise _Refused(406, f"cannot answer as {self.headers.get('Accept')!r}; "
                                f"offered: {', '.join(table)}")
        return default, table[default]

    def _reply(self, status: int, body: bytes, content_type: str | None,
               extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            charset = "; charset=utf-8" if content_type.startswith("text/") or \
                content_type.endswith("json") else ""
            self.send_header("Content-Type", content_type + charset)
        self.send_header("Content-Length", str(len(body)))
        if self.server.cors:
            for name, value in _CORS.items():
                self.send_header(name, value)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _set_deadline(connection: http.client.HTTPConnection, deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    if connection.sock is not None:
        connection.sock.settimeout(remaining)


def _read_lines(response: http.client.HTTPResponse, connection: http.client.HTTPConnection,
                deadline: float, keep: int) -> tuple[list[bytes], bool]:
    """Up to ``keep`` lines of the answer (the rest is never read); whether some were left."""
    lines: list[bytes] = []
    while True:
        _set_deadline(connection, deadline)
        line = response.readline()
        if not line:
            return lines, False
        if len(lines) >= keep:
            return lines, True
        lines.append(line)
