"""The only module that talks to the network (and the only one importing requests).

``HttpClient.get`` is polite to the sites it reads, following the advice in
``petitions/API.md`` section 5 (maintainers of alphagov/e-petitions block IPs that hammer the
site or re-request 404/410 pages), and holds up against sites that misbehave:

- it names itself in ``User-Agent`` and uses (connect, read) timeouts;
- requests to one host are serial, at least ``settings.delay_s`` apart;
- 429, 5xx and connection failures are retried ``settings.retries`` times with exponential
  backoff (``backoff_s * 2**n``, capped at ``settings.max_retry_after_s``), honouring
  ``Retry-After`` (seconds or an HTTP date); ``retries`` = 3 means at most 4 attempts;
  400/403/404/410 are never retried.  A ``Retry-After`` above ``max_retry_after_s`` is not
  waited for: the request fails at once, saying when the site asks to come back;
- one ``get`` has an overall deadline, ``settings.deadline_s``: a server that drips its
  headers or body a byte at a time passes every read timeout, so a watchdog shuts the
  request's socket down when the deadline passes.  The clock starts when the first attempt
  is sent and runs through every attempt, retry wait and redirect hop (the ``delay_s``
  pacing between requests is not counted: it is this client's politeness, not the server's
  slowness, and neither is a ``Retry-After`` wait within the limit, which the site asked
  for).  A request that hits the deadline is not retried (its time is spent), and a backoff
  retry whose wait would end after the deadline is not made, so one ``get`` takes at most
  ``deadline_s`` plus the pacing and at most ``retries`` waits of ``max_retry_after_s``;
- bodies are streamed in chunks and capped at ``settings.max_bytes``, counted on the wire and
  again after decompression (a gzip bomb stops at the cap, not at 1 GiB of memory); a
  ``Content-Length`` above the cap is refused before the body is read.  A refused answer is
  not retried and nothing of it is cached or returned;
- every GET is conditional once a response is cached: requests-cache stores bodies with their
  validators and sends ``If-None-Match`` / ``If-Modified-Since``; a 304 gives back the stored
  body as a ``FetchRecord`` with ``not_modified=True`` and ``status`` 200 (the status of the
  stored response the 304 confirmed).  requests-cache reads a whole body to save it, so it is
  told (``_cache_filter``) not to save a fresh 200 itself: the client saves it after reading
  it within the cap and the deadline;
- absolute URLs of the petitions sites are rebased onto ``settings.base_url`` (a test server
  or mirror still writes production URLs into its bodies), and redirects are followed by
  hand, rebased the same way, at most ``MAX_REDIRECTS`` hops, and only on the host asked for
  (``check_redirect``): for a petitions URL that is the base URL's host (so the site's own
  ``/petitions/ID`` -> ``/archived/petitions/ID`` is followed), for an article URL its own
  host.  A redirect to another host is an error naming both, so a foreign body is never
  stored as a petition.
"""

from __future__ import annotations

import contextlib
import math
import re
import socket
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
import requests.adapters
import requests_cache
import urllib3
import urllib3.connection
import urllib3.exceptions
import urllib3.response

from textcheck.errors import (
    NetworkError,
    NotFoundError,
    SourceError,
    StoreError,
    describe_os_error,
)
from textcheck.records import FetchRecord
from textcheck.settings import Settings

if TYPE_CHECKING:
    from textcheck.store import Store

MAX_REDIRECTS = 5
# Bytes asked of the stream at a time: small enough that one chunk of a gzip bomb decompresses
# to little (urllib3 >= 2.6 bounds each decompression step by it), large enough that a
# petition page takes a handful of reads.
CHUNK_BYTES = 16_384
# Hosts running the e-petitions software (API.md sections 1 and 6): their absolute URLs are
# rebased onto the configured base URL.
PETITIONS_HOSTS = frozenset(
    {
        "petition.parliament.uk",
        "petitions.senedd.wales",
        "deisebau.senedd.cymru",
        "petitions.gov.je",
        "preview.epetitions.website",
    }
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NOT_FOUND_STATUSES = frozenset({404, 410})
DEFAULT_PORTS = {"http": 80, "https": 443}


class HttpStatusError(SourceError):
    """A source answered with an error status (other than 404/410); ``status`` says which."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class DeadlineError(NetworkError):
    """No complete answer arrived within ``settings.deadline_s``; never retried."""


class ResponseTooLargeError(SourceError):
    """A response body is larger than ``settings.max_bytes``; never retried, never stored."""


def rebase_url(url: str, base_url: str) -> str:
    """Resolve ``url`` against ``base_url``, moving petitions-site URLs onto ``base_url``.

    Relative URLs are joined to the base.  Absolute URLs on a known petitions host keep only
    their path and query; URLs on any other host are returned unchanged.
    """
    base = base_url.rstrip("/")
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return urljoin(base + "/", url)
    if (parts.hostname or "").lower() in PETITIONS_HOSTS:
        return base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def _site(parts: SplitResult) -> tuple[str, int | None]:
    """Host and explicit port of a URL; a scheme's default port counts as no port.

    So ``http://h`` and ``https://h`` are one site (an upgrade to https is followed), while
    ``127.0.0.1:8000`` and ``127.0.0.1:8001`` are two.
    """
    port = parts.port
    if port is not None and DEFAULT_PORTS.get(parts.scheme.lower()) == port:
        port = None
    return (parts.hostname or "").lower(), port


def _host_name(parts: SplitResult) -> str:
    """The host as a user writes it: name, and port when it is not the scheme's default."""
    host, port = _site(parts)
    if ":" in host:
        host = f"[{host}]"
    return host if port is None else f"{host}:{port}"


def check_redirect(requested: str, current: str, target: str) -> None:
    """Raise SourceError unless a redirect from ``current`` to ``target`` may be followed.

    ``requested`` is the URL ``get`` was asked for, already rebased: a redirect must stay on
    its host (for petitions-site URLs the base URL's host, for any other URL that URL's own
    host), keep to http(s) and not drop from https to http.  Following one anywhere would
    store a foreign body as the petition asked for.
    """
    origin, here = urlsplit(requested), urlsplit(current)
    try:
        there = urlsplit(target)
        there_site = _site(there)
    except ValueError:
        raise SourceError(f"redirect to an invalid URL {target!r} refused at {current}") from None
    if there.scheme.lower() not in DEFAULT_PORTS:
        raise SourceError(f"redirect to a non-HTTP URL {target!r} refused at {current}")
    if there_site != _site(origin):
        raise SourceError(
            f"redirect from {_host_name(origin)} to another host {_host_name(there)} "
            f"refused at {current}"
        )
    if here.scheme.lower() == "https" and there.scheme.lower() == "http":
        raise SourceError(f"redirect from https to plain http refused at {current}")


def cache_path_for(db: Path) -> Path:
    """Where the HTTP cache lives: beside the store, ``<db stem>.http-cache.sqlite``."""
    return db.with_name(f"{db.stem}.http-cache.sqlite")


MAX_RETRY_AFTER_READ_S = 86_400
"""The longest ``Retry-After`` read as given; anything longer reads as a day."""


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # Capped at a day: a longer wait is refused anyway, and a 400-digit value would be
        # infinite as a float.
        return float(min(int(value[:12]), MAX_RETRY_AFTER_READ_S))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(0.0, seconds), float(MAX_RETRY_AFTER_READ_S))


def _store_reason(exc: BaseException) -> str:
    """Why the HTTP cache failed, in words (an OS error without its ``[Errno N]``)."""
    if isinstance(exc, OSError):
        return describe_os_error(exc, action="use", path=exc.filename or "the cache")
    return str(exc)


def _nobody_there(exc: BaseException) -> bool:
    """True when a connection failed because no one answers: the name does not resolve or
    the port refuses.  Retrying either only delays the answer (with no network, the offline
    fallback), and re-asking a resolver that failed is what API.md asks clients not to do."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(
            current,
            ConnectionRefusedError | socket.gaierror | urllib3.exceptions.NameResolutionError,
        ):
            return True
        stack.extend(a for a in current.args if isinstance(a, BaseException))
        for linked in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(linked, BaseException):
                stack.append(linked)
    return False


def _short_reason(exc: Exception) -> str:
    """The useful end of a requests/urllib3 exception chain, e.g. "Connection refused"."""
    text = str(exc)
    for pattern in (
        r"\[Errno -?\d+\] ([^'\")]+)",
        r"IncompleteRead\(([^)]+)\)",
        r"(Read timed out)",
        r"(Error -?\d+ while decompressing data: [^'\")]+)",
    ):
        match = re.search(pattern, text)
        if match:
            return match.group(1).strip()
    return text[:120]


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _seconds(value: float) -> str:
    """A number of seconds for a message: ``2``, ``0.5``, ``3600``."""
    return f"{value:g}"


def _cache_filter(response: requests.Response) -> bool:
    """requests-cache ``filter_fn``: let it save only what it already holds in memory.

    A fresh 200 is refused here (so requests-cache does not read its whole body to save it,
    past the byte cap and the deadline); ``HttpClient`` saves it once read.  Cached and
    revalidated (304) responses pass, and other statuses are never saved anyway.
    """
    return bool(getattr(response, "from_cache", False)) or response.status_code != 200


class _Watchdog:
    """Shuts down the sockets of one attempt when the deadline passes.

    Read timeouts apply to each read, so a server sending a byte a second never trips them;
    shutting the socket down from this timer's thread ends the blocked read at once.  The
    connection classes below hand their sockets to the watchdog of the attempt running in
    their thread.
    """

    _current = threading.local()

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._done = False
        self.fired = False
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        _Watchdog._current.watchdog = self
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> bool:
        """Stop watching (idempotent); True when the deadline passed first."""
        with self._lock:
            self._done = True
        self._timer.cancel()
        _Watchdog._current.watchdog = None
        return self.fired

    @classmethod
    def watch(cls, sock: socket.socket | None) -> None:
        """Hand ``sock`` to the watchdog of the attempt running in this thread, if any."""
        watchdog: _Watchdog | None = getattr(cls._current, "watchdog", None)
        if watchdog is None or sock is None:
            return
        with watchdog._lock:
            if watchdog._done:
                return
            if not any(known is sock for known in watchdog._sockets):
                watchdog._sockets.append(sock)
            fired = watchdog.fired
        if fired:
            _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    """End every blocked read on ``sock`` (the plain socket call, also under TLS)."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _WatchedHTTPConnection(urllib3.connection.HTTPConnection):
    """An urllib3 connection whose socket the current attempt's watchdog can shut down.

    The socket is handed over as soon as it is connected (so a TLS handshake is watched
    too), and again when a kept-alive connection is reused for a new response.
    """

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _Watchdog.watch(sock)
        return sock

    def getresponse(self) -> urllib3.response.HTTPResponse:  # type: ignore[override]
        _Watchdog.watch(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(_WatchedHTTPConnection, urllib3.connection.HTTPSConnection):
    """The https connection, watched the same way (its TLS handshake runs on the watched
    socket ``_new_conn`` hands over)."""


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS: dict[str, type[urllib3.HTTPConnectionPool]] = {
    "http": _WatchedHTTPPool,
    "https": _WatchedHTTPSPool,
}


class _WatchedAdapter(requests.adapters.HTTPAdapter):
    """A requests adapter whose connections (direct or through an HTTP proxy) are watched."""

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager


@dataclass
class _Clock:
    """The deadline of one ``get``: started by its first attempt, pushed back by pacing."""

    seconds: float
    at: float | None = None

    def start(self) -> None:
        """Start the clock (only the first call counts)."""
        if self.at is None:
            self.at = time.monotonic() + self.seconds

    def extend(self, seconds: float) -> None:
        """Push the deadline back by ``seconds`` spent pacing (not the server's time)."""
        if self.at is not None:
            self.at += seconds

    def remaining(self) -> float:
        """Seconds left (the whole budget before the clock starts)."""
        return self.seconds if self.at is None else self.at - time.monotonic()


class HttpClient:
    """A polite HTTP client: user agent, timeouts, retries, per-host delay, conditional GETs,
    an overall deadline, a byte cap and redirects kept on the host asked for.

    ``store`` only decides where the HTTP cache lives (beside the store's database); saving
    the returned ``FetchRecord`` is the caller's job.  Without a store the cache is in memory.
    """

    def __init__(self, settings: Settings, *, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store
        self._session = self._make_session(settings, store)
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request_at: dict[str, float] = {}
        self._locks_guard = threading.Lock()

    @staticmethod
    def _make_session(settings: Settings, store: Store | None) -> requests_cache.CachedSession:
        cache_name = str(cache_path_for(Path(settings.db))) if store is not None else "http-cache"
        try:
            # Expire at once: every use revalidates (a conditional GET when validators exist, a
            # plain GET otherwise); server max-age is ignored so that a re-fetch always asks.
            session = requests_cache.CachedSession(
                cache_name,
                backend="sqlite" if store is not None else "memory",
                expire_after=0,
                cache_control=False,
                allowable_codes=(200,),
                allowable_methods=("GET",),
                stale_if_error=False,
                filter_fn=_cache_filter,
            )
        except Exception as exc:  # requests-cache raises sqlite3/OSError kinds
            raise StoreError(
                f"cannot open the HTTP cache beside {settings.db}: {_store_reason(exc)}"
            ) from exc
        session.headers["User-Agent"] = settings.user_agent
        session.max_redirects = MAX_REDIRECTS
        session.mount("http://", _WatchedAdapter())
        session.mount("https://", _WatchedAdapter())
        return session

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the session and its cache connection."""
        self._session.close()

    def get(self, url: str, *, what: str = "page") -> FetchRecord:
        """GET ``url`` (rebased onto the base URL), following redirects; raise SourceError kinds.

        ``what`` names the thing in error messages ("petition not found (HTTP 404) at ...").
        Raises NotFoundError (404/410), NetworkError (unreachable or timing out after
        retries), DeadlineError (no complete answer within ``deadline_s``),
        ResponseTooLargeError (a body over ``max_bytes``), SourceError (other 4xx, 5xx after
        retries, a Retry-After over the limit, a redirect off the host or too many, a
        truncated body).  Every message names the URL.
        """
        requested = rebase_url(url, self.settings.base_url)
        clock = _Clock(self.settings.deadline_s)
        current = requested
        for _hop in range(MAX_REDIRECTS + 1):
            response, body = self._get_with_retries(current, what, clock)
            if response.status_code in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise SourceError(
                        f"expected a Location header with HTTP {response.status_code} at {current}"
                    )
                target = rebase_url(urljoin(current, location), self.settings.base_url)
                check_redirect(requested, current, target)
                current = target
                continue
            return self._record(requested, current, response, body)
        raise SourceError(f"too many redirects (more than {MAX_REDIRECTS}) from {requested}")

    def _record(
        self, requested: str, final: str, response: requests.Response, body: bytes
    ) -> FetchRecord:
        not_modified = bool(getattr(response, "revalidated", False))
        return FetchRecord(
            url=requested,
            final_url=final,
            status=response.status_code,
            headers=dict(response.headers.items()),
            body=body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            not_modified=not_modified,
        )

    def _host_lock(self, url: str) -> threading.Lock:
        with self._locks_guard:
            return self._host_locks.setdefault(_host_key(url), threading.Lock())

    def _wait_for_turn(self, host: str, clock: _Clock) -> None:
        last = self._last_request_at.get(host)
        if last is not None:
            remaining = self.settings.delay_s - (time.monotonic() - last)
            if remaining > 0:
                time.sleep(remaining)
                clock.extend(remaining)

    def _deadline_error(self, url: str) -> DeadlineError:
        return DeadlineError(
            f"no complete answer from {url} within the deadline of "
            f"{_seconds(self.settings.deadline_s)} s (TEXTCHECK_DEADLINE_S)"
        )

    def _get_with_retries(
        self, url: str, what: str, clock: _Clock
    ) -> tuple[requests.Response, bytes]:
        """One GET with retries: a response with a final (non-retryable) status, and its body.

        The body is read (within the cap and the deadline) for 2xx answers only; other
        answers are closed unread, their bodies being of no use and possibly hostile.
        """
        attempts = max(0, self.settings.retries) + 1
        host = _host_key(url)
        cap = self.settings.max_retry_after_s
        with self._host_lock(url):
            for attempt in range(attempts):
                self._wait_for_turn(host, clock)
                clock.start()
                last_try = attempt == attempts - 1
                wait = min(self.settings.backoff_s * (2 ** min(attempt, 60)), cap)
                asked = False
                timeout = (self.settings.connect_timeout_s, self.settings.read_timeout_s)
                try:
                    response, body = self._attempt(url, what, clock, timeout)
                except (DeadlineError, ResponseTooLargeError):
                    raise
                except requests.exceptions.ChunkedEncodingError as exc:
                    problem: SourceError = SourceError(
                        f"truncated response body from {url}: the connection closed early "
                        f"({_short_reason(exc)})"
                    )
                except requests.exceptions.ContentDecodingError as exc:
                    raise SourceError(
                        f"cannot decompress the response body from {url}: {_short_reason(exc)}"
                    ) from exc
                except requests.Timeout:
                    problem = self._timeout_error(url, timeout, attempt)
                except requests.ConnectionError as exc:
                    if exc.args and isinstance(exc.args[0], urllib3.exceptions.ReadTimeoutError):
                        problem = self._timeout_error(url, timeout, attempt)
                    elif _nobody_there(exc):
                        raise NetworkError(
                            f"cannot connect to {url}: {_short_reason(exc)} (not retried)"
                        ) from exc
                    else:
                        problem = NetworkError(
                            f"cannot connect to {url} after {attempt + 1} attempt(s): "
                            f"{_short_reason(exc)}"
                        )
                except SourceError as exc:
                    problem = exc
                except requests.RequestException as exc:
                    raise SourceError(f"cannot request {url}: {_short_reason(exc)}") from exc
                else:
                    status = response.status_code
                    if status not in RETRY_STATUSES:
                        self._raise_for_status(url, response, what)
                        return response, body
                    problem = HttpStatusError(
                        f"expected a successful response from {url}, found HTTP {status} "
                        f"after {attempt + 1} attempt(s)",
                        status=status,
                    )
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    if retry_after is not None and retry_after > cap:
                        raise HttpStatusError(
                            f"expected a successful response from {url}, found HTTP {status}; "
                            f"the site asks to retry after {math.ceil(retry_after)} s, more "
                            f"than the limit of {_seconds(cap)} s (TEXTCHECK_MAX_RETRY_AFTER_S)",
                            status=status,
                        )
                    if retry_after is not None:
                        wait = retry_after
                        asked = True
                finally:
                    self._last_request_at[host] = time.monotonic()
                if last_try:
                    raise problem
                if asked:
                    # A wait the site asks for (within the limit) is the site's politeness
                    # rule, like pacing: it pushes the deadline back instead of using it up.
                    clock.extend(wait)
                elif wait >= clock.remaining():
                    raise _with_note(
                        problem,
                        f"; a retry in {_seconds(wait)} s would pass the deadline of "
                        f"{_seconds(self.settings.deadline_s)} s (TEXTCHECK_DEADLINE_S)",
                    )
                time.sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")

    def _timeout_error(self, url: str, timeout: tuple[float, float], attempt: int) -> NetworkError:
        return NetworkError(
            f"no answer from {url} within the timeout (connect {timeout[0]} s, read "
            f"{timeout[1]} s) after {attempt + 1} attempt(s)"
        )

    def _attempt(
        self, url: str, what: str, clock: _Clock, timeout: tuple[float, float]
    ) -> tuple[requests.Response, bytes]:
        """Send one GET and read its body, all within what is left of the deadline."""
        remaining = clock.remaining()
        if remaining <= 0:
            raise self._deadline_error(url)
        bounded = (min(timeout[0], remaining), min(timeout[1], remaining))
        response: requests.Response | None = None
        with _Watchdog(remaining) as watchdog:
            try:
                response = self._session.get(
                    url, timeout=bounded, allow_redirects=False, stream=True
                )
                body = self._read_body(url, response, clock)
            except Exception as exc:
                if response is not None:
                    response.close()
                if watchdog.stop():
                    raise self._deadline_error(url) from exc
                raise
            if watchdog.stop():
                response.close()
                raise self._deadline_error(url)
        self._save_to_cache(response, body)
        return response, body

    def _too_large(self, url: str, detail: str = "") -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"response from {url} is larger than the limit of {self.settings.max_bytes:,} "
            f"bytes{detail} (TEXTCHECK_MAX_BYTES)"
        )

    def _read_body(self, url: str, response: requests.Response, clock: _Clock) -> bytes:
        """The body of a 2xx answer, read in chunks within the byte cap and the deadline.

        Other answers are closed unread and give ``b""``.  Raises ResponseTooLargeError when
        ``Content-Length``, the bytes on the wire or the decompressed bytes pass the cap.
        """
        limit = self.settings.max_bytes
        if getattr(response, "from_cache", False):
            body = response.content
            if len(body) > limit:
                raise self._too_large(url)
            return body
        if not 200 <= response.status_code < 300:
            response.close()
            return b""
        promised = response.headers.get("Content-Length", "").strip()
        if promised.isdigit() and int(promised) > limit:
            raise self._too_large(url, f": its Content-Length is {int(promised):,}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            on_wire = response.raw.tell()
            if on_wire > limit:
                raise self._too_large(url)
            if size > limit:
                raise self._too_large(url, " once decompressed")
            if clock.at is not None and time.monotonic() > clock.at:
                raise self._deadline_error(url)
            chunks.append(chunk)
        body = b"".join(chunks)
        self._check_complete(url, response, body)
        # What ``response.content`` would hold had requests read it (requests-cache saves it).
        response._content = body
        response._content_consumed = True  # type: ignore[attr-defined]
        return body

    def _save_to_cache(self, response: requests.Response, body: bytes) -> None:
        """Save a fresh 200 with validators, as requests-cache would have (see module doc)."""
        if getattr(response, "from_cache", False) or response.status_code != 200:
            return
        if not (response.headers.get("ETag") or response.headers.get("Last-Modified")):
            return
        cache = self._session.cache
        try:
            cache.save_response(
                response, cache.create_key(response.request), expires=datetime.now(UTC)
            )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"cannot write the HTTP cache beside {self.settings.db}: {_store_reason(exc)}"
            ) from exc

    @staticmethod
    def _check_complete(url: str, response: requests.Response, body: bytes) -> None:
        """Raise SourceError when fewer bytes arrived than Content-Length promised."""
        promised = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if encoded or not promised:
            return
        if promised.isdigit() and len(body) < int(promised):
            raise SourceError(
                f"truncated response body from {url}: {len(body)} of {promised} bytes arrived"
            )

    @staticmethod
    def _raise_for_status(url: str, response: requests.Response, what: str) -> None:
        status = response.status_code
        if status in NOT_FOUND_STATUSES:
            gone = "not found" if status == 404 else "removed"
            raise NotFoundError(f"{what} {gone} (HTTP {status}) at {url}")
        if 400 <= status < 600:
            raise HttpStatusError(
                f"expected a successful response from {url}, found HTTP {status}", status=status
            )


def _with_note(problem: SourceError, note: str) -> SourceError:
    """``problem`` of the same kind (and status) with ``note`` added to its message."""
    if isinstance(problem, HttpStatusError):
        return HttpStatusError(f"{problem}{note}", status=problem.status)
    return type(problem)(f"{problem}{note}")
