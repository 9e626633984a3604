"""textcheck's spaCy components on spacy.blank("en"): each on its own, and saved/loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from textcheck.nlp.components import TextcheckClaims
from textcheck.nlp.pipeline import load_pipeline
from textcheck.nlp.rules import load_cues

TEXT = "We set providers challenging targets. They exceed the target of 90%, i.e. most do."


def claims_pipe(nlp: Language) -> TextcheckClaims:
    pipe = nlp.get_pipe("textcheck_claims")
    assert isinstance(pipe, TextcheckClaims)
    return pipe


def blank_with(*names: str) -> Language:
    nlp = spacy.blank("en")
    for name in names:
        nlp.add_pipe(name)
    return nlp


def test_sentencizer_sets_offsets_and_sentence_starts() -> None:
    doc = blank_with("textcheck_sentencizer")(TEXT)
    assert [TEXT[s:e] for s, e in doc._.textcheck_sentences] == [
        "We set providers challenging targets.",
        "They exceed the target of 90%, i.e. most do.",
    ]
    assert [sent.text for sent in doc.sents] == [TEXT[s:e] for s, e in doc._.textcheck_sentences]


def test_quantities_component_finds_amounts_and_dates() -> None:
    doc = blank_with("textcheck_quantities")("Since 2016, over 5% of reports were audited.")
    assert [m.quantity.value for m in doc._.textcheck_quantities] == [5]
    assert [d.year for d in doc._.textcheck_dates] == [2016]


def test_claims_component_uses_parser_free_sentences() -> None:
    doc = blank_with("textcheck_sentencizer", "textcheck_quantities", "textcheck_claims")(TEXT)
    first, second = doc._.textcheck_claims
    assert [c.kind.value for c in first] == ["target"]
    assert any(c.quantity and c.quantity.comparator == ">" for c in second)


def test_claims_component_falls_back_to_doc_sents() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("textcheck_claims")
    doc = nlp("ATOS does not have targets. Fine.")
    assert [c.kind.value for c in doc._.textcheck_claims[0]] == ["denial"]


def test_claims_component_is_initialised_with_cues() -> None:
    nlp = blank_with("textcheck_sentencizer", "textcheck_quantities", "textcheck_claims")
    cues = dict(load_cues())
    cues["target"] = {"items": ["re:\\bgoals?\\b"]}
    claims_pipe(nlp).initialize(cues=cues)
    doc = nlp("We set providers stretching goals.")
    assert [c.kind.value for c in doc._.textcheck_claims[0]] == ["target"]


def test_pipeline_round_trips_through_disk(tmp_path: Path) -> None:
    nlp = blank_with("textcheck_sentencizer", "textcheck_quantities", "textcheck_claims")
    cues = dict(load_cues())
    cues["target"] = {"items": ["re:\\bgoals?\\b"]}
    claims_pipe(nlp).initialize(cues=cues)
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    doc = loaded("We set providers stretching goals.")
    assert [c.kind.value for c in doc._.textcheck_claims[0]] == ["target"]


def test_components_round_trip_through_bytes() -> None:
    nlp = blank_with("textcheck_sentencizer", "textcheck_quantities", "textcheck_claims")
    for name in nlp.pipe_names:
        component: Any = nlp.get_pipe(name)
        data = component.to_bytes()
        assert component.from_bytes(data).to_bytes() == data


def test_shipped_config_builds_the_pipeline() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names == ["textcheck_sentencizer", "textcheck_quantities", "textcheck_claims"]
    assert load_pipeline() is nlp


def test_claims_take_the_parsed_subject_when_a_parser_has_run() -> None:
    nlp = blank_with("textcheck_sentencizer", "textcheck_quantities", "textcheck_claims")
    words = ["Teams", "in", "each", "centre", "audit", "reports", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, True, False, False],
        heads=[4, 0, 3, 1, 4, 4, 4],
        deps=["nsubj", "prep", "det", "pobj", "ROOT", "dobj", "punct"],
    )
    for _, component in nlp.pipeline:
        doc = component(doc)
    (claim,) = doc._.textcheck_claims[0]
    assert claim.kind.value == "assurance"
    assert claim.subject == "Teams in each centre"
    unparsed = nlp("Teams in each centre audit reports.")
    assert unparsed._.textcheck_claims[0][0].subject != "Teams in each centre"
