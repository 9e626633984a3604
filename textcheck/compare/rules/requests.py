"""refusal_added and request_unaddressed: how a response answers the petition's request."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Pair, Unit, similarity
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import STOPWORDS, content_stems, short, stems
from textcheck.compare.signals import (
    is_commitment,
    is_procedural,
)
from textcheck.compare.wording import (
    Token,
    words,
)
from textcheck.records import FindingKind, Severity

_ASKING = re.compile(
    r"\b(?:should|must|call (?:on|upon)|urge|ask|want|need|demand|request)\b", re.IGNORECASE
)
_NEGATIVE_REQUEST = re.compile(r"^\W*(?:do not|don't|stop|never|no)\b", re.IGNORECASE)


def _request_units(ctx: Context) -> list[Unit]:
    """The petition's sentences (its action first)."""
    return list(ctx.units[ctx.petition]) if ctx.petition is not None else []


def _request_families(ctx: Context) -> list[frozenset[str]]:
    """Action families the petition asks for, read from its action (first sentence) and its
    sentences that ask ("should", "must", "call on", "urge") and restate the action by
    meaning ("The Government should extend free school meals" for "Fund free school meals";
    not a background's "we demand a chance to change the law" under "We Demand A Vote"); a
    first word outside every family forms its own family, so an unknown request verb still
    counts."""
    request = [u for i, u in enumerate(_request_units(ctx)) if i == 0 or _ASKING.search(u.text)]
    if not request:
        return []
    if len(ctx.meaning):
        closeness = ctx.meaning_of(request[0], request)
        request = [u for u, c in zip(request, closeness, strict=True) if c >= RESTATES_MIN]
        request = request or _request_units(ctx)[:1]
    stems = {t.stem for u in request for t in u.tokens if t.is_word}
    families = [f for f in ctx.cues.families if f & stems]
    first = next((t.stem for t in request[0].tokens if t.is_word), "")
    if first and first not in STOPWORDS and not any(first in f for f in families):
        families.append(frozenset({first}))
    return families


def _best_request_unit(ctx: Context, unit: Unit | None = None) -> Unit | None:
    request = _request_units(ctx)
    if not request:
        return None
    if unit is None:
        return request[0]
    scores = similarity(ctx.vectors, [unit], request)[0]
    return request[int(np.argmax(scores))]


def _negative_request(ctx: Context) -> bool:
    """True when the petition asks the government not to act ("Do not remove ..."): a
    refusal to change then grants the request rather than refusing it."""
    request = _request_units(ctx)
    return bool(request) and bool(_NEGATIVE_REQUEST.match(request[0].text))


def _is_relevant_refusal(ctx: Context, unit: Unit) -> bool:
    """True when a refusal concerns the petition's request (shares its action words)."""
    stems = {t.stem for t in unit.tokens}
    return any(f & stems for f in _request_families(ctx))


def _now_names_request(ctx: Context, pair: Pair) -> bool:
    """True when a refusal kept across the revision now names the petition's action ("no
    plans to change cannabis policy" becomes "... or allow a public vote")."""
    families = _request_families(ctx)
    before = {t.stem for t in pair.a.tokens}
    after = {t.stem for t in pair.b.tokens}
    return any(f & after and not f & before for f in families)


@rule("refusal_added", version=1)
def rule_refusal_added(ctx: Context) -> list[Draft]:
    """refusal_added.v1: an explicit refusal ("no plans to", "do not believe ... is
    necessary", "cannot commit") appears in the later response and was not in the earlier
    one (or, with one response, appears at all).  Cue list: the shared refusal formulas
    (``textcheck/data/vocabulary.json``).
    When the petition asks the government not to act ("Do not remove ..."), "no plans to
    change" grants the request and is not reported."""
    targets = [ctx.later] if ctx.later is not None else ctx.responses
    if _negative_request(ctx):
        return []
    drafts = []
    for doc in targets:
        if doc is None:
            continue
        paired = ctx.paired(doc)
        for unit in ctx.units[doc]:
            match = ctx.cues.refusal.search(unit.text)
            if not match or is_procedural(unit, ctx.cues) or (doc, unit.index) in ctx.unverified:
                continue
            pair = paired.get(unit.index)
            kept = pair is not None and bool(ctx.cues.refusal.search(pair.a.text))
            if kept and pair is not None and not _now_names_request(ctx, pair):
                continue
            relevant = _is_relevant_refusal(ctx, unit)
            request = _best_request_unit(ctx, unit)
            evidence = ((ctx.quote(request),) if request else ()) + (ctx.quote(unit),)
            summary = (
                f"{ctx.name(doc).capitalize()} refuses"
                + (" the petition's request" if relevant else "")
                + f": '{short(unit.text, 16)}'."
            )
            drafts.append(
                Draft(
                    FindingKind.REFUSAL_ADDED,
                    Severity.HIGH if relevant else Severity.MEDIUM,
                    scoring.refusal_score(relevant, unit.sentence.checkworthiness),
                    summary,
                    evidence,
                    extra={"cue": match.group()},
                )
            )
    return drafts


RESTATES_MIN = 0.5
"""Least sentence-embedding cosine for a petition's asking sentence to restate its action
(measured: 0.66 for a restatement, 0.33 and under for background demands)."""
TOPIC_WORDS = 3
"""Words of the petition's request besides the action word that a sentence naming the action
must share to engage it without a stance (two are too few: "social media" is in every
sentence of a response about social media)."""


def _engaging_word(
    ctx: Context, unit: Unit, families: list[frozenset[str]], near: set[str], asked: set[str]
) -> Token | None:
    """True when a response sentence takes up the petition's action: it names the action
    (a word of its family) next to a word the petition puts next to it ("independent
    review"), or together with two more words of the petition's action, or while refusing
    or committing.  Topic words alone (every sentence of a PIP response says "PIP
    assessment") never count as engaging."""
    refusal = bool(ctx.cues.refusal.search(unit.text))
    word_tokens = words(unit.tokens)
    if refusal and _negative_request(ctx):
        return word_tokens[0] if word_tokens else None
    stance = refusal or is_commitment(unit, ctx.cues)
    shared = stems(unit) & asked
    for i, token in enumerate(word_tokens):
        if not any(token.stem in f for f in families):
            continue
        if i > 0 and token.text[:1].isupper():
            continue  # part of a name ("Hackitt's Independent Review"), not the action
        neighbours = {t.stem for t in word_tokens[max(0, i - 2) : i + 3]} - {token.stem}
        if neighbours & near or stance or len(shared - {token.stem}) >= TOPIC_WORDS:
            return token
    return None


@rule("request_unaddressed", version=1)
def rule_request_unaddressed(ctx: Context) -> list[Draft]:
    """request_unaddressed.v1: no sentence of a response engages the action the petition
    asks for; the petition's own text is the reference.  From the Petitions Committee's
    practice of asking for a revised response "which more directly addressed the request"."""
    families = _request_families(ctx)
    if not families or ctx.petition is None:
        return []
    near: set[str] = set()
    for unit in _request_units(ctx):
        word_tokens = words(unit.tokens)
        for i, token in enumerate(word_tokens):
            if any(token.stem in f for f in families):
                near |= content_stems(word_tokens[max(0, i - 2) : i + 3]) - {token.stem}
    drafts = []
    request = _best_request_unit(ctx)
    asked = stems(request) if request is not None else set()
    asked_words = {t.stem for u in _request_units(ctx) for t in words(u.tokens)}
    for doc in ctx.responses:
        units = ctx.units[doc]
        if not units:
            continue
        engaging = [(u, _engaging_word(ctx, u, families, near, asked)) for u in units]
        taken = [(u, w) for u, w in engaging if w is not None]
        if taken:
            drafts += _substituted_action(ctx, request, taken, asked_words)
            continue
        assert request is not None
        closest = (
            units[int(np.argmax(ctx.meaning_of(request, units)))] if len(ctx.meaning) else units[0]
        )
        cut = ctx.documents[doc].truncated
        drafts.append(
            Draft(
                FindingKind.REQUEST_UNADDRESSED,
                Severity.MEDIUM if cut else Severity.HIGH,
                round(
                    scoring.BASE_SCORES[FindingKind.REQUEST_UNADDRESSED] * (0.8 if cut else 1.0), 3
                ),
                f"{ctx.name(doc).capitalize()} never says"
                + (" (in the part recorded before its cut)" if cut else "")
                + " whether the government will do what the petition asks: "
                f"'{short(request.text, 16)}'.",
                (ctx.quote(request), ctx.quote(closest)),
            )
        )
    return drafts


def _substituted_action(
    ctx: Context, request: Unit | None, taken: Sequence[tuple[Unit, Token]], asked: set[str]
) -> list[Draft]:
    """scope_changed.v2: a response takes up the petition's action only through another word
    of its family (a "review" where the petition asks for an "inquiry"): it answers a
    narrower or different request than the one made."""
    if request is None or any(word.stem in asked for _, word in taken):
        return []
    unit, word = taken[0]
    asked_word = next(
        (
            t.text
            for t in words(request.tokens)
            if any(t.stem in f and word.stem in f for f in ctx.cues.families)
        ),
        "",
    )
    if not asked_word:
        return []
    return [
        Draft(
            FindingKind.SCOPE_CHANGED,
            Severity.HIGH,
            round(scoring.BASE_SCORES[FindingKind.SCOPE_CHANGED], 3),
            f"{ctx.name(unit.doc).capitalize()} offers a {word.text.lower()} where the petition "
            f"asks for a {asked_word.lower()}: '{short(unit.text, 14)}'.",
            (ctx.quote(request), ctx.quote(unit)),
            "scope_changed.v2",
        )
    ]
