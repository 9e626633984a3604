"""A rebuttal brief for advocates: what a petition asked, what each response claims, what
changed or is contradicted, the exact sources of every quote, and the questions to ask.

``extract_brief`` gathers a ``Brief`` from a petition and its ``Comparison`` (built by
``api.compare_loaded``); ``render.brief`` draws it as Markdown or HTML.  The questions come
from templates kept as data in ``textcheck/data/questions.json`` (one or more per finding
kind, with slots such as ``{quote}``, ``{figure}`` and ``{role}``), so wording can be
changed without touching code.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from textcheck.errors import InputError, describe_os_error
from textcheck.records import (
    Claim,
    ClaimKind,
    Comparison,
    Document,
    Evidence,
    Finding,
    Petition,
    Role,
    find_quoted_document,
)

QUESTIONS_PATH = Path(__file__).parent / "data" / "questions.json"
KEY_CLAIMS_PER_VERSION = 8
"""How many claims (the most telling, one per sentence) each response version lists."""
_KIND_PRIORITY = {
    kind: rank
    for rank, kinds in enumerate(
        (
            (ClaimKind.REFUSAL, ClaimKind.DENIAL),
            (ClaimKind.TARGET, ClaimKind.AUDIT_RATE, ClaimKind.SATISFACTION),
            (ClaimKind.WAITING_TIME, ClaimKind.QUANTITY, ClaimKind.COMMITMENT),
            (ClaimKind.TIMELINE, ClaimKind.PREDICTION, ClaimKind.CAUSATION),
        )
    )
    for kind in kinds
}
"""What an advocate rebuts first: refusals and denials, then measurable targets and figures,
then promises and dates; assurances and other claims come last.  Within a rank, the claim
with a figure, then the more check-worthy one, comes first."""
SLOT_CHARS = 160
"""Longest quote put into a question before its middle is elided."""
_RESPONSE_ROLES = (Role.ORIGINAL, Role.REVISED, Role.STATEMENT)
_EARLIER_ROLES = (Role.ORIGINAL, Role.STATEMENT)


@dataclass(frozen=True)
class Citation:
    """Where a quoted text came from: its URL, date, when it was fetched and its hash.

    ``fetched_at`` is None when the store has no record of fetching ``url`` (a file, the
    embedded corpus, or a store that never fetched it).
    """

    role: Role
    label: str
    url: str
    responded_on: str | None
    fetched_at: str | None
    sha256: str


@dataclass(frozen=True)
class VersionClaims:
    """One response version (or counter-statement) with its most check-worthy claims."""

    document: Document
    citation: Citation
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class BriefFinding:
    """A finding with a citation per evidence item (same order) and the questions it raises."""

    finding: Finding
    citations: tuple[Citation | None, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Brief:
    """Everything a brief shows; ``findings`` are open, ``dismissed`` a reviewer set aside."""

    petition: Petition
    request: str
    comparison: Comparison
    versions: tuple[VersionClaims, ...]
    findings: tuple[BriefFinding, ...]
    dismissed: tuple[BriefFinding, ...]
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class QuestionBank:
    """Question templates per finding kind and the names the slots use for roles."""

    questions: Mapping[str, tuple[tuple[str, ...], ...]]
    role_names: Mapping[str, str]


@cache
def load_questions(path: Path = QUESTIONS_PATH) -> QuestionBank:
    """Read the question templates; a malformed file raises ``InputError`` naming it."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(describe_os_error(exc, path=path)) from exc
    try:
        data = json.loads(raw)
        questions = {
            kind: tuple(tuple(str(t) for t in group) for group in groups)
            for kind, groups in data["questions"].items()
        }
        role_names = {str(k): str(v) for k, v in data["role_names"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"expected question templates as JSON with 'questions' and 'role_names' in {path}, "
            f"found an error: {exc}"
        ) from exc
    return QuestionBank(questions, role_names)


def extract_brief(
    petition: Petition,
    comparison: Comparison,
    *,
    fetched_at: Mapping[str, str] | None = None,
    questions: QuestionBank | None = None,
) -> Brief:
    """Gather a brief from a petition and the comparison of its texts.

    ``fetched_at`` maps a source URL to when the store last fetched it.  Findings a reviewer
    dismissed go to ``dismissed``; every other finding is open.
    """
    bank = questions or load_questions()
    times = fetched_at or {}
    docs = comparison.documents
    sources = tuple(_citation(doc, times) for doc in docs)
    by_doc = {id(doc): cite for doc, cite in zip(docs, sources, strict=True)}
    versions = tuple(
        VersionClaims(doc, by_doc[id(doc)], _key_claims(doc, comparison.claims))
        for doc in docs
        if doc.role != Role.PETITION
    )
    gathered = []
    for finding in comparison.findings:
        citations = []
        for evidence in finding.evidence:
            doc = find_quoted_document(docs, evidence)
            citations.append(by_doc[id(doc)] if doc is not None else None)
        slots = question_slots(finding, comparison, petition, bank.role_names)
        gathered.append(
            BriefFinding(finding, tuple(citations), ask_questions(finding, slots, bank))
        )
    return Brief(
        petition=petition,
        request=petition.request_text,
        comparison=comparison,
        versions=versions,
        findings=tuple(b for b in gathered if b.finding.review_status != "dismissed"),
        dismissed=tuple(b for b in gathered if b.finding.review_status == "dismissed"),
        sources=sources,
    )


def _citation(doc: Document, fetched_at: Mapping[str, str]) -> Citation:
    return Citation(
        doc.role, doc.label, doc.source, doc.date, fetched_at.get(doc.source), doc.sha256
    )


def _key_claims(doc: Document, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The document's most telling claims, one per sentence, in text order.

    Claims carry a role, not a document; a claim belongs to ``doc`` when it has its role and
    its quote is in ``doc``'s text at its offsets.
    """
    own = [c for c in claims if c.role == doc.role and doc.text[c.start : c.end] == c.quote]
    best: dict[tuple[int, int], Claim] = {}
    for claim in sorted(own, key=claim_rank):
        best.setdefault((claim.sentence_start, claim.sentence_end), claim)
    top = sorted(best.values(), key=lambda c: (*claim_rank(c), c.start))
    return tuple(sorted(top[:KEY_CLAIMS_PER_VERSION], key=lambda c: c.start))


def claim_rank(claim: Claim) -> tuple[int, int, float]:
    """Sort key: kind priority, then claims with a figure, then check-worthiness."""
    priority = _KIND_PRIORITY.get(claim.kind, len(set(_KIND_PRIORITY.values())))
    return (priority, 0 if claim.quantity is not None else 1, -claim.checkworthiness)


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SLOT_CHARS:
        return text
    half = (SLOT_CHARS - 3) // 2
    return f"{text[:half].rstrip()}…{text[-half:].lstrip()}"


def _figure(evidence: Evidence, claims: Sequence[Claim]) -> str | None:
    """The figure a quote states: the first quantity of a claim inside it, a dated
    timeline last (a year is a figure only when nothing else is)."""
    inside = [
        c
        for c in claims
        if c.role == evidence.role
        and c.quantity is not None
        and c.start < evidence.end
        and evidence.start < c.end
    ]
    inside.sort(key=lambda c: (c.kind == ClaimKind.TIMELINE, c.start))
    for claim in inside:
        assert claim.quantity is not None
        text = claim.quantity.text.strip()
        if text:
            return text
    return None


def question_slots(
    finding: Finding, comparison: Comparison, petition: Petition, role_names: Mapping[str, str]
) -> dict[str, str]:
    """The values a finding's question templates may use (absent slots are left out)."""
    slots: dict[str, str] = {}
    if petition.action.strip():
        slots["request"] = _short(petition.action)
    roles = [doc.role for doc in comparison.documents]
    earlier_role = next((r for r in roles if r in _EARLIER_ROLES), None)
    later_role = next((r for r in roles if r == Role.REVISED), None)
    if earlier_role is not None:
        slots["earlier_role"] = role_names.get(earlier_role, str(earlier_role))
    if later_role is not None:
        slots["later_role"] = role_names.get(later_role, str(later_role))
    slots["counter_role"] = role_names.get(Role.AGAINST, str(Role.AGAINST))
    responses = [e for e in finding.evidence if e.role in _RESPONSE_ROLES]
    counters = [e for e in finding.evidence if e.role == Role.AGAINST]
    first = responses[0] if responses else (finding.evidence[0] if finding.evidence else None)
    if first is not None:
        slots["quote"] = _short(first.quote)
        slots["role"] = role_names.get(first.role, str(first.role))
        figure = _figure(first, comparison.claims)
        if figure:
            slots["figure"] = figure
    for name, evidence in zip(("earlier", "later"), responses[:2], strict=False):
        slots[name] = _short(evidence.quote)
        figure = _figure(evidence, comparison.claims)
        if figure:
            slots[f"{name}_figure"] = figure
    if counters:
        slots["counter"] = _short(counters[0].quote)
    return slots


def ask_questions(
    finding: Finding, slots: Mapping[str, str], bank: QuestionBank
) -> tuple[str, ...]:
    """One question per template group of the finding's kind: the first alternative whose
    slots are all known, filled in."""
    asked = []
    for group in bank.questions.get(str(finding.kind), ()):
        for template in group:
            wanted = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            if wanted <= slots.keys():
                asked.append(template.format_map(slots))
                break
    return tuple(asked)
