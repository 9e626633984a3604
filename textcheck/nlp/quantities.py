"""Quantities and dates: pure normalisation functions and a regex recogniser.

``find_quantities(text)`` returns every amount (``QuantityMention``) and every date or period
(``DateMention``) in a text, with exact offsets.  Amounts are normalised into
``records.Quantity`` (value or low..high, unit, comparator):

- numbers in digits ("1,200", "2.5") or words ("six", "twenty-five", "two hundred", "three
  million, two hundred and forty"; an article is no number: "a three-year pilot" is 3 years);
  fractions ("two thirds", "a quarter", "one sixth", "1/40 of") and ratios ("one in five")
  become per cent;
- percentages ("90%", "90 per cent", "ninety percent"), money ("£22 million" -> 22000000 GBP,
  "£1.2bn", "$2.174T" -> USD, "€10M" and "15 euros" -> EUR: the ISO code of the currency; a
  minus sign before it, "-15€", makes it negative), durations (unit
  ``day``/``week``/``month``/``year``/``hour``/``minute``),
  counts of people (unit ``people``) or of a named noun (the noun, singular);
- ranges ("between 5 and 10 per cent", "45 to 60 minutes", "5-10%") have comparator ``range``;
- comparators before or after the number (the cue lists in ``data/quantities.json``) or an
  outdoing verb governing it ("exceed the ... target of 90%" -> ``>``).

Dates are never amounts: "since 2016", "from 2021", "by March 2026" are ``DateMention`` with the
preposition that makes them a timeline, and "2019-20" is a financial year, not a range.
Numbers that only label something ("part 1 of 2", "No. 5", "COVID-19", ids in URLs) are
skipped.  The cue lists come from the GOV.UK style guide (numbers, money, dates), the forms
listed in textcheck issue 3 and observation of the responses in ``corpora/``.
"""

from __future__ import annotations

import heapq
import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from itertools import accumulate
from typing import Any

from textcheck.records import Comparator, Quantity

UNITS: dict[str, int] = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
"""Number words below a hundred."""

SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
"""Multiplying number words."""

SUFFIX_SCALES: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
"""Scale suffixes after a money amount ("£22m", "£1.2bn", "£22 million")."""

FRACTIONS: dict[str, float] = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
    "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "sixth": 1 / 6, "sixths": 1 / 6,
    "seventh": 1 / 7, "sevenths": 1 / 7, "eighth": 0.125, "eighths": 0.125, "ninth": 1 / 9,
    "ninths": 1 / 9, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip
"""Fraction words: "two thirds" is 2 x 1/3, expressed as a percentage."""

CURRENCIES: dict[str, str] = {
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
}  # fmt: skip
"""ISO 4217 code of each currency sign, code and word (DESIGN 3.4 keeps ``GBP`` for pounds)."""

MONEY_SCALES: dict[str, float] = {**SUFFIX_SCALES, "t": 1e12}
"""Scale letters after a money amount only ("$2.174T"): a bare "5t" is five tonnes."""

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class QuantityMention:
    """An amount in a text: ``text[start:end]`` normalised to ``quantity``."""

    start: int
    end: int
    quantity: Quantity


@dataclass(frozen=True)
class DateMention:
    """A date or period: ``preposition`` ("since", "by", ...) says how it bounds a timeline.

    ``year`` is the (first) calendar year named, ``end_year`` the second year of a financial
    or academic year ("2019-20"), ``None`` otherwise.
    """

    start: int
    end: int
    preposition: str
    year: int | None
    end_year: int | None = None

    def as_quantity(self, text: str) -> Quantity:
        """The date as a ``Quantity`` with unit ``date`` (or ``financial_year``)."""
        comparator = DATE_COMPARATORS.get(self.preposition, Comparator.EQ)
        if self.end_year is not None:
            return Quantity(
                float(self.year) if self.year is not None else None,
                "financial_year",
                comparator,
                text=text[self.start : self.end],
            )
        value = float(self.year) if self.year is not None else None
        return Quantity(value, "date", comparator, text=text[self.start : self.end])


DATE_COMPARATORS: dict[str, Comparator] = {
    "since": Comparator.GE, "from": Comparator.GE, "after": Comparator.GT,
    "starting": Comparator.GE, "beginning": Comparator.GE, "by": Comparator.LE,
    "before": Comparator.LT, "until": Comparator.LE, "till": Comparator.LE,
    "in": Comparator.EQ, "during": Comparator.EQ, "on": Comparator.EQ, "of": Comparator.EQ,
}  # fmt: skip
"""How a timeline preposition bounds the date it governs."""


@cache
def load_lexicon() -> dict[str, Any]:
    """The quantity cue lists shipped in ``textcheck/nlp/data/quantities.json``."""
    path = resources.files("textcheck.nlp").joinpath("data/quantities.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def parse_number_words(words: str) -> float | None:
    """Value of a number written in words ("twenty-five", "two hundred and fifty", "a million").

    Returns ``None`` when ``words`` is not a number.
    """
    tokens = [t for t in re.split(r"[\s,-]+", words.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for token in tokens:
        if token in ("a", "an") and not seen:
            continue  # "a million" is 1 x million (below); "a three-year pilot" is three
        if token in UNITS:
            current += UNITS[token]
            seen = True
        elif token in SCALES:
            scale = SCALES[token]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """Value of a number in digits ("1,200", "2.5") or words; ``None`` if it is not one."""
    cleaned = text.strip().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return parse_number_words(text)


def parse_money(amount: str, scale: str = "") -> float | None:
    """Value of a money amount and its scale suffix: ("1.2", "bn") -> 1200000000.0."""
    value = parse_number(amount)
    if value is None:
        return None
    return value * MONEY_SCALES.get(scale.strip().lower(), 1.0)


def currency_code(text: str | None) -> str | None:
    """The ISO code of a currency sign, code or word ("€" -> "EUR"), else None."""
    if not text:
        return None
    return CURRENCIES.get(text.strip().lower())


def parse_fraction(numerator: str, denominator: str) -> float | None:
    """Percentage of a fraction in words: ("two", "thirds") -> 66.67, ("a", "quarter") -> 25."""
    count = 1.0 if numerator.lower() in ("a", "an", "one") else parse_number(numerator)
    part = FRACTIONS.get(denominator.lower())
    if count is None or part is None:
        return None
    return round(count * part * 100, 2)


def parse_ratio(numerator: str, denominator: str) -> float | None:
    """Percentage of "N in M" ("one in five" -> 20.0)."""
    top, bottom = parse_number(numerator), parse_number(denominator)
    if top is None or not bottom:
        return None
    return round(top / bottom * 100, 2)


def _signed(text: str, start: int, value: float) -> float:
    """``value`` negated when a minus sign stands right before the amount ("-15€", "−£5m"),
    not when it joins two numbers ("5-10" is a range, read elsewhere)."""
    before = text[max(0, start - 2) : start]
    if before[-1:] in ("-", "\u2212") and not before[:-1].isalnum():
        return -value
    return value


def normalise_unit(word: str) -> str:
    """The unit a noun names: durations and people map to DESIGN's units, others singular."""
    lexicon = load_lexicon()
    lowered = word.lower().strip()
    durations: dict[str, str] = lexicon["durations"]
    if lowered in durations:
        return durations[lowered]
    if lowered in lexicon["people"]["items"]:
        return "people"
    if lowered in ("%", "per cent", "percent", "percentage points", "percentage point"):
        return "%"
    return singular(lowered)


def singular(noun: str) -> str:
    """A naive English singular: "claimants" -> "claimant", "bodies" -> "body"."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "ches", "shes", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


def comparator_for(phrase: str) -> Comparator | None:
    """The comparator a cue phrase expresses ("no more than" -> ``<=``), else ``None``."""
    lowered = re.sub(r"\s+", " ", phrase.lower().strip())
    for symbol, phrases in load_lexicon()["comparators"]["items"].items():
        if lowered in phrases:
            return Comparator(symbol)
    return None


@dataclass(frozen=True)
class _Patterns:
    """One compiled set of the recogniser's scanning patterns (see ``QuantityRecogniser``)."""

    digits: re.Pattern[str]
    number_words: re.Pattern[str]
    date: re.Pattern[str]
    range_site: re.Pattern[str]
    range: re.Pattern[str]
    amount: re.Pattern[str]
    label: re.Pattern[str]


@dataclass(frozen=True)
class _Scan:
    """A text being scanned: the patterns run on ``folded``, offsets and groups are ``text``'s.

    ``folded`` is the lower-cased text scanned with case-sensitive patterns when that matches
    exactly what IGNORECASE matches on ``text`` (``_fold``), else ``text`` itself scanned
    with the IGNORECASE patterns.  ``regions`` are the stretches worth scanning.
    """

    text: str
    folded: str
    patterns: _Patterns
    regions: list[tuple[int, int]]

    def finditer(
        self, pattern: re.Pattern[str], needs: re.Pattern[str] | None = None
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` restricted to the regions (lookbehinds still see the whole
        text), skipping the regions where ``needs`` finds nothing.

        ``needs`` is for speed: a cheap pattern that matches inside (within the region) every
        match of ``pattern``, such as a digit for dates.  A region without it holds no match,
        so the slow pattern need not run there; the matches are the same.
        """
        folded = self.folded
        for start, end in self.regions:
            if needs is None or needs.search(folded, start, end) is not None:
                yield from pattern.finditer(folded, start, end)


class QuantityRecogniser:
    """Finds amounts and dates in a text.  Built once; holds only compiled patterns.

    Every pattern is compiled from one lower-case source: case-sensitive, for the
    lower-cased copy of a text, and (on first need) IGNORECASE, for the rare text whose
    lower-casing is not what IGNORECASE does.  The first is the fast one: ``re`` rejects a
    branch by its first literal in C only when matching case-sensitively (about 3x faster).
    """

    def __init__(self, lexicon: dict[str, Any] | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self._compile()

    def _compile(self) -> None:
        self._folded = _Patterns(**{name: _compile_folded(s) for name, s in self._joined()})
        lex = self.lexicon
        self._duration_unit = re.compile(rf"({self._duration})", re.IGNORECASE)
        self._outdo = [
            (re.compile(pattern + r"\s*$", re.IGNORECASE), Comparator(symbol))
            for symbol, pattern in lex["governing_verbs"]["items"].items()
        ]
        bounds = lex.get("duration_bounds", {}).get("items", {})
        self._duration_bounds = [
            (
                re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s+$", re.IGNORECASE),
                Comparator(symbol),
            )
            for symbol, words in bounds.items()
            if words
        ]
        self._people = frozenset(w.lower() for w in lex["people"]["items"])

    @cached_property
    def _ignorecase(self) -> _Patterns:
        """The patterns for texts that are not folded: compiled only when one comes."""
        return _Patterns(**{name: re.compile(s, re.IGNORECASE) for name, s in self._joined()})

    def _joined(self) -> list[tuple[str, str]]:
        """The name and source (guard and body) of each pattern."""
        return [(name, guard + body) for name, (guard, body) in self._sources().items()]

    def _sources(self) -> dict[str, tuple[str, str]]:
        """The sources of the ``_Patterns``, in lower case (matched case-insensitively), each
        as a start guard and the pattern proper.

        The date, range and amount patterns begin with optional, many-branched groups, so
        ``re`` would try every branch at every position; the guard, a lookahead listing what
        a match can start with (``_start_guard``), fails at once inside ordinary words
        (about 2x faster, same matches).
        """
        lex = self.lexicon
        number_words = sorted([*UNITS, *SCALES], key=len, reverse=True)
        word = _alternation(number_words)
        # "three million, two hundred and forty": a comma may join after a scale word.
        joiner = r"(?:[\s-]+|\s+and\s+|(?:(?<=lion)|(?<=thousand)),\s+)"
        words = rf"(?:(?:an?\s+)?{word}(?:{joiner}{word})*)"
        digits = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        number = rf"(?:{digits}|{words})"
        prefixes = sorted(
            (p for items in lex["comparators"]["items"].values() for p in items),
            key=len,
            reverse=True,
        )
        prefix = _alternation([re.escape(p).replace(r"\ ", r"\s+") for p in prefixes])
        percent = r"(?:\s*%|\s*per\s*cent\b|\s*percent\b|\s+percentage\s+points?\b)"
        currency = r"(?:£|\$|€|gbp\s?|usd\s?|eur\s?)"
        scale = r"(?:\s*(?:thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b)"
        durations = sorted(lex["durations"], key=len, reverse=True)
        self._duration = duration = _alternation(durations) + r"\b"
        fraction_words = sorted(FRACTIONS, key=len, reverse=True)
        fraction = _alternation(fraction_words)
        fraction_counts = [
            "an?", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ]  # fmt: skip
        unit_part = (
            r"(?P<presuffix>\s+or\s+(?:more|fewer|less|over|above)\b)?"
            rf"(?P<unit>{percent}|(?P<uscale>{scale})?\s*(?:pounds\b|(?:pounds\s+)?sterling\b"
            rf"|dollars\b|euros?\b|€)"
            rf"|[\s-]+(?:(?:working|calendar|full|further|additional|more|extra|new|completed"
            rf"|consecutive|clear|whole)\s+)?"
            rf"{duration}"
            rf"|\s+(?:(?:more|extra|additional|new|fewer|full-time|part-time|frontline|front-line"
            rf"|disabled|young|older|other)\s+)?(?P<noun>[a-z][a-z'-]+))?"
        )
        suffix = (
            r"(?P<suffix>\s+(?:or\s+more|or\s+less|or\s+fewer|or\s+over|or\s+above"
            r"|on\s+average|plus|and\s+over|and\s+above)\b)?"
        )
        word_scale = r"(?:\s+(?:thousand|million|billion|trillion)\b|bn\b)"
        # An amount or range starts with a digit or a currency sign, or at the start of a
        # word: a currency code, a number word, a comparator, "between"/"from", a fraction or
        # its count.  Never inside a word: "ten" in "often" or "eur" in "amateur" are no
        # numbers, and such a match would swallow a real one after it ("often five people").
        amount_guard = _start_guard(
            [r"\d", r"[£$€]"],
            [
                *prefixes, "between", "from", *fraction_words, *fraction_counts,
                *number_words, "gbp", "usd", "eur",
            ],
        )  # fmt: skip
        range_source = (
            rf"(?P<prefix>\b{prefix}\s+)?(?P<between>\bbetween\s+|\bfrom\s+)?"
            rf"(?P<cur1>{currency})?(?P<low>{number})(?P<lowscale>{scale})?(?P<lowpct>{percent})?"
            rf"\s*(?P<conn>-|–|—|\bto\b|\band\b)\s*(?P<cur2>{currency})?"
            rf"(?P<high>{number})(?P<highscale>{scale})?" + unit_part + suffix
        )
        amount_source = (
            rf"(?P<prefix>\b{prefix}\s+)?"
            rf"(?:"
            rf"(?:(?P<fnum>\b(?:{'|'.join(fraction_counts)})|\d+)[\s-]+)?"
            rf"(?P<fden>\b{fraction})\b"
            rf"|(?P<rnum>\b{number})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<rden>{number})\b"
            rf"|(?P<cur>{currency})(?P<money>{digits}|{words})(?P<mscale>{scale}|t\b)?"
            rf"|(?P<dnum>\d{{1,3}})/(?P<dden>\d{{1,4}})(?=\s+of\b)"
            rf"|(?P<num>{number})(?P<nscale>{word_scale})?"
            rf")" + unit_part + suffix
        )
        # A run of digits gives the regions its single digits would, with fewer matches.
        anchor_words = sorted([*UNITS, *SCALES, *FRACTIONS], key=len, reverse=True)
        # What follows a range's first number: its connector and the start of the second
        # number (a digit, or a number word not necessarily ending a word, as in the range).
        # ``find`` scans for ranges only in the regions holding one (a third of them).
        range_site = rf"(?:-|–|—|to\b|and\b)\s*(?:{currency})?(?:\d|(?:an?\s+)?{word})"
        return {
            # Not "[...]+": a pattern starting with a plain class lets ``re`` skip to the next
            # digit or sign in a tight C loop (a repeat defeats that), about 1.5x faster.
            "digits": ("", r"[\d£$€][\d£$€]*"),
            "number_words": ("", rf"\b{_alternation(anchor_words)}\b"),
            "date": self._date_source(),
            "range_site": ("", range_site),
            "range": (amount_guard, range_source),
            "amount": (amount_guard, amount_source),
            "label": ("", lex["labels"]["pattern"]),
        }

    @staticmethod
    def _date_source() -> tuple[str, str]:
        """The date pattern's guard and source: an optional timeline preposition, then a
        year, a day and month, a weekday and day, or a numeric date."""
        prepositions = [
            r"since", r"from", r"after", r"starting(?:\s+(?:in|on|from))?",
            r"beginning(?:\s+(?:in|on))?", r"by(?:\s+the\s+end\s+of)?", r"before", r"until",
            r"till", r"in", r"during", r"on", r"of", r"as\s+of",
        ]  # fmt: skip
        weekday = _alternation(list(WEEKDAYS))
        months = _alternation(MONTHS.split("|"))
        ordinal = r"\d{1,2}(?:st|nd|rd|th)?"
        day_month = rf"(?:{ordinal}\s+(?:of\s+)?{months}\b\.?|{months}\.?\s+{ordinal}\b,?)"
        # A date starts with a digit, or at the start of a word with a preposition, a weekday
        # or a month (never inside a word: "mar" in "grammar 2020" is no month).
        guard = _start_guard([r"\d"], [*prepositions, *WEEKDAYS, *MONTHS.split("|")])
        return guard, (
            rf"(?:\b(?P<prep>{_alternation(prepositions)})\s+(?:the\s+)?"
            rf"(?:(?:spring|summer|autumn|winter|end|start|beginning|middle)\s+(?:of\s+)?)?)?"
            rf"(?:{weekday},?\s+)?"
            rf"(?:"
            rf"(?:(?:{day_month})\s+|{months}\.?\s+)?"
            rf"(?P<year>(?<![\w£$€.,/-])(?:1[89]|20)\d{{2}})"
            rf"(?:(?P<fy>[-–/])(?P<fyend>\d{{2}}|(?:1[89]|20)\d{{2}})(?![\d%]))?"
            rf"(?![\w%]|\.\d|,\d)"
            rf"|(?<![\w£$€.,/-])(?P<daymonth>{day_month})(?![\w%])"
            rf"|(?<=\s)(?P<weekdayday>{weekday},?\s+{ordinal})\b(?![%])"
            rf"|(?<=\s)(?P<numeric>\d{{1,2}}/\d{{1,2}}(?:/(?:\d{{4}}|\d{{2}}))?)(?![\w/%])"
            rf"(?!\s+of\b)"
            rf")"
        )

    def find(self, text: str) -> tuple[list[QuantityMention], list[DateMention]]:
        """Every amount and every date in ``text``, each list in text order."""
        scan = self._scan(text)
        dates = self._find_dates(scan)
        blocked = [(d.start, d.end) for d in dates]
        blocked.extend((m.start(), m.end()) for m in scan.finditer(scan.patterns.label))
        amounts: list[QuantityMention] = []
        not_ranges = _SpanSet(blocked)
        for match in scan.finditer(scan.patterns.range, needs=scan.patterns.range_site):
            if not_ranges.overlaps(match.start("low"), match.end("high")):
                continue
            if match.group("conn").lower() == "and" and not match.group("between"):
                continue
            if not _standalone(text, match, "low"):
                continue
            mention = self._mention(text, match, self._normalise_range(text, match))
            if mention is not None:
                amounts.append(mention)
        blocked.extend((m.start, m.end) for m in amounts)
        not_amounts = _SpanSet(blocked)
        for match in scan.finditer(scan.patterns.amount):
            core = "num" if match.group("num") else None
            if not_amounts.overlaps(*_core_span(match)):
                continue
            if core and not _standalone(text, match, core):
                continue
            mention = self._mention(text, match, self._normalise(text, match))
            if mention is not None:
                amounts.append(mention)
        amounts.sort(key=lambda m: m.start)
        return amounts, dates

    def find_dates(self, text: str) -> list[DateMention]:
        """Every calendar date or year in ``text`` with the preposition governing it."""
        return self._find_dates(self._scan(text))

    def _scan(self, text: str) -> _Scan:
        """``text`` ready to scan: lower-cased when that is exact, and its regions."""
        folded = _fold(text)
        if folded is None:
            folded, patterns = text, self._ignorecase
        else:
            patterns = self._folded
        return _Scan(text, folded, patterns, _regions(patterns, folded))

    def _find_dates(self, scan: _Scan) -> list[DateMention]:
        text = scan.text
        found: list[DateMention] = []
        for match in scan.finditer(scan.patterns.date, needs=_DIGIT):
            prep = match.group("prep").lower().split()[0] if match.group("prep") else ""
            if match.group("numeric") and not prep:
                continue
            if not match.group("year"):
                partial = _original_group(text, match, "daymonth") or ""
                partial = partial or _original_group(text, match, "weekdayday") or ""
                if partial and partial == partial.lower():
                    continue  # "3 may apply" is not the 3rd of May: months are capitalised
                end = match.end() - 1 if text[match.end() - 1] == "." else match.end()
                found.append(DateMention(match.start(), end, prep, None))
                continue
            year = int(match.group("year"))
            end_year: int | None = None
            if match.group("fy"):
                tail = match.group("fyend")
                end_year = int(tail) if len(tail) == 4 else (year // 100) * 100 + int(tail)
                if end_year != year + 1:
                    end_year = None
                    if len(tail) == 2:
                        continue
            found.append(DateMention(match.start(), match.end(), prep, year, end_year))
        return found

    def _mention(
        self, text: str, match: re.Match[str], quantity: Quantity | None
    ) -> QuantityMention | None:
        if quantity is None:
            return None
        start, end = match.start(), match.end()
        noun = match.group("noun")
        if noun is not None and noun.lower() in self.lexicon["not_units"]["items"]:
            end = match.start("noun")
            if match.group("suffix"):
                end = max(end, match.end("suffix")) if match.start("suffix") < end else end
        while end > start and text[end - 1] in " \t\n,.;:-":
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        return QuantityMention(start, end, replace(quantity, text=text[start:end]))

    def _comparator(self, text: str, match: re.Match[str]) -> Comparator:
        comparator = Comparator.EQ
        if match.group("prefix"):
            comparator = comparator_for(match.group("prefix")) or Comparator.EQ
        for suffix in ("presuffix", "suffix"):
            if match.group(suffix):
                comparator = comparator_for(match.group(suffix)) or comparator
        if comparator == Comparator.EQ:
            comparator = self._governing(text, match.start()) or comparator
        return comparator

    def _normalise_range(self, text: str, match: re.Match[str]) -> Quantity | None:
        g = match.group
        money = g("cur1") or g("cur2")
        unit = self._unit((g("unit") or "").strip(), g("noun"), money=money)
        low = self._scaled(g("low"), g("lowscale") or g("highscale") or g("uscale"))
        high = self._scaled(g("high"), g("highscale") or g("uscale"))
        if low is None or high is None or high <= low:
            return None
        if g("lowpct") and not unit:
            unit = "%"
        if not unit and not g("between"):
            return None
        return Quantity(None, unit or "count", Comparator.RANGE, low, high)

    def _normalise(self, text: str, match: re.Match[str]) -> Quantity | None:
        g = match.group
        unit = self._unit((g("unit") or "").strip(), g("noun"), money=g("cur"))
        comparator = self._comparator(text, match)
        if g("fden") is not None:
            numerator = g("fnum")
            if numerator is None and (
                g("fden").lower() != "half"
                or re.search(
                    r"\b(?:first|second|latter|other|last|next)\s+$",
                    text[: match.start("fden")],
                    re.IGNORECASE,
                )
            ):
                return None
            value = parse_fraction(numerator or "one", g("fden"))
            plural = (_original_group(text, match, "fden") or "").endswith("s")
            if value is None or ((numerator or "").isdigit() and not plural):
                return None
            return Quantity(value, "%", comparator)
        if g("rnum") is not None:
            value = parse_ratio(g("rnum"), g("rden"))
            return None if value is None else Quantity(value, "%", comparator)
        if g("dnum") is not None:  # "1/40 of cases"
            value = parse_ratio(g("dnum"), g("dden"))
            return None if value is None else Quantity(value, "%", comparator)
        if g("money") is not None:
            value = parse_money(g("money"), g("mscale") or g("uscale") or "")
            if value is None:
                return None
            return Quantity(_signed(text, match.start(), value), unit, comparator)
        number = g("num")
        value = parse_number(number)
        if value is None:
            return None
        if not number[0].isdigit() and not unit:
            return None
        scale = g("nscale") or g("uscale")
        if scale:
            value *= SUFFIX_SCALES[scale.strip().lower()]
        if not unit and _AGE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            unit = "year"
        if g("noun") is not None and unit not in ("", "people"):
            unit = self._compound_head(text, match.end("noun")) or unit
        if comparator == Comparator.EQ and unit in self.lexicon["durations"].values():
            comparator = self._duration_bound(text, match.start()) or comparator
        if unit in CURRENCIES.values():
            value = _signed(text, match.start(), value)
        return Quantity(value, unit or "count", comparator)

    def _compound_head(self, text: str, end: int) -> str | None:
        """``people`` when the counted noun only modifies a people noun after it.

        English compounds put the head last: in "250,000 UK citizens" and "1.6 million care
        workers" the first word after the number ("UK", "care") modifies what is counted.
        Up to two following words are looked at, stopping at a function word, and only
        nouns of the ``people`` list count as heads, so "20 schools and teachers" keeps
        ``school``.
        """
        following = _NEXT_WORDS.match(text, end)
        if following is None:
            return None
        for word in following.group(0).lower().split():
            if word in self._people:
                return "people"
            if word in self.lexicon["not_units"]["items"]:
                return None  # "500 schools and teachers": a list, not a compound
        return None

    def _duration_bound(self, text: str, start: int) -> Comparator | None:
        """Comparator of a preposition bounding a duration ("after 24 weeks" -> ``>``)."""
        window = text[max(0, start - 20) : start]
        for pattern, comparator in self._duration_bounds:
            if pattern.search(window):
                return comparator
        return None

    def _scaled(self, number: str, scale: str | None) -> float | None:
        value = parse_number(number)
        if value is None:
            return None
        if scale and scale.strip().lower() in SUFFIX_SCALES:
            value *= SUFFIX_SCALES[scale.strip().lower()]
        return value

    def _unit(self, unit_text: str, noun: str | None, *, money: str | None) -> str:
        """The unit of an amount: ``money`` is the currency sign or code before it, if any."""
        lowered = re.sub(r"\s+", " ", unit_text.lower())
        if money:
            return currency_code(money) or "GBP"
        for word in re.findall(r"[a-z]+|€", lowered):
            if word in CURRENCIES:
                return CURRENCIES[word]
        if lowered.startswith(("%", "per cent", "percent", "percentage")):
            return "%"
        duration = self._duration_unit.search(lowered)
        if duration and noun is None:
            return normalise_unit(duration.group(1))
        if noun is not None:
            if noun.lower() in self.lexicon["not_units"]["items"]:
                return ""
            return normalise_unit(noun)
        return ""

    def _governing(self, text: str, start: int) -> Comparator | None:
        """Comparator of a verb governing the number ("exceed the target of 90%" -> ``>``)."""
        window = text[max(0, start - 80) : start]
        for pattern, comparator in self._outdo:
            if pattern.search(window):
                return comparator
        return None


_NEXT_WORDS = re.compile(r"(?:[ \t]+[A-Za-z][A-Za-z'-]*){1,2}")
"""The (up to) two words right after a counted noun, on the same line."""

_AGE_BEFORE = re.compile(r"\b(?:aged?|ages|age\s+of)\s+(?:\w+\s+)?$", re.IGNORECASE)
"""An age ("under the age of 18", "aged 16") is a number of years."""

_BEFORE_ANCHOR = 80
"""Characters before an anchor a match may start at (the longest comparator + preposition)."""
_AFTER_ANCHOR = 160
"""Characters after an anchor a match may end at (a range's second number, unit, suffix)."""


_DIGIT = re.compile(r"\d")
"""Every date has a digit (a year, a day, a numeric date): regions without one have none."""


def _regions(patterns: _Patterns, text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around every run of digits and currency signs or number word.

    Every amount and date contains one of these anchors, so the (slow, many-branched)
    patterns only need to run near them; prose without numbers is skipped.
    """
    return _merged_regions(_anchors(patterns, text), len(text))


def _anchors(patterns: _Patterns, text: str) -> Iterator[tuple[int, int]]:
    """The spans of the anchors in ``text``, in order.

    Two scans merged, for speed: a one-class pattern (``patterns.digits``) and a pattern of
    words only (``patterns.number_words``) take together about two thirds of the time of
    one pattern with both branches, which ``re`` enters at every position.  Their matches are
    those of that single pattern: a digit run holds no letter and a number word no digit,
    so neither can hide a match of the other.
    """
    digits = (found.span() for found in patterns.digits.finditer(text))
    words = (found.span() for found in patterns.number_words.finditer(text))
    return heapq.merge(digits, words)


def _merged_regions(anchors: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches from ``_BEFORE_ANCHOR`` before to ``_AFTER_ANCHOR`` after each anchor
    (sorted spans) of a text of ``length`` characters, overlapping stretches merged."""
    regions: list[tuple[int, int]] = []
    for anchor_start, anchor_end in anchors:
        start = max(0, anchor_start - _BEFORE_ANCHOR)
        end = min(length, anchor_end + _AFTER_ANCHOR)
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


def _alternation(sources: list[str]) -> str:
    """A non-capturing group matching any of ``sources`` (regexes), tried in order.

    Sources starting with the same letter share a branch ("t(?:welve|wenty|en|...)"), for
    speed: ``re`` tests each branch's first letter in C before entering it, so a position
    costs one test per initial rather than one per word.  The order within an initial is
    kept and different initials cannot match at the same place: the same source wins.
    Sources not starting with a plain letter or digit are left as they are.
    """
    if not all(map(_starts_with_literal, sources)):
        return "(?:" + "|".join(sources) + ")"
    tails: dict[str, list[str]] = {}
    for source in sources:
        tails.setdefault(source[0], []).append(source[1:])
    branches = [
        first + (_alternation(rest) if len(rest) > 1 else rest[0]) for first, rest in tails.items()
    ]
    return "(?:" + "|".join(branches) + ")"


def _starts_with_literal(source: str) -> bool:
    """Whether the regex ``source`` starts with a letter or digit matching itself alone (and
    has no ``|``, which might split it at the top level)."""
    return source[:1].isalnum() and source[1:2] not in ("?", "*", "+", "{") and "|" not in source


def _start_guard(anywhere: list[str], word_initial: list[str]) -> str:
    """A lookahead for the places a match can start at: where one of the ``anywhere``
    patterns matches, or at a word boundary before the opening (``_opening``) of one of the
    ``word_initial`` phrases (literal text or sources starting with a literal character).

    It costs a few character tests, so at the many places no match can start (inside
    ordinary words, and at words opening none of the phrases, such as "the", "to", "we")
    ``re`` skips the pattern's many optional branches.  Openings of up to three characters
    rather than initials make the amount and date scans about 1.3x faster.
    """
    openings = {re.escape(_opening(phrase)) for phrase in word_initial}
    shortest = sorted(o for o in openings if not any(o.startswith(p) for p in openings - {o}))
    return rf"(?=(?:{'|'.join(anywhere)})|\b{_alternation(shortest)})"


def _opening(phrase: str, size: int = 3) -> str:
    """What any match of a phrase or source starts with: its first character, and the
    letters or digits (matching just themselves) after it, up to ``size`` characters."""
    end = 1
    while end < min(size, len(phrase)) and phrase[end].isalnum():
        end += 1
    if phrase[end : end + 1] in ("?", "*", "+", "{") and end > 1:
        end -= 1  # the last of them is optional or repeated
    return phrase[:end]


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)
_CASE_NEUTRAL = re.compile(r"\\\\|\\[ABDSWZ]|\(\?P[<=]")
r"""Upper-case letters of a regex that do not name a letter: escaped backslashes, class
escapes such as ``\S``, named groups."""
_CASE_RISKY = re.compile(r"[A-Z]|\\[0-9NUux]|\(\?[aiLmsux-]")
"""What can name an upper-case letter in a regex: itself, a character escape, inline flags."""


def _fold(text: str) -> str | None:
    """``text`` lower-cased, when lower-case patterns matched case-sensitively on it match
    exactly what they match with IGNORECASE on ``text``; else ``None``.

    Lower-casing and IGNORECASE agree on ASCII; the non-ASCII characters of ``text`` are
    checked one by one (``_folds_exactly``): "ſ", "ı", "İ" and the Kelvin sign "K" are
    equal to ASCII letters under IGNORECASE, so a text with one of them is not folded.
    """
    if text.isascii() or all(map(_folds_exactly, set(_ASCII_RUNS.sub("", text)))):
        return text.lower()
    return None


@cache
def _folds_exactly(char: str) -> bool:
    r"""Whether lower-casing ``char`` (not ASCII) leaves one character, still not ASCII,
    neither being equal to an ASCII letter under IGNORECASE, in the same ``\w``, ``\d``
    and ``\s`` classes (so that ``\b`` and class escapes see no difference)."""
    lower = char.lower()
    return (
        len(lower) == 1
        and not lower.isascii()
        and _ASCII_LETTER.match(char) is None
        and _ASCII_LETTER.match(lower) is None
        and _classes(char) == _classes(lower)
    )


def _classes(char: str) -> tuple[bool, bool, bool]:
    r"""Whether ``char`` is in ``re``'s ``\w``, ``\d`` and ``\s``."""
    return char.isalnum() or char == "_", char.isdecimal(), char.isspace()


def _compile_folded(source: str) -> re.Pattern[str]:
    """``source`` compiled for lower-cased text: case-sensitive when it is ``_case_free``,
    else with IGNORECASE (exact too, only slower)."""
    return re.compile(source, 0 if _case_free(source) else re.IGNORECASE)


def _case_free(source: str) -> bool:
    """Whether a regex ``source`` names no upper-case or other cased non-ASCII character, so
    that matching it case-sensitively on lower-cased text is matching it with IGNORECASE."""
    bare = _CASE_NEUTRAL.sub("", source)
    if _CASE_RISKY.search(bare) is not None:
        return False
    return all(char.lower() == char.upper() for char in bare if not char.isascii())


def _core_span(match: re.Match[str]) -> tuple[int, int]:
    """Where the number itself is: without comparator, unit or suffix (which may overlap a
    neighbouring date, as "in" does in "£1.2bn in 2019-20")."""
    start = match.end("prefix") if match.group("prefix") else match.start()
    ends = [match.start(g) for g in ("presuffix", "unit", "suffix") if match.group(g)]
    return start, min(ends, default=match.end())


class _SpanSet:
    """Spans that answer "does any of you overlap this span?" in O(log n).

    ``find`` asks once per match; a linear scan made long texts quadratic.  Spans are
    sorted by start with the running maximum of their ends: the spans starting before
    ``end`` overlap ``(start, end)`` iff the furthest of their ends lies after ``start``.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``start < e`` and ``s < end``."""
        before = bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start


def _original_group(text: str, match: re.Match[str], name: str) -> str | None:
    """``match.group(name)`` read from ``text``: the match may have run on its lower-cased
    copy, and some checks need the original case ("3 may apply" is not a date)."""
    start, end = match.span(name)
    return None if start < 0 else text[start:end]


def _standalone(text: str, match: re.Match[str], group: str) -> bool:
    """False for numbers glued to letters or slashes ("COVID-19", "A1", ids in URLs)."""
    first = match.start(group)
    before = text[first - 1] if first > 0 else " "
    signed = before in "-\u2212" and (first < 2 or not text[first - 2].isalnum())
    if before.isalnum() or (before in "/_#-." and not signed):
        return False  # "-15" after a space is a negative amount, "COVID-19" a label
    last = match.end(group)
    for scale in ("lowscale", "nscale", "mscale"):
        if scale in match.re.groupindex and match.group(scale) and match.start(scale) == last:
            last = match.end(scale)
    after = text[last] if last < len(text) else " "
    return not ((after.isalpha() and not match.group("unit")) or after in "/_")


@cache
def default_recogniser() -> QuantityRecogniser:
    """The recogniser built from the shipped lexicon (compiled once per process)."""
    return QuantityRecogniser()


def find_quantities(text: str) -> tuple[list[QuantityMention], list[DateMention]]:
    """Every amount and date in ``text`` (see the module docstring for the forms)."""
    return default_recogniser().find(text)
