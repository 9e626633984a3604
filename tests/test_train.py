"""`train_model` rebuilds a loadable model and reports measured metrics (into a tmp folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textcheck.errors import InputError
from textcheck.nlp import checkworthiness
from textcheck.nlp.checkworthiness import (
    META_FILE,
    MODEL_FILE,
    MODEL_NAME,
    load_corpus,
    score_sentences,
    train_model,
)

# A small stand-in for ClaimBuster's kfold_25ncs.json (same keys), written for this test.
TINY_CLAIMBUSTER = [
    {"sentence_id": i, "label": label, "text": text}
    for i, (label, text) in enumerate(
        [(1, f"Unemployment fell by {n} per cent in {2000 + n}.") for n in range(12)]
        + [(0, f"Thank you all for coming tonight, number {n}.") for n in range(12)]
    )
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The in-domain-only model trained once into a tmp models folder, with its report."""
    models = tmp_path_factory.mktemp("models")
    report = train_model(models_dir=models, in_domain_only=True)
    return models, report


def test_training_writes_model_and_meta(trained: tuple[Path, str]) -> None:
    models, _ = trained
    assert (models / MODEL_NAME / MODEL_FILE).is_file()
    meta = json.loads((models / MODEL_NAME / META_FILE).read_text())
    assert meta["trained_on"]["claimbuster"] is None
    assert meta["trained_on"]["corpus"]["sentences"] == len(load_corpus())
    assert set(meta["metrics"]) == {"in_domain_cv"}


def test_report_gives_the_measured_cross_validation(trained: tuple[Path, str]) -> None:
    models, report = trained
    cv = json.loads((models / MODEL_NAME / META_FILE).read_text())["metrics"]["in_domain_cv"]
    assert f"In-domain 5-fold CV (corpus only): precision {cv['precision']:.3f}" in report
    assert "ClaimBuster" not in report


def test_trained_model_beats_chance_in_cross_validation(trained: tuple[Path, str]) -> None:
    models, _ = trained
    cv = json.loads((models / MODEL_NAME / META_FILE).read_text())["metrics"]["in_domain_cv"]
    share_of_claims = cv["positives"] / cv["n"]
    assert cv["f1"] > 0.7
    assert cv["precision"] > share_of_claims


def test_trained_model_loads_and_scores(
    trained: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    models, _ = trained
    monkeypatch.setenv("TEXTCHECK_MODELS", str(models))
    claim, boilerplate = score_sentences(
        ["Waiting times fell to six weeks on average in 2019.", "Read the response in full"]
    )
    assert claim > boilerplate


def test_claimbuster_is_added_and_cross_validated_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "kfold_25ncs.json"
    path.write_text(json.dumps(TINY_CLAIMBUSTER))
    report = train_model(claimbuster=path, models_dir=tmp_path / "models")
    meta = json.loads((tmp_path / "models" / MODEL_NAME / META_FILE).read_text())
    assert meta["trained_on"]["claimbuster"]["sentences"] == len(TINY_CLAIMBUSTER)
    assert meta["trained_on"]["claimbuster"]["in_domain_weight"] == 1.0
    assert meta["metrics"]["claimbuster_cv"]["n"] == len(TINY_CLAIMBUSTER)
    assert "ClaimBuster 4-fold CV" in report
    assert f"~{checkworthiness.PUBLISHED_CLAIMBUSTER_F1:.2f}" in report


def test_claimbuster_file_that_is_not_a_list_of_sentences_is_an_input_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kfold_25ncs.json"
    path.write_text('{"not": "a list"}')
    with pytest.raises(InputError, match="expected a JSON list of"):
        train_model(claimbuster=path, models_dir=tmp_path / "models")


def test_missing_claimbuster_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"expected ClaimBuster JSON at .*no such file"):
        train_model(claimbuster=tmp_path / "absent.json", models_dir=tmp_path / "models")


def test_corpus_with_a_bad_line_is_an_input_error(tmp_path: Path) -> None:
    corpus = tmp_path / "claims.jsonl"
    corpus.write_text('{"sentence": "A.", "claim": true}\n{"sentence": "B."}\n')
    with pytest.raises(InputError, match=r"claims.jsonl:2"):
        train_model(corpus=corpus, models_dir=tmp_path / "models", in_domain_only=True)


def test_corpus_with_one_class_only_is_an_input_error(tmp_path: Path) -> None:
    corpus = tmp_path / "claims.jsonl"
    corpus.write_text('{"sentence": "A.", "claim": true}\n{"sentence": "B.", "claim": true}\n')
    with pytest.raises(InputError, match="found one class"):
        train_model(corpus=corpus, models_dir=tmp_path / "models", in_domain_only=True)


def test_duplicate_sentences_are_trained_once(tmp_path: Path) -> None:
    corpus = tmp_path / "claims.jsonl"
    corpus.write_text(
        '{"sentence": "Rates rose  by 3%.", "claim": true}\n'
        '{"sentence": "rates rose by 3%.", "claim": true}\n'
        '{"sentence": "Read more", "claim": false}\n'
    )
    assert [s.text for s in load_corpus(corpus)] == ["Rates rose  by 3%.", "Read more"]
