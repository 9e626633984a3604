"""The cue lists of ``data/cues.json``, loaded once and compiled.

The lists are data, not code, so a reviewer can read and extend them; ``data/cues.json``
says where each list comes from.  Words are stemmed with ``wording.stem`` so that a cue
matches every inflected form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from textcheck.compare.wording import stem


@dataclass(frozen=True)
class Cues:
    """Compiled cue lists used by the compare rules."""

    ladder: dict[str, int]
    modals: dict[str, int]
    intensifiers: frozenset[str]
    qualifiers: frozenset[str]
    negations: frozenset[str]
    refusal: re.Pattern[str]
    temporal: re.Pattern[str]
    scope: re.Pattern[str]
    valuing: re.Pattern[str]
    effects: re.Pattern[str]
    restrictive: re.Pattern[str]
    commitment: re.Pattern[str]
    assurance: re.Pattern[str]
    procedural: re.Pattern[str]
    hedges: re.Pattern[str]
    actions: tuple[str, ...]
    families: tuple[frozenset[str], ...]
    stopwords: frozenset[str]


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The shipped cue lists, compiled."""
    raw = json.loads(
        resources.files("textcheck.compare").joinpath("data/cues.json").read_text("utf-8")
    )
    return Cues(
        ladder={stem(k): v for k, v in raw["ladder"].items()},
        modals={stem(k): v for k, v in raw["modals"].items()},
        intensifiers=frozenset(stem(w) for w in raw["intensifiers"]),
        qualifiers=frozenset(stem(w) for w in raw["qualifiers"]),
        negations=frozenset(stem(w) for w in raw["negations"]),
        refusal=_union(raw["refusals"]),
        temporal=_union(raw["temporal"]),
        scope=_union(raw["scope"]),
        valuing=_union(raw["valuing"]),
        effects=_union(raw["effects"]),
        restrictive=_union(raw["restrictive"]),
        commitment=_union(raw["commitments"]),
        assurance=_union(raw["assurances"]),
        procedural=_union(raw["procedural"]),
        hedges=_union(raw["hedges"]),
        actions=tuple(raw["actions"]),
        families=tuple(frozenset(stem(w) for w in family) for family in raw["action_families"]),
        stopwords=frozenset(stem(w) for w in raw["stopwords"]),
    )
