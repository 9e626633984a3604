"""Sentence segmentation: exact offsets, abbreviations, lists, headings, URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textcheck.nlp.sentences import _BULLET, _CANDIDATE, _lines, _word_before, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One thing. Another thing.", ["One thing.", "Another thing."]),
        (
            "Claims are reviewed, i.e. checked again. We agree.",
            ["Claims are reviewed, i.e. checked again.", "We agree."],
        ),
        ("Some groups, e.g. Carers UK, agree.", ["Some groups, e.g. Carers UK, agree."]),
        (
            "See Regulation No. 5 of the Act. It applies.",
            ["See Regulation No. 5 of the Act.", "It applies."],
        ),
        ("Mr. Gray reported. Dr. Smith agreed.", ["Mr. Gray reported.", "Dr. Smith agreed."]),
        (
            "Forms, letters etc. are sent. They arrive.",
            ["Forms, letters etc. are sent.", "They arrive."],
        ),
        ("It ends with etc. The next begins.", ["It ends with etc.", "The next begins."]),
        ("Rates rose 2.5 per cent. Then fell.", ["Rates rose 2.5 per cent.", "Then fell."]),
        (
            "Standards are published at www.gov.uk/guidance/pip. Read them.",
            ["Standards are published at www.gov.uk/guidance/pip.", "Read them."],
        ),
        ("Heading without stop\nThe body follows.", ["Heading without stop", "The body follows."]),
        ("- first item\n- second item\n* third", ["first item", "second item", "third"]),
        ("1. First step\n2) Second step", ["First step", "Second step"]),
        ("## Our response\n> Quoted text.", ["Our response", "Quoted text."]),
        ("Para one.\n\nPara two.", ["Para one.", "Para two."]),
        ("He said “it works.” Then left.", ["He said “it works.”", "Then left."]),
        (
            "benefit entitlement.’Readers, given this.",
            ["benefit entitlement.’", "Readers, given this."],
        ),
        ("Is it? Yes! Good.", ["Is it?", "Yes!", "Good."]),
        ("J. K. Rowling wrote it.", ["J. K. Rowling wrote it."]),
        ("  padded sentence.  ", ["padded sentence."]),
        ("", []),
        ("\n\n \n", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*'ab .?!\n-•1"’“”(i.e)', "No. ", "Mr. ", "A"])).map("".join))
def test_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    previous_end = 0
    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert "\n" not in text[start:end]
        previous_end = end


_PLAIN_CANDIDATE = re.compile(
    r"[.!?…]+[”’\"')\]]*(?=[ \t\u00a0]+[\"“‘'(\[A-Z0-9£$€•])|[.!?][”’\"]+(?=[A-Z])"
)
"""``sentences._CANDIDATE`` as written before its first stop was moved out for speed."""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*".!?…”’\"')] \t\u00a0“‘([A0£•a\n", "No. ", "…’"])).map("".join))
def test_candidate_pattern_matches_like_the_plain_one(text: str) -> None:
    found = [m.span() for m in _CANDIDATE.finditer(text)]
    assert found == [m.span() for m in _PLAIN_CANDIDATE.finditer(text)]
    for start in range(len(text)):
        match, plain = _CANDIDATE.match(text, start), _PLAIN_CANDIDATE.match(text, start)
        assert (match and match.span()) == (plain and plain.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab. \t\n\u00a0(“", max_size=60), st.integers(0, 59))
def test_word_before_is_the_last_run_of_non_space(text: str, stop: int) -> None:
    """``_word_before`` finds what searching ``(\\S+)$`` in the 40 characters before finds."""
    text = text[:stop] + "." + text[stop:]
    stop = min(stop, len(text) - 1)
    expected = re.compile(r"(\S+)$").search(text, max(0, stop - 40), stop + 1)
    assert expected is not None
    assert _word_before(text, stop) == expected.group(1)


LINES = st.lists(
    st.sampled_from(
        [*'. !?…’”)"A1a\t\u00a0', "\n", "\r\n", "\x0b", "\x85", "\u2028", "1. ", "- ", "(a) "]
    )
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_candidates_of_the_text_are_those_of_its_lines(text: str) -> None:
    """Scanning the whole text once finds, inside each line after its bullet, the candidates
    scanning that stretch alone finds (``split_sentences`` relies on it)."""
    everywhere = [m.span() for m in _CANDIDATE.finditer(text)]
    for line_start, line_end in _lines(text):
        bullet = _BULLET.match(text, line_start, line_end)
        start = bullet.end() if bullet and bullet.end() < line_end else line_start
        inside = [span for span in everywhere if start <= span[0] < line_end]
        assert inside == [m.span() for m in _CANDIDATE.finditer(text, start, line_end)]
