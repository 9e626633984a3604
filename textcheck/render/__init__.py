"""Renderers: every output a user reads (text, JSON, JSONL, CSV, Markdown, HTML).

One submodule per result type; each ``render_*`` returns a str and never prints.  The
submodules are imported on first use (PEP 562 ``__getattr__``) so a command loads only the
renderer it needs: ``render.compare`` pulls in the comparison engine, which ``claims`` never
uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textcheck.render.brief import render_brief
    from textcheck.render.claims import render_claims
    from textcheck.render.compare import render_compare
    from textcheck.render.petitions import crawl_progress, render_crawl, render_petitions
    from textcheck.render.scan import render_scan, render_scan_feed

__all__ = [
    "crawl_progress",
    "render_brief",
    "render_claims",
    "render_compare",
    "render_crawl",
    "render_petitions",
    "render_scan",
    "render_scan_feed",
]

_HOMES = {
    "crawl_progress": "textcheck.render.petitions",
    "render_brief": "textcheck.render.brief",
    "render_claims": "textcheck.render.claims",
    "render_compare": "textcheck.render.compare",
    "render_crawl": "textcheck.render.petitions",
    "render_petitions": "textcheck.render.petitions",
    "render_scan": "textcheck.render.scan",
    "render_scan_feed": "textcheck.render.scan",
}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first access and return it."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
