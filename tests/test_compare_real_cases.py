"""Quality gate on the real comparison cases in ``corpora/cases/real`` (one test per expectation).

Each case is run the way its ``expect.json`` says (``compare petition.json``, ``compare
original.txt revised.txt`` or ``compare statement.txt --against against.txt``) through the
library call the CLI makes, with no network.  Every ``must`` and ``should`` is its own test;
the ones the comparer does not meet yet are strict xfails (listed in ``real_cases_gaps.json``
with the reason), so meeting one fails the suite until the list is updated.  Every
``must_not`` is a test that no finding matches it, and the totals are held against the floors
of ``real_cases_baseline.json`` (raise them as the rules improve; never lower one silently).
The cases of ``corpora/cases/extra``, collected for this project after the rules were built,
and of ``corpora/cases/holdout``, collected by someone who never read or ran textcheck and
measured before any rule saw them, are held to their measured totals only.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.golden_match import finding_matches
from textcheck.api import compare
from textcheck.render.payload import finding_payload
from textcheck.settings import load_settings

CASES = Path(__file__).parents[1] / "corpora" / "cases" / "real"
EXTRA = CASES.parent / "extra"
HOLDOUT = CASES.parent / "holdout"
HERE = Path(__file__).parent
BASELINE = json.loads((HERE / "real_cases_baseline.json").read_text("utf-8"))
GAPS: dict[str, str] = json.loads((HERE / "real_cases_gaps.json").read_text("utf-8"))["gaps"]


def _case_dirs(root: Path = CASES) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "expect.json").exists())


@cache
def _findings(name: str, db: str, root: Path = CASES) -> list[dict[str, Any]]:
    case = root / name
    settings = load_settings(env={"TEXTCHECK_OFFLINE": "1", "TEXTCHECK_DB": db})
    if (case / "statement.txt").exists():
        result = compare(
            str(case / "statement.txt"), None, settings, against=[str(case / "against.txt")]
        )
    elif (case / "petition.json").exists():
        result = compare(str(case / "petition.json"), None, settings)
    else:
        result = compare(str(case / "original.txt"), str(case / "revised.txt"), settings)
    return [finding_payload(f) for f in result.findings]


def _expectations(group: str) -> list[Any]:
    params = []
    for case in _case_dirs():
        expect = json.loads((case / "expect.json").read_text("utf-8"))
        for n, item in enumerate(expect.get(group, []), start=1):
            test_id = f"{case.name}-{group}{n}"
            marks = []
            if test_id in GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason=GAPS[test_id]))
            params.append(pytest.param(case.name, item, id=test_id, marks=marks))
    return params


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("cases") / "cases.db")


@pytest.mark.slow
@pytest.mark.parametrize(("case", "expected"), _expectations("must"))
def test_must(case: str, expected: dict[str, Any], db: str) -> None:
    findings = _findings(case, db)
    assert any(finding_matches(f, expected) for f in findings), expected


@pytest.mark.slow
@pytest.mark.parametrize(("case", "expected"), _expectations("should"))
def test_should(case: str, expected: dict[str, Any], db: str) -> None:
    findings = _findings(case, db)
    assert any(finding_matches(f, expected) for f in findings), expected


@pytest.mark.slow
@pytest.mark.parametrize(("case", "expected"), _expectations("must_not"))
def test_must_not(case: str, expected: dict[str, Any], db: str) -> None:
    findings = _findings(case, db)
    hits = [f["summary"] for f in findings if finding_matches(f, expected)]
    assert not hits, hits


def _totals(root: Path, db: str) -> tuple[dict[str, list[int]], int]:
    met = {"must": [0, 0], "should": [0, 0]}
    false_alarms = 0
    for case in _case_dirs(root):
        expect = json.loads((case / "expect.json").read_text("utf-8"))
        findings = _findings(case.name, db, root)
        for group in met:
            for item in expect.get(group, []):
                met[group][0] += any(finding_matches(f, item) for f in findings)
                met[group][1] += 1
        false_alarms += sum(
            any(finding_matches(f, item) for f in findings) for item in expect.get("must_not", [])
        )
    return met, false_alarms


@pytest.mark.slow
@pytest.mark.parametrize("root", [CASES, EXTRA, HOLDOUT], ids=["real", "extra", "holdout"])
def test_totals_hold_the_floors(root: Path, db: str) -> None:
    floors = BASELINE[root.name]
    met, false_alarms = _totals(root, db)
    assert len(_case_dirs(root)) == floors["cases"]
    assert met["must"][0] >= floors["must_met"], met
    assert met["should"][0] >= floors["should_met"], met
    assert false_alarms <= floors["must_not_hits"], false_alarms
