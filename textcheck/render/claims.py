"""Rendering ``claims`` results.  INTERFACE STUB (issue 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textcheck.api import ClaimsResult


def render_claims(result: ClaimsResult, fmt: str, *, all_sentences: bool = False) -> str:
    """``claims`` output: a text table, ``textcheck.claims/1`` JSON, or JSONL."""
    raise NotImplementedError
