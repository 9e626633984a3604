"""Claim extraction: textcheck's own components, run directly or as a spaCy pipeline.

``extract_sentences`` is the entry point the API and batch use; ``extract_sentences_many``
batches several documents.  spaCy is imported only on the spaCy path (``pipeline`` says when),
so importing this package (for example for ``textcheck.nlp.checkworthiness``) stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

from textcheck.records import Document, Sentence
from textcheck.settings import Settings

__all__ = ["extract_sentences", "extract_sentences_many"]


def extract_sentences(
    document: Document, *, settings: Settings | None = None, score_claimless: bool = True
) -> tuple[Sentence, ...]:
    """Every sentence of ``document`` with offsets, check-worthiness and the claims in it.

    Claim ids are left empty (the API numbers them); offsets index ``document.text``.
    Without ``score_claimless`` a sentence with no claim is not scored (NaN).
    """
    from textcheck.nlp.pipeline import extract_sentences as run

    return run(document, settings=settings, score_claimless=score_claimless)


def extract_sentences_many(
    documents: Sequence[Document],
    *,
    settings: Settings | None = None,
    score_claimless: bool = True,
    learned_kinds: bool = True,
) -> list[tuple[Sentence, ...]]:
    """``extract_sentences`` for each of ``documents`` (batched through ``nlp.pipe`` on the
    spaCy path); without ``learned_kinds``, the rules' kinds alone (for measuring the model)."""
    from textcheck.nlp.pipeline import extract_sentences_many as run

    return run(
        documents,
        settings=settings,
        score_claimless=score_claimless,
        learned_kinds=learned_kinds,
    )
