"""moved and reworded: what the other rules left unexplained in the aligned pairs (they
run last)."""

from __future__ import annotations

from textcheck.compare import scoring
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import short
from textcheck.compare.signals import (
    is_procedural,
)
from textcheck.compare.wording import (
    diff_words,
    render_changes,
)
from textcheck.records import FindingKind, Severity


@rule("moved", version=1)
def rule_moved(ctx: Context) -> list[Draft]:
    """moved.v1: a paired sentence that left the order the other pairs keep (outside the
    longest order-preserving run of pairs)."""
    drafts = []
    for pair in ctx.pairs:
        if not pair.moved:
            continue
        ctx.explained.add((pair.a.row, pair.b.row))
        drafts.append(
            Draft(
                FindingKind.MOVED,
                Severity.LOW,
                scoring.pair_score(FindingKind.MOVED, pair.similarity),
                f"{ctx.name(pair.b.doc).capitalize()} moves '{short(pair.b.text, 10)}' "
                f"from sentence {pair.a.index + 1} to sentence {pair.b.index + 1}.",
                (ctx.quote(pair.a), ctx.quote(pair.b)),
            )
        )
    return drafts


@rule("reworded", version=1)
def rule_reworded(ctx: Context) -> list[Draft]:
    """reworded.v1: a paired sentence whose wording changed and that no other rule
    explains; cosmetic edits (punctuation, quote marks, inflection) land here at most.
    Procedural notes ("This is a revised response ...") are not reported."""
    drafts = []
    for pair in ctx.pairs:
        if pair.a.text == pair.b.text or (pair.a.row, pair.b.row) in ctx.explained:
            continue
        if is_procedural(pair.a, ctx.cues) or is_procedural(pair.b, ctx.cues):
            continue
        changes = diff_words(pair.a.tokens, pair.b.tokens)
        cosmetic = not changes
        what = "changes only punctuation, quote marks or word forms in" if cosmetic else "rewords"
        drafts.append(
            Draft(
                FindingKind.REWORDED,
                Severity.LOW,
                scoring.reworded_score(cosmetic, pair.similarity),
                f"{ctx.name(pair.b.doc).capitalize()} {what} '{short(pair.b.text, 10)}'.",
                (ctx.quote(pair.a), ctx.quote(pair.b)),
                extra={"changes": render_changes(changes)},
            )
        )
    return drafts
