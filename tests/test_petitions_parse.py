"""The pure petitions parsers on recorded fixtures of both JSON eras and both HTML layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textcheck.errors import ParseError
from textcheck.records import Petition, VersionKind
from textcheck.sources.petitions import (
    normalise_paragraphs,
    parse_page_count,
    parse_petition_html,
    parse_petition_json,
    parse_petition_list,
)

PETITIONS = Path(__file__).parent / "fixtures" / "petitions"
CONSTRUCTED = PETITIONS / "constructed"
BASE = "http://127.0.0.1:9"
JSON_FILES = ["archived_petition_241560.json", "archived_petition_241560.legacy.json"]
HTML_FILES = ["archived_petition_241560.html", "archived_petition_241560.redesign.html"]


def load(name: str) -> Petition:
    body = (PETITIONS / name).read_bytes()
    parse = parse_petition_html if name.endswith(".html") else parse_petition_json
    return parse(body, source=f"{BASE}/{name}", base_url=BASE)


@pytest.mark.parametrize("name", JSON_FILES + HTML_FILES)
def test_revised_petition_gives_original_then_revised(name: str) -> None:
    petition = load(name)
    assert petition.id == 241560
    assert [v.version for v in petition.responses] == [VersionKind.ORIGINAL, VersionKind.REVISED]
    original, revised = petition.responses
    assert "six weeks on average" in original.text
    assert "drives consistency" in revised.text
    assert "drives consistency" not in original.text
    assert original.responded_on == "2019-06-20"
    assert revised.responded_on == "2019-09-03"
    assert original.summary == ""
    assert revised.text.startswith(revised.summary + "\n\n")


@pytest.mark.parametrize("name", JSON_FILES + HTML_FILES)
def test_original_is_reassembled_in_part_order_without_markers(name: str) -> None:
    original = load(name).responses[0]
    part1_start = original.text.index("We are committed to ensuring individuals")
    part2_start = original.text.index("We have a relentless focus on quality")
    assert part1_start == 0 < part2_start
    assert "(part 1 of 2)" not in original.text
    assert "This response was given on 20 June 2019" in original.text


def test_eras_and_layouts_give_the_same_texts_and_hashes() -> None:
    petitions = [load(name) for name in JSON_FILES + HTML_FILES]
    first = petitions[0]
    for other in petitions[1:]:
        assert [v.sha256 for v in other.responses] == [v.sha256 for v in first.responses]
        assert other.action == first.action
        assert other.background == first.background
        assert other.additional_details == first.additional_details
        assert other.signature_count == first.signature_count == 13795
        assert other.parliament == first.parliament == "2017-2019"
        assert other.url == f"{BASE}/archived/petitions/241560"


def test_legacy_link_expansion_and_single_newlines_are_undone() -> None:
    legacy = load("archived_petition_241560.legacy.json")
    text = legacy.responses[0].text
    assert "(http://www.gov.uk" not in text
    assert "\r" not in text and "\n\n\n" not in text
    assert text.count("\n\n") >= 5


def test_normalise_paragraphs_rules() -> None:
    assert normalise_paragraphs("a\r\n\r\nb\nc\n") == "a\n\nb\n\nc"
    assert normalise_paragraphs("see www.x.org (http://www.x.org) now") == "see www.x.org now"
    assert normalise_paragraphs(None) == ""


def test_unrevised_response_is_current() -> None:
    page = parse_petition_list(
        (PETITIONS / "archived_petitions_index_page2.json").read_bytes(),
        source="list",
        base_url=BASE,
    )
    with_response = next(p for p in page.petitions if p.id == 250034)
    assert [v.version for v in with_response.responses] == [VersionKind.CURRENT]
    assert with_response.responses[0].responded_on == "2019-09-19"
    rejected = next(p for p in page.petitions if p.id == 243117)
    assert rejected.responses == () and rejected.state == "rejected"


@pytest.mark.parametrize(
    ("name", "next_url", "last"),
    [
        (
            "archived_petitions_index_page1.json",
            "https://petition.parliament.uk/archived/petitions.json?count=2&page=2&parliament=3&q=PIP",
            2,
        ),
        (
            "archived_petitions_index_page1.legacy.json",
            "https://petition.parliament.uk/archived/petitions.json?count=2&page=2&q=PIP",
            2,
        ),
        ("archived_petitions_index_page2.json", None, 2),
    ],
)
def test_list_pages(name: str, next_url: str | None, last: int) -> None:
    body = (PETITIONS / name).read_bytes()
    page = parse_petition_list(body, source=name, base_url=BASE)
    assert page.next_url == next_url
    assert len(page.petitions) == 2
    assert parse_page_count(body, source=name) == last


def test_jersey_ministers_response() -> None:
    body = (CONSTRUCTED / "jersey_petition_200001.json").read_bytes()
    petition = parse_petition_json(body, source="je", base_url="https://petitions.gov.je")
    assert petition.url == "https://petitions.gov.je/petitions/200001"
    assert [v.version for v in petition.responses] == [VersionKind.CURRENT]
    assert petition.responses[0].details.startswith("The Government of Jersey funds meals")
    assert "\n\nA review will report" in petition.responses[0].details
    assert petition.government_response_at == "2023-03-01T12:00:00.000Z"


def test_jersey_misspelt_empty_response() -> None:
    body = (CONSTRUCTED / "jersey_petition_200002.json").read_bytes()
    petition = parse_petition_json(body, source="je", base_url="https://petitions.gov.je")
    assert petition.responses == ()
    assert petition.signature_count == 2417


def test_senedd_petition_without_responses() -> None:
    body = (CONSTRUCTED / "senedd_petition_244001.json").read_bytes()
    petition = parse_petition_json(body, source="cy", base_url="https://petitions.senedd.wales")
    assert petition.responses == ()
    assert petition.state == "completed"
    assert petition.additional_details == ""
    assert petition.background == "Traffic is fast near schools.\n\nChildren are at risk."


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b"<!DOCTYPE html><html><body>Oops</body></html>", "found HTML"),
        (b'{"data": {"type": "petition", "id": 1, "attr', "malformed or truncated JSON"),
        (b"", "found an empty body"),
        (b"[1, 2]", "found a JSON list"),
        (b'{"data": {"type": "topic", "id": 1}}', "found type 'topic'"),
        (b'{"links": {}, "data": []}', "found a petitions list"),
    ],
)
def test_bad_petition_json_is_a_parse_error(body: bytes, found: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_petition_json(body, source="http://h/petitions/1.json", base_url=BASE)
    message = str(error.value)
    assert found in message
    assert "expected" in message and "http://h/petitions/1.json" in message


def test_list_of_wrong_shape_is_a_parse_error() -> None:
    single = (PETITIONS / "archived_petition_241560.json").read_bytes()
    with pytest.raises(ParseError, match="found a single petition"):
        parse_petition_list(single, source="l", base_url=BASE)


def test_html_parser_refuses_json_and_pages_without_a_petition() -> None:
    with pytest.raises(ParseError, match="found JSON"):
        parse_petition_html(b'{"data": {}}', source="p", base_url=BASE)
    with pytest.raises(ParseError, match="expected a petition HTML page"):
        parse_petition_html(b"<html><body><p>hi</p></body></html>", source="p", base_url=BASE)


def test_missing_optional_keys_are_tolerated() -> None:
    document = json.loads((PETITIONS / "archived_petition_241560.json").read_bytes())
    attributes = document["data"]["attributes"]
    for key in ("other_parliamentary_business", "debate_scheduled_on", "topics", "departments"):
        attributes.pop(key)
    document["data"].pop("parliament")
    petition = parse_petition_json(json.dumps(document).encode(), source="s", base_url=BASE)
    assert [v.version for v in petition.responses] == [VersionKind.CURRENT]
    assert petition.parliament is None
