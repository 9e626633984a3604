"""The quantity recogniser's speed devices change nothing: start guards, lower-cased scanning,
letter-grouped alternations and the blocked-span index give the same answers as the plain
constructions they replace, on generated text full of traps (number words inside other
words, capitals, letters that IGNORECASE equates with ASCII letters).  The one thing the
start guards do on purpose is to keep matches from starting inside a word."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textcheck.nlp import quantities
from textcheck.nlp.quantities import QuantityRecogniser, _alternation, _case_free, _SpanSet

PIECES = [
    "£", "$", "€", "1", "20", "2019", "-20", "2.5", "1,200", "%", " per cent", " to ", "-", "–",
    " and ", "between ", "from ", "six", "Ten", "ONE", "seventy", "a ", "an ", "hundred",
    " million", "bn", "m ", " weeks", " days", " people", " staff", " quarter", " thirds",
    "since ", "by ", "in ", "on ", "of ", "May ", "march", "Monday, ", "3rd ", "12/05/2020",
    "no more than ", "at least ", "around ", "or more", " on average", "often", "someone",
    "amateur ", "gbp", "EUR ", "data ", "grammar ", "part ", "No. ", "COVID-19", "age of ",
    "exceed the target of ", " ", "  ", ".", ",", "\n", "/", "x", "ſix weeks", "İn 2019",
    "sıx", "£5\u212a", "É", "ſince ", "ın ",
]  # fmt: skip
"""Fragments whose concatenations exercise every branch and the traps of the patterns."""

TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@pytest.fixture(scope="module")
def recogniser() -> QuantityRecogniser:
    return QuantityRecogniser()


WORD_START = r"(?=\d|[£$€]|\b[^\W\d_])"
"""The plain rule the start guards implement: a match starts at a digit, a currency sign or
the first letter of a word."""


@cache
def guarded_and_plain() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """Each guarded pattern of the recogniser with the same pattern under ``WORD_START``."""
    return [
        (
            name,
            re.compile(guard + body, re.IGNORECASE),
            re.compile(WORD_START + body, re.IGNORECASE),
        )
        for name, (guard, body) in QuantityRecogniser()._sources().items()
        if guard
    ]


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_guards_only_keep_matches_from_starting_inside_words(text: str) -> None:
    """Each guarded pattern finds exactly what the pattern finds from word starts, digits
    and currency signs (so the guard's list of initial letters is complete)."""
    for name, guarded, plain in guarded_and_plain():
        found = [m.groupdict() | {"": m.span()} for m in guarded.finditer(text)]
        assert found == [m.groupdict() | {"": m.span()} for m in plain.finditer(text)], name


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example("ſince 2019")
@example("Sales ın 2019 rose")
def test_lower_cased_scan_finds_what_ignorecase_finds(text: str) -> None:
    """The fast path (case-sensitive patterns on the lower-cased text) and the IGNORECASE
    path (taken for texts lower-casing would not fold exactly) give the same mentions."""
    recogniser = quantities.default_recogniser()
    fast = recogniser.find(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quantities, "_fold", lambda _text: None)
        assert recogniser.find(text) == fast


@pytest.mark.parametrize("char", ["ſ", "ı", "İ", "\u212a"])
def test_letters_ignorecase_equates_with_ascii_are_not_folded(char: str) -> None:
    assert quantities._fold(f"Six{char} weeks") is None
    assert quantities._fold("Six weeks, £5 – É") == "six weeks, £5 – é"


def test_the_shipped_patterns_run_case_sensitively(recogniser: QuantityRecogniser) -> None:
    """Every pattern qualifies for the fast path, so none silently falls back to IGNORECASE."""
    for pattern in vars(recogniser._folded).values():
        assert not pattern.flags & re.IGNORECASE, pattern.pattern[:60]


@pytest.mark.parametrize(
    ("source", "free"),
    [
        (r"\b(?:part|no\.)\s*\d+", True),
        (r"(?P<year>\d{4})\S+\W\B", True),
        (r"£\d+|–", True),
        (r"[A-Z]\w+", False),
        (r"\x41", False),
        (r"(?i)abc", False),
        (r"\\S", False),
        ("é", False),
    ],
)
def test_case_free(source: str, free: bool) -> None:
    assert _case_free(source) is free


WORDS = st.lists(st.text(alphabet="abt", min_size=1, max_size=4), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="abt ", max_size=12))
def test_grouped_alternation_matches_like_the_plain_one(words: list[str], text: str) -> None:
    grouped = re.compile(_alternation(words))
    plain = re.compile("(?:" + "|".join(words) + ")")
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for start in range(len(text)):
        found, expected = grouped.match(text, start), plain.match(text, start)
        assert (found and found.span()) == (expected and expected.span())


def test_alternation_leaves_sources_it_cannot_group() -> None:
    assert _alternation(["a?b", "ab"]) == "(?:a?b|ab)"
    assert _alternation(["in|on", "if"]) == "(?:in|on|if)"
    assert _alternation(["ten", "two", "six"]) == "(?:t(?:en|wo)|six)"


SPANS = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20)).map(lambda s: (s[0], sum(s))))


@settings(max_examples=300, deadline=None)
@given(SPANS, st.integers(0, 60), st.integers(0, 20))
def test_span_set_overlaps_like_a_linear_scan(
    spans: list[tuple[int, int]], start: int, length: int
) -> None:
    end = start + length
    expected = any(start < s_end and s_start < end for s_start, s_end in spans)
    assert _SpanSet(spans).overlaps(start, end) is expected


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_regions_are_those_of_single_character_anchors(text: str) -> None:
    """Anchoring on runs of digits gives the regions anchoring on each digit gives."""
    words = sorted([*quantities.UNITS, *quantities.SCALES, *quantities.FRACTIONS], key=len)
    single = re.compile(r"\d|[£$€]|\b(?:" + "|".join(reversed(words)) + r")\b")
    folded = text.lower()
    patterns = quantities.default_recogniser()._folded
    single_regions = quantities._merged_regions(
        (m.span() for m in single.finditer(folded)), len(folded)
    )
    assert quantities._regions(patterns, folded) == single_regions


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_digit_runs_are_those_of_the_plain_run_pattern(text: str) -> None:
    """The class-first digit pattern finds the runs ``[\\d£$€]+`` finds."""
    plain = re.compile(r"[\d£$€]+")
    digits = quantities.default_recogniser()._folded.digits
    assert [m.span() for m in digits.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example("between 5 and threefold, £2 to gbp 3 and 4-a million")
def test_skipping_regions_keeps_every_match(text: str) -> None:
    """Dates only scanned in regions with a digit and ranges only in regions with a range
    connector before a number match what scanning every region matches, on both paths."""
    recogniser = quantities.default_recogniser()
    for scan in (recogniser._scan(text), _unfolded_scan(recogniser, text)):
        patterns = scan.patterns
        for pattern, needs in (
            (patterns.date, quantities._DIGIT),
            (patterns.range, patterns.range_site),
        ):
            skipping = [m.groupdict() | {"": m.span()} for m in scan.finditer(pattern, needs)]
            assert skipping == [m.groupdict() | {"": m.span()} for m in scan.finditer(pattern)]


def _unfolded_scan(recogniser: QuantityRecogniser, text: str) -> quantities._Scan:
    """``text`` ready to scan with the IGNORECASE patterns (the path for unfoldable texts)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quantities, "_fold", lambda _text: None)
        return recogniser._scan(text)


@pytest.mark.parametrize(
    ("phrase", "opening"),
    [
        ("since", "sin"), ("by", "by"), ("up to", "up"), ("c.", "c"), (r"as\s+of", "as"),
        ("an?", "a"), ("abc?", "ab"), ("ab+", "a"), ("£", "£"), ("t(?:en|wo)", "t"),
    ],
)  # fmt: skip
def test_opening_is_what_every_match_starts_with(phrase: str, opening: str) -> None:
    assert quantities._opening(phrase) == opening


def test_start_guard_passes_word_starts_opening_a_phrase() -> None:
    guard = re.compile(quantities._start_guard([r"\d"], ["since", "an?", "up to", "c."]))
    passing = ["since", "sincere", "a", "and", "up", "upon", "c", "circa", "7"]
    for text in passing:
        assert guard.match(f" {text}", 1), text
    for text in ["sick", "the", "pup", "tip", "xsince"]:
        assert not guard.match(f" {text}", 1), text
