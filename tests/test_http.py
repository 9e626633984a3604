"""HttpClient against the local petitions server: redirects, caching, retries, faults."""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path

import pytest

from tests.server import Fault, PetitionsServer
from textcheck.errors import NetworkError, NotFoundError, SourceError
from textcheck.settings import Settings
from textcheck.sources.http import HttpClient, cache_path_for, parse_retry_after, rebase_url

ARCHIVED_JSON = "/archived/petitions/241560.json"


def test_redirect_is_followed_and_rebased(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    with HttpClient(fast_settings) as client:
        record = client.get("https://petition.parliament.uk/petitions/241560.json")
    assert record.status == 200
    assert record.url == f"{petitions_server.url}/petitions/241560.json"
    assert record.final_url == f"{petitions_server.url}{ARCHIVED_JSON}"
    assert (
        record.body
        == (Path(__file__).parent / "fixtures/petitions/archived_petition_241560.json").read_bytes()
    )
    assert [r.path for r in petitions_server.requests] == ["/petitions/241560.json", ARCHIVED_JSON]


def test_user_agent_is_sent(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    with HttpClient(replace(fast_settings, user_agent="textcheck-test/1")) as client:
        client.get(ARCHIVED_JSON)
    assert petitions_server.requests[0].header("User-Agent") == "textcheck-test/1"


@pytest.mark.parametrize(
    ("routes", "header", "validator"),
    [
        ("routes.json", "If-Modified-Since", "Tue, 03 Sep 2019 14:22:07 GMT"),
        ("routes.legacy.json", "If-None-Match", 'W/"06f42412d5fb120e7b467e366e0847b3"'),
    ],
)
def test_second_fetch_is_conditional_and_304_reuses_the_body(
    petitions_server: PetitionsServer,
    fast_settings: Settings,
    routes: str,
    header: str,
    validator: str,
) -> None:
    petitions_server.use_routes(routes)
    with HttpClient(fast_settings) as client:
        first = client.get(ARCHIVED_JSON)
        second = client.get(ARCHIVED_JSON)
    assert not first.not_modified
    assert second.not_modified
    assert second.status == 200
    assert second.body == first.body
    requests = petitions_server.requests_for(ARCHIVED_JSON)
    assert requests[0].header(header) is None
    assert requests[1].header(header) == validator


def test_cache_is_kept_beside_the_store(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    class FakeStore:
        pass

    with HttpClient(fast_settings, store=FakeStore()) as client:  # type: ignore[arg-type]
        client.get(ARCHIVED_JSON)
    with HttpClient(fast_settings, store=FakeStore()) as client:  # type: ignore[arg-type]
        again = client.get(ARCHIVED_JSON)
    assert cache_path_for(fast_settings.db).exists()
    assert cache_path_for(fast_settings.db).name == "t.http-cache.sqlite"
    assert again.not_modified


def test_503_with_retry_after_then_200(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.http_status(503, {"Retry-After": "1"})])
    with HttpClient(replace(fast_settings, max_retry_after_s=1.0)) as client:
        record = client.get(ARCHIVED_JSON)
    assert record.status == 200
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 2


def test_429_is_retried(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.http_status(429), Fault.http_status(429)])
    with HttpClient(fast_settings) as client:
        assert client.get(ARCHIVED_JSON).status == 200
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 3


def test_500_forever_fails_naming_the_url(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.http_status(500, forever=True)])
    with HttpClient(fast_settings) as client, pytest.raises(SourceError) as error:
        client.get(ARCHIVED_JSON)
    assert f"{petitions_server.url}{ARCHIVED_JSON}" in str(error.value)
    assert "HTTP 500" in str(error.value)
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == fast_settings.retries + 1


def test_truncated_body_is_a_source_error(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.truncated(forever=True)])
    with HttpClient(fast_settings) as client, pytest.raises(SourceError, match="truncated"):
        client.get(ARCHIVED_JSON)


def test_slow_response_is_a_network_error(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, retries=0)
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.delay(settings.read_timeout_s + 1.0)])
    with HttpClient(settings) as client, pytest.raises(NetworkError, match="timeout"):
        client.get(ARCHIVED_JSON)


@pytest.mark.parametrize(("status", "word"), [(404, "not found"), (410, "removed")])
def test_404_and_410_are_not_retried(
    petitions_server: PetitionsServer, fast_settings: Settings, status: int, word: str
) -> None:
    petitions_server.add_route("/petitions/1.json", status=status, body=b"gone")
    with HttpClient(fast_settings) as client, pytest.raises(NotFoundError) as error:
        client.get("/petitions/1.json", what="petition")
    assert str(error.value) == (
        f"petition {word} (HTTP {status}) at {petitions_server.url}/petitions/1.json"
    )
    assert len(petitions_server.requests_for("/petitions/1.json")) == 1


@pytest.mark.parametrize("status", [400, 403])
def test_other_4xx_is_a_source_error_without_retry(
    petitions_server: PetitionsServer, fast_settings: Settings, status: int
) -> None:
    petitions_server.add_route("/petitions/x.json", status=status)
    with HttpClient(fast_settings) as client, pytest.raises(SourceError, match=f"HTTP {status}"):
        client.get("/petitions/x.json")
    assert len(petitions_server.requests_for("/petitions/x.json")) == 1


def test_unreachable_host_is_a_network_error(fast_settings: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = replace(fast_settings, base_url=f"http://127.0.0.1:{port}", retries=1)
    with HttpClient(settings) as client, pytest.raises(NetworkError) as error:
        client.get("/petitions/1.json")
    assert f"http://127.0.0.1:{port}/petitions/1.json" in str(error.value)


def test_requests_to_one_host_keep_the_minimum_delay(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, delay_s=0.2)
    with HttpClient(settings) as client:
        for _ in range(3):
            client.get(ARCHIVED_JSON)
    times = [r.at for r in petitions_server.requests]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert len(gaps) == 2
    assert min(gaps) >= 0.2


def test_too_many_redirects(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    petitions_server.add_route("/loop", status=302, headers={"Location": "/loop"})
    with (
        HttpClient(fast_settings) as client,
        pytest.raises(SourceError, match="too many redirects"),
    ):
        client.get("/loop")
    assert len(petitions_server.requests_for("/loop")) == 6


def test_rebase_url() -> None:
    base = "http://127.0.0.1:8000"
    assert rebase_url("https://petition.parliament.uk/a.json?x=1", base) == f"{base}/a.json?x=1"
    assert rebase_url("/petitions/1", base) == f"{base}/petitions/1"
    assert rebase_url("https://example.org/page", base) == "https://example.org/page"


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert (
        parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now)
        == 30.0
    )
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_retry_after_up_to_the_cap_is_honoured(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, max_retry_after_s=1.0, backoff_s=0.0)
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.http_status(503, {"Retry-After": "1"})])
    with HttpClient(settings) as client:
        assert client.get(ARCHIVED_JSON).status == 200
    first, second = (r.at for r in petitions_server.requests_for(ARCHIVED_JSON))
    assert second - first >= 1.0


def test_retry_after_above_the_cap_gives_up_at_once(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    settings = replace(fast_settings, max_retry_after_s=0.3)
    petitions_server.add_fault(ARCHIVED_JSON, [Fault.http_status(503, {"Retry-After": "30"})])
    with HttpClient(settings) as client, pytest.raises(SourceError) as error:
        client.get(ARCHIVED_JSON)
    assert str(error.value) == (
        f"expected a successful response from {petitions_server.url}{ARCHIVED_JSON}, found "
        "HTTP 503; the site asks to retry after 30 s, more than the limit of 0.3 s "
        "(TEXTCHECK_MAX_RETRY_AFTER_S)"
    )
    assert len(petitions_server.requests_for(ARCHIVED_JSON)) == 1
