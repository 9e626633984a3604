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

from textcheck.nlp.prefilter import _GUARDS, CueScreen, compile_guarded, fold, required_literals
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


@cache
def _unscreened() -> ClaimRules:
    """Rules whose screen rules nothing out (every search runs, no sentence is skipped)."""
    unscreened = ClaimRules()
    unscreened._screen = _NoScreen(set(unscreened.screened_patterns()))  # type: ignore[assignment]
    return unscreened


def test_rules_give_the_same_drafts_with_and_without_the_screen() -> None:
    screened = default_rules()
    for sentence in corpus_sentences():
        assert _drafts(screened, sentence) == _drafts(_unscreened(), sentence), sentence


OPENING = st.sampled_from(["", "İ", "İnstead, ", "We ", "The Department ", "Which "])
"""Sentence openings, 'İ' among them: it lower-cases to two characters, so a clause opening
with it is searched for ladder verbs whatever the screen says."""
FIGURE = st.sampled_from(["", " 95%", " 12 weeks", " since 2016", " by March 2025", " £4 million"])


@SETTINGS
@given(OPENING, CUE_TEXT, FIGURE)
def test_rules_give_the_same_drafts_on_generated_text(opening: str, text: str, figure: str) -> None:
    sentence = opening + text + figure
    assert _drafts(default_rules(), sentence) == _drafts(_unscreened(), sentence)


@SETTINGS
@given(OPENING, CUE_TEXT, st.integers(0, 200), st.integers(0, 200))
def test_screened_strength_and_subject_are_those_of_the_plain_reading(
    opening: str, text: str, start: int, length: int
) -> None:
    sentence = opening + text
    clause = sentence[start : start + length]
    possible = SCREEN.candidates(fold(sentence))
    rules = default_rules()
    assert rules.measure_strength(clause, possible) == rules.measure_strength(clause)
    assert rules.extract_subject(clause, possible) == rules.extract_subject(clause)


def test_a_sentence_without_a_drafting_cue_or_figure_has_no_claims() -> None:
    rules = default_rules()
    sentence = "The weather was mild in April."
    assert rules.DRAFTING.isdisjoint(SCREEN.candidates(fold(sentence)))
    assert _drafts(rules, sentence) == []
    assert _drafts(rules, "İnstead, ensure quality.") == _drafts(
        _unscreened(), "İnstead, ensure quality."
    )


def test_a_cue_list_without_literals_is_always_searched() -> None:
    cues = dict(load_cues())
    cues["target"] = {"items": ["re:\\b[gG]\\w+s\\b"]}
    custom = ClaimRules(cues)
    assert required_literals(custom.screened_patterns()["target"]) is None
    kinds = {c.kind for c in _drafts(custom, "We set providers stretching goals.")}
    assert ClaimKind.TARGET in kinds


GUARDED = {
    name: pattern
    for name, pattern in PATTERNS.items()
    if (pattern.pattern, pattern.flags) in _GUARDS
}
"""The screened patterns that ``compile_guarded`` gave a start guard (most of them)."""
ODD_TEXT = st.text(alphabet="aAnNkKsStTwWİıſKΣσς’' ,.\n\t-", max_size=60)
"""Text of the letters whose case variants ``re`` equates in odd ways ('K' Kelvin, 'ſ', 'İ')."""


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@SETTINGS
@given(st.one_of(CUE_TEXT, ODD_TEXT, st.text(max_size=40)), st.sampled_from(sorted(GUARDED)))
def test_a_guarded_pattern_matches_as_the_pattern_it_guards(text: str, name: str) -> None:
    guarded = GUARDED[name]
    plain = re.compile(_GUARDS[guarded.pattern, guarded.flags], guarded.flags)
    assert _spans(guarded, text) == _spans(plain, text)


def test_most_cue_lists_are_guarded() -> None:
    assert len(GUARDED) >= len(PATTERNS) - 3


@pytest.mark.parametrize(
    ("source", "flags", "guard"),
    [
        (r"\bnot\b|n't\b|\bcannot\b", re.IGNORECASE, "(?=[cn])"),
        (r"(?:is|are)\s+(?:untrue|false)", 0, "(?=[ai])"),
        (r"x?y", 0, "(?=[xy])"),
        (r"x*", 0, None),  # may match the empty string anywhere
        (r"\s*[;:]", 0, None),  # starts with a category
        (r"(?i:a)b", 0, None),  # a group changes case sensitivity
        (r"[^a]b", 0, None),  # a negated class
        (r"(?!)", 0, None),  # never matches: nothing to guard
    ],
)
def test_guard_lists_the_first_characters(source: str, flags: int, guard: str | None) -> None:
    compiled = compile_guarded(source, flags)
    if guard is None:
        assert compiled.pattern == source
    else:
        assert compiled.pattern == f"{guard}(?:{source})"
