"""The SQLite store: petitions, every response version ever seen, raw fetches, findings.

Why SQLite: one file a user can copy, open in ``sqlite3`` or Datasette, and share.  The
schema is created and upgraded by code: ``PRAGMA user_version`` holds the schema version and
``MIGRATIONS`` lists the steps in order, each applied in its own transaction.

Guarantees:

- ``response_versions`` rows are keyed by ``(petition_id, sha256)`` and are never overwritten
  or deleted (triggers refuse it); saving an unchanged petition again only moves
  ``last_seen``.
- Everything written for one petition is one ``BEGIN IMMEDIATE`` transaction: an error
  leaves nothing half-written.
- WAL journal and a busy timeout let two processes fetch into one store at the same time.

Tables and views (see ``MIGRATIONS`` for the columns): ``petitions``, ``response_versions``,
``fetches``, ``claims``, ``findings``, ``reviews``; views ``latest_responses`` (the newest
version of each petition's response), ``petition_history`` (one row per petition: how many
versions, first and last seen), ``fetch_log`` (fetches without their body bytes),
``latest_reviews`` (each finding's newest verdict) and ``findings_with_petitions`` (one row
per finding with its petition, the response versions its first two quotes come from and
its latest review: the table to browse in Datasette).  ``scan`` keeps ``scans`` (each run:
start, finish, the ``since`` cursor, errors; unfinished = interrupted, resumed next time),
``scan_petitions`` (what scans last saw of each petition: ``updated_at`` and response hash)
and ``scan_changes`` (every change a scan reported, texts by hash).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

from textcheck.errors import InputError, StoreError
from textcheck.records import (
    Document,
    FetchRecord,
    Finding,
    Petition,
    RelatedActivity,
    ResponseVersion,
    Review,
    VersionKind,
    find_quoted_document,
)

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's transaction before giving up."""

_PETITIONS = """
CREATE TABLE petitions (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    action TEXT NOT NULL,
    background TEXT NOT NULL DEFAULT '',
    additional_details TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    signature_count INTEGER NOT NULL DEFAULT 0,
    parliament TEXT,
    updated_at TEXT,
    government_response_at TEXT,
    related_activity TEXT NOT NULL DEFAULT '[]',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
)"""

_RESPONSE_VERSIONS = """
CREATE TABLE response_versions (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    sha256 TEXT NOT NULL,
    version TEXT NOT NULL CHECK (version IN ('original', 'revised', 'current')),
    responded_on TEXT,
    summary TEXT NOT NULL,
    details TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (petition_id, sha256)
)"""

_NEVER_OVERWRITTEN = """
CREATE TRIGGER response_versions_never_overwritten
BEFORE UPDATE OF petition_id, sha256, version, responded_on, summary, details, text, source,
    first_seen ON response_versions
BEGIN
    SELECT RAISE(ABORT, 'response_versions rows are never overwritten');
END"""

_NEVER_DELETED = """
CREATE TRIGGER response_versions_never_deleted
BEFORE DELETE ON response_versions
BEGIN
    SELECT RAISE(ABORT, 'response_versions rows are never deleted');
END"""

_FETCHES = """
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    body_sha256 TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    not_modified INTEGER NOT NULL DEFAULT 0,
    UNIQUE (url, fetched_at, status, body_sha256)
)"""

_CLAIMS = """
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER REFERENCES petitions(id),
    response_sha256 TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    sentence TEXT NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    checkworthiness REAL NOT NULL DEFAULT 0,
    quantity TEXT,
    subject TEXT NOT NULL DEFAULT '',
    polarity TEXT NOT NULL DEFAULT 'positive',
    modality TEXT NOT NULL DEFAULT 'asserted',
    strength INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (response_sha256, claim_id)
)"""

_FINDINGS = """
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    finding_key TEXT NOT NULL UNIQUE,
    finding_id TEXT NOT NULL,
    petition_id INTEGER REFERENCES petitions(id),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    score REAL NOT NULL DEFAULT 0,
    summary TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',
    rule TEXT NOT NULL,
    created_at TEXT NOT NULL
)"""

_REVIEWS = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    finding_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'dismissed')),
    note TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL
)"""

_LATEST_RESPONSES = """
CREATE VIEW latest_responses AS
SELECT p.id AS petition_id, p.action, p.url, v.version, v.responded_on, v.summary,
       v.text, v.sha256, v.source, v.first_seen, v.last_seen
FROM petitions AS p
JOIN response_versions AS v ON v.petition_id = p.id
WHERE v.rowid = (
    SELECT w.rowid FROM response_versions AS w
    WHERE w.petition_id = p.id
    ORDER BY COALESCE(w.responded_on, '') DESC, w.rowid DESC
    LIMIT 1
)"""

_PETITION_HISTORY = """
CREATE VIEW petition_history AS
SELECT p.id AS petition_id, p.action, p.state, p.signature_count, p.parliament,
       COUNT(v.sha256) AS versions, MIN(v.first_seen) AS first_version_seen,
       MAX(v.first_seen) AS last_version_seen, p.first_seen, p.last_seen
FROM petitions AS p
LEFT JOIN response_versions AS v ON v.petition_id = p.id
GROUP BY p.id"""

_FETCH_LOG = """
CREATE VIEW fetch_log AS
SELECT id, url, final_url, status, fetched_at, etag, last_modified, not_modified,
       length(body) AS body_bytes, body_sha256
FROM fetches"""

_LATEST_REVIEWS = """
CREATE VIEW latest_reviews AS
SELECT r.finding_key, r.status, r.note, r.reviewed_at
FROM reviews AS r
WHERE r.id = (
    SELECT q.id FROM reviews AS q
    WHERE q.finding_key = r.finding_key
    ORDER BY q.reviewed_at DESC, q.id DESC
    LIMIT 1
)"""

_FINDINGS_WITH_PETITIONS = """
CREATE VIEW findings_with_petitions AS
SELECT f.finding_key, f.finding_id, f.kind, f.severity, f.score, f.summary, f.rule,
       COALESCE(r.status, 'unreviewed') AS review_status, r.note AS review_note,
       r.reviewed_at, f.petition_id, p.action AS petition_action, p.url AS petition_url,
       json_extract(f.evidence, '$[0].role') AS first_role,
       json_extract(f.evidence, '$[0].quote') AS first_quote,
       v1.version AS first_version, v1.responded_on AS first_responded_on,
       json_extract(f.evidence, '$[1].role') AS second_role,
       json_extract(f.evidence, '$[1].quote') AS second_quote,
       v2.version AS second_version, v2.responded_on AS second_responded_on,
       f.evidence, f.created_at
FROM findings AS f
LEFT JOIN petitions AS p ON p.id = f.petition_id
LEFT JOIN response_versions AS v1
    ON v1.petition_id = f.petition_id AND v1.sha256 = json_extract(f.evidence, '$[0].sha256')
LEFT JOIN response_versions AS v2
    ON v2.petition_id = f.petition_id AND v2.sha256 = json_extract(f.evidence, '$[1].sha256')
LEFT JOIN latest_reviews AS r ON r.finding_key = f.finding_key"""

_SCANS = """
CREATE TABLE scans (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    since TEXT,
    errors TEXT NOT NULL DEFAULT '[]'
)"""

_SCAN_PETITIONS = """
CREATE TABLE scan_petitions (
    petition_id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    updated_at TEXT,
    response_sha256 TEXT,
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    seen_at TEXT NOT NULL
)"""

_SCAN_CHANGES = """
CREATE TABLE scan_changes (
    id INTEGER PRIMARY KEY,
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    petition_id INTEGER NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('new', 'revised', 'withdrawn')),
    previous_sha256 TEXT,
    response_sha256 TEXT,
    changed_at TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    UNIQUE (scan_id, petition_id)
)"""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (_PETITIONS, _RESPONSE_VERSIONS, _NEVER_OVERWRITTEN, _NEVER_DELETED, _FETCHES),
    (
        _CLAIMS,
        _FINDINGS,
        _REVIEWS,
        "CREATE INDEX reviews_by_finding ON reviews (finding_key, reviewed_at)",
        "CREATE INDEX fetches_by_url ON fetches (url, fetched_at)",
        _LATEST_RESPONSES,
        _PETITION_HISTORY,
        _FETCH_LOG,
    ),
    (_LATEST_REVIEWS, _FINDINGS_WITH_PETITIONS),
    (_SCANS, _SCAN_PETITIONS, _SCAN_CHANGES),
)
"""Ordered schema steps: applying step ``n`` moves ``user_version`` from ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)

_VERSION_RANK = {VersionKind.ORIGINAL: 0, VersionKind.REVISED: 1, VersionKind.CURRENT: 1}


@dataclass(frozen=True)
class ScanRecord:
    """One run of ``textcheck scan``: unfinished while running or after an interruption."""

    id: int
    scope: str
    started_at: str
    finished_at: str | None
    since: str | None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeenPetition:
    """What scans last saw of a petition: its ``updated_at`` and response text hash."""

    petition_id: int
    scope: str
    updated_at: str | None
    response_sha256: str | None


@dataclass(frozen=True)
class ScanChangeRow:
    """A change a scan recorded: ``new``, ``revised`` or ``withdrawn`` (texts by hash)."""

    petition_id: int
    change: str
    previous_sha256: str | None
    response_sha256: str | None
    changed_at: str
    scan_id: int = 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def migrate(connection: sqlite3.Connection, path: Path, *, target: int = SCHEMA_VERSION) -> None:
    """Bring the schema of an autocommit ``connection`` up to ``target``, step by step.

    Each step runs in a ``BEGIN IMMEDIATE`` transaction that re-reads ``user_version``, so two
    processes opening a new store at once apply each step exactly once.
    """
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = _check_ours(connection, path)
            if current >= target:
                connection.execute("COMMIT")
                return
            for statement in MIGRATIONS[current]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {current + 1}")
            connection.execute("COMMIT")
        except BaseException:
            _rollback(connection)
            raise


def _open_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """The one-line error for a store SQLite could not open or read."""
    if "not a database" in str(exc) or "malformed" in str(exc):
        return StoreError(f"{path} is not a textcheck store: {exc}")
    return StoreError(f"cannot open store {path}: {exc}")


def _check_ours(connection: sqlite3.Connection, path: Path) -> int:
    """Refuse a database that is not a textcheck store before changing anything in it;
    return its schema version.

    Reads only: a schema version above ours, or no version and someone else's tables.
    ``migrate`` checks again inside its write transaction (another process may be creating
    the store at the same moment).
    """
    current = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer textcheck: expected schema version "
            f"{SCHEMA_VERSION} or lower, found {current}"
        )
    if current == 0:
        _check_empty(connection, path)
    return current


def _check_empty(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse to add textcheck tables to someone else's SQLite database."""
    names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master ORDER BY name")]
    if names:
        raise StoreError(
            f"{path} is not a textcheck store: expected an empty file or a textcheck schema, "
            f"found other tables ({', '.join(names[:5])})"
        )


class Store:
    """A connection to one store file; create with ``Store.open``."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    @contextmanager
    def open(
        cls, path: Path, *, migrate_to: int = SCHEMA_VERSION, read_only: bool = False
    ) -> Iterator[Store]:
        """Open (creating and migrating) the store at ``path``; close on exit.

        ``migrate_to`` stops the migrations early (tests of the upgrade path use it).  A file
        that is not SQLite, or a folder that does not exist, raises ``StoreError``.  A file
        with someone else's tables is refused before anything in it changes (not even its
        journal mode).  ``read_only`` opens an existing store for reading only, changing
        nothing: what commands that only read petitions use, so that a store the user cannot
        write (a read-only file or folder) can still be read.
        """
        path = Path(path)
        if read_only:
            with cls._open_read_only(path) as store:
                yield store
            return
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        try:
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                _check_ours(connection, path)
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA foreign_keys = ON")
                migrate(connection, path, target=migrate_to)
            except sqlite3.DatabaseError as exc:
                raise _open_error(path, exc) from exc
            yield cls(connection, path)
        finally:
            connection.close()

    @classmethod
    @contextmanager
    def open_to_read(cls, path: Path) -> Iterator[Store]:
        """Open an existing store to read petitions from it: as usual when it can be written
        (so an older schema is upgraded), else read-only (a file or folder the user may not
        write), so a command that only reads never fails for want of write access."""
        stack = ExitStack()
        try:
            store = stack.enter_context(cls.open(path))
        except StoreError as first:
            try:
                store = stack.enter_context(cls.open(path, read_only=True))
            except StoreError:
                raise first from None
        with stack:
            yield store

    @classmethod
    @contextmanager
    def _open_read_only(cls, path: Path) -> Iterator[Store]:
        """The store at ``path`` opened with ``mode=ro``: no journal change, no migration.

        A store in WAL mode whose folder cannot be written has no ``-shm`` file to share,
        so it is read as ``immutable`` (nothing else can be writing it then).
        """
        if not path.is_file():
            raise StoreError(f"cannot read store {path}: no such file")
        uri = path.resolve().as_uri()
        connection: sqlite3.Connection | None = None
        problem: sqlite3.Error | None = None
        version = 0
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                connection = sqlite3.connect(f"{uri}?{query}", uri=True, isolation_level=None)
                version = _check_ours(connection, path)
                break
            except sqlite3.OperationalError as exc:
                problem = exc
                if connection is not None:
                    connection.close()
                connection = None
            except sqlite3.DatabaseError as exc:
                if connection is not None:
                    connection.close()
                raise _open_error(path, exc) from exc
        if connection is None:
            raise StoreError(f"cannot read store {path}: {problem}")
        try:
            if version != SCHEMA_VERSION:
                raise StoreError(
                    f"cannot read store {path} without upgrading it: expected schema version "
                    f"{SCHEMA_VERSION}, found {version}"
                )
            yield cls(connection, path)
        finally:
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a concurrent writer waits (up to
        the busy timeout) instead of failing when it upgrades a read lock.
        """
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
        try:
            yield self.connection
        except sqlite3.Error as exc:
            _rollback(self.connection)
            raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
        except BaseException:
            _rollback(self.connection)
            raise
        self.connection.execute("COMMIT")

    def save_petition(
        self, petition: Petition, fetches: Sequence[FetchRecord] = ()
    ) -> list[ResponseVersion]:
        """Store a petition, its response versions and fetches; return the versions new here.

        The petition row holds the latest metadata; versions already stored (same text hash)
        only get a new ``last_seen``.  List pages carry no related activity, so an empty
        ``related_activity`` keeps the one stored before.
        """
        seen = _now()
        new: list[ResponseVersion] = []
        with self.transaction() as db:
            db.execute(
                """
                INSERT INTO petitions (id, url, action, background, additional_details, state,
                    signature_count, parliament, updated_at, government_response_at,
                    related_activity, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    url = excluded.url, action = excluded.action,
                    background = excluded.background,
                    additional_details = excluded.additional_details, state = excluded.state,
                    signature_count = excluded.signature_count,
                    parliament = COALESCE(excluded.parliament, petitions.parliament),
                    updated_at = COALESCE(excluded.updated_at, petitions.updated_at),
                    government_response_at = COALESCE(excluded.government_response_at,
                        petitions.government_response_at),
                    related_activity = CASE WHEN excluded.related_activity = '[]'
                        THEN petitions.related_activity ELSE excluded.related_activity END,
                    last_seen = excluded.last_seen
                """,
                (
                    petition.id,
                    petition.url,
                    petition.action,
                    petition.background or "",
                    petition.additional_details or "",
                    petition.state or "",
                    petition.signature_count,
                    petition.parliament,
                    petition.updated_at,
                    petition.government_response_at,
                    _dump_related(petition.related_activity),
                    seen,
                    seen,
                ),
            )
            stored = self._versions(petition.id) if petition.responses else []
            for version in petition.responses:
                known = next(
                    (s for s in stored if s.sha256 != version.sha256 and s.same_response(version)),
                    None,
                )
                if known is not None:
                    # The same response read another way (the site kept it as an "Original
                    # Government response" email): one version, one row.
                    _touch_version(db, petition.id, known.sha256, seen)
                    continue
                inserted = db.execute(
                    """
                    INSERT INTO response_versions (petition_id, sha256, version, responded_on,
                        summary, details, text, source, first_seen, last_seen)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (petition_id, sha256) DO NOTHING
                    """,
                    (
                        petition.id,
                        version.sha256,
                        str(version.version),
                        version.responded_on,
                        version.summary,
                        version.details,
                        version.text,
                        version.source,
                        seen,
                        seen,
                    ),
                ).rowcount
                if inserted:
                    new.append(version)
                else:
                    _touch_version(db, petition.id, version.sha256, seen)
            for record in fetches:
                _insert_fetch(db, record)
        return new

    def load_petition(self, petition_id: int) -> Petition | None:
        """The petition with every stored response version, oldest first, or None.

        Order: by ``responded_on`` (undated first), then by when the store first saw the
        text.  When more than one version is known, a version stored as ``current`` is
        relabelled by its place in that history: the newest is ``revised``, older ones
        ``original`` (the site edits its one response in place, so a changed ``current``
        text means the earlier text was the original).
        """
        row = self.connection.execute(
            "SELECT id, url, action, background, additional_details, state, signature_count, "
            "parliament, updated_at, government_response_at, related_activity "
            "FROM petitions WHERE id = ?",
            (petition_id,),
        ).fetchone()
        if row is None:
            return None
        versions = _distinct(self._versions(petition_id))
        return Petition(
            id=row[0],
            url=row[1],
            action=row[2],
            background=row[3],
            additional_details=row[4],
            state=row[5],
            signature_count=row[6],
            parliament=row[7],
            responses=tuple(label_history(versions)),
            updated_at=row[8],
            government_response_at=row[9],
            related_activity=_load_related(row[10]),
        )

    def _versions(self, petition_id: int) -> list[ResponseVersion]:
        """The stored response versions of a petition, oldest first (see ``load_petition``)."""
        rows = self.connection.execute(
            "SELECT version, responded_on, summary, details, text, sha256, source "
            "FROM response_versions WHERE petition_id = ? "
            "ORDER BY COALESCE(responded_on, ''), rowid",
            (petition_id,),
        ).fetchall()
        return [
            ResponseVersion(VersionKind(kind), date, summary, details, text, digest, source)
            for kind, date, summary, details, text, digest, source in rows
        ]

    def load_fetch(self, url: str) -> FetchRecord | None:
        """The latest stored successful fetch of ``url`` (for conditional requests), or None.

        ``url`` matches either the URL asked for or the URL finally answered (after
        redirects); only 200 answers and confirmed 304s carry a body worth revalidating.
        """
        row = self.connection.execute(
            "SELECT url, final_url, status, headers, body, fetched_at, not_modified "
            "FROM fetches WHERE (url = ? OR final_url = ?) AND (status = 200 OR not_modified) "
            "ORDER BY fetched_at DESC, id DESC LIMIT 1",
            (url, url),
        ).fetchone()
        if row is None:
            return None
        return FetchRecord(
            url=row[0],
            final_url=row[1],
            status=row[2],
            headers=json.loads(row[3]),
            body=bytes(row[4]),
            fetched_at=row[5],
            not_modified=bool(row[6]),
        )

    def save_fetch(self, record: FetchRecord) -> None:
        """Store one HTTP exchange (saving the same exchange twice stores it once)."""
        with self.transaction() as db:
            _insert_fetch(db, record)

    def load_fetch_time(self, url: str) -> str | None:
        """When ``url`` was last fetched successfully (ISO 8601, UTC), or None if never."""
        row = self.connection.execute(
            "SELECT MAX(fetched_at) FROM fetches "
            "WHERE (url = ? OR final_url = ?) AND (status = 200 OR not_modified)",
            (url, url),
        ).fetchone()
        return None if row is None else row[0]

    def save_findings(
        self,
        findings: Sequence[Finding],
        documents: Sequence[Document],
        petition_id: int | None = None,
    ) -> None:
        """Store findings by their ``key``; a finding seen before keeps its row and verdicts.

        Each stored evidence item carries the sha256 and source of the text it quotes, so a
        finding stays traceable to the exact response version.  ``petition_id`` is kept only
        when that petition is in the store.
        """
        now = _now()
        with self.transaction() as db:
            known = petition_id is not None and (
                db.execute("SELECT 1 FROM petitions WHERE id = ?", (petition_id,)).fetchone()
            )
            for finding in findings:
                if not finding.key:
                    raise StoreError(f"finding {finding.id} has no key; cannot store it")
                db.execute(
                    """
                    INSERT INTO findings (finding_key, finding_id, petition_id, kind, severity,
                        score, summary, evidence, rule, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (finding_key) DO UPDATE SET
                        finding_id = excluded.finding_id,
                        petition_id = COALESCE(excluded.petition_id, findings.petition_id),
                        severity = excluded.severity, score = excluded.score,
                        summary = excluded.summary
                    """,
                    (
                        finding.key,
                        finding.id,
                        petition_id if known else None,
                        str(finding.kind),
                        str(finding.severity),
                        round(float(finding.score), 3),
                        finding.summary,
                        _dump_evidence(finding, documents),
                        finding.rule,
                        now,
                    ),
                )

    def load_reviews(self, keys: Sequence[str]) -> dict[str, Review]:
        """The latest verdict on each of ``keys`` that has one."""
        reviews: dict[str, Review] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            rows = self.connection.execute(
                "SELECT finding_key, status, note, reviewed_at FROM latest_reviews "
                f"WHERE finding_key IN ({marks})",
                chunk,
            ).fetchall()
            reviews.update({row[0]: Review(*row) for row in rows})
        return reviews

    def resolve_finding_key(self, key: str) -> str:
        """The stored key that ``key`` names exactly or is the unique prefix of.

        Raises ``InputError`` when no stored finding matches or the prefix is ambiguous.
        """
        given = key.strip()
        key = given.lower()
        pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.connection.execute(
            "SELECT finding_key FROM findings WHERE finding_key LIKE ? ESCAPE '\\' "
            "ORDER BY finding_key LIMIT 6",
            (pattern,),
        ).fetchall()
        matches = [row[0] for row in rows]
        if key in matches:
            return key
        if not key or not matches:
            raise InputError(f"no finding with key {given!r} in {self.path}")
        if len(matches) > 1:
            shown = ", ".join(matches[:5])
            raise InputError(
                f"finding key prefix {key!r} is ambiguous in {self.path}: it matches {shown}"
                f"{' and more' if len(matches) > 5 else ''}; give more characters"
            )
        return matches[0]

    def save_review(self, key: str, status: str, note: str = "") -> Review:
        """Record a verdict on the finding ``key`` names (a key or unique prefix).

        Verdicts are appended, never overwritten: the newest one counts, the older ones stay
        as the history of the decision.
        """
        if status not in ("confirmed", "dismissed"):
            raise InputError(f"review status must be confirmed or dismissed, not {status!r}")
        resolved = self.resolve_finding_key(key)
        review = Review(resolved, status, note, _now())
        with self.transaction() as db:
            db.execute(
                "INSERT INTO reviews (finding_key, status, note, reviewed_at) VALUES (?, ?, ?, ?)",
                (review.key, review.status, review.note, review.reviewed_at),
            )
        return review

    def begin_scan(self, scope: str) -> ScanRecord:
        """Start a scan of ``scope``, or resume the one an interruption left unfinished.

        A new scan's ``since`` is the start time of the last finished scan of the same scope
        (``None`` for the first), so each digest covers what happened after the previous one.
        """
        with self.transaction() as db:
            row = db.execute(
                "SELECT id, scope, started_at, finished_at, since, errors FROM scans "
                "WHERE scope = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
                (scope,),
            ).fetchone()
            if row is None:
                previous = db.execute(
                    "SELECT started_at FROM scans WHERE scope = ? AND finished_at IS NOT NULL "
                    "ORDER BY id DESC LIMIT 1",
                    (scope,),
                ).fetchone()
                since = previous[0] if previous else None
                started = _now()
                cursor = db.execute(
                    "INSERT INTO scans (scope, started_at, since) VALUES (?, ?, ?)",
                    (scope, started, since),
                )
                row = (cursor.lastrowid, scope, started, None, since, "[]")
        return ScanRecord(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])))

    def finish_scan(self, scan_id: int, errors: Sequence[str] = ()) -> None:
        """Mark a scan finished (with the non-fatal errors it met): the next scan starts anew."""
        with self.transaction() as db:
            db.execute(
                "UPDATE scans SET finished_at = ?, errors = ? WHERE id = ?",
                (_now(), json.dumps(list(errors), ensure_ascii=False), scan_id),
            )

    def load_seen(self, scope: str | None = None) -> dict[int, SeenPetition]:
        """What scans last saw of each petition (of ``scope``, or of every scope)."""
        sql = "SELECT petition_id, scope, updated_at, response_sha256 FROM scan_petitions"
        rows = self.connection.execute(
            sql + (" WHERE scope = ?" if scope is not None else ""),
            (scope,) if scope is not None else (),
        ).fetchall()
        return {row[0]: SeenPetition(*row) for row in rows}

    def save_scan_step(
        self, scan_id: int, seen: SeenPetition, change: ScanChangeRow | None = None
    ) -> None:
        """Record what a scan saw of one petition and the change it found, atomically.

        Together, so that an interrupted scan either has both (and does not report the
        petition twice) or neither (and looks at it again when resumed).
        """
        now = _now()
        with self.transaction() as db:
            db.execute(
                """
                INSERT INTO scan_petitions (petition_id, scope, updated_at, response_sha256,
                    scan_id, seen_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (petition_id) DO UPDATE SET scope = excluded.scope,
                    updated_at = excluded.updated_at,
                    response_sha256 = excluded.response_sha256,
                    scan_id = excluded.scan_id, seen_at = excluded.seen_at
                """,
                (seen.petition_id, seen.scope, seen.updated_at, seen.response_sha256, scan_id, now),
            )
            if change is not None:
                db.execute(
                    """
                    INSERT INTO scan_changes (scan_id, petition_id, change, previous_sha256,
                        response_sha256, changed_at, detected_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (scan_id, petition_id) DO UPDATE SET
                        change = excluded.change, previous_sha256 = excluded.previous_sha256,
                        response_sha256 = excluded.response_sha256,
                        changed_at = excluded.changed_at
                    """,
                    (
                        scan_id,
                        change.petition_id,
                        change.change,
                        change.previous_sha256,
                        change.response_sha256,
                        change.changed_at,
                        now,
                    ),
                )

    def load_scan_changes(self, scan_id: int | None = None) -> list[ScanChangeRow]:
        """The changes one scan recorded, or (``None``) every change any scan recorded."""
        sql = (
            "SELECT scan_id, petition_id, change, previous_sha256, response_sha256, changed_at "
            "FROM scan_changes"
        )
        if scan_id is None:
            rows = self.connection.execute(sql + " ORDER BY id").fetchall()
        else:
            rows = self.connection.execute(
                sql + " WHERE scan_id = ? ORDER BY id", (scan_id,)
            ).fetchall()
        return [
            ScanChangeRow(row[1], row[2], row[3], row[4], row[5], scan_id=row[0]) for row in rows
        ]

    def load_version(self, petition_id: int, digest: str) -> ResponseVersion | None:
        """One stored response version by its text hash, or None."""
        row = self.connection.execute(
            "SELECT version, responded_on, summary, details, text, sha256, source "
            "FROM response_versions WHERE petition_id = ? AND sha256 = ?",
            (petition_id, digest),
        ).fetchone()
        if row is None:
            return None
        return ResponseVersion(VersionKind(row[0]), *row[1:])


def _touch_version(db: sqlite3.Connection, petition_id: int, digest: str, seen: str) -> None:
    """Mark a stored version as seen again: only ``last_seen`` moves (never the text)."""
    db.execute(
        "UPDATE response_versions SET last_seen = ? WHERE petition_id = ? AND sha256 = ?",
        (seen, petition_id, digest),
    )


def _distinct(versions: Sequence[ResponseVersion]) -> list[ResponseVersion]:
    """``versions`` without later copies of one response (``ResponseVersion.same_response``).

    A store written before copies were recognised may hold the earlier current text and its
    reassembled copy as two rows; the first stored row stands for both.
    """
    kept: list[ResponseVersion] = []
    for version in versions:
        if not any(k.same_response(version) for k in kept):
            kept.append(version)
    return kept


def label_history(versions: Sequence[ResponseVersion]) -> list[ResponseVersion]:
    """Relabel ``current`` versions of a history (oldest first) by their place in it.

    One version keeps its label.  With more than one, the newest ``current`` text becomes
    ``revised`` and older ones ``original``; versions the source marked ``original`` or
    ``revised`` (from its related-activity record) keep their labels.
    """
    if len(versions) < 2:
        return list(versions)
    last = len(versions) - 1
    labelled = []
    for index, version in enumerate(versions):
        if version.version == VersionKind.CURRENT:
            kind = VersionKind.REVISED if index == last else VersionKind.ORIGINAL
            version = replace(version, version=kind)
        labelled.append(version)
    return labelled


def _rollback(connection: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already undone it."""
    if connection.in_transaction:
        connection.execute("ROLLBACK")


def _insert_fetch(db: sqlite3.Connection, record: FetchRecord) -> None:
    db.execute(
        """
        INSERT INTO fetches (url, final_url, status, headers, body, body_sha256,
            fetched_at, etag, last_modified, not_modified)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (url, fetched_at, status, body_sha256) DO NOTHING
        """,
        (
            record.url,
            record.final_url,
            record.status,
            json.dumps(dict(record.headers), ensure_ascii=False),
            record.body,
            sha256(record.body).hexdigest(),
            record.fetched_at,
            record.etag,
            record.last_modified,
            int(record.not_modified),
        ),
    )


def _dump_evidence(finding: Finding, documents: Sequence[Document]) -> str:
    """Evidence as JSON, each item with the sha256 and source of the document it quotes."""
    items = []
    for evidence in finding.evidence:
        document = find_quoted_document(documents, evidence)
        items.append(
            {
                "role": str(evidence.role),
                "quote": evidence.quote,
                "start": evidence.start,
                "end": evidence.end,
                "sha256": document.sha256 if document else None,
                "source": document.source if document else None,
            }
        )
    return json.dumps(items, ensure_ascii=False)


def _dump_related(activity: Sequence[RelatedActivity]) -> str:
    return json.dumps(
        [
            {
                "subject": a.subject,
                "body": a.body,
                "occurred_on": a.occurred_on,
                "created_at": a.created_at,
            }
            for a in activity
        ],
        ensure_ascii=False,
    )


def _load_related(raw: str) -> tuple[RelatedActivity, ...]:
    return tuple(
        RelatedActivity(
            subject=item.get("subject", ""),
            body=item.get("body", ""),
            occurred_on=item.get("occurred_on"),
            created_at=item.get("created_at"),
        )
        for item in json.loads(raw or "[]")
    )
