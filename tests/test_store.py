"""The SQLite store: schema migrations, history that is never overwritten, transactions,
concurrent writers, and clear errors for files that are not stores."""

from __future__ import annotations

import multiprocessing
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from textcheck.errors import StoreError
from textcheck.records import FetchRecord, Petition, ResponseVersion, VersionKind
from textcheck.store import MIGRATIONS, SCHEMA_VERSION, Store

SOURCE = "https://petition.parliament.uk/archived/petitions/7.json"


def version(kind: VersionKind, summary: str, details: str, on: str | None) -> ResponseVersion:
    """A response version read from SOURCE."""
    return ResponseVersion.build(
        kind, responded_on=on, summary=summary, details=details, source=SOURCE
    )


def petition(petition_id: int, *responses: ResponseVersion, signatures: int = 10) -> Petition:
    """A small petition with the given response versions."""
    return Petition(
        id=petition_id,
        url=f"https://petition.parliament.uk/archived/petitions/{petition_id}",
        action=f"Do thing {petition_id}",
        background="Because.",
        state="closed",
        signature_count=signatures,
        parliament="2017-2019",
        responses=responses,
    )


FIRST = version(VersionKind.CURRENT, "We will not.", "No review is needed.", "2019-06-20")
SECOND = version(VersionKind.CURRENT, "We might.", "A review may be considered.", "2019-09-03")


def fetch_record(
    url: str, body: bytes, at: str, headers: dict[str, str] | None = None
) -> FetchRecord:
    """A 200 exchange for ``url``."""
    return FetchRecord(url, url, 200, headers or {"ETag": 'W/"abc"'}, body, at)


def count(path: Path, table: str) -> int:
    """Rows in ``table``, read with a plain sqlite3 connection (as a person would)."""
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_new_store_is_at_the_latest_schema_with_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path):
        pass
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    for name in ("petitions", "response_versions", "fetches", "claims", "findings", "reviews"):
        assert name in names
    for view in ("latest_responses", "petition_history", "fetch_log"):
        assert view in names


def test_migration_upgrades_an_old_store_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path, migrate_to=1) as store:
        store.save_petition(petition(1, FIRST))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert (
            db.execute("SELECT name FROM sqlite_master WHERE name = 'findings'").fetchone() is None
        )
    with Store.open(path) as store:
        loaded = store.load_petition(1)
    assert loaded is not None and [v.sha256 for v in loaded.responses] == [FIRST.sha256]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        latest = db.execute("SELECT petition_id, sha256 FROM latest_responses").fetchall()
    assert latest == [(1, FIRST.sha256)]


def test_store_from_a_newer_textcheck_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store.open(path):
        pass
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer textcheck"), Store.open(path):
        pass


def test_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 20)
    with pytest.raises(StoreError) as caught, Store.open(path):
        pass
    assert str(caught.value).startswith(f"{path} is not a textcheck store: ")
    assert path.read_text().startswith("These are my notes")


def test_someone_elses_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match=r"is not a textcheck store: .*recipes"), Store.open(path):
        pass


def test_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open store"), Store.open(tmp_path / "no" / "s.db"):
        pass


def test_saving_returns_versions_new_to_the_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert store.save_petition(petition(1, FIRST)) == [FIRST]
        assert store.save_petition(petition(1, FIRST)) == []
        assert store.save_petition(petition(1, FIRST, SECOND)) == [SECOND]


def test_unchanged_resave_adds_nothing_but_moves_last_seen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        store.save_petition(petition(1, FIRST))
        store.save_petition(petition(1, FIRST, signatures=99))
        loaded = store.load_petition(1)
    assert count(path, "response_versions") == 1
    assert count(path, "petitions") == 1
    assert loaded is not None and loaded.signature_count == 99
    with sqlite3.connect(path) as db:
        first_seen, last_seen = db.execute(
            "SELECT first_seen, last_seen FROM response_versions"
        ).fetchone()
    assert first_seen < last_seen


def test_changed_text_adds_a_version_and_history_is_oldest_first(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.save_petition(petition(1, FIRST))
        store.save_petition(petition(1, SECOND))
        loaded = store.load_petition(1)
    assert loaded is not None
    assert [v.text for v in loaded.responses] == [
        "We will not.\n\nNo review is needed.",
        "We might.\n\nA review may be considered.",
    ]
    assert [v.version for v in loaded.responses] == [VersionKind.ORIGINAL, VersionKind.REVISED]
    assert [v.responded_on for v in loaded.responses] == ["2019-06-20", "2019-09-03"]
    assert {v.source for v in loaded.responses} == {SOURCE}


def test_single_current_version_keeps_its_label(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.save_petition(petition(1, FIRST))
        loaded = store.load_petition(1)
    assert loaded is not None
    assert [v.version for v in loaded.responses] == [VersionKind.CURRENT]


def test_marked_original_and_revised_keep_their_labels_and_order(tmp_path: Path) -> None:
    original = version(VersionKind.ORIGINAL, "", "Original words.", None)
    revised = version(VersionKind.REVISED, "Short.", "Revised words.", "2019-09-03")
    with Store.open(tmp_path / "s.db") as store:
        store.save_petition(petition(1, original, revised))
        store.save_petition(
            petition(1, version(VersionKind.CURRENT, "Short.", "Revised words.", "2019-09-03"))
        )
        loaded = store.load_petition(1)
    assert loaded is not None
    assert [(v.version, v.text) for v in loaded.responses] == [
        (VersionKind.ORIGINAL, "Original words."),
        (VersionKind.REVISED, "Short.\n\nRevised words."),
    ]


def test_stored_versions_cannot_be_overwritten_or_deleted(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        store.save_petition(petition(1, FIRST))
    with sqlite3.connect(path) as db:
        with pytest.raises(sqlite3.IntegrityError, match="never overwritten"):
            db.execute("UPDATE response_versions SET text = 'edited'")
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            db.execute("DELETE FROM response_versions")
    with Store.open(path) as store:
        loaded = store.load_petition(1)
    assert loaded is not None and loaded.responses[0].text == FIRST.text


def test_failed_save_leaves_nothing_half_written(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    bad = ResponseVersion("withdrawn", None, "", "x", "x", "f" * 64, SOURCE)  # type: ignore[arg-type]
    with Store.open(path) as store:
        with pytest.raises(StoreError, match="cannot write to store"):
            store.save_petition(petition(2, FIRST, bad), [fetch_record(SOURCE, b"{}", "t1")])
        assert store.load_petition(2) is None
    for table in ("petitions", "response_versions", "fetches"):
        assert count(path, table) == 0, table


def test_fetches_round_trip_and_the_latest_success_is_loaded(tmp_path: Path) -> None:
    url = "http://127.0.0.1:1/archived/petitions/1.json"
    with Store.open(tmp_path / "s.db") as store:
        assert store.load_fetch(url) is None
        store.save_fetch(fetch_record(url, b"old", "2026-01-01T00:00:00+00:00"))
        store.save_fetch(fetch_record(url, b"new", "2026-01-02T00:00:00+00:00", {"ETag": 'W/"2"'}))
        store.save_fetch(FetchRecord(url, url, 503, {}, b"busy", "2026-01-03T00:00:00+00:00"))
        store.save_fetch(fetch_record(url, b"new", "2026-01-02T00:00:00+00:00", {"ETag": 'W/"2"'}))
        loaded = store.load_fetch(url)
    assert loaded is not None
    assert (loaded.body, loaded.etag, loaded.status) == (b"new", 'W/"2"', 200)
    assert count(tmp_path / "s.db", "fetches") == 3


def test_redirected_fetch_is_found_by_its_final_url(tmp_path: Path) -> None:
    asked = "http://h/petitions/1.json"
    final = "http://h/archived/petitions/1.json"
    with Store.open(tmp_path / "s.db") as store:
        store.save_fetch(FetchRecord(asked, final, 200, {"Last-Modified": "x"}, b"{}", "t"))
        by_final = store.load_fetch(final)
    assert by_final is not None and by_final.last_modified == "x" and by_final.url == asked


def _save_many(path: str, start: int, count_: int) -> None:
    """Worker: save ``count_`` petitions (one shared id with the other worker) into ``path``."""
    with Store.open(Path(path)) as store:
        for petition_id in [0, *range(start, start + count_)]:
            text = version(VersionKind.CURRENT, f"Answer {petition_id}", f"From {start}.", None)
            store.save_petition(
                petition(petition_id, text), [fetch_record(f"u{petition_id}", b"{}", str(start))]
            )


def test_two_processes_can_save_into_one_store_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_save_many, args=(str(path), start, 150)) for start in (1000, 2000)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert count(path, "petitions") == 301
    assert count(path, "response_versions") == 302
    assert count(path, "fetches") == 302
    with Store.open(path) as store:
        shared = store.load_petition(0)
    assert shared is not None and len(shared.responses) == 2


def test_fetch_after_crawl_puts_the_original_before_the_listed_text(tmp_path: Path) -> None:
    listed = version(VersionKind.CURRENT, "We might.", "A review may be considered.", "2019-09-03")
    original = version(VersionKind.ORIGINAL, "", "We will not.", "2019-06-20")
    revised = replace(listed, version=VersionKind.REVISED)
    with Store.open(tmp_path / "s.db") as store:
        store.save_petition(petition(1, listed))
        assert store.save_petition(petition(1, original, revised)) == [original]
        loaded = store.load_petition(1)
    assert loaded is not None
    assert [(v.version, v.text) for v in loaded.responses] == [
        (VersionKind.ORIGINAL, "We will not."),
        (VersionKind.REVISED, "We might.\n\nA review may be considered."),
    ]
