"""JSON-ready dicts of records, with exactly the contract's keys in the contract's order.

DESIGN.md 3.3 fixes the keys of ``textcheck.compare/1`` documents and findings; ``scan`` and
``batch`` output embed the same finding objects, so they are built here once.  Key order is
insertion order (never ``sort_keys``), so the output is deterministic and reads as
documented; ``render.jsonformat.render_json`` serialises them.
"""

from __future__ import annotations

from typing import Any

from textcheck.records import Comparison, Document, Evidence, Finding

COMPARE_SCHEMA = "textcheck.compare/1"
SCORE_DIGITS = 3
"""Scores are rounded so that output does not change with floating-point noise."""


def document_payload(document: Document) -> dict[str, Any]:
    """A ``textcheck.compare/1`` document object."""
    return {
        "role": str(document.role),
        "label": document.label,
        "source": document.source,
        "date": document.date,
        "sha256": document.sha256,
        "truncated": document.truncated,
        "text": document.text,
    }


def evidence_payload(evidence: Evidence) -> dict[str, Any]:
    """An evidence object: a quote and where it is in the document with that role."""
    return {
        "role": str(evidence.role),
        "quote": evidence.quote,
        "start": evidence.start,
        "end": evidence.end,
    }


def finding_payload(finding: Finding) -> dict[str, Any]:
    """A ``textcheck.compare/1`` finding object (review status is not part of the contract)."""
    return {
        "id": finding.id,
        "kind": str(finding.kind),
        "severity": str(finding.severity),
        "score": round(float(finding.score), SCORE_DIGITS),
        "summary": finding.summary,
        "evidence": [evidence_payload(ev) for ev in finding.evidence],
        "rule": finding.rule,
    }


def comparison_payload(comparison: Comparison) -> dict[str, Any]:
    """The whole ``textcheck.compare/1`` object."""
    return {
        "schema": COMPARE_SCHEMA,
        "documents": [document_payload(doc) for doc in comparison.documents],
        "findings": [finding_payload(finding) for finding in comparison.findings],
    }
