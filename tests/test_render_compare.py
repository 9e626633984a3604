"""Rendering ``compare`` results: the JSON contract, and hostile text staying inert.

Comparisons are built by hand from records, so these tests do not depend on the compare
rules.  The response sentences are from petition 241560's original (20 June 2019) and
revised (3 September 2019) government responses (Open Parliament Licence v3.0).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from textcheck.errors import InputError
from textcheck.records import (
    Comparison,
    Document,
    Evidence,
    Finding,
    FindingKind,
    Role,
    Severity,
)
from textcheck.render.compare import render_compare
from textcheck.render.evidence import mark_spans, side_by_side
from textcheck.render.markdown import escape_markdown
from textcheck.render.terminal import clean_terminal_text, safe_text
from textcheck.render.wording import compare_wording

PETITION = "The Government should carry out a full, independent review of the standard of PIP "
PETITION += "assessments conducted by Atos."
ORIGINAL = (
    "We are committed to ensuring individuals receive high quality, objective and accurate "
    "assessments.\n\nThis cross-provider working guarantees consistency in the understanding "
    "and implementation of PIP policy. It takes six weeks on average to receive a report’s "
    "outcome."
)
REVISED = (
    "We therefore do not believe an independent review is necessary.\n\nThis cross-provider "
    "working drives consistency in the understanding and implementation of PIP policy."
)

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="http://evil.example/"></iframe>',
    "\x1b[31mred alert",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "[bold red]x[/]",
    "[link=http://evil.example]x[/link]",
    "![pic](http://evil.example/p.png) [a](javascript:alert(1)) <http://evil.example> **b** `c`",
    "\u202eevil\u202c | pipe | www.evil.example",
)

DOCUMENT_KEYS = ["role", "label", "source", "date", "sha256", "truncated", "text"]
FINDING_KEYS = ["id", "kind", "severity", "score", "summary", "evidence", "rule"]
EVIDENCE_KEYS = ["role", "quote", "start", "end"]


def evidence(role: Role, text: str, quote: str) -> Evidence:
    """Evidence for the first occurrence of ``quote`` in ``text``."""
    start = text.index(quote)
    return Evidence(role, quote, start, start + len(quote))


def build_comparison(extra: str = "") -> Comparison:
    """The seed pair with ``extra`` (untrusted text) in every field a petition can reach."""
    petition_text = PETITION + extra
    original = ORIGINAL + extra
    documents = (
        Document.build(
            Role.PETITION, petition_text, label=f"Petition 241560{extra}", source="241560"
        ),
        Document.build(
            Role.ORIGINAL,
            original,
            label=f"Original response{extra}",
            source=f"https://petition.example/241560{extra}",
            date="2019-06-20",
        ),
        Document.build(Role.REVISED, REVISED, label="Revised response", source="r.txt"),
    )
    softened = Finding(
        "F1",
        FindingKind.SOFTENED,
        Severity.HIGH,
        0.87654321,
        f"'guarantees consistency' became 'drives consistency'{extra}",
        (
            evidence(Role.ORIGINAL, original, "guarantees consistency in the understanding"),
            evidence(Role.REVISED, REVISED, "drives consistency in the understanding"),
        ),
        "softened.v1",
    )
    unaddressed = Finding(
        "F2",
        FindingKind.REQUEST_UNADDRESSED,
        Severity.MEDIUM,
        0.5,
        "The original response never says whether there will be an independent review.",
        (
            evidence(Role.PETITION, petition_text, petition_text),
            evidence(Role.ORIGINAL, original, original.split("\n")[0]),
        ),
        "request_unaddressed.v1",
    )
    findings = [softened, unaddressed]
    if extra:
        findings.append(
            Finding(
                "F3",
                FindingKind.CLAIM_DROPPED,
                Severity.LOW,
                0.1,
                "Hostile text was dropped.",
                (evidence(Role.ORIGINAL, original, extra),),
                "claim_dropped.v1",
            )
        )
    return Comparison(documents, tuple(findings))


def check_contract(payload: dict[str, Any]) -> None:
    """Assert ``payload`` is a ``textcheck.compare/1`` object (DESIGN.md 3.3)."""
    assert list(payload) == ["schema", "documents", "findings"]
    assert payload["schema"] == "textcheck.compare/1"
    texts = {}
    for doc in payload["documents"]:
        assert list(doc) == DOCUMENT_KEYS
        assert doc["role"] in {r.value for r in Role}
        assert doc["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"])
        assert isinstance(doc["truncated"], bool)
        assert re.fullmatch(r"[0-9a-f]{64}", doc["sha256"])
        assert all(isinstance(doc[k], str) for k in ("label", "source", "text"))
        texts.setdefault(doc["role"], doc["text"])
    for finding in payload["findings"]:
        assert list(finding) == FINDING_KEYS
        assert re.fullmatch(r"F\d+", finding["id"])
        assert finding["kind"] in {k.value for k in FindingKind}
        assert finding["severity"] in {"high", "medium", "low"}
        assert isinstance(finding["score"], float)
        assert finding["score"] == round(finding["score"], 3)
        assert finding["summary"] and re.fullmatch(r"[a-z_]+\.v\d+", finding["rule"])
        for item in finding["evidence"]:
            assert list(item) == EVIDENCE_KEYS
            assert item["quote"] == texts[item["role"]][item["start"] : item["end"]]


def test_json_follows_the_compare_contract() -> None:
    payload = json.loads(render_compare(build_comparison(), "json"))
    check_contract(payload)
    assert [f["id"] for f in payload["findings"]] == ["F1", "F2"]
    assert payload["findings"][0]["score"] == 0.877
    assert payload["documents"][2]["date"] is None


def test_json_keeps_non_ascii_and_is_deterministic() -> None:
    first = render_compare(build_comparison(), "json")
    assert first == render_compare(build_comparison(), "json")
    assert "report’s" in first
    assert first.startswith('{\n  "schema"')


@pytest.mark.parametrize("hostile", HOSTILE)
def test_json_carries_hostile_text_verbatim(hostile: str) -> None:
    payload = json.loads(render_compare(build_comparison(hostile), "json"))
    check_contract(payload)
    assert payload["findings"][2]["evidence"][0]["quote"] == hostile


def html_soup(hostile: str) -> BeautifulSoup:
    return BeautifulSoup(render_compare(build_comparison(hostile), "html"), "html.parser")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_makes_hostile_text_inert(hostile: str) -> None:
    soup = html_soup(hostile)
    assert not soup.find_all(["script", "iframe", "img", "object", "embed", "link", "base"])
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        for name in ("src", "href", "action"):
            assert not str(tag.get(name) or "").strip(), tag
    html = str(soup)
    assert "\x1b" not in html
    assert "\u202e" not in html
    if "[bold red]" in hostile:
        assert "[bold red]x[/]" in soup.get_text()


def test_html_is_self_contained_and_forbids_scripts() -> None:
    soup = html_soup("")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert policy is not None
    assert "default-src 'none'" in policy["content"]
    assert "script-src" not in policy["content"]
    assert soup.find("style") is not None


def test_html_shows_word_changes_and_marks_quotes_in_full_texts() -> None:
    comparison = build_comparison()
    soup = html_soup("")
    assert [d.get_text() for d in soup.find_all("del")] == ["guarantees"]
    assert [i.get_text() for i in soup.find_all("ins")] == ["drives"]
    details = soup.find_all("details")
    assert len(details) == len(comparison.documents)
    marked = {m.get_text() for m in soup.find_all("mark")}
    quotes = {ev.quote for f in comparison.findings for ev in f.evidence}
    assert marked <= quotes
    assert "guarantees consistency in the understanding" in marked
    full_original = details[1].find("div").get_text()
    assert full_original == ORIGINAL


def markdown_html(markdown: str) -> BeautifulSoup:
    """Markdown rendered as CommonMark (raw HTML allowed) plus GFM tables and strikethrough."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return BeautifulSoup(parser.render(markdown), "html.parser")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_makes_hostile_text_inert(hostile: str) -> None:
    markdown = render_compare(build_comparison(hostile), "markdown")
    for raw in ("<script", "<img", "<iframe", "\x1b", "\u202e"):
        assert raw not in markdown
    soup = markdown_html(markdown)
    assert not soup.find_all(["script", "iframe", "img"])
    assert all(a["href"].startswith("#") for a in soup.find_all("a"))
    if "[bold red]" in hostile:
        assert "\\[bold red\\]" in markdown
        assert "[bold red]x[/]" in soup.get_text()


def test_markdown_tables_keep_their_columns_with_pipes_in_text() -> None:
    markdown = render_compare(build_comparison("a | b | c"), "markdown")
    soup = markdown_html(markdown)
    tables = soup.find_all("table")
    assert len(tables) == 2
    for table, columns in zip(tables, (5, 7), strict=True):
        widths = {len(row.find_all(["td", "th"])) for row in table.find_all("tr")}
        assert widths == {columns}


def test_markdown_quotes_are_blockquotes_with_word_changes() -> None:
    soup = markdown_html(render_compare(build_comparison(), "markdown"))
    quotes = [q.get_text(" ", strip=True) for q in soup.find_all("blockquote")]
    assert any("guarantees consistency in the understanding" in q for q in quotes)
    assert [s.get_text() for s in soup.find_all("s")] == ["guarantees"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_output_strips_escapes_and_shows_markup_literally(hostile: str) -> None:
    text = render_compare(build_comparison(hostile), "text", color=False)
    assert "\x1b" not in text
    assert "\u202e" not in text
    for literal in ("[bold red]x[/]", "[link=http://evil.example]x[/link]"):
        if literal in hostile:
            assert literal in text


def test_colored_text_has_only_its_own_styles() -> None:
    hostile = "\x1b[31mred alert \x1b]8;;http://evil.example\x1b\\click"
    text = render_compare(build_comparison(hostile), "text", color=True)
    assert "\x1b[" in text
    assert "\x1b]" not in text
    assert "\x1b[31mred alert" not in text


def test_text_output_lists_documents_and_findings_with_changes() -> None:
    text = render_compare(build_comparison(), "text", color=False)
    for expected in ("Original response", "2019-06-20", "https://petition.example/241560"):
        assert expected in text
    assert "HIGH" in text and "softened" in text and "request_unaddressed" in text
    assert "[-guarantees-]" in text and "{+drives+}" in text


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        render_compare(build_comparison(), "xml")
    expected = "compare output format must be one of text, json, markdown, html, csv, not 'xml'"
    assert str(raised.value) == expected


def test_clean_terminal_text_strips_controls_and_bidi_but_keeps_layout() -> None:
    raw = "a\tb\nc\x1b[2Jd\x07e\u202ef\u2066g\u2069\x9bh\r"
    assert clean_terminal_text(raw) == "a\tb\ncdef" + "gh"


def test_safe_text_never_parses_markup() -> None:
    assert safe_text("[bold red]x[/] \x1b[1mok").plain == "[bold red]x[/] ok"
    assert safe_text("[bold red]x[/]").spans == []


def test_wording_diff_marks_only_changed_words_and_rebuilds_both_sides() -> None:
    before = "This cross-provider working guarantees consistency."
    after = "This  cross-provider working drives consistency."
    diff = compare_wording(before, after)
    assert "".join(s.text for s in diff.before) == before
    assert "".join(s.text for s in diff.after) == after
    assert [s.text for s in diff.before if s.changed] == ["guarantees"]
    assert [s.text for s in diff.after if s.changed] == ["drives"]
    assert 0.5 < diff.similarity < 1.0


def test_unrelated_quotes_are_shown_plain() -> None:
    comparison = build_comparison()
    unaddressed = comparison.findings[1]
    columns = side_by_side(unaddressed, comparison.documents)
    assert [c.change for c in columns] == [None, None]
    softened = side_by_side(comparison.findings[0], comparison.documents)
    assert [c.change for c in softened] == ["delete", "insert"]


def test_marked_spans_rebuild_the_text_and_cover_every_quote() -> None:
    comparison = build_comparison()
    original = comparison.documents[1]
    spans = mark_spans(original, comparison.findings, comparison.documents)
    assert "".join(s.text for s in spans) == original.text
    position = 0
    for span in spans:
        for finding in comparison.findings:
            for ev in finding.evidence:
                inside = ev.start <= position and position + len(span.text) <= ev.end
                if ev.role == Role.ORIGINAL and inside:
                    assert finding.id in span.finding_ids
        position += len(span.text)


def test_escape_markdown_breaks_links_and_line_markers() -> None:
    escaped = escape_markdown("- item\n1. first\n[x](http://e.example) a@b.example")
    soup = markdown_html(escaped)
    assert not soup.find_all(["a", "ul", "ol"])
    assert soup.get_text().strip() == "- item\n1. first\n[x](http://e.example) a@b.example"


def test_escape_markdown_breaks_gfm_autolinks() -> None:
    """GFM turns bare ``www.``/``scheme://`` text into links; the escaped text must not match."""
    escaped = escape_markdown("see www.evil.example or https://evil.example/x")
    assert "www." not in escaped
    assert re.search(r"[a-z]://", escaped) is None
