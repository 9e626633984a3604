"""Counter-statement reading (compare/rules/reading.py) and the sentence embedding it relies on."""

from __future__ import annotations

import numpy as np
import pytest

from tests.compare_cases import compare_texts, finding_dicts
from textcheck.compare.rules.reading import load_vocabulary
from textcheck.compare.semantic import DIMENSIONS, embed


def found(*pairs: tuple[str, str]) -> list[dict[str, object]]:
    return finding_dicts(compare_texts(*pairs))


def of_kind(findings: list[dict[str, object]], kind: str) -> list[dict[str, object]]:
    return [f for f in findings if f["kind"] == kind]


def roles(finding: dict[str, object]) -> list[str]:
    return [e["role"] for e in finding["evidence"]]  # type: ignore[index,union-attr]


def test_embedding_is_unit_length_and_puts_paraphrases_closer_than_unrelated_text() -> None:
    rows = embed(
        [
            "18,000 people employed directly in renewable energy across Scotland.",
            "11,000 jobs supported by Scotland's renewable energy sector.",
            "The cat slept on the warm windowsill all afternoon.",
            "",
        ]
    )
    assert rows.shape == (4, DIMENSIONS)
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0, atol=1e-5)
    assert not rows[3].any()
    assert rows[0] @ rows[1] > 0.4 > rows[0] @ rows[2]


def test_a_rejection_without_the_claims_words_is_a_denial_quoting_both() -> None:
    findings = found(
        ("statement", "The department has met its target of 90 %."),
        ("against", "That is, of course, not true."),
    )
    denials = of_kind(findings, "denial")
    assert len(denials) == 1 and roles(denials[0]) == ["against", "statement"]


def test_a_reported_claim_is_resolved_to_the_sentence_it_reports() -> None:
    findings = found(
        (
            "statement",
            "The council closed three libraries in 2021. Waiting lists for care assessments "
            "have doubled since last year.",
        ),
        ("against", "It is wrong to claim that waiting lists for assessments have doubled."),
    )
    denials = of_kind(findings, "denial")
    assert denials and "Waiting lists" in denials[0]["evidence"][1]["quote"]  # type: ignore[index]


def test_a_corrective_fact_of_the_same_kind_is_a_contradiction() -> None:
    findings = found(
        ("statement", "The minister met the unions on the second Tuesday in March."),
        ("against", "The meeting with the unions took place on the third Tuesday in March."),
    )
    assert of_kind(findings, "contradiction")


def test_a_part_of_a_total_is_not_a_corrective_figure() -> None:
    findings = found(
        ("statement", "The £100m fund has not been allocated to police forces."),
        ("against", "Out of the £100 million, £65 million will be allocated to police forces."),
    )
    assert not of_kind(findings, "figure_changed")
    assert not [f for f in findings if "gives £65" in str(f["summary"])]


def test_a_negation_inserted_into_the_same_words_is_an_internal_tension() -> None:
    findings = found(
        ("statement", "Developers should not start new works."),
        (
            "against",
            "We will fund repairs where buildings have a safety form. "
            "We will fund repairs where buildings do not have a safety form.",
        ),
    )
    tensions = of_kind(findings, "internal_tension")
    assert tensions and roles(tensions[0]) == ["against", "against"]


def test_a_negation_not_about_the_claim_is_not_a_denial() -> None:
    findings = found(
        ("statement", "The new hospital wing will open in May with 200 beds."),
        ("against", "It is not known which species of bee stung the gardener."),
    )
    assert not of_kind(findings, "denial")


def test_figures_of_one_measure_in_unaligned_sentences_are_a_figure_change() -> None:
    findings = found(
        (
            "original",
            "There are now, I think, 18,000 people employed directly in renewable energy.",
        ),
        (
            "revised",
            "The report was corrected: there are 11,000 jobs supported by the renewable "
            "energy sector.",
        ),
    )
    assert of_kind(findings, "figure_changed")
    assert of_kind(findings, "scope_changed")


def test_two_unrelated_plain_texts_give_no_petition_findings() -> None:
    findings = found(
        ("original", "Cats sleep most of the day and hunt at night."),
        ("revised", "The bridge was built in 1890 and repainted in 2004."),
    )
    assert not [
        f for f in findings if f["kind"] in {"request_unaddressed", "refusal_added", "denial"}
    ]


def test_the_vocabulary_says_where_it_comes_from() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.rejections.search("These claims are wholly without merit.")
    assert vocabulary.reported.search("incorrectly claims that the fund was cut")
    assert not vocabulary.rejections.search("The fund will open in May.")


def test_every_finding_carries_the_stamp_of_a_registered_rule() -> None:
    from textcheck.compare.model import REGISTERED

    findings = found(
        ("original", "We will review the scheme by March. The fund is £40m."),
        ("revised", "We may review the scheme by June. The fund is £30m."),
        ("against", "That is, of course, not true."),
    )
    assert findings and all(f["rule"] for f in findings)
    names = {str(f["rule"]).split(".")[0] for f in findings}
    assert names <= {stamp.split(".")[0] for stamp in REGISTERED}
    assert "denial.v2" in REGISTERED and "claim_dropped.v1" in REGISTERED


def rules_of(findings: list[dict[str, object]]) -> set[str]:
    return {str(f["rule"]) for f in findings}


def test_a_figure_offered_after_a_rejection_contradicts_the_rejected_claim() -> None:
    findings = found(
        ("statement", "Hospital waiting lists are getting shorter across the region."),
        (
            "against",
            "That claim is false.\n\nThe regional waiting list grew by 14,000 patients in the "
            "twelve months to March.",
        ),
    )
    backing = [f for f in of_kind(findings, "contradiction") if f["rule"] == "contradiction.v3"]
    assert len(backing) == 1 and roles(backing[0]) == ["against", "statement"]
    assert "14,000 patients" in backing[0]["evidence"][0]["quote"]  # type: ignore[index]


def test_a_figure_far_from_any_rejection_is_a_claim_of_its_own_not_a_contradiction() -> None:
    findings = found(
        ("statement", "Hospital waiting lists are getting shorter across the region."),
        (
            "against",
            "That claim is false.\n\nThe trust also runs two clinics in the town centre.\n\n"
            "It opened a new ward for older patients last winter.\n\nThe ward has 28 beds "
            "and a day room for visitors.",
        ),
    )
    assert "contradiction.v3" not in rules_of(findings)
    added = of_kind(findings, "claim_added")
    assert [f["rule"] for f in added] == ["claim_added.v2"]
    assert "28 beds" in added[0]["evidence"][0]["quote"]  # type: ignore[index]


def test_dates_offered_after_a_rejection_put_a_dated_claim_at_another_time() -> None:
    findings = found(
        ("statement", "The minister announced the new funding this week."),
        (
            "against",
            "This is not correct. The funding was announced on 14 March and paid out in May.",
        ),
    )
    timing = of_kind(findings, "timing_changed")
    assert len(timing) == 1 and roles(timing[0]) == ["against", "statement"]
    assert "14 March" in str(timing[0]["summary"])


def test_a_rebuttals_own_dates_are_listed_as_claims_to_check() -> None:
    findings = found(
        ("statement", "The council ignored the flood warnings for weeks."),
        (
            "against",
            "The council acted on every warning it received. The first warning reached the "
            "council on 3 February and the emergency plan was started on 4 February.",
        ),
    )
    added = of_kind(findings, "claim_added")
    assert len(added) == 1 and roles(added[0]) == ["against"]
    assert "3 February" in str(added[0]["summary"])


def test_a_rebuttal_that_says_the_claim_counts_something_else_is_a_scope_change() -> None:
    findings = found(
        ("statement", "The scheme has helped 50,000 families into work."),
        ("against", "This figure only counts families who were already in part-time work."),
    )
    scope = [f for f in of_kind(findings, "scope_changed") if f["rule"] == "scope_changed.v4"]
    assert len(scope) == 1 and roles(scope[0]) == ["against", "statement"]


def test_a_scope_word_without_a_measure_or_an_anaphor_is_not_a_scope_change() -> None:
    findings = found(
        ("statement", "The scheme has helped 50,000 families into work."),
        ("against", "Ministers ignored the advice of their own officials for a year."),
    )
    assert "scope_changed.v4" not in rules_of(findings)


def test_a_sentence_that_rejects_and_doubts_makes_both_findings() -> None:
    findings = found(
        ("statement", "Crime in the city has halved since 2015."),
        (
            "against",
            "These claims could not be verified, and the evidence does not support them.",
        ),
    )
    assert of_kind(findings, "denial") and of_kind(findings, "unverifiable")


def test_the_same_figure_with_a_unit_word_is_not_a_correction() -> None:
    findings = found(
        ("statement", "On 8 March the minister said the backlog had fallen by 6,000."),
        ("against", "The minister said the backlog fell by 6,000 people between the two dates."),
    )
    assert not of_kind(findings, "contradiction")


def test_a_number_in_a_name_and_the_modal_may_are_not_facts() -> None:
    findings = found(
        ("statement", "The minister was first told about Covid 19 in March."),
        (
            "against",
            "That is wrong. Officials say the minister may have been told about Covid 19 "
            "earlier than that.",
        ),
    )
    assert not of_kind(findings, "claim_added")
    assert not [f for f in of_kind(findings, "contradiction") if "'may'" in str(f["summary"])]


def test_a_rebuttal_asserting_the_negated_word_contradicts_the_statement() -> None:
    findings = found(
        ("statement", "The mayor has never lost a vote on the budget."),
        ("against", "That is wrong. She lost in March when six members abstained."),
    )
    hits = [f for f in of_kind(findings, "contradiction") if f["rule"] == "contradiction.v4"]
    assert len(hits) == 1 and roles(hits[0]) == ["against", "statement"]


def test_a_plain_text_with_the_negated_word_but_no_rebuttal_is_no_contradiction() -> None:
    findings = found(
        ("statement", "The council has never closed a library in the county."),
        ("against", "The council closed its offices early on Friday for staff training."),
    )
    assert "contradiction.v4" not in rules_of(findings)


def test_the_same_measure_on_the_opposite_pole_is_a_contradiction() -> None:
    findings = found(
        ("statement", "Waiting lists for hip operations have fallen this year."),
        (
            "against",
            "This is misleading. Waiting lists for hip operations have risen by a fifth "
            "since January.",
        ),
    )
    hits = [f for f in of_kind(findings, "contradiction") if f["rule"] == "contradiction.v5"]
    assert len(hits) == 1 and "risen" in str(hits[0]["summary"])


def test_references_are_not_figures() -> None:
    findings = found(
        ("statement", "There are more nurses now than in 2020."),
        (
            "against",
            "That is not right.\n\nThe minister said so at column 997 of Vol. 707 of the "
            "Official Report.",
        ),
    )
    assert "contradiction.v3" not in rules_of(findings)


FALSE_ALARMS = [
    pytest.param(
        ("statement", "Anti-social behaviour will not be tolerated in our parks."),
        ("against", "The council has more wardens than last year."),
        "refusal_added",
        id="behaviour-will-not-is-no-refusal",
    ),
    pytest.param(
        ("statement", "The new guidance will reduce waiting times for most patients."),
        (
            "against",
            "That is not true.\n\nThe report will be published once the inquiry has finished.",
        ),
        "contradiction",
        id="once-the-conjunction-is-no-figure",
    ),
    pytest.param(
        ("statement", "The scheme was launched in March with cross-party support."),
        ("against", "That is wrong. It was launched under Theresa May with little support."),
        "timing_changed",
        id="theresa-may-is-no-month",
    ),
    pytest.param(
        ("statement", "It is up to councils to decide how to set their budgets."),
        ("against", "That is not true. Council budgets have fallen by a third."),
        "contradiction",
        id="up-to-is-no-rise",
    ),
    pytest.param(
        ("statement", "The council won't close the library this year."),
        ("against", "This is untrue. The library lost its funding last month."),
        "contradiction",
        id="wont-is-no-win",
    ),
    pytest.param(
        ("statement", "The Government has no plans to privatise the NHS."),
        ("against", "This claim is misleading. The NHS Long Term Plan sets out new funding."),
        "contradiction",
        id="a-refusal-is-not-negated-plans",
    ),
]


@pytest.mark.parametrize(("statement", "against", "kind"), FALSE_ALARMS)
def test_ordinary_wording_is_not_a_finding(
    statement: tuple[str, str], against: tuple[str, str], kind: str
) -> None:
    findings = found(statement, against)
    new_rules = {"contradiction.v3", "contradiction.v4", "contradiction.v5", "timing_changed.v2"}
    hits = [f for f in of_kind(findings, kind) if f["rule"] in new_rules | {"refusal_added.v1"}]
    assert not hits, hits


def test_a_refusal_with_a_curly_apostrophe_is_a_refusal() -> None:
    from textcheck.compare.cues import load_cues

    assert load_cues().refusal.search("The Government won’t introduce a ban.")
    assert load_cues().refusal.search("We can’t commit to a date.")


def test_a_year_inside_a_url_is_no_date_of_a_rebuttal() -> None:
    findings = found(
        ("statement", "The rules changed this year for every school."),
        (
            "against",
            "That is not correct. The rules are at https://www.gov.uk/guidance/2019-school-rules "
            "for anyone to read.",
        ),
    )
    assert not [f for f in of_kind(findings, "timing_changed") if f["rule"] == "timing_changed.v2"]
