"""CSV output of claims and findings, for spreadsheets.

Cells hold untrusted text, and a spreadsheet treats a cell that starts with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return, which some programs skip before such a sign)
as a formula: "CSV injection" (OWASP, "CSV Injection").  Such text cells get a leading
``'``, which spreadsheets show as a text marker; numbers are written as numbers.  Control
characters are dropped as for the terminal, and rows end in CRLF (RFC 4180).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textcheck.records import Claim, Comparison
from textcheck.render.terminal import clean_terminal_text

if TYPE_CHECKING:
    from textcheck.api import ClaimsResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""
SCORE_DIGITS = 3

CLAIM_COLUMNS = (
    "id",
    "role",
    "kind",
    "quote",
    "sentence",
    "start",
    "end",
    "checkworthiness",
    "value",
    "low",
    "high",
    "unit",
    "comparator",
    "subject",
    "polarity",
    "modality",
    "strength",
)
FINDING_COLUMNS = ("key", "id", "kind", "severity", "score", "review", "rule", "summary")
EVIDENCE_COLUMNS = ("role", "quote", "start", "end")
MIN_EVIDENCE_GROUPS = 2
"""Findings CSVs always have columns for two quotes (earlier and later), more if needed."""


def safe_cell(value: object) -> object:
    """``value`` ready for a CSV cell: text cleaned and defused, numbers and None as they are."""
    if value is None or isinstance(value, bool | int | float):
        return "" if value is None else value
    text = clean_terminal_text(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document: the header, then each row with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def render_claims_csv(result: ClaimsResult) -> str:
    """One row per claim, with its quantity spread over value/low/high/unit/comparator."""
    return render_csv_rows(CLAIM_COLUMNS, (_claim_row(c) for c in result.claims))


def _claim_row(claim: Claim) -> list[object]:
    q = claim.quantity
    return [
        claim.id,
        str(claim.role),
        str(claim.kind),
        claim.quote,
        claim.sentence,
        claim.start,
        claim.end,
        round(claim.checkworthiness, SCORE_DIGITS),
        None if q is None else q.value,
        None if q is None else q.low,
        None if q is None else q.high,
        None if q is None else q.unit,
        None if q is None else str(q.comparator),
        claim.subject,
        str(claim.polarity),
        str(claim.modality),
        claim.strength,
    ]


def render_findings_csv(comparison: Comparison) -> str:
    """One row per finding; each quote in its own group of role/quote/start/end columns."""
    groups = max([MIN_EVIDENCE_GROUPS, *(len(f.evidence) for f in comparison.findings)])
    header = list(FINDING_COLUMNS)
    for n in range(1, groups + 1):
        header += [f"evidence{n}_{name}" for name in EVIDENCE_COLUMNS]
    rows = []
    for f in comparison.findings:
        row: list[object] = [
            f.key,
            f.id,
            str(f.kind),
            str(f.severity),
            round(float(f.score), SCORE_DIGITS),
            f.review_status or "",
            f.rule,
            f.summary,
        ]
        for ev in f.evidence:
            row += [str(ev.role), ev.quote, ev.start, ev.end]
        row += [None] * (len(header) - len(row))
        rows.append(row)
    return render_csv_rows(header, rows)
