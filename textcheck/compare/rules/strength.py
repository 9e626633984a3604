"""softened and strengthened: a commitment moved down or up the strength ladder, or a
claim hedged (DESIGN.md 3.3)."""

from __future__ import annotations

from textcheck.compare import scoring
from textcheck.compare.alignment import Pair, Unit
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import STOPWORDS, short
from textcheck.compare.signals import (
    is_commitment,
)
from textcheck.compare.wording import (
    Change,
    clause_span,
    diff_words,
    phrase_span,
    render_changes,
    words,
)
from textcheck.records import Evidence, FindingKind, Severity

_CONJUNCTIONS = frozenset({"and", "or", "nor"})


def _phrase(ctx: Context, unit: Unit, lo: int, hi: int, context: int = 4) -> Evidence:
    start, end = phrase_span(unit.tokens, lo, hi, context)
    return ctx.evidence(unit.doc, start, end)


def _ladder_shift(ctx: Context, change: Change) -> tuple[int, str] | None:
    """(direction, what) when a replaced word moves on the assurance or modal ladder."""
    either = {**ctx.cues.modals, **ctx.cues.ladder}  # "ensure" replaced by "consider"
    tables = (
        (ctx.cues.ladder, "assurance verb"),
        (ctx.cues.modals, "modal"),
        (either, "assurance verb"),
    )
    for table, what in tables:
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


def _ladder_uses(ctx: Context, unit: Unit) -> dict[str, tuple[float, int, str]]:
    """Per object word of a ladder verb ("encourage employers" gives "employ"): the verb's
    strength (half a step more after an intensifier, "strongly encourage"), the verb's word
    position and its stem.  A ladder word after a determiner or a preposition ("through the
    support of") is a noun, not a verb (the shared ladder's ``noun_before``)."""
    tokens = words(unit.tokens)
    uses: dict[str, tuple[float, int, str]] = {}
    for i, token in enumerate(tokens):
        strength = ctx.cues.ladder.get(token.stem)
        if strength is None or ctx.cues.noun_before.search(
            unit.text[: token.start - unit.sentence.start]
        ):
            continue
        boosted = i > 0 and tokens[i - 1].stem in ctx.cues.intensifiers
        following = [t for t in tokens[i + 1 : i + 3] if t.stem not in STOPWORDS]
        if following and following[0].stem.isalpha():
            uses.setdefault(following[0].stem, (strength + 0.5 * boosted, i - boosted, token.stem))
    return uses


OTHER_VERB_MIN = 0.45
"""Least sentence-embedding cosine for two unaligned sentences to make the same point when
their ladder verbs differ ("ensure schools" / "support schools"); the same verb with its
intensifier lost ("strongly encourage employers" / "encourage employers") needs none."""
ACROSS_WORDS = 7
"""Words quoted from a ladder verb on (its intensifier first), within its clause."""


def _clause(ctx: Context, unit: Unit, at: int) -> Evidence:
    """Up to ``ACROSS_WORDS`` words from word ``at`` on, stopping at the clause's end."""
    start, end = clause_span(unit.tokens, at, at + 1, ACROSS_WORDS - 1, before=False)
    return ctx.evidence(unit.doc, start, end)


def _strength_across(ctx: Context, wanted: int, kind: FindingKind) -> list[Draft]:
    """A ladder verb with the same object in two sentences of the versions that did not
    align, at another strength ("we strongly encourage employers to go beyond" against "We
    encourage employers to support women")."""
    if ctx.earlier is None or ctx.later is None or not ctx.related:
        return []
    paired_a, paired_b = ctx.paired(ctx.earlier), ctx.paired(ctx.later)
    later = [
        (u, _ladder_uses(ctx, u))
        for u in ctx.units[ctx.later]
        if u.index not in paired_b and (u.doc, u.index) not in ctx.unverified
    ]
    drafts = []
    for unit in ctx.units[ctx.earlier]:
        if unit.index in paired_a or (unit.doc, unit.index) in ctx.unverified:
            continue
        mine = _ladder_uses(ctx, unit)
        for other, theirs in later:
            close = float(ctx.meaning_of(unit, [other])[0]) >= OTHER_VERB_MIN
            shared = [(o, mine[o], theirs[o]) for o in mine if o in theirs]
            moved = [
                s
                for s in shared
                if (s[2][0] > s[1][0]) == (wanted > 0)
                and s[2][0] != s[1][0]
                and (s[1][2] == s[2][2] or close)  # another verb only for the same point
            ]
            if not moved:
                continue
            _, (_, at_a, _), (_, at_b, _) = moved[0]
            a_ev, b_ev = _clause(ctx, unit, at_a), _clause(ctx, other, at_b)
            verb = "softens" if wanted < 0 else "strengthens"
            drafts.append(
                Draft(
                    kind,
                    Severity.MEDIUM,
                    round(scoring.strength_score("assurance verb", 0.5), 3),
                    f"{ctx.name(other.doc).capitalize()} {verb} '{a_ev.quote}' to "
                    f"'{b_ev.quote}' in a sentence rewritten around it.",
                    (a_ev, b_ev),
                )
            )
            break
    return drafts


@rule("softened", version=2)
def rule_softened_across(ctx: Context) -> list[Draft]:
    """softened.v2: a ladder verb with the same object moves down the ladder, or loses its
    intensifier, between sentences that were rewritten too much to align."""
    return _strength_across(ctx, -1, FindingKind.SOFTENED)


@rule("strengthened", version=2)
def rule_strengthened_across(ctx: Context) -> list[Draft]:
    """strengthened.v2: the mirror of softened.v2."""
    return _strength_across(ctx, 1, FindingKind.STRENGTHENED)
