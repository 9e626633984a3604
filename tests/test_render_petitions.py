"""Rendering fetch and crawl results: contract JSON and terminal-safe text."""

from __future__ import annotations

import json

from textcheck.api import CrawlResult
from textcheck.records import Petition, ResponseVersion, VersionKind
from textcheck.render.petitions import crawl_progress, render_crawl, render_petitions

HOSTILE = Petition(
    id=5,
    url="https://petition.parliament.uk/petitions/5",
    action="Stop \x1b[2J\x1b[31mthis\x1b[0m now",
    responses=(
        ResponseVersion.build(
            VersionKind.CURRENT,
            responded_on=None,
            summary="Fine \x1b]0;owned\x07words.",
            details="Café £3 ’quoted’.",
            source="https://petition.parliament.uk/petitions/5.json",
        ),
    ),
)


def test_text_strips_terminal_control_sequences() -> None:
    text = render_petitions([HOSTILE], "text")
    assert "\x1b" not in text and "\x07" not in text
    assert "Petition 5: Stop this now" in text
    assert "Current response (undated):" in text
    assert "Fine words." in text


def test_json_keeps_unicode_and_raw_text() -> None:
    rendered = render_petitions([HOSTILE], "json")
    assert "Café £3 ’quoted’." in rendered
    [petition] = json.loads(rendered)["petitions"]
    assert petition["action"] == HOSTILE.action
    assert petition["responses"][0]["sha256"] == HOSTILE.responses[0].sha256
    assert petition["responses"][0]["responded_on"] is None


def test_crawl_json_and_text() -> None:
    result = CrawlResult((3, 1, 2), 2, ("page 3: \x1b[31mbad\x1b[0m",))
    payload = json.loads(render_crawl(result, "json"))
    assert payload == {
        "schema": "textcheck.crawl/1",
        "petitions": [3, 1, 2],
        "pages": 2,
        "errors": ["page 3: \x1b[31mbad\x1b[0m"],
    }
    text = render_crawl(result, "text")
    assert text.splitlines() == [
        "Stored 3 petitions from 2 pages.",
        "Petitions: 3, 1, 2",
        "1 page failed: see the errors.",
    ]
    assert "bad" not in text


def test_progress_is_silent_off_a_terminal() -> None:
    with crawl_progress() as progress:
        assert progress is None
