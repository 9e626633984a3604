"""fetch_petition and crawl_petitions against the local petitions server."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.server import Fault, PetitionsServer
from textcheck.errors import NotFoundError, ParseError
from textcheck.records import VersionKind
from textcheck.settings import Settings
from textcheck.sources.crawler import CrawlQuery, crawl_petitions, fetch_petition, list_page_url
from textcheck.sources.http import HttpClient

PETITIONS = Path(__file__).parent / "fixtures" / "petitions"
PIP_IDS = {229901, 241560, 243117, 250034}
BUGGY_NEXT = "/archived/petitions.json?count=2&page=2&q=PIP"


@pytest.mark.parametrize("routes", ["routes.json", "routes.legacy.json"])
def test_fetch_revised_petition_via_redirect(
    petitions_server: PetitionsServer, fast_settings: Settings, routes: str
) -> None:
    petitions_server.use_routes(routes)
    with HttpClient(fast_settings) as client:
        fetched = fetch_petition(client, 241560, fast_settings)
    versions = fetched.petition.responses
    assert [v.version for v in versions] == [VersionKind.ORIGINAL, VersionKind.REVISED]
    assert "six weeks on average" in versions[0].text
    assert "drives consistency" in versions[1].text
    assert fetched.fetches[-1].final_url == f"{petitions_server.url}/archived/petitions/241560.json"
    assert fetched.petition.url == f"{petitions_server.url}/archived/petitions/241560"


def test_both_eras_fetch_the_same_hashes(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    hashes = []
    for routes in ("routes.json", "routes.legacy.json"):
        petitions_server.use_routes(routes)
        with HttpClient(fast_settings) as client:
            fetched = fetch_petition(client, 241560, fast_settings)
        hashes.append([v.sha256 for v in fetched.petition.responses])
    assert hashes[0] == hashes[1]


def test_missing_related_activity_falls_back_to_the_html_page(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    document = json.loads((PETITIONS / "archived_petition_241560.json").read_bytes())
    document["data"]["attributes"].pop("other_parliamentary_business")
    petitions_server.add_route(
        "/archived/petitions/241560.json",
        body=json.dumps(document).encode(),
        headers={"Content-Type": "application/json"},
    )
    with HttpClient(fast_settings) as client:
        fetched = fetch_petition(client, 241560, fast_settings)
    assert [v.version for v in fetched.petition.responses] == [
        VersionKind.ORIGINAL,
        VersionKind.REVISED,
    ]
    assert fetched.fetches[-1].final_url == f"{petitions_server.url}/archived/petitions/241560"


@pytest.mark.parametrize("fault", [Fault.html(), Fault.http_status(406)])
def test_unavailable_json_falls_back_to_the_html_page(
    petitions_server: PetitionsServer, fast_settings: Settings, fault: Fault
) -> None:
    petitions_server.add_fault("/archived/petitions/241560.json", [fault])
    with HttpClient(fast_settings) as client:
        fetched = fetch_petition(client, 241560, fast_settings)
    assert len(fetched.petition.responses) == 2
    assert fetched.petition.action == "Investigate Atos PIP assessments."


def test_unknown_petition_is_not_found(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    with HttpClient(fast_settings) as client, pytest.raises(NotFoundError) as error:
        fetch_petition(client, 1, fast_settings)
    assert str(error.value) == (
        f"petition not found (HTTP 404) at {petitions_server.url}/petitions/1.json"
    )


@pytest.mark.parametrize("routes", ["routes.json", "routes.legacy.json"])
def test_crawl_keeps_the_parliament_filter(
    petitions_server: PetitionsServer, fast_settings: Settings, routes: str
) -> None:
    petitions_server.use_routes(routes)
    seen_progress: list[tuple[int, int | None]] = []
    query = CrawlQuery(archived=True, parliament=3, query="PIP")
    with HttpClient(fast_settings) as client:
        pages = list(
            crawl_petitions(
                client, query, fast_settings, progress=lambda n, t: seen_progress.append((n, t))
            )
        )
    ids = [p.id for page in pages for p in page.petitions]
    assert set(ids) == PIP_IDS and len(ids) == 4
    assert all(not page.errors for page in pages)
    assert petitions_server.requests_for(BUGGY_NEXT) == []
    assert seen_progress == [(1, 2), (2, 2)]
    assert all("parliament=3" in r.path for r in petitions_server.requests)


def test_crawl_stops_at_max_pages(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    query = CrawlQuery(archived=True, parliament=3, query="PIP", max_pages=1)
    with HttpClient(fast_settings) as client:
        pages = list(crawl_petitions(client, query, fast_settings))
    assert len(pages) == 1
    assert len(petitions_server.requests) == 1


def test_crawl_deduplicates_ids(petitions_server: PetitionsServer, fast_settings: Settings) -> None:
    page1 = (PETITIONS / "archived_petitions_index_page1.json").read_bytes()
    page2 = json.loads((PETITIONS / "archived_petitions_index_page2.json").read_bytes())
    page2["data"][0] = json.loads(page1)["data"][0]
    petitions_server.add_route(
        "/archived/petitions.json?count=2&page=2&parliament=3&q=PIP",
        body=json.dumps(page2).encode(),
    )
    query = CrawlQuery(archived=True, parliament=3, query="PIP")
    with HttpClient(fast_settings) as client:
        ids = [
            p.id for page in crawl_petitions(client, query, fast_settings) for p in page.petitions
        ]
    assert sorted(ids) == [229901, 241560, 243117]


def test_crawl_reports_a_broken_page_as_an_error(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault(
        "/archived/petitions.json?count=2&page=2&parliament=3&q=PIP", [Fault.html()]
    )
    query = CrawlQuery(archived=True, parliament=3, query="PIP")
    with HttpClient(fast_settings) as client:
        pages = list(crawl_petitions(client, query, fast_settings))
    assert [len(p.petitions) for p in pages] == [2, 0]
    assert "found HTML" in pages[1].errors[0]


def test_crawl_stops_on_empty_data(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_route(
        "/petitions.json?count=2&state=open",
        body=json.dumps(
            {"links": {"next": "https://petition.parliament.uk/petitions.json?page=2"}, "data": []}
        ).encode(),
    )
    with HttpClient(fast_settings) as client:
        pages = list(crawl_petitions(client, CrawlQuery(state="open"), fast_settings))
    assert len(pages) == 1 and pages[0].petitions == ()


def test_list_page_url_sorts_keys_and_omits_page_one(fast_settings: Settings) -> None:
    query = CrawlQuery(archived=True, parliament=3, state="published", query="PIP")
    settings = replace(fast_settings, page_size=50)
    assert list_page_url(query, settings, 1) == (
        "/archived/petitions.json?count=50&parliament=3&q=PIP&state=published"
    )
    assert "page=3" in list_page_url(query, settings, 3)


def test_json_problem_is_reported_when_the_page_fails_too(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    petitions_server.add_fault("/archived/petitions/241560.json", [Fault.html(forever=True)])
    petitions_server.add_route("/archived/petitions/241560", status=404)
    with HttpClient(fast_settings) as client, pytest.raises(ParseError) as error:
        fetch_petition(client, 241560, fast_settings)
    url = f"{petitions_server.url}/archived/petitions/241560.json"
    assert str(error.value) == f"expected petition JSON at {url}, found HTML"
