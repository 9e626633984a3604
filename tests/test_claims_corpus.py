"""The annotated corpus corpora/claims/ keeps the shape and the rules of its guide."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from textcheck.records import ClaimKind, Comparator

CLAIMS_DIR = Path(__file__).resolve().parents[1] / "corpora" / "claims"
KINDS = {kind.value for kind in ClaimKind}
COMPARATORS = {comparator.value for comparator in Comparator}
FIXED_UNITS = {"%", "GBP", "day", "week", "month", "year", "people"}


def _lines(name: str) -> list[dict[str, Any]]:
    text = (CLAIMS_DIR / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


SENTENCES = _lines("claims.jsonl")
DOCUMENTS = {d["doc"]: d for d in _lines("documents.jsonl")}


def test_corpus_is_large_enough_and_has_both_labels() -> None:
    claims = sum(s["claim"] for s in SENTENCES)
    assert len(SENTENCES) >= 300
    assert 0.3 < claims / len(SENTENCES) < 0.8


def test_every_line_has_the_documented_fields() -> None:
    for s in SENTENCES:
        assert set(s) <= {"doc", "sentence", "claim", "kinds", "quantities", "note"}
        assert {"doc", "sentence", "claim", "kinds", "quantities"} <= set(s)
        assert isinstance(s["claim"], bool)
        assert s["doc"] in DOCUMENTS


def test_kinds_come_from_the_closed_list_and_only_claims_have_them() -> None:
    for s in SENTENCES:
        assert set(s["kinds"]) <= KINDS, s["sentence"]
        assert bool(s["kinds"]) == s["claim"], s["sentence"]
        assert len(set(s["kinds"])) == len(s["kinds"])


def test_quantities_are_normalised_and_quoted_from_their_sentence() -> None:
    for s in SENTENCES:
        for q in s["quantities"]:
            assert s["claim"], "quantities are annotated on claims only"
            assert q["text"] in s["sentence"]
            assert q["comparator"] in COMPARATORS
            assert q["unit"] in FIXED_UNITS or q["unit"].isalpha()
            if q["comparator"] == "range":
                assert q["low"] < q["high"]
            else:
                assert isinstance(q["value"], int | float)


@pytest.mark.parametrize("doc", sorted(DOCUMENTS))
def test_sentences_are_whole_and_in_document_order(doc: str) -> None:
    text = DOCUMENTS[doc]["text"]
    cursor = 0
    for s in (s for s in SENTENCES if s["doc"] == doc):
        start = text.find(s["sentence"], cursor)
        assert start >= 0, s["sentence"]
        assert s["sentence"] == s["sentence"].strip()
        cursor = start + len(s["sentence"])


def test_truncated_documents_contribute_no_cut_sentence() -> None:
    """A record cut mid-sentence: its trailing fragment is left out of the corpus."""
    for doc, record in DOCUMENTS.items():
        if not record["truncated"]:
            continue
        kept = [s["sentence"] for s in SENTENCES if s["doc"] == doc]
        assert not kept or not record["text"].rstrip().endswith(kept[-1]), doc
