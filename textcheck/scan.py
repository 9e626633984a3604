"""A scan: which government responses are new, revised or withdrawn since the last scan.

``fetch_changes`` pages through the petitions listed with a government response (current, or
one archived parliament), compares each listed petition's ``updated_at`` and response text
hash with what the previous scan saw (table ``scan_petitions``), and fetches the full petition
(a conditional request) only when one of them moved.  Every version fetched is stored.

How a change is classified (DESIGN.md 3.5):

- ``new``: a response text scans had never seen for that petition (first scan included);
- ``revised``: a response text different from the one the previous scan saw; ``findings``
  compare the two, with the petition's request as context, as ``textcheck compare`` does;
- ``withdrawn``: a petition seen with a response whose response is gone: its single JSON has
  ``government_response: null`` (only the related-activity original left, if any), or the
  petition answers 404/410.  A petition that leaves the list is fetched to tell which; one
  that left the list but still has its response (moved to the archive) is not a change.

Resumable and idempotent: what was seen of a petition and the change found are recorded in
one transaction (``Store.save_scan_step``), and a scan is marked finished only at the end.
An interrupted scan (Ctrl-C, a crash) is resumed by the next one, which reports every change
of the interrupted run once; a petition that could not be fetched is not marked seen, so the
next scan tries it again.  A scan that finds nothing new reports nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from textcheck import api
from textcheck.errors import InputError, NotFoundError, SourceError, StoreError
from textcheck.records import (
    ChangeKind,
    Claim,
    Document,
    Finding,
    Petition,
    ResponseVersion,
    VersionKind,
)
from textcheck.settings import Settings
from textcheck.sources.crawler import CrawlQuery, crawl_petitions, fetch_petition
from textcheck.sources.http import HttpClient
from textcheck.store import ScanChangeRow, ScanRecord, SeenPetition, Store

LIST_STATE = "with_response"
"""The list state that holds every petition with a government response (API.md section 1)."""
UNLISTED_SUFFIX = ":unlisted"
"""Scope suffix for a petition that left its list but kept its response."""


@dataclass(frozen=True)
class ScanChange:
    """One change a scan reports: the petition, what happened, and what it says or changed."""

    petition: int
    change: ChangeKind
    action: str
    url: str
    responded_on: str | None
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    changed_at: str = ""
    sha256: str = ""
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True)
class ScanResult:
    """What a scan reports: the cursor it reports from, its changes (newest first), errors."""

    since: str | None
    changes: tuple[ScanChange, ...]
    errors: tuple[str, ...] = ()
    source: str = ""
    failed: bool = False
    """True when nothing could be read: no list page, or none of the petitions it had to
    check (exit 1).  Otherwise the errors are reported beside the changes (exit 0)."""


def scan_scope(*, archived: bool, parliament: int | None) -> str:
    """The name of the list a scan walks: ``current``, ``archived`` or ``archived:N``."""
    if not archived:
        return "current"
    return "archived" if parliament is None else f"archived:{parliament}"


def parse_since(text: str) -> datetime:
    """``--since``: a date (``YYYY-MM-DD``) or an ISO 8601 timestamp, as a UTC datetime."""
    instant = parse_instant(text.strip())
    if instant is None:
        raise InputError(
            f"expected --since as a date (YYYY-MM-DD) or ISO 8601 timestamp, got {text!r}"
        )
    return instant


def parse_instant(text: str | None) -> datetime | None:
    """A stored or published timestamp (``...Z``, ``+00:00`` or a bare date) in UTC, or None."""
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def current_response(petition: Petition) -> ResponseVersion | None:
    """The response the site shows now (``current`` or ``revised``), or None when it has none.

    An ``original`` alone is a superseded text kept as related activity: it is not a response.
    """
    shown = [v for v in petition.responses if v.version != VersionKind.ORIGINAL]
    return shown[-1] if shown else None


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class _Run:
    """The state of one scan while it runs."""

    client: HttpClient
    store: Store
    settings: Settings
    record: ScanRecord
    seen: dict[int, SeenPetition]
    errors: list[str]
    pages_read: int = 0
    checked: int = 0
    """Petitions the scan fetched (or tried to)."""
    read: int = 0
    """Petitions fetched and stored."""

    def check(self, petition_id: int, listed: Petition | None) -> None:
        """Fetch one petition, store it, classify what changed, record the step."""
        self.checked += 1
        previous = self.seen.get(petition_id)
        previous_sha = previous.response_sha256 if previous else None
        scope = self.record.scope
        try:
            fetched = fetch_petition(self.client, petition_id, self.settings)
        except NotFoundError as exc:
            if previous_sha is None:
                self.errors.append(f"petition {petition_id}: {exc}")
                return
            change = ScanChangeRow(
                petition_id, str(ChangeKind.WITHDRAWN), previous_sha, None, _utc_now()
            )
            seen = SeenPetition(petition_id, scope, None, None)
            self.store.save_scan_step(self.record.id, seen, change)
            return
        except SourceError as exc:
            self.errors.append(f"petition {petition_id}: {exc}")
            return
        self.read += 1
        self.errors.extend(f"petition {petition_id}: {w}" for w in fetched.warnings)
        petition = fetched.petition
        self.store.save_petition(petition, fetched.fetches)
        current = current_response(petition)
        current_sha = current.sha256 if current else None
        kind: ChangeKind | None = None
        if current_sha is None:
            kind = ChangeKind.WITHDRAWN if previous_sha else None
        elif previous_sha is None:
            kind = ChangeKind.NEW
        elif previous_sha != current_sha:
            kind = ChangeKind.REVISED
        if listed is None and current_sha is not None:
            scope = scope + UNLISTED_SUFFIX
        updated_at = petition.updated_at or (listed.updated_at if listed else None)
        row = None
        if kind is not None:
            changed_at = updated_at or _utc_now()
            row = ScanChangeRow(petition_id, str(kind), previous_sha, current_sha, changed_at)
        seen = SeenPetition(petition_id, scope, updated_at, current_sha)
        self.store.save_scan_step(self.record.id, seen, row)


def _unchanged(listed: Petition, previous: SeenPetition | None) -> bool:
    """True when the list shows the same ``updated_at`` and response text as last seen."""
    if previous is None:
        return False
    shown = current_response(listed)
    return previous.updated_at == listed.updated_at and previous.response_sha256 == (
        shown.sha256 if shown else None
    )


def fetch_changes(
    client: HttpClient,
    store: Store,
    settings: Settings,
    *,
    archived: bool = False,
    parliament: int | None = None,
    max_pages: int | None = None,
    since: datetime | None = None,
) -> ScanResult:
    """Scan one list, store what changed, and report the changes (see the module docstring).

    Without ``since`` the report is this scan's changes (with those of an interrupted scan it
    resumes); with ``since`` it is every change any scan recorded whose time at the source
    (the petition's ``updated_at``) is at or after ``since``.
    """
    scope = scan_scope(archived=archived, parliament=parliament)
    run = _Run(client, store, settings, store.begin_scan(scope), store.load_seen(), [])
    query = CrawlQuery(
        archived=archived, parliament=parliament, state=LIST_STATE, max_pages=max_pages
    )
    listed: set[int] = set()
    complete = True
    pages = 0
    for page in crawl_petitions(client, query, settings):
        pages += 1
        if page.errors:
            complete = False
            run.errors.extend(page.errors)
        else:
            run.pages_read += 1
        for petition in page.petitions:
            listed.add(petition.id)
            if not _unchanged(petition, run.seen.get(petition.id)):
                run.check(petition.id, petition)
    if max_pages is not None and pages >= max_pages:
        complete = False
    if complete:
        for petition_id, seen in sorted(run.seen.items()):
            if seen.scope == scope and seen.response_sha256 and petition_id not in listed:
                run.check(petition_id, None)
    store.finish_scan(run.record.id, run.errors)
    if since is None:
        rows = store.load_scan_changes(run.record.id)
        cursor = run.record.since
    else:
        rows = _changes_since(store.load_scan_changes(), since)
        cursor = since.isoformat(timespec="seconds").replace("+00:00", "Z")
    changes = [build_change(store, row, settings) for row in rows]
    return ScanResult(
        since=cursor,
        changes=tuple(sort_changes(c for c in changes if c is not None)),
        errors=tuple(run.errors),
        source=settings.base_url,
        failed=bool(run.errors) and (run.pages_read == 0 or (run.checked > 0 and run.read == 0)),
    )


def _changes_since(rows: Sequence[ScanChangeRow], since: datetime) -> list[ScanChangeRow]:
    """Recorded changes at or after ``since``, the latest record of each change only."""
    latest: dict[tuple[int, str, str | None, str | None], ScanChangeRow] = {}
    for row in rows:
        instant = parse_instant(row.changed_at)
        if instant is not None and instant >= since:
            key = (row.petition_id, row.change, row.previous_sha256, row.response_sha256)
            latest[key] = row
    return list(latest.values())


def sort_changes(changes: Iterable[ScanChange]) -> list[ScanChange]:
    """Newest first (by the change's time at the source), then by petition id."""
    items = list(changes)
    epoch = datetime.min.replace(tzinfo=UTC)
    items.sort(key=lambda c: (parse_instant(c.changed_at) or epoch, c.petition), reverse=True)
    return items


def build_change(store: Store, row: ScanChangeRow, settings: Settings) -> ScanChange | None:
    """The reportable change of a recorded row: claims of a new text, findings of a revision.

    Texts are read back from the store by hash, so a resumed scan reports exactly what the
    interrupted one found.  Findings a reviewer dismissed (``textcheck review``) are left out.
    """
    petition = store.load_petition(row.petition_id)
    if petition is None:
        return None
    current = store.load_version(row.petition_id, row.response_sha256 or "")
    previous = store.load_version(row.petition_id, row.previous_sha256 or "")
    kind = ChangeKind(row.change)
    shown = current or previous
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    documents: tuple[Document, ...] = ()
    if kind == ChangeKind.NEW and current is not None:
        documents = tuple(api.petition_documents(replace(petition, responses=(current,))))
        claims = _extract_claims(documents[1], settings)
    elif kind == ChangeKind.REVISED and current is not None and previous is not None:
        history = (
            replace(previous, version=VersionKind.ORIGINAL),
            replace(current, version=VersionKind.REVISED),
        )
        documents = tuple(api.petition_documents(replace(petition, responses=history)))
        findings = _compare(store, petition.id, documents, settings)
    return ScanChange(
        petition=petition.id,
        change=kind,
        action=petition.action,
        url=petition.url,
        responded_on=shown.responded_on if shown else None,
        claims=claims,
        findings=findings,
        changed_at=row.changed_at,
        sha256=shown.sha256 if shown else "",
        documents=documents,
    )


def _extract_claims(document: Document, settings: Settings) -> tuple[Claim, ...]:
    """The claims of one text, numbered C1, C2, ... as ``textcheck claims`` numbers them."""
    from textcheck.nlp import extract_sentences

    found = [c for s in extract_sentences(document, settings=settings) for c in s.claims]
    return tuple(replace(claim, id=f"C{n}") for n, claim in enumerate(found, start=1))


def _compare(
    store: Store, petition_id: int, documents: Sequence[Document], settings: Settings
) -> tuple[Finding, ...]:
    """Compare the previous and the new text; store the findings; drop dismissed ones.

    The findings are saved so that ``textcheck review KEY --status dismissed`` can silence
    one; the reviews table is read defensively (an older store may lack it).
    """
    from textcheck.compare import compare_documents
    from textcheck.nlp import extract_sentences

    sentences = [tuple(extract_sentences(doc, settings=settings)) for doc in documents]
    findings = compare_documents(documents, sentences, settings=settings).findings
    keys = [f.key for f in findings if f.key]
    try:
        if keys:
            store.save_findings(findings, documents, petition_id)
        reviews = store.load_reviews(keys)
    except (StoreError, sqlite3.Error):
        return findings
    kept = []
    for finding in findings:
        review = reviews.get(finding.key)
        if review is not None and review.status == "dismissed":
            continue
        kept.append(replace(finding, review_status=review.status) if review else finding)
    return tuple(kept)
