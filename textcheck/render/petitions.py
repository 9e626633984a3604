"""Rendering ``fetch`` and ``crawl`` results.  INTERFACE STUB (issue 2)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from textcheck.records import Petition

if TYPE_CHECKING:
    from textcheck.api import CrawlResult


def render_petitions(petitions: Sequence[Petition], fmt: str) -> str:
    """``fetch`` output: text summary or ``textcheck.petition/1`` JSON."""
    raise NotImplementedError


def render_crawl(result: CrawlResult, fmt: str) -> str:
    """``crawl`` output: text summary or ``textcheck.crawl/1`` JSON."""
    raise NotImplementedError


@contextmanager
def crawl_progress() -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress callback (pages done, pages in all) drawing on stderr only on a terminal."""
    yield None
