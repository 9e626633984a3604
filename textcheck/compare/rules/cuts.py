"""unverifiable: what lies beyond a truncated text's cut, side by side and claim by claim."""

from __future__ import annotations

from collections.abc import Sequence

from textcheck.compare import scoring
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import short
from textcheck.compare.signals import (
    claim_category,
)
from textcheck.records import FindingKind, Severity


@rule("unverifiable", version=1)
def rule_unverifiable(ctx: Context) -> list[Draft]:
    """unverifiable.v1: a text that stops mid-sentence; what the other text says after the
    cut cannot be called dropped or added (DESIGN.md 3.3)."""
    drafts = []
    for doc, document in enumerate(ctx.documents):
        if not document.truncated or not ctx.units[doc]:
            continue
        last = ctx.units[doc][-1]
        partner = ctx.paired(doc).get(last.index)
        if partner is not None and partner.a.text == partner.b.text:
            continue
        others = sorted(u for u in ctx.unverified if u[0] != doc)
        evidence = [ctx.quote(last)]
        if others:
            first = ctx.units[others[0][0]][others[0][1]]
            evidence.append(ctx.quote(first))
        count = len(others)
        summary = f"{ctx.name(doc).capitalize()} stops mid-sentence ('…{last.text[-40:]}')" + (
            f", so {count} sentence{'s' if count != 1 else ''} of the other text after the "
            "cut cannot be checked."
            if count
            else "; anything after the cut is unknown."
        )
        drafts += _unverifiable_claims(ctx, others)
        drafts.append(
            Draft(
                FindingKind.UNVERIFIABLE,
                Severity.MEDIUM if count else Severity.LOW,
                scoring.unverifiable_score(count),
                summary,
                tuple(evidence),
            )
        )
    return drafts


def _unverifiable_claims(ctx: Context, hidden: Sequence[tuple[int, int]]) -> list[Draft]:
    """One finding per claim whose counterpart would lie beyond the other text's cut."""
    drafts = []
    for doc, index in hidden:
        unit = ctx.units[doc][index]
        category = claim_category(unit, ctx.cues)
        if category is None:
            continue
        other = ctx.later if doc == ctx.earlier else ctx.earlier
        assert other is not None
        drafts.append(
            Draft(
                FindingKind.UNVERIFIABLE,
                Severity.LOW,
                round(scoring.BASE_SCORES[FindingKind.UNVERIFIABLE] * 0.8, 3),
                f"The {category} '{short(unit.text, 12)}' of {ctx.name(doc)} cannot be checked: "
                f"its counterpart would lie beyond the cut of {ctx.name(other)}.",
                (ctx.quote(unit),),
                "unverifiable.v2",
                {"category": category},
            )
        )
    return drafts
