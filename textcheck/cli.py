"""Command line: a thin typer adapter over ``textcheck.api``.

Each command parses flags into ``Settings``, calls one library function and renders the
result.  Every ``TextcheckError`` becomes one line ``Error: ...`` on standard error and exit
status 1; usage errors exit 2 (typer's own).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from textcheck import api, render
from textcheck.errors import TextcheckError, describe_os_error, describe_undecodable
from textcheck.render.terminal import clean_terminal_text
from textcheck.settings import Settings, load_settings

if TYPE_CHECKING:
    from textcheck.scan import ScanResult

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read what governments say in answer to petitions: claims, revisions, contradictions.",
    pretty_exceptions_enable=False,
)

T = TypeVar("T")

MAX_INTERVAL_S = 7 * 24 * 3600
"""Longest ``scan --interval``: a week (checked before the first scan; ``time.sleep`` refuses
NaN and infinity only after a whole scan has run)."""

BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="Petitions site to read (env TEXTCHECK_BASE_URL)."),
]
DbPath = Annotated[
    Path | None, typer.Option("--db", help="SQLite store (env TEXTCHECK_DB).", dir_okay=False)
]
Output = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")
]


class PetitionFormat(StrEnum):
    """Output formats of ``fetch`` and ``crawl``."""

    text = "text"
    json = "json"


class ClaimsFormat(StrEnum):
    """Output formats of ``claims``."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class CompareFormat(StrEnum):
    """Output formats of ``compare``."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    csv = "csv"


def echo_error(message: str) -> None:
    """Print ``message`` as one clean ``Error:`` line on standard error."""
    one_line = " ".join(clean_terminal_text(message).split())
    typer.echo(f"Error: {one_line}", err=True)


def fail(message: str) -> NoReturn:
    """Print one clean ``Error:`` line and exit 1."""
    echo_error(message)
    raise typer.Exit(1)


def run(call: Callable[[], T]) -> T:
    """Call the library; turn its errors (and OS errors) into one line and exit 1."""
    try:
        return call()
    except TextcheckError as exc:
        fail(str(exc))
    except (OSError, ValueError, UnicodeError, ArithmeticError) as exc:
        fail(str(api.ensure_error(exc)))
    except KeyboardInterrupt:
        fail("interrupted")


def settings_from(base_url: str | None = None, db: Path | None = None) -> Settings:
    """Flags, then ``TEXTCHECK_*`` variables, then defaults."""
    return run(lambda: load_settings(base_url=base_url, db=db))


def emit(text: str, output: Path | None = None) -> None:
    """Write a rendered result to ``output`` or standard output (one ``Error:`` line if not)."""
    if output is None:
        if sys.stdout is None:  # started with standard output closed (``>&-``)
            fail("cannot write the result: standard output is closed")
        try:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
        except OSError as exc:
            # Python flushes stdout again at exit; point it at /dev/null so that flush is quiet.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            fail(describe_os_error(exc, action="write", path="standard output"))
        return
    write_file(output, text)
    typer.echo(f"Wrote {output}", err=True)


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path``; an OS error is one ``Error: cannot write PATH: ...`` line."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(describe_os_error(exc, action="write", path=path))


@app.command("fetch")
def fetch_command(
    petitions: Annotated[list[str], typer.Argument(help="Petition ids or URLs.")],
    base_url: BaseUrl = None,
    db: DbPath = None,
    fmt: Annotated[PetitionFormat, typer.Option("--format")] = PetitionFormat.text,
) -> None:
    """Fetch petitions and every version of their government response into the store."""
    settings = settings_from(base_url, db)
    result = run(lambda: api.fetch(petitions, settings))
    emit(render.render_petitions(result, fmt.value))


@app.command("crawl")
def crawl_command(
    base_url: BaseUrl = None,
    db: DbPath = None,
    archived: Annotated[bool, typer.Option("--archived", help="Archived petitions.")] = False,
    parliament: Annotated[int | None, typer.Option(help="Archived parliament id.")] = None,
    state: Annotated[str | None, typer.Option(help="List state, e.g. with_response.")] = None,
    query: Annotated[str | None, typer.Option(help="Search text.")] = None,
    max_pages: Annotated[int | None, typer.Option(help="Stop after this many pages.")] = None,
    fmt: Annotated[PetitionFormat, typer.Option("--format")] = PetitionFormat.text,
) -> None:
    """Walk the petitions lists page by page and store every petition found."""
    settings = settings_from(base_url, db)
    with render.crawl_progress() as progress:
        result = run(
            lambda: api.crawl(
                settings,
                archived=archived,
                parliament=parliament,
                state=state,
                query=query,
                max_pages=max_pages,
                progress=progress,
            )
        )
    emit(render.render_crawl(result, fmt.value))
    if result.errors:
        # Any page that failed leaves the crawl incomplete: say so and exit 1, as scan does.
        for error in result.errors:
            echo_error(error)
        raise typer.Exit(1)


@app.command("claims")
def claims_command(
    input_: Annotated[str, typer.Argument(metavar="INPUT", help="Petition, URL, file or -.")],
    base_url: BaseUrl = None,
    db: DbPath = None,
    fmt: Annotated[ClaimsFormat, typer.Option("--format")] = ClaimsFormat.text,
    all_sentences: Annotated[
        bool, typer.Option("--all-sentences", help="JSONL: one line per sentence.")
    ] = False,
) -> None:
    """Extract the claims a text makes: targets, figures, commitments, refusals, denials."""
    settings = settings_from(base_url, db)
    # Only the sentence-per-line output shows the scores of sentences without claims.
    result = run(lambda: api.claims(input_, settings, score_all=all_sentences))
    emit(render.render_claims(result, fmt.value, all_sentences=all_sentences))


@app.command("compare")
def compare_command(
    a: Annotated[str, typer.Argument(help="Petition, URL, file or - (the earlier text).")],
    b: Annotated[str | None, typer.Argument(help="The later text.")] = None,
    against: Annotated[
        list[str] | None, typer.Option("--against", help="A counter-statement (repeatable).")
    ] = None,
    base_url: BaseUrl = None,
    db: DbPath = None,
    fmt: Annotated[CompareFormat, typer.Option("--format")] = CompareFormat.text,
    output: Output = None,
) -> None:
    """Show what changed between two versions and where a denial contradicts a statement."""
    settings = settings_from(base_url, db)
    result = run(lambda: api.compare(a, b, settings, against=against or ()))
    color = False if output is not None else None  # a file gets no escape sequences
    emit(render.render_compare(result, fmt.value, color=color), output)


class ScanFormat(StrEnum):
    """Output formats of ``scan``."""

    text = "text"
    json = "json"
    markdown = "markdown"


class BriefFormat(StrEnum):
    """Output formats of ``brief``."""

    markdown = "markdown"
    html = "html"


class ReviewStatus(StrEnum):
    """A reviewer's verdict on a finding."""

    confirmed = "confirmed"
    dismissed = "dismissed"


class Engine(StrEnum):
    """Where ``batch`` runs."""

    local = "local"
    dask = "dask"


@app.command("scan")
def scan_command(
    base_url: BaseUrl = None,
    db: DbPath = None,
    since: Annotated[str | None, typer.Option(help="Report changes after this date.")] = None,
    feed: Annotated[Path | None, typer.Option(help="Also write an Atom feed here.")] = None,
    archived: Annotated[bool, typer.Option("--archived", help="Archived petitions.")] = False,
    parliament: Annotated[int | None, typer.Option(help="Archived parliament id.")] = None,
    max_pages: Annotated[int | None, typer.Option(help="Stop after this many pages.")] = None,
    interval: Annotated[
        float | None, typer.Option(help="Keep watching: scan again every SECONDS.")
    ] = None,
    fmt: Annotated[ScanFormat, typer.Option("--format")] = ScanFormat.text,
) -> None:
    """Find new, revised and withdrawn government responses since the last scan.

    With --interval the scan repeats every SECONDS until Ctrl-C.  A scan cut short (Ctrl-C,
    a crash) resumes on the next run; a petition that could not be read is retried then.
    """
    settings = settings_from(base_url, db)
    if interval is not None and not (math.isfinite(interval) and 0 < interval <= MAX_INTERVAL_S):
        fail(
            f"expected --interval SECONDS above 0 and at most {MAX_INTERVAL_S:,} (a week), "
            f"got {interval:g}"
        )

    def scan_once() -> ScanResult:
        return api.scan(
            settings, since=since, archived=archived, parliament=parliament, max_pages=max_pages
        )

    if interval is None:
        result = run(scan_once)
        report_scan(result, fmt.value, feed)
        if result.failed:
            raise typer.Exit(1)
        return
    try:
        while True:
            try:
                report_scan(scan_once(), fmt.value, feed)
            except TextcheckError as exc:
                echo_error(str(exc))
            time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("Stopped watching; an interrupted scan resumes on the next run.", err=True)


def report_scan(result: ScanResult, fmt: str, feed: Path | None) -> None:
    """Print a scan's digest or JSON, update its Atom feed, and list its errors on stderr."""
    emit(render.render_scan(result, fmt))
    if feed is not None:
        previous = read_feed(feed)
        text = render.render_scan_feed(result, previous_feed=previous)
        write_file(feed, text)
    for error in result.errors:
        echo_error(error)


def read_feed(feed: Path) -> str | None:
    """The Atom feed a previous scan wrote (its entries are kept), or None for a new one."""
    if not feed.is_file():
        return None
    body = run(feed.read_bytes)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"cannot read the feed {feed}: not UTF-8 text ({describe_undecodable(exc)})")


@app.command("brief")
def brief_command(
    petition: Annotated[str, typer.Argument(help="Petition id or URL.")],
    against: Annotated[
        list[str] | None, typer.Option("--against", help="A counter-statement (repeatable).")
    ] = None,
    base_url: BaseUrl = None,
    db: DbPath = None,
    fmt: Annotated[BriefFormat, typer.Option("--format")] = BriefFormat.markdown,
    output: Output = None,
) -> None:
    """Write a rebuttal brief: claims, findings side by side, citations and questions."""
    settings = settings_from(base_url, db)
    result = run(lambda: api.brief(petition, settings, against=against or ()))
    emit(render.render_brief(result, fmt.value), output)


@app.command("review")
def review_command(
    finding_id: Annotated[str, typer.Argument(help="The finding's key, as shown by compare.")],
    status: Annotated[ReviewStatus, typer.Option("--status")],
    note: Annotated[str | None, typer.Option(help="Why.")] = None,
    db: DbPath = None,
) -> None:
    """Record a reviewer's verdict on a finding; dismissed findings stop alerting."""
    settings = settings_from(db=db)
    review = run(lambda: api.review(finding_id, status.value, settings, note=note))
    noted = f" ({review.note})" if review.note else ""
    emit(clean_terminal_text(f"Finding {review.key} {review.status}{noted} in {settings.db}"))


@app.command("batch")
def batch_command(
    input_: Annotated[Path, typer.Argument(metavar="INPUT.jsonl", help="One JSON object a line.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write one result a line.")],
    engine: Annotated[Engine, typer.Option(help="local processes or a Dask cluster.")] = (
        Engine.local
    ),
    workers: Annotated[int | None, typer.Option(help="Parallel workers.")] = None,
) -> None:
    """Extract claims (and compare pairs) for a whole corpus, in parallel, resumably."""
    settings = settings_from()
    result = run(lambda: api.batch(input_, out, settings, engine=engine.value, workers=workers))
    resumed = f", {result.resumed} kept from an earlier run" if result.resumed else ""
    typer.echo(
        f"Wrote {result.written} lines to {result.out_path}{resumed} "
        f"({result.errors} errors; {result.engine}, {result.workers} workers)",
        err=True,
    )


@app.command("train")
def train_command(
    claimbuster: Annotated[
        Path | None,
        typer.Option(help="ClaimBuster kfold_25ncs.json to add as training data."),
    ] = None,
) -> None:
    """Rebuild the models in models/ from the annotated corpora in corpora/."""
    report = run(lambda: api.train(claimbuster=claimbuster))
    emit(report)


class _WarningLines(logging.Handler):
    """Library warnings (``logging.getLogger("textcheck...").warning``) as one clean line each
    on standard error, ``Warning: ...``: the library says what it chose (an offline fallback,
    cue scores) and the CLI decides how a person sees it."""

    def emit(self, record: logging.LogRecord) -> None:
        one_line = " ".join(clean_terminal_text(record.getMessage()).split())
        typer.echo(f"Warning: {one_line}", err=True)


def show_library_warnings() -> None:
    """Route textcheck's warnings to stderr (once per process), and nothing below WARNING."""
    logger = logging.getLogger("textcheck")
    if not any(isinstance(h, _WarningLines) for h in logger.handlers):
        handler = _WarningLines(level=logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False


@app.callback()
def _before_every_command() -> None:
    """Read what governments say in answer to petitions: claims, revisions, contradictions."""
    show_library_warnings()


def main() -> None:
    """Console-script entry point."""
    app()
