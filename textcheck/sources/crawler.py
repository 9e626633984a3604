"""Fetching petitions: single petitions with their response history, and list crawls.

Uses ``HttpClient`` for bytes and the pure parsers in ``petitions.py`` for records; saving
the fetches is the caller's job.  Rules from ``petitions/API.md``:

- ``/petitions/ID.json`` 302s to ``/archived/petitions/ID.json`` for archived petitions
  (section 1); the client follows and rebases the redirect;
- the original of a revised response is only in ``other_parliamentary_business`` (single JSON
  since Mar 2021) or the page's "Related activity" (section 3), so when the JSON says the
  response was revised but carries no such entries, or the JSON is unavailable (406, or not
  JSON), the HTML page is read instead;
- list pages are requested as ``page=N`` URLs built here, never by following ``links.next``:
  the old link algorithm drops ``parliament`` and ``topic``, so its ``next`` walks into the
  wrong parliament (section 1, "Scraper rule").  Ids are de-duplicated because ties in the
  ordering are not stable, and ``page`` never goes past ``links.last``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from textcheck.errors import NotFoundError, ParseError, SourceError
from textcheck.records import FetchRecord, Petition, VersionKind
from textcheck.settings import Settings
from textcheck.sources.http import HttpClient, HttpStatusError
from textcheck.sources.petitions import (
    parse_page_count,
    parse_petition_html,
    parse_petition_json,
    parse_petition_list,
)

# API.md section 3: phrases a revised response uses about itself.
REVISED_CUES = re.compile(r"\brevised\s+response\b", re.IGNORECASE)
# Statuses meaning "the JSON view is not available here, try the page" (406: format refused).
JSON_UNAVAILABLE_STATUSES = frozenset({406})


@dataclass(frozen=True)
class FetchedPetition:
    """A petition and the HTTP exchanges it was read from."""

    petition: Petition
    fetches: tuple[FetchRecord, ...]
    warnings: tuple[str, ...] = ()
    """What could not be read although the petition was: e.g. the page that holds the
    original of a revised response answered 404, so only the JSON's version is known."""


@dataclass(frozen=True)
class CrawlQuery:
    """What list to walk."""

    archived: bool = False
    parliament: int | None = None
    state: str | None = None
    query: str | None = None
    max_pages: int | None = None


@dataclass(frozen=True)
class CrawledPage:
    """One list page: its petitions (list data only), fetches and non-fatal errors."""

    petitions: tuple[Petition, ...]
    fetches: tuple[FetchRecord, ...]
    errors: tuple[str, ...] = ()


def looks_revised(petition: Petition) -> bool:
    """True when the only response known looks like a revision whose original is missing.

    Heuristics from API.md section 3: the details call themselves a revised response, or the
    response date differs from the date the petition first got a response.
    """
    if len(petition.responses) != 1 or petition.responses[0].version != VersionKind.CURRENT:
        return False
    response = petition.responses[0]
    first = (petition.government_response_at or "")[:10]
    date_moved = bool(first and response.responded_on and response.responded_on != first)
    return date_moved or bool(REVISED_CUES.search(response.details))


def _html_url(json_url: str) -> str:
    return json_url[: -len(".json")] if json_url.endswith(".json") else json_url


def fetch_petition(client: HttpClient, petition_id: int, settings: Settings) -> FetchedPetition:
    """Fetch one petition with its full response history (JSON, HTML fallback).

    Raises NotFoundError for an unknown (404) or removed (410) petition, and the other
    SourceError kinds when neither the JSON nor the page can be read.
    """
    if petition_id <= 0:
        raise NotFoundError(f"expected a positive petition id, found {petition_id}")
    json_path = f"/petitions/{petition_id}.json"
    fetches: list[FetchRecord] = []
    try:
        record = client.get(json_path, what="petition")
    except NotFoundError:
        raise
    except HttpStatusError as exc:
        if exc.status not in JSON_UNAVAILABLE_STATUSES:
            raise
        return _fetch_from_html(client, f"/petitions/{petition_id}", settings, fetches, exc)
    fetches.append(record)
    try:
        petition = parse_petition_json(
            record.body, source=record.final_url, base_url=settings.base_url
        )
    except ParseError as exc:
        return _fetch_from_html(client, _html_url(record.final_url), settings, fetches, exc)
    if not petition.related_activity and looks_revised(petition):
        try:
            page = client.get(_html_url(record.final_url), what="petition page")
            fetches.append(page)
            from_html = parse_petition_html(
                page.body, source=page.final_url, base_url=settings.base_url
            )
        except SourceError as exc:
            # The JSON was read: keep its version rather than lose the petition.
            warning = f"the original response could not be recovered: {exc}"
            return FetchedPetition(petition=petition, fetches=tuple(fetches), warnings=(warning,))
        if any(v.version == VersionKind.ORIGINAL for v in from_html.responses):
            original = next(v for v in from_html.responses if v.version == VersionKind.ORIGINAL)
            revised = replace(petition.responses[0], version=VersionKind.REVISED)
            petition = replace(
                petition,
                responses=(original, revised),
                related_activity=from_html.related_activity,
            )
    return FetchedPetition(petition=petition, fetches=tuple(fetches))


def _fetch_from_html(
    client: HttpClient,
    url: str,
    settings: Settings,
    fetches: list[FetchRecord],
    json_problem: SourceError,
) -> FetchedPetition:
    """Read the petition from its HTML page; if that fails too, report the JSON's problem.

    The JSON is what was asked for, so its error is the one that explains the failure.
    """
    try:
        page = client.get(url, what="petition page")
        petition = parse_petition_html(page.body, source=page.final_url, base_url=settings.base_url)
    except SourceError as exc:
        raise json_problem from exc
    fetches.append(page)
    return FetchedPetition(petition=petition, fetches=tuple(fetches))


def list_page_url(query: CrawlQuery, settings: Settings, page: int) -> str:
    """The path+query of list page ``page`` (keys sorted, ``page`` omitted for page 1)."""
    params: dict[str, str] = {"count": str(settings.page_size)}
    if query.parliament is not None:
        params["parliament"] = str(query.parliament)
    if query.state:
        params["state"] = query.state
    if query.query:
        params["q"] = query.query
    if page > 1:
        params["page"] = str(page)
    path = "/archived/petitions.json" if query.archived else "/petitions.json"
    return f"{path}?{urlencode(sorted(params.items()))}"


def crawl_petitions(
    client: HttpClient,
    query: CrawlQuery,
    settings: Settings,
    *,
    progress: Callable[[int, int | None], None] | None = None,
) -> Iterator[CrawledPage]:
    """Yield list pages in order until ``next`` is null, data is empty or max_pages is hit.

    A page that cannot be fetched or parsed ends the crawl with a page carrying the error
    (the pages after it cannot be trusted to exist); ``progress(page, last_page)`` is called
    after each page.
    """
    seen: set[int] = set()
    page = 1
    last: int | None = None
    while query.max_pages is None or page <= query.max_pages:
        url = list_page_url(query, settings, page)
        try:
            record = client.get(url, what="petitions list")
            listing = parse_petition_list(
                record.body, source=record.final_url, base_url=settings.base_url
            )
            last = parse_page_count(record.body, source=record.final_url)
        except SourceError as exc:
            yield CrawledPage(petitions=(), fetches=(), errors=(str(exc),))
            return
        fresh = tuple(p for p in listing.petitions if p.id not in seen)
        seen.update(p.id for p in fresh)
        yield CrawledPage(petitions=fresh, fetches=(record,))
        if progress is not None:
            progress(page, last)
        if not listing.petitions or listing.next_url is None:
            return
        if last is not None and page >= last:
            return
        page += 1
