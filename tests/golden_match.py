"""The golden cases' matching rules (shared/golden/README.md), as test helpers.

An expectation matches a finding whose kind is in ``kinds`` and which has an evidence item
whose quote contains ``quote`` (case-insensitive, whitespace and quote-mark style folded) and,
when given, whose role equals ``role``; ``quote2``/``role2`` must match a second evidence item.
A claims expectation matches a claim whose quote or sentence contains ``quote`` and whose
quantity has the expected value, unit and comparator.
"""

from __future__ import annotations

import re
from typing import Any

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
SAME_ROLE = {"original": {"original", "statement"}}
"""A text compared on its own (``compare A --against C``) is the ``statement``; expectations
call the earlier side ``original`` in both kinds of case (shared/tools/score.py does the same)."""


def fold(text: str | None) -> str:
    """Lower-case, straighten quote marks and collapse whitespace."""
    return re.sub(r"\s+", " ", (text or "").translate(_QUOTES)).strip().lower()


def _evidence_matches(evidence: dict[str, Any], quote: str | None, role: str | None) -> bool:
    if fold(quote) not in fold(evidence.get("quote")):
        return False
    return not role or evidence.get("role") in SAME_ROLE.get(role, {role})


def finding_matches(finding: dict[str, Any], expected: dict[str, Any]) -> bool:
    """True when ``finding`` meets the compare expectation ``expected``."""
    if finding.get("kind") not in expected["kinds"]:
        return False
    evidence = finding.get("evidence", [])
    firsts = [
        i
        for i, e in enumerate(evidence)
        if _evidence_matches(e, expected.get("quote"), expected.get("role"))
    ]
    if not firsts:
        return False
    if "quote2" not in expected and "role2" not in expected:
        return True
    return any(
        _evidence_matches(e, expected.get("quote2", ""), expected.get("role2"))
        for i, e in enumerate(evidence)
        if any(i != j for j in firsts)
    )


def claim_matches(claim: dict[str, Any], expected: dict[str, Any]) -> bool:
    """True when ``claim`` meets the claims expectation ``expected``."""
    if claim.get("kind") not in expected["kinds"]:
        return False
    wanted = fold(expected.get("quote"))
    if wanted not in fold(claim.get("quote")) + " " + fold(claim.get("sentence")):
        return False
    if "value" not in expected:
        return True
    quantity = claim.get("quantity") or {}
    return (
        quantity.get("value") == expected["value"]
        and quantity.get("unit") == expected.get("unit", quantity.get("unit"))
        and quantity.get("comparator") == expected.get("comparator", quantity.get("comparator"))
    )
