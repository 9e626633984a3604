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
versions, first and last seen) and ``fetch_log`` (fetches without their body bytes).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

from textcheck.errors import StoreError
from textcheck.records import FetchRecord, Petition, RelatedActivity, ResponseVersion, VersionKind

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
)
"""Ordered schema steps: applying step ``n`` moves ``user_version`` from ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)

_VERSION_RANK = {VersionKind.ORIGINAL: 0, VersionKind.REVISED: 1, VersionKind.CURRENT: 1}


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
            current = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer textcheck: expected schema version "
                    f"{SCHEMA_VERSION} or lower, found {current}"
                )
            if current == 0:
                _check_empty(connection, path)
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
    def open(cls, path: Path, *, migrate_to: int = SCHEMA_VERSION) -> Iterator[Store]:
        """Open (creating and migrating) the store at ``path``; close on exit.

        ``migrate_to`` stops the migrations early (tests of the upgrade path use it).  A file
        that is not SQLite, or a folder that does not exist, raises ``StoreError``.
        """
        path = Path(path)
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        try:
            try:
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA foreign_keys = ON")
                migrate(connection, path, target=migrate_to)
            except sqlite3.DatabaseError as exc:
                if "not a database" in str(exc) or "malformed" in str(exc):
                    raise StoreError(f"{path} is not a textcheck store: {exc}") from exc
                raise StoreError(f"cannot open store {path}: {exc}") from exc
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
            for version in petition.responses:
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
                    db.execute(
                        "UPDATE response_versions SET last_seen = ? "
                        "WHERE petition_id = ? AND sha256 = ?",
                        (seen, petition.id, version.sha256),
                    )
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
        rows = self.connection.execute(
            "SELECT version, responded_on, summary, details, text, sha256, source "
            "FROM response_versions WHERE petition_id = ? "
            "ORDER BY COALESCE(responded_on, ''), rowid",
            (petition_id,),
        ).fetchall()
        versions = [
            ResponseVersion(VersionKind(kind), date, summary, details, text, digest, source)
            for kind, date, summary, details, text, digest, source in rows
        ]
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
