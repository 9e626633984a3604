"""Reading a file or a byte string: plain text, Markdown, HTML or saved petitions JSON.

INTERFACE STUB: to be implemented (issue 2).  Pure: bytes in, records out.
"""

from __future__ import annotations

from textcheck.records import Article, Petition


def parse_bytes(body: bytes, *, source: str, content_type: str | None = None) -> Petition | Article:
    """Detect what ``body`` is and parse it; raise InputError for empty or binary input."""
    raise NotImplementedError
