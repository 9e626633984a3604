"""The cue lists of ``data/cues.json``, loaded once and compiled.

The strength ladder and the refusal formulas are the claim pipeline's too
(``textcheck/data/vocabulary.json``, read through ``textcheck.vocabulary``).  The lists are
data, not code, so a reviewer can read and extend them; ``data/cues.json``
and ``data/rebuttals.json`` (how a counter-statement rejects, reports, doubts) say where each
list comes from.  Words are stemmed with ``wording.stem`` so that a cue
matches every inflected form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from textcheck.compare.wording import stem
from textcheck.vocabulary import item_regex, ladder_strengths, load_shared


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
    opinion_hedges: re.Pattern[str]
    actions: tuple[str, ...]
    families: tuple[frozenset[str], ...]
    stopwords: frozenset[str]
    rebuttal: Rebuttal
    noun_before: re.Pattern[str]


@dataclass(frozen=True)
class Rebuttal:
    """What a counter-statement sentence may do with a claim (``data/rebuttals.json``)."""

    rejections: re.Pattern[str]
    reported: re.Pattern[str]
    anaphors: re.Pattern[str]
    weak_negations: re.Pattern[str]
    doubts: re.Pattern[str]
    scopes: re.Pattern[str]
    measures: re.Pattern[str]
    opposites: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _data(name: str) -> dict[str, Any]:
    text = resources.files("textcheck.compare").joinpath(f"data/{name}").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _ladder() -> dict[str, int]:
    """The shared strength ladder by stem, one-word forms only (the comparer replaces single
    words), on a 1..5 scale: half the claim pipeline's 2..10, whose odd steps are for
    intensifiers and downtoners."""
    return {stem(form): s // 2 for form, s in ladder_strengths().items() if " " not in form}


def _refusal() -> re.Pattern[str]:
    """The shared refusal formulas, and "will not" / "won't" right after a committer ("We
    will not", "The Government won't"): the comparer has no parse to find a clause's
    subject, so a committer must come just before."""
    shared = load_shared()
    committers = [re.sub(r"^\^", r"\\b", item_regex(i)) for i in shared["committers"]["items"]]
    bare = rf"(?:{'|'.join(committers)})\s+(?:will\s+not|won't)\b(?!\s+only\b)"
    items = [item_regex(i) for i in shared["refusal"]["items"]] + [bare]
    return _union([p.replace("'", "['’]") for p in items])  # "won’t", "can’t" as written


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The shipped cue lists, compiled."""
    raw = _data("cues.json")
    lists = {k: v for k, v in _data("rebuttals.json").items() if not k.startswith("_")}
    opposites = tuple((_union([a]), _union([b])) for a, b in lists.pop("opposites"))
    rebuttal = {k: _union(v) for k, v in lists.items()}
    return Cues(
        ladder=_ladder(),
        modals={stem(k): v for k, v in raw["modals"].items()},
        intensifiers=frozenset(stem(w) for w in raw["intensifiers"]),
        qualifiers=frozenset(stem(w) for w in raw["qualifiers"]),
        negations=frozenset(stem(w) for w in raw["negations"]),
        refusal=_refusal(),
        temporal=_union(raw["temporal"]),
        scope=_union(raw["scope"]),
        valuing=_union(raw["valuing"]),
        effects=_union(raw["effects"]),
        restrictive=_union(raw["restrictive"]),
        commitment=_union(raw["commitments"]),
        assurance=_union(raw["assurances"]),
        procedural=_union(raw["procedural"]),
        hedges=_union(raw["hedges"]),
        opinion_hedges=_union(raw["opinion_hedges"]),
        actions=tuple(raw["actions"]),
        families=tuple(frozenset(stem(w) for w in family) for family in raw["action_families"]),
        stopwords=frozenset(stem(w) for w in raw["stopwords"]),
        rebuttal=Rebuttal(**rebuttal, opposites=opposites),
        noun_before=_union([item_regex(load_shared()["ladder"]["noun_before"])]),
    )
