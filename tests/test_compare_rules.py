"""Each compare rule on small, real-looking cases, plus the contract's invariants:
evidence quotes equal ``text[start:end]``, deterministic output, self-compare, unrelated
texts, oversized and malformed input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.compare_cases import compare_texts, document, finding_dicts, load_seed, regex_sentences
from textcheck.compare import compare_documents, load_aliases
from textcheck.compare.alignment import align_units, build_units, build_vectors
from textcheck.compare.cues import load_cues
from textcheck.compare.engine import MAX_CHARS
from textcheck.compare.truncation import is_truncated
from textcheck.compare.wording import diff_words, is_cosmetic, split_sentences, tokenize
from textcheck.errors import InputError
from textcheck.records import (
    Claim,
    ClaimKind,
    Comparison,
    Document,
    FindingKind,
    Role,
    Sentence,
    Severity,
)
from textcheck.settings import Settings

PETITION = (
    "Fund free school meals in the holidays.\n\n"
    "The Government should extend free school meals to every school holiday."
)


def kinds(comparison: Comparison) -> list[str]:
    return [f.kind.value for f in comparison.findings]


def only(comparison: Comparison, kind: FindingKind) -> list[dict[str, Any]]:
    return [f for f in finding_dicts(comparison) if f["kind"] == kind.value]


def test_cosmetic_edits_are_reworded_at_most() -> None:
    result = compare_texts(
        (
            "original",
            "We have developed and maintained a strong relationship with the "
            "Independent Assessment Service. Providers’ reports are audited.",
        ),
        (
            "revised",
            "We have developed and maintain a strong relationship with the "
            "Independent Assessment Services. Providers' reports are audited!",
        ),
    )
    assert set(kinds(result)) <= {"reworded"}
    assert all(f.severity == Severity.LOW for f in result.findings)


def test_figure_dropped_with_sentence_is_claim_dropped_high() -> None:
    result = compare_texts(
        (
            "original",
            "We work closely with providers. People wait six weeks on average "
            "for a new claim assessment. We monitor performance closely.",
        ),
        ("revised", "We work closely with providers. We monitor performance closely."),
    )
    dropped = only(result, FindingKind.CLAIM_DROPPED)
    assert len(dropped) == 1
    assert dropped[0]["severity"] == "high"
    assert "six weeks" in str(dropped[0]["summary"])


def test_added_claim_is_reported() -> None:
    result = compare_texts(
        ("original", "We value the work of carers. Carers are supported by local councils."),
        (
            "revised",
            "We value the work of carers. Carers are supported by local councils. "
            "We will invest £50 million in respite care from April 2022.",
        ),
    )
    added = only(result, FindingKind.CLAIM_ADDED)
    assert len(added) == 1 and added[0]["severity"] == "high"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "This joint working guarantees consistency in the application of policy.",
            "This joint working drives consistency in the application of policy.",
        ),
        (
            "We will publish the guidance for schools by the end of the year.",
            "We aim to publish the guidance for schools by the end of the year.",
        ),
        (
            "We strongly encourage employers to offer paid leave to bereaved parents.",
            "We encourage employers to offer paid leave to bereaved parents.",
        ),
        (
            "Claimants receive high quality, objective and accurate assessments.",
            "Claimants receive high quality, accurate assessments.",
        ),
    ],
)
def test_softened(before: str, after: str) -> None:
    result = compare_texts(("original", before), ("revised", after))
    assert kinds(result) == ["softened"]
    finding = result.findings[0]
    assert [e.role for e in finding.evidence] == [Role.ORIGINAL, Role.REVISED]


def test_an_intensifier_lost_in_a_rewritten_sentence_is_softened_quoting_both() -> None:
    result = compare_texts(
        (
            "original",
            "The scheme has run since 2019. Funding is a minimum, and we strongly encourage "
            "councils to add to it where they can.",
        ),
        (
            "revised",
            "The scheme has run since 2019. We encourage councils to use the fund for repairs "
            "to older homes first.",
        ),
    )
    softened = [f for f in only(result, FindingKind.SOFTENED) if f["rule"] == "softened.v2"]
    assert len(softened) == 1
    a, b = (e["quote"] for e in softened[0]["evidence"])
    assert a.startswith("strongly encourage councils") and b.startswith("encourage councils")
    assert not only(result, FindingKind.STRENGTHENED)


def test_a_hedge_dropped_with_a_changed_figure_is_strengthened() -> None:
    result = compare_texts(
        ("original", "There are, I think, 4,000 apprentices now training in the city's firms."),
        ("revised", "Some 2,600 apprenticeships are supported by local employers."),
    )
    found = [f for f in only(result, FindingKind.STRENGTHENED) if f["rule"] == "strengthened.v3"]
    assert len(found) == 1 and "I think" in found[0]["summary"]
    assert only(result, FindingKind.FIGURE_CHANGED)


def test_strengthened_is_the_mirror_of_softened() -> None:
    result = compare_texts(
        ("original", "This joint working supports consistency in the application of policy."),
        ("revised", "This joint working guarantees consistency in the application of policy."),
    )
    assert kinds(result) == ["strengthened"]


def test_figure_changed() -> None:
    result = compare_texts(
        ("original", "Providers consistently exceed the Customer Satisfaction target of 90%."),
        ("revised", "Providers consistently exceed the Customer Satisfaction target of 85%."),
    )
    assert kinds(result) == ["figure_changed"]
    assert result.findings[0].severity == Severity.HIGH


LONG = (
    "The survey, which was carried out over the winter with the help of councils and housing "
    "charities across the region, found that {n} homes had been empty for a year, and the "
    "council said it would act on every recommendation."
)


def test_a_change_in_a_long_sentence_quotes_its_clause_not_the_whole_sentence() -> None:
    result = compare_texts(
        ("original", LONG.format(n="4,000")), ("revised", LONG.format(n="5,200"))
    )
    changed = only(result, FindingKind.FIGURE_CHANGED)
    assert len(changed) == 1
    quotes = [e["quote"] for e in changed[0]["evidence"]]
    assert "found that 4,000 homes had been empty" in quotes[0]
    assert "5,200 homes" in quotes[1]
    assert not any("recommendation" in q or "winter" in q for q in quotes)
    assert "4,000 to 5,200" in changed[0]["summary"]


def test_the_second_year_of_a_financial_year_is_not_a_figure() -> None:
    result = compare_texts(
        ("original", "In 2014-15 the team was called out 400 times, just over once a day."),
        ("revised", "In 2014-15 the team was called out 360 times, just over once a day."),
    )
    changed = only(result, FindingKind.FIGURE_CHANGED)
    assert len(changed) == 1 and "400 to 360" in changed[0]["summary"]
    assert "15" not in changed[0]["summary"].replace("2014-15", "")


def test_timing_changed() -> None:
    result = compare_texts(
        ("original", "Assessment providers now have more time in which to complete assessments."),
        (
            "revised",
            "Since 2016, we have given assessment providers more time in which to "
            "complete assessments.",
        ),
    )
    assert "timing_changed" in kinds(result)


def test_scope_changed() -> None:
    result = compare_texts(
        ("original", "Defence spending is the largest share of the budget after welfare."),
        (
            "revised",
            "Defence spending is the largest share of the budget excluding Health after welfare.",
        ),
    )
    assert kinds(result) == ["scope_changed"]


def test_refusal_added_quotes_petition_and_response() -> None:
    result = compare_texts(
        ("petition", PETITION),
        (
            "original",
            "Free school meals support children from low income families. "
            "Councils received £220 million for holiday activities.",
        ),
        (
            "revised",
            "Free school meals support children from low income families. "
            "Councils received £220 million for holiday activities. "
            "We have no plans to extend free school meals to the school holidays.",
        ),
    )
    refusals = only(result, FindingKind.REFUSAL_ADDED)
    assert len(refusals) == 1 and refusals[0]["severity"] == "high"
    roles = [e["role"] for e in refusals[0]["evidence"]]
    assert roles == ["petition", "revised"]
    assert "claim_added" not in kinds(result)


def test_request_unaddressed_only_for_the_response_that_ignores_it() -> None:
    result = compare_texts(
        ("petition", PETITION),
        (
            "original",
            "Free school meals support children from low income families. "
            "Councils received £220 million for holiday activities.",
        ),
        (
            "revised",
            "Free school meals support children from low income families. "
            "We will not extend free school meals to the holidays.",
        ),
    )
    unaddressed = only(result, FindingKind.REQUEST_UNADDRESSED)
    assert [e["role"] for f in unaddressed for e in f["evidence"]] == ["petition", "original"]


def test_contradiction_when_a_revision_negates() -> None:
    result = compare_texts(
        ("original", "The scheme will be extended to self-employed workers in the autumn."),
        ("revised", "The scheme will not be extended to self-employed workers in the autumn."),
    )
    assert "contradiction" in kinds(result)


def test_contradiction_of_figures_against_a_counter_statement() -> None:
    result = compare_texts(
        ("statement", "Waiting lists for hip operations fell to 12 weeks on average this year."),
        (
            "against",
            "Official data show waiting lists for hip operations rose to 18 weeks on "
            "average this year.",
        ),
    )
    contradictions = only(result, FindingKind.CONTRADICTION)
    assert contradictions
    assert contradictions[0]["evidence"][0]["role"] == "against"


def test_denial_through_aliases() -> None:
    result = compare_texts(
        (
            "statement",
            "We set Maximus demanding targets for the number of assessments completed each month.",
        ),
        (
            "against",
            "A spokesperson said the Centre for Health and Disability Assessments "
            "does not have targets for assessments.",
        ),
    )
    denials = only(result, FindingKind.DENIAL)
    assert len(denials) == 1
    assert [e["role"] for e in denials[0]["evidence"]] == ["against", "statement"]


def test_denial_of_an_unmentioned_organisation_is_not_reported() -> None:
    result = compare_texts(
        (
            "statement",
            "We set Maximus demanding targets for the number of assessments completed each month.",
        ),
        ("against", "A spokesperson said Serco does not have targets for assessments."),
    )
    assert not only(result, FindingKind.DENIAL)


def test_user_aliases_extend_the_table(tmp_path: Path) -> None:
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Acme Care": ["Acme", "ACL"]}), "utf-8")
    table = load_aliases(path)
    assert table.entities("ACL said so, and Atos Healthcare agreed") == {"Acme Care", "Atos"}
    documents = [
        document("statement", "We set Acme Care demanding targets for home visits each month."),
        document("against", "ACL does not have targets for home visits."),
    ]
    result = compare_documents(
        documents, [regex_sentences(d) for d in documents], settings=Settings(aliases=path)
    )
    assert only(result, FindingKind.DENIAL)


def test_bad_aliases_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "aliases.json"
    path.write_text('["Atos"]', "utf-8")
    with pytest.raises(InputError, match=r"aliases file .* expected"):
        load_aliases(path)


def test_internal_tension_values_and_refuses() -> None:
    result = compare_texts(
        (
            "statement",
            "We recognise the value of an independent inquiry into the handling of "
            "the pandemic. We do not believe an independent inquiry is appropriate at this time.",
        ),
    )
    assert kinds(result) == ["internal_tension"] or "internal_tension" in kinds(result)
    tension = only(result, FindingKind.INTERNAL_TENSION)[0]
    assert {e["role"] for e in tension["evidence"]} == {"statement"}


def test_truncated_text_makes_later_sentences_unverifiable() -> None:
    original = "The Act received Royal Assent in December 2015. The Act set out th"
    revised = (
        "The Act received Royal Assent in December 2015. The Act set out the franchise. "
        "It did not set a threshold for turnout. We will publish guidance by 2017."
    )
    result = compare_texts(("original", original), ("revised", revised))
    assert result.documents[0].truncated and not result.documents[1].truncated
    assert not {"claim_added", "claim_dropped"} & set(kinds(result))
    assert "unverifiable" in kinds(result)


def test_is_truncated() -> None:
    assert is_truncated("We will review the rules. The Act set out th")
    assert not is_truncated("We will review the rules.\n\nDepartment for Work and Pensions")
    assert not is_truncated("See www.gov.uk/guidance")


def test_moved_sentence() -> None:
    first = "Schools reopen in March. Exams are cancelled this year. Teachers will grade pupils."
    later = "Teachers will grade pupils. Schools reopen in March. Exams are cancelled this year."
    result = compare_texts(("original", first), ("revised", later))
    assert kinds(result) == ["moved"]
    assert result.findings[0].severity == Severity.LOW


def test_word_diff_ignores_cosmetics() -> None:
    assert is_cosmetic("We “maintain” the Service.", "We maintained the Services!")
    changes = diff_words(tokenize("we will publish it"), tokenize("we aim to publish it"))
    assert [(c.tag, [t.text for t in c.a], [t.text for t in c.b]) for c in changes] == [
        ("replace", ["will"], ["aim", "to"])
    ]


def test_alignment_is_one_to_one() -> None:
    a = document("original", "Cats sleep a lot. Dogs bark at night. Birds sing at dawn.")
    b = document("revised", "Birds sing at dawn. Cats sleep a lot. Cats sleep a lot.")
    ua = build_units(0, regex_sentences(a), 0)
    ub = build_units(1, regex_sentences(b), len(ua))
    pairs = align_units(build_vectors(ua + ub), ua, ub)
    assert len({p.b.index for p in pairs}) == len(pairs) == 2
    assert [p.moved for p in pairs].count(True) == 1


def test_split_sentences_offsets() -> None:
    text = "One. “Two,” he said.’Three follows\n\nFour"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "One.",
        "“Two,” he said.’",
        "Three follows",
        "Four",
    ]


def test_evidence_quotes_equal_document_text() -> None:
    seed = load_seed()
    result = compare_texts(
        *((role, seed[role]) for role in ("petition", "original", "revised", "against"))
    )
    by_role = {d.role: d.text for d in result.documents}
    assert result.findings
    for finding in result.findings:
        assert finding.evidence
        for evidence in finding.evidence:
            assert by_role[evidence.role][evidence.start : evidence.end] == evidence.quote


def test_findings_are_ordered_and_numbered() -> None:
    seed = load_seed()
    result = compare_texts(*((role, seed[role]) for role in ("petition", "original", "revised")))
    keys = [(f.severity.rank, -f.score) for f in result.findings]
    assert keys == sorted(keys)
    assert [f.id for f in result.findings] == [f"F{n}" for n in range(1, len(keys) + 1)]


def test_output_is_deterministic() -> None:
    seed = load_seed()
    texts = [(role, seed[role]) for role in ("petition", "original", "revised", "against")]
    assert finding_dicts(compare_texts(*texts)) == finding_dicts(compare_texts(*texts))


def test_self_compare_has_no_findings() -> None:
    seed = load_seed()
    result = compare_texts(
        ("petition", seed["petition"]), ("original", seed["revised"]), ("revised", seed["revised"])
    )
    assert set(kinds(result)) <= {"reworded"}


def test_unrelated_texts_have_few_low_findings() -> None:
    result = compare_texts(
        (
            "original",
            "The European Union Referendum Act received Royal Assent in December "
            "2015. The Act did not set a threshold for the result or for minimum turnout.",
        ),
        (
            "revised",
            "Landfill operators must hold an environmental permit. The Environment "
            "Agency will take enforcement action where odour causes pollution.",
        ),
    )
    assert len(result.findings) <= 2
    assert all(f.severity == Severity.LOW for f in result.findings)


def test_oversized_input_is_refused() -> None:
    text = "We will act. " * (MAX_CHARS // 13 + 10)
    documents = [document("original", text), document("revised", "We will act.")]
    with pytest.raises(InputError, match="at most"):
        compare_documents(documents, [(), ()])


def test_sentences_must_match_documents() -> None:
    documents = [document("original", "We will act."), document("revised", "We act.")]
    with pytest.raises(InputError, match="one list of sentences per document"):
        compare_documents(documents, [()])


def test_long_responses_compare() -> None:
    seed = load_seed()
    long_a = "\n\n".join(f"{seed['original']} Paragraph {n}." for n in range(25))
    long_b = "\n\n".join(f"{seed['revised']} Paragraph {n}." for n in range(25))
    assert len(long_a.split()) > 10_000
    result = compare_texts(("original", long_a), ("revised", long_b))
    assert any(f.kind == FindingKind.SOFTENED for f in result.findings)


def test_compare_never_imports_spacy() -> None:
    code = (
        "import sys, textcheck.compare, textcheck.compare.rules; "
        "sys.exit(1 if 'spacy' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


_WORDS = st.sampled_from(
    [
        "we",
        "will",
        "not",
        "ensure",
        "guarantee",
        "90%",
        "six",
        "weeks",
        "since",
        "2016",
        "now",
        "only",
        "Atos",
        "DWP",
        "review",
        "independent",
        "targets",
        "“quoted”",
        "the",
        "providers,",
        "assessments;",
        "must",
        "may",
    ]
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda w: " ".join(w) + ".")
_TEXT = st.lists(_SENTENCE, min_size=0, max_size=6).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(original=_TEXT, revised=_TEXT, against=_TEXT)
def test_any_texts_give_exact_evidence(original: str, revised: str, against: str) -> None:
    texts = [("original", original), ("revised", revised), ("against", against)]
    result = compare_texts(*texts)
    by_role = {d.role: d.text for d in result.documents}
    for finding in result.findings:
        assert finding.kind in set(FindingKind) and 0.0 <= finding.score <= 1.0
        for evidence in finding.evidence:
            assert by_role[evidence.role][evidence.start : evidence.end] == evidence.quote
    assert finding_dicts(result) == finding_dicts(compare_texts(*texts))


def test_softened_from_claim_strength_when_no_word_cue_fires() -> None:
    a_text = "This joint working secures consistency in policy."
    b_text = "This joint working fosters consistency in policy."

    def with_claim(role: str, text: str, strength: int) -> tuple[Document, tuple[Sentence, ...]]:
        doc = document(role, text)
        claim = Claim(
            "",
            Role(role),
            ClaimKind.ASSURANCE,
            text,
            text,
            0,
            len(text),
            0,
            len(text),
            strength=strength,
        )
        return doc, (Sentence(Role(role), text, 0, len(text), 0.9, (claim,)),)

    (a, sa), (b, sb) = with_claim("original", a_text, 5), with_claim("revised", b_text, 2)
    result = compare_documents([a, b], [sa, sb])
    assert kinds(result) == ["softened"]


def test_split_sentence_is_not_added() -> None:
    result = compare_texts(
        ("original", "We will extend the scheme to carers and review the rates paid to them."),
        ("revised", "We will extend the scheme to carers. We will review the rates paid to them."),
    )
    assert not {"claim_added", "claim_dropped"} & set(kinds(result))


@pytest.mark.parametrize(
    ("sentence", "refusal"),
    [
        ("We do not believe an independent review is necessary.", True),
        ("The Government has no plans to extend Parental Bereavement Leave.", True),
        ("We cannot commit to another Independent Review.", True),
        ("A ban would be unnecessary and disproportionate.", True),
        ("It is necessary to protect children online.", False),
        ("We will review the guidance next year.", False),
    ],
)
def test_refusal_cues(sentence: str, refusal: bool) -> None:
    assert bool(load_cues().refusal.search(sentence)) is refusal


def test_another_ladder_verb_in_an_unrelated_sentence_is_not_softened() -> None:
    result = compare_texts(
        ("original", "We will ensure schools have the funding they need to recover lost learning."),
        (
            "revised",
            "In addition we support schools through the Pupil Premium, which targets "
            "disadvantaged pupils.",
        ),
    )
    assert not [f for f in only(result, FindingKind.SOFTENED) if f["rule"] == "softened.v2"]


def test_can_is_not_an_opinion_hedge() -> None:
    result = compare_texts(
        ("original", "Hospitals have 18,000 extra nurses this winter across the region."),
        ("revised", "Hospitals can now call on 21,500 extra nurses across the region."),
    )
    assert not [f for f in only(result, FindingKind.SOFTENED) if f["rule"] == "softened.v3"]


def test_ensure_replaced_by_consider_is_softened() -> None:
    result = compare_texts(
        ("original", "We will ensure that every school has a trained mental health lead."),
        ("revised", "We will consider whether every school has a trained mental health lead."),
    )
    assert only(result, FindingKind.SOFTENED)
