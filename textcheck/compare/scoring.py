"""Severity and score of each finding kind, and the final order of findings.

Severity follows the issue's guidance: refusals, unaddressed requests, denials,
contradictions, dropped figures and commitments and softened commitments are high or
medium; moved and reworded sentences are low.  Scores are in [0, 1] and order findings of
the same severity (higher first); they are rounded so the output is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from hashlib import sha256
from typing import TYPE_CHECKING

from textcheck.records import (
    Document,
    Evidence,
    Finding,
    FindingKind,
    Role,
    Severity,
    find_quoted_document,
)

if TYPE_CHECKING:
    from textcheck.compare.model import Draft

BASE_SCORES: dict[FindingKind, float] = {
    FindingKind.REQUEST_UNADDRESSED: 0.95,
    FindingKind.REFUSAL_ADDED: 0.9,
    FindingKind.DENIAL: 0.9,
    FindingKind.CONTRADICTION: 0.9,
    FindingKind.FIGURE_CHANGED: 0.85,
    FindingKind.CLAIM_DROPPED: 0.8,
    FindingKind.SOFTENED: 0.8,
    FindingKind.STRENGTHENED: 0.6,
    FindingKind.TIMING_CHANGED: 0.7,
    FindingKind.SCOPE_CHANGED: 0.7,
    FindingKind.INTERNAL_TENSION: 0.7,
    FindingKind.CLAIM_ADDED: 0.6,
    FindingKind.UNVERIFIABLE: 0.5,
    FindingKind.MOVED: 0.3,
    FindingKind.REWORDED: 0.2,
}
CATEGORY_WEIGHTS = {
    "figure": 1.0,
    "commitment": 0.95,
    "timeline": 0.85,
    "assurance": 0.75,
    "claim": 0.7,
    "hedged claim": 0.65,
    "action": 0.6,
}
DENIAL_MIN = 0.45
"""Least combined score (cosine + term overlap) for a counter-statement to deny a claim."""
CONTRADICTION_MIN = 0.35
"""Least cosine for a counter-statement's figure to be about the same thing as a response's."""
POLARITY_MIN = 0.3
"""Least cosine for a counter-statement to assert what a response negates."""
ROLE_ORDER = {
    Role.PETITION: 0,
    Role.ORIGINAL: 1,
    Role.REVISED: 2,
    Role.STATEMENT: 3,
    Role.AGAINST: 4,
}


def _clip(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 3)


def side_severity(category: str) -> Severity:
    """A dropped or added figure or commitment is high; a timeline, assurance or extracted
    claim medium; a reported action low."""
    if category in {"figure", "commitment"}:
        return Severity.HIGH
    if category == "action":
        return Severity.LOW
    return Severity.MEDIUM


def side_score(category: str, nearest: float, checkworthiness: float) -> float:
    """Dropped/added: weighted by claim category, lowered when the sentence's content is
    partly elsewhere in the other text (``nearest`` cosine), raised by check-worthiness."""
    weight = CATEGORY_WEIGHTS.get(category, 0.5)
    return _clip(weight * (1.0 - 0.5 * nearest) * (0.8 + 0.2 * checkworthiness))


def strength_severity(what: str, commitment: bool) -> Severity:
    """A ladder or modal shift in a commitment is high; other softening medium."""
    if what in {"assurance verb", "modal"}:
        return Severity.HIGH if commitment else Severity.MEDIUM
    return Severity.MEDIUM


def strength_score(what: str, similarity: float) -> float:
    """Ladder shifts outrank dropped intensifiers and qualifiers."""
    weight = {"assurance verb": 0.9, "modal": 0.9, "intensifier": 0.7, "qualifier": 0.75}[what]
    return _clip(weight * (0.7 + 0.3 * similarity))


def pair_score(kind: FindingKind, similarity: float) -> float:
    """A change inside a paired sentence: the kind's base, surer when the pair is closer."""
    return _clip(BASE_SCORES[kind] * (0.6 + 0.4 * similarity))


def refusal_score(relevant: bool, checkworthiness: float) -> float:
    """A refusal of the petition's own request outranks other refusals."""
    return _clip(
        BASE_SCORES[FindingKind.REFUSAL_ADDED] * (1.0 if relevant else 0.7) + 0.05 * checkworthiness
    )


def denial_score(match: float, named: bool) -> float:
    """A denial that names an organisation the response names is surer."""
    return _clip(0.5 + 0.4 * min(match, 1.0) + (0.1 if named else 0.0))


def tension_score(shared_terms: int) -> float:
    """More shared content words, surer tension."""
    return _clip(BASE_SCORES[FindingKind.INTERNAL_TENSION] * min(1.0, 0.6 + 0.1 * shared_terms))


def unverifiable_score(unverified: int) -> float:
    """A cut that hides more sentences matters more."""
    return _clip(BASE_SCORES[FindingKind.UNVERIFIABLE] + 0.05 * min(unverified, 8))


def reworded_score(cosmetic: bool, similarity: float) -> float:
    """Cosmetic edits score lowest; bigger rewordings a little higher."""
    return _clip(0.05 if cosmetic else BASE_SCORES[FindingKind.REWORDED] * (1.5 - similarity))


def cap_severity(draft: Draft, cap: Severity) -> Draft:
    """``draft`` with its severity lowered to at most ``cap``."""
    return draft if draft.severity.rank >= cap.rank else replace(draft, severity=cap)


def _first_position(evidence: Sequence[Evidence]) -> tuple[int, int]:
    first = evidence[0] if evidence else None
    return (ROLE_ORDER[first.role], first.start) if first else (9, 0)


def rank_findings(drafts: Sequence[Draft]) -> tuple[Finding, ...]:
    """Findings ordered by severity, then score, then position; numbered F1, F2, ..."""
    unique: dict[tuple[object, ...], Draft] = {}
    for draft in drafts:
        key = (draft.kind, tuple((e.role, e.start, e.end) for e in draft.evidence))
        unique.setdefault(key, draft)
    ordered = sorted(
        unique.values(),
        key=lambda d: (d.severity.rank, -d.score, _first_position(d.evidence), d.kind.value),
    )
    return tuple(
        Finding(
            id=f"F{n}",
            kind=d.kind,
            severity=d.severity,
            score=d.score,
            summary=d.summary,
            evidence=d.evidence,
            rule=d.rule,
            extra=dict(d.extra),
        )
        for n, d in enumerate(ordered, start=1)
    )


KEY_HEX_DIGITS = 10
"""Length of the hash part of a finding key: 40 bits, so a store of a million findings has
about a 1 in 2 000 chance of one collision, while a key stays short enough to type."""


def finding_key(finding: Finding, documents: Sequence[Document]) -> str:
    """A stable short key for ``finding``: "f" and 10 hex digits of a sha256.

    The hash covers the kind, the rule and, per evidence item, its role, quote and the
    sha256 of the text quoted, but not the ``F1``-style id, score or summary wording: the
    same finding between the same texts keeps its key across runs, so a reviewer's verdict
    stored against it still applies.
    """
    parts = [str(finding.kind), finding.rule]
    for evidence in finding.evidence:
        parts += [str(evidence.role), evidence.quote, _document_hash(evidence, documents)]
    digest = sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "f" + digest[:KEY_HEX_DIGITS]


def with_keys(findings: Sequence[Finding], documents: Sequence[Document]) -> tuple[Finding, ...]:
    """``findings`` with ``key`` filled in (see ``finding_key``)."""
    return tuple(replace(f, key=finding_key(f, documents)) for f in findings)


def _document_hash(evidence: Evidence, documents: Sequence[Document]) -> str:
    document = find_quoted_document(documents, evidence)
    return document.sha256 if document else ""
