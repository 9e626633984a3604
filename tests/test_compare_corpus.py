"""Quality gate on the annotated comparison cases in ``corpora/compare/*.json``.

Recall of ``must`` and ``should`` expectations and the number of false alarms (findings
matching a ``must_not``) are held against pinned floors and ceilings in
``tests/compare_baseline.json``.  Raise a floor when the rules improve; never lower one
silently (say why in the commit that does).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.compare_cases import compare_texts, finding_dicts
from tests.golden_match import finding_matches

CORPUS = Path(__file__).parents[1] / "corpora" / "compare"
BASELINE = json.loads((Path(__file__).parent / "compare_baseline.json").read_text("utf-8"))
KINDS = {
    "claim_dropped",
    "claim_added",
    "softened",
    "strengthened",
    "figure_changed",
    "timing_changed",
    "scope_changed",
    "refusal_added",
    "request_unaddressed",
    "contradiction",
    "denial",
    "internal_tension",
    "unverifiable",
    "moved",
    "reworded",
}


def _cases() -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(CORPUS.glob("*.json"))]


@cache
def _scores() -> dict[str, Any]:
    met = {"must": [0, 0], "should": [0, 0]}
    false_alarms = 0
    missed: list[str] = []
    for case in _cases():
        texts = [(d["role"], d["text"]) for d in case["documents"]]
        findings = finding_dicts(compare_texts(*texts))
        for group in ("must", "should"):
            for expected in case[group]:
                hit = any(finding_matches(f, expected) for f in findings)
                met[group][0] += hit
                met[group][1] += 1
                if not hit:
                    missed.append(f"{case['id']} {group} {expected}")
        for expected in case["must_not"]:
            false_alarms += sum(finding_matches(f, expected) for f in findings)
    return {
        "must_recall": met["must"][0] / met["must"][1],
        "should_recall": met["should"][0] / met["should"][1],
        "false_alarms": false_alarms,
        "missed": missed,
    }


def test_corpus_is_large_enough_and_covers_every_kind() -> None:
    cases = _cases()
    assert len(cases) >= 15
    covered = {k for c in cases for e in c["must"] + c["should"] for k in e["kinds"]}
    assert covered >= KINDS - {"reworded"}
    for case in cases:
        assert case["origin"] in {"real", "constructed"} and case["built"] and case["licence"]


def test_must_recall_floor() -> None:
    scores = _scores()
    assert scores["must_recall"] >= BASELINE["must_recall"], scores["missed"]


def test_should_recall_floor() -> None:
    scores = _scores()
    assert scores["should_recall"] >= BASELINE["should_recall"], scores["missed"]


def test_false_alarm_ceiling() -> None:
    assert _scores()["false_alarms"] <= BASELINE["false_alarms"]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_evidence_quotes_equal_document_text(case: dict[str, Any]) -> None:
    result = compare_texts(*[(d["role"], d["text"]) for d in case["documents"]])
    texts = {d.role: d.text for d in result.documents}
    for finding in result.findings:
        for evidence in finding.evidence:
            assert texts[evidence.role][evidence.start : evidence.end] == evidence.quote
