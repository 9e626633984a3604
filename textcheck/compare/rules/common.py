"""What every compare rule shares: the stopwords, content-word stems, the short quotations
summaries use and the contradiction draft several readings make."""

from __future__ import annotations

from collections.abc import Iterable

from textcheck.compare import scoring
from textcheck.compare.alignment import Unit
from textcheck.compare.cues import load_cues
from textcheck.compare.model import Context, Draft
from textcheck.compare.wording import Token
from textcheck.records import FindingKind, Severity

STOPWORDS = frozenset(load_cues().stopwords)
"""Function words left out of the content words the rules compare."""


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


def stems(unit: Unit) -> set[str]:
    """The content stems of a sentence."""
    return content_stems(unit.tokens)


def contradiction(
    ctx: Context,
    unit: Unit,
    other: Unit,
    score: float,
    summary: str,
    severity: Severity = Severity.HIGH,
) -> Draft:
    """A contradiction draft quoting a counter-statement sentence and the response sentence
    it contradicts (in that order)."""
    return Draft(
        FindingKind.CONTRADICTION,
        severity,
        scoring.pair_score(FindingKind.CONTRADICTION, score),
        summary,
        (ctx.quote(unit), ctx.quote(other)),
    )
