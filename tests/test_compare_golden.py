"""The shared golden compare cases (tests/golden/compare-*.json), one test id per expectation.

Each case runs twice: with sentences from a plain regex split (the compare rules must work
from sentence text alone) and with the extraction pipeline's sentences and claims.
``must`` and ``should`` expectations must be met; a ``must_not`` expectation must not match
any finding.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.compare_cases import finding_dicts, seed_comparison
from tests.golden_match import finding_matches

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "compare-241560.json": False,
    "compare-241560-against-atos.json": True,
}
EXTRACTORS = ("regex", "nlp")


@cache
def _findings(with_against: bool, extractor: str) -> tuple[dict[str, Any], ...]:
    return tuple(finding_dicts(seed_comparison(with_against, extractor=extractor)))


def _expectations() -> list[Any]:
    params = []
    for name, with_against in CASES.items():
        case = json.loads((GOLDEN / name).read_text("utf-8"))
        for group in ("must", "should", "must_not"):
            for n, expected in enumerate(case[group]):
                for extractor in EXTRACTORS:
                    params.append(
                        pytest.param(
                            with_against,
                            extractor,
                            group,
                            expected,
                            id=f"{case['id']}-{group}{n}-{extractor}",
                        )
                    )
    return params


@pytest.mark.parametrize(("with_against", "extractor", "group", "expected"), _expectations())
def test_golden_expectation(
    with_against: bool, extractor: str, group: str, expected: dict[str, Any]
) -> None:
    findings = _findings(with_against, extractor)
    hits = [f["id"] for f in findings if finding_matches(f, expected)]
    if group == "must_not":
        assert not hits, f"false alarm {hits} for {expected}"
    else:
        assert hits, f"no finding meets {expected}"
