"""The main text of a web page: a pure parser from HTML bytes to an ``Article``.

Generic heuristics in the tradition of Arc90 Readability (also used by readability-lxml and,
in spirit, trafilatura), not selectors for any one site:

1. drop what is never article text: scripts, styles, forms, ``nav``/``header``/``footer``/
   ``aside`` elements, and elements whose class or id names page furniture (``JUNK_HINTS``:
   cookie banners, comments, related links, share bars, sidebars, ...);
2. find the leaf text blocks (paragraphs, list items, blockquote text, headings, bare text
   divs) and score each block's parent by its text (length and commas), discounted by how much
   of it is link text; grandparents get half;
3. take the best-scoring container, plus siblings that score nearly as well, and emit its
   blocks in document order, one paragraph each, separated by a blank line.

Title, date and canonical URL come from the page's own metadata (``og:``/``article:`` meta,
``<time datetime>``, ``<link rel=canonical>``), falling back to ``<h1>``/``<title>``.

Bounded work: a page over ``MAX_INPUT_BYTES`` is refused before anything is parsed; the text
of every page is first measured by a linear tag-stripping pass, and a page with more text than
``MAX_TEXT_CHARS`` is refused before a tree is built (building BeautifulSoup's tree costs about
50 microseconds an element); a page with more than ``MAX_TREE_ELEMENTS`` elements is read as
that tag-stripped text, with a warning, instead of being scored.  Every pass over the tree is
linear in its size (elements are removed by index, metadata is gathered in one walk).
"""

from __future__ import annotations

import html as html_entities
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from textcheck.errors import InputError
from textcheck.records import MAX_INPUT_BYTES, MAX_TEXT_CHARS, Article

MAX_TREE_ELEMENTS = 50_000
"""Most elements (start tags) in a page whose main text is found by scoring its tree; about
3 s of work at that size.  Article pages have 1,000 to 10,000; a larger page is read as its
tag-stripped text (every paragraph, page furniture included) and a warning says so."""
# A start tag: "<" then a letter (end tags, comments and doctypes are not elements).
_START_TAG = re.compile(rb"<[A-Za-z]")
# Headings in article/main looked at for the title: a page has a few; thousands are junk.
_MAX_TITLE_HEADINGS = 100

_log = logging.getLogger(__name__)

# Elements that never hold article text.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "form",
    "button",
    "select",
    "input",
    "nav",
    "header",
    "footer",
    "aside",
    "menu",
    "dialog",
)
# Class/id words naming page furniture (Readability's "unlikely candidates" list, trimmed
# and extended with consent-banner names seen on UK sites).  Matched against the words of a
# class or id split on '-', '_' and spaces, so "entry-content" does not match "content-nav".
JUNK_HINTS = frozenset(
    {
        "advert",
        "advertisement",
        "ads",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "comment",
        "comments",
        "consent",
        "cookie",
        "cookies",
        "disqus",
        "footer",
        "gdpr",
        "masthead",
        "menu",
        "modal",
        "nav",
        "navbar",
        "newsletter",
        "pagination",
        "popup",
        "promo",
        "related",
        "respond",
        "share",
        "sharing",
        "sidebar",
        "skip",
        "social",
        "sponsored",
        "subscribe",
        "tags",
        "widget",
    }
)
# Containers never dropped by a class hint (a body class often mentions a cookie banner).
KEEP_TAGS = frozenset({"html", "body", "main", "article"})
BLOCK_TAGS = frozenset(
    {"p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td"}
)
CONTAINER_TAGS = frozenset(
    {"div", "article", "main", "section", "td", "body", "blockquote", "ul", "ol"}
)
MIN_BLOCK_CHARS = 25
MAX_LINK_DENSITY = 0.5
SIBLING_SHARE = 0.2


def _words(tag: Tag) -> set[str]:
    values: list[str] = []
    for attribute in ("class", "id", "role"):
        value = tag.get(attribute)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(str(v) for v in value)
    return {w for v in values for w in re.split(r"[\s_\-]+", v.lower()) if w}


def _is_junk(tag: Tag) -> bool:
    if tag.name in KEEP_TAGS:
        return False
    return bool(_words(tag) & JUNK_HINTS)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _link_density(tag: Tag, text_length: int) -> float:
    if text_length == 0:
        return 0.0
    linked = sum(len(_clean(a.get_text())) for a in tag.find_all("a"))
    return linked / text_length


def _leaf_blocks(root: Tag) -> list[Tag]:
    """Blocks holding text directly: block elements with no block element inside them.

    One pass up from every block marks its ancestors, so deep pages stay linear.
    """
    block_like = BLOCK_TAGS | {"div"}
    tags = [tag for tag in root.find_all(True) if tag.name in block_like]
    has_inner: set[int] = set()
    for tag in tags:
        parent = tag.parent
        while isinstance(parent, Tag) and id(parent) not in has_inner:
            has_inner.add(id(parent))
            if parent is root:
                break
            parent = parent.parent
    return [
        tag
        for tag in tags
        if id(tag) not in has_inner and (tag.name != "div" or _clean(tag.get_text()))
    ]


def _extract_all(nodes: Iterable[PageElement]) -> None:
    """Remove ``nodes`` from the tree, each parent's children scanned once.

    ``PageElement.extract()`` alone finds a node's index by scanning its parent's children,
    which is quadratic for many removed siblings (50,000 cookie-banner divs); removing them
    from the last to the first with their index keeps every earlier index valid.
    """
    by_parent: dict[int, tuple[Tag, set[int]]] = {}
    for node in nodes:
        parent = node.parent
        if parent is not None:
            by_parent.setdefault(id(parent), (parent, set()))[1].add(id(node))
    for parent, doomed in by_parent.values():
        for index in range(len(parent.contents) - 1, -1, -1):
            if id(parent.contents[index]) in doomed:
                parent.contents[index].extract(_self_index=index)


def _strip_furniture(soup: BeautifulSoup) -> None:
    comments = soup.find_all(string=lambda s: isinstance(s, Comment))
    doomed = [tag for tag in soup.find_all(True) if tag.name in DROP_TAGS or _is_junk(tag)]
    _extract_all([*comments, *doomed])


def _block_score(tag: Tag) -> float:
    text = _clean(tag.get_text())
    if len(text) < MIN_BLOCK_CHARS or _link_density(tag, len(text)) > MAX_LINK_DENSITY:
        return 0.0
    return 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)


def _best_container(blocks: Iterable[Tag]) -> Tag | None:
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for block in blocks:
        score = _block_score(block)
        if score == 0.0:
            continue
        parent = block.parent
        if isinstance(parent, Tag):
            scores[id(parent)] = scores.get(id(parent), 0.0) + score
            nodes[id(parent)] = parent
            grandparent = parent.parent
            if isinstance(grandparent, Tag):
                scores[id(grandparent)] = scores.get(id(grandparent), 0.0) + score / 2
                nodes[id(grandparent)] = grandparent
    if not scores:
        return None
    best = max(scores, key=lambda key: scores[key])
    container = nodes[best]
    # A blockquote or list is part of a larger text: climb to the enclosing container.
    while container.name in ("blockquote", "ul", "ol") and isinstance(container.parent, Tag):
        container = container.parent
    return container


def _block_text(tag: Tag) -> str:
    """A block's text with each ``<br>`` a line break (the strings ``get_text`` would join)."""
    types = tag.interesting_string_types
    pieces: list[str] = []
    for node in tag.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                pieces.append("\n")
        elif isinstance(node, NavigableString) and (types is None or type(node) in types):
            pieces.append(str(node))
    lines = [_clean(line) for line in "".join(pieces).split("\n")]
    return "\n".join(line for line in lines if line)


def _extract_text(soup: BeautifulSoup) -> str:
    body = soup.body if isinstance(soup.body, Tag) else soup
    blocks = _leaf_blocks(body)
    container = _best_container(blocks)
    if container is None:
        chosen = [b for b in blocks if _clean(b.get_text())]
    else:
        top_score = sum(_block_score(b) for b in _leaf_blocks(container))
        parts: list[Tag] = [container]
        parent = container.parent
        if isinstance(parent, Tag) and container.name != "body":
            parts = []
            for sibling in parent.find_all(True, recursive=False):
                if sibling is container:
                    parts.append(sibling)
                    continue
                sibling_score = sum(_block_score(b) for b in _leaf_blocks(sibling))
                if top_score and sibling_score >= SIBLING_SHARE * top_score:
                    parts.append(sibling)
        chosen = [
            b
            for part in parts
            for b in ([part] if part.name in BLOCK_TAGS else _leaf_blocks(part))
            if _clean(b.get_text())
            and _link_density(b, len(_clean(b.get_text()))) <= MAX_LINK_DENSITY
        ]
    paragraphs = [_block_text(b) for b in chosen]
    return "\n\n".join(p for p in paragraphs if p)


def _has_value(tag: Tag, attribute: str, value: str) -> bool:
    """Whether ``tag``'s attribute is ``value`` (or, for a list such as ``rel``, holds it)."""
    found = tag.get(attribute)
    if isinstance(found, str):
        return found == value
    return found is not None and (value in found or " ".join(found) == value)


@dataclass
class _PageIndex:
    """The tags metadata is read from, each the first of its kind, gathered in one walk."""

    meta_by_property: dict[str, Tag] = field(default_factory=dict)
    meta_by_name: dict[str, Tag] = field(default_factory=dict)
    canonical: Tag | None = None
    time: Tag | None = None
    published: Tag | None = None
    title: Tag | None = None
    headings: list[Tag] = field(default_factory=list)


def _index_page(soup: BeautifulSoup) -> _PageIndex:
    """One walk over the tree instead of a ``find`` (a whole walk) per metadata name."""
    index = _PageIndex()
    for tag in soup.find_all(True):
        if tag.name == "meta":
            for attribute, seen in (
                ("property", index.meta_by_property),
                ("name", index.meta_by_name),
            ):
                key = tag.get(attribute)
                if isinstance(key, str):
                    seen.setdefault(key, tag)
        elif tag.name == "link" and index.canonical is None and _has_value(tag, "rel", "canonical"):
            index.canonical = tag
        elif tag.name == "time" and index.time is None and tag.has_attr("datetime"):
            index.time = tag
        elif tag.name == "title" and index.title is None:
            index.title = tag
        elif tag.name == "h1":
            index.headings.append(tag)
        if index.published is None and _has_value(tag, "itemprop", "datePublished"):
            index.published = tag
    return index


def _meta(index: _PageIndex, *names: str) -> str | None:
    for name in names:
        tag = index.meta_by_property.get(name) or index.meta_by_name.get(name)
        if isinstance(tag, Tag):
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def _title(index: _PageIndex) -> str:
    in_article = (
        h
        for h in index.headings[:_MAX_TITLE_HEADINGS]
        if any(parent.name in ("article", "main") for parent in h.parents)
    )
    heading = next(in_article, None) or (index.headings[0] if index.headings else None)
    if isinstance(heading, Tag) and _clean(heading.get_text()):
        return _clean(heading.get_text())
    meta = _meta(index, "og:title", "twitter:title")
    if meta:
        return meta
    return _clean(index.title.get_text()) if index.title is not None else ""


def _date(index: _PageIndex) -> str | None:
    value = _meta(
        index,
        "article:published_time",
        "og:published_time",
        "datePublished",
        "date",
        "DC.date.issued",
        "dc.date",
        "pubdate",
    )
    if value is None and index.published is not None:
        raw = index.published.get("content") or index.published.get("datetime")
        value = raw if isinstance(raw, str) else None
    if value is None and index.time is not None:
        raw = index.time.get("datetime")
        value = raw if isinstance(raw, str) else None
    if value is None:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group(0) if match else value.strip()


def _canonical(index: _PageIndex) -> str | None:
    if index.canonical is not None:
        href = index.canonical.get("href")
        if isinstance(href, str) and href.strip():
            return href.strip()
    return _meta(index, "og:url")


def _plain_fallback(html: str) -> str:
    """Text of HTML with its tags removed (scripts and styles dropped), paragraphs kept.

    Linear in the length of ``html`` whatever it holds: an unclosed ``<script`` or ``<``
    runs to the end of the page (as in a browser) instead of being looked for again from
    every later position.
    """
    html = re.sub(r"(?is)<(script|style)\b.*?(?:</\1\s*>|\Z)", " ", html)
    html = re.sub(r"(?i)</?(?:p|div|li|blockquote|h[1-6]|br|tr)\b[^>]*(?:>|\Z)", "\n", html)
    text = html_entities.unescape(re.sub(r"<[^>]*(?:>|\Z)", " ", html))
    lines = [_clean(line) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def _check_size(body: bytes, source: str) -> tuple[int, str | None]:
    """The page's element count, and its tag-stripped text when the tree would not be used.

    Raises InputError, before any tree is built, for a page over ``MAX_INPUT_BYTES`` or one
    whose text is over ``MAX_TEXT_CHARS`` (a text never has more characters than its page has
    bytes, so smaller pages are not measured).
    """
    if len(body) > MAX_INPUT_BYTES:
        raise InputError(
            f"expected an HTML page of at most {MAX_INPUT_BYTES:,} bytes at {source}, "
            f"found {len(body):,} bytes"
        )
    elements = _START_TAG.subn(b"", body)[1]
    if len(body) <= MAX_TEXT_CHARS and elements <= MAX_TREE_ELEMENTS:
        return elements, None
    text = _plain_fallback(body.decode("utf-8", errors="replace"))
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"expected a text of at most {MAX_TEXT_CHARS:,} characters, got about "
            f"{len(text):,} in the HTML page {source} ({len(body):,} bytes)"
        )
    return elements, text


def parse_article_html(body: bytes, *, source: str) -> Article:
    """Main text, title, date and canonical URL of an HTML page.

    Raises InputError when the page has no text at all, or is too large to read (see the
    module docstring).  Pages with more than ``MAX_TREE_ELEMENTS`` elements, and pathologically
    nested ones (the tree recursion limit), fall back to tag-stripped text rather than failing.
    """
    elements, stripped = _check_size(body, source)
    if elements > MAX_TREE_ELEMENTS and stripped is not None:
        _log.warning(
            "%s has %s elements (more than %s): reading all its text, page furniture included",
            source,
            f"{elements:,}",
            f"{MAX_TREE_ELEMENTS:,}",
        )
        title, date, canonical, text = "", None, None, stripped
    else:
        try:
            soup = BeautifulSoup(body, "lxml")
            index = _index_page(soup)
            title, date, canonical = _title(index), _date(index), _canonical(index)
            _strip_furniture(soup)
            text = _extract_text(soup)
        except RecursionError:
            text = stripped or _plain_fallback(body.decode("utf-8", errors="replace"))
            title, date, canonical = "", None, None
    if not text:
        raise InputError(f"expected an HTML page with some text at {source}, found no text")
    return Article(
        text=text,
        source=source,
        title=title,
        date=date,
        canonical_url=canonical,
        content_type="text/html",
    )
