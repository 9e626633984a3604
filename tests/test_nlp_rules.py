"""Claim rules on single sentences: kinds, polarity, modality, strength, subject."""

from __future__ import annotations

import pytest

from textcheck.nlp.quantities import find_quantities
from textcheck.nlp.rules import ClaimDraft, ClaimRules, default_rules, load_cues
from textcheck.records import ClaimKind, Modality, Polarity


def claims(sentence: str, rules: ClaimRules | None = None) -> list[ClaimDraft]:
    amounts, dates = find_quantities(sentence)
    return (rules or default_rules()).extract(sentence, 0, len(sentence), amounts, dates)


def kinds(sentence: str) -> set[str]:
    return {c.kind.value for c in claims(sentence)}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("We therefore do not believe an independent review is necessary.", "refusal"),
        (
            "The Government does not believe waiving tax bills would provide value for money.",
            "refusal",
        ),
        ("The department therefore cannot commit to another Independent Review.", "refusal"),
        ("The Government has no plans to extend Parental Bereavement Leave.", "refusal"),
        ("We will not be changing the law.", "refusal"),
        ("It would not be appropriate to intervene.", "refusal"),
        ("Government is not considering using taxpayers’ money to reimburse rent.", "refusal"),
        ("ATOS Healthcare does not have targets.", "denial"),
        ("This is an exception report and not a set of targets.", "denial"),
        ("Reports are never changed in order to achieve an expected norm.", "denial"),
        ("ATOS, naturally, denies using these norms as targets.", "denial"),
        ("It is not true that assessors are paid by results.", "denial"),
        ("The Department has no targets for the number of claims disallowed.", "denial"),
        ("We set our PIP assessment providers challenging targets.", "target"),
        ("Providers consistently exceed the Customer Satisfaction target of 90%.", "satisfaction"),
        ("A target for no more than 3% of reports being deemed unacceptable.", "audit_rate"),
        ("People are waiting six weeks on average for an assessment.", "waiting_time"),
        ("Some claimants have been waiting over two years for a decision.", "waiting_time"),
        ("HMG announced a £1.57 billion package for cultural organisations.", "quantity"),
        ("We will move to an integrated assessment service from 2021.", "timeline"),
        ("We will move to an integrated assessment service from 2021.", "commitment"),
        ("The Government is committed to raising standards of animal welfare.", "commitment"),
        ("One of the team’s objectives is trialling the use of video recording.", "commitment"),
        ("DWP conducts a robust programme of assessment observations.", "assurance"),
        ("This cross-provider working guarantees consistency.", "assurance"),
        ("Delays were caused by the pandemic.", "causation"),
        ("Demand is expected to rise next year.", "prediction"),
        # issue 11: a determiner before "targets" keeps it a noun; "not right" in a rebuttal
        # means "not correct" (sentences written for this test)
        ("The targets the department set were met.", "target"),
        ("That is not right.", "denial"),
        ("We published the strategy on 3 March 2021.", "timeline"),
        ("The scheme was introduced on 1 June.", "timeline"),
        # issue 11: refusals worded by policy or intention (the first from petition 241584's
        # response, archived petitions JSON, Open Parliament Licence v3.0; the others written
        # for this test)
        ("It remains the Government’s firm policy not to revoke Article 50.", "refusal"),
        ("We would advise against introducing a separate licence.", "refusal"),
        ("The Government has decided not to proceed with the levy.", "refusal"),
        ("The department is not in a position to fund the scheme.", "refusal"),
        ("Ministers have concluded not to extend the deadline.", "refusal"),
        # issue 11: outcome forecasts (written for this test)
        ("The investment will create 1,000 jobs in the region.", "prediction"),
        ("Bills are set to fall next year.", "prediction"),
    ],
)
def test_sentence_gets_kind(sentence: str, kind: str) -> None:
    assert kind in kinds(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This petition ran for 6 months",
        "(part 1 of 2)",
        "This response was given on 20 June 2019.",
        "Department for Work and Pensions.",
    ],
)
def test_page_furniture_has_no_claims(sentence: str) -> None:
    assert claims(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("Conditions which will not improve need a simpler process.", "refusal"),
        ("Universities’ financial situations will be different.", "commitment"),
        ("Changes may be made if the advice is not clinically reasonable.", "denial"),
        ("Waste is managed in a way which does not pose risks.", "denial"),
        ("We set PIP providers a target for no more than 3% of reports.", "denial"),
        ("ATOS Healthcare does not have targets.", "target"),
        ("The recent decision not to re-assess individuals.", "denial"),
        ("Claimants of Employment and Support Allowance were assessed.", "assurance"),
        ("Parents of a child under the age of 18 can take leave.", "waiting_time"),
        # issue 11 false alarms: "targets" as a verb, a disapproval (sentences written for
        # this test, after the forms the issue quotes)
        ("The fund targets the areas of greatest need.", "target"),
        ("The programme targets those most at risk.", "target"),
        ("Such behaviour is not acceptable.", "denial"),
        ("This is simply not acceptable in a modern workplace.", "denial"),
        ("Delays of this kind are not fair on claimants.", "denial"),
        ("The report on 2019 performance is published.", "timeline"),
    ],
)
def test_sentence_does_not_get_kind(sentence: str, absent: str) -> None:
    assert absent not in kinds(sentence)


def test_quantity_is_attached_to_its_figure_claim() -> None:
    (claim,) = [c for c in claims("PIP providers exceed the target of 90%.") if c.quantity]
    assert claim.kind == ClaimKind.TARGET
    quantity = claim.quantity
    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.comparator) == (90, "%", ">")


def test_a_sentence_can_carry_several_figure_claims() -> None:
    found = claims("People wait six weeks for a new claim and four weeks for a reassessment.")
    assert [c.quantity.value for c in found if c.quantity] == [6, 4]
    assert {c.kind for c in found if c.quantity} == {ClaimKind.WAITING_TIME}


def test_quote_is_the_clause_and_lies_in_the_sentence() -> None:
    sentence = "We also set a target for no more than 3% of reports, above which no pay applies."
    (claim,) = [c for c in claims(sentence) if c.quantity]
    assert (
        sentence[claim.start : claim.end] == "We also set a target for no more than 3% of reports"
    )


def test_refusal_quotes_the_whole_sentence() -> None:
    sentence = "We are working hard and therefore cannot commit to a review."
    (refusal,) = [c for c in claims(sentence) if c.kind == ClaimKind.REFUSAL]
    assert (refusal.start, refusal.end) == (0, len(sentence))
    assert refusal.polarity == Polarity.NEGATIVE


@pytest.mark.parametrize(
    ("clause", "modality"),
    [
        ("The department will publish the data.", Modality.COMMITTED),
        ("We must act now.", Modality.COMMITTED),
        ("We may review the guidance.", Modality.HEDGED),
        ("Providers could do more.", Modality.HEDGED),
        ("We aim to reduce waiting times.", Modality.HEDGED),
        ("We will consider the options.", Modality.HEDGED),
        ("Payments are made if the claim is valid.", Modality.CONDITIONAL),
        ("The audit process confirms the report is detailed.", Modality.ASSERTED),
    ],
)
def test_modality(clause: str, modality: Modality) -> None:
    assert default_rules().classify_modality(clause) == modality


def test_strength_ladder_orders_commitment_verbs() -> None:
    rules = default_rules()
    ladder = ["guarantees", "ensures", "drives", "supports", "encourages"]
    strengths = [rules.measure_strength(f"This work {verb} consistency.") for verb in ladder]
    assert strengths == sorted(strengths, reverse=True)
    assert len(set(strengths)) == len(ladder)
    assert rules.measure_strength("We strongly encourage employers.") > rules.measure_strength(
        "We encourage employers."
    )
    assert rules.measure_strength("We aim to ensure quality.") < rules.measure_strength(
        "We ensure quality."
    )
    assert rules.measure_strength("We publish the data.") == 0


def test_softened_commitment_has_lower_strength() -> None:
    original = "This cross-provider working guarantees consistency in PIP strategy."
    revised = "This cross-provider working drives consistency in PIP policy."
    (before,) = [c for c in claims(original) if c.kind == ClaimKind.ASSURANCE]
    (after,) = [c for c in claims(revised) if c.kind == ClaimKind.ASSURANCE]
    assert before.strength > after.strength > 0


@pytest.mark.parametrize(
    ("clause", "subject"),
    [
        ("We also set PIP providers a target for no more than 3% of reports", "PIP providers"),
        ("We set our PIP assessment providers challenging targets", "PIP assessment providers"),
        ("ATOS Healthcare does not have targets.", "ATOS Healthcare"),
        ("I am pleased to confirm PIP providers consistently exceed the target", "PIP providers"),
        ("As such, the department will publish the data.", "the department"),
        ("The EU Referendum Act received Royal Assent in December 2015.", "The EU Referendum Act"),
        ("Spending on the programme rose from £1.2bn in 2019-20", "Spending on the programme"),
    ],
)
def test_subject(clause: str, subject: str) -> None:
    assert default_rules().extract_subject(clause) == subject


def test_rules_run_on_the_cues_they_are_given() -> None:
    cues = dict(load_cues())
    cues["target"] = {"items": ["re:\\bgoals?\\b"]}
    custom = ClaimRules(cues)
    assert ClaimKind.TARGET in {
        c.kind for c in claims("We set providers stretching goals.", custom)
    }
    assert ClaimKind.TARGET not in {c.kind for c in claims("We set providers stretching goals.")}


def test_every_cue_list_says_where_it_comes_from() -> None:
    for name, entry in load_cues().items():
        if isinstance(entry, dict):
            assert entry.get("source"), f"cue list {name} has no source"


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("Ban adverts for and sale of Asian elephant tours", True),
        ("Do not implement proposed changes to Human Medicine Regulations", True),
        ("We the undersigned call upon HM Government to implement a rule", True),
        ("Extend statutory bereavement leave to pregnancy loss before 24 weeks", True),
        ("Many endangered Asian elephants suffer from brutal tourism.", False),
        ("Support for carers is available.", False),
    ],
)
def test_is_request(sentence: str, asks: bool) -> None:
    assert default_rules().is_request(sentence) is asks


@pytest.mark.parametrize(
    "sentence",
    [
        "13,795 of 100,000 signatures required to be considered for a debate in Parliament",
        "If this petition gets 10,000 signatures, government will respond to it.",
        "Progress of the petition towards its next target:",
    ],
)
def test_petition_page_furniture(sentence: str) -> None:
    assert claims(sentence) == []


def test_ladder_word_used_as_a_noun_is_not_an_assurance() -> None:
    assert "assurance" not in kinds(
        "The State Pension is the foundation of support for pensioners."
    )
    assert "assurance" in kinds("The State Pension supports pensioners.")
