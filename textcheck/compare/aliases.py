"""Organisation aliases: "ATOS Healthcare" and "Independent Assessment Services" are Atos.

A denial names an organisation one way ("ATOS Healthcare does not have targets") and the
response another ("Independent Assessment Services and Capita"); matching them needs a table
of the names each organisation goes by.  The shipped table (``data/aliases.json``) covers UK
departments and the big public-service contractors; a user's own JSON file (same shape:
``{"Canonical": ["alias", ...]}``, given as ``settings.aliases``) adds to or overrides it.
``_government`` lists the bodies that speak for the government, so a department's
spokesperson can deny what any government response says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from textcheck.errors import InputError


@dataclass(frozen=True)
class AliasTable:
    """Names mapped to canonical organisations, with one compiled pattern for finding them."""

    canonical: dict[str, str]
    pattern: re.Pattern[str] | None
    government: frozenset[str] = frozenset()

    def entities(self, text: str) -> frozenset[str]:
        """Canonical names of every organisation ``text`` mentions."""
        if self.pattern is None:
            return frozenset()
        found = set()
        for match in self.pattern.finditer(text):
            name = match.group()
            key = name if _is_acronym(name) else name.lower()
            if key in self.canonical:
                found.add(self.canonical[key])
        return frozenset(found)

    def resolve(self, name: str) -> str:
        """The canonical name of ``name`` (itself when unknown)."""
        key = name if _is_acronym(name) else name.lower()
        return self.canonical.get(key, name)


def _is_acronym(name: str) -> bool:
    return name.isupper() or (len(name) <= 4 and any(c.isupper() for c in name[1:]))


def build_aliases(
    table: dict[str, list[str]], government: frozenset[str] = frozenset()
) -> AliasTable:
    """Make an ``AliasTable`` from ``{"Canonical": ["alias", ...]}``; ``government`` names
    the canonical bodies that speak for the government (departments, the NHS)."""
    canonical: dict[str, str] = {}
    names: list[str] = []
    for name, aliases in table.items():
        if name.startswith("_"):
            continue
        for alias in [name, *aliases]:
            canonical[alias if _is_acronym(alias) else alias.lower()] = name
            names.append(alias)
    if not names:
        return AliasTable(canonical, None, government)
    alternatives = []
    for alias in sorted(set(names), key=lambda n: (-len(n), n)):
        body = re.escape(alias)
        alternatives.append(body if _is_acronym(alias) else f"(?i:{body})")
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")
    return AliasTable(canonical, pattern, government)


def _read_table(text: str, where: str) -> dict[str, list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"aliases file {where} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(a, str) for a in v)
        for k, v in data.items()
        if not k.startswith("_")
    ):
        raise InputError(
            f'aliases file {where}: expected {{"Canonical name": ["alias", ...]}}, '
            f"found {type(data).__name__}"
        )
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=8)
def load_aliases(path: Path | None = None) -> AliasTable:
    """The shipped alias table, extended (and overridden per name) by the file at ``path``."""
    shipped = resources.files("textcheck.compare").joinpath("data/aliases.json").read_text("utf-8")
    table = _read_table(shipped, "textcheck/compare/data/aliases.json")
    government = frozenset(json.loads(shipped)["_government"])
    if path is not None:
        try:
            user_text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise InputError(f"aliases file {path} cannot be read: {exc.strerror}") from exc
        table.update(_read_table(user_text, str(path)))
    return build_aliases(table, government)
