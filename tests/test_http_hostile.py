"""A hostile world against a real local server: deadlines, byte caps, checked settings, redirects.

Issue 14 items 5, 6, 8 and 10.  Each case runs the command a user runs (typer's runner, or a
separate ``python -m textcheck`` process where its peak memory is measured) and checks the
exit status, the exact ``Error:`` line, how many requests the server saw, and that the store
and the HTTP cache gained no row.  Memory is the child's own maximum RSS (``os.wait4``), so
other children of the test process do not count.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.processes import MAX_RSS_BYTES, measured, peak_bytes
from tests.rows import table_rows
from tests.server import Fault, PetitionsServer
from tests.test_cli_fetch import Outcome, run_cli, settings_env
from textcheck.cli import app
from textcheck.errors import NetworkError, SourceError
from textcheck.settings import Settings, SettingsError, load_settings
from textcheck.sources.http import HttpClient, cache_path_for, check_redirect

JSON_PATH = "/petitions/241560.json"
ARCHIVED_JSON = "/archived/petitions/241560.json"
FIXTURE = Path(__file__).parent / "fixtures/petitions/archived_petition_241560.json"
# MAX_RSS_BYTES: a plain fetch's process peaks near 55 MB; before the cap the gzip bomb
# took 2.1 GB and the 100 MB body 653 MB.
MIB = 1 << 20


@pytest.fixture
def other_server() -> Iterator[PetitionsServer]:
    """A second local server: another host (another port on 127.0.0.1) to redirect to."""
    server = PetitionsServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """About 1 MiB of gzip that decompresses to 1 GiB of zeros.

    1024 gzip members of 1 MiB of zeros each (a gzip stream may hold several members, and
    urllib3 decodes them all): made in milliseconds without ever holding the 1 GiB.
    """
    member = gzip.compress(bytes(MIB), compresslevel=9)
    return member * 1024


def rows_kept(settings: Settings) -> dict[str, int]:
    """Rows holding data in the store and the HTTP cache beside it (empty tables left out)."""
    rows = {f"store.{k}": v for k, v in table_rows(settings.db).items() if v}
    cache = cache_path_for(settings.db)
    rows.update({f"cache.{k}": v for k, v in table_rows(cache).items() if v})
    return {k: v for k, v in rows.items() if not k.startswith("store.schema")}


def run_with_env(settings: Settings, extra: dict[str, str], *args: str) -> Outcome:
    """Run ``textcheck ARGS`` in this process with ``extra`` TEXTCHECK_* variables set."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("TEXTCHECK_")}
    env.update(settings_env(settings))
    env.update(extra)
    result = CliRunner().invoke(
        app, [*args, "--base-url", settings.base_url], env=env, catch_exceptions=False
    )
    return Outcome(result.exit_code, result.stdout, result.stderr)


def run_measured(settings: Settings, *args: str, timeout_s: float = 120.0) -> tuple[Outcome, int]:
    """Run ``python -m textcheck ARGS`` in a fresh process; its outcome and peak RSS in bytes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTCHECK_")}
    env.update(settings_env(settings))
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        command = measured(
            [sys.executable, "-m", "textcheck", *args, "--base-url", settings.base_url], peak_file
        )
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=timeout_s, check=False
        )
        peak = peak_bytes(peak_file)
    return Outcome(done.returncode, done.stdout, done.stderr), peak


def assert_one_error_line(done: Outcome, message: str) -> None:
    """Exit status 1, nothing on stdout, and exactly ``Error: message`` on stderr."""
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {message}\n")


# Item 5: an overall deadline per request.


@pytest.mark.timeout(60)
@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers"])
def test_a_dripping_server_hits_the_deadline(
    headers: bool, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, deadline_s=2.0)
    # A byte every 0.1 s passes the 0.5 s read timeout for ever (the body is 30 kB).
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.drip(0.1, headers=headers, forever=True)])

    done = run_cli(settings, "fetch", "241560")

    url = f"{petitions_server.url}{ARCHIVED_JSON}"
    assert_one_error_line(
        done, f"no complete answer from {url} within the deadline of 2 s (TEXTCHECK_DEADLINE_S)"
    )
    # Not retried: the deadline covers the whole fetch, so its time is spent.
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 1
    assert rows_kept(settings) == {}


@pytest.mark.timeout(60)
def test_the_deadline_bounds_the_retries_too(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    # Backoff waits 0.5, 1, 2 s: the third retry would end past the 2 s deadline.
    settings = replace(
        fast_settings, deadline_s=2.0, retries=5, backoff_s=0.5, max_retry_after_s=10.0
    )
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.http_status(500, forever=True)])
    with HttpClient(settings) as client, pytest.raises(SourceError) as error:
        client.get(ARCHIVED_JSON)
    assert str(error.value) == (
        f"expected a successful response from {petitions_server.url}{ARCHIVED_JSON}, found "
        "HTTP 500 after 3 attempt(s); a retry in 2 s would pass the deadline of 2 s "
        "(TEXTCHECK_DEADLINE_S)"
    )
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 3


def test_a_deadline_error_is_a_network_error(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, deadline_s=0.5)
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.drip(0.05, forever=True)])
    with HttpClient(settings) as client, pytest.raises(NetworkError, match=r"deadline of 0\.5 s"):
        client.get(ARCHIVED_JSON)


def test_cached_answers_still_revalidate_with_streaming(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    class FakeStore:
        pass

    with HttpClient(fast_settings, store=FakeStore()) as client:  # type: ignore[arg-type]
        first = client.get(ARCHIVED_JSON)
        second = client.get(ARCHIVED_JSON)
    assert (first.not_modified, second.not_modified) == (False, True)
    assert first.body == second.body == FIXTURE.read_bytes()
    assert rows_kept(fast_settings) == {"cache.responses": 1}


# Item 6: a cap on bytes, on the wire and decompressed.


@pytest.mark.timeout(120)
def test_a_gzip_bomb_is_refused_within_bounded_memory(
    gzip_bomb: bytes, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    assert len(gzip_bomb) < 1.1 * MIB
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.gzip(gzip_bomb, forever=True)])

    done, peak = run_measured(fast_settings, "fetch", "241560")

    assert_one_error_line(
        done,
        f"response from {petitions_server.url}{ARCHIVED_JSON} is larger than the limit of "
        "5,000,000 bytes once decompressed (TEXTCHECK_MAX_BYTES)",
    )
    assert peak < MAX_RSS_BYTES
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 1
    assert rows_kept(fast_settings) == {}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("announce", [True, False], ids=["content-length", "until-close"])
def test_a_100_mb_body_is_refused_within_bounded_memory(
    announce: bool, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(
        ARCHIVED_JSON, [Fault.big_body(100_000_000, announce=announce, forever=True)]
    )

    done, peak = run_measured(fast_settings, "fetch", "241560")

    detail = ": its Content-Length is 100,000,000" if announce else ""
    assert_one_error_line(
        done,
        f"response from {petitions_server.url}{ARCHIVED_JSON} is larger than the limit of "
        f"5,000,000 bytes{detail} (TEXTCHECK_MAX_BYTES)",
    )
    assert peak < MAX_RSS_BYTES
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 1
    assert rows_kept(fast_settings) == {}


def test_a_refused_body_leaves_earlier_rows_alone(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    assert run_cli(fast_settings, "fetch", "241560").returncode == 0
    before = rows_kept(fast_settings)
    assert before["store.petitions"] == 1
    body = b'{"data": {"id": 1, "attributes": {"action": "' + b"x" * 6_000_000 + b'"}}}'
    petitions_server.add_route(
        "/petitions/1.json", body=body, headers={"Content-Type": "application/json"}
    )

    done = run_cli(fast_settings, "fetch", "1")

    assert_one_error_line(
        done,
        f"response from {petitions_server.url}/petitions/1.json is larger than the limit of "
        f"5,000,000 bytes: its Content-Length is {len(body):,} (TEXTCHECK_MAX_BYTES)",
    )
    assert len(petitions_server.requests_for("/petitions/1.json")) == 1
    assert rows_kept(fast_settings) == before


@pytest.mark.parametrize(("spare", "passes"), [(0, True), (-1, False)])
def test_the_cap_is_inclusive(
    spare: int, passes: bool, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    body = FIXTURE.read_bytes()
    settings = replace(fast_settings, max_bytes=len(body) + spare)
    with HttpClient(settings) as client:
        if passes:
            assert client.get(ARCHIVED_JSON).body == body
        else:
            with pytest.raises(SourceError, match="larger than the limit"):
                client.get(ARCHIVED_JSON)
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 1


# Item 8: politeness settings checked; a Retry-After beyond the limit gives up at once.


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("TEXTCHECK_DELAY_S", "nan", "expected a finite number of seconds"),
        ("TEXTCHECK_DELAY_S", "-5", "expected 0 seconds or more"),
        ("TEXTCHECK_DELAY_S", "inf", "expected a finite number of seconds"),
        ("TEXTCHECK_CONNECT_TIMEOUT_S", "0", "expected more than 0 seconds"),
        ("TEXTCHECK_READ_TIMEOUT_S", "soon", "expected a number"),
        ("TEXTCHECK_BACKOFF_S", "-0.5", "expected 0 seconds or more"),
        ("TEXTCHECK_MAX_RETRY_AFTER_S", "nan", "expected a finite number of seconds"),
        ("TEXTCHECK_DEADLINE_S", "0", "expected more than 0 seconds"),
        ("TEXTCHECK_MAX_BYTES", "0", "expected a whole number > 0"),
        ("TEXTCHECK_MAX_BYTES", "5MB", "expected a whole number"),
        ("TEXTCHECK_RETRIES", "-1", "expected a whole number >= 0"),
        ("TEXTCHECK_PAGE_SIZE", "0", "expected a whole number > 0"),
    ],
)
def test_bad_timing_and_size_settings_are_refused(
    variable: str,
    value: str,
    problem: str,
    petitions_server: PetitionsServer,
    fast_settings: Settings,
) -> None:
    message = f"{variable}={value!r} is not valid: {problem}"
    with pytest.raises(ValueError) as error:
        load_settings({variable: value})
    assert isinstance(error.value, SettingsError)
    assert str(error.value) == message

    done = run_with_env(fast_settings, {variable: value}, "fetch", "241560")

    assert_one_error_line(done, message)
    assert petitions_server.requests == []
    assert rows_kept(fast_settings) == {}


def test_good_settings_still_load() -> None:
    settings = load_settings(
        {"TEXTCHECK_DELAY_S": "0", "TEXTCHECK_RETRIES": "0", "TEXTCHECK_MAX_BYTES": "1_000"}
    )
    assert (settings.delay_s, settings.retries, settings.max_bytes) == (0.0, 0, 1000)
    assert settings.deadline_s == 60.0


@pytest.mark.parametrize("status", [429, 503])
def test_a_retry_after_beyond_the_limit_gives_up_at_once(
    status: int, petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, max_retry_after_s=60.0)
    petitions_server.add_fault(
        ARCHIVED_JSON, [Fault.http_status(status, {"Retry-After": "3600"}, forever=True)]
    )

    done = run_cli(settings, "fetch", "241560")

    assert_one_error_line(
        done,
        f"expected a successful response from {petitions_server.url}{ARCHIVED_JSON}, found "
        f"HTTP {status}; the site asks to retry after 3600 s, more than the limit of 60 s "
        "(TEXTCHECK_MAX_RETRY_AFTER_S)",
    )
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 1
    assert rows_kept(settings) == {}


# Item 10: redirects stay on the host asked for.


def test_a_redirect_to_another_host_is_refused(
    petitions_server: PetitionsServer, other_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_route(
        JSON_PATH, status=302, headers={"Location": f"{other_server.url}{ARCHIVED_JSON}"}
    )

    done = run_cli(fast_settings, "fetch", "241560")

    here, there = (s.url.removeprefix("http://") for s in (petitions_server, other_server))
    assert_one_error_line(
        done,
        f"redirect from {here} to another host {there} refused at "
        f"{petitions_server.url}{JSON_PATH}",
    )
    assert [r.path for r in petitions_server.requests] == [JSON_PATH]
    assert other_server.requests == []
    assert rows_kept(fast_settings) == {}


def test_a_redirect_to_a_far_host_is_refused_before_any_request(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_route(
        JSON_PATH, status=301, headers={"Location": "https://evil.example/petitions/241560.json"}
    )
    done = run_cli(fast_settings, "fetch", "241560")
    here = petitions_server.url.removeprefix("http://")
    assert_one_error_line(
        done,
        f"redirect from {here} to another host evil.example refused at "
        f"{petitions_server.url}{JSON_PATH}",
    )
    assert len(petitions_server.requests) == 1


def test_a_redirect_to_the_production_site_is_rebased_and_followed(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_route(
        JSON_PATH,
        status=302,
        headers={"Location": f"https://petition.parliament.uk{ARCHIVED_JSON}"},
    )
    with HttpClient(fast_settings) as client:
        record = client.get(JSON_PATH)
    assert record.final_url == f"{petitions_server.url}{ARCHIVED_JSON}"
    assert [r.path for r in petitions_server.requests] == [JSON_PATH, ARCHIVED_JSON]


def test_an_article_may_redirect_on_its_own_host_only(
    petitions_server: PetitionsServer, other_server: PetitionsServer, fast_settings: Settings
) -> None:
    # The article is on another host than the base URL: its own host is the one allowed.
    other_server.add_route("/old", status=301, headers={"Location": "/article"})
    other_server.add_route(
        "/article", body=b"<p>An article.</p>", headers={"Content-Type": "text/html"}
    )
    other_server.add_route(
        "/away", status=302, headers={"Location": f"{petitions_server.url}/article"}
    )
    with HttpClient(fast_settings) as client:
        assert client.get(f"{other_server.url}/old").body == b"<p>An article.</p>"

    done = run_cli(fast_settings, "claims", f"{other_server.url}/away")

    here, there = (s.url.removeprefix("http://") for s in (other_server, petitions_server))
    assert_one_error_line(
        done, f"redirect from {here} to another host {there} refused at {other_server.url}/away"
    )
    assert petitions_server.requests == []
    assert [r.path for r in other_server.requests] == ["/old", "/article", "/away"]


@pytest.mark.parametrize(
    ("current", "target", "problem"),
    [
        ("http://news.example/a", "https://news.example/a", None),
        ("http://news.example/a", "http://news.example:80/b", None),
        ("https://news.example/a", "http://news.example/a", "redirect from https to plain http"),
        ("http://news.example/a", "http://news.example:8080/a", "another host news.example:8080"),
        ("http://news.example/a", "http://cdn.news.example/a", "another host cdn.news.example"),
        ("http://news.example/a", "ftp://news.example/a", "a non-HTTP URL"),
    ],
)
def test_check_redirect(current: str, target: str, problem: str | None) -> None:
    if problem is None:
        check_redirect(current, current, target)
    else:
        with pytest.raises(SourceError, match=problem):
            check_redirect(current, current, target)
