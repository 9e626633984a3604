"""CI quality gate: claim extraction on the annotated corpus must not fall below its floors.

The figures (see ``benchmarks/eval_claims.py`` for how each is counted) are compared with the
floors pinned in ``tests/quality_baseline.json`` (pattern: adbar/trafilatura
``tests/eval_gate.py`` + ``tests/eval_baseline.json``).  A change that improves a figure may
raise its floor; lowering a floor is a visible edit of that file, made with a reason in the
commit, never a silent one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.eval_claims import Figures, count_matches, evaluate, load_gold

BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text("utf-8"))
FLOORS: dict[str, float] = BASELINE["floors"]


@pytest.fixture(scope="module")
def figures() -> Figures:
    """The extractor run once over the whole corpus."""
    return evaluate()


def test_baseline_pins_every_gated_figure() -> None:
    gated = {
        "claim_precision",
        "claim_recall",
        "kind_accuracy",
        "quantity_precision",
        "quantity_recall",
    }
    assert set(FLOORS) == gated
    assert all(0.0 < floor <= 1.0 for floor in FLOORS.values())


def test_corpus_is_fully_scored(figures: Figures) -> None:
    assert figures.gold_claims >= 150
    assert figures.gold_quantities >= 20


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_figure_stays_at_or_above_its_floor(figures: Figures, name: str) -> None:
    measured = figures.as_dict()[name]
    assert measured >= FLOORS[name], (
        f"{name} fell to {measured:.3f}, below its floor {FLOORS[name]:.3f} "
        "(python benchmarks/eval_claims.py lists the misses and false alarms)"
    )


def test_gold_sentences_are_located_exactly_in_their_documents() -> None:
    documents, gold = load_gold()
    texts = {document.label: document.text for document in documents}
    assert all(texts[g.doc][g.start : g.end] == g.text for g in gold)


def test_quantity_match_needs_value_unit_and_comparator() -> None:
    want = [{"value": 3, "unit": "%", "comparator": "<="}]

    def matched(value: float, unit: str, comparator: str) -> int:
        got = [{"value": value, "unit": unit, "comparator": comparator}]
        return count_matches(want, got, strict=True)

    assert matched(3.0, "%", "<=") == 1
    assert matched(3.0, "%", "=") == 0
    assert matched(3.0, "week", "<=") == 0
    assert matched(30.0, "%", "<=") == 0


def test_each_extracted_quantity_matches_one_annotation_only() -> None:
    twice = [{"value": 24, "unit": "week", "comparator": "="}] * 2
    once = [{"value": 24.0, "unit": "week", "comparator": "="}]
    assert count_matches(twice, once, strict=True) == 1


def test_range_matches_on_its_bounds() -> None:
    want = {"value": None, "low": 2, "high": 4, "unit": "week", "comparator": "range"}
    got = {"value": None, "low": 2.0, "high": 4.0, "unit": "week", "comparator": "range"}
    assert count_matches([want], [got], strict=True) == 1
    assert count_matches([want], [{**got, "high": 5.0}], strict=True) == 0


def test_quantulum_counts_are_credited_only_against_counted_nouns() -> None:
    count = {"value": 250000.0, "unit": "count"}
    assert count_matches([{"value": 250000, "unit": "people"}], [count], strict=False) == 1
    assert count_matches([{"value": 250000, "unit": "GBP"}], [count], strict=False) == 0
