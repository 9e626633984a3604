"""Main-text extraction from web pages (generic heuristics, not site selectors)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from textcheck.errors import InputError
from textcheck.sources.articles import parse_article_html

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
PAGE = (ARTICLES / "atos-norms-article.html").read_bytes()
SEED = (ARTICLES / "seed_004_0855a9cfc6a2eb16.txt").read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Text with all whitespace removed (the seed glues some paragraphs together)."""
    return re.sub(r"\s+", "", text)


def seed_sentences() -> list[str]:
    pieces = re.split(r"(?<=[.!?:])\s+", SEED)
    return [p for p in pieces if len(p.strip()) > 3]


def test_every_seed_sentence_is_in_the_text_in_order() -> None:
    text = squash(parse_article_html(PAGE, source="a.html").text)
    position = 0
    sentences = seed_sentences()
    assert len(sentences) > 15
    for sentence in sentences:
        found = text.find(squash(sentence), position)
        assert found >= 0, sentence
        position = found + 1


@pytest.mark.parametrize(
    "furniture",
    [
        "We use cookies",
        "Related posts",
        "WCA appeals reach record high",
        "Shameful",
        "3 comments",
        "assessor barely looked up",
        "Support us",
        "Twitter",
    ],
)
def test_page_furniture_is_dropped(furniture: str) -> None:
    assert furniture not in parse_article_html(PAGE, source="a.html").text


def test_paragraphs_are_separated_by_blank_lines() -> None:
    text = parse_article_html(PAGE, source="a.html").text
    assert text.startswith("The Spectator Coffeehouse site says")
    assert "\n\nCentres scoring above average" in text
    assert "\n\n\n" not in text


def test_metadata() -> None:
    article = parse_article_html(PAGE, source="a.html")
    assert article.title == "Leaked ATOS 'norms' document: targets by another name?"
    assert article.date == "2012-10-31"
    assert (
        article.canonical_url
        == "https://disability-news.example.org/2012/10/leaked-atos-norms-document/"
    )
    assert article.source == "a.html"
    assert article.content_type == "text/html"


def test_generic_page_with_other_class_names() -> None:
    html = b"""<html><head><title>Statement | Dept</title></head><body>
    <div id="top-menu"><a href="/">Home</a> <a href="/news">News</a></div>
    <div class="gdpr-consent">This site uses cookies. Accept?</div>
    <div id="story"><h1>Statement on assessments</h1>
    <p>The department has never set targets for assessors, and it never will.</p>
    <p>Reports are audited by clinicians, who check quality rather than outcomes.</p>
    <ul><li>Audits sample one report in twenty, chosen at random.</li></ul></div>
    <div class="share-bar"><a href="#">Share on Facebook</a></div>
    <div id="disqus_thread"><p>Comment: rubbish, they clearly do set targets.</p></div>
    </body></html>"""
    article = parse_article_html(html, source="s")
    assert article.text.split("\n\n") == [
        "Statement on assessments",
        "The department has never set targets for assessors, and it never will.",
        "Reports are audited by clinicians, who check quality rather than outcomes.",
        "Audits sample one report in twenty, chosen at random.",
    ]
    assert article.title == "Statement on assessments"


def test_deeply_nested_html_does_not_crash() -> None:
    depth = 10_000
    html = (
        b"<html><body>"
        + b"<div>" * depth
        + b"<p>Deep text, long enough to count as a paragraph.</p>"
        + b"</div>" * depth
        + b"</body></html>"
    )
    article = parse_article_html(html, source="deep")
    assert "Deep text" in article.text


def test_page_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="found no text"):
        parse_article_html(b"<html><body><script>x()</script></body></html>", source="e.html")
