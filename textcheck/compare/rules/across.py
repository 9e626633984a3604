"""figure_changed.v2 and scope_changed.v3: figures about the same measure, by meaning, in
sentences of the two versions that did not align."""

from __future__ import annotations

import re

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import short
from textcheck.compare.signals import (
    figures,
)
from textcheck.records import Evidence, FindingKind, Severity

FIGURES_MEANING_MIN = 0.45
"""Least sentence-embedding cosine for two unaligned sentences' figures to be about the same
measure ("18,000 people employed directly in renewable energy" and "11,000 jobs supported by
Scotland's renewable energy sector" score 0.56; unrelated sentences of a response under 0.3)."""


def figure_class(key: str) -> str:
    """What a figure measures, from its key: ``percent``, ``money``, ``time`` or ``count``."""
    if "%" in key:
        return "percent"
    if "£" in key or "$" in key or "€" in key:
        return "money"
    if re.search(r"day|week|month|year|hour|minute", key):
        return "time"
    return "count"


def _counted(key: str) -> str:
    return re.sub(r"[\d.,£$€%]+", "", key)


@rule("figure_changed", version=2)
def rule_figures_across(ctx: Context) -> list[Draft]:
    """figure_changed.v2: two figures of the same kind (a percentage, money, a time, a count)
    about the same measure by meaning, in sentences of the two versions that did not align,
    with different values; when what is counted differs too ("people employed directly"
    against "jobs supported by"), a scope_changed names the change of measure."""
    if ctx.earlier is None or ctx.later is None:
        return []
    paired_a, paired_b = ctx.paired(ctx.earlier), ctx.paired(ctx.later)
    lonely_b = [
        u
        for u in ctx.units[ctx.later]
        if u.index not in paired_b and figures(u) and (u.doc, u.index) not in ctx.unverified
    ]
    drafts: list[Draft] = []
    for unit in ctx.units[ctx.earlier]:
        if unit.index in paired_a or not lonely_b or (unit.doc, unit.index) in ctx.unverified:
            continue
        mine = figures(unit)
        if not mine:
            continue
        meaning = ctx.meaning_of(unit, lonely_b)
        j = int(np.argmax(meaning))
        if meaning[j] < FIGURES_MEANING_MIN:
            continue
        other = lonely_b[j]
        theirs = figures(other)
        for a in mine:
            b = next((f for f in theirs if figure_class(f.key) == figure_class(a.key)), None)
            if b is None or b.key == a.key:
                continue
            evidence = (ctx.quote(unit), ctx.quote(other))
            drafts.append(
                Draft(
                    FindingKind.FIGURE_CHANGED,
                    Severity.HIGH,
                    scoring.pair_score(FindingKind.FIGURE_CHANGED, float(meaning[j])),
                    f"{ctx.name(other.doc).capitalize()} gives {b.text} where "
                    f"{ctx.name(unit.doc)} gave {a.text}: '{short(other.text, 12)}'.",
                    evidence,
                )
            )
            if _counted(a.key) != _counted(b.key):
                drafts.append(
                    Draft(
                        FindingKind.SCOPE_CHANGED,
                        Severity.MEDIUM,
                        scoring.pair_score(FindingKind.SCOPE_CHANGED, float(meaning[j])),
                        f"{ctx.name(other.doc).capitalize()} counts '{b.text}' where "
                        f"{ctx.name(unit.doc)} counted '{a.text}': a different measure.",
                        evidence,
                        "scope_changed.v3",
                    )
                )
            drafts += _hedge_shift(ctx, unit, other, evidence)
            break
    return drafts


def _hedge_shift(
    ctx: Context, unit: Unit, other: Unit, evidence: tuple[Evidence, ...]
) -> list[Draft]:
    """softened.v3 / strengthened.v3: of two sentences that give the same measure, one
    carries a hedge the other lacks ("There are now, I think, 18,000 people employed" against
    "11,000 jobs supported"): the figure is stated more or less firmly as well as changed."""
    hedges = ctx.cues.opinion_hedges
    before, after = hedges.search(unit.text), hedges.search(other.text)
    found = before or after
    if found is None or (before is not None and after is not None):
        return []
    hedge = found.group()
    kind = FindingKind.STRENGTHENED if before else FindingKind.SOFTENED
    what = "drops the hedge" if before else "adds the hedge"
    return [
        Draft(
            kind,
            Severity.LOW,
            round(scoring.strength_score("qualifier", 0.5) * 0.8, 3),
            f"{ctx.name(other.doc).capitalize()} {what} '{hedge}' of '{short(unit.text, 10)}'.",
            evidence,
            f"{kind.value}.v3",
        )
    ]
