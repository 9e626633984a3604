"""The only module that talks to the network (and the only one importing requests).

``HttpClient.get`` is polite to the sites it reads, following the advice in
``petitions/API.md`` section 5 (maintainers of alphagov/e-petitions block IPs that hammer the
site or re-request 404/410 pages):

- it names itself in ``User-Agent`` and uses (connect, read) timeouts;
- requests to one host are serial, at least ``settings.delay_s`` apart;
- 429, 5xx and connection failures are retried ``settings.retries`` times with exponential
  backoff (``backoff_s * 2**n``), honouring ``Retry-After`` (seconds or an HTTP date) capped at
  ``settings.max_retry_after_s`` (which also caps the backoff); ``retries`` = 3 means at most
  4 attempts; 400/403/404/410 are never retried;
- every GET is conditional once a response is cached: requests-cache stores bodies with their
  validators and sends ``If-None-Match`` / ``If-Modified-Since``; a 304 gives back the stored
  body as a ``FetchRecord`` with ``not_modified=True`` and ``status`` 200 (the status of the
  stored response the 304 confirmed);
- absolute URLs of the petitions sites are rebased onto ``settings.base_url`` (a test server
  or mirror still writes production URLs into its bodies), and redirects are followed by
  hand, rebased the same way, at most ``MAX_REDIRECTS`` hops.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import requests
import requests_cache

from textcheck.errors import NetworkError, NotFoundError, SourceError, StoreError
from textcheck.records import FetchRecord
from textcheck.settings import Settings

if TYPE_CHECKING:
    from textcheck.store import Store

MAX_REDIRECTS = 5
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


class HttpStatusError(SourceError):
    """A source answered with an error status (other than 404/410); ``status`` says which."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


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


def cache_path_for(db: Path) -> Path:
    """Where the HTTP cache lives: beside the store, ``<db stem>.http-cache.sqlite``."""
    return db.with_name(f"{db.stem}.http-cache.sqlite")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _short_reason(exc: Exception) -> str:
    """The useful end of a requests/urllib3 exception chain, e.g. "Connection refused"."""
    text = str(exc)
    for pattern in (
        r"\[Errno -?\d+\] ([^'\")]+)",
        r"IncompleteRead\(([^)]+)\)",
        r"(Read timed out)",
    ):
        match = re.search(pattern, text)
        if match:
            return match.group(1).strip()
    return text[:120]


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HttpClient:
    """A polite HTTP client: user agent, timeouts, retries, per-host delay, conditional GETs.

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
            )
        except Exception as exc:  # requests-cache raises sqlite3/OSError kinds
            raise StoreError(f"cannot open the HTTP cache beside {settings.db}: {exc}") from exc
        session.headers["User-Agent"] = settings.user_agent
        session.max_redirects = MAX_REDIRECTS
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
        retries), SourceError (other 4xx, 5xx after retries, too many redirects, truncated
        body).  Every message names the URL.
        """
        requested = rebase_url(url, self.settings.base_url)
        current = requested
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._get_with_retries(current, what)
            if response.status_code in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise SourceError(
                        f"expected a Location header with HTTP {response.status_code} at {current}"
                    )
                current = rebase_url(urljoin(current, location), self.settings.base_url)
                continue
            return self._record(requested, current, response)
        raise SourceError(f"too many redirects (more than {MAX_REDIRECTS}) from {requested}")

    def _record(self, requested: str, final: str, response: requests.Response) -> FetchRecord:
        not_modified = bool(getattr(response, "revalidated", False))
        return FetchRecord(
            url=requested,
            final_url=final,
            status=response.status_code,
            headers=dict(response.headers.items()),
            body=response.content,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            not_modified=not_modified,
        )

    def _host_lock(self, url: str) -> threading.Lock:
        with self._locks_guard:
            return self._host_locks.setdefault(_host_key(url), threading.Lock())

    def _wait_for_turn(self, host: str) -> None:
        last = self._last_request_at.get(host)
        if last is not None:
            remaining = self.settings.delay_s - (time.monotonic() - last)
            if remaining > 0:
                time.sleep(remaining)

    def _get_with_retries(self, url: str, what: str) -> requests.Response:
        """One GET with retries; returns a response with a final (non-retryable) status."""
        attempts = max(0, self.settings.retries) + 1
        host = _host_key(url)
        timeout = (self.settings.connect_timeout_s, self.settings.read_timeout_s)
        with self._host_lock(url):
            for attempt in range(attempts):
                self._wait_for_turn(host)
                last_try = attempt == attempts - 1
                wait = self.settings.backoff_s * (2**attempt)
                try:
                    response = self._session.get(url, timeout=timeout, allow_redirects=False)
                    self._check_complete(url, response)
                except requests.exceptions.ChunkedEncodingError as exc:
                    problem: SourceError = SourceError(
                        f"truncated response body from {url}: the connection closed early "
                        f"({_short_reason(exc)})"
                    )
                except requests.Timeout:
                    problem = NetworkError(
                        f"no answer from {url} within the timeout (connect {timeout[0]} s, read "
                        f"{timeout[1]} s) after {attempt + 1} attempt(s)"
                    )
                except requests.ConnectionError as exc:
                    problem = NetworkError(
                        f"cannot connect to {url} after {attempt + 1} attempt(s): "
                        f"{_short_reason(exc)}"
                    )
                except SourceError as exc:
                    problem = exc
                except requests.RequestException as exc:
                    raise SourceError(f"cannot request {url}: {exc}") from exc
                else:
                    status = response.status_code
                    if status not in RETRY_STATUSES:
                        self._raise_for_status(url, response, what)
                        return response
                    problem = HttpStatusError(
                        f"expected a successful response from {url}, found HTTP {status} "
                        f"after {attempt + 1} attempt(s)",
                        status=status,
                    )
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    if retry_after is not None:
                        wait = retry_after
                finally:
                    self._last_request_at[host] = time.monotonic()
                if last_try:
                    raise problem
                time.sleep(min(wait, self.settings.max_retry_after_s))
        raise AssertionError("unreachable: the loop returns or raises")

    @staticmethod
    def _check_complete(url: str, response: requests.Response) -> None:
        """Raise SourceError when fewer bytes arrived than Content-Length promised."""
        promised = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        if getattr(response, "from_cache", False) or encoded or not promised:
            return
        if promised.isdigit() and len(response.content) < int(promised):
            raise SourceError(
                f"truncated response body from {url}: {len(response.content)} of "
                f"{promised} bytes arrived"
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
