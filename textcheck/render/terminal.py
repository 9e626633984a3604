"""Making untrusted text safe for a terminal.

INTERFACE STUB (issue 2/5).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_terminal_text(text: str) -> str:
    """Remove ANSI escape sequences and control characters (keeps newlines and tabs)."""
    return _CONTROL.sub("", text)
