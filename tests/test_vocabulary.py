"""One vocabulary for claims and compare: the strength ladder and the refusal formulas are read
from ``textcheck/data/vocabulary.json`` by both the claim rules and the comparer."""

from __future__ import annotations

import pytest

from textcheck.compare.cues import load_cues as compare_cues
from textcheck.compare.wording import stem
from textcheck.nlp.rules import default_rules
from textcheck.nlp.rules import load_cues as claim_cues
from textcheck.records import ClaimKind
from textcheck.vocabulary import SHARED_LISTS, ladder_strengths, load_shared

REFUSALS = [
    "We have no plans to extend the scheme to private landlords.",
    "The Government does not support a ban on these products.",
    "We do not believe that a further review would be proportionate.",
    "The department is not considering a change to the rules at this time.",
    "We cannot commit to funding every local project.",
    "We will not be lowering the age limit.",
]
NOT_REFUSALS = [
    "The changes will not affect people who already receive the payment.",
    "We will support councils to deliver the new service.",
]


def test_the_claim_rules_read_the_shared_lists_unchanged() -> None:
    shared = load_shared()
    cues = claim_cues()
    for name in SHARED_LISTS:
        assert cues[name] == shared[name]
        assert shared[name]["source"]


def test_the_comparer_ladder_is_the_shared_ladder_at_half_strength() -> None:
    ladder = compare_cues().ladder
    for form, strength in ladder_strengths().items():
        if " " not in form:
            assert ladder[stem(form)] == strength // 2, form
    assert ladder[stem("guarantees")] > ladder[stem("ensures")] > ladder[stem("drives")]
    assert ladder[stem("drives")] > ladder[stem("supports")] > ladder[stem("encourages")]


@pytest.mark.parametrize("sentence", REFUSALS)
def test_a_refusal_is_a_refusal_to_both_claims_and_compare(sentence: str) -> None:
    kinds = {d.kind for d in default_rules().extract(sentence, 0, len(sentence))}
    assert ClaimKind.REFUSAL in kinds
    assert compare_cues().refusal.search(sentence)


@pytest.mark.parametrize("sentence", NOT_REFUSALS)
def test_a_forecast_or_a_commitment_is_a_refusal_to_neither(sentence: str) -> None:
    kinds = {d.kind for d in default_rules().extract(sentence, 0, len(sentence))}
    assert ClaimKind.REFUSAL not in kinds
    assert not compare_cues().refusal.search(sentence)
