"""denial.v1 and contradiction.v1: the same words with the opposite polarity, and figures
that clash, across a response and a counter-statement or a revision."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit, best_matches, similarity
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import STOPWORDS, content_stems, contradiction, short, stems
from textcheck.compare.signals import (
    figures,
    is_negated,
    negation_positions,
    scaled,
)
from textcheck.compare.wording import (
    words,
)
from textcheck.records import FindingKind, Role, Severity

_DISBELIEF = re.compile(r"\b(?:difficult|hard|impossible) to (?:believe|accept|see)\b", re.I)
_NOT_DENIAL = re.compile(r"^(?:have|has|need|needs) to\b|^only\b|^just\b|^least\b", re.I)
_DENIAL_VERB = re.compile(r"\b(?:den(?:y|ies|ied)|untrue|not true|false)\b", re.I)


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
    stem_sets = {c.row: stems(c) for c in responses}
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
                overlap = max(len(c & stem_sets[cand.row]) / len(c) for c in clauses)
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
                    extra={"terms": ", ".join(sorted(terms & stems(best)))},
                )
            )
    return drafts


def _asserted(ctx: Context, unit: Unit) -> set[str]:
    """Content stems a sentence asserts: all of them but those a negation covers."""
    negated = set().union(*_negated_terms(ctx, unit))
    return stems(unit) - negated


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
        drafts.append(contradiction(ctx, unit, other, score, summary))
    return drafts


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
        if len(negated & stems(unit)) < 2:
            continue
        summary = (
            f"{ctx.name(doc).capitalize()} asserts what {ctx.name(other.doc)} denies: "
            f"'{short(unit.text, 12)}' against '{short(other.text, 12)}'."
        )
        drafts.append(contradiction(ctx, unit, other, score, summary))
    return drafts


def _unit_of(key: str) -> str:
    return re.sub(r"[\d.£,]", "", key) or "number"
