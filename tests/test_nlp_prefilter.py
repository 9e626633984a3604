"""The literal prefilter (``textcheck.nlp.prefilter``) never rules out a pattern that matches:
on real sentences, on generated text made of cue words, case variants and odd whitespace, and
for every Unicode character ``re`` treats as equal to a literal's."""

from __future__ import annotations

import array
import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textcheck.nlp.prefilter import CueScreen, fold, required_literals
from textcheck.nlp.quantities import find_quantities
from textcheck.nlp.rules import ClaimDraft, ClaimRules, default_rules, load_cues
from textcheck.nlp.sentences import split_sentences
from textcheck.records import ClaimKind

CORPUS = Path(__file__).parent.parent / "corpora" / "claims" / "documents.jsonl"
PATTERNS = default_rules().screened_patterns()
SCREEN = CueScreen(PATTERNS)
LITERALS = sorted(
    {
        literal
        for pattern in PATTERNS.values()
        for term in required_literals(pattern) or ()
        for literals in term
        for literal in literals
    }
)
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)


@cache
def corpus_sentences() -> list[str]:
    """Every sentence of the annotated corpus documents."""
    sentences = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        sentences.extend(text[s:e] for s, e in split_sentences(text))
    return sentences


@cache
def every_character() -> str:
    """All of Unicode in one string (lone surrogates included), for sweeps."""
    codes = array.array("I", range(0x110000)).tobytes()
    return codes.decode("utf-32-le", "surrogatepass")


def missed(text: str, part: str | None = None) -> list[str]:
    """Patterns that match ``part`` of ``text`` (default: all of it) yet the screen of
    ``text`` rules out."""
    possible = SCREEN.candidates(fold(text))
    searched = text if part is None else part
    return [n for n, p in PATTERNS.items() if n not in possible and p.search(searched)]


def test_screen_keeps_every_pattern_that_matches_a_corpus_sentence() -> None:
    for sentence in corpus_sentences():
        assert not missed(sentence), sentence


def test_screen_rules_out_most_patterns_of_a_plain_sentence() -> None:
    possible = SCREEN.candidates(fold("The weather was mild in April."))
    assert "refusal" not in possible
    assert "negation" not in possible


def _variant(word: str, how: int) -> str:
    """``word`` as ``re`` IGNORECASE sees it equal: upper, title, or with Unicode look-alikes
    ('ſ' for s, Kelvin sign for k, dotted and dotless I)."""
    variants = [
        word,
        word.upper(),
        word.title(),
        word.replace("s", "ſ"),
        word.replace("k", "\u212a"),
        word.replace("i", "İ"),
        word.replace("i", "ı"),
    ]
    return variants[how % len(variants)]


PHRASES = sorted(set(LITERALS) | {w for literal in LITERALS for w in literal.split()} | {"the"})
WHITESPACE = [" ", "  ", "\n", "\t", "\u00a0", " \n "]
SEPARATORS = [*WHITESPACE, ", ", "; ", " - ", " — ", "’", ".", ""]
CUE_TEXT = st.lists(
    st.tuples(
        st.sampled_from(PHRASES),
        st.integers(0, 6),
        st.sampled_from(WHITESPACE),
        st.sampled_from(SEPARATORS),
    ),
    max_size=12,
).map(
    lambda parts: "".join(
        _variant(phrase, how).replace(" ", space) + separator
        for phrase, how, space, separator in parts
    )
)
"""Text made of the literals of the shipped cues (and their words), in case variants, with
odd whitespace inside and between them: text that the cue patterns often match."""


@SETTINGS
@given(CUE_TEXT)
def test_screen_keeps_every_pattern_that_matches_generated_text(text: str) -> None:
    assert not missed(text)


@SETTINGS
@given(CUE_TEXT, st.integers(0, 200), st.integers(0, 200))
def test_screen_of_a_text_keeps_patterns_that_match_a_part_of_it(
    text: str, start: int, length: int
) -> None:
    assert not missed(text, text[start : start + length])


LITERAL = st.text(alphabet="abc ", min_size=2, max_size=5).filter(
    lambda s: s.strip() and "  " not in s
)


@SETTINGS
@given(st.sets(LITERAL, min_size=1, max_size=8), st.text(alphabet="abcABC ,\n\t", max_size=40))
def test_scan_finds_exactly_the_literals_present(literals: set[str], text: str) -> None:
    screen = CueScreen({literal: re.compile(re.escape(literal), re.I) for literal in literals})
    assert screen.candidates(fold(text)) == {lit for lit in literals if lit in fold(text)}


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"\bden(?:y|ies)\b", [[{"deny", "denies"}]]),
        (r"\b(?:is|are)\s+(?:untrue|false)\b", [[{"is untrue", "is false", "are untrue",
                                                   "are false"}]]),
        (r"\bby\s+the\s+end\s+of\b", [[{"by the end of"}]]),
        (r"\btrial(?:l)?ing\b", [[{"trialing", "trialling"}]]),
        (r"\bwill\s+not\b|\bwon't\b", [[{"will not", "won't"}]]),
        (r",\s+(?=which\b)", [[{", which"}]]),
        (r"(?=[^.]*\bnot\b)\bwe\b", [[{"not"}, {"we"}]]),
        (r"\bnot\b.{0,20}\bnecessary\b", [[{"not"}, {"necessary"}]]),
        (r"\w+", None),
        (r"\b[a-z]\w*s\b", None),
        (r"", None),
    ],
)  # fmt: skip
def test_required_literals(pattern: str, required: list[list[set[str]]] | None) -> None:
    found = required_literals(re.compile(pattern, re.IGNORECASE))
    if required is None:
        assert found is None
    else:
        assert found == {frozenset(frozenset(s) for s in term) for term in required}


def test_fold_is_re_ignorecase_for_every_character_of_the_literals() -> None:
    """Sweep: every character ``re`` IGNORECASE matches to a literal's folds to the same."""
    alphabet = {c for literal in LITERALS for c in literal} | set("sikσµβ")
    everything = every_character()
    for char in sorted(alphabet):
        same = re.findall(re.escape(char), everything, re.IGNORECASE)
        assert {fold(x) for x in same} == {fold(char)}, char


def test_fold_of_a_lower_cased_character_is_its_fold() -> None:
    """Sweep: lower-casing a character into one character keeps its fold (the rules screen a
    sentence, then search clauses whose first letter they lower-case)."""
    for char in every_character():
        lowered = char.lower()
        assert len(lowered) != 1 or fold(lowered) == fold(char), char


def test_fold_of_whitespace_is_one_space() -> None:
    """Sweep: ``\\s`` is ``str.isspace``; each such character folds to a space, and all but
    the space are unprintable (the fast path of ``fold`` relies on it)."""
    everything = every_character()
    spaces = re.findall(r"\s", everything)
    assert spaces == [c for c in everything if c.isspace()]
    for char in spaces:
        assert fold(char) == " "
        assert char == " " or not char.isprintable()
    assert fold("We  will\n\tnot") == "we will not"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("İT", "it"), ("ſHALL", "shall"), ("\u212aPI", "kpi"), ("dıd", "did"), ("ΣΑΣ", "σασ")],
)
def test_fold_special_cases(text: str, folded: str) -> None:
    assert fold(text) == fold(folded)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30), st.integers(0, 30))
def test_fold_of_a_part_is_a_part_of_the_fold(text: str, cut: int) -> None:
    assert fold(text[:cut]) in fold(text)
    assert fold(text[cut:]) in fold(text)


class _NoScreen:
    """A screen that rules out nothing: the rules as they were before the prefilter."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def candidates(self, folded: str) -> set[str]:
        return self.names


def _drafts(rules: ClaimRules, sentence: str) -> list[ClaimDraft]:
    amounts, dates = find_quantities(sentence)
    return rules.extract(sentence, 0, len(sentence), amounts, dates)


def test_rules_give_the_same_drafts_with_and_without_the_screen() -> None:
    screened = default_rules()
    unscreened = ClaimRules()
    unscreened._screen = _NoScreen(set(unscreened.screened_patterns()))  # type: ignore[assignment]
    for sentence in corpus_sentences():
        assert _drafts(screened, sentence) == _drafts(unscreened, sentence), sentence


def test_a_cue_list_without_literals_is_always_searched() -> None:
    cues = dict(load_cues())
    cues["target"] = {"items": ["re:\\b[gG]\\w+s\\b"]}
    custom = ClaimRules(cues)
    assert required_literals(custom.screened_patterns()["target"]) is None
    kinds = {c.kind for c in _drafts(custom, "We set providers stretching goals.")}
    assert ClaimKind.TARGET in kinds
