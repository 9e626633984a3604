"""Whether a text visibly stops mid-sentence (DESIGN.md 3.3 ``truncated``).

Recorded responses are often cut at a byte limit ("The Act set out th"): such a text ends
without closing punctuation in the middle of a run of prose.  A last line that is a short
heading or sign-off ("Department for Work and Pensions", "Related posts") is not a cut.
"""

from __future__ import annotations

import re

_CLOSED = re.compile(r"[.!?…:;)\]\"'’”»]\s*$")
_URL_END = re.compile(r"(?:https?://|www\.)\S+\s*$")
MIN_PROSE_WORDS = 6
"""A last line shorter than this is taken for a heading or sign-off, not cut prose."""


def is_truncated(text: str) -> bool:
    """True when ``text`` stops mid-sentence (its last line is prose with no closing mark)."""
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped.endswith(("...", "…")) and not stripped.endswith("...."):
        return True
    if _CLOSED.search(stripped) or _URL_END.search(stripped):
        return False
    last_line = stripped.splitlines()[-1]
    return len(last_line.split()) >= MIN_PROSE_WORDS or len(stripped.splitlines()) == 1
