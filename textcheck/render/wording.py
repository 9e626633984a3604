"""Word-level differences between two quotes, cut into segments for display side by side.

The diff itself is ``textcheck.compare.wording.diff_words`` (the one the compare rules use:
words compared by stem, punctuation and quote-mark style ignored), so a reader sees exactly
the changes of substance, "guarantees" struck out on the left and "drives" marked on the
right, and no highlight for a cosmetic edit that the rules also ignore.  This module only
turns its token offsets into runs of text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textcheck.compare.wording import Token, diff_words, tokenize, words


@dataclass(frozen=True)
class Segment:
    """A run of text that is either common to both sides or changed on this side."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class WordDiff:
    """Both sides cut into segments (``before`` marks deletions, ``after`` insertions).

    ``similarity`` is the share of words the two sides have in common, 0.0 to 1.0.  Joining
    a side's segment texts gives back that side's text exactly.
    """

    before: tuple[Segment, ...]
    after: tuple[Segment, ...]
    similarity: float


def compare_wording(before: str, after: str) -> WordDiff:
    """Diff ``before`` and ``after`` word by word."""
    tokens_a, tokens_b = tokenize(before), tokenize(after)
    changes = diff_words(tokens_a, tokens_b)
    runs_a = [change.a for change in changes if change.a]
    runs_b = [change.b for change in changes if change.b]
    total = len(words(tokens_a)) + len(words(tokens_b))
    changed = sum(len(run) for run in runs_a) + sum(len(run) for run in runs_b)
    similarity = round(1.0 - changed / total, 3) if total else 1.0
    return WordDiff(_segments(before, runs_a), _segments(after, runs_b), similarity)


def _segments(text: str, runs: Iterable[tuple[Token, ...]]) -> tuple[Segment, ...]:
    """Cut ``text`` so that each run of changed words (first to last word) is one segment."""
    segments: list[Segment] = []
    position = 0
    for run in runs:
        start, end = run[0].start, run[-1].end
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], changed=True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)
