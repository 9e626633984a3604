"""Comparison of documents: alignment, one rule per finding kind, scoring.

Works on records only and never imports spaCy.  ``compare_documents`` is the entry point;
the modules are ``alignment`` (pairing sentences), ``wording`` (word-level differences and
cosmetic normalisation), ``signals`` and ``cues`` (what a sentence says), ``rules`` (one
function per finding kind), ``scoring`` (severity, score, order), ``aliases`` (organisation
names) and ``truncation`` (texts cut mid-sentence).
"""

from __future__ import annotations

from textcheck.compare.aliases import AliasTable, load_aliases
from textcheck.compare.engine import compare_documents

__all__ = ["AliasTable", "compare_documents", "load_aliases"]
