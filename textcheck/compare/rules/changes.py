"""figure_changed, timing_changed and scope_changed inside a pair of aligned sentences."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from textcheck.compare import scoring
from textcheck.compare.alignment import Pair
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import STOPWORDS, short
from textcheck.compare.signals import (
    figures,
    times,
)
from textcheck.compare.wording import (
    Change,
    Token,
    clause_span,
    diff_words,
    render_changes,
    words,
)
from textcheck.records import Evidence, FindingKind, Severity

_CALENDAR = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|first|second|third|"
    r"fourth|fifth|last|\d{1,2}(?:st|nd|rd|th))",
    re.IGNORECASE,
)


def _pair_drafts(
    ctx: Context,
    kind: FindingKind,
    test: Callable[[Pair], str | None],
    severity: Severity,
) -> list[Draft]:
    drafts = []
    for pair in ctx.pairs:
        what = test(pair)
        if what is None:
            continue
        ctx.explained.add((pair.a.row, pair.b.row))
        diff = diff_words(pair.a.tokens, pair.b.tokens)
        drafts.append(
            Draft(
                kind,
                severity,
                scoring.pair_score(kind, pair.similarity),
                f"{ctx.name(pair.b.doc).capitalize()} {what}.",
                _changed_parts(ctx, pair, diff),
                extra={"changes": render_changes(diff)},
            )
        )
    return drafts


LONG_SENTENCE = 25
"""Words beyond which a changed sentence is quoted by the clause that changed (a Hansard
answer is often one sentence of 50 words, most of it unchanged)."""
CLAUSE_CONTEXT = 6
"""Words of unchanged context kept on each side of a change in a long sentence."""


def _changed_parts(ctx: Context, pair: Pair, diff: Sequence[Change]) -> tuple[Evidence, ...]:
    """Both sentences whole, or, when either is long, the clauses their changes sit in."""
    longest = max(len(words(pair.a.tokens)), len(words(pair.b.tokens)))
    if longest <= LONG_SENTENCE or not diff:
        return ctx.quote(pair.a), ctx.quote(pair.b)
    parts = []
    for unit, spans in (
        (pair.a, [(c.a_at, c.a_at + len(c.a)) for c in diff]),
        (pair.b, [(c.b_at, c.b_at + len(c.b)) for c in diff]),
    ):
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        start, end = clause_span(unit.tokens, lo, hi, CLAUSE_CONTEXT)
        parts.append(ctx.evidence(unit.doc, start, end))
    return tuple(parts)


@rule("figure_changed", version=1)
def rule_figure_changed(ctx: Context) -> list[Draft]:
    """figure_changed.v1: a paired sentence whose figures (numbers with their units) differ.

    Years are left to timing_changed.v1; numbers inside URLs are ignored.
    """

    def test(pair: Pair) -> str | None:
        before = sorted(f.key for f in figures(pair.a))
        after = sorted(f.key for f in figures(pair.b))
        if before == after:
            return None
        kept = set(before) & set(after)
        old = ", ".join(f.text for f in figures(pair.a) if f.key not in kept) or "no figure"
        new = ", ".join(f.text for f in figures(pair.b) if f.key not in kept) or "no figure"
        return f"changes the figure {old} to {new} in '{short(pair.b.text, 10)}'"

    return _pair_drafts(ctx, FindingKind.FIGURE_CHANGED, test, Severity.HIGH)


@rule("timing_changed", version=1)
def rule_timing_changed(ctx: Context) -> list[Draft]:
    """timing_changed.v1: a paired sentence whose time expressions differ ("now" becomes
    "Since 2016", a date moves, "from 2021" disappears)."""

    def test(pair: Pair) -> str | None:
        before, after = times(pair.a, ctx.cues), times(pair.b, ctx.cues)
        for change in diff_words(pair.a.tokens, pair.b.tokens):
            was = [t.text for t in change.a if _CALENDAR.fullmatch(t.text)]
            now = [t.text for t in change.b if _CALENDAR.fullmatch(t.text)]
            if was and now and [w.lower() for w in was] != [w.lower() for w in now]:
                before, after = was, now
                break
        if before == after:
            return None
        old = ", ".join(f"'{t}'" for t in before) or "no time"
        new = ", ".join(f"'{t}'" for t in after) or "no time"
        return f"changes the timing {old} to {new} in '{short(pair.b.text, 10)}'"

    return _pair_drafts(ctx, FindingKind.TIMING_CHANGED, test, Severity.MEDIUM)


@rule("scope_changed", version=1)
def rule_scope_changed(ctx: Context) -> list[Draft]:
    """scope_changed.v1: a paired sentence gains or loses a scope qualifier ("excluding
    Health", "only", "in England", "for those who")."""

    def test(pair: Pair) -> str | None:
        for change in diff_words(pair.a.tokens, pair.b.tokens):
            if change.tag == "replace" and _is_name(change.a) and _is_name(change.b):
                old = " ".join(t.text for t in change.a)
                new = " ".join(t.text for t in change.b)
                return f"names '{new}' where {ctx.name(pair.a.doc)} named '{old}'"
            for tokens, verb in ((change.b, "narrows or widens"), (change.a, "drops")):
                text = " ".join(t.text for t in tokens)
                if tokens and ctx.cues.scope.search(text):
                    phrase = " ".join(t.text for t in (change.b or change.a))
                    return f"{verb} the scope with '{phrase}' in '{short(pair.b.text, 10)}'"
        return None

    return _pair_drafts(ctx, FindingKind.SCOPE_CHANGED, test, Severity.MEDIUM)


def _is_name(tokens: Sequence[Token]) -> bool:
    """True for a run of words that is mostly capitalised (an organisation, a place, a
    person: "European Court of Human Rights"), so swapping one for another is a change of
    who or where, not a rewording."""
    content = [t for t in tokens if t.is_word and t.stem not in STOPWORDS]
    return bool(content) and sum(t.text[:1].isupper() for t in content) >= max(1, len(content) - 1)
