"""``compare_documents``: builds the comparison context, runs every rule, ranks findings.

Roles decide what is compared with what: the first ``original`` (or, failing that, the
first ``statement``) is the earlier text and the first ``revised`` the later one; their
sentences are aligned one to one.  The ``petition`` is the reference for refusals and
unaddressed requests; each ``against`` text is held against every response.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from textcheck.compare.aliases import load_aliases
from textcheck.compare.alignment import Unit, align_units, build_units, build_vectors
from textcheck.compare.cues import load_cues
from textcheck.compare.model import Context, Draft
from textcheck.compare.rules import RULES, STANCE_RULES
from textcheck.compare.scoring import cap_severity, rank_findings, with_keys
from textcheck.compare.semantic import DIMENSIONS, embed
from textcheck.compare.truncation import is_truncated
from textcheck.compare.wording import fold, split_sentences
from textcheck.errors import InputError
from textcheck.records import (
    Comparison,
    Document,
    FindingKind,
    Role,
    Sentence,
    Severity,
)
from textcheck.settings import Settings

MAX_CHARS = 1_000_000
"""Longest text compared (about 170 000 words); longer inputs are refused with a clear
message rather than left to run for minutes."""
RELATED_MIN_COVERAGE = 0.2
"""Share of the shorter text's sentences that must pair for two texts to count as versions
of each other; below it they are unrelated and no sentence is called dropped or added."""
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SIDE_KINDS = frozenset({FindingKind.CLAIM_DROPPED, FindingKind.CLAIM_ADDED})


def _sentences_for(document: Document, given: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """The given sentences, or a regex split of the text when none were given."""
    if given or not document.text.strip():
        return tuple(given)
    return tuple(
        Sentence(document.role, document.text[start:end], start, end)
        for start, end in split_sentences(document.text)
    )


def _check(documents: Sequence[Document], sentences: Sequence[Sequence[Sentence]]) -> None:
    if len(documents) != len(sentences):
        raise InputError(
            f"compare expected one list of sentences per document, found {len(sentences)} "
            f"lists for {len(documents)} documents"
        )
    for document in documents:
        if len(document.text) > MAX_CHARS:
            raise InputError(
                f"{document.label or document.role.value} is {len(document.text):,} characters; "
                f"compare reads texts of at most {MAX_CHARS:,} characters"
            )
    for document, given in zip(documents, sentences, strict=True):
        for sentence in given:
            if document.text[sentence.start : sentence.end] != sentence.text:
                raise InputError(
                    f"sentence offsets {sentence.start}..{sentence.end} do not match the text "
                    f"of {document.label or document.role.value}"
                )


def _unverified(ctx: Context) -> set[tuple[int, int]]:
    """Sentences after the cut of a truncated side: neither dropped nor added."""
    found: set[tuple[int, int]] = set()
    if ctx.earlier is None or ctx.later is None:
        return found
    for cut, other in ((ctx.earlier, ctx.later), (ctx.later, ctx.earlier)):
        if not ctx.documents[cut].truncated or not ctx.units[cut]:
            continue
        last_unit = ctx.units[cut][-1]
        paired = ctx.paired(other)
        cut_pairs = ctx.paired(cut)
        if last_unit.index not in cut_pairs or cut_pairs[last_unit.index].similarity < 1.0:
            found.add((cut, last_unit.index))
        reached = [
            (p.b if other == ctx.later else p.a).index
            for p in ctx.pairs
            if (p.a if cut == ctx.earlier else p.b).index < last_unit.index or p.similarity == 1.0
        ]
        last = max(reached, default=-1)
        room = len(ctx.documents[cut].text)
        cut_text = ctx.documents[cut].text
        cut_paragraph = _paragraph(cut_text, last_unit.sentence.start)
        stub = fold(last_unit.text).strip()
        for unit in ctx.units[other]:
            if unit.index in paired:
                continue
            other_text = ctx.documents[other].text
            beyond = unit.index > last and _projected_start(ctx, unit, other) >= room
            in_cut_paragraph = (
                unit.index > last
                and cut_paragraph > 0
                and _paragraph(other_text, unit.sentence.start) >= cut_paragraph
            )
            if beyond or in_cut_paragraph or fold(unit.text).startswith(stub):
                found.add((other, unit.index))
    return found


def _paragraph(text: str, at: int) -> int:
    """Index of the blank-line paragraph that holds offset ``at``."""
    return len(_BLANK_LINE.findall(text, 0, at))


def _projected_start(ctx: Context, unit: Unit, doc: int) -> int:
    """Where the start of ``unit`` (of document ``doc``) would fall in the other text, counted
    from the nearest pair before it (or from the start): a sentence whose counterpart would
    lie beyond the other side's cut cannot be checked, one inside the span can."""
    before = [p for p in ctx.pairs if (p.a if doc == ctx.earlier else p.b).index < unit.index]
    if not before:
        return unit.sentence.start
    anchor = max(before, key=lambda p: (p.a if doc == ctx.earlier else p.b).index)
    mine = anchor.a if doc == ctx.earlier else anchor.b
    theirs = anchor.b if doc == ctx.earlier else anchor.a
    return theirs.sentence.end + (unit.sentence.start - mine.sentence.end)


def _new_quotes(drafts: Sequence[Draft], more: Sequence[Draft]) -> list[Draft]:
    """The drafts of ``more`` whose kind and first quote no earlier draft already has (the
    stance rules read what the word-level rules may already have found)."""
    seen = {(d.kind, d.evidence[0].role, d.evidence[0].start) for d in drafts if d.evidence}
    kept = []
    for draft in more:
        first = draft.evidence[0]
        key = (draft.kind, first.role, first.start)
        if key not in seen:
            seen.add(key)
            kept.append(draft)
    return kept


def _same_text(ctx: Context) -> bool:
    """True when the earlier and later texts are the same: a text compared with itself has
    no findings of its own (only what a counter-statement says against it)."""
    assert ctx.earlier is not None and ctx.later is not None
    return ctx.documents[ctx.earlier].text == ctx.documents[ctx.later].text


def compare_documents(
    documents: Sequence[Document],
    sentences: Sequence[Sequence[Sentence]],
    *,
    settings: Settings | None = None,
) -> Comparison:
    """Compare the documents (``sentences[i]`` belongs to ``documents[i]``).

    Returns the documents (with ``truncated`` set) and the findings, ordered by severity
    then score, with ids F1, F2, ... and stable keys (``scoring.finding_key``).  A document
    given no sentences is split by a plain regex, so the rules still run on its text.
    Raises ``InputError`` when the sentence lists do not match the documents or a text is
    longer than ``MAX_CHARS``.
    """
    settings = settings or Settings()
    _check(documents, sentences)
    docs = tuple(
        replace(d, truncated=d.truncated or (d.role != Role.PETITION and is_truncated(d.text)))
        for d in documents
    )
    all_sentences = [_sentences_for(d, s) for d, s in zip(docs, sentences, strict=True)]
    units: list[list[Unit]] = []
    row = 0
    for index, given in enumerate(all_sentences):
        units.append(build_units(index, given, row))
        row += len(units[-1])
    ctx = Context(
        documents=docs,
        units=units,
        vectors=build_vectors([u for doc_units in units for u in doc_units]),
        cues=load_cues(),
        aliases=load_aliases(settings.aliases),
        meaning=embed([u.text for doc_units in units for u in doc_units])
        if settings.semantic
        else np.zeros((row, DIMENSIONS), dtype=np.float32),
    )
    earlier = ctx.docs_with(Role.ORIGINAL) or ctx.docs_with(Role.STATEMENT)
    later = ctx.docs_with(Role.REVISED)
    if earlier and later:
        ctx.earlier, ctx.later = earlier[0], later[0]
        ctx.pairs = align_units(ctx.vectors, units[ctx.earlier], units[ctx.later])
        shorter = min(len(units[ctx.earlier]), len(units[ctx.later]))
        ctx.related = (
            shorter == 0
            or len(ctx.pairs) >= RELATED_MIN_COVERAGE * shorter
            or ctx.petition is not None
        )
        ctx.unverified = _unverified(ctx)
    drafts: list[Draft] = []
    for rule in RULES:
        drafts += rule(ctx)
    drafts += _new_quotes(drafts, [d for rule in STANCE_RULES for d in rule(ctx)])
    if ctx.earlier is not None and ctx.later is not None and _same_text(ctx):
        drafts = [d for d in drafts if any(e.role == Role.AGAINST for e in d.evidence)]
    if not ctx.related:
        drafts = [
            d if d.kind == FindingKind.REQUEST_UNADDRESSED else cap_severity(d, Severity.LOW)
            for d in drafts
            if d.kind not in _SIDE_KINDS
        ]
    claims = tuple(c for given in all_sentences for s in given for c in s.claims)
    return Comparison(docs, with_keys(rank_findings(drafts), docs), claims)
