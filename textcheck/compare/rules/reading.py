"""What a counter-statement sentence does with a claim, and the rules built on that reading.

A rebuttal rarely repeats the words of what it rebuts: "That is, of course, not true.",
"These claims are wholly without merit.", "It is misleading to say volunteers would ever
represent ...".  Each sentence of an ``against`` text is read for its act (the approach of
stance detection: a refuting cue plus a target, as in the FNC-1 baselines and
Hanselowski et al. 2018, here with the target resolved explicitly so both sides are quoted):

- ``reported``: it reports a claim in order to reject it ("incorrectly claims that X",
  "misleading to say X"); the target is the response sentence nearest to X.
- ``rejection``: it rejects wholesale ("not true", "without merit", "misleading report"); an
  anaphor or a sentence with little content of its own ("That is not true") targets the
  statement's main claim (its most check-worthy sentence), otherwise the nearest sentence.
- ``negation``: it negates a proposition that a response asserts, matched by the negated
  words or by meaning ("not being funded from the core police grant" against "top-sliced
  from policing budgets").
- ``correction``: it gives a fact of the same kind as the response's (an ordinal, a day, a
  month, a figure) with another value ("the fourth Friday" against "the third Friday").
- ``concession``: inside a text that rejects, it restates what the response claims.

The vocabulary is data (``data/rebuttals.json``, with its provenance).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from textcheck.compare.alignment import Unit, similarity
from textcheck.compare.cues import Rebuttal, load_cues
from textcheck.compare.model import Context
from textcheck.compare.rules.common import content_stems
from textcheck.compare.signals import (
    negation_positions,
)
from textcheck.compare.wording import (
    tokenize,
)


class Act(StrEnum):
    """What a counter-statement sentence does."""

    REPORTED = "reported"
    REJECTION = "rejection"
    DOUBT = "doubt"
    NEGATION = "negation"
    SCOPE = "scope"
    NONE = "none"


def load_vocabulary() -> Rebuttal:
    """The shipped rebuttal vocabulary, compiled (held with the other cue lists)."""
    return load_cues().rebuttal


@dataclass(frozen=True)
class Reading:
    """One counter-statement sentence read: its act and, for a reported claim, the claim."""

    act: Act
    content: str = ""
    cue: str = ""
    doubt: str = ""
    """A doubt cue a rejecting sentence also carries ("lacked enough transparency ... to be
    verified, and ... the evidence did not support them"): it both rejects and doubts."""
    scope: str = ""
    """A scope cue ("refers to payrolled employees only", "doesn't include fraud"): the
    sentence says the claim counts something other than what it says."""


def folded(text: str) -> str:
    """The text with curly quotes made straight, as the vocabulary writes them."""
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def read_sentence(unit: Unit, ctx: Context) -> Reading:
    """The act of one counter-statement sentence (see the module docstring)."""
    vocab = load_vocabulary()
    text = folded(unit.text)
    rejection = vocab.rejections.search(text)
    reported = vocab.reported.search(text)
    scoped = vocab.scopes.search(text)
    scope = (
        scoped.group()
        if scoped and (vocab.measures.search(text) or vocab.anaphors.search(text))
        else ""
    )
    if reported and (rejection or _reported_is_negated(text, reported.start())):
        content = text[reported.end() :].strip()
        if len(content_stems(tokenize(content))) >= 2:
            return Reading(Act.REPORTED, content, (rejection or reported).group(), scope=scope)
    doubt = vocab.doubts.search(text)
    if rejection:
        cue = rejection.group()
        return Reading(Act.REJECTION, cue=cue, doubt=doubt.group() if doubt else "", scope=scope)
    if doubt:
        return Reading(Act.DOUBT, cue=doubt.group(), scope=scope)
    if _strong_negation(unit, ctx, text):
        return Reading(Act.NEGATION, scope=scope)
    return Reading(Act.SCOPE if scope else Act.NONE, scope=scope)


def reading_of(ctx: Context, unit: Unit) -> Reading:
    """``read_sentence``, worked out once per sentence per comparison (several rules ask)."""
    known: dict[int, Reading] = ctx.remember("readings", lambda _: {})
    if unit.row not in known:
        known[unit.row] = read_sentence(unit, ctx)
    return known[unit.row]


def _reported_is_negated(text: str, at: int) -> bool:
    """True for "it is not the case that", "incorrectly claims that", "false claims that"."""
    before = text[max(0, at - 40) : at + 30].lower()
    return bool(re.search(r"\bnot the case\b|\bincorrect\w*|\bfalse\w*|\bwrong\w*", before))


def _strong_negation(unit: Unit, ctx: Context, text: str) -> bool:
    """True when the sentence negates something ("not", "no", "cannot") outside the frames
    that do not deny ("not known", "not only", "difficult to believe")."""
    if not negation_positions(unit, ctx.cues):
        return False
    weak = load_vocabulary().weak_negations
    stripped = weak.sub(" ", text)
    return bool(re.search(r"\b(?:not|no|never|cannot|none|nor|nothing)\b|n't\b", stripped, re.I))


def combined(ctx: Context, unit: Unit, others: Sequence[Unit]) -> np.ndarray:
    """Half word similarity (TF-IDF), half meaning (sentence embedding)."""
    words_sim = similarity(ctx.vectors, [unit], others)[0]
    return 0.5 * words_sim + 0.5 * ctx.meaning_of(unit, others)


def response_units(ctx: Context) -> list[Unit]:
    """Every sentence of every response (the texts a counter-statement is held against)."""
    return [u for doc in ctx.responses for u in ctx.units[doc]]


def main_claim(ctx: Context, responses: Sequence[Unit]) -> Unit:
    """The statement's main claim: its most check-worthy sentence (the first on a tie)."""
    return max(responses, key=lambda u: (u.sentence.checkworthiness, -u.row))


def nearest_to_text(ctx: Context, text: str, responses: Sequence[Unit]) -> tuple[Unit, float]:
    """The response sentence nearest to a free text (a reported claim), by meaning and words."""
    from textcheck.compare.semantic import embed

    mine = set(content_stems(tokenize(text)))
    meaning = embed([text])[0]
    best, best_score = responses[0], -1.0
    for unit in responses:
        theirs = content_stems(unit.tokens)
        overlap = len(mine & theirs) / max(1, len(mine))
        score = 0.5 * overlap + 0.5 * float(ctx.meaning[unit.row] @ meaning)
        if score > best_score:
            best, best_score = unit, score
    return best, best_score
