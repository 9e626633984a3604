"""extract_sentences end to end: offsets, roles, batching, the check-worthiness fallback and
bad input (empty, binary-looking, huge, markup)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from textcheck.errors import InputError, ModelError
from textcheck.nlp import checkworthiness, extract_sentences, extract_sentences_many
from textcheck.nlp.pipeline import CHUNK_CHARS, MAX_TEXT_CHARS
from textcheck.records import ClaimKind, Document, Role
from textcheck.settings import Settings

TEXT = (
    "We set our providers challenging targets. I am pleased to confirm providers exceed the "
    "Customer Satisfaction target of 90%.\n\nWe therefore do not believe a review is necessary."
)


CUES = Settings(cue_scores=True)
"""Cue scores asked for: these tests are about sentences and claims, not the model."""


def document(text: str, role: Role = Role.REVISED) -> Document:
    return Document.build(role, text, label="test", source="test.txt")


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """No model to score with: scoring raises ``ModelError`` unless cue scores are asked for."""

    def missing(sentences: Sequence[str]) -> list[float]:
        raise ModelError("expected a model file at models/checkworthiness, found none")

    monkeypatch.setattr(checkworthiness, "score_sentences", missing)


@pytest.mark.usefixtures("no_model")
def test_sentences_and_claims_index_the_text() -> None:
    sentences = extract_sentences(document(TEXT), settings=CUES)
    assert len(sentences) == 3
    for sentence in sentences:
        assert TEXT[sentence.start : sentence.end] == sentence.text
        assert 0.0 <= sentence.checkworthiness <= 1.0
        for claim in sentence.claims:
            assert claim.id == ""
            assert claim.role == Role.REVISED
            assert TEXT[claim.start : claim.end] == claim.quote
            assert claim.sentence == sentence.text
            assert (claim.sentence_start, claim.sentence_end) == (sentence.start, sentence.end)
    assert [c.kind for c in sentences[2].claims] == [ClaimKind.REFUSAL]


@pytest.mark.usefixtures("no_model")
def test_fallback_ranks_claims_above_plain_sentences() -> None:
    text = "The sky was grey that morning.\n\nProviders exceed the target of 90%."
    plain, figure = extract_sentences(document(text), settings=CUES)
    assert figure.checkworthiness > plain.checkworthiness


@pytest.mark.usefixtures("no_model")
def test_a_missing_model_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(ModelError, match="found none"):
        extract_sentences(document("Providers exceed the target of 90%."))
    with pytest.raises(ModelError):
        extract_sentences(document("Providers exceed the target of 90%."), settings=Settings())


@pytest.mark.usefixtures("no_model")
def test_cue_scores_asked_for_are_used_and_said_on_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from textcheck.nlp import pipeline

    pipeline._warn_cue_scores.cache_clear()
    with caplog.at_level("WARNING", logger="textcheck"):
        (sentence,) = extract_sentences(
            document("Providers exceed the target of 90%."), settings=CUES
        )
    assert 0.0 < sentence.checkworthiness <= 1.0
    assert any("cue words, not the model" in r.getMessage() for r in caplog.records)


def test_model_scores_are_used_and_clipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkworthiness, "score_sentences", lambda s: [1.7 for _ in s])
    (sentence,) = extract_sentences(document("Providers exceed the target of 90%."))
    assert sentence.checkworthiness == 1.0
    assert sentence.claims[0].checkworthiness == 1.0


@pytest.mark.usefixtures("no_model")
def test_many_documents_give_the_same_as_one_at_a_time() -> None:
    documents = [document(TEXT), document("ATOS does not have targets.", Role.AGAINST)]
    assert extract_sentences_many(documents, settings=CUES) == [
        extract_sentences(d, settings=CUES) for d in documents
    ]


@pytest.mark.usefixtures("no_model")
def test_long_text_is_chunked_with_exact_offsets() -> None:
    paragraph = "Providers exceed the target of 90%. We set challenging targets.\n\n"
    text = paragraph * (CHUNK_CHARS // len(paragraph) * 2 + 3)
    sentences = extract_sentences(document(text), settings=CUES)
    assert len(sentences) == text.count(".")
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert all(text[c.start : c.end] == c.quote for s in sentences for c in s.claims)


@pytest.mark.usefixtures("no_model")
@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "\x00\x01\x02\ufffd\ufffd", "<div>" * 5000 + "text" + "</div>" * 5000],
    ids=["empty", "blank", "binary-looking", "nested-markup"],
)
def test_odd_text_gives_a_clean_result(text: str) -> None:
    sentences = extract_sentences(document(text), settings=CUES)
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.usefixtures("no_model")
def test_one_long_line_without_breaks_is_read() -> None:
    text = "word " * (CHUNK_CHARS // 2)
    sentences = extract_sentences(document(text), settings=CUES)
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_text_over_the_limit_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"expected a text of at most .* characters, got"):
        extract_sentences(document("a" * (MAX_TEXT_CHARS + 1)), settings=CUES)


@pytest.mark.usefixtures("no_model")
def test_spacy_model_setting_is_optional() -> None:
    with_setting = extract_sentences(
        document(TEXT), settings=Settings(use_spacy_model=True, cue_scores=True)
    )
    assert [s.text for s in with_setting] == [
        s.text for s in extract_sentences(document(TEXT), settings=CUES)
    ]
    assert [c.kind for s in with_setting for c in s.claims] == [
        c.kind for s in extract_sentences(document(TEXT), settings=CUES) for c in s.claims
    ]


@pytest.mark.usefixtures("no_model")
def test_petition_requests_are_not_claims_but_responses_keep_theirs() -> None:
    text = "Extend bereavement leave to pregnancy loss before 24 weeks"
    assert extract_sentences(document(text, Role.PETITION), settings=CUES)[0].claims == ()
    assert (
        extract_sentences(document("Leave lasts 24 weeks.", Role.PETITION), settings=CUES)[0].claims
        != ()
    )


@pytest.mark.parametrize(
    "line", ["Department for Work and Pensions.", "HM Treasury", "Ministry of Justice."]
)
def test_sign_off_line_ranks_below_every_claim(line: str) -> None:
    """A response's closing name line is neither a claim nor check-worthy."""
    claim = "We will publish the review by March 2026."
    sentences = extract_sentences(document(f"{claim}\n\n{line}"), settings=CUES)
    assert [s.text for s in sentences] == [claim, line]
    assert sentences[1].claims == ()
    assert sentences[1].checkworthiness < sentences[0].checkworthiness
    assert sentences[1].checkworthiness <= 0.05


def test_title_case_line_with_a_claim_is_not_capped() -> None:
    """Only claimless name lines are capped: a title-case promise keeps its claim and score."""
    sentences = extract_sentences(
        document("The Department Will Publish The Review."), settings=CUES
    )
    assert sentences[0].claims
    assert sentences[0].checkworthiness > 0.05
