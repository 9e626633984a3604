"""Claim extraction: a spaCy pipeline of textcheck's own components.

INTERFACE STUB: ``extract_sentences`` is the entry point the API and batch use (issue 3).
"""

from __future__ import annotations

from textcheck.records import Document, Sentence
from textcheck.settings import Settings


def extract_sentences(document: Document, *, settings: Settings | None = None) -> tuple[Sentence, ...]:
    """Every sentence of ``document`` with offsets, check-worthiness and the claims in it.

    Claim ids are left empty (the API numbers them); offsets index ``document.text``.
    """
    raise NotImplementedError
