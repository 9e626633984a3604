"""Literal prefilter: which of several regular expressions can match a text, in one scan.

The cue lists compile to case-insensitive alternations whose branches start with ``\\b``, so
``re`` tries every branch at every position of a text; yet most clauses contain none of a
list's words.  Every match of such a pattern contains one of a few literal strings ("deny"
or "denies" for ``\\bden(?:y|ies)\\b``; "untrue" or "false" for
``(?:is|are)\\s+(?:untrue|false)``).  Those literals are derived here from the parsed pattern
(``re._parser``, the parser ``re`` itself uses), never written by hand.  ``CueScreen`` finds,
in one case-sensitive scan of the case-folded text, which literals of all its patterns occur;
a pattern none of whose literals occurs cannot match, so its search is skipped.

Case: ``fold`` maps every character to one representative of its class under ``re``'s
IGNORECASE matching (``re``'s simple lower case plus its extra equivalences such as 'ſ' ~ 's'
and 'ı' ~ 'i'), so whatever a pattern matches, with or without IGNORECASE, the folded
literals occur in the folded text.  The derivation is conservative: when it cannot name such
literals for a pattern, the pattern has no prefilter and is always searched.

The same parse gives ``compile_guarded`` the characters a pattern's matches can start with, a
guard that makes each search of it quicker (the matches are the same).
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from re._casefix import _EXTRA_CASES
from typing import Any

_MAX_STRINGS = 64
"""Most strings a node's exact set may hold (beyond this it counts as unknown)."""
_MAX_CLASS = 8
"""Most characters of a character class expanded into single-character literals."""
_MAX_TERMS = 32
"""Most conjunctions a requirement may hold (beyond this it is collapsed to one)."""
_SHORT = 3
"""Literals shorter than this are in most texts: see ``_lean``."""
_MAX_SETS = 2
"""Most literal sets of a conjunction that the scan checks: see ``_lean``."""
_LONGEST = 20
"""Longest literal that the scan looks for: see ``_lean``."""


def _fold_table() -> dict[int, int]:
    """Lower-case code point -> representative of its ``re`` case class, where they differ.

    ``re`` matches a character case-insensitively when its simple lower case equals the
    pattern's or is one of ``_EXTRA_CASES`` of it ('ſ' for 's', 'ς' for 'σ', ...).
    """
    table: dict[int, int] = {}
    for lower, others in _EXTRA_CASES.items():
        representative = min((lower, *others))
        for code in (lower, *others):
            if code != representative:
                table[code] = representative
    return table


_FOLD = _fold_table()
_FOLDED_AWAY = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD)) + "]")
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")
"""What ``fold`` replaces by one space: runs of whitespace, and lone whitespace but a space;
``\\s`` here is the same class as in the cue patterns."""


def fold(text: str) -> str:
    """``text`` with each character replaced by its ``re`` case-class representative and
    each run of whitespace by one space.

    So a literal that matches a part of ``text`` (case-insensitively or not) occurs, folded,
    in ``fold(text)``, and ``\\s+`` between words is a plain space: "by the end of" is one
    literal, not four.  The fold of a part of ``text`` is a part of ``fold(text)``.
    ``str.lower`` is the fast path; it differs from ``re``'s simple lower case only where it
    yields several characters (``'İ'.lower()`` is 'i' plus a combining dot), detected by the
    length change.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(map(chr, map(_sre.unicode_tolower, map(ord, text))))
    if _FOLDED_AWAY.search(lowered):
        lowered = lowered.translate(_FOLD)
    # Fast path: whitespace but the space is never printable, so only a text with a double
    # space or an unprintable character can need a substitution.
    if "  " in lowered or not lowered.isprintable():
        lowered = _WHITESPACE.sub(" ", lowered)
    return lowered


def _concat(heads: Iterable[str], tails: Iterable[str]) -> frozenset[str]:
    """Every folded head followed by every folded tail (as one whitespace run where a head
    ends and a tail starts with a space)."""
    return frozenset(
        head + tail[1:] if head.endswith(" ") and tail.startswith(" ") else head + tail
        for head, tail in product(heads, tails)
    )


Literals = frozenset[str]
"""One of these (folded) strings occurs in the text."""
Conjunction = frozenset[Literals]
"""Each of these literal sets has a string in the text."""
Requirement = frozenset[Conjunction]
"""One of these conjunctions holds: what a pattern needs in a text to match it."""

_TRUE: Requirement = frozenset({frozenset()})
"""The requirement of a node that needs no literal (an empty conjunction always holds)."""
_NOTHING = frozenset({""})
_SPACE = frozenset({" "})


@dataclass(frozen=True)
class _Shape:
    """What a parsed node can match.

    ``exact``: every string it can match (folded), when they are few and known;
    ``required``: what the searched text must contain for the node to match in it.
    """

    exact: frozenset[str] | None
    required: Requirement = _TRUE


_UNKNOWN = _Shape(None)
_EMPTY = _Shape(_NOTHING)


def required_literals(pattern: re.Pattern[str]) -> Requirement | None:
    """What ``fold(text)`` must contain for ``pattern`` to match in ``text``.

    A disjunction of conjunctions of literal sets ("believe" or "think", and "necessary" or
    "appropriate"; or "no plans to" ...); None when nothing useful is known.
    """
    return _required_literals(pattern.pattern, pattern.flags)


def needles(pattern: re.Pattern[str]) -> Literals | None:
    """Folded strings one of which ``fold(text)`` holds wherever ``pattern`` matches ``text``
    (each alternative's most selective literal set, pooled), or None when none are known.

    A single set for a single pattern, for callers that look each string up with
    ``str.find`` instead of scanning with ``CueScreen``.
    """
    required = required_literals(pattern)
    if required is None:
        return None
    collapsed = _collapse(required)
    if collapsed == _TRUE:
        return None
    ((literals,),) = collapsed
    return literals


@lru_cache(maxsize=256)
def _required_literals(source: str, flags: int) -> Requirement | None:
    """``required_literals`` of one compiled pattern (cached: rules are often rebuilt from the
    same cue lists, as ``re`` caches their compilation)."""
    # A guarded pattern matches what the pattern it guards does: the same literals.
    source = _GUARDS.get((source, flags), source)
    required = _sequence(_parse(source, flags)).required
    return None if required == _TRUE else required


@lru_cache(maxsize=256)
def _parse(source: str, flags: int) -> Any:
    """The parsed ``source`` (cached: ``compile_guarded`` and ``required_literals`` both read
    a pattern, and the rules are compiled per process)."""
    return _parser.parse(source, flags)


def _useful(literal: str) -> bool:
    """Whether a literal is worth looking for: not empty, and not a single letter, digit or
    space (which nearly every text contains)."""
    return len(literal) > 1 or (literal != "" and not literal.isalnum() and not literal.isspace())


def _needs(literals: frozenset[str] | None) -> Requirement:
    """The requirement "one of ``literals`` occurs" (none when one of them is not useful)."""
    if not literals or not all(map(_useful, literals)):
        return _TRUE
    return frozenset({frozenset({literals})})


def _selectivity(literals: Literals) -> tuple[int, int]:
    """How rarely a text is likely to contain one of ``literals``: the longer the shortest
    string, then the fewer strings, the rarer."""
    return min(4, min(map(len, literals))), -len(literals)


def _best(conjunction: Conjunction) -> Literals | None:
    """The most selective literal set of a conjunction."""
    return max(conjunction, key=_selectivity) if conjunction else None


def _collapse(required: Requirement) -> Requirement:
    """A weaker requirement with a single literal set: the union of each conjunction's best."""
    best = [_best(conjunction) for conjunction in required]
    if None in best:
        return _TRUE
    return _needs(frozenset(s for literals in best for s in literals or ()))


def _all(requirements: Iterable[Requirement]) -> Requirement:
    """All of ``requirements`` (collapsed first when the conjunctions would be too many)."""
    requirements = [r for r in requirements if r != _TRUE]
    terms = 1
    for required in requirements:
        terms *= len(required)
    if terms > _MAX_TERMS:
        requirements = [_collapse(r) for r in requirements]
    combined: Requirement = _TRUE
    for required in requirements:
        combined = frozenset(a | b for a, b in product(combined, required))
    return _simplify(combined)


def _any(requirements: Iterable[Requirement]) -> Requirement:
    """One of ``requirements`` (collapsed when the conjunctions are too many)."""
    combined = frozenset(term for required in requirements for term in required)
    if frozenset() in combined:
        return _TRUE
    combined = _simplify(combined)
    return _collapse(combined) if len(combined) > _MAX_TERMS else combined


def _simplify(required: Requirement) -> Requirement:
    """An equivalent requirement with fewer, smaller conjunctions (fewer checks per text).

    Three exact rewrites: a set implied by a smaller one in its conjunction goes
    (A and A-or-B is A); conjunctions differing in one set merge (C and A, or C and B, is C
    and A-or-B; so single sets merge into one); a conjunction that implies another goes.
    """
    terms = {_tidy(term) for term in required}
    merged = True
    while merged:
        merged = False
        for a, b in combinations(terms, 2):
            if len(a) == len(b) and len(a - b) == 1:
                terms -= {a, b}
                terms.add(_tidy((a & b) | {next(iter(a - b)) | next(iter(b - a))}))
                merged = True
                break
    return frozenset(
        term
        for term in terms
        if not any(other != term and _implies(term, other) for other in terms)
    )


def _tidy(term: Conjunction) -> Conjunction:
    """``term`` without the sets that another of its sets implies ("is false" or "are
    false" implies "is" or "are"); of two sets implying each other, one stays."""
    kept = set(term)
    for literals in sorted(term, key=lambda s: (len(s), sorted(s))):
        if any(other != literals and _covers(other, literals) for other in kept):
            kept.remove(literals)
    return frozenset(kept)


def _covers(literals: Literals, other: Literals) -> bool:
    """Whether a text containing one of ``literals`` contains one of ``other``: each of
    ``literals`` has one of ``other`` in it."""
    return all(any(theirs in mine for theirs in other) for mine in literals)


def _implies(term: Conjunction, other: Conjunction) -> bool:
    """Whether ``term`` holding means ``other`` holds: each set of ``other`` is covered by one
    of ``term``'s."""
    return all(any(_covers(mine, theirs) for mine in term) for theirs in other)


def _sequence(items: Iterable[tuple[Any, Any]], prefix: frozenset[str] = _NOTHING) -> _Shape:
    """Shape of consecutive nodes (after the strings ``prefix``): each node's requirement
    holds, and runs of exact nodes concatenate into longer literals; a run continues into each
    branch of an alternation (``w(?:ill|on't)``, as ``re`` factors ``will|won't``)."""
    parts: list[Requirement] = []
    run = prefix
    all_exact = True
    for op, av in _strings_joined(items):
        if op is sre.ASSERT and av[0] == 1:
            parts.append(_lookahead(run, av[1]))
            continue  # zero-width: the run goes on after it
        if op is sre.BRANCH and run != _NOTHING:
            shape = _branch([_sequence(alternative, run) for alternative in av[1]])
            run = _NOTHING
        else:
            shape = _node(op, av)
        parts.append(shape.required)
        if shape.exact is not None and len(run) * len(shape.exact) <= _MAX_STRINGS:
            run = _concat(run, shape.exact)
            continue
        all_exact = False
        parts.append(_needs(run))
        run = _NOTHING if shape.exact is None else shape.exact
    parts.append(_needs(run))
    return _Shape(run if all_exact else None, _all(parts))


_STRING = "string"
"""Opcode of a run of literal characters joined into one node (see ``_strings_joined``)."""


def _strings_joined(items: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    """The nodes of a sequence, each run of ``LITERAL`` nodes joined into one ``_STRING`` node:
    one concatenation per phrase instead of one per character (the rules are built per
    process, so their analysis must be quick)."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))
            continue
        if chars:
            yield _STRING, "".join(chars)
            chars = []
        yield op, av
    if chars:
        yield _STRING, "".join(chars)


def _lookahead(run: frozenset[str], items: Iterable[tuple[Any, Any]]) -> Requirement:
    """What a lookahead after the strings ``run`` needs: it adds no characters to the match,
    but the text holds what it looks at, right after the run (``,\\s+(?=which)`` needs
    ", which" in the text)."""
    ahead = _sequence(items)
    if ahead.exact is None or len(run) * len(ahead.exact) > _MAX_STRINGS:
        return ahead.required
    return _all([ahead.required, _needs(_concat(run, ahead.exact))])


def _node(op: Any, av: Any) -> _Shape:
    """Shape of one parsed node (an opcode and its argument, as ``re._parser`` gives them)."""
    if op is _STRING:
        return _Shape(frozenset({fold(av)}))
    if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]:
        return _Shape(_SPACE)  # \s: any whitespace, a space once folded
    if op is sre.IN:
        chars = _class_chars(av)
        return _UNKNOWN if chars is None else _Shape(frozenset(map(fold, chars)))
    if op is sre.ASSERT and av[0] == 1:
        return _Shape(_NOTHING, _lookahead(_NOTHING, av[1]))
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY  # zero-width; a lookbehind may look before the searched span
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])  # case flags do not matter: ``fold`` ignores case anyway
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        return _branch([_sequence(alternative) for alternative in av[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(*av)
    return _UNKNOWN


def _class_chars(items: list[tuple[Any, Any]]) -> list[str] | None:
    """The characters of a small character class (``[sd]``), None for a large or negated one."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.extend(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return chars if len(chars) <= _MAX_CLASS else None


def _branch(alternatives: list[_Shape]) -> _Shape:
    """An alternation: exact if every branch is; requires what one of the branches does."""
    exact: frozenset[str] | None = None
    if all(a.exact is not None for a in alternatives):
        exact = frozenset(s for a in alternatives for s in a.exact or ())
        if len(exact) > _MAX_STRINGS:
            exact = None
    return _Shape(exact, _any(a.required for a in alternatives))


def _repeat(low: int, high: int, item: list[tuple[Any, Any]]) -> _Shape:
    """``item{low,high}``: optional items require nothing; ``x?`` is exact as "" or x."""
    if high == 0:
        return _EMPTY
    shape = _sequence(item)
    if shape.exact == _SPACE:  # \s+ is one space in folded text
        return _Shape(_SPACE if low else _SPACE | _NOTHING)
    if low == 0:
        if high == 1 and shape.exact is not None:
            return _Shape(shape.exact | _NOTHING)
        return _UNKNOWN
    exact = None
    if low == high and shape.exact is not None and len(shape.exact) ** low <= _MAX_STRINGS:
        exact = _NOTHING
        for _ in range(low):
            exact = _concat(exact, shape.exact)
    return _Shape(exact, shape.required)


class CueScreen:
    """Which of several named patterns may match a text, from one scan for their literals.

    The scan is a lookahead over a trie of all the literals (``(?=(a(?:im|udit)|...))``):
    ``findall`` gives, at every position, the longest literal starting there, in one pass in
    C for all the patterns; every shorter literal starting there is a prefix of it.  Literals
    are bits of an integer, so checking a pattern's requirement is a few ``&``.
    """

    def __init__(self, patterns: Mapping[str, re.Pattern[str]]) -> None:
        requirements = {name: required_literals(pattern) for name, pattern in patterns.items()}
        leaned = {name: _lean(r) for name, r in requirements.items() if r is not None}
        literals = sorted({s for r in leaned.values() for term in r for lits in term for s in lits})
        bit = {literal: 1 << i for i, literal in enumerate(literals)}
        self._present = {
            found: sum(bit.get(found[:end], 0) for end in range(1, len(found) + 1))
            for found in literals
        }
        self._always = frozenset(name for name, r in requirements.items() if r is None)
        checks = [
            _Check(name, [[sum(bit[s] for s in lits) for lits in term] for term in r])
            for name, r in leaned.items()
        ]
        # Most requirements are one literal set, met by any of its literals: each literal the
        # scan finds names those patterns at once (a union per literal found, not a test per
        # pattern: a sentence holds a few literals, the screen has dozens of patterns).
        single = [(c.name, c.first_bits) for c in checks if c.terms is None]
        self._names_of = {
            found: frozenset(name for name, bits in single if bits & present)
            for found, present in self._present.items()
        }
        self._checks = [c for c in checks if c.terms is not None]
        self._scan = re.compile(f"(?=({_trie_pattern(literals)}))") if literals else None

    def candidates(self, folded: str) -> set[str]:
        """Names of the patterns that may match a text whose ``fold`` is (or contains)
        ``folded``; the others certainly do not match it."""
        names = set(self._always)
        if self._scan is None:
            return names
        present = 0
        for found in set(self._scan.findall(folded)):
            present |= self._present[found]
            names.update(self._names_of[found])
        names.update([check.name for check in self._checks if check.holds(present)])
        return names


def _lean(required: Requirement) -> list[list[Literals]]:
    """``required`` weakened (so still safe) for a quick scan, as lists: in each conjunction,
    its ``_MAX_SETS`` most selective sets, most selective first, without the sets of literals
    shorter than ``_SHORT`` when it has longer ones ("to", "is" are in most texts); each
    literal cut to its first ``_LONGEST`` characters.  A smaller trie compiles and scans
    faster, and it is compiled once per process."""
    lean = []
    for term in required:
        ranked = sorted(term, key=_selectivity, reverse=True)
        kept = [s for s in ranked if min(map(len, s)) >= _SHORT] or ranked
        lean.append([frozenset(s[:_LONGEST] for s in literals) for literals in kept[:_MAX_SETS]])
    return lean


class _Check:
    """A pattern's requirement over literal bits: any term whose every set has a bit set."""

    def __init__(self, name: str, terms: list[list[int]]) -> None:
        self.name = name
        # Every term needs its first set: without one of these bits no term holds.
        self.first_bits = 0
        for term in terms:
            self.first_bits |= term[0]
        self.terms = terms if any(len(term) > 1 for term in terms) else None

    def holds(self, present: int) -> bool:
        """Whether the literals ``present`` (bits) satisfy the requirement."""
        if not self.first_bits & present:
            return False
        if self.terms is None:
            return True
        for term in self.terms:
            for bits in term:
                if not bits & present:
                    break
            else:
                return True
        return False


def _trie_pattern(literals: Iterable[str]) -> str:
    """A regex matching the longest of ``literals`` at a position: shared prefixes are
    factored (``a(?:im|udit)``) so ``re`` tests each character once, not once per literal."""
    trie: dict[str, Any] = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict[str, Any]) -> str:
    """Regex of one trie node; greedy ``?`` on a literal's end prefers longer literals."""
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


_MAX_START = 24
"""Most characters a start guard may list (beyond this it would rule out too few positions)."""
_GUARDS: dict[tuple[str, int], str] = {}
"""Source and flags of each pattern ``compile_guarded`` made -> the source it guards."""


def compile_guarded(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)`` behind a lookahead for the characters its matches can
    start with (``(?=[nc])(?:\\bnot\\b|\\bcannot\\b)``), or without one when they are unknown.

    Same matches, same spans, faster searches: ``re`` tries a search at every position, and
    a cue list's alternatives open with ``\\b``, which ``re`` cannot check in one step as it
    does a first letter, so every alternative is entered at every position.  The lookahead
    is one character-class test per position, which rejects most of them.  The class has the
    pattern's flags, so it matches the case variants its literals match.  (The rules
    are compiled per process: the source is compiled once, with or without the guard.)
    """
    if not flags & re.ASCII:
        flags |= re.UNICODE  # as ``re.compile`` reports them: one parse, and one key, below
    first = _first_chars(list(_parse(source, flags)))
    if first is None or first[1] or not first[0] or len(first[0]) > _MAX_START:
        return re.compile(source, flags)
    chars = "".join(re.escape(char) for char in sorted(first[0]))
    guarded = f"(?=[{chars}])(?:{source})"
    _GUARDS[guarded, flags] = source
    return re.compile(guarded, flags)


def _first_chars(items: list[tuple[Any, Any]]) -> tuple[frozenset[str], bool] | None:
    """The characters a match of the node sequence ``items`` can start with, and whether it
    can match the empty string; None when unknown (then no guard)."""
    chars: set[str] = set()
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: ignoring a condition only widens the set
        node = _node_first(op, av)
        if node is None:
            return None
        chars |= node[0]
        if not node[1]:
            return frozenset(chars), False
    return frozenset(chars), True


def _node_first(op: Any, av: Any) -> tuple[frozenset[str], bool] | None:
    """``_first_chars`` of one parsed node."""
    if op is sre.LITERAL:
        return frozenset(chr(av)), False
    if op is sre.IN:
        chars = _class_chars(av)
        return None if chars is None else (frozenset(chars), False)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, items = av
        # A group changing case sensitivity would not match what the outer class matches.
        return None if add_flags or del_flags else _first_chars(items)
    if op is sre.ATOMIC_GROUP:
        return _first_chars(av)
    if op is sre.BRANCH:
        branches = [_first_chars(alternative) for alternative in av[1]]
        if any(branch is None for branch in branches):
            return None
        known = [branch for branch in branches if branch is not None]
        return frozenset().union(*(b[0] for b in known)), any(b[1] for b in known)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, item = av
        inner = _first_chars(item)
        return None if inner is None else (inner[0], inner[1] or low == 0)
    return None
