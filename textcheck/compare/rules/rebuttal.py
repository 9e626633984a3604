"""denial.v2: a counter-statement sentence that rejects, reports-to-reject or negates a
response's claim, resolved to the sentence it is about (see ``reading``); contradiction.v3:
the figures it offers as evidence right after."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import content_stems, short
from textcheck.compare.rules.reading import (
    Act,
    Reading,
    combined,
    folded,
    load_vocabulary,
    main_claim,
    nearest_to_text,
    reading_of,
    response_units,
)
from textcheck.compare.signals import MIN_CLAIM_WORDS, dates, figures, negation_positions, times
from textcheck.compare.wording import (
    tokenize,
    words,
)
from textcheck.records import FindingKind, Role, Severity

REPORTED_MIN = 0.2
"""Least combined similarity between a reported claim and a response sentence."""
NEGATION_MIN = 0.3
"""Least combined similarity for a negating sentence to deny a response sentence."""
MEANING_MIN = 0.5
"""Least sentence-embedding cosine for a negation to count without shared negated words."""
CONTENT_OF_ITS_OWN = 3
"""A rejecting sentence with fewer content words than this (besides the rejection) has no
target of its own and is taken to be about the statement's main claim."""


def _denial(ctx: Context, unit: Unit, target: Unit, score: float, how: str) -> Draft:
    return Draft(
        FindingKind.DENIAL,
        Severity.HIGH if score >= 0.5 or how != "negates" else Severity.MEDIUM,
        scoring.denial_score(score, False),
        f"{ctx.name(unit.doc).capitalize()} {how} what {ctx.name(target.doc)} claims: "
        f"'{short(unit.text, 14)}' against '{short(target.text, 14)}'.",
        (ctx.quote(unit), ctx.quote(target)),
    )


def _negated_clause_stems(unit: Unit, ctx: Context) -> set[str]:
    """Content stems of the few words around each negation of the sentence: its subject
    before it ("employment is not up") and what it negates after it."""
    word_tokens = words(unit.tokens)
    found: set[str] = set()
    for i in negation_positions(unit, ctx.cues):
        found |= content_stems(word_tokens[max(0, i - 3) : i + 7])
    return found


@rule("denial", version=2)
def rule_rebuttal(ctx: Context) -> list[Draft]:
    """denial.v2: a counter-statement sentence that rejects, reports-to-reject or negates a
    claim of a response, resolved to the response sentence it is about (module docstring).
    Both sides are quoted."""
    return [r.draft for r in rebuttals(ctx)]


@dataclass(frozen=True)
class Rebutted:
    """A counter-statement sentence that rejects a response claim, the claim, the finding."""

    unit: Unit
    target: Unit
    draft: Draft


def rebuttals(ctx: Context) -> list[Rebutted]:
    """Every rejecting, reporting-to-reject or negating sentence of the counter-statements,
    resolved to its target (in text order); read once per comparison."""
    return ctx.remember("rebuttals", _read_rebuttals)


def _read_rebuttals(ctx: Context) -> list[Rebutted]:
    responses = response_units(ctx)
    if not responses:
        return []
    asserted = {u.row: content_stems(u.tokens) - _negated_clause_stems(u, ctx) for u in responses}
    main = main_claim(ctx, responses)
    found: list[Rebutted] = []
    named = frozenset().union(
        *(ctx.aliases.entities(ctx.documents[doc].text) for doc in ctx.responses)
    )
    for doc in ctx.docs_with(Role.AGAINST):
        units = ctx.units[doc]
        readings = [reading_of(ctx, unit) for unit in units]
        negations = {
            unit.index: _negation(ctx, unit, responses, asserted)
            for unit, reading in zip(units, readings, strict=True)
            if reading.act == Act.NEGATION
        }
        specific = any(d is not None for d in negations.values())
        for unit, reading in zip(units, readings, strict=True):
            outside = ctx.aliases.entities(unit.text) - ctx.aliases.government
            if reading.act == Act.NONE or (outside and not outside & named):
                continue  # about an organisation the responses never name
            previous = (units[unit.index - 1], readings[unit.index - 1]) if unit.index else None
            antecedent = _antecedent(ctx, previous, main)
            here: list[Rebutted] = []
            if reading.act == Act.REPORTED:
                target, score = nearest_to_text(ctx, reading.content, responses)
                if score >= REPORTED_MIN:
                    draft = _denial(ctx, unit, target, max(score, 0.5), "rejects")
                    here.append(Rebutted(unit, target, draft))
            if not here and reading.act in {Act.REPORTED, Act.REJECTION, Act.DOUBT}:
                if specific and _attributed(unit):
                    continue  # a negating sentence says what this rejection only gestures at
                target, draft = _rejection(ctx, unit, responses, antecedent)
                if reading.act == Act.DOUBT:
                    draft = _doubt(ctx, draft, reading.cue)
                here.append(Rebutted(unit, target, draft))
                if reading.doubt:
                    here.append(Rebutted(unit, target, _doubt(ctx, draft, reading.doubt)))
            elif reading.act == Act.NEGATION and (denial := negations[unit.index]) is not None:
                here.append(Rebutted(unit, *denial))
            if reading.scope:
                target = here[0].target if here else _rejection(ctx, unit, responses, antecedent)[0]
                here.append(Rebutted(unit, target, _scope(ctx, unit, target, reading.scope)))
            found += here
    return found


FAR_BACKING_MIN = 0.15
"""Least combined similarity to the rejected claim for a sentence further into the
rejection's paragraph than ``CORRECTIVE_REACH`` to back it."""
CORRECTIVE_REACH = 2
"""A fact backs a rejection when it comes later in the rejection's paragraph or at most this
many sentences after it."""
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Backing:
    """A sentence that backs a rejection with facts of its own: figures and dates that no
    response gives."""

    rebutted: Rebutted
    unit: Unit
    figures: tuple[str, ...]
    dates: tuple[str, ...]


def backing_facts(ctx: Context) -> list[Backing]:
    """Sentences that back a rejection with facts of their own ("But employment is not up.
    The number of people in employment fell by 580,000 ..."): each rejects nothing itself,
    has at least a claim's worth of words, comes later in a rejecting sentence's paragraph
    or at most ``CORRECTIVE_REACH`` sentences after it, and gives a figure or a date that no
    response gives.  Read once per comparison."""
    return ctx.remember("backing", _read_backing)


def _read_backing(ctx: Context) -> list[Backing]:
    responses = response_units(ctx)
    given = {f.scaled_key for u in responses for f in figures(u)}
    said = {d.lower() for u in responses for d in dates(u)}
    by_doc: dict[int, list[Rebutted]] = {}
    for rebutted in rebuttals(ctx):
        by_doc.setdefault(rebutted.unit.doc, []).append(rebutted)
    found = []
    for doc, rejecting in by_doc.items():
        at: dict[int, Rebutted] = {}
        for r in rejecting:
            at.setdefault(r.unit.index, r)  # the denial, not its doubt or scope companion
        text = ctx.documents[doc].text
        last: Rebutted | None = None
        for unit in ctx.units[doc]:
            if unit.index in at:
                last = at[unit.index]
                continue
            if last is None or len(words(unit.tokens)) < MIN_CLAIM_WORDS:
                continue
            between_units = ctx.units[doc][last.unit.index + 1 : unit.index]
            steps = 1 + sum(len(words(u.tokens)) >= MIN_CLAIM_WORDS for u in between_units)
            far = steps > CORRECTIVE_REACH  # a "(1/5)" thread marker is no step
            between = text[last.unit.sentence.end : unit.sentence.start]
            if far and (
                _BLANK_LINE.search(between)
                or float(combined(ctx, unit, [last.target])[0]) < FAR_BACKING_MIN
            ):
                continue
            new = tuple(f.text for f in figures(unit) if f.scaled_key not in given)
            when = tuple(d for d in dates(unit) if d.lower() not in said)
            if new or when:
                found.append(Backing(_retargeted(ctx, last, unit, responses), unit, new, when))
    return found


BACKING_NEAR = 0.3
"""Least combined similarity for a backing sentence to be about a response sentence of its
own rather than the one its rejection is about (a point of order that quotes four claims and
answers each)."""


def _retargeted(
    ctx: Context, rebutted: Rebutted, unit: Unit, responses: Sequence[Unit]
) -> Rebutted:
    """The rejection a backing sentence serves, aimed at the response sentence the backing
    sentence itself is close to, when there is one."""
    if len(responses) < 2:
        return rebutted
    scores = combined(ctx, unit, responses)
    best = int(np.argmax(scores))
    if scores[best] < BACKING_NEAR or responses[best] is rebutted.target:
        return rebutted
    return Rebutted(rebutted.unit, responses[best], rebutted.draft)


@rule("contradiction", version=3)
def rule_corrective_figures(ctx: Context) -> list[Draft]:
    """contradiction.v3: a rebuttal backs its rejection with a figure of its own ("It is
    entirely incorrect. ... Minister Swann had been interviewed at least 17 times by the
    media" against "rarely give interviews"): the figure contradicts the claim the rejection
    is about, and both sides are quoted.  The structure of a rebuttal (a verdict, then its
    evidence) is the one fact-checkers and the statistics regulator's letters follow."""
    return [
        _backed(ctx, b, FindingKind.CONTRADICTION, "answers", "figures", b.figures)
        for b in backing_facts(ctx)
        if b.figures
    ]


@rule("timing_changed", version=2)
def rule_corrective_dates(ctx: Context) -> list[Draft]:
    """timing_changed.v2: a rebuttal backs its rejection with dates of its own against a
    claim that says when ("One was introduced in April, but the other came into effect in
    January" against "this week we're cutting taxes"): the counter-statement puts the event
    at another time.  Both sides are quoted."""
    return [
        _backed(ctx, b, FindingKind.TIMING_CHANGED, "dates", "dates", b.dates)
        for b in backing_facts(ctx)
        if b.dates and (times(b.rebutted.target, ctx.cues) or dates(b.rebutted.target))
    ]


def _backed(
    ctx: Context, backing: Backing, kind: FindingKind, verb: str, what: str, values: Sequence[str]
) -> Draft:
    """A finding quoting the backing sentence and the claim its rejection is about; high when
    the rejection is a denial, medium when it only doubts or narrows the claim."""
    unit, target = backing.unit, backing.rebutted.target
    denied = backing.rebutted.draft.kind == FindingKind.DENIAL
    return Draft(
        kind,
        Severity.HIGH if denied and kind == FindingKind.CONTRADICTION else Severity.MEDIUM,
        scoring.pair_score(kind, 0.6),
        f"{ctx.name(unit.doc).capitalize()} {verb} '{short(target.text, 10)}' with {what} of "
        f"its own ({', '.join(values[:3])}): '{short(unit.text, 14)}'.",
        (ctx.quote(unit), ctx.quote(target)),
        extra={what: ", ".join(values)},
    )


_ATTRIBUTED = re.compile(r"^[^.]{0,60}?\b(?:said|says|told|stated|argued|claimed)\b", re.I)


def _attributed(unit: Unit) -> bool:
    """True for a rejection put in a third party's mouth ("Unison said the claim was
    misleading"): it reports that someone rejects, without saying what."""
    return bool(_ATTRIBUTED.search(unit.text)) and not load_vocabulary().reported.search(
        folded(unit.text)
    )


ANTECEDENT_MIN = 0.35
"""Least combined similarity for the sentence before an anaphoric rejection ("This too is
incorrect.") to say which response claim "this" is."""


def _antecedent(ctx: Context, previous: tuple[Unit, Reading] | None, main: Unit) -> Unit:
    """What "this" in a rejection points at: the response sentence that the counter-statement's
    previous sentence (with its reading) reports or restates, when it is close to one; else
    the main claim."""
    responses = response_units(ctx)
    if previous is None or len(responses) < 2:
        return main
    unit, reading = previous
    if reading.act == Act.REPORTED:
        return nearest_to_text(ctx, reading.content, responses)[0]
    scores = combined(ctx, unit, responses)
    best = int(np.argmax(scores))
    return responses[best] if scores[best] >= ANTECEDENT_MIN else main


def _doubt(ctx: Context, draft: Draft, cue: str) -> Draft:
    """A rejection that says the claim cannot be checked ("this figure's unreliable"), not
    that it is false: an ``unverifiable`` finding quoting both sides."""
    against, target = draft.evidence[0], draft.evidence[1]
    return Draft(
        FindingKind.UNVERIFIABLE,
        Severity.MEDIUM,
        round(scoring.BASE_SCORES[FindingKind.UNVERIFIABLE] + 0.2, 3),
        f"The counter-statement says the claim cannot be relied on ('{cue}'): "
        f"'{short(against.quote, 14)}' against '{short(target.quote, 12)}'.",
        draft.evidence,
        "unverifiable.v3",
    )


def _scope(ctx: Context, unit: Unit, target: Unit, cue: str) -> Draft:
    """scope_changed.v4: the counter-statement says the claim counts something other than
    what it says ("This figure ... refers to payrolled employees only", "This confuses gross
    and net contributions"): the measure is disputed, not (only) the value."""
    return Draft(
        FindingKind.SCOPE_CHANGED,
        Severity.MEDIUM,
        scoring.pair_score(FindingKind.SCOPE_CHANGED, 0.6),
        f"{ctx.name(unit.doc).capitalize()} says the claim measures something else ('{cue}'): "
        f"'{short(unit.text, 14)}' against '{short(target.text, 12)}'.",
        (ctx.quote(unit), ctx.quote(target)),
        "scope_changed.v4",
    )


def _rejection(
    ctx: Context, unit: Unit, responses: Sequence[Unit], main: Unit
) -> tuple[Unit, Draft]:
    """A wholesale rejection: its own content picks the target when it has some and the
    statement has a sentence near it; otherwise the statement's main claim."""
    vocab = load_vocabulary()
    own = content_stems(tokenize(vocab.rejections.sub(" ", folded(unit.text))))
    anaphoric = bool(vocab.anaphors.search(folded(unit.text)))
    target = main
    if len(own) >= CONTENT_OF_ITS_OWN and len(responses) > 1:
        scores = combined(ctx, unit, responses)
        best = int(np.argmax(scores))
        if not anaphoric or scores[best] >= NEGATION_MIN:
            target = responses[best]
    return target, _denial(ctx, unit, target, 0.6, "rejects")


def _negation(
    ctx: Context, unit: Unit, responses: Sequence[Unit], asserted: dict[int, set[str]]
) -> tuple[Unit, Draft] | None:
    """A negating sentence against the response sentence it contradicts, when they share a
    negated word the response asserts or are close in meaning."""
    negated = _negated_clause_stems(unit, ctx)
    alike = combined(ctx, unit, responses)
    meaning = ctx.meaning_of(unit, responses)
    best: tuple[float, Unit] | None = None
    for j, cand in enumerate(responses):
        shared = negated & asserted[cand.row]
        if not shared and meaning[j] < MEANING_MIN:
            continue
        score = float(alike[j]) + 0.15 * min(len(shared), 2)
        if score >= NEGATION_MIN and (best is None or score > best[0]):
            best = (score, cand)
    if best is None:
        return None
    return best[1], _denial(ctx, unit, best[1], best[0], "negates")
