"""How findings' evidence is laid out, whatever the output format.

The text, Markdown and HTML renderers (and later ``brief`` and ``scan``) all show the same
two things: a finding's quotes side by side, with word changes marked when the quotes are
two versions of one passage, and a document's full text with every quoted span marked.
This module computes both as plain data; each renderer only decides how to draw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from textcheck.records import Document, Evidence, Finding
from textcheck.render.wording import Segment, compare_wording

DIFF_MIN_SIMILARITY = 0.4
"""Quotes sharing fewer word tokens than this are not versions of one passage (e.g. a
petition's request beside a response sentence); marking their word changes would mark
everything, so they are shown plain."""


@dataclass(frozen=True)
class EvidenceColumn:
    """One quote of a finding, ready to show in a column.

    ``change`` says how changed segments are to be drawn: ``"delete"`` in the earlier quote,
    ``"insert"`` in the later one, ``None`` when no word diff applies.
    """

    evidence: Evidence
    heading: str
    segments: tuple[Segment, ...]
    change: str | None = None


@dataclass(frozen=True)
class MarkedSpan:
    """A run of a document's text, with the ids of the findings that quote it (if any)."""

    text: str
    finding_ids: tuple[str, ...] = ()


def find_document(documents: Sequence[Document], evidence: Evidence) -> Document | None:
    """The document ``evidence`` quotes: the first of its role whose text holds the quote."""
    same_role = [doc for doc in documents if doc.role == evidence.role]
    for doc in same_role:
        if doc.text[evidence.start : evidence.end] == evidence.quote:
            return doc
    return same_role[0] if same_role else None


def column_heading(evidence: Evidence, document: Document | None) -> str:
    """``role: label, date`` for a column of quotes (untrusted: escape before display)."""
    if document is None:
        return str(evidence.role)
    parts = [document.label] + ([document.date] if document.date else [])
    return f"{evidence.role}: {', '.join(parts)}"


def side_by_side(finding: Finding, documents: Sequence[Document]) -> tuple[EvidenceColumn, ...]:
    """A column per evidence item; the first two are word-diffed when they are alike enough."""
    columns = [
        EvidenceColumn(ev, column_heading(ev, find_document(documents, ev)), (Segment(ev.quote),))
        for ev in finding.evidence
    ]
    if len(columns) >= 2 and columns[0].evidence.quote != columns[1].evidence.quote:
        diff = compare_wording(columns[0].evidence.quote, columns[1].evidence.quote)
        if diff.similarity >= DIFF_MIN_SIMILARITY:
            first, second = columns[0], columns[1]
            columns[0] = EvidenceColumn(first.evidence, first.heading, diff.before, "delete")
            columns[1] = EvidenceColumn(second.evidence, second.heading, diff.after, "insert")
    return tuple(columns)


def mark_spans(
    document: Document, findings: Sequence[Finding], documents: Sequence[Document]
) -> tuple[MarkedSpan, ...]:
    """Cut ``document.text`` at every quoted span's edges; spans may overlap.

    Only evidence that resolves to this document (see ``find_document``) and whose offsets
    lie inside its text is marked.  Joining the spans' texts gives back the whole text.
    """
    text = document.text
    quoted: list[tuple[int, int, str]] = []
    for finding in findings:
        for ev in finding.evidence:
            inside = 0 <= ev.start < ev.end <= len(text)
            if inside and find_document(documents, ev) is document:
                quoted.append((ev.start, ev.end, finding.id))
    cuts = sorted({0, len(text)} | {q[0] for q in quoted} | {q[1] for q in quoted})
    spans = []
    for start, end in pairwise(cuts):
        ids = tuple(dict.fromkeys(fid for s, e, fid in quoted if s <= start and end <= e))
        spans.append(MarkedSpan(text[start:end], ids))
    return tuple(spans)
