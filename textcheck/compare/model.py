"""The rule engine's data model: what every rule reads (``Context``) and returns (``Draft``).

Kept apart from the rules and from scoring so that both import it and neither imports the
other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
from scipy.sparse import csr_matrix

from textcheck.compare.aliases import AliasTable
from textcheck.compare.alignment import Pair, Unit
from textcheck.compare.cues import Cues
from textcheck.records import Document, Evidence, FindingKind, Role, Severity

T = TypeVar("T")

ROLE_NAMES = {
    Role.ORIGINAL: "original response",
    Role.REVISED: "revised response",
    Role.STATEMENT: "statement",
    Role.AGAINST: "counter-statement",
    Role.PETITION: "petition",
}


@dataclass(frozen=True)
class Draft:
    """A finding before it is ranked and numbered."""

    kind: FindingKind
    severity: Severity
    score: float
    summary: str
    evidence: tuple[Evidence, ...]
    rule: str = ""
    """``name.vN``; left empty, the ``@rule`` decorator of the rule that made it stamps it."""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """Everything the rules read: documents, their sentences as units, and the alignment."""

    documents: Sequence[Document]
    units: Sequence[Sequence[Unit]]
    vectors: csr_matrix
    cues: Cues
    aliases: AliasTable
    earlier: int | None = None
    later: int | None = None
    pairs: list[Pair] = field(default_factory=list)
    related: bool = True
    unverified: set[tuple[int, int]] = field(default_factory=set)
    explained: set[tuple[int, int]] = field(default_factory=set)
    meaning: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    """One unit-length sentence embedding per unit row (``semantic.embed``)."""
    memo: dict[str, Any] = field(default_factory=dict)
    """Readings several rules share (a rebuttal's resolved rejections), computed once."""

    def meaning_of(self, unit: Unit, others: Sequence[Unit]) -> np.ndarray:
        """Cosine of the meaning of ``unit`` with each of ``others``."""
        if not others or not len(self.meaning):
            return np.zeros(len(others))
        return self.meaning[[u.row for u in others]] @ self.meaning[unit.row]

    def remember(self, key: str, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, worked out once per comparison and kept under ``key`` (a
        reading several rules share)."""
        if key not in self.memo:
            self.memo[key] = compute(self)
        found: T = self.memo[key]
        return found

    def docs_with(self, *roles: Role) -> list[int]:
        """Indices of the documents playing any of ``roles``, in input order."""
        return [i for i, d in enumerate(self.documents) if d.role in roles]

    @property
    def petition(self) -> int | None:
        """Index of the petition document, if one was given."""
        found = self.docs_with(Role.PETITION)
        return found[0] if found else None

    @property
    def responses(self) -> list[int]:
        """Indices of the response documents (original, revised, statement)."""
        return self.docs_with(Role.ORIGINAL, Role.REVISED, Role.STATEMENT)

    def name(self, doc: int) -> str:
        """How a summary names document ``doc`` ("the revised response")."""
        return "the " + ROLE_NAMES[self.documents[doc].role]

    def evidence(self, doc: int, start: int, end: int) -> Evidence:
        """An evidence quote that is exactly ``text[start:end]`` of document ``doc``."""
        document = self.documents[doc]
        return Evidence(document.role, document.text[start:end], start, end)

    def quote(self, unit: Unit) -> Evidence:
        """The whole sentence of ``unit`` as evidence."""
        return self.evidence(unit.doc, unit.sentence.start, unit.sentence.end)

    def paired(self, doc: int) -> dict[int, Pair]:
        """The alignment pairs keyed by the unit index on document ``doc``'s side."""
        if doc == self.earlier:
            return {p.a.index: p for p in self.pairs}
        if doc == self.later:
            return {p.b.index: p for p in self.pairs}
        return {}


Rule = Callable[[Context], list[Draft]]


REGISTERED: dict[str, Rule] = {}
"""Every rule by its stamp ``name.vN``, in the order they were registered."""


def rule(name: str, *, version: int) -> Callable[[Rule], Rule]:
    """Register a rule function under ``name.v{version}`` and stamp that on every draft it
    returns with no rule of its own (a rule that also reports a second kind, such as a
    ``scope_changed`` found while reading the petition's request, names that one itself).
    One place says a rule's name and version; bump the version when its behaviour changes."""
    stamp = f"{name}.v{version}"

    def register(function: Rule) -> Rule:
        if stamp in REGISTERED:
            raise ValueError(f"two compare rules are registered as {stamp}")

        @functools.wraps(function)
        def stamped(ctx: Context) -> list[Draft]:
            return [d if d.rule else replace(d, rule=stamp) for d in function(ctx)]

        REGISTERED[stamp] = stamped
        return stamped

    return register
