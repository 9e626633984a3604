"""Rendering ``fetch`` and ``crawl`` results: ``textcheck.petition/1``, ``textcheck.crawl/1``.

JSON keys follow DESIGN.md 3.2 in order.  Text output is for a person at a terminal: every
string that came from a source passes through ``clean_terminal_text`` so a petition cannot
move the cursor or recolour the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textcheck.errors import InputError
from textcheck.records import Petition, ResponseVersion
from textcheck.render.jsonformat import render_json
from textcheck.render.terminal import clean_terminal_text

if TYPE_CHECKING:
    from textcheck.api import CrawlResult

PETITION_SCHEMA = "textcheck.petition/1"
CRAWL_SCHEMA = "textcheck.crawl/1"
PREVIEW_LINES = 3
"""How many lines of each response version the text format shows."""


def render_petitions(petitions: Sequence[Petition], fmt: str) -> str:
    """``fetch`` output: a text summary or ``textcheck.petition/1`` JSON."""
    if fmt == "json":
        payload = {"schema": PETITION_SCHEMA, "petitions": [petition_json(p) for p in petitions]}
        return render_json(payload)
    if fmt == "text":
        return "\n".join(_petition_text(p) for p in petitions)
    raise InputError(f"expected format text or json, got {fmt!r}")


def petition_json(petition: Petition) -> dict[str, Any]:
    """One petition as a ``textcheck.petition/1`` object (responses oldest first)."""
    return {
        "id": petition.id,
        "url": petition.url,
        "action": petition.action,
        "background": petition.background,
        "additional_details": petition.additional_details,
        "state": petition.state,
        "signature_count": petition.signature_count,
        "parliament": petition.parliament,
        "responses": [response_json(v) for v in petition.responses],
    }


def response_json(version: ResponseVersion) -> dict[str, Any]:
    """One response version as a ``textcheck.petition/1`` response object."""
    return {
        "version": str(version.version),
        "responded_on": version.responded_on,
        "summary": version.summary,
        "details": version.details,
        "text": version.text,
        "sha256": version.sha256,
        "source": version.source,
    }


def _petition_text(petition: Petition) -> str:
    lines = [_clean_line(f"Petition {petition.id}: {petition.action}"), _clean_line(petition.url)]
    facts = [petition.state, petition.parliament and f"parliament {petition.parliament}"]
    facts.append(f"{petition.signature_count:,} signatures")
    lines.append("  " + ", ".join(_clean_line(str(f)) for f in facts if f))
    if not petition.responses:
        lines.append("  No government response.")
    for version in petition.responses:
        date = version.responded_on or "undated"
        lines.append(f"  {version.version.value.capitalize()} response ({date}):")
        text_lines = [line for line in clean_terminal_text(version.text).splitlines() if line]
        lines += [f"    {_shorten(line)}" for line in text_lines[:PREVIEW_LINES]]
        if len(text_lines) > PREVIEW_LINES:
            lines.append(f"    ... ({len(text_lines) - PREVIEW_LINES} more paragraphs)")
        lines.append(f"    source: {_clean_line(version.source)}")
    return "\n".join(lines) + "\n"


def _clean_line(text: str) -> str:
    return " ".join(clean_terminal_text(text).split())


def _shorten(line: str, width: int = 100) -> str:
    line = " ".join(line.split())
    return line if len(line) <= width else line[: width - 3].rstrip() + "..."


def render_crawl(result: CrawlResult, fmt: str) -> str:
    """``crawl`` output: a text summary or ``textcheck.crawl/1`` JSON."""
    if fmt == "json":
        payload = {
            "schema": CRAWL_SCHEMA,
            "petitions": list(result.petition_ids),
            "pages": result.pages,
            "errors": list(result.errors),
        }
        return render_json(payload)
    if fmt == "text":
        pages = "page" if result.pages == 1 else "pages"
        lines = [f"Stored {len(result.petition_ids)} petitions from {result.pages} {pages}."]
        if result.petition_ids:
            lines.append("Petitions: " + ", ".join(str(i) for i in result.petition_ids))
        if result.errors:
            # The errors themselves go to stderr as ``Error:`` lines (the CLI exits 1).
            failed = len(result.errors)
            lines.append(f"{failed} {'page' if failed == 1 else 'pages'} failed: see the errors.")
        return "\n".join(lines) + "\n"
    raise InputError(f"expected format text or json, got {fmt!r}")


@contextmanager
def crawl_progress() -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress callback (pages done, pages in all) drawing on stderr only on a terminal.

    Off a terminal (pipes, CI, tests) it yields ``None`` so nothing but the result is written.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("Crawling"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("pages", total=None)

    def update(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total)

    with progress:
        yield update
