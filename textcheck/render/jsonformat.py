"""The one way textcheck writes JSON: raw UTF-8, keys in contract order, stable layout.

Every ``--format json`` output goes through ``render_json`` so they all agree: non-ASCII text
(’, £) is kept as written (``ensure_ascii=False``), keys stay in the order the contract lists
them (never sorted), and the layout is two-space indented with a final newline.
"""

from __future__ import annotations

import json
from typing import Any


def render_json(payload: Any, *, indent: int | None = 2) -> str:
    """Serialise ``payload`` as contract JSON (``indent=None``: one line, for JSONL)."""
    separators = (",", ": ") if indent is not None else (", ", ": ")
    text = json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators)
    return text + "\n"
