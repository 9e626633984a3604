"""One small function per finding kind (DESIGN.md 3.3), each named and versioned by its
``@rule(name, version=N)`` decorator (``compare.model``), which stamps its drafts.

Every rule takes the comparison's ``Context`` (documents, aligned sentences, similarity
vectors, cue lists, aliases) and returns ``Draft`` findings; the engine ranks them and
numbers them.  A rule's docstring says where it comes from.  Rules read sentence text as
well as claims, so they still work when the claim extractor misses something.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from textcheck.compare import scoring
from textcheck.compare.alignment import Pair, Unit, best_matches, similarity
from textcheck.compare.cues import load_cues
from textcheck.compare.model import Context, Draft, Rule, rule
from textcheck.compare.signals import (
    claim_category,
    figures,
    is_commitment,
    is_negated,
    is_procedural,
    negation_positions,
    scaled,
    times,
)
from textcheck.compare.wording import Change, Token, diff_words, phrase_span, render_changes, words
from textcheck.records import Evidence, FindingKind, Role, Severity

STOPWORDS = frozenset(load_cues().stopwords)
"""Function words left out of the content words the rules compare."""
_CONJUNCTIONS = frozenset({"and", "or", "nor"})
_DISBELIEF = re.compile(r"\b(?:difficult|hard|impossible) to (?:believe|accept|see)\b", re.I)
_ASKING = re.compile(
    r"\b(?:should|must|call (?:on|upon)|urge|ask|want|need|demand|request)\b", re.IGNORECASE
)
_NEGATIVE_REQUEST = re.compile(r"^\W*(?:do not|don't|stop|never|no)\b", re.IGNORECASE)
_NOT_DENIAL = re.compile(r"^(?:have|has|need|needs) to\b|^only\b|^just\b|^least\b", re.I)
_CALENDAR = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|first|second|third|"
    r"fourth|fifth|last|\d{1,2}(?:st|nd|rd|th))",
    re.IGNORECASE,
)
_DENIAL_VERB = re.compile(r"\b(?:den(?:y|ies|ied)|untrue|not true|false)\b", re.I)


def short(text: str, limit: int = 12) -> str:
    """The first ``limit`` words of ``text`` (with an ellipsis when cut), for summaries."""
    parts = text.split()
    cut = " ".join(parts[:limit])
    return cut + ("…" if len(parts) > limit else "")


def content_stems(tokens: Iterable[Token]) -> set[str]:
    """Stems of the content words among ``tokens`` (stopwords and numbers left out)."""
    return {
        t.stem
        for t in tokens
        if t.is_word and t.stem not in STOPWORDS and t.stem.isalpha() and len(t.stem) > 2
    }


def _phrase(ctx: Context, unit: Unit, lo: int, hi: int, context: int = 4) -> Evidence:
    start, end = phrase_span(unit.tokens, lo, hi, context)
    return ctx.evidence(unit.doc, start, end)


def _side_rule(ctx: Context, doc: int | None, kind: FindingKind) -> list[Draft]:
    """Unpaired claim-bearing sentences of one side of the revision."""
    if doc is None or ctx.earlier is None or ctx.later is None or not ctx.related:
        return []
    other = ctx.later if doc == ctx.earlier else ctx.earlier
    paired = ctx.paired(doc)
    lonely = [u for u in ctx.units[doc] if u.index not in paired]
    if not lonely:
        return []
    best, nearest = best_matches(ctx.vectors, lonely, ctx.units[other])
    drafts = []
    for unit, j, near in zip(lonely, best, nearest, strict=True):
        category = claim_category(unit, ctx.cues)
        if category is None or (unit.doc, unit.index) in ctx.unverified:
            continue
        if ctx.units[other] and _is_split_or_merged(unit, ctx.units[other][j]):
            continue
        if kind == FindingKind.CLAIM_ADDED and ctx.cues.refusal.search(unit.text):
            continue
        what = category if category in {"figure", "commitment", "timeline"} else "claim"
        found = figures(unit) if category == "figure" else []
        if found:  # a quantity claim whose number the figure pattern does not match has none
            start, end = found[0].start, found[0].end
            tail = re.match(r"(?:\s+\w+){0,2}", ctx.documents[doc].text[end : unit.sentence.end])
            phrase = ctx.documents[doc].text[start : end + (tail.end() if tail else 0)]
        else:
            phrase = short(unit.text)
        verb = "drops" if kind == FindingKind.CLAIM_DROPPED else "adds"
        summary = f"{ctx.name(ctx.later).capitalize()} {verb} the {what} '{phrase}'" + (
            f" made in {ctx.name(ctx.earlier)}." if verb == "drops" else "."
        )
        drafts.append(
            Draft(
                kind,
                scoring.side_severity(category),
                scoring.side_score(category, float(near), unit.sentence.checkworthiness),
                summary,
                (ctx.quote(unit),),
                extra={"category": category},
            )
        )
    return drafts


SPLIT_COVERAGE = 0.85
"""Share of a sentence's content words (and all its figures) that its nearest counterpart
must hold for the sentence to count as split off or merged in, not dropped or added."""


def _is_split_or_merged(unit: Unit, nearest: Unit) -> bool:
    """True when ``nearest`` already says what ``unit`` says: a sentence split in two or two
    merged into one leaves one side unpaired without dropping or adding a claim."""
    mine = _stems(unit)
    if not mine:
        return False
    numbers = {t.stem for t in unit.tokens if t.is_word and not t.stem.isalpha()}
    theirs = {t.stem for t in nearest.tokens if t.is_word}
    return len(mine & theirs) >= SPLIT_COVERAGE * len(mine) and numbers <= theirs


@rule("claim_dropped", version=1)
def rule_claim_dropped(ctx: Context) -> list[Draft]:
    """claim_dropped.v1: a claim-bearing sentence of the earlier text (a figure, commitment,
    timeline, assurance or reported action) with no counterpart in the later one.

    From the issue: the Petitions Committee's revised responses drop figures and promises
    that the original made; a sentence that only changed wording is paired, not dropped,
    and one whose words all sit in one sentence of the other text was split or merged.
    """
    return _side_rule(ctx, ctx.earlier, FindingKind.CLAIM_DROPPED)


@rule("claim_added", version=1)
def rule_claim_added(ctx: Context) -> list[Draft]:
    """claim_added.v1: a claim-bearing sentence of the later text with no counterpart in the
    earlier one (refusals are reported by refusal_added instead)."""
    return _side_rule(ctx, ctx.later, FindingKind.CLAIM_ADDED)


def _ladder_shift(ctx: Context, change: Change) -> tuple[int, str] | None:
    """(direction, what) when a replaced word moves on the assurance or modal ladder."""
    for table, what in ((ctx.cues.ladder, "assurance verb"), (ctx.cues.modals, "modal")):
        before = [table[t.stem] for t in change.a if t.stem in table]
        after = [table[t.stem] for t in change.b if t.stem in table]
        if before and after and max(before) != max(after):
            return (-1 if max(after) < max(before) else 1), what
    return None


def _modifier_shift(ctx: Context, change: Change) -> tuple[int, str] | None:
    """(direction, what) when an intensifier or a qualifier is dropped (-1) or added (+1)."""
    removed, added = change.a, change.b
    for tokens, direction in ((removed, -1), (added, 1)):
        other = added if direction == -1 else removed
        other_stems = {t.stem for t in other}
        stems = [t.stem for t in tokens if t.stem not in other_stems]
        if not stems or len(stems) > 4:
            continue
        if any(s in ctx.cues.intensifiers for s in stems):
            return direction, "intensifier"
        content = [s for s in stems if s not in _CONJUNCTIONS]
        coordinated = len(content) <= 2 and len(content) < len(stems)
        qualifier = all(s in ctx.cues.qualifiers for s in content) or coordinated
        if content and qualifier and not other:
            return direction, "qualifier"
    return None


def _strength_rule(ctx: Context, wanted: int, kind: FindingKind) -> list[Draft]:
    drafts = []
    for pair in ctx.pairs:
        for change in diff_words(pair.a.tokens, pair.b.tokens):
            shift = _ladder_shift(ctx, change) if change.tag == "replace" else None
            shift = shift or _modifier_shift(ctx, change)
            if shift is None or shift[0] != wanted:
                continue
            what = shift[1]
            a_ev = _phrase(ctx, pair.a, change.a_at, change.a_at + len(change.a))
            b_ev = _phrase(ctx, pair.b, change.b_at, change.b_at + len(change.b))
            verb = "softens" if wanted < 0 else "strengthens"
            summary = (
                f"{ctx.name(pair.b.doc).capitalize()} {verb} '{a_ev.quote}' to "
                f"'{b_ev.quote}' ({what} {'weakened or dropped' if wanted < 0 else 'added'})."
            )
            commitment = is_commitment(pair.a, ctx.cues) or is_commitment(pair.b, ctx.cues)
            ctx.explained.add((pair.a.row, pair.b.row))
            drafts.append(
                Draft(
                    kind,
                    scoring.strength_severity(what, commitment),
                    scoring.strength_score(what, pair.similarity),
                    summary,
                    (a_ev, b_ev),
                    extra={"changes": render_changes((change,))},
                )
            )
            break
        else:
            drafts += _claim_strength_shift(ctx, pair, wanted, kind)
    return drafts


def _claim_strength_shift(ctx: Context, pair: Pair, wanted: int, kind: FindingKind) -> list[Draft]:
    """The extractor's view when no word-level cue fired: the pair's claims moved on the
    assurance ladder (``Claim.strength``, guarantee > ensure > drive > support > encourage)."""
    before = max((c.strength for c in pair.a.sentence.claims), default=0)
    after = max((c.strength for c in pair.b.sentence.claims), default=0)
    if not before or not after or (after > before) != (wanted > 0) or after == before:
        return []
    ctx.explained.add((pair.a.row, pair.b.row))
    verb = "softens" if wanted < 0 else "strengthens"
    return [
        Draft(
            kind,
            Severity.MEDIUM,
            round(scoring.strength_score("assurance verb", pair.similarity) * 0.9, 3),
            f"{ctx.name(pair.b.doc).capitalize()} {verb} the assurance of "
            f"'{short(pair.b.text, 12)}' (strength {before} to {after}).",
            (ctx.quote(pair.a), ctx.quote(pair.b)),
        )
    ]


@rule("softened", version=1)
def rule_softened(ctx: Context) -> list[Draft]:
    """softened.v1: in a paired sentence, a word moves down the assurance ladder
    (guarantee > ensure > drive > support > encourage) or the modal ladder (will > intend to
    > aim to > may), or an intensifier ("strongly") or a qualifier of a list ("objective and")
    is dropped; failing a word cue, the extractor's claim strength drops.  From the issue's
    examples and the 241560 revision."""
    return _strength_rule(ctx, -1, FindingKind.SOFTENED)


@rule("strengthened", version=1)
def rule_strengthened(ctx: Context) -> list[Draft]:
    """strengthened.v1: the mirror of softened.v1 (a word moves up a ladder, or an
    intensifier or qualifier is added)."""
    return _strength_rule(ctx, 1, FindingKind.STRENGTHENED)


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
        changes = render_changes(diff_words(pair.a.tokens, pair.b.tokens))
        drafts.append(
            Draft(
                kind,
                severity,
                scoring.pair_score(kind, pair.similarity),
                f"{ctx.name(pair.b.doc).capitalize()} {what}.",
                (ctx.quote(pair.a), ctx.quote(pair.b)),
                extra={"changes": changes},
            )
        )
    return drafts


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
        old = ", ".join(f.text for f in figures(pair.a)) or "no figure"
        new = ", ".join(f.text for f in figures(pair.b)) or "no figure"
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
    one (or, with one response, appears at all).  Cue list: data/cues.json ``refusals``.
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
    shared = _stems(unit) & asked
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
    asked = _stems(request) if request is not None else set()
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


def _negated_terms(ctx: Context, unit: Unit) -> list[set[str]]:
    """Per negation or denial verb of the sentence, the content stems of the few words after
    it ("does not have targets" gives {"target"}); negations inside a disbelief frame
    ("difficult to believe that ... are not") and "not have to" / "not only" are skipped."""
    word_tokens = words(unit.tokens)
    positions = negation_positions(unit, ctx.cues)
    positions += [i for i, t in enumerate(word_tokens) if _DENIAL_VERB.fullmatch(t.text)]
    disbelief = _DISBELIEF.search(unit.text)
    cut = unit.sentence.start + disbelief.start() if disbelief else None
    clauses = []
    for i in sorted(positions):
        if cut is not None and word_tokens[i].start > cut:
            continue
        following = word_tokens[i + 1 : i + 6]
        if _NOT_DENIAL.match(" ".join(t.text for t in following)):
            continue
        if terms := content_stems(following):
            clauses.append(terms)
    return clauses


@rule("denial", version=1)
def rule_denial(ctx: Context) -> list[Draft]:
    """denial.v1: a counter-statement negates what a response claims: a negated or denied
    term ("ATOS Healthcare does not have targets") that a response asserts ("We set our PIP
    assessment providers challenging targets").  Organisations are matched through the alias
    table, so a denial by "ATOS Healthcare" counts against a response naming "Independent
    Assessment Services"."""
    responses = [u for doc in ctx.responses for u in ctx.units[doc]]
    if not responses:
        return []
    response_entities = frozenset().union(
        *(ctx.aliases.entities(ctx.documents[doc].text) for doc in ctx.responses)
    )
    asserted = {c.row: _asserted(ctx, c) for c in responses}
    stems = {c.row: _stems(c) for c in responses}
    surface = {c.row: _surface(c) for c in responses}
    by_stem: dict[str, list[Unit]] = {}
    for cand in responses:
        for term in asserted[cand.row]:
            by_stem.setdefault(term, []).append(cand)
    drafts = []
    for doc in ctx.docs_with(Role.AGAINST):
        for unit in ctx.units[doc]:
            clauses = _negated_terms(ctx, unit)
            if not clauses:
                continue
            terms = set().union(*clauses)
            found = {c.row: c for term in terms for c in by_stem.get(term, [])}
            candidates = [found[row] for row in sorted(found)]
            if not candidates:
                continue
            sims = similarity(ctx.vectors, [unit], candidates)[0]
            mine = {t.text.lower() for t in words(unit.tokens)}
            scored = []
            for cand, sim in zip(candidates, sims, strict=True):
                overlap = max(len(c & stems[cand.row]) / len(c) for c in clauses)
                exact = bool(mine & surface[cand.row])
                scored.append((float(sim) + 0.4 * overlap + 0.1 * exact, -cand.row, cand))
            best_score, _, best = max(scored, key=lambda s: (s[0], s[1]))
            entities = ctx.aliases.entities(unit.text)
            outside = entities - ctx.aliases.government
            if outside and not outside & response_entities:
                continue
            if best_score < scoring.DENIAL_MIN:
                continue
            drafts.append(
                Draft(
                    FindingKind.DENIAL,
                    Severity.HIGH if entities or best_score >= 0.6 else Severity.MEDIUM,
                    scoring.denial_score(best_score, bool(entities)),
                    f"{ctx.name(doc).capitalize()} denies what {ctx.name(best.doc)} claims: "
                    f"'{short(unit.text, 12)}' against '{short(best.text, 12)}'.",
                    (ctx.quote(unit), ctx.quote(best)),
                    extra={"terms": ", ".join(sorted(terms & _stems(best)))},
                )
            )
    return drafts


def _asserted(ctx: Context, unit: Unit) -> set[str]:
    """Content stems a sentence asserts: all of them but those a negation covers."""
    negated = set().union(*_negated_terms(ctx, unit))
    return _stems(unit) - negated


def _stems(unit: Unit) -> set[str]:
    return content_stems(unit.tokens)


def _surface(unit: Unit) -> set[str]:
    return {t.text.lower() for t in words(unit.tokens) if t.stem not in STOPWORDS}


@rule("contradiction", version=1)
def rule_contradiction(ctx: Context) -> list[Draft]:
    """contradiction.v1: the same statement with opposite polarity across the revision (a
    paired sentence gains or loses a negation), or incompatible figures of the same unit in
    a response and a counter-statement about the same thing (not when the counter-statement
    also gives the response's figure: then its own is a part of it)."""
    drafts = []
    for pair in ctx.pairs:
        if is_negated(pair.a, ctx.cues) == is_negated(pair.b, ctx.cues):
            continue
        ctx.explained.add((pair.a.row, pair.b.row))
        drafts.append(
            Draft(
                FindingKind.CONTRADICTION,
                Severity.HIGH,
                scoring.pair_score(FindingKind.CONTRADICTION, pair.similarity),
                f"{ctx.name(pair.b.doc).capitalize()} reverses {ctx.name(pair.a.doc)}: "
                f"'{short(pair.a.text, 10)}' against '{short(pair.b.text, 10)}'.",
                (ctx.quote(pair.b), ctx.quote(pair.a)),
            )
        )
    drafts += _polarity_clashes(ctx)
    responses = [u for doc in ctx.responses for u in ctx.units[doc] if figures(u)]
    pairs = _nearest_responses(
        ctx, lambda u: bool(figures(u)), responses, scoring.CONTRADICTION_MIN
    )
    for doc, unit, other, score in pairs:
        mine = {_unit_of(f.key): f.key for f in figures(unit)}
        theirs = {_unit_of(f.key): f.key for f in figures(other)}
        said = {f.scaled_key for u in ctx.units[doc] for f in figures(u)}
        clash = [
            u
            for u in mine
            if u in theirs and mine[u] != theirs[u] and scaled(theirs[u]) not in said
        ]
        if not clash:
            continue
        summary = (
            f"{ctx.name(doc).capitalize()} gives {mine[clash[0]]} where "
            f"{ctx.name(other.doc)} gives {theirs[clash[0]]}."
        )
        drafts.append(_contradiction(ctx, unit, other, score, summary))
    return drafts


def _contradiction(ctx: Context, unit: Unit, other: Unit, score: float, summary: str) -> Draft:
    """A contradiction.v1 draft quoting a counter-statement sentence and its response match."""
    return Draft(
        FindingKind.CONTRADICTION,
        Severity.HIGH,
        scoring.pair_score(FindingKind.CONTRADICTION, score),
        summary,
        (ctx.quote(unit), ctx.quote(other)),
    )


def _nearest_responses(
    ctx: Context, keep: Callable[[Unit], bool], responses: Sequence[Unit], min_score: float
) -> Iterable[tuple[int, Unit, Unit, float]]:
    """Each kept sentence of each counter-statement with its most similar response sentence,
    when the two are at least ``min_score`` alike: (document, sentence, response, score)."""
    if not responses:
        return
    for doc in ctx.docs_with(Role.AGAINST):
        against = [u for u in ctx.units[doc] if keep(u)]
        if not against:
            continue
        best, scores = best_matches(ctx.vectors, against, responses)
        for unit, j, score in zip(against, best, scores, strict=True):
            if score >= min_score:
                yield doc, unit, responses[j], float(score)


def _polarity_clashes(ctx: Context) -> list[Draft]:
    """A counter-statement asserting what a response negates ("primary schools are required
    to teach" against "are not required to teach"); the reverse is denial.v1's."""
    responses = [u for doc in ctx.responses for u in ctx.units[doc] if is_negated(u, ctx.cues)]
    drafts = []
    pairs = _nearest_responses(
        ctx, lambda u: not is_negated(u, ctx.cues), responses, scoring.POLARITY_MIN
    )
    for doc, unit, other, score in pairs:
        negated = set().union(*_negated_terms(ctx, other))
        if len(negated & _stems(unit)) < 2:
            continue
        summary = (
            f"{ctx.name(doc).capitalize()} asserts what {ctx.name(other.doc)} denies: "
            f"'{short(unit.text, 12)}' against '{short(other.text, 12)}'."
        )
        drafts.append(_contradiction(ctx, unit, other, score, summary))
    return drafts


def _unit_of(key: str) -> str:
    return re.sub(r"[\d.£,]", "", key) or "number"


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
                shared = _stems(refusal) & _stems(value)
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


@rule("unverifiable", version=1)
def rule_unverifiable(ctx: Context) -> list[Draft]:
    """unverifiable.v1: a text that stops mid-sentence; what the other text says after the
    cut cannot be called dropped or added (DESIGN.md 3.3)."""
    drafts = []
    for doc, document in enumerate(ctx.documents):
        if not document.truncated or not ctx.units[doc]:
            continue
        last = ctx.units[doc][-1]
        partner = ctx.paired(doc).get(last.index)
        if partner is not None and partner.a.text == partner.b.text:
            continue
        others = sorted(u for u in ctx.unverified if u[0] != doc)
        evidence = [ctx.quote(last)]
        if others:
            first = ctx.units[others[0][0]][others[0][1]]
            evidence.append(ctx.quote(first))
        count = len(others)
        summary = f"{ctx.name(doc).capitalize()} stops mid-sentence ('…{last.text[-40:]}')" + (
            f", so {count} sentence{'s' if count != 1 else ''} of the other text after the "
            "cut cannot be checked."
            if count
            else "; anything after the cut is unknown."
        )
        drafts += _unverifiable_claims(ctx, others)
        drafts.append(
            Draft(
                FindingKind.UNVERIFIABLE,
                Severity.MEDIUM if count else Severity.LOW,
                scoring.unverifiable_score(count),
                summary,
                tuple(evidence),
            )
        )
    return drafts


def _unverifiable_claims(ctx: Context, hidden: Sequence[tuple[int, int]]) -> list[Draft]:
    """One finding per claim whose counterpart would lie beyond the other text's cut."""
    drafts = []
    for doc, index in hidden:
        unit = ctx.units[doc][index]
        category = claim_category(unit, ctx.cues)
        if category is None:
            continue
        other = ctx.later if doc == ctx.earlier else ctx.earlier
        assert other is not None
        drafts.append(
            Draft(
                FindingKind.UNVERIFIABLE,
                Severity.LOW,
                round(scoring.BASE_SCORES[FindingKind.UNVERIFIABLE] * 0.8, 3),
                f"The {category} '{short(unit.text, 12)}' of {ctx.name(doc)} cannot be checked: "
                f"its counterpart would lie beyond the cut of {ctx.name(other)}.",
                (ctx.quote(unit),),
                "unverifiable.v2",
                {"category": category},
            )
        )
    return drafts


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


RULES: tuple[Rule, ...] = (
    rule_claim_dropped,
    rule_claim_added,
    rule_softened,
    rule_strengthened,
    rule_figure_changed,
    rule_timing_changed,
    rule_scope_changed,
    rule_refusal_added,
    rule_request_unaddressed,
    rule_contradiction,
    rule_denial,
    rule_internal_tension,
    rule_unverifiable,
    rule_moved,
    rule_reworded,
)
"""Every rule, in the order they run (moved and reworded last: they report what the
others left unexplained)."""
