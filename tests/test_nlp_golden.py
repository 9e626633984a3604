"""The golden claims cases (tests/golden/claims-seeds.json), one test id per expectation.

Documents are built from copies in tests/fixtures/nlp/ (see its README): the revised and
original responses to petition 241560, the petition's page text and the ATOS article.
Matching follows tests/golden_match.py (shared/golden/README.md).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.golden_match import claim_matches
from textcheck.nlp import extract_sentences_many
from textcheck.records import Document, Role
from textcheck.render.claims import claim_to_dict

FIXTURES = Path(__file__).parent / "fixtures" / "nlp"
GOLDEN = json.loads((Path(__file__).parent / "golden" / "claims-seeds.json").read_text("utf-8"))
TEXTS = {
    "241560-revised.txt": Role.REVISED,
    "241560-original.txt": Role.ORIGINAL,
    "atos-norms-article.txt": Role.STATEMENT,
    "241560-page.txt": Role.STATEMENT,
}


@cache
def golden_claims() -> tuple[dict[str, Any], ...]:
    documents = [
        Document.build(role, (FIXTURES / name).read_text("utf-8"), label=name, source=name)
        for name, role in TEXTS.items()
    ]
    found = extract_sentences_many(documents)
    return tuple(claim_to_dict(c) for sentences in found for s in sentences for c in s.claims)


def _cases(section: str) -> list[Any]:
    return [pytest.param(case, id=f"{section}-{case['quote'][:50]}") for case in GOLDEN[section]]


@pytest.mark.parametrize("expected", _cases("must") + _cases("should"))
def test_expected_claim_is_found(expected: dict[str, Any]) -> None:
    matches = [c for c in golden_claims() if claim_matches(c, expected)]
    assert matches, f"no claim matches {expected}"


@pytest.mark.parametrize("unwanted", _cases("must_not"))
def test_unwanted_claim_is_absent(unwanted: dict[str, Any]) -> None:
    assert [c for c in golden_claims() if claim_matches(c, unwanted)] == []


def test_quotes_index_the_documents() -> None:
    for name, role in TEXTS.items():
        text = (FIXTURES / name).read_text("utf-8")
        document = Document.build(role, text, label=name, source=name)
        for sentence in extract_sentences_many([document])[0]:
            assert text[sentence.start : sentence.end] == sentence.text
            for claim in sentence.claims:
                assert text[claim.start : claim.end] == claim.quote
                assert sentence.start <= claim.start < claim.end <= sentence.end
