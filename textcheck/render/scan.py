"""Rendering ``scan`` results: a Markdown digest, ``textcheck.scan/1`` JSON and an Atom feed.

Petition actions, finding summaries and claim quotes come from strangers.  The digest escapes
them with ``escape_markdown``; the feed carries them as plain text (``type="text"``, control
characters removed) and feedgen escapes the XML; the JSON is data.  Changes are listed newest
first, as ``textcheck.scan.fetch_changes`` orders them.  The feed keeps earlier entries from
the file it replaces, so a scan that finds nothing does not empty it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator

from textcheck.errors import InputError
from textcheck.records import ChangeKind, Claim, Finding
from textcheck.render.claims import claim_to_dict
from textcheck.render.jsonformat import render_json
from textcheck.render.markdown import escape_markdown
from textcheck.render.payload import finding_payload
from textcheck.render.terminal import clean_terminal_text
from textcheck.scan import ScanChange, ScanResult, parse_instant

SCAN_SCHEMA = "textcheck.scan/1"
FORMATS = ("text", "json", "markdown")
DIGEST_CLAIMS = 5
"""Claims shown per new response in the digest and feed (the most check-worthy first)."""
DIGEST_FINDINGS = 10
"""Findings shown per revised response in the digest and feed (most severe first)."""

CHANGE_TITLES = {
    ChangeKind.NEW: "New response",
    ChangeKind.REVISED: "Revised response",
    ChangeKind.WITHDRAWN: "Response withdrawn",
}


def render_scan(result: ScanResult, fmt: str) -> str:
    """``scan`` output: the Markdown digest (``text`` and ``markdown``) or JSON."""
    if fmt == "json":
        return render_json(scan_payload(result))
    if fmt in ("text", "markdown"):
        return "\n".join(_digest_lines(result)) + "\n"
    raise InputError(f"scan output format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def scan_payload(result: ScanResult) -> dict[str, Any]:
    """The ``textcheck.scan/1`` object (DESIGN.md 3.5), keys in contract order."""
    return {
        "schema": SCAN_SCHEMA,
        "since": result.since,
        "changes": [change_payload(change) for change in result.changes],
        # Added to the contract (new fields may be added): what could not be read, so a
        # cron job reading the JSON sees a partial scan.
        "errors": list(result.errors),
    }


def change_payload(change: ScanChange) -> dict[str, Any]:
    """One change object: petition, change kind, action, url, date, claims, findings."""
    return {
        "petition": change.petition,
        "change": str(change.change),
        "action": change.action,
        "url": change.url,
        "responded_on": change.responded_on,
        "claims": [claim_to_dict(claim) for claim in change.claims],
        "findings": [finding_payload(finding) for finding in change.findings],
    }


def claim_sentences(claims: tuple[Claim, ...]) -> list[tuple[str, list[str]]]:
    """The most check-worthy claim sentences, in text order, each with its claim kinds.

    A sentence can hold claims of several kinds; it is shown once.
    """
    kinds: dict[tuple[int, str], list[str]] = {}
    worth: dict[tuple[int, str], float] = {}
    for claim in claims:
        start = claim.start - claim.sentence.find(claim.quote) if claim.quote else claim.start
        key = (start, claim.sentence)
        kinds.setdefault(key, [])
        if str(claim.kind) not in kinds[key]:
            kinds[key].append(str(claim.kind))
        worth[key] = max(worth.get(key, 0.0), claim.checkworthiness)
    ranked = sorted(kinds, key=lambda k: -worth[k])[:DIGEST_CLAIMS]
    return [(sentence, kinds[(start, sentence)]) for start, sentence in sorted(ranked)]


def _finding_line(finding: Finding) -> str:
    return f"{finding.severity} {finding.kind}: {finding.summary}"


def _readable_time(text: str) -> str:
    """A stored timestamp as ``2026-11-23 10:37 UTC`` (a bare date stays a date)."""
    instant = parse_instant(text)
    if instant is None or len(text) == 10:
        return text
    return instant.strftime("%Y-%m-%d %H:%M UTC")


def _digest_lines(result: ScanResult) -> list[str]:
    since = f" since {_readable_time(result.since)}" if result.since else ""
    count = len(result.changes)
    if not count:
        return [f"# textcheck scan{since}", "", "No new, revised or withdrawn responses."]
    noun = "change" if count == 1 else "changes"
    lines = [f"# textcheck scan: {count} {noun}{since}"]
    for change in result.changes:
        lines += ["", f"## {CHANGE_TITLES[change.change]}: {_md(change.action)}", ""]
        dated = f", responded on {change.responded_on}" if change.responded_on else ""
        lines.append(f"Petition {change.petition}: <{change.url}>{dated}")
        lines += _digest_body(change)
    return lines


def _digest_body(change: ScanChange) -> list[str]:
    if change.change == ChangeKind.WITHDRAWN:
        return ["", "The government response is no longer published."]
    if change.change == ChangeKind.REVISED:
        if not change.findings:
            return ["", "The text changed; no finding beyond the edit itself."]
        lines = ["", f"Findings ({len(change.findings)}):", ""]
        for finding in change.findings[:DIGEST_FINDINGS]:
            key = f" (`{finding.key}`)" if finding.key else ""
            lines.append(f"- **{finding.severity}** `{finding.kind}`: {_md(finding.summary)}{key}")
        if len(change.findings) > DIGEST_FINDINGS:
            lines.append(f"- and {len(change.findings) - DIGEST_FINDINGS} more")
        return lines
    if not change.claims:
        return ["", "No claims found."]
    lines = ["", f"Claims ({len(change.claims)}; the most check-worthy sentences):", ""]
    for sentence, kinds in claim_sentences(change.claims):
        lines.append(f"- {', '.join(f'`{k}`' for k in kinds)}: {_md(sentence)}")
    return lines


def _md(text: str) -> str:
    return escape_markdown(text, table_cell=True)


def _plain(text: str) -> str:
    """Untrusted text as one plain line (no control characters, no line breaks)."""
    return " ".join(clean_terminal_text(text).split())


def feed_summary(change: ScanChange) -> str:
    """The plain-text summary of one feed entry: what changed and what was found."""
    dated = f" (responded on {change.responded_on})" if change.responded_on else ""
    if change.change == ChangeKind.WITHDRAWN:
        return f"The government response{dated} is no longer published."
    if change.change == ChangeKind.REVISED:
        head = f"The government response was revised{dated}: {len(change.findings)} finding(s)."
        lines = [head] + [_plain(_finding_line(f)) for f in change.findings[:DIGEST_FINDINGS]]
        return "\n".join(lines)
    head = f"New government response{dated}: {len(change.claims)} claim(s)."
    lines = [head] + [
        _plain(f"{', '.join(kinds)}: {sentence}")
        for sentence, kinds in claim_sentences(change.claims)
    ]
    return "\n".join(lines)


FEED_ENTRIES = 50
"""Most entries a feed keeps: this scan's changes first, then earlier ones from the old feed."""
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class FeedEntry:
    """One Atom entry, whether built from a change or carried over from the previous feed."""

    id: str
    title: str
    link: str
    updated: datetime
    summary: str


def change_entry(change: ScanChange, *, now: datetime) -> FeedEntry:
    """The feed entry of one change; its id is stable (petition, change kind, text hash)."""
    return FeedEntry(
        id=f"urn:textcheck:scan:{change.petition}:{change.change}:{change.sha256}",
        title=_plain(f"{CHANGE_TITLES[change.change]}: {change.action}"),
        link=change.url,
        updated=parse_instant(change.changed_at) or now,
        summary=feed_summary(change),
    )


def parse_feed_entries(feed_text: str) -> list[FeedEntry]:
    """The entries of a feed this module wrote before; anything unreadable is skipped.

    An empty scan must not empty the feed (a reader polling after it would miss entries), so
    earlier entries are carried over from the file being replaced.
    """
    try:
        root = ET.fromstring(feed_text)
    except ET.ParseError:
        return []
    entries = []
    for node in root.findall(f"{ATOM_NS}entry"):
        link = node.find(f"{ATOM_NS}link")
        updated = parse_instant(node.findtext(f"{ATOM_NS}updated"))
        entry_id = node.findtext(f"{ATOM_NS}id")
        if link is None or updated is None or not entry_id:
            continue
        entries.append(
            FeedEntry(
                id=entry_id,
                title=_plain(node.findtext(f"{ATOM_NS}title") or ""),
                link=link.get("href") or "",
                updated=updated,
                summary=node.findtext(f"{ATOM_NS}summary") or "",
            )
        )
    return entries


def render_scan_feed(
    result: ScanResult, *, previous_feed: str | None = None, now: datetime | None = None
) -> str:
    """An Atom feed: one entry per change, newest first, each linking the petition.

    ``previous_feed`` (the file being replaced) contributes its entries that this scan does
    not repeat, up to ``FEED_ENTRIES`` in all.  Entry ids are stable, so a feed reader shows
    a change once however often the feed is rewritten.  The feed's ``updated`` is its newest
    entry's time (``now`` when it has none).
    """
    now = now or datetime.now(UTC)
    entries = {e.id: e for e in parse_feed_entries(previous_feed or "")}
    entries.update({e.id: e for e in (change_entry(c, now=now) for c in result.changes)})
    ordered = sorted(entries.values(), key=lambda e: (e.updated, e.id), reverse=True)
    ordered = ordered[:FEED_ENTRIES]
    source = result.source.rstrip("/") or "textcheck"
    feed = FeedGenerator()
    feed.id(f"urn:textcheck:scan:{source}")
    feed.title("textcheck scan: new, revised and withdrawn government responses")
    feed.author({"name": "textcheck"})
    feed.link(href=source, rel="alternate")
    feed.language("en")
    feed.updated(ordered[0].updated if ordered else now)
    for item in ordered:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate")
        entry.updated(item.updated)
        entry.summary(item.summary, type="text")
    return str(feed.atom_str(pretty=True).decode("utf-8"))
