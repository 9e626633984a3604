"""The annotated units waiting in ``corpora/claims/pending`` follow the corpus format."""

from __future__ import annotations

import json
from pathlib import Path

from textcheck.records import ClaimKind

PENDING = Path(__file__).resolve().parents[1] / "corpora" / "claims" / "pending"


def _lines(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (PENDING / name).read_text("utf-8").splitlines()]


def test_pending_units_are_whole_sentences_of_their_documents_with_closed_kinds() -> None:
    documents = {str(d["doc"]): str(d["text"]) for d in _lines("documents.jsonl")}
    cursor: dict[str, int] = {}
    units = _lines("claims.jsonl")
    assert len(units) >= 600
    kinds = {k.value for k in ClaimKind}
    for unit in units:
        doc, sentence = str(unit["doc"]), str(unit["sentence"])
        start = documents[doc].find(sentence, cursor.get(doc, 0))
        assert start >= 0, sentence
        cursor[doc] = start + len(sentence)
        found = unit["kinds"]
        assert isinstance(found, list) and set(found) <= kinds
        assert bool(found) == unit["claim"], sentence
        for quantity in unit["quantities"]:  # type: ignore[attr-defined]
            assert unit["claim"] and quantity["text"] in sentence
