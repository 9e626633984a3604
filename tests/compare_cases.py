"""Test helpers for compare: documents and sentences from fixture texts.

Sentences come from ``textcheck.nlp.extract_sentences`` when the extraction pipeline works,
otherwise from a plain regex split with no claims, so the compare rules are exercised on
sentence text alone (they must work when the extractor misses a claim).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textcheck.compare import compare_documents
from textcheck.compare.wording import split_sentences
from textcheck.records import Comparison, Document, Role, Sentence

FIXTURES = Path(__file__).parent / "fixtures" / "compare"


def regex_sentences(document: Document) -> tuple[Sentence, ...]:
    """The document's sentences by a regex split, with no claims."""
    return tuple(
        Sentence(document.role, document.text[start:end], start, end)
        for start, end in split_sentences(document.text)
    )


def document(role: Role | str, text: str) -> Document:
    """A document with a label naming its role."""
    role = Role(role)
    return Document.build(role, text, label=role.value, source=f"test:{role.value}")


def nlp_sentences(document: Document) -> tuple[Sentence, ...] | None:
    """The extraction pipeline's sentences, or ``None`` while it is not available."""
    try:
        from textcheck.nlp import extract_sentences

        return tuple(extract_sentences(document))
    except NotImplementedError:
        return None


def compare_texts(*pairs: tuple[Role | str, str], extractor: str = "regex") -> Comparison:
    """Compare texts given as (role, text) pairs; sentences from a regex split, or from the
    extraction pipeline when ``extractor`` is ``"nlp"`` (falling back to the regex split)."""
    documents = [document(role, text) for role, text in pairs]
    sentences = []
    for doc in documents:
        found = nlp_sentences(doc) if extractor == "nlp" else None
        sentences.append(found if found is not None else regex_sentences(doc))
    return compare_documents(documents, sentences)


def load_seed() -> dict[str, str]:
    """The 241560 texts: petition, original, revised, against (see the fixture's provenance)."""
    data: dict[str, str] = json.loads((FIXTURES / "241560.json").read_text("utf-8"))
    return data


def finding_dicts(comparison: Comparison) -> list[dict[str, Any]]:
    """Findings as ``textcheck.compare/1`` JSON objects (what the golden matcher reads)."""
    return [
        {
            "id": f.id,
            "kind": f.kind.value,
            "severity": f.severity.value,
            "score": f.score,
            "summary": f.summary,
            "rule": f.rule,
            "evidence": [
                {"role": e.role.value, "quote": e.quote, "start": e.start, "end": e.end}
                for e in f.evidence
            ],
        }
        for f in comparison.findings
    ]


def seed_comparison(
    with_against: bool,
    roles: Sequence[str] = ("petition", "original", "revised"),
    extractor: str = "regex",
) -> Comparison:
    """The 241560 comparison (optionally with the article held against it)."""
    seed = load_seed()
    pairs: list[tuple[Role | str, str]] = [(role, seed[role]) for role in roles]
    if with_against:
        pairs.append(("against", seed["against"]))
    return compare_texts(*pairs, extractor=extractor)
