"""Reading a file or a byte string: plain text, Markdown, HTML or saved petitions JSON.

Pure: bytes in, records out.  What a body is comes from its content type when one is
given, else from its first bytes: a JSON object with a petition ``data`` member is saved
petitions-API output; ``<html``/``<!doctype``/a leading tag is HTML; Markdown is recognised
by its line syntax (headings, list markers, emphasis, links); anything else is plain text.

JSON that is not petitions-API JSON is refused, never read as prose: a ``.json`` source (or
an ``application/json`` body) must be petitions-API JSON, and any body that parses as a JSON
object or list is one.

Text with a UTF-32 or UTF-16 byte order mark is decoded by it; other text as UTF-8 (BOM
allowed), then Windows-1252, then Latin-1 (which never fails, so it is only accepted when the
result has no control characters); bytes with NUL in them are binary and refused.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from textcheck.errors import InputError, describe_undecodable
from textcheck.records import Article, Petition
from textcheck.settings import DEFAULT_BASE_URL

HTML_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<(?:div|p|article)\b)", re.I
)
# Markdown line syntax (CommonMark): ATX headings, list items, block quotes, fences, links.
MARKDOWN_LINE = re.compile(
    r"^(?:#{1,6}\s|\s{0,3}[-*+]\s|\s{0,3}\d+[.)]\s|>\s?|```|~~~)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*",
    re.MULTILINE,
)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Byte order marks that name a text's encoding; UTF-32 first (its LE mark starts like UTF-16's).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(body: bytes, *, source: str) -> str:
    """Decode ``body`` as text or raise InputError saying it is binary or undecodable."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if body.startswith(mark):
            try:
                return body.decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"cannot read {source}: not {encoding.upper()} text though it starts with "
                    f"a {encoding.upper()} byte order mark ({describe_undecodable(exc)})"
                ) from exc
    if b"\x00" in body[:65536]:
        raise InputError(f"{source} is binary: expected text, found NUL bytes")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = describe_undecodable(exc)
    for encoding in ("cp1252", "latin-1"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not CONTROL_CHARS.search(text):
            return text
    raise InputError(
        f"{source} is binary: expected text (UTF-8, Windows-1252 or Latin-1), "
        f"found undecodable bytes ({where} is not UTF-8)"
    )


def _json_kind(value: Any) -> str:
    """What a JSON value is, in words: ``a list``, ``an object without data.attributes``."""
    if isinstance(value, dict):
        data = value.get("data")
        if isinstance(data, list):
            return "an object whose data is a list, not one petition"
        if "data" in value and not isinstance(data, dict):
            return f"an object whose data is {_json_kind(data)}"
        if isinstance(data, dict) and "attributes" in data:
            return f"an object whose data.attributes is {_json_kind(data['attributes'])}"
        return "an object without data.attributes"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "null"


def _petitions_json(body: bytes, *, source: str, expected: bool) -> dict[str, Any] | None:
    """The decoded document when ``body`` is saved petitions-API JSON, else None.

    Raises InputError when ``body`` is a JSON object or list that is not petitions-API JSON,
    and, when JSON is ``expected`` (a ``.json`` source or ``application/json`` body), when it
    is not JSON at all.  Anything else is left for the text parsers (None).
    """
    if not expected and not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return None
    problem = f"expected petitions-API JSON in {source}, found"
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        if not expected:
            return None
        raise InputError(
            f"{problem} bytes that are not UTF-8 ({describe_undecodable(exc)})"
        ) from exc
    except json.JSONDecodeError as exc:
        if not expected:
            return None
        raise InputError(
            f"{problem} invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise InputError(f"{problem} JSON nested too deeply to read") from exc
    data = document.get("data") if isinstance(document, dict) else None
    if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
        return document
    raise InputError(f"{problem} {_json_kind(document)}")


def _base_url_from_links(document: dict[str, Any]) -> str:
    links = document.get("links")
    self_url = links.get("self") if isinstance(links, dict) else None
    if isinstance(self_url, str):
        match = re.match(r"(https?://[^/]+)", self_url)
        if match:
            return match.group(1)
    return DEFAULT_BASE_URL


def strip_markdown(text: str) -> str:
    """Markdown reduced to its text: markup removed lightly, paragraphs kept.

    Headings lose their ``#``, list items their markers, links keep their text, emphasis
    and code marks go; fences and HTML comments are dropped.  Paragraphs (blocks separated by
    blank lines, and each heading or list item) are joined by a blank line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*\[[^\]]+\]:\s*\S+.*$", "", text, flags=re.MULTILINE)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line.startswith(("```", "~~~")) or re.fullmatch(r"[-*_=]{3,}", line):
            flush()
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*$", line)
        item = re.match(r"(?:[-*+]|\d+[.)])\s+(.*)", line)
        if heading or item:
            flush()
            current.append((heading or item).group(1))  # type: ignore[union-attr]
            flush()
            continue
        current.append(re.sub(r"^>\s?", "", line))
    flush()
    cleaned = [re.sub(r"(\*\*|__|`)", "", p) for p in paragraphs]
    cleaned = [re.sub(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])", r"\1", p) for p in cleaned]
    return "\n\n".join(p.strip() for p in cleaned if p.strip())


def _plain_paragraphs(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n+", text)
    return "\n\n".join(b.strip() for b in blocks if b.strip())


def parse_bytes(body: bytes, *, source: str, content_type: str | None = None) -> Petition | Article:
    """Detect what ``body`` is and parse it; raise InputError for empty or binary input."""
    if not body.strip():
        raise InputError(f"{source} is empty")
    kind = (content_type or "").split(";")[0].strip().lower()
    expected = kind == "application/json" or (
        kind in ("", "text/plain") and source.lower().endswith(".json")
    )
    document = (
        _petitions_json(body, source=source, expected=expected)
        if kind in ("", "application/json", "text/plain")
        else None
    )
    # The HTML parsers import BeautifulSoup (about 0.1 s): only when the input needs them.
    if document is not None:
        from textcheck.sources.petitions import parse_petition_json

        return parse_petition_json(body, source=source, base_url=_base_url_from_links(document))
    if kind in ("text/html", "application/xhtml+xml") or (not kind and HTML_START.match(body)):
        from textcheck.sources.articles import parse_article_html

        decode_text(body, source=source)
        return parse_article_html(body, source=source)
    text = decode_text(body, source=source)
    if not kind and body.startswith(tuple(m for m, _ in BYTE_ORDER_MARKS)):
        # UTF-16/32 HTML: its tags only show once decoded.  It goes on as UTF-8 with a BOM,
        # which the HTML parser trusts over a <meta charset> that still says UTF-16.
        as_utf8 = ("\ufeff" + text).encode("utf-8")
        if HTML_START.match(as_utf8.removeprefix(codecs.BOM_UTF8)):
            from textcheck.sources.articles import parse_article_html

            return parse_article_html(as_utf8, source=source)
    if kind == "text/markdown" or (kind in ("", "text/plain") and _looks_markdown(text, source)):
        return Article(text=strip_markdown(text), source=source, content_type="text/markdown")
    plain = _plain_paragraphs(text)
    if not plain:
        raise InputError(f"{source} is empty")
    return Article(text=plain, source=source, content_type="text/plain")


def _looks_markdown(text: str, source: str) -> bool:
    if source.lower().endswith((".md", ".markdown")):
        return True
    return len(MARKDOWN_LINE.findall(text[:20000])) >= 2
