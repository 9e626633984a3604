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
    r"[.!?…]"
    r"(?:[.!?…]*[”’\"')\]]*(?=[ \t\u00a0]+[\"“‘'(\[A-Z0-9£$€•])"
    r"|(?<=[.!?])[”’\"]+(?=[A-Z]))"
)
"""Where a sentence may end: final punctuation, closing quotes or brackets, then white space
and a likely sentence start, or a capital right after a closing quote.

The first stop is matched before the alternatives (which ``_PLAIN_CANDIDATE`` in the tests
spells out) for speed: a pattern starting with a plain character class lets ``re`` skip to
the next stop in C instead of trying the pattern at every character (about 4x faster)."""
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
    # The candidates of the whole text are those of its lines, for a candidate holds no
    # white space and its lookaheads no line break; one scan costs less than one per line.
    candidates = _CANDIDATE.finditer(text)
    pending = next(candidates, None)
    for line_start, line_end in _lines(text):
        bullet = _BULLET.match(text, line_start, line_end)
        start = bullet.end() if bullet and bullet.end() < line_end else line_start
        stops: list[re.Match[str]] = []
        while pending is not None and pending.start() < line_end:
            if pending.start() >= start:  # not in the bullet, which ends with white space
                stops.append(pending)
            pending = next(candidates, None)
        spans.extend(_split_block(text, start, line_end, stops))
    return spans


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Non-blank lines of ``text`` as offsets (newlines are hard boundaries)."""
    position = 0
    for line in text.splitlines(keepends=True):
        end = position + len(line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
        if line.strip():
            yield position, end
        position += len(line)


def _split_block(
    text: str, start: int, end: int, stops: list[re.Match[str]]
) -> Iterable[tuple[int, int]]:
    """Sentences inside one line of text, given the ``_CANDIDATE`` matches in it."""
    current = start
    for match in stops:
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
    token = _word_before(text, stop)
    word = token.lower().lstrip("(\"“‘'[")
    if word in NUMBER_ABBREVIATIONS and _next_word(text, after, end)[:1].isdigit():
        return False
    if word in SOFT_ABBREVIATIONS:
        return _next_word(text, after, end)[:1].isupper()
    if word in ABBREVIATIONS:
        return False
    if _INITIAL.match(token):
        return False
    if _DOTTED.match(word):
        return _next_word(text, after, end) in _SENTENCE_STARTERS
    return True


def _next_word(text: str, after: int, end: int) -> str:
    """The word after a stop (without an opening quote or bracket), up to the line's end.

    Only looked at after an abbreviation: most full stops follow ordinary words.
    """
    following = _NEXT_WORD.match(text, after, end)
    return following.group(1) if following else ""


def _word_before(text: str, stop: int) -> str:
    r"""The run of non-space characters ending with ``text[stop]`` (a full stop), at most 41
    characters long: the word the full stop may abbreviate.

    ``str.rsplit`` rather than searching ``(\S+)$`` back from ``stop``, for speed: the
    search tries every position of the 40 characters before it (about 4x slower).
    """
    return text[max(0, stop - 40) : stop + 1].rsplit(None, 1)[-1]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without surrounding white space, or ``None`` when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
