"""Sentence segmentation: exact offsets, abbreviations, lists, headings, URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textcheck.nlp.sentences import split_sentences


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
