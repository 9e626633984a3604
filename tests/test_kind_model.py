"""The learned claim-kind model: scored with numpy exactly as scikit-learn, checked when
loaded, measured by grouped cross-validation against floors, and wired into extraction."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from textcheck.errors import ModelError
from textcheck.nlp import extract_sentences_many
from textcheck.nlp.checkworthiness import models_path
from textcheck.nlp.kind_model import (
    LEARNED_CUE,
    META_FILE,
    MODEL_NAME,
    WEIGHTS_FILE,
    KindWeights,
    load_kind_weights,
    probabilities,
)
from textcheck.nlp.kind_training import (
    KINDS,
    MIN_GAIN,
    _classifier,
    _features,
    labelled_rows,
    out_of_fold,
    per_kind,
)
from textcheck.records import ClaimKind, Document, Role

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "corpora" / "claims"
BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, object]]:
    """The per-kind table of a fresh grouped cross-validation on the shipped corpus."""
    rows = labelled_rows(CLAIMS)
    return per_kind(rows, out_of_fold(rows))


def test_numpy_scores_equal_scikit_learn_predict_proba() -> None:
    texts = [
        "We will not revoke Article 50 xxrulerefusal",
        "It remains our firm policy not to change the law.",
        "The Government will publish its strategy in the spring xxcommit",
        "Thank you for your petition.",
        "We are committed to reviewing the scheme.",
        "The scheme has no plans to expand.",
    ]
    labels = np.array([[1, 0], [1, 0], [0, 1], [0, 0], [0, 1], [1, 0]])
    features = _features().fit(texts)
    matrix = features.transform(texts)
    models = [_classifier(4.0).fit(matrix, labels[:, j]) for j in range(2)]
    views = dict(features.transformer_list)
    weights = KindWeights(
        kinds=(ClaimKind.REFUSAL, ClaimKind.COMMITMENT),
        word_idf=views["word"].named_steps["tfidf"].idf_,
        char_idf=views["char"].named_steps["tfidf"].idf_,
        coef=np.vstack([m.coef_[0] for m in models]),
        intercepts=np.array([m.intercept_[0] for m in models]),
        thresholds=np.array([0.5, 0.5]),
    )
    unseen = [*texts, "An unseen sentence about refusing nothing.", ""]
    expected = np.column_stack([m.predict_proba(features.transform(unseen))[:, 1] for m in models])
    np.testing.assert_allclose(probabilities(weights, unseen), expected, rtol=0, atol=1e-12)


def test_shipped_model_was_trained_on_the_current_corpus() -> None:
    meta = json.loads((models_path() / MODEL_NAME / META_FILE).read_text("utf-8"))
    corpus = (CLAIMS / "claims.jsonl").read_bytes()
    assert meta["trained_on"]["sha256"] == hashlib.sha256(corpus).hexdigest(), "run make train"
    weights = load_kind_weights(models_path() / MODEL_NAME)
    assert [k.value for k in weights.kinds] == meta["added_kinds"]


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / MODEL_NAME
    shutil.copytree(models_path() / MODEL_NAME, target)
    load_kind_weights.cache_clear()
    yield target
    load_kind_weights.cache_clear()


def test_stale_weights_are_refused(model_copy: Path) -> None:
    with (model_copy / WEIGHTS_FILE).open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match=r"sha256 recorded in meta\.json"):
        load_kind_weights(model_copy)


def test_missing_meta_is_a_model_error(model_copy: Path) -> None:
    (model_copy / META_FILE).unlink()
    with pytest.raises(ModelError, match=r"meta\.json, found no such file: run `make train`"):
        load_kind_weights(model_copy)


def test_missing_weights_are_a_model_error(model_copy: Path) -> None:
    (model_copy / WEIGHTS_FILE).unlink()
    with pytest.raises(ModelError, match="found none: run `make train`"):
        load_kind_weights(model_copy)


@pytest.mark.parametrize("kind", sorted(BASELINE["kind_floors"]))
def test_kind_figure_under_grouped_cv_stays_at_or_above_its_floor(
    measured: dict[str, dict[str, object]], kind: str
) -> None:
    entry = measured[kind]
    union = entry["union"]
    assert isinstance(union, dict)
    floor = BASELINE["kind_floors"][kind]
    assert union["f1"] >= floor, f"{kind}: grouped-CV F1 {union['f1']} below its floor {floor}"


def test_every_added_kind_beats_the_rules_alone(measured: dict[str, dict[str, object]]) -> None:
    added = [kind for kind, entry in measured.items() if entry["added"]]
    assert added, "the model adds no kind at all"
    for kind in added:
        rules, union = measured[kind]["rules"], measured[kind]["union"]
        assert isinstance(rules, dict) and isinstance(union, dict)
        assert union["f1"] >= rules["f1"] + MIN_GAIN
    assert set(measured) == {k.value for k in KINDS}


def _document() -> Document:
    first = json.loads((CLAIMS / "documents.jsonl").read_text("utf-8").splitlines()[0])
    texts = [
        json.loads(line)["text"]
        for line in (CLAIMS / "documents.jsonl").read_text("utf-8").splitlines()
        if json.loads(line)["role"] != "petition"
    ]
    return Document.build(Role.STATEMENT, "\n\n".join(texts), label="all", source=first["source"])


def test_learned_kinds_only_add_sentence_wide_claims() -> None:
    document = _document()
    (without,) = extract_sentences_many([document], learned_kinds=False)
    (with_model,) = extract_sentences_many([document])
    added = 0
    for before, after in zip(without, with_model, strict=True):
        assert after.claims[: len(before.claims)] == before.claims
        for claim in after.claims[len(before.claims) :]:
            added += 1
            assert claim.cue == LEARNED_CUE
            assert claim.quote == document.text[claim.start : claim.end]
            assert claim.quote == before.text.strip(" \n,;:")
            assert claim.kind not in {c.kind for c in before.claims}
    assert added > 0


def test_a_petition_request_gets_no_learned_kind() -> None:
    request = "We call on the Government to commit to publishing the figures every year."
    document = Document.build(Role.PETITION, request, label="p", source="test")
    (sentences,) = extract_sentences_many([document])
    assert all(not sentence.claims for sentence in sentences)
