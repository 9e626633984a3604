"""parse_bytes: what a file is, how it is decoded, and clean errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from textcheck.errors import InputError
from textcheck.records import Article, Petition, VersionKind
from textcheck.sources.files import decode_text, parse_bytes, strip_markdown

FIXTURES = Path(__file__).parent / "fixtures"


def test_saved_petition_json_becomes_a_petition() -> None:
    body = (FIXTURES / "petitions" / "archived_petition_241560.json").read_bytes()
    result = parse_bytes(body, source="saved.json")
    assert isinstance(result, Petition)
    assert result.url == "https://petition.parliament.uk/archived/petitions/241560"
    assert [v.version for v in result.responses] == [VersionKind.ORIGINAL, VersionKind.REVISED]


def test_saved_jersey_json_keeps_its_host() -> None:
    body = (FIXTURES / "petitions" / "constructed" / "jersey_petition_200001.json").read_bytes()
    result = parse_bytes(body, source="je.json")
    assert isinstance(result, Petition)
    assert result.url.startswith("https://petitions.gov.je/")


def test_html_becomes_an_article() -> None:
    body = (FIXTURES / "articles" / "atos-norms-article.html").read_bytes()
    result = parse_bytes(body, source="a.html")
    assert isinstance(result, Article)
    assert "We use cookies" not in result.text
    assert "ATOS Healthcare does not have targets." in result.text


def test_html_by_content_type() -> None:
    result = parse_bytes(
        b"<p>A statement of some length for the test.</p>",
        source="u",
        content_type="text/html; charset=utf-8",
    )
    assert isinstance(result, Article) and result.content_type == "text/html"
    assert result.text == "A statement of some length for the test."


def test_markdown_is_stripped_lightly() -> None:
    body = (
        b"# Heading\n\nSome **bold** and *em* text with a [link](http://x.org).\n\n"
        b"- first item\n- second item\n"
    )
    result = parse_bytes(body, source="notes.md")
    assert isinstance(result, Article)
    assert result.content_type == "text/markdown"
    assert (
        result.text == "Heading\n\nSome bold and em text with a link.\n\nfirst item\n\nsecond item"
    )


def test_strip_markdown_keeps_blockquote_text() -> None:
    assert strip_markdown("> quoted line\n> more\n\nafter") == "quoted line more\n\nafter"


def test_plain_text_keeps_paragraphs() -> None:
    result = parse_bytes(b"First paragraph.\r\n\r\nSecond paragraph.\r\n", source="t.txt")
    assert isinstance(result, Article)
    assert result.text == "First paragraph.\n\nSecond paragraph."
    assert result.content_type == "text/plain"


def test_windows_1252_text_is_decoded() -> None:
    body = "The DWP said \u201cno targets\u201d \u2013 caf\u00e9.".encode("cp1252")
    result = parse_bytes(body, source="w.txt")
    assert isinstance(result, Article)
    assert result.text == "The DWP said \u201cno targets\u201d \u2013 caf\u00e9."


def test_utf8_bom_is_dropped() -> None:
    assert decode_text("\ufeffhello".encode(), source="b") == "hello"


@pytest.mark.parametrize("body", [b"", b"   \n\t\n"])
def test_empty_input(body: bytes) -> None:
    with pytest.raises(InputError) as error:
        parse_bytes(body, source="empty.txt")
    assert str(error.value) == "empty.txt is empty"


def test_binary_input() -> None:
    with pytest.raises(InputError) as error:
        parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", source="image.png")
    assert str(error.value) == "image.png is binary: expected text, found NUL bytes"


def test_ten_megabytes_of_text() -> None:
    sentence = b"The department monitors assessment quality closely. "
    body = (sentence * 20 + b"\n\n") * (10_000_000 // (len(sentence) * 20 + 2) + 1)
    result = parse_bytes(body, source="big.txt")
    assert isinstance(result, Article)
    assert len(result.text) > 9_000_000
