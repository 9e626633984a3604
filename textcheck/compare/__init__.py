"""Comparison of documents: alignment, one rule per finding kind, scoring.

Works on records only and never imports spaCy.  INTERFACE STUB (issue 4).
"""

from __future__ import annotations

from collections.abc import Sequence

from textcheck.records import Comparison, Document, Sentence
from textcheck.settings import Settings


def compare_documents(
    documents: Sequence[Document],
    sentences: Sequence[Sequence[Sentence]],
    *,
    settings: Settings | None = None,
) -> Comparison:
    """Compare the documents (``sentences[i]`` belongs to ``documents[i]``).

    Returns the documents (with ``truncated`` set) and the findings, ordered by severity
    then score, with ids F1, F2, ...
    """
    raise NotImplementedError
