"""A rebuttal that says the opposite without a word of rejection: it asserts what the
statement negates ("has never lost a campaign" against "He lost to Labour's Martyn Jones"),
or puts the same measure on the other pole ("1.7 million fewer people are living in
poverty" against "the number in relative poverty ... is up by 900,000").

Both are cues of contradiction detection between sentence pairs (polarity and antonymy:
de Marneffe, Rafferty and Manning, 2008, "Finding Contradictions in Text"), here read only in
a counter-statement that rebuts something, so a plain statement of fact next to an unrelated
claim is not called a contradiction.
"""

from __future__ import annotations

import re

import numpy as np

from textcheck.compare.alignment import Unit
from textcheck.compare.model import Context, Draft, rule
from textcheck.compare.rules.common import STOPWORDS, content_stems, contradiction, short
from textcheck.compare.rules.reading import Act, load_vocabulary, reading_of, response_units
from textcheck.compare.signals import is_negated, negation_positions
from textcheck.compare.wording import words
from textcheck.records import Role, Severity

HEAD_WORDS = 3
"""Words after a negation searched for the word it negates ("never lost", "not of the
Government")."""
OPPOSITE_MIN = 0.4
"""Least sentence-embedding cosine for two sentences on opposite poles to be about the same
measure (or they share a content word and reach ``OPPOSITE_SHARED_MIN``)."""
OPPOSITE_SHARED_MIN = 0.25
"""Least cosine when the two sentences also share a content word ("poverty")."""


def _rebutting(ctx: Context, doc: int) -> list[Unit]:
    """The asserting sentences of a counter-statement that rebuts something (any sentence of
    it rejects, reports-to-reject, doubts, negates or narrows); none when it rebuts nothing."""
    readings = [(u, reading_of(ctx, u)) for u in ctx.units[doc]]
    if all(r.act == Act.NONE for _, r in readings):
        return []
    return [u for u, r in readings if r.act == Act.NONE and not is_negated(u, ctx.cues)]


def _negated_heads(ctx: Context, unit: Unit) -> dict[str, bool]:
    """The word each negation of the sentence negates (the first content word after it,
    outside the frames that do not deny: "not only", "not known"), by stem, with whether it
    is capitalised (a name must meet a name)."""
    tokens = words(unit.tokens)
    weak = load_vocabulary().weak_negations
    heads: dict[str, bool] = {}
    for i in negation_positions(unit, ctx.cues):
        if weak.search(" ".join(t.text for t in tokens[i : i + 4])):
            continue
        for token in tokens[i + 1 : i + 1 + HEAD_WORDS]:
            if token.stem not in STOPWORDS and token.stem.isalpha() and len(token.stem) > 2:
                heads[token.stem] = token.text[:1].isupper()
                break
    return heads


@rule("contradiction", version=4)
def rule_asserts_the_negated(ctx: Context) -> list[Draft]:
    """contradiction.v4: a rebuttal asserts the very word a response sentence negates ("has
    never lost a campaign" against "He lost to Labour's Martyn Jones"; "the responsibility of
    the BBC, not of the Government" against "It was the Government who decided")."""
    negated = [
        (u, _negated_heads(ctx, u))
        for u in response_units(ctx)
        if is_negated(u, ctx.cues) and not ctx.cues.refusal.search(u.text)
    ]
    negated = [(u, heads) for u, heads in negated if heads]
    drafts = []
    for doc in ctx.docs_with(Role.AGAINST):
        asserting = _rebutting(ctx, doc)
        for other, heads in negated:
            for unit in asserting:
                said = {t.stem: t.text for t in words(unit.tokens)}
                shared = sorted(
                    s for s in heads.keys() & said.keys() if heads[s] or said[s][:1].islower()
                )  # "privatise the NHS" is not met by "the NHS Long Term Plan"
                if shared:
                    summary = (
                        f"{ctx.name(doc).capitalize()} asserts '{said[shared[0]]}' where "
                        f"{ctx.name(other.doc)} denies it: '{short(unit.text, 12)}' against "
                        f"'{short(other.text, 12)}'."
                    )
                    drafts.append(contradiction(ctx, unit, other, 0.5, summary, Severity.MEDIUM))
                    break
    return drafts


def _pole(text: str, pair: tuple[re.Pattern[str], re.Pattern[str]]) -> tuple[int, str] | None:
    """Which pole of an opposite pair the sentence is on (0 or 1, with the word), or None
    when it is on neither or on both."""
    first, second = pair[0].search(text), pair[1].search(text)
    if bool(first) == bool(second):
        return None
    match = first or second
    assert match is not None
    return (0 if first else 1), match.group()


@rule("contradiction", version=5)
def rule_opposite_poles(ctx: Context) -> list[Draft]:
    """contradiction.v5: a sentence of a rebuttal and the response sentence nearest in
    meaning sit on opposite poles of one scale (a rise and a fall, won and lost, met and
    missed a target, published and unpublished): "1.7 million fewer people are living in
    poverty" against "... in relative poverty ... is up by 900,000"."""
    responses = response_units(ctx)
    opposites = load_vocabulary().opposites
    drafts = []
    for doc in ctx.docs_with(Role.AGAINST):
        for unit in _rebutting(ctx, doc):
            meaning = ctx.meaning_of(unit, responses)
            mine = content_stems(unit.tokens)
            for j in np.argsort(-meaning)[:2]:
                other = responses[int(j)]
                shared = bool(mine & content_stems(other.tokens))
                if meaning[j] < (OPPOSITE_SHARED_MIN if shared else OPPOSITE_MIN):
                    break
                clash = None
                for pair in opposites:
                    a, b = _pole(unit.text, pair), _pole(other.text, pair)
                    if a is not None and b is not None and a[0] != b[0]:
                        clash = (a[1], b[1])
                        break
                if clash is None:
                    continue
                summary = (
                    f"{ctx.name(doc).capitalize()} says '{clash[0]}' where "
                    f"{ctx.name(other.doc)} says '{clash[1]}': '{short(unit.text, 12)}' "
                    f"against '{short(other.text, 12)}'."
                )
                drafts.append(
                    contradiction(ctx, unit, other, float(meaning[j]), summary, Severity.MEDIUM)
                )
                break
    return drafts
