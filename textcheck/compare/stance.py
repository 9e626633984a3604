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

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit, similarity
from textcheck.compare.cues import Rebuttal, load_cues
from textcheck.compare.model import Context, Draft, Rule, rule
from textcheck.compare.rules import content_stems, short
from textcheck.compare.signals import figures, negation_positions
from textcheck.compare.wording import Token, diff_words, tokenize, words
from textcheck.records import FindingKind, Role, Severity

REPORTED_MIN = 0.2
"""Least combined similarity between a reported claim and a response sentence."""
NEGATION_MIN = 0.3
"""Least combined similarity for a negating sentence to deny a response sentence."""
MEANING_MIN = 0.5
"""Least sentence-embedding cosine for a negation to count without shared negated words."""
CORRECTION_MIN = 0.3
"""Least combined similarity for a fact of the counter-statement to correct a response's."""
CONCESSION_MIN = 0.55
"""Least sentence-embedding cosine for an asserting sentence of a rebuttal to restate a
response's claim (measured on the real cases in corpora/cases)."""
CONCESSION_SHARED = 3
"""Or: content words the asserting sentence shares with the response sentence."""
MAX_CONCESSIONS = 2
"""At most this many concessions are reported per counter-statement (the closest)."""
CONTENT_OF_ITS_OWN = 3
"""A rejecting sentence with fewer content words than this (besides the rejection) has no
target of its own and is taken to be about the statement's main claim."""
_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_FACTS = (
    ("ordinal", re.compile(rf"\b(?:{_ORDINALS}|\d{{1,2}}(?:st|nd|rd|th))\b", re.I)),
    ("weekday", re.compile(rf"\b(?:{_WEEKDAYS})\b", re.I)),
    ("month", re.compile(rf"\b(?:{_MONTHS})\b", re.I)),
)


class Act(StrEnum):
    """What a counter-statement sentence does."""

    REPORTED = "reported"
    REJECTION = "rejection"
    DOUBT = "doubt"
    NEGATION = "negation"
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


def _folded(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def read_sentence(unit: Unit, ctx: Context) -> Reading:
    """The act of one counter-statement sentence (see the module docstring)."""
    vocab = load_vocabulary()
    text = _folded(unit.text)
    rejection = vocab.rejections.search(text)
    reported = vocab.reported.search(text)
    if reported and (rejection or _reported_is_negated(text, reported.start())):
        content = text[reported.end() :].strip()
        if len(content_stems(tokenize(content))) >= 2:
            return Reading(Act.REPORTED, content, (rejection or reported).group())
    if rejection:
        return Reading(Act.REJECTION, cue=rejection.group())
    doubt = vocab.doubts.search(text)
    if doubt:
        return Reading(Act.DOUBT, cue=doubt.group())
    if _strong_negation(unit, ctx, text):
        return Reading(Act.NEGATION)
    return Reading(Act.NONE)


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


def _combined(ctx: Context, unit: Unit, others: Sequence[Unit]) -> np.ndarray:
    """Half word similarity (TF-IDF), half meaning (sentence embedding)."""
    words_sim = similarity(ctx.vectors, [unit], others)[0]
    return 0.5 * words_sim + 0.5 * ctx.meaning_of(unit, others)


def _response_units(ctx: Context) -> list[Unit]:
    return [u for doc in ctx.responses for u in ctx.units[doc]]


def main_claim(ctx: Context, responses: Sequence[Unit]) -> Unit:
    """The statement's main claim: its most check-worthy sentence (the first on a tie)."""
    return max(responses, key=lambda u: (u.sentence.checkworthiness, -u.row))


def _nearest_to_text(ctx: Context, text: str, responses: Sequence[Unit]) -> tuple[Unit, float]:
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
    responses = _response_units(ctx)
    if not responses:
        return []
    asserted = {u.row: content_stems(u.tokens) - _negated_clause_stems(u, ctx) for u in responses}
    main = main_claim(ctx, responses)
    drafts: list[Draft] = []
    named = frozenset().union(
        *(ctx.aliases.entities(ctx.documents[doc].text) for doc in ctx.responses)
    )
    for doc in ctx.docs_with(Role.AGAINST):
        units = ctx.units[doc]
        readings = [read_sentence(unit, ctx) for unit in units]
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
            if reading.act == Act.REPORTED:
                target, score = _nearest_to_text(ctx, reading.content, responses)
                if score >= REPORTED_MIN:
                    drafts.append(_denial(ctx, unit, target, max(score, 0.5), "rejects"))
                    continue
            if reading.act in {Act.REPORTED, Act.REJECTION, Act.DOUBT}:
                if specific and _attributed(unit):
                    continue  # a negating sentence says what this rejection only gestures at
                previous = (units[unit.index - 1], readings[unit.index - 1]) if unit.index else None
                draft = _rejection(ctx, unit, responses, _antecedent(ctx, previous, main))
                if reading.act == Act.DOUBT:
                    draft = _doubt(ctx, draft, reading.cue)
                drafts.append(draft)
            elif (denial := negations[unit.index]) is not None:
                drafts.append(denial)
    return drafts


_ATTRIBUTED = re.compile(r"^[^.]{0,60}?\b(?:said|says|told|stated|argued|claimed)\b", re.I)


def _attributed(unit: Unit) -> bool:
    """True for a rejection put in a third party's mouth ("Unison said the claim was
    misleading"): it reports that someone rejects, without saying what."""
    return bool(_ATTRIBUTED.search(unit.text)) and not load_vocabulary().reported.search(
        _folded(unit.text)
    )


ANTECEDENT_MIN = 0.35
"""Least combined similarity for the sentence before an anaphoric rejection ("This too is
incorrect.") to say which response claim "this" is."""


def _antecedent(ctx: Context, previous: tuple[Unit, Reading] | None, main: Unit) -> Unit:
    """What "this" in a rejection points at: the response sentence that the counter-statement's
    previous sentence (with its reading) reports or restates, when it is close to one; else
    the main claim."""
    responses = _response_units(ctx)
    if previous is None or len(responses) < 2:
        return main
    unit, reading = previous
    if reading.act == Act.REPORTED:
        return _nearest_to_text(ctx, reading.content, responses)[0]
    scores = _combined(ctx, unit, responses)
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


def _rejection(ctx: Context, unit: Unit, responses: Sequence[Unit], main: Unit) -> Draft:
    """A wholesale rejection: its own content picks the target when it has some and the
    statement has a sentence near it; otherwise the statement's main claim."""
    vocab = load_vocabulary()
    own = content_stems(tokenize(vocab.rejections.sub(" ", _folded(unit.text))))
    anaphoric = bool(vocab.anaphors.search(_folded(unit.text)))
    target = main
    if len(own) >= CONTENT_OF_ITS_OWN and len(responses) > 1:
        scores = _combined(ctx, unit, responses)
        best = int(np.argmax(scores))
        if not anaphoric or scores[best] >= NEGATION_MIN:
            target = responses[best]
    return _denial(ctx, unit, target, 0.6, "rejects")


def _negation(
    ctx: Context, unit: Unit, responses: Sequence[Unit], asserted: dict[int, set[str]]
) -> Draft | None:
    """A negating sentence against the response sentence it contradicts, when they share a
    negated word the response asserts or are close in meaning."""
    negated = _negated_clause_stems(unit, ctx)
    combined = _combined(ctx, unit, responses)
    meaning = ctx.meaning_of(unit, responses)
    best: tuple[float, Unit] | None = None
    for j, cand in enumerate(responses):
        shared = negated & asserted[cand.row]
        if not shared and meaning[j] < MEANING_MIN:
            continue
        score = float(combined[j]) + 0.15 * min(len(shared), 2)
        if score >= NEGATION_MIN and (best is None or score > best[0]):
            best = (score, cand)
    if best is None:
        return None
    return _denial(ctx, unit, best[1], best[0], "negates")


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
        found.setdefault(f"figure:{_figure_class(key)}", set()).add(key)
    return found


@rule("contradiction", version=2)
def rule_correction(ctx: Context) -> list[Draft]:
    """contradiction.v2: a counter-statement sentence gives a fact of the same kind as the
    response sentence it is about (an ordinal, a weekday, a month, a figure of the same unit)
    with another value, and the response's value appears nowhere in the counter-statement
    (so a part of a total, "£65m of the £100m", is not a correction)."""
    responses = _response_units(ctx)
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
            scores = _combined(ctx, unit, responses)
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


@rule("internal_tension", version=2)
def rule_concession(ctx: Context) -> list[Draft]:
    """internal_tension.v2: a counter-statement that rejects a claim but, in another sentence,
    restates it (the DHSC's "this is wrong" and "the risk level was set to 'Low'"): the
    rebuttal disputes the framing and concedes the fact.  Only the closest few sentences
    are reported."""
    responses = _response_units(ctx)
    drafts: list[Draft] = []
    if not responses:
        return drafts
    for doc in ctx.docs_with(Role.AGAINST):
        readings = {u.index: read_sentence(u, ctx) for u in ctx.units[doc]}
        if not any(r.act in {Act.REJECTION, Act.REPORTED} for r in readings.values()):
            continue
        found = []
        for unit in ctx.units[doc]:
            if readings[unit.index].act != Act.NONE or len(content_stems(unit.tokens)) < 4:
                continue
            meaning = ctx.meaning_of(unit, responses)
            mine = content_stems(unit.tokens)
            shared = [len(mine & content_stems(r.tokens)) for r in responses]
            scores = _combined(ctx, unit, responses)
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
        units = ctx.units[doc]
        for i, first in enumerate(units):
            for second in units[i + 1 :]:
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


FIGURES_MEANING_MIN = 0.45
"""Least sentence-embedding cosine for two unaligned sentences' figures to be about the same
measure ("18,000 people employed directly in renewable energy" and "11,000 jobs supported by
Scotland's renewable energy sector" score 0.56; unrelated sentences of a response under 0.3)."""


def _figure_class(key: str) -> str:
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
            b = next((f for f in theirs if _figure_class(f.key) == _figure_class(a.key)), None)
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
            break
    return drafts


STANCE_RULES: tuple[Rule, ...] = (
    rule_rebuttal,
    rule_correction,
    rule_concession,
    rule_negation_tension,
    rule_figures_across,
)
"""The rules of this module, run after ``rules.RULES``."""
