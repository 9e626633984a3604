"""``textcheck fetch`` and ``textcheck crawl`` as a user runs them, against the local server.

Commands run through typer's runner in this process (the CLI imports take seconds, so a
process per case would be slow); a few cases also run ``python -m textcheck`` as a separate
process.  What is checked is what a user sees: exit status, standard output, and one
``Error:`` line with no traceback.  Expected texts
are derived from the recorded fixtures, never from the tool's output.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.server import FIXTURES, Fault, PetitionsServer
from textcheck.cli import app
from textcheck.settings import Settings

JSON_PATH = "/archived/petitions/241560.json"
PAGE_PATH = "/archived/petitions/241560"
ERAS = {"routes.json": "archived_petition_241560.json"}
ERAS["routes.legacy.json"] = "archived_petition_241560.legacy.json"
CRAWL_IDS = {229901, 241560, 243117, 250034}


@dataclass(frozen=True)
class Outcome:
    """What a user sees of one command: exit status, standard output, standard error."""

    returncode: int
    stdout: str
    stderr: str


def settings_env(settings: Settings) -> dict[str, str]:
    """``settings`` (except the base URL, given as a flag) as TEXTCHECK_* variables."""
    return {
        f"TEXTCHECK_{f.name.upper()}": str(getattr(settings, f.name))
        for f in fields(Settings)
        if getattr(settings, f.name) is not None and f.name != "base_url"
    }


def run_cli(settings: Settings, *args: str) -> Outcome:
    """Run ``textcheck ARGS --base-url ...`` in this process (typer's runner).

    Any exception other than the CLI's own exit propagates and fails the test, which is what
    a traceback would be for a user.  ``run_process`` checks the real entry point.
    """
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("TEXTCHECK_")}
    env.update(settings_env(settings))
    result = CliRunner().invoke(
        app, [*args, "--base-url", settings.base_url], env=env, catch_exceptions=False
    )
    return Outcome(result.exit_code, result.stdout, result.stderr)


def run_process(settings: Settings, *args: str) -> Outcome:
    """Run ``python -m textcheck ARGS --base-url ...`` as a separate process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTCHECK_")}
    env.update(settings_env(settings))
    command = [sys.executable, "-m", "textcheck", *args, "--base-url", settings.base_url]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=120, check=False
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def fetch_json(settings: Settings, *refs: str) -> dict[str, Any]:
    """``textcheck fetch REFS --format json``, checked to succeed with only JSON on stdout."""
    done = run_cli(settings, "fetch", *refs, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a recorded text (either era's line breaks), stripped."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def recorded(era: str) -> dict[str, Any]:
    """The attributes of 241560 as recorded for an era."""
    attributes: dict[str, Any] = json.loads((FIXTURES / ERAS[era]).read_bytes())["data"][
        "attributes"
    ]
    return attributes


def stored_counts(db: Path) -> dict[str, int]:
    """Rows per table of the store (an absent store holds nothing)."""
    if not db.exists():
        return {"petitions": 0, "response_versions": 0}
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("petitions", "response_versions")
        }


@pytest.mark.parametrize("era", sorted(ERAS))
def test_fetch_gives_original_then_revised(
    era: str, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.use_routes(era)
    # Expected texts come from the current-era recording: both eras must read the same.
    attributes = recorded("routes.json")
    emails = {e["subject"]: e["body"] for e in attributes["other_parliamentary_business"]}
    part1 = paragraphs(emails["Original Government response (part 1)"])
    part2 = paragraphs(emails["Original Government response (part 2)"])
    assert part1[-1] == "(part 1 of 2)"
    response = attributes["government_response"]

    result = fetch_json(fast_settings, "241560")

    assert result["schema"] == "textcheck.petition/1"
    [petition] = result["petitions"]
    assert list(petition) == [
        "id", "url", "action", "background", "additional_details", "state",
        "signature_count", "parliament", "responses",
    ]  # fmt: skip
    assert petition["id"] == 241560
    assert petition["action"] == attributes["action"]
    assert petition["parliament"] == "2017-2019"
    original, revised = petition["responses"]
    assert [original["version"], revised["version"]] == ["original", "revised"]
    assert revised["responded_on"] == response["responded_on"]
    assert revised["text"] == "\n\n".join(
        paragraphs(response["summary"]) + paragraphs(response["details"])
    )
    assert paragraphs(original["text"]) == part1[:-1] + part2
    assert original["responded_on"] == "2019-06-20"
    for version in (original, revised):
        assert list(version) == [
            "version", "responded_on", "summary", "details", "text", "sha256", "source",
        ]  # fmt: skip
        assert version["source"].startswith(petitions_server.url + "/")


def test_both_eras_give_the_same_texts(
    tmp_path: Path, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    current = fetch_json(fast_settings, "241560")["petitions"][0]["responses"]
    petitions_server.use_routes("routes.legacy.json")
    legacy_settings = fast_settings.with_overrides(db=tmp_path / "legacy.db")
    legacy = fetch_json(legacy_settings, "241560")["petitions"][0]["responses"]
    assert [v["sha256"] for v in legacy] == [v["sha256"] for v in current]


@pytest.mark.parametrize(
    ("era", "validator", "header"),
    [
        ("routes.json", "Last-Modified", "If-Modified-Since"),
        ("routes.legacy.json", "ETag", "If-None-Match"),
    ],
)
def test_second_fetch_is_conditional(
    era: str,
    validator: str,
    header: str,
    petitions_server: PetitionsServer,
    fast_settings: Settings,
) -> None:
    petitions_server.use_routes(era)
    routes = json.loads((FIXTURES / era).read_text(encoding="utf-8"))
    sent_validator = routes[JSON_PATH]["headers"][validator]

    first = fetch_json(fast_settings, "241560")
    second = fetch_json(fast_settings, "241560")

    asked = petitions_server.requests_for(JSON_PATH)
    assert len(asked) == 2
    assert asked[0].header(header) is None
    assert asked[1].header(header) == sent_validator
    assert second == first
    assert stored_counts(fast_settings.db) == {"petitions": 1, "response_versions": 2}


@pytest.mark.parametrize("era", sorted(ERAS))
def test_crawl_finds_exactly_the_query_results(
    era: str, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.use_routes(era)
    done = run_cli(
        fast_settings,
        "crawl",
        "--archived",
        "--parliament",
        "3",
        "--query",
        "PIP",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert list(result) == ["schema", "petitions", "pages", "errors"]
    assert result["schema"] == "textcheck.crawl/1"
    assert sorted(result["petitions"]) == sorted(CRAWL_IDS)
    assert len(result["petitions"]) == len(CRAWL_IDS)
    assert result["pages"] == 2
    assert result["errors"] == []
    lists = [r for r in petitions_server.requests if r.path.startswith("/archived/petitions.json")]
    assert lists and all("parliament=3" in r.path for r in lists)
    assert stored_counts(fast_settings.db)["petitions"] == len(CRAWL_IDS)


def test_crawl_text_lists_the_petitions(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    done = run_cli(fast_settings, "crawl", "--archived", "--parliament", "3", "--query", "PIP")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Stored 4 petitions from 2 pages.\n")
    for petition_id in CRAWL_IDS:
        assert str(petition_id) in done.stdout


def test_fetch_text_shows_each_version_with_its_date(fast_settings: Settings) -> None:
    done = run_cli(fast_settings, "fetch", "241560")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Petition 241560: Investigate Atos PIP assessments.\n")
    assert "Original response (2019-06-20):" in done.stdout
    assert "Revised response (2019-09-03):" in done.stdout
    assert done.stdout.index("Original response") < done.stdout.index("Revised response")


def assert_one_error_line(done: Outcome, expected: str) -> None:
    """Exit 1, nothing on stdout, and exactly ``Error: <expected>`` on stderr."""
    assert "Traceback" not in done.stderr
    assert done.stderr.endswith("\n") and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr == f"Error: {expected}\n"
    assert done.returncode == 1
    assert done.stdout == ""


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_missing_petition(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    done = run_process(fast_settings, "fetch", "999")
    url = f"{petitions_server.url}/petitions/999.json"
    assert_one_error_line(done, f"petition not found (HTTP 404) at {url}")
    assert len(petitions_server.requests_for("/petitions/999.json")) == 1
    assert stored_counts(fast_settings.db)["petitions"] == 0


def test_removed_petition(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    petitions_server.add_route("/petitions/998.json", status=410, body=b"Gone")
    done = run_cli(fast_settings, "fetch", "998")
    url = f"{petitions_server.url}/petitions/998.json"
    assert_one_error_line(done, f"petition removed (HTTP 410) at {url}")
    assert len(petitions_server.requests_for("/petitions/998.json")) == 1


def test_server_error_after_retries(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(JSON_PATH, [Fault.http_status(503, forever=True)])
    done = run_cli(fast_settings, "fetch", "241560")
    attempts = fast_settings.retries + 1
    url = f"{petitions_server.url}{JSON_PATH}"
    assert_one_error_line(
        done,
        f"expected a successful response from {url}, found HTTP 503 after {attempts} attempt(s)",
    )
    assert len(petitions_server.requests_for(JSON_PATH)) == attempts
    assert stored_counts(fast_settings.db) == {"petitions": 0, "response_versions": 0}


def test_malformed_json(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    body = b'{"links": {}, "data": {"id": 241560,, "type": "archived-petition"}}'
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        problem = f"{exc.msg} at char {exc.pos}"
    petitions_server.add_route(JSON_PATH, body=body, headers={"Content-Type": "application/json"})
    petitions_server.add_route(PAGE_PATH, status=404, body=b"Not Found")
    done = run_cli(fast_settings, "fetch", "241560")
    url = f"{petitions_server.url}{JSON_PATH}"
    assert_one_error_line(
        done, f"expected petition JSON at {url}, found malformed or truncated JSON ({problem})"
    )
    assert stored_counts(fast_settings.db) == {"petitions": 0, "response_versions": 0}


def test_truncated_json(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    petitions_server.add_fault(JSON_PATH, [Fault.truncated(forever=True)])
    size = len((FIXTURES / ERAS["routes.json"]).read_bytes())
    sent = size // 2
    done = run_cli(fast_settings, "fetch", "241560")
    url = f"{petitions_server.url}{JSON_PATH}"
    assert_one_error_line(
        done,
        f"truncated response body from {url}: the connection closed early "
        f"({sent} bytes read, {size + 1000 - sent} more expected)",
    )
    assert stored_counts(fast_settings.db) == {"petitions": 0, "response_versions": 0}


def test_html_where_json_was_expected(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(JSON_PATH, [Fault.html(forever=True)])
    petitions_server.add_route(PAGE_PATH, status=404, body=b"Not Found")
    done = run_cli(fast_settings, "fetch", "241560")
    url = f"{petitions_server.url}{JSON_PATH}"
    assert_one_error_line(done, f"expected petition JSON at {url}, found HTML")
    assert stored_counts(fast_settings.db) == {"petitions": 0, "response_versions": 0}


def test_html_where_json_was_expected_falls_back_to_the_page(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(JSON_PATH, [Fault.html(forever=True)])
    [petition] = fetch_json(fast_settings, "241560")["petitions"]
    assert [v["version"] for v in petition["responses"]] == ["original", "revised"]


def test_unreachable_host(tmp_path: Path) -> None:
    port = closed_port()
    settings = Settings(
        base_url=f"http://127.0.0.1:{port}",
        db=tmp_path / "t.db",
        delay_s=0.0,
        retries=1,
        backoff_s=0.01,
    )
    done = run_cli(settings, "fetch", "241560")
    assert_one_error_line(
        done,
        f"cannot connect to http://127.0.0.1:{port}/petitions/241560.json: "
        "Connection refused (not retried)",
    )
    assert stored_counts(settings.db) == {"petitions": 0, "response_versions": 0}


@pytest.mark.parametrize("ref", ["abc", "https://example.com/petitions/1", "241560x"])
def test_bad_petition_ref(
    ref: str, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    done = run_cli(fast_settings, "fetch", ref)
    assert_one_error_line(done, f"expected a petition id or petition URL, got {ref!r}")
    assert petitions_server.requests == []


def test_failure_on_a_later_petition_keeps_the_earlier_one_whole(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    done = run_cli(fast_settings, "fetch", "241560", "999")
    assert_one_error_line(
        done, f"petition not found (HTTP 404) at {petitions_server.url}/petitions/999.json"
    )
    assert stored_counts(fast_settings.db) == {"petitions": 1, "response_versions": 2}


def test_store_that_is_not_sqlite(tmp_path: Path, fast_settings: Settings) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("not a database\n" * 50)
    done = run_process(fast_settings.with_overrides(db=db), "fetch", "241560")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: {db} is not a textcheck store: ")
    assert done.stderr.count("\n") == 1


def test_no_petition_is_a_usage_error(fast_settings: Settings) -> None:
    done = run_cli(fast_settings, "fetch")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
