"""Pure parsers for the e-petitions software (petition.parliament.uk, Senedd, Jersey).

Bytes in, records out; no I/O.  Every fact used here is in ``petitions/API.md`` (built from
the alphagov/e-petitions source and live captures):

- single-petition JSON of two format eras (section 2c): the Jun 2024 - Nov 2025 one keeps
  the raw stored ``details`` (CRLF line breaks) and renders emails with Redcarpet StripDown
  (paragraphs joined by a single ``\\n``, bare ``www.`` links expanded as
  ``www.x (http://www.x)``); the Nov 2025+ one separates paragraphs with ``\\n\\n``.  Both are
  normalised to the same text, so the same response gives the same sha256 whichever era
  (or the HTML page) it was read from;
- a revised response is edited in place; the original survives only as "related activity"
  emails whose subject matches ``/original government response/i``, possibly split into
  "(part 1)", "(part 2)" and listed part 2 first (section 3);
- the HTML page in the classic and the 2025 redesign layouts (section 4);
- the Jersey (``ministers_response``, misspelt ``ministers_reponse`` when empty) and Senedd
  (no responses) deployments (section 6).

Keys are read with ``.get()`` throughout: optional keys come and go between eras.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from textcheck.errors import ParseError
from textcheck.records import (
    MAX_PETITION_ID,
    RESPONSE_GIVEN_ON,
    Petition,
    PetitionPage,
    RelatedActivity,
    ResponseVersion,
    VersionKind,
)

PETITION_TYPES = ("petition", "archived-petition")

# API.md section 3: the subject staff give the email holding a superseded response
# ("Original Government response (part 1)"; the e-petitions spec uses "Original Government
# Response").  Jersey has Ministers' responses, so "ministers" is accepted too.
ORIGINAL_RESPONSE_SUBJECT = re.compile(
    r"original\s+(?:government|ministers['’]?)\s+response", re.IGNORECASE
)
# "(part 2)" in a subject gives the order of the pieces of a split original response.
PART_NUMBER = re.compile(r"\(\s*part\s+(\d+)\s*(?:of\s+\d+\s*)?\)", re.IGNORECASE)
# A paragraph that is only a split marker, e.g. "(part 1 of 2)", added by staff when the
# original exceeded the 5,000-character email limit (API.md section 3).
PART_MARKER_LINE = re.compile(r"^\(\s*part\s+\d+\s+of\s+\d+\s*\)$", re.IGNORECASE)
# The trailer staff append to the last part: "This response was given on 20 June 2019."
# (one pattern with ``ResponseVersion.same_response``, which sets the trailer aside).
GIVEN_ON = RESPONSE_GIVEN_ON
# Redcarpet StripDown (emails before Nov 2025) rendered a bare link as "www.x (http://www.x)".
EXPANDED_LINK = re.compile(r"((?:https?://)?www\.[^\s()]+) \((?:https?://)?\1\)")
# JSON served where HTML or JSON was asked for starts like one of these.
HTML_START = re.compile(rb"^\s*(?:<!doctype|<html|<head|<body|<\?xml|<)", re.IGNORECASE)


def normalise_paragraphs(text: str | None) -> str:
    """Return ``text`` with CRLF made LF and every non-blank line its own paragraph.

    Paragraphs are joined by a blank line.  Both eras and both HTML layouts reduce to this:
    the raw stored text uses ``\\r\\n\\r\\n``, the new email renderer ``\\n\\n``, the old one a
    single ``\\n``, and the HTML a ``<p>`` (or ``<br>``) per line.  Old-renderer link
    expansions are undone so the texts agree.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    paragraphs = [EXPANDED_LINK.sub(r"\1", line) for line in lines if line]
    return "\n\n".join(paragraphs)


def _describe(body: bytes) -> str:
    """A short description of what a body looks like, for error messages."""
    if not body.strip():
        return "an empty body"
    if HTML_START.match(body):
        return "HTML"
    snippet = body[:40].decode("utf-8", errors="replace").replace("\n", " ")
    return f"{snippet!r}"


def _load_json(body: bytes, *, expected: str, source: str) -> Any:
    """Decode ``body`` as JSON or raise ParseError saying what was found instead."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"expected {expected} at {source}, found bytes that are not UTF-8"
        ) from exc
    except json.JSONDecodeError as exc:
        found = _describe(body)
        if found not in ("HTML", "an empty body"):
            found = f"malformed or truncated JSON ({exc.msg} at char {exc.pos})"
        raise ParseError(f"expected {expected} at {source}, found {found}") from exc


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


MAX_COUNT = 2**63 - 1
"""The largest count SQLite stores (a signed 64-bit integer): a served count beyond it is
nonsense, and would stop the store (``OverflowError``), so it is read as unknown (0)."""


def _int(value: Any) -> int:
    """A count as served (a number, or digits with thousands commas); 0 when unusable."""
    if isinstance(value, bool):
        return int(value)
    number = 0
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.replace(",", "").strip().isascii():
        digits = value.replace(",", "").strip()
        number = int(digits) if digits.isdigit() and len(digits) <= 19 else 0
    return number if 0 <= number <= MAX_COUNT else 0


def _date_part(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date or timestamp string, else None."""
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _long_date(text: str) -> str | None:
    """``"20 June 2019"`` -> ``"2019-06-20"`` (None when it is not such a date)."""
    try:
        return datetime.strptime(re.sub(r"\s+", " ", text.strip()), "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def petition_page_url(base_url: str, petition_id: int, *, archived: bool) -> str:
    """The human page of a petition under ``base_url``."""
    prefix = "/archived" if archived else ""
    return f"{base_url.rstrip('/')}{prefix}/petitions/{petition_id}"


def _part_number(subject: str) -> int:
    match = PART_NUMBER.search(subject)
    return int(match.group(1)) if match else 0


def assemble_responses(
    current: Mapping[str, Any] | None,
    activity: Iterable[RelatedActivity],
    *,
    first_response_at: str | None,
    source: str,
) -> tuple[ResponseVersion, ...]:
    """Build the response history: ``(original, revised)`` or ``(current,)`` or ``()``.

    ``current`` holds ``summary``, ``details`` and ``responded_on`` of the response the site
    shows now.  Related-activity entries whose subject names an original response are joined
    in part order (not listing order), with "(part 1 of 2)" marker paragraphs removed; the
    text is otherwise kept as published.  The original's date comes from its "This response
    was given on D Month YYYY" trailer, else from ``first_response_at`` (the petition's
    ``government_response_at``, which revisions do not change).
    """
    parts = [a for a in activity if ORIGINAL_RESPONSE_SUBJECT.search(a.subject)]
    parts.sort(key=lambda a: _part_number(a.subject))
    versions: list[ResponseVersion] = []
    if parts:
        paragraphs = [
            p
            for a in parts
            for p in normalise_paragraphs(a.body).split("\n\n")
            if p and not PART_MARKER_LINE.match(p)
        ]
        details = "\n\n".join(paragraphs)
        given = GIVEN_ON.search(details)
        responded_on = (_long_date(given.group(1)) if given else None) or _date_part(
            first_response_at
        )
        versions.append(
            ResponseVersion.build(
                VersionKind.ORIGINAL,
                responded_on=responded_on,
                summary="",
                details=details,
                source=source,
            )
        )
    if current is not None:
        summary = normalise_paragraphs(_text(current.get("summary")))
        details = normalise_paragraphs(_text(current.get("details")))
        if summary or details:
            versions.append(
                ResponseVersion.build(
                    VersionKind.REVISED if versions else VersionKind.CURRENT,
                    responded_on=_date_part(current.get("responded_on")),
                    summary=summary,
                    details=details,
                    source=source,
                )
            )
    return tuple(versions)


def _activity_from_json(items: Any) -> tuple[RelatedActivity, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(
        RelatedActivity(
            subject=_text(item.get("subject")).strip(),
            body=normalise_paragraphs(_text(item.get("body"))),
            occurred_on=_date_part(item.get("occurred_on")),
            created_at=_text(item.get("created_at")) or None,
        )
        for item in items
        if isinstance(item, dict)
    )


def _petition_id(value: Any, *, source: str) -> int:
    """``data.id`` as a petition id: a whole number (or ASCII digits) from 1 to 2**53.

    Anything else is refused here, before it reaches the store (SQLite holds 64 bits).
    """
    petition_id = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,17}", value.strip()):
        petition_id = int(value.strip())
    if petition_id is None or not 1 <= petition_id <= MAX_PETITION_ID:
        found = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise ParseError(
            f"expected a petition id from 1 to {MAX_PETITION_ID} (2**53) in data.id at "
            f"{source}, found {found}"
        )
    return petition_id


def petition_from_data(
    data: Mapping[str, Any], *, source: str, base_url: str, with_responses: bool = True
) -> Petition:
    """Build a Petition from one petition object (``{type, id, attributes, ...}``)."""
    attributes = data.get("attributes")
    if not isinstance(attributes, dict):
        raise ParseError(f"expected petition attributes (an object) at {source}, found none")
    petition_id = _petition_id(data.get("id"), source=source)
    archived = data.get("type") == "archived-petition"
    parliament = data.get("parliament")
    # Jersey names the response after Ministers, and misspells the key when it is empty.
    response = (
        attributes.get("government_response")
        or attributes.get("ministers_response")
        or attributes.get("ministers_reponse")
    )
    first_response_at = attributes.get("government_response_at") or attributes.get(
        "ministers_response_at"
    )
    activity = _activity_from_json(attributes.get("other_parliamentary_business"))
    responses: tuple[ResponseVersion, ...] = ()
    if with_responses:
        responses = assemble_responses(
            response if isinstance(response, dict) else None,
            activity,
            first_response_at=_text(first_response_at) or None,
            source=source,
        )
    return Petition(
        id=petition_id,
        url=petition_page_url(base_url, petition_id, archived=archived),
        action=normalise_paragraphs(_text(attributes.get("action"))),
        background=normalise_paragraphs(_text(attributes.get("background"))),
        additional_details=normalise_paragraphs(_text(attributes.get("additional_details"))),
        state=_text(attributes.get("state")),
        signature_count=_int(attributes.get("signature_count")),
        parliament=_text(parliament.get("period")) or None
        if isinstance(parliament, dict)
        else None,
        responses=responses,
        updated_at=_text(attributes.get("updated_at")) or None,
        government_response_at=_text(first_response_at) or None,
        related_activity=activity,
    )


def _check_petition_object(data: Any, *, source: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        found = type(data).__name__ if data is not None else "null"
        raise ParseError(f"expected a petition object in 'data' at {source}, found {found}")
    kind = data.get("type")
    if kind not in PETITION_TYPES:
        raise ParseError(
            f"expected a petition object (type 'petition' or 'archived-petition') at {source}, "
            f"found type {kind!r}"
        )
    return data


def parse_petition_json(body: bytes, *, source: str, base_url: str) -> Petition:
    """Parse single-petition JSON (current or archived, either era, UK, Senedd or Jersey)."""
    document = _load_json(body, expected="petition JSON", source=source)
    if not isinstance(document, dict):
        raise ParseError(
            f"expected petition JSON (an object with 'data') at {source}, "
            f"found a JSON {type(document).__name__}"
        )
    data = document.get("data")
    if isinstance(data, list):
        raise ParseError(
            f"expected petition JSON (one petition in 'data') at {source}, found a petitions list"
        )
    return petition_from_data(
        _check_petition_object(data, source=source), source=source, base_url=base_url
    )


def parse_petition_list(body: bytes, *, source: str, base_url: str) -> PetitionPage:
    """Parse a list page (``/petitions.json``, ``/archived/petitions.json``).

    List data has no related activity, so each petition carries at most its current
    response.  ``next_url`` is returned as the server wrote it (absolute, production host);
    rebasing it is the caller's job.
    """
    document = _load_json(body, expected="a petitions list (JSON)", source=source)
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        found = (
            "a single petition"
            if isinstance(document, dict) and isinstance(document.get("data"), dict)
            else f"a JSON {type(document).__name__} without a 'data' list"
        )
        raise ParseError(
            f"expected a petitions list (JSON with a 'data' list) at {source}, found {found}"
        )
    raw_links = document.get("links")
    links: dict[str, Any] = raw_links if isinstance(raw_links, dict) else {}
    petitions = tuple(
        petition_from_data(
            _check_petition_object(item, source=source), source=source, base_url=base_url
        )
        for item in document["data"]
    )
    return PetitionPage(
        petitions=petitions,
        next_url=_text(links.get("next")) or None,
        self_url=_text(links.get("self")),
    )


def _block_text(node: Tag | None) -> str:
    """Text of an HTML block: one paragraph per ``<p>``/``<li>``/``<br>``-separated line."""
    if node is None:
        return ""
    pieces: list[str] = []
    blocks: list[Tag] = list(node.find_all(["p", "li"])) or [node]
    for block in blocks:
        for br in block.find_all("br"):
            br.replace_with("\n")
        pieces.append(block.get_text())
    joined = "\n".join(
        re.sub(r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t\r\f\v]+", " ", p)) for p in pieces
    )
    return normalise_paragraphs(joined)


def _inline_text(node: Tag | None) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip() if node is not None else ""


def _html_activity(soup: BeautifulSoup) -> list[RelatedActivity]:
    items: list[RelatedActivity] = []
    section = soup.select_one("section#other-business")
    if section is not None:
        for details in section.find_all("details"):
            subject = _inline_text(details.find("summary"))
            body = details.find("div")
            items.append(RelatedActivity(subject=subject, body=_block_text(body)))
        return items
    for box in soup.select("div.related-activity"):
        item = box.find_parent("li")
        time = item.find("time") if item is not None else None
        occurred = _date_part(time.get("datetime")) if isinstance(time, Tag) else None
        for details in box.find_all("details"):
            subject = _inline_text(details.find("summary"))
            body = details.find("div")
            items.append(
                RelatedActivity(subject=subject, body=_block_text(body), occurred_on=occurred)
            )
    return items


def _html_response(soup: BeautifulSoup) -> dict[str, str] | None:
    classic = soup.select_one("section#response-threshold")
    if classic is not None:
        given = GIVEN_ON.search(_inline_text(classic.select_one("p.secondary")))
        summary = classic.select_one("blockquote.pull-quote")
        details = classic.select_one("div.panel-indent") or classic.select_one("p.response")
        if summary is None and details is None:
            return None
        return {
            "summary": _block_text(summary),
            "details": _block_text(details),
            "responded_on": (_long_date(given.group(1)) or "") if given else "",
        }
    item = soup.select_one("li#response")
    if item is None:
        return None
    time = item.find("time")
    details_box = item.select_one("div.response-details details")
    details = details_box.find("div") if details_box is not None else None
    return {
        "summary": _block_text(item.select_one("div.response-summary")),
        "details": _block_text(details if isinstance(details, Tag) else None),
        "responded_on": _date_part(time.get("datetime")) or "" if isinstance(time, Tag) else "",
    }


def _html_heading(soup: BeautifulSoup) -> tuple[str, str]:
    """(action, state) from the page's ``h1``: the secondary span/tag says the state."""
    h1 = soup.select_one("h1#action") or soup.select_one("main h1") or soup.find("h1")
    if not isinstance(h1, Tag):
        return "", ""
    label = h1.select_one("span.heading-secondary, span.tag")
    state_text = _inline_text(label).lower() if label is not None else ""
    if label is not None:
        label.extract()
    state = "rejected" if "rejected" in state_text else ("closed" if "closed" in state_text else "")
    return _inline_text(h1), state


def _html_petition_id(soup: BeautifulSoup, source: str) -> int:
    for anchor in soup.find_all("a", href=True):
        match = re.search(r"/petitions/(\d+)\.json", str(anchor["href"]))
        if match:
            return int(match.group(1))
    match = re.search(r"/petitions/(\d+)", source)
    return int(match.group(1)) if match else 0


def parse_petition_html(body: bytes, *, source: str, base_url: str) -> Petition:
    """Parse a petition page in the classic or the 2025 redesign layout (API.md section 4)."""
    if not HTML_START.match(body) and body.lstrip()[:1] in (b"{", b"["):
        raise ParseError(f"expected a petition HTML page at {source}, found JSON")
    soup = BeautifulSoup(body, "lxml")
    main = soup.select_one("main#content, main#main-content") or soup.find("main")
    if not isinstance(main, Tag) or not main.find("h1"):
        raise ParseError(
            f"expected a petition HTML page (main with an h1) at {source}, found {_describe(body)}"
        )
    action, state = _html_heading(soup)
    petition_id = _html_petition_id(soup, source)
    notice = _inline_text(soup.select_one("div.notification p.content, div.highlight p"))
    period = re.search(r"(\d{4})(?:-| to )(\d{4})", notice)
    archived = bool(period) or "/archived/" in source
    count = soup.select_one("p.signature-count-number span.count")
    if not state and soup.find(string=re.compile(r"This petition is closed|Closed on")):
        state = "closed"
    background, additional = _html_request_texts(soup)
    activity = _html_activity(soup)
    responses = assemble_responses(
        _html_response(soup), activity, first_response_at=None, source=source
    )
    return Petition(
        id=petition_id,
        url=petition_page_url(base_url, petition_id, archived=archived),
        action=action,
        background=background,
        additional_details=additional,
        state=state,
        signature_count=_int(_inline_text(count)),
        parliament=f"{period.group(1)}-{period.group(2)}" if period else None,
        responses=responses,
        related_activity=tuple(activity),
    )


def _html_request_texts(soup: BeautifulSoup) -> tuple[str, str]:
    """(background, additional details) in either layout."""
    h1 = soup.select_one("h1#action") or soup.find("h1")
    if not isinstance(h1, Tag):
        return "", ""
    detail = soup.select_one("section.petition-detail")
    if detail is not None:
        paragraphs = [
            _block_text(p)
            for p in detail.find_all("p", recursive=False)
            if p.find("time") is None and _inline_text(p)
        ]
        return (paragraphs[0] if paragraphs else "", "\n\n".join(paragraphs[1:]))
    background = ""
    additional = ""
    for sibling in h1.find_next_siblings():
        if not isinstance(sibling, Tag):
            continue
        if sibling.name == "div" and not sibling.get("class") and not background:
            background = _block_text(sibling)
        elif sibling.name == "details" and "More details" in _inline_text(sibling.find("summary")):
            additional = _block_text(sibling.find("div"))
        elif sibling.name in ("section",) or "signature-count" in (sibling.get("class") or []):
            break
    return background, additional


def parse_page_count(body: bytes, *, source: str) -> int | None:
    """The page number of a list's ``links.last`` (None when absent or not a number).

    ``last`` without a ``page`` parameter is page 1 (both link algorithms omit it there).
    """
    document = _load_json(body, expected="a petitions list (JSON)", source=source)
    links = document.get("links") if isinstance(document, dict) else None
    last = links.get("last") if isinstance(links, dict) else None
    if not isinstance(last, str):
        return None
    match = re.search(r"[?&]page=(\d+)", last)
    return int(match.group(1)) if match else 1
