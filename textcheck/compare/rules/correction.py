"""What a counter-statement says about facts: contradiction.v2 (another value for a fact of
the same kind: an ordinal, a weekday, a month, a figure) and claim_added.v2 (dates and
figures of its own that no response gives)."""

from __future__ import annotations

import re

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.across import figure_class
from textcheck.compare.rules.common import short
from textcheck.compare.rules.reading import Act, combined, reading_of, response_units
from textcheck.compare.rules.rebuttal import backing_facts
from textcheck.compare.rules.tension import CONCESSION_MIN
from textcheck.compare.signals import claim_category, dates, figures
from textcheck.records import FindingKind, Role, Severity

CORRECTION_MIN = 0.3
"""Least combined similarity for a fact of the counter-statement to correct a response's."""
_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
"""Month names, matched capitalised only (the modal "may" is not May)."""
_MAY = r"(?:(?<=\bin )|(?<=\bby )|(?<=\bof )|(?<=\bfrom )|(?<=\bsince )|(?<=\d ))May\b|\bMay(?= \d)"
"""May as a month: after a preposition or a day, or before a day or a year ("Theresa May"
is a name)."""
_FACTS = (
    ("ordinal", re.compile(rf"\b(?:{_ORDINALS}|\d{{1,2}}(?:st|nd|rd|th))\b", re.I)),
    ("weekday", re.compile(rf"\b(?:{_WEEKDAYS})\b", re.I)),
    ("month", re.compile(rf"\b(?:{_MONTHS})\b|{_MAY}")),
)


def _facts(unit: Unit) -> dict[str, set[str]]:
    """The checkable facts of a sentence by kind: ordinals, weekdays, months, and figures by
    class (``figure:money``, ``figure:percent``, ``figure:time``, ``figure:count``)."""
    found: dict[str, set[str]] = {}
    for name, pattern in _FACTS:
        values = {m.group().lower() for m in pattern.finditer(unit.text)}
        if values:
            found[name] = values
    for figure in figures(unit):
        key = figure.scaled_key
        found.setdefault(f"figure:{figure_class(key)}", set()).add(key)
    return found


@rule("contradiction", version=2)
def rule_correction(ctx: Context) -> list[Draft]:
    """contradiction.v2: a counter-statement sentence gives a fact of the same kind as the
    response sentence it is about (an ordinal, a weekday, a month, a figure of the same unit)
    with another value, and the response's value appears nowhere in the counter-statement
    (so a part of a total, "£65m of the £100m", is not a correction)."""
    return [draft for _, draft in _corrections(ctx)]


def _corrections(ctx: Context) -> list[tuple[Unit, Draft]]:
    """Each correcting sentence of each counter-statement with its contradiction draft
    (worked out once: the counter-claims rule leaves these sentences out)."""
    return ctx.remember("corrections", _read_corrections)


def _read_corrections(ctx: Context) -> list[tuple[Unit, Draft]]:
    responses = response_units(ctx)
    if not responses:
        return []
    found = []
    for doc in ctx.docs_with(Role.AGAINST):
        said: dict[str, set[str]] = {}
        for unit in ctx.units[doc]:
            for name, values in _facts(unit).items():
                said.setdefault(name, set()).update(values)
        for unit in ctx.units[doc]:
            mine = _facts(unit)
            if not mine:
                continue
            scores = combined(ctx, unit, responses)
            for j in np.argsort(-scores)[:2]:
                other = responses[int(j)]
                if scores[j] < CORRECTION_MIN:
                    break
                clash = _fact_clash(mine, _facts(other), said)
                if clash is None:
                    continue
                draft = Draft(
                    FindingKind.CONTRADICTION,
                    Severity.HIGH,
                    scoring.pair_score(FindingKind.CONTRADICTION, float(scores[j])),
                    f"{ctx.name(doc).capitalize()} gives '{clash[0]}' where "
                    f"{ctx.name(other.doc)} gives '{clash[1]}': "
                    f"'{short(unit.text, 12)}' against '{short(other.text, 12)}'.",
                    (ctx.quote(unit), ctx.quote(other)),
                )
                found.append((unit, draft))
                break
    return found


COUNTER_CLAIMS_MAX = 4
"""At most this many added facts are listed per counter-statement (in text order)."""


@rule("claim_added", version=2)
def rule_counter_claims(ctx: Context) -> list[Draft]:
    """claim_added.v2: a rebuttal that answers a claim with facts of its own ("Health
    Secretary Matt Hancock was first alerted to Covid 19 on 3 January"): each sentence of a
    counter-statement that rejects nothing itself but gives a date or a figure that no
    response gives is a new claim, to be checked on its own.  Sentences that correct a
    response's fact (contradiction.v2) or restate it (a concession) are not listed.  From
    the fact-checker's practice (Full Fact, the UK Statistics Authority's letters) of
    checking a rebuttal's own figures and dates, not only its denial."""
    responses = response_units(ctx)
    if not responses:
        return []
    corrected = {(unit.doc, unit.index) for unit, _ in _corrections(ctx)}
    corrected |= {(b.unit.doc, b.unit.index) for b in backing_facts(ctx)}
    given = {d.lower() for u in responses for d in dates(u)}
    given_figures = {f.scaled_key for u in responses for f in figures(u)}
    drafts = []
    for doc in ctx.docs_with(Role.AGAINST):
        found = []
        for unit in ctx.units[doc]:
            if (doc, unit.index) in corrected or reading_of(ctx, unit).act != Act.NONE:
                continue
            when = [d for d in dates(unit) if d.lower() not in given]
            new = when + [f.text for f in figures(unit) if f.scaled_key not in given_figures]
            if not new or (not when and claim_category(unit, ctx.cues) is None):
                continue
            if float(np.max(ctx.meaning_of(unit, responses))) >= CONCESSION_MIN:
                continue  # restates a response's claim: a concession, not a new claim
            found.append((unit, new))
        for unit, new in found[:COUNTER_CLAIMS_MAX]:
            drafts.append(
                Draft(
                    FindingKind.CLAIM_ADDED,
                    Severity.LOW,
                    round(scoring.BASE_SCORES[FindingKind.CLAIM_ADDED] * 0.6, 3),
                    f"{ctx.name(doc).capitalize()} answers with a claim of its own, to be "
                    f"checked separately ({', '.join(new[:3])}): '{short(unit.text, 14)}'.",
                    (ctx.quote(unit),),
                    extra={"facts": ", ".join(new)},
                )
            )
    return drafts


def _numbers(values: set[str]) -> set[str]:
    """The numbers of figure keys ("6000people" and "6000" give "6000"); empty for words."""
    return {n for n in (re.sub(r"[^\d.]", "", v).strip(".") for v in values) if n}


def _fact_clash(
    mine: dict[str, set[str]], theirs: dict[str, set[str]], said: dict[str, set[str]]
) -> tuple[str, str] | None:
    """(our value, their value) for a fact kind both give with other values, when the
    counter-statement never gives the response's value anywhere."""
    for name, values in mine.items():
        other = theirs.get(name, set())
        if not other or values & other or _numbers(values) & _numbers(other):
            continue  # the same value, perhaps written with another unit word
        missing = sorted(other - said.get(name, set()))
        if missing:
            return sorted(values)[0], missing[0]
    return None
