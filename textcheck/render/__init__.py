"""Renderers: every output a user reads (text, JSON, JSONL, Markdown, HTML).

One submodule per result type; each ``render_*`` returns a str and never prints.
"""

from __future__ import annotations

from textcheck.render.claims import render_claims
from textcheck.render.compare import render_compare
from textcheck.render.petitions import crawl_progress, render_crawl, render_petitions

__all__ = ["crawl_progress", "render_claims", "render_compare", "render_crawl", "render_petitions"]
