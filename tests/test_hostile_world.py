"""Issue 14, the store and source side: one revision stored once, one petition's failure does
not abort a scan, a crawl with a failed page exits 1, and no network falls back at once.

Every case runs the real CLI against the local petitions server (``tests/server.py``) and a
real SQLite store, and checks the exit status, the exact ``Error:`` / ``Warning:`` lines, the
requests the server saw and the store's rows before and after.  The petition bodies are the
recorded 241560 fixture, and a "before the revision" body derived from it the way the site
revises in place: the original response as the current ``government_response`` and no
related activity.
"""

from __future__ import annotations

import copy
import json
import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.server import FIXTURES, PetitionsServer
from tests.test_cli_fetch import Outcome, run_cli
from textcheck.records import RESPONSE_GIVEN_ON
from textcheck.settings import Settings
from textcheck.sources.petitions import parse_petition_json

JSON_PATH = "/archived/petitions/241560.json"
PAGE_PATH = "/archived/petitions/241560"
RECORDED = json.loads((FIXTURES / "archived_petition_241560.json").read_bytes())
SUMMARY = "We do not believe an independent review of PIP assessments is needed."
"""A summary the site showed with the original response but the kept email leaves out."""


def store_rows(db: Path) -> dict[str, int]:
    """Rows per table that a fetch writes (an absent store holds nothing)."""
    if not db.exists():
        return {"petitions": 0, "response_versions": 0, "fetches": 0}
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("petitions", "response_versions", "fetches")
        }


def original_details() -> str:
    """The original response's paragraphs as the site showed them before revising: the
    reassembled email without the staff's "This response was given on ..." trailer."""
    petition = parse_petition_json(
        json.dumps(RECORDED).encode(), source="fixture", base_url="https://petition.parliament.uk"
    )
    original = petition.responses[0]
    paragraphs = original.details.split("\n\n")
    kept = []
    for paragraph in paragraphs:
        trailer = RESPONSE_GIVEN_ON.search(paragraph)
        if trailer:
            if paragraph[: trailer.start()].strip():
                kept.append(paragraph[: trailer.start()].strip())
            break
        kept.append(paragraph)
    return "\n\n".join(kept)


def before_revision(summary: str) -> bytes:
    """241560 as the site served it before the revision: the original as the current one."""
    body: dict[str, Any] = copy.deepcopy(RECORDED)
    attributes = body["data"]["attributes"]
    attributes["government_response"] = {
        **attributes["government_response"],
        "responded_on": "2019-06-20",
        "summary": summary,
        "details": original_details().replace("\n\n", "\r\n\r\n"),
    }
    attributes["other_parliamentary_business"] = []
    attributes["government_response_at"] = "2019-06-20T10:14:12.345Z"
    return json.dumps(body).encode()


def revised_again() -> bytes:
    """241560 revised a second time: a new current response, the kept original unchanged."""
    body: dict[str, Any] = copy.deepcopy(RECORDED)
    response = body["data"]["attributes"]["government_response"]
    response["responded_on"] = "2019-11-01"
    response["details"] = response["details"] + "\r\n\r\nWe will publish an update in 2020."
    return json.dumps(body).encode()


def serve(server: PetitionsServer, body: bytes) -> None:
    server.add_route(
        JSON_PATH, body=body, headers={"Content-Type": "application/json; charset=utf-8"}
    )


def fetched_versions(settings: Settings) -> list[str]:
    done = run_cli(settings, "fetch", "241560", "--format", "json")
    assert done.returncode == 0, done.stderr
    (petition,) = json.loads(done.stdout)["petitions"]
    return [v["version"] for v in petition["responses"]]


@pytest.mark.parametrize("summary", ["", SUMMARY], ids=["no-summary", "summary-not-in-email"])
def test_a_revision_in_place_stores_the_original_once(
    summary: str, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    serve(petitions_server, before_revision(summary))
    assert fetched_versions(fast_settings) == ["current"]
    assert store_rows(fast_settings.db)["response_versions"] == 1
    petitions_server.use_routes("routes.json")  # the site revises: the recorded bytes
    assert fetched_versions(fast_settings) == ["original", "revised"]
    assert store_rows(fast_settings.db)["response_versions"] == 2
    # One JSON request per fetch; the original came from the JSON's kept email, not the page.
    assert len(petitions_server.requests_for(JSON_PATH)) == 2
    assert petitions_server.requests_for(PAGE_PATH) == []
    with sqlite3.connect(fast_settings.db) as db:
        kept = db.execute(
            "SELECT text FROM response_versions WHERE petition_id = 241560 ORDER BY rowid"
        ).fetchall()
    assert kept[0][0].startswith(summary or "We are committed")  # the first row stands

    done = run_cli(fast_settings, "compare", "241560", "--format", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    roles = [d["role"] for d in payload["documents"]]
    assert sorted(roles) == ["original", "petition", "revised"]
    texts = {d["role"]: d["text"] for d in payload["documents"]}
    for finding in payload["findings"]:
        for quote in finding["evidence"]:
            assert texts[quote["role"]][quote["start"] : quote["end"]] == quote["quote"]


def test_a_second_revision_is_a_third_version_and_compare_roles_stay_unique(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    serve(petitions_server, before_revision(SUMMARY))
    fetched_versions(fast_settings)
    petitions_server.use_routes("routes.json")
    fetched_versions(fast_settings)
    serve(petitions_server, revised_again())
    assert fetched_versions(fast_settings) == ["original", "revised", "revised"]
    assert store_rows(fast_settings.db)["response_versions"] == 3
    done = run_cli(fast_settings, "compare", "241560", "--format", "json")
    assert done.returncode == 0
    roles = [d["role"] for d in json.loads(done.stdout)["documents"]]
    assert sorted(roles) == ["original", "petition", "revised"]
    assert done.stderr.splitlines() == [
        "Warning: petition 241560 has 3 response versions; comparing the oldest "
        "(2019-06-20) with the newest (2019-11-01)"
    ]


def test_a_store_with_a_duplicated_original_reads_as_one_version(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    """Stores written before copies were recognised hold both rows; they read as one."""
    serve(petitions_server, before_revision(""))
    fetched_versions(fast_settings)
    petition = parse_petition_json(
        json.dumps(RECORDED).encode(), source="x", base_url="https://petition.parliament.uk"
    )
    copy_of_original = petition.responses[0]
    with sqlite3.connect(fast_settings.db) as db:
        db.execute(
            "INSERT INTO response_versions (petition_id, sha256, version, responded_on, summary,"
            " details, text, source, first_seen, last_seen) VALUES (?, ?, 'original', ?, '', ?,"
            " ?, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (
                241560,
                copy_of_original.sha256,
                copy_of_original.responded_on,
                copy_of_original.details,
                copy_of_original.text,
            ),
        )
    assert store_rows(fast_settings.db)["response_versions"] == 2
    assert fetched_versions(fast_settings) == ["current"]
    assert store_rows(fast_settings.db)["response_versions"] == 2  # nothing deleted


def test_a_revised_petition_whose_page_is_gone_keeps_its_json_version(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    """The JSON says revised but the page holding the original answers 404: the JSON's
    version is stored, a warning names the page, and fetch exits 0."""
    body: dict[str, Any] = copy.deepcopy(RECORDED)
    body["data"]["attributes"]["other_parliamentary_business"] = []
    serve(petitions_server, json.dumps(body).encode())
    petitions_server.add_route(PAGE_PATH, status=404, body=b"Not found")
    done = run_cli(fast_settings, "fetch", "241560", "--format", "json")
    assert done.returncode == 0
    (petition,) = json.loads(done.stdout)["petitions"]
    assert [v["version"] for v in petition["responses"]] == ["current"]
    assert done.stderr.splitlines() == [
        "Warning: petition 241560: the original response could not be recovered: petition "
        f"page not found (HTTP 404) at {petitions_server.url}{PAGE_PATH}"
    ]
    assert len(petitions_server.requests_for(PAGE_PATH)) == 1
    assert store_rows(fast_settings.db)["response_versions"] == 1


def test_a_crawl_whose_every_page_fails_exits_1(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    listing = f"/archived/petitions.json?count={fast_settings.page_size}&parliament=3"
    petitions_server.add_route(listing, status=404, body=b"{}")
    done = run_cli(fast_settings, "crawl", "--archived", "--parliament", "3")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "Stored 0 petitions from 1 page."
    assert [line for line in done.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: petitions list not found (HTTP 404) at {petitions_server.url}{listing}"
    ]
    assert len(petitions_server.requests_for(listing)) == 1
    assert store_rows(fast_settings.db)["petitions"] == 0


def test_a_scan_that_reads_nothing_exits_1(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    listing = f"/petitions.json?count={fast_settings.page_size}&state=with_response"
    petitions_server.add_route(listing, status=404)
    done = run_cli(fast_settings, "scan")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: petitions list not found (HTTP 404) at {petitions_server.url}{listing}"
    ]
    assert len(petitions_server.requests_for(listing)) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_offline_compare_falls_back_at_once_on_a_refused_connection(tmp_path: Path) -> None:
    """No one listens: one attempt (not four with backoff), one warning line, the embedded
    copy compared, exit 0, and the store gets the findings but no petition row."""
    port = _closed_port()
    settings = Settings(
        base_url=f"http://127.0.0.1:{port}", db=tmp_path / "t.db", retries=3, backoff_s=30.0
    )
    done: Outcome = run_cli(settings, "compare", "241560", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"Warning: cannot connect to http://127.0.0.1:{port}/petitions/241560.json: "
        "Connection refused (not retried); using the embedded copy of petition 241560"
    ]
    assert {d["role"] for d in json.loads(done.stdout)["documents"]} >= {"original", "revised"}
    assert store_rows(settings.db)["petitions"] == 0


def test_offline_compare_never_retries_a_failed_name_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups: list[str] = []

    def no_resolver(host: str, *args: Any, **kwargs: Any) -> Any:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_resolver)
    settings = Settings(
        base_url="http://petitions.invalid", db=tmp_path / "t.db", retries=3, backoff_s=30.0
    )
    done = run_cli(settings, "compare", "241560", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert lookups == ["petitions.invalid"]
    (warning,) = done.stderr.splitlines()
    assert warning.startswith("Warning: cannot connect to http://petitions.invalid/")
    assert warning.endswith("(not retried); using the embedded copy of petition 241560")


def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    before = foreign.read_bytes()
    settings = Settings(db=foreign, offline=True)
    done = run_cli(settings, "claims", "241560")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: {foreign} is not a textcheck store: expected an empty file or a textcheck "
        "schema, found other tables (notes)"
    ]
    assert foreign.read_bytes() == before
    with sqlite3.connect(foreign) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


NOBODY = 65534


def _as_another_user() -> list[str] | None:
    """The prefix that runs a command as a user the file modes bind: none for a normal user,
    ``setpriv`` to ``nobody`` for root (root writes read-only files), None when impossible."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.mark.skipif(
    _as_another_user() is None, reason="running as root without setpriv: modes do not bind root"
)
def test_a_read_only_store_is_read_and_the_unsaved_findings_are_said(
    petitions_server: PetitionsServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A store the user may not write (file and folder read-only to them): claims, compare
    and brief read the petition from it, say the findings could not be saved, exit 0, and
    the store is byte-identical afterwards."""
    import os
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="textcheck-ro-"))
    try:
        db = folder / "store.db"
        writer = Settings(base_url=petitions_server.url, db=db, delay_s=0.0)
        assert run_cli(writer, "fetch", "241560").returncode == 0
        before = store_rows(db) | {"findings": _count(db, "findings")}
        snapshot = {p.name: p.read_bytes() for p in folder.iterdir()}
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTCHECK_")}
        env |= {"TEXTCHECK_DB": str(db), "TEXTCHECK_OFFLINE": "1", "HOME": str(folder)}
        for command in (["claims", "241560"], ["compare", "241560"], ["brief", "241560"]):
            done = subprocess.run(
                [
                    *(_as_another_user() or []),
                    sys.executable,
                    "-m",
                    "textcheck",
                    *command,
                ],
                capture_output=True,
                text=True,
                env=env,
                cwd=folder,
                timeout=300,
                check=False,
            )
            assert done.returncode == 0, (command, done.stderr)
            assert "241560" in done.stdout
            warnings = done.stderr.splitlines()
            if command[0] == "claims":
                assert warnings == []
            else:
                assert warnings == [
                    f"Warning: the findings could not be saved: cannot write to store {db}: "
                    "attempt to write a readonly database"
                ]
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == snapshot
        assert store_rows(db) | {"findings": _count(db, "findings")} == before
    finally:
        folder.chmod(0o755)
        for path in folder.iterdir():
            path.chmod(0o644)
            path.unlink()
        folder.rmdir()


def _count(db: Path, table: str) -> int:
    uri = db.resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_scan_keeps_going_when_a_revised_petitions_page_is_gone(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    """The second scan meets 241560 revised, its JSON without the kept original and its page
    answering 404: the JSON's version is stored and reported, the failure is listed, the
    other changes are reported too, and the scan exits 0."""
    from tests.test_scan import SECOND_SCAN, SNAPSHOTS, use_snapshot

    use_snapshot(petitions_server, "snapshot1")
    assert run_cli(fast_settings, "scan", "--format", "json").returncode == 0
    use_snapshot(petitions_server, "snapshot2")
    body = json.loads((SNAPSHOTS / "snapshot2" / "petition_241560.json").read_bytes())
    body["data"]["attributes"]["other_parliamentary_business"] = []
    petitions_server.add_route(
        "/petitions/241560.json",
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    petitions_server.add_route("/petitions/241560", status=404, body=b"Not found")
    done = run_cli(fast_settings, "scan", "--format", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert {c["petition"] for c in payload["changes"]} == set(SECOND_SCAN)
    assert done.stderr.splitlines() == [
        "Error: petition 241560: the original response could not be recovered: petition page "
        f"not found (HTTP 404) at {petitions_server.url}/petitions/241560"
    ]
    assert len(petitions_server.requests_for("/petitions/241560")) == 1


def test_a_revision_of_the_summary_alone_is_a_new_version(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    """Only a copy rebuilt from the kept email is merged: two texts the site showed, even
    with the same details, are two versions."""
    serve(petitions_server, before_revision(SUMMARY))
    assert fetched_versions(fast_settings) == ["current"]
    serve(petitions_server, before_revision("We have reconsidered: a review will be held."))
    assert fetched_versions(fast_settings) == ["original", "revised"]
    assert store_rows(fast_settings.db)["response_versions"] == 2


def test_a_crawl_whose_later_page_fails_for_ever_keeps_the_first_and_exits_1(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    from tests.server import Fault

    size = fast_settings.page_size
    second = f"/archived/petitions.json?count={size}&page=2&parliament=3&q=PIP"
    petitions_server.add_fault(second, [Fault.http_status(503, forever=True)])
    settings = Settings(**{**fast_settings.__dict__, "retries": 2})
    done = run_cli(settings, "crawl", "--archived", "--parliament", "3", "--query", "PIP")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == f"Stored {size} petitions from 2 pages."
    assert done.stderr.splitlines() == [
        f"Error: expected a successful response from {petitions_server.url}{second}, found "
        "HTTP 503 after 3 attempt(s)"
    ]
    assert len(petitions_server.requests_for(second)) == 3
    assert store_rows(settings.db)["petitions"] == size


def test_a_retry_after_within_the_limit_is_waited_for_even_past_the_deadline(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    """Waits the site asks for push the deadline back: two ``Retry-After: 1`` with a 1 s
    deadline still end in the petition (the deadline bounds the server's slowness)."""
    from tests.server import Fault

    settings = Settings(
        **{**fast_settings.__dict__, "deadline_s": 1.0, "max_retry_after_s": 2.0, "retries": 3}
    )
    busy = Fault.http_status(503, headers={"Retry-After": "1"})
    petitions_server.add_fault(JSON_PATH, [busy, busy])
    assert fetched_versions(settings) == ["original", "revised"]
    assert len(petitions_server.requests_for(JSON_PATH)) == 3


def test_claims_of_a_dripping_article_url_stop_at_the_deadline(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    from tests.server import Fault

    page = b"<html><body><p>The department has met its target of 90%.</p></body></html>"
    petitions_server.add_route("/statement.html", body=page, headers={"Content-Type": "text/html"})
    petitions_server.add_fault("/statement.html", [Fault.drip(0.2, forever=True)])
    settings = Settings(**{**fast_settings.__dict__, "deadline_s": 1.0})
    url = f"{petitions_server.url}/statement.html"
    done = run_cli(settings, "claims", url)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"Error: no complete answer from {url} within the deadline of 1 s (TEXTCHECK_DEADLINE_S)"
    ]
    assert len(petitions_server.requests_for("/statement.html")) == 1
