"""The vocabulary the claim pipeline and the comparer share (``data/vocabulary.json``).

A refusal or a rung of the strength ladder must mean the same thing when ``textcheck claims``
labels a sentence and when ``textcheck compare`` reports that a revision softened or refused:
one definition, read by ``nlp.rules`` (which compiles the lists with its own guard) and by
``compare.cues`` (which stems the ladder's one-word forms).  Each list keeps its ``source``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

SHARED_LISTS = ("ladder", "refusal", "bare_refusal", "committers")
"""The lists of ``data/vocabulary.json``, in the shape ``nlp/data/cues.json`` uses."""


@cache
def load_shared() -> dict[str, Any]:
    """The shared lists, keyed as in ``SHARED_LISTS`` (each with its ``source``)."""
    path = resources.files("textcheck").joinpath("data/vocabulary.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {name: data[name] for name in SHARED_LISTS}


def item_regex(item: str) -> str:
    """The regular expression of one cue entry: ``re:`` entries as written, phrases matched
    on word boundaries with any run of spaces between their words."""
    if item.startswith("re:"):
        return item[3:]
    return r"\b" + re.escape(item).replace(r"\ ", r"\s+") + r"\b"


def ladder_strengths() -> dict[str, int]:
    """Every form of the strength ladder with its strength (guarantee 10 ... encourage 2)."""
    rungs = load_shared()["ladder"]["rungs"]
    return {form: int(rung["strength"]) for rung in rungs.values() for form in rung["forms"]}
