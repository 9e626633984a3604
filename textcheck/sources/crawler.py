"""Fetching petitions: single petitions with their response history, and list crawls.

INTERFACE STUB: to be implemented (issue 2).  Uses ``HttpClient`` for bytes and the pure
parsers in ``petitions.py`` for records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from textcheck.records import FetchRecord, Petition
from textcheck.settings import Settings
from textcheck.sources.http import HttpClient


@dataclass(frozen=True)
class FetchedPetition:
    """A petition and the HTTP exchanges it was read from."""

    petition: Petition
    fetches: tuple[FetchRecord, ...]


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


def fetch_petition(client: HttpClient, petition_id: int, settings: Settings) -> FetchedPetition:
    """Fetch one petition with its full response history (JSON, HTML fallback)."""
    raise NotImplementedError


def crawl_petitions(
    client: HttpClient,
    query: CrawlQuery,
    settings: Settings,
    *,
    progress: Callable[[int, int | None], None] | None = None,
) -> Iterator[CrawledPage]:
    """Yield list pages in order until ``next`` is null, data is empty or max_pages is hit."""
    raise NotImplementedError
