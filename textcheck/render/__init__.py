"""Renderers: every output a user reads (text, JSON, JSONL, Markdown, HTML).

INTERFACE STUB (issues 2-4): one ``render_*`` function per result type, each returning a str.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from textcheck.records import Comparison, Petition

if TYPE_CHECKING:
    from textcheck.api import ClaimsResult, CrawlResult


def render_petitions(petitions: Sequence[Petition], fmt: str) -> str:
    """``fetch`` output: text summary or ``textcheck.petition/1`` JSON."""
    raise NotImplementedError


def render_crawl(result: CrawlResult, fmt: str) -> str:
    """``crawl`` output: text summary or ``textcheck.crawl/1`` JSON."""
    raise NotImplementedError


def render_claims(result: ClaimsResult, fmt: str, *, all_sentences: bool = False) -> str:
    """``claims`` output: a text table, ``textcheck.claims/1`` JSON, or JSONL."""
    raise NotImplementedError


def render_compare(comparison: Comparison, fmt: str) -> str:
    """``compare`` output: text, ``textcheck.compare/1`` JSON, Markdown or HTML."""
    raise NotImplementedError


@contextmanager
def crawl_progress() -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress callback (pages done, pages in all) drawing on stderr only on a terminal."""
    yield None
