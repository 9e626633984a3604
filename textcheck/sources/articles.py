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
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, Comment, Tag

from textcheck.errors import InputError
from textcheck.records import Article

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


def _strip_furniture(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    doomed = [tag for tag in soup.find_all(True) if tag.name in DROP_TAGS or _is_junk(tag)]
    for tag in doomed:
        tag.extract()


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
    for br in tag.find_all("br"):
        br.replace_with("\n")
    lines = [_clean(line) for line in tag.get_text().split("\n")]
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


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag):
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def _title(soup: BeautifulSoup) -> str:
    heading = soup.select_one("article h1, main h1") or soup.find("h1")
    if isinstance(heading, Tag) and _clean(heading.get_text()):
        return _clean(heading.get_text())
    meta = _meta(soup, "og:title", "twitter:title")
    if meta:
        return meta
    return _clean(soup.title.get_text()) if soup.title is not None else ""


def _date(soup: BeautifulSoup) -> str | None:
    value = _meta(
        soup,
        "article:published_time",
        "og:published_time",
        "datePublished",
        "date",
        "DC.date.issued",
        "dc.date",
        "pubdate",
    )
    if value is None:
        published = soup.find(True, attrs={"itemprop": "datePublished"})
        if isinstance(published, Tag):
            raw = published.get("content") or published.get("datetime")
            value = raw if isinstance(raw, str) else None
    if value is None:
        time = soup.find("time", attrs={"datetime": True})
        raw = time.get("datetime") if isinstance(time, Tag) else None
        value = raw if isinstance(raw, str) else None
    if value is None:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group(0) if match else value.strip()


def _canonical(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    if isinstance(link, Tag):
        href = link.get("href")
        if isinstance(href, str) and href.strip():
            return href.strip()
    return _meta(soup, "og:url")


def _plain_fallback(html: str) -> str:
    """Text of HTML too deeply nested for the tree: tags removed, paragraphs kept."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
    html = re.sub(r"(?i)</?(p|div|li|blockquote|h[1-6]|br|tr)\b[^>]*>", "\n", html)
    text = re.sub(r"<[^>]*>", " ", html)
    lines = [_clean(line) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def parse_article_html(body: bytes, *, source: str) -> Article:
    """Main text, title, date and canonical URL of an HTML page.

    Raises InputError when the page has no text at all.  Pathologically nested pages (the
    tree recursion limit) fall back to tag-stripped text rather than failing.
    """
    try:
        soup = BeautifulSoup(body, "lxml")
        title, date, canonical = _title(soup), _date(soup), _canonical(soup)
        _strip_furniture(soup)
        text = _extract_text(soup)
    except RecursionError:
        html = body.decode("utf-8", errors="replace")
        title, date, canonical, text = "", None, None, _plain_fallback(html)
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
