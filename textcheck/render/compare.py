"""Rendering ``compare`` results.  INTERFACE STUB (issue 4)."""

from __future__ import annotations

from textcheck.records import Comparison


def render_compare(comparison: Comparison, fmt: str) -> str:
    """``compare`` output: text, ``textcheck.compare/1`` JSON, Markdown or HTML."""
    raise NotImplementedError
