"""Words of a sentence with offsets, cosmetic normalisation and word-level differences.

Cosmetic edits (quote-mark style, punctuation, case, inflection such as "maintain" /
"maintained" or "Service" / "Services") must never look like a change of substance
(DESIGN.md 3.3), so words are compared through ``stem``: lower case, typographic quotes
folded, and a light suffix stripper that maps inflected forms of a word onto one key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_TOKEN = re.compile(r"£?\d[\d,]*(?:\.\d+)?%?|[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z\d]")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9£])|(?<=[.!?][\"'’”])(?=[A-Z])|\n\s*\n+"
)
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", ""))
MAX_DIFF_WORDS = 400
"""Sentences longer than this are diffed on their first words only (bounded cost)."""


@dataclass(frozen=True)
class Token:
    """One word, number or punctuation mark with its offsets in the document text."""

    text: str
    start: int
    end: int
    stem: str
    is_word: bool
    """True for words and numbers; false for punctuation and quote marks."""


@dataclass(frozen=True)
class Change:
    """One word-level edit between two token lists: ``replace``, ``delete`` or ``insert``.

    ``a``/``b`` are the word tokens removed and added (either may be empty); ``a_at``/``b_at``
    are where the change sits in each sentence's word sequence.
    """

    tag: str
    a: tuple[Token, ...]
    b: tuple[Token, ...]
    a_at: int
    b_at: int


def fold(text: str) -> str:
    """Lower-case and straighten typographic quote marks and dashes."""
    return text.translate(_QUOTES).lower()


def stem(word: str) -> str:
    """Map inflected forms of a word onto one key ("maintained" and "maintain" agree).

    A deliberately small suffix stripper: it only has to make the same word's forms meet,
    not find linguistic roots.  Possessive endings are dropped first.
    """
    word = fold(word).strip("'")
    if word.endswith("'s"):
        word = word[:-2]
    if not word.isalpha() or len(word) <= 3:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The tokens of ``text``; offsets are shifted by ``offset`` (the text's document start)."""
    return tuple(
        Token(
            m.group(),
            m.start() + offset,
            m.end() + offset,
            stem(m.group()),
            m.group()[0].isalnum() or m.group()[0] == "£",
        )
        for m in _TOKEN.finditer(text)
    )


def words(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """Only the words and numbers of ``tokens``."""
    return tuple(t for t in tokens if t.is_word)


def stems(text: str) -> tuple[str, ...]:
    """The word stems of ``text``: its cosmetic-insensitive fingerprint."""
    return tuple(t.stem for t in tokenize(text) if t.is_word)


def is_cosmetic(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only in punctuation, quote marks, case or inflection."""
    return stems(a) == stems(b)


def diff_words(a: tuple[Token, ...], b: tuple[Token, ...]) -> tuple[Change, ...]:
    """Word-level changes from ``a`` to ``b`` (punctuation ignored, words compared by stem)."""
    wa, wb = words(a)[:MAX_DIFF_WORDS], words(b)[:MAX_DIFF_WORDS]
    matcher = difflib.SequenceMatcher(None, [t.stem for t in wa], [t.stem for t in wb], False)
    return tuple(
        Change(tag, wa[i1:i2], wb[j1:j2], i1, j1)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )


def render_changes(changes: tuple[Change, ...]) -> str:
    """The changes in ``wdiff`` notation: ``[-removed-] {+added+}``."""
    parts = []
    for change in changes:
        if change.a:
            parts.append("[-" + " ".join(t.text for t in change.a) + "-]")
        if change.b:
            parts.append("{+" + " ".join(t.text for t in change.b) + "+}")
    return " ".join(parts)


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of ``text``: a plain regex split, used when no
    sentences were given for a document.  Spans exclude surrounding whitespace."""
    spans = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + chunk.index(stripped)
            spans.append((start, start + len(stripped)))
        position = match.end() if match else len(text)
    return tuple(spans)


def phrase_span(tokens: tuple[Token, ...], lo: int, hi: int, context: int = 2) -> tuple[int, int]:
    """Offsets of words ``lo``..``hi - 1`` of ``tokens`` (word positions) widened by
    ``context`` words on each side; an empty range marks an insertion point."""
    word_tokens = words(tokens)
    if not word_tokens:
        return (tokens[0].start, tokens[-1].end) if tokens else (0, 0)
    first = max(0, lo - context)
    last = min(len(word_tokens) - 1, max(hi - 1, lo) + context)
    return word_tokens[first].start, word_tokens[last].end


CLAUSE_MARKS = frozenset({",", ";", ":", "—", "–", "(", ")"})
"""Punctuation that ends a clause: a quoted change is not widened across it."""


def clause_span(
    tokens: tuple[Token, ...], lo: int, hi: int, context: int, *, before: bool = True
) -> tuple[int, int]:
    """Offsets of words ``lo``..``hi - 1`` (word positions) widened by up to ``context``
    words on each side (only after it when ``before`` is false) without crossing clause
    punctuation, so the quote of a change in a long sentence holds the change and its
    clause, not the unchanged clauses around it."""
    word_at = [i for i, t in enumerate(tokens) if t.is_word]
    if not word_at:
        return (tokens[0].start, tokens[-1].end) if tokens else (0, 0)
    lo = min(max(lo, 0), len(word_at) - 1)
    hi = min(max(hi - 1, lo), len(word_at) - 1)
    first, last = word_at[lo], word_at[hi]
    for step, end in ((-1, -1), (1, len(tokens))) if before else ((1, len(tokens)),):
        i, seen = (first if step < 0 else last) + step, 0
        while i != end and seen < context:
            if not tokens[i].is_word and tokens[i].text in CLAUSE_MARKS:
                break
            if tokens[i].is_word:
                seen += 1
                if step < 0:
                    first = i
                else:
                    last = i
            i += step
    return tokens[first].start, tokens[last].end
