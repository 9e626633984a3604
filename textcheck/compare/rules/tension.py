"""internal_tension: one text at odds with itself (values what it refuses, restricts what it
elsewhere extends, says a thing and its negation) or a rebuttal conceding what it disputes."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit, similarity_blocks
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import STOPWORDS, content_stems, short, stems
from textcheck.compare.rules.reading import Act, combined, reading_of, response_units
from textcheck.compare.rules.rebuttal import backing_facts
from textcheck.compare.wording import (
    Token,
    diff_words,
    words,
)
from textcheck.records import FindingKind, Role, Severity


@rule("internal_tension", version=1)
def rule_internal_tension(ctx: Context) -> list[Draft]:
    """internal_tension.v1: one text values X and refuses X ("appreciates the positive
    impact scrutiny from an Independent review can have" and "do not believe an independent
    review is necessary"), or says X is used only for one thing and elsewhere that X could
    do another ("Norms are used solely as a management ... tool" and "the norms could start
    to influence the scores")."""
    drafts = []
    for doc in [*ctx.responses, *ctx.docs_with(Role.AGAINST)]:
        units = ctx.units[doc]
        refusals = [u for u in units if ctx.cues.refusal.search(u.text)]
        valuing = [u for u in units if ctx.cues.valuing.search(u.text)]
        for refusal in refusals:
            for value in valuing:
                shared = stems(refusal) & stems(value)
                families = [f for f in ctx.cues.families if f & shared]
                if value is refusal or len(shared) < 2 or not families:
                    continue
                drafts.append(
                    Draft(
                        FindingKind.INTERNAL_TENSION,
                        Severity.MEDIUM,
                        scoring.tension_score(len(shared)),
                        f"{ctx.name(doc).capitalize()} values what it refuses: "
                        f"'{short(value.text, 12)}' but '{short(refusal.text, 12)}'.",
                        (ctx.quote(value), ctx.quote(refusal)),
                    )
                )
                break
        drafts += _restriction_tensions(ctx, units)
    return drafts


def _restriction_tensions(ctx: Context, units: Sequence[Unit]) -> list[Draft]:
    """A sentence restricting what its subject does, against one saying it could do more."""
    drafts = []
    by_word: dict[str, list[Unit]] = {}
    for unit in units:
        for word in {t.text.lower() for t in words(unit.tokens)}:
            by_word.setdefault(word, []).append(unit)
    for unit in units:
        if not ctx.cues.restrictive.search(unit.text):
            continue
        head = next((t for t in words(unit.tokens) if t.stem not in STOPWORDS), None)
        if head is None or not head.text[0].isupper() or head.start != words(unit.tokens)[0].start:
            continue
        pattern = re.compile(rf"\b{re.escape(head.text.lower())}\W+(?:\w+\W+){{0,2}}?", re.I)
        for other in by_word.get(head.text.lower(), []):
            if other is unit:
                continue
            for match in pattern.finditer(other.text):
                if ctx.cues.effects.match(other.text, match.end()):
                    drafts.append(
                        Draft(
                            FindingKind.INTERNAL_TENSION,
                            Severity.MEDIUM,
                            scoring.tension_score(2),
                            f"{ctx.name(unit.doc).capitalize()} says '{short(unit.text, 10)}' "
                            f"but also '{short(other.text, 10)}'.",
                            (ctx.quote(unit), ctx.quote(other)),
                        )
                    )
                    break
            else:
                continue
            break
    return drafts


CONCESSION_MIN = 0.55
"""Least sentence-embedding cosine for an asserting sentence of a rebuttal to restate a
response's claim (measured on the real cases in corpora/cases)."""
CONCESSION_SHARED = 3
"""Or: content words the asserting sentence shares with the response sentence."""
MAX_CONCESSIONS = 2
"""At most this many concessions are reported per counter-statement (the closest)."""


@rule("internal_tension", version=2)
def rule_concession(ctx: Context) -> list[Draft]:
    """internal_tension.v2: a counter-statement that rejects a claim but, in another sentence,
    restates it (the DHSC's "this is wrong" and "the risk level was set to 'Low'"): the
    rebuttal disputes the framing and concedes the fact.  Only the closest few sentences
    are reported."""
    responses = response_units(ctx)
    drafts: list[Draft] = []
    if not responses:
        return drafts
    evidence = {(b.unit.doc, b.unit.index) for b in backing_facts(ctx) if b.figures}
    for doc in ctx.docs_with(Role.AGAINST):
        readings = {u.index: reading_of(ctx, u) for u in ctx.units[doc]}
        if not any(r.act in {Act.REJECTION, Act.REPORTED} for r in readings.values()):
            continue
        found = []
        for unit in ctx.units[doc]:
            if readings[unit.index].act != Act.NONE or len(content_stems(unit.tokens)) < 4:
                continue
            if (unit.doc, unit.index) in evidence:
                continue  # figures offered against the claim: a correction, not a concession
            meaning = ctx.meaning_of(unit, responses)
            mine = content_stems(unit.tokens)
            shared = [len(mine & content_stems(r.tokens)) for r in responses]
            scores = combined(ctx, unit, responses)
            j = int(np.argmax(scores))
            if meaning[j] >= CONCESSION_MIN or shared[j] >= CONCESSION_SHARED:
                found.append((float(scores[j]), unit, responses[j]))
        for score, unit, other in sorted(found, key=lambda f: -f[0])[:MAX_CONCESSIONS]:
            drafts.append(
                Draft(
                    FindingKind.INTERNAL_TENSION,
                    Severity.MEDIUM,
                    scoring.tension_score(3) * min(1.0, score + 0.2),
                    f"{ctx.name(doc).capitalize()} disputes {ctx.name(other.doc)} but "
                    f"concedes part of it: '{short(unit.text, 14)}' against "
                    f"'{short(other.text, 12)}'.",
                    (ctx.quote(unit), ctx.quote(other)),
                )
            )
    return drafts


NEGATION_WORDS = frozenset({"not", "no", "never", "don't", "doesn't", "do", "does", "n't"})


@rule("internal_tension", version=3)
def rule_negation_tension(ctx: Context) -> list[Draft]:
    """internal_tension.v3: one text says the same thing twice, once with a negation inserted
    ("where buildings have a EWS1 form" in the summary, "where buildings do not have a EWS1
    form" in the details): the words around the change agree and the change is a negation."""
    drafts = []
    for doc in [*ctx.responses, *ctx.docs_with(Role.AGAINST)]:
        for first, second in _negation_candidates(ctx, ctx.units[doc]):
            change = _inserted_negation(first.tokens, second.tokens)
            if change is None:
                continue
            drafts.append(
                Draft(
                    FindingKind.INTERNAL_TENSION,
                    Severity.HIGH,
                    scoring.tension_score(4),
                    f"{ctx.name(doc).capitalize()} says both '{change[0]}' and '{change[1]}'.",
                    (ctx.quote(first), ctx.quote(second)),
                )
            )
    return drafts


NEGATION_PAIR_MIN = 0.35
"""Least TF-IDF cosine for two sentences of one text to be diffed for an inserted negation
(the same sentence with "not" inserted scores far above; diffing every pair of a long text
would grow with the square of its length)."""
_NEGATING = frozenset({"not", "no", "never", "n't"})


def _negation_candidates(ctx: Context, units: Sequence[Unit]) -> list[tuple[Unit, Unit]]:
    """Pairs (in text order) of a sentence with a negation word and another sentence of the
    same text close enough in words to be the same sentence with the negation inserted."""
    negating = [u for u in units if any(t.text.lower() in _NEGATING for t in words(u.tokens))]
    if not negating or len(units) < 2:
        return []
    best = similarity_blocks(ctx.vectors, negating, units, NEGATION_PAIR_MIN)
    pairs = {
        (min(a.index, b.index), max(a.index, b.index))
        for a, candidates in zip(negating, best, strict=True)
        for b in candidates
        if b.index != a.index
    }
    return [(units[i], units[j]) for i, j in sorted(pairs)]


SHARED_CONTEXT = 3
"""Words that must agree on each side of an inserted negation."""


def _inserted_negation(a: tuple[Token, ...], b: tuple[Token, ...]) -> tuple[str, str] | None:
    wa, wb = words(a), words(b)
    for change in diff_words(a, b):
        if change.tag not in {"insert", "delete"}:
            continue
        added = change.b if change.tag == "insert" else change.a
        if not added or any(t.text.lower().replace("’", "'") not in NEGATION_WORDS for t in added):
            continue
        if not any(t.text.lower() in {"not", "no", "never", "n't"} for t in added):
            continue
        before_a, before_b = (
            wa[max(0, change.a_at - SHARED_CONTEXT) : change.a_at],
            wb[max(0, change.b_at - SHARED_CONTEXT) : change.b_at],
        )
        end_a = change.a_at + len(change.a)
        end_b = change.b_at + len(change.b)
        after_a = wa[end_a : end_a + SHARED_CONTEXT]
        after_b = wb[end_b : end_b + SHARED_CONTEXT]
        same = [t.stem for t in before_a] == [t.stem for t in before_b] and [
            t.stem for t in after_a
        ] == [t.stem for t in after_b]
        if same and len(before_a) == SHARED_CONTEXT and len(after_a) == SHARED_CONTEXT:
            left = " ".join(t.text for t in [*before_a, *after_a][:6])
            lo = max(0, change.b_at - SHARED_CONTEXT)
            right = " ".join(t.text for t in wb[lo : end_b + SHARED_CONTEXT])
            return left, right
    return None
