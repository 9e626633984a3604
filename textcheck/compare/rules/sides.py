"""claim_dropped and claim_added: claim-bearing sentences of one version with no
counterpart in the other."""

from __future__ import annotations

import re

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit, best_matches
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import short, stems
from textcheck.compare.signals import (
    claim_category,
    figures,
)
from textcheck.records import FindingKind


def _side_rule(ctx: Context, doc: int | None, kind: FindingKind) -> list[Draft]:
    """Unpaired claim-bearing sentences of one side of the revision."""
    if doc is None or ctx.earlier is None or ctx.later is None or not ctx.related:
        return []
    other = ctx.later if doc == ctx.earlier else ctx.earlier
    paired = ctx.paired(doc)
    lonely = [u for u in ctx.units[doc] if u.index not in paired]
    if not lonely:
        return []
    best, nearest = best_matches(ctx.vectors, lonely, ctx.units[other])
    drafts = []
    for unit, j, near in zip(lonely, best, nearest, strict=True):
        category = claim_category(unit, ctx.cues)
        if category is None or (unit.doc, unit.index) in ctx.unverified:
            continue
        if ctx.units[other] and _is_split_or_merged(unit, ctx.units[other][j]):
            continue
        if kind == FindingKind.CLAIM_ADDED and ctx.cues.refusal.search(unit.text):
            continue
        what = category if category in {"figure", "commitment", "timeline"} else "claim"
        found = figures(unit) if category == "figure" else []
        if found:  # a quantity claim whose number the figure pattern does not match has none
            start, end = found[0].start, found[0].end
            tail = re.match(r"(?:\s+\w+){0,2}", ctx.documents[doc].text[end : unit.sentence.end])
            phrase = ctx.documents[doc].text[start : end + (tail.end() if tail else 0)]
        else:
            phrase = short(unit.text)
        verb = "drops" if kind == FindingKind.CLAIM_DROPPED else "adds"
        summary = f"{ctx.name(ctx.later).capitalize()} {verb} the {what} '{phrase}'" + (
            f" made in {ctx.name(ctx.earlier)}." if verb == "drops" else "."
        )
        drafts.append(
            Draft(
                kind,
                scoring.side_severity(category),
                scoring.side_score(category, float(near), unit.sentence.checkworthiness),
                summary,
                (ctx.quote(unit),),
                extra={"category": category},
            )
        )
    return drafts


SPLIT_COVERAGE = 0.85
"""Share of a sentence's content words (and all its figures) that its nearest counterpart
must hold for the sentence to count as split off or merged in, not dropped or added."""


def _is_split_or_merged(unit: Unit, nearest: Unit) -> bool:
    """True when ``nearest`` already says what ``unit`` says: a sentence split in two or two
    merged into one leaves one side unpaired without dropping or adding a claim."""
    mine = stems(unit)
    if not mine:
        return False
    numbers = {t.stem for t in unit.tokens if t.is_word and not t.stem.isalpha()}
    theirs = {t.stem for t in nearest.tokens if t.is_word}
    return len(mine & theirs) >= SPLIT_COVERAGE * len(mine) and numbers <= theirs


@rule("claim_dropped", version=1)
def rule_claim_dropped(ctx: Context) -> list[Draft]:
    """claim_dropped.v1: a claim-bearing sentence of the earlier text (a figure, commitment,
    timeline, assurance or reported action) with no counterpart in the later one.

    From the issue: the Petitions Committee's revised responses drop figures and promises
    that the original made; a sentence that only changed wording is paired, not dropped,
    and one whose words all sit in one sentence of the other text was split or merged.
    """
    return _side_rule(ctx, ctx.earlier, FindingKind.CLAIM_DROPPED)


@rule("claim_added", version=1)
def rule_claim_added(ctx: Context) -> list[Draft]:
    """claim_added.v1: a claim-bearing sentence of the later text with no counterpart in the
    earlier one (refusals are reported by refusal_added instead)."""
    return _side_rule(ctx, ctx.later, FindingKind.CLAIM_ADDED)
