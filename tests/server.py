"""A local stand-in for petition.parliament.uk that serves the recorded fixtures.

Tests never touch the internet: this is a real ``ThreadingHTTPServer`` on 127.0.0.1 with an
ephemeral port, run in a thread.  It serves ``tests/fixtures/petitions/`` through a routes
file (``routes.json``: May 2026+ headers and bodies; ``routes.legacy.json``: the Jun 2024 -
Nov 2025 bodies with weak ETags), exactly as recorded: absolute URLs inside bodies still point
at https://petition.parliament.uk, so the client under test must rebase them.

Route matching: the exact path+query first (query keys sorted, as Rails builds them), then the
same ignoring ``count``.  ``If-None-Match`` / ``If-Modified-Since`` against the route's ETag /
Last-Modified give a 304.  Unknown paths give 404.  A route whose ``file`` is null (the URL the
buggy legacy ``links.next`` points at, which drops ``parliament``) serves a page of OTHER
petitions (ids 999001, 999002, ``archived_petitions_index_other_parliament.json``) so that a
crawler following the bug is caught.

Faults (``add_fault``) are served in order for a path, then normal service resumes; a fault
with ``forever=True`` is never used up.  Hostile faults (``drip_headers``, ``drip_body``,
``gzip``, ``big_body``) write raw bytes; each stops by itself (after ``DRIP_LIMIT_S``, or at
its size) or when the client hangs up.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "petitions"
DECOY_FILE = "archived_petitions_index_other_parliament.json"
# The longest a drip fault goes on when the client does not hang up.
DRIP_LIMIT_S = 30.0
BIG_BODY_PREFIX = b'{"data": {"id": 241560, "type": "petition", "attributes": {"action": "'
HTML_WHERE_JSON = (
    b"<!DOCTYPE html><html><head><title>Petitions</title></head>"
    b"<body><h1>We're sorry, something went wrong</h1></body></html>"
)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received: method, raw path with query, headers, arrival time."""

    method: str
    path: str
    headers: dict[str, str]
    at: float = 0.0

    def header(self, name: str) -> str | None:
        """A request header by case-insensitive name."""
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass(frozen=True)
class Route:
    """A canned response."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Fault:
    """A misbehaviour to serve instead of the normal response.

    kinds: ``status`` (``status`` + ``headers``, e.g. 503 with Retry-After), ``truncated``
    (Content-Length larger than the bytes sent, then close), ``delay`` (sleep ``delay_s``
    before answering normally: longer than the client's read timeout), ``html`` (a 200 HTML
    error page where JSON was expected), ``drip_headers`` / ``drip_body`` (the normal answer,
    headers included or body only, one byte every ``delay_s``), ``gzip`` (``body``, already
    gzip-compressed, sent with ``Content-Encoding: gzip``), ``big_body`` (``size`` bytes of a
    petition-shaped JSON body, with ``Content-Length`` when ``announce``, else until close).
    """

    kind: str
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    forever: bool = False
    body: bytes = b""
    size: int = 0
    announce: bool = True

    @classmethod
    def http_status(
        cls, status: int, headers: Mapping[str, str] | None = None, *, forever: bool = False
    ) -> Fault:
        """Answer with ``status`` (and ``headers``) and a tiny body."""
        return cls("status", status=status, headers=dict(headers or {}), forever=forever)

    @classmethod
    def truncated(cls, *, forever: bool = False) -> Fault:
        """Promise more bytes than are sent, then close the connection."""
        return cls("truncated", forever=forever)

    @classmethod
    def delay(cls, seconds: float, *, forever: bool = False) -> Fault:
        """Sleep ``seconds`` before answering normally."""
        return cls("delay", delay_s=seconds, forever=forever)

    @classmethod
    def html(cls, *, forever: bool = False) -> Fault:
        """Answer 200 with an HTML page (as a misconfigured proxy would)."""
        return cls("html", forever=forever)

    @classmethod
    def drip(cls, interval_s: float, *, headers: bool = False, forever: bool = False) -> Fault:
        """Send the normal answer one byte every ``interval_s`` (its headers too if asked)."""
        kind = "drip_headers" if headers else "drip_body"
        return cls(kind, delay_s=interval_s, forever=forever)

    @classmethod
    def gzip(cls, compressed: bytes, *, forever: bool = False) -> Fault:
        """Answer 200 with ``compressed`` as a gzip-encoded JSON body (e.g. a gzip bomb)."""
        return cls("gzip", body=compressed, forever=forever)

    @classmethod
    def big_body(cls, size: int, *, announce: bool = True, forever: bool = False) -> Fault:
        """Answer 200 with ``size`` bytes of JSON-looking body, streamed in 1 MiB writes."""
        return cls("big_body", size=size, announce=announce, forever=forever)


def normalise_path(path_qs: str) -> str:
    """Path plus query with the query keys sorted (Rails ``Hash#to_query`` order)."""
    parts = urlsplit(path_qs)
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + ("?" + urlencode(query) if query else "")


def _without_count(path_qs: str) -> str:
    parts = urlsplit(path_qs)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "count"]
    return parts.path + ("?" + urlencode(sorted(query)) if query else "")


def load_routes(name: str, *, alt: bool = False) -> dict[str, Route]:
    """Read a routes file from the fixtures folder (``alt`` serves ``alt_file`` when present)."""
    spec: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    routes: dict[str, Route] = {}
    for path_qs, entry in spec.items():
        if path_qs.startswith("_"):
            continue
        file_name = entry.get("alt_file") if alt and entry.get("alt_file") else entry.get("file")
        if "file" in entry and file_name is None:
            file_name = DECOY_FILE
        body = (FIXTURES / file_name).read_bytes() if file_name else b""
        headers = dict(entry.get("headers") or {})
        if file_name == DECOY_FILE:
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
        routes[normalise_path(path_qs)] = Route(int(entry["status"]), body, headers)
    return routes


class PetitionsServer:
    """The running server: its URL, the requests it saw, and knobs for routes and faults."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._routes: dict[str, Route] = {}
        self._faults: dict[str, list[Fault]] = {}
        self.use_routes("routes.json")
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> PetitionsServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def use_routes(self, name: str, *, alt: bool = False) -> None:
        """Serve ``routes.json`` (default) or ``routes.legacy.json``; ``alt``: redesign HTML."""
        routes = load_routes(name, alt=alt)
        with self._lock:
            self._routes = routes

    def add_route(
        self,
        path_qs: str,
        *,
        status: int = 200,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Serve ``body`` with ``status`` and ``headers`` at ``path_qs`` (replaces a route)."""
        with self._lock:
            self._routes[normalise_path(path_qs)] = Route(status, body, dict(headers or {}))

    def add_fault(self, path_qs: str, faults: list[Fault]) -> None:
        """Serve ``faults`` in order for ``path_qs`` before normal service resumes."""
        with self._lock:
            self._faults.setdefault(normalise_path(path_qs), []).extend(faults)

    def requests_for(self, path_qs: str) -> list[RecordedRequest]:
        """The recorded requests whose normalised path+query equals ``path_qs``'s."""
        key = normalise_path(path_qs)
        return [r for r in self.requests if normalise_path(r.path) == key]

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _next_fault(self, key: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(key)
            if not queue:
                return None
            fault = queue[0]
            if not fault.forever:
                queue.pop(0)
            return fault

    def _route(self, key: str) -> Route | None:
        with self._lock:
            route = self._routes.get(key)
            if route is not None:
                return route
            bare = _without_count(key)
            for path_qs, candidate in self._routes.items():
                if _without_count(path_qs) == bare:
                    return candidate
            return None


def _not_modified(route: Route, headers: Mapping[str, str]) -> bool:
    lowered = {k.lower(): v for k, v in headers.items()}
    route_headers = {k.lower(): v for k, v in route.headers.items()}
    etag = route_headers.get("etag")
    if etag and "if-none-match" in lowered:
        wanted = [tag.strip() for tag in lowered["if-none-match"].split(",")]
        return etag in wanted or "*" in wanted
    last_modified = route_headers.get("last-modified")
    since = lowered.get("if-modified-since")
    if last_modified and since:
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False
    return False


def _make_handler(server: PetitionsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr access log."""

        def do_GET(self) -> None:
            server._record(
                RecordedRequest("GET", self.path, dict(self.headers.items()), time.monotonic())
            )
            key = normalise_path(self.path)
            fault = server._next_fault(key)
            route = server._route(key)
            try:
                if fault is not None and fault.kind == "delay":
                    time.sleep(fault.delay_s)
                    fault = None
                if fault is not None:
                    self._serve_fault(fault, route)
                elif route is None:
                    self._send(404, b"Not Found", {"Content-Type": "text/plain"})
                elif route.status == 200 and _not_modified(route, dict(self.headers.items())):
                    kept = {
                        k: v
                        for k, v in route.headers.items()
                        if k.lower() in {"etag", "last-modified", "cache-control"}
                    }
                    self._send(304, b"", kept)
                else:
                    self._send(route.status, route.body, route.headers)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _serve_fault(self, fault: Fault, route: Route | None) -> None:
            if fault.kind == "status":
                self._send(fault.status, f"HTTP {fault.status}".encode(), fault.headers)
            elif fault.kind == "html":
                self._send(200, HTML_WHERE_JSON, {"Content-Type": "text/html; charset=utf-8"})
            elif fault.kind == "truncated":
                body = route.body if route is not None and route.body else b'{"data": {"id": 1'
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body) + 1000))
                self.end_headers()
                self.wfile.write(body[: max(1, len(body) // 2)])
                self.wfile.flush()
                self.close_connection = True
            elif fault.kind in {"drip_headers", "drip_body"}:
                body = route.body if route is not None and route.body else b'{"data": {}}'
                head = (
                    "HTTP/1.0 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                if fault.kind == "drip_body":
                    self.wfile.write(head)
                    self.wfile.flush()
                    head = b""
                self._drip(head + body, fault.delay_s)
            elif fault.kind == "gzip":
                headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
                self._send(200, fault.body, headers)
            elif fault.kind == "big_body":
                self._send_big(fault.size, announce=fault.announce)
            else:
                raise ValueError(f"unknown fault kind {fault.kind!r}")

        def _drip(self, data: bytes, interval_s: float) -> None:
            """Write ``data`` a byte at a time until done, DRIP_LIMIT_S or the client leaves."""
            started = time.monotonic()
            for index in range(len(data)):
                if time.monotonic() - started > DRIP_LIMIT_S:
                    break
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
                time.sleep(interval_s)
            self.close_connection = True

        def _send_big(self, size: int, *, announce: bool) -> None:
            """Stream ``size`` bytes (a JSON prefix, then filler) without holding them."""
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            if announce:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            filler = b"x" * (1 << 20)
            self.wfile.write(BIG_BODY_PREFIX)
            sent = len(BIG_BODY_PREFIX)
            while sent < size:
                piece = filler[: min(len(filler), size - sent)]
                self.wfile.write(piece)
                sent += len(piece)
            self.close_connection = True

        def _send(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() != "content-length":
                    self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler
