"""Sentence segmentation with exact character offsets.

Rule-based on purpose: government responses are edited prose with lists, headings, URLs and
abbreviations, and a statistical splitter needs a downloaded model.  The rules:

- a newline is a hard boundary (paragraphs, list items and headings are separate blocks;
  a heading without a full stop is a sentence of its own);
- a list bullet (``-``, ``*``, ``•``, ``1.``, ``(a)``), a Markdown heading mark (``##``) or
  quote mark (``>``) at the start of a line is not part of the sentence;
- inside a block, a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
  brackets) followed by white space and a capital, digit, quote or bracket, or directly by a
  capital after a closing quote (``entitlement.’Readers``, seen in a real article);
- it does not end after an abbreviation in ``ABBREVIATIONS`` ("i.e.", "e.g.", "Mr.", ...),
  after "No." before a number, after a single initial, or inside a URL or a decimal (those
  have no white space after the full stop).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "i.e.", "e.g.", "cf.", "viz.", "vs.", "v.", "mr.", "mrs.", "ms.", "dr.", "prof.",
        "rt.", "hon.", "st.", "sr.", "jr.", "rev.", "gen.", "col.", "capt.", "lt.", "sgt.",
        "approx.", "est.", "incl.", "inc.", "ltd.", "co.", "corp.", "dept.", "govt.",
        "para.", "paras.", "sec.", "ch.", "fig.", "vol.", "pp.", "p.", "art.", "reg.",
        "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
        "nov.", "dec.", "al.", "c.", "ca.", "op.", "ref.", "nos.",
    }
)  # fmt: skip
"""Tokens after which a full stop never ends a sentence (GOV.UK style guide abbreviations,
Oxford style honorifics, and the ones seen in petition responses)."""

NUMBER_ABBREVIATIONS: frozenset[str] = frozenset({"no.", "nos.", "p.", "pp.", "para.", "art."})
"""Abbreviations that never end a sentence when a number follows ("No. 5", "p. 12")."""

SOFT_ABBREVIATIONS: frozenset[str] = frozenset({"etc.", "ltd.", "inc.", "co."})
"""Abbreviations that may also end a sentence: a boundary when a capital follows."""

_BULLET = re.compile(
    r"[ \t]*(?:[-*•·▪‣◦–—>]|#{1,6}|\(?\d{1,2}[.)]|\([a-zA-Z]\)|[a-z][.)]|\(?[ivx]{1,4}\))[ \t]+"
)
_CANDIDATE = re.compile(
    r"[.!?…]+[”’\"')\]]*(?=[ \t\u00a0]+[\"“‘'(\[A-Z0-9£$€•])"
    r"|[.!?][”’\"]+(?=[A-Z])"
)
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"^[(\[\"“‘']?[A-Z]\.$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_NEXT_WORD = re.compile(r"[ \t\u00a0]*[\"“‘'(\[]?(\S*)")
_SENTENCE_STARTERS = frozenset(
    {"The", "This", "That", "These", "Those", "We", "It", "I", "They", "He", "She", "In", "A"}
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of every sentence of ``text``, in order.

    Offsets index ``text`` exactly; leading and trailing white space and list bullets are
    outside the spans.  Empty text gives an empty list.
    """
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _lines(text):
        bullet = _BULLET.match(text, line_start, line_end)
        start = bullet.end() if bullet and bullet.end() < line_end else line_start
        spans.extend(_split_block(text, start, line_end))
    return spans


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Non-blank lines of ``text`` as offsets (newlines are hard boundaries)."""
    position = 0
    for line in text.splitlines(keepends=True):
        end = position + len(line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
        if line.strip():
            yield position, end
        position += len(line)


def _split_block(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Sentences inside one line of text."""
    current = start
    for match in _CANDIDATE.finditer(text, start, end):
        if _is_boundary(text, match.start(), match.end(), end):
            span = _trim(text, current, match.end())
            if span:
                yield span
            current = match.end()
    span = _trim(text, current, end)
    if span:
        yield span


def _is_boundary(text: str, stop: int, after: int, end: int) -> bool:
    """Whether the punctuation at ``stop`` ends a sentence (abbreviation checks)."""
    if text[stop] != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, stop - 40), stop + 1)
    word = before.group(1).lower().lstrip("(\"“‘'[") if before else ""
    following = _NEXT_WORD.match(text, after, end)
    next_word = following.group(1) if following else ""
    if word in NUMBER_ABBREVIATIONS and next_word[:1].isdigit():
        return False
    if word in SOFT_ABBREVIATIONS:
        return next_word[:1].isupper()
    if word in ABBREVIATIONS:
        return False
    if before and _INITIAL.match(before.group(1)):
        return False
    if _DOTTED.match(word):
        return next_word in _SENTENCE_STARTERS
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without surrounding white space, or ``None`` when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
