"""Rendering ``claims`` results: a table to scan, ``textcheck.claims/1`` JSON, or JSONL.

JSON keys follow DESIGN.md 3.4 in order.  In the text table every string that came from a
source passes through ``clean_terminal_text`` and is wrapped in ``rich.text.Text``, so a
response can neither move the cursor nor smuggle in ``[bold]``-style markup.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from textcheck.errors import InputError
from textcheck.records import Claim, Document, Quantity, Sentence
from textcheck.render.jsonformat import render_json
from textcheck.render.terminal import render_rich, safe_text

if TYPE_CHECKING:
    from textcheck.api import ClaimsResult

CLAIMS_SCHEMA = "textcheck.claims/1"
SCORE_DIGITS = 3
"""Check-worthiness is rounded so output does not change with floating-point noise."""
QUOTE_CHARS = 160
"""Longest quote the text table shows before eliding the middle."""


def render_claims(result: ClaimsResult, fmt: str, *, all_sentences: bool = False) -> str:
    """``claims`` output: a text table, ``textcheck.claims/1`` JSON, JSONL or CSV.

    JSONL writes one claim a line, or with ``all_sentences`` one sentence a line (with its
    claims), so a check-worthiness ranking can be scored on every sentence.
    """
    if fmt == "json":
        return render_json(claims_payload(result))
    if fmt == "jsonl":
        if all_sentences:
            lines = [sentence_to_dict(s) for s in result.sentences]
        else:
            lines = [claim_to_dict(c) for c in result.claims]
        return "".join(render_json(line, indent=None) for line in lines)
    if fmt == "text":
        return _render_text(result)
    if fmt == "csv":
        from textcheck.render.csv import render_claims_csv

        return render_claims_csv(result)
    raise InputError(f"expected format text, json, jsonl or csv, got {fmt!r}")


def claims_payload(result: ClaimsResult) -> dict[str, Any]:
    """The ``textcheck.claims/1`` object of a result."""
    return {
        "schema": CLAIMS_SCHEMA,
        "documents": [document_to_dict(d) for d in result.documents],
        "claims": [claim_to_dict(c) for c in result.claims],
    }


def document_to_dict(document: Document) -> dict[str, Any]:
    """A ``textcheck.claims/1`` document object."""
    return {
        "role": str(document.role),
        "label": document.label,
        "source": document.source,
        "sha256": document.sha256,
        "text": document.text,
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """A ``textcheck.claims/1`` claim object, keys in contract order."""
    return {
        "id": claim.id,
        "role": str(claim.role),
        "kind": str(claim.kind),
        "sentence": claim.sentence,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "checkworthiness": round(claim.checkworthiness, SCORE_DIGITS),
        "quantity": quantity_to_dict(claim.quantity),
        "subject": claim.subject,
        "polarity": str(claim.polarity),
        "modality": str(claim.modality),
        "strength": claim.strength,
    }


def quantity_to_dict(quantity: Quantity | None) -> dict[str, Any] | None:
    """``{value, low, high, unit, comparator}``, whole numbers as integers, or ``None``."""
    if quantity is None:
        return None
    return {
        "value": _number(quantity.value),
        "low": _number(quantity.low),
        "high": _number(quantity.high),
        "unit": quantity.unit,
        "comparator": str(quantity.comparator),
    }


def sentence_to_dict(sentence: Sentence) -> dict[str, Any]:
    """One ``--all-sentences`` JSONL object: the sentence, its offsets, score and claims.

    A sentence extracted without scoring (NaN, ``api.claims(score_all=False)``) has a null
    score rather than JSON's invalid ``NaN``.
    """
    score = sentence.checkworthiness
    return {
        "role": str(sentence.role),
        "sentence": sentence.text,
        "start": sentence.start,
        "end": sentence.end,
        "checkworthiness": None if math.isnan(score) else round(score, SCORE_DIGITS),
        "claims": [claim_to_dict(c) for c in sentence.claims],
    }


def format_quantity(quantity: Quantity | None) -> str:
    """A quantity as a person reads it: "<= 3 %", "5-10 %", "~ 6 week", "" for none."""
    if quantity is None:
        return ""
    comparator = "" if str(quantity.comparator) in ("=", "range") else f"{quantity.comparator} "
    if quantity.unit in ("date", "financial_year") and quantity.value is not None:
        # A year reads as a year ("since 2016" is ">= 2016"), never as "2,016 date".
        span = re.search(r"\d{4}[-–/]\d{2,4}", quantity.text or "")
        year = span.group(0) if quantity.unit == "financial_year" and span else None
        return f"{comparator}{year or int(quantity.value)}"
    if quantity.low is not None and quantity.high is not None:
        amount = f"{_plain(quantity.low)}-{_plain(quantity.high)}"
    elif quantity.value is not None:
        amount = _plain(quantity.value)
    else:
        amount = quantity.text
    return f"{comparator}{amount} {quantity.unit}".strip()


def _render_text(result: ClaimsResult) -> str:
    from rich.table import Table  # imported for the text table only: JSON needs no rich
    from rich.text import Text

    claims = result.claims
    header = Text()
    for document in result.documents:
        header.append(f"{document.role}: ", style="bold")
        header.append_text(safe_text(document.label or document.source))
        header.append("\n")
    header.append(f"{len(claims)} claims in {len(result.sentences)} sentences", style="dim")
    table = Table(show_lines=False, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("role", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("quantity", no_wrap=True)
    table.add_column("quote", ratio=1)
    for claim in claims:
        kind = claim.kind.value + (" (not)" if claim.polarity.value == "negative" else "")
        table.add_row(
            Text(claim.id),
            Text(claim.role.value),
            Text(kind, style="bold"),
            safe_text(format_quantity(claim.quantity)),
            safe_text(_shorten(claim.quote)),
        )
    return render_rich([header, table])


def _shorten(quote: str) -> str:
    quote = " ".join(quote.split())
    if len(quote) <= QUOTE_CHARS:
        return quote
    half = (QUOTE_CHARS - 5) // 2
    return f"{quote[:half]} ... {quote[-half:]}"


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else rounded


def _plain(value: float) -> str:
    number = _number(value)
    return f"{number:,}" if isinstance(number, int) else str(number)
