"""contradiction.v2: a counter-statement that gives another value for a fact of the same
kind (an ordinal, a weekday, a month, a figure)."""

from __future__ import annotations

import re

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.across import figure_class
from textcheck.compare.rules.common import short
from textcheck.compare.rules.reading import combined, response_units
from textcheck.compare.signals import (
    figures,
)
from textcheck.records import FindingKind, Role, Severity

CORRECTION_MIN = 0.3
"""Least combined similarity for a fact of the counter-statement to correct a response's."""
_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_FACTS = (
    ("ordinal", re.compile(rf"\b(?:{_ORDINALS}|\d{{1,2}}(?:st|nd|rd|th))\b", re.I)),
    ("weekday", re.compile(rf"\b(?:{_WEEKDAYS})\b", re.I)),
    ("month", re.compile(rf"\b(?:{_MONTHS})\b", re.I)),
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
    responses = response_units(ctx)
    if not responses:
        return []
    drafts = []
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
                drafts.append(
                    Draft(
                        FindingKind.CONTRADICTION,
                        Severity.HIGH,
                        scoring.pair_score(FindingKind.CONTRADICTION, float(scores[j])),
                        f"{ctx.name(doc).capitalize()} gives '{clash[0]}' where "
                        f"{ctx.name(other.doc)} gives '{clash[1]}': "
                        f"'{short(unit.text, 12)}' against '{short(other.text, 12)}'.",
                        (ctx.quote(unit), ctx.quote(other)),
                    )
                )
                break
    return drafts


def _fact_clash(
    mine: dict[str, set[str]], theirs: dict[str, set[str]], said: dict[str, set[str]]
) -> tuple[str, str] | None:
    """(our value, their value) for a fact kind both give with other values, when the
    counter-statement never gives the response's value anywhere."""
    for name, values in mine.items():
        other = theirs.get(name, set())
        if not other or values & other:
            continue
        missing = sorted(other - said.get(name, set()))
        if missing:
            return sorted(values)[0], missing[0]
    return None
