"""Quantities and dates: pure normalisation functions and a regex recogniser.

``find_quantities(text)`` returns every amount (``QuantityMention``) and every date or period
(``DateMention``) in a text, with exact offsets.  Amounts are normalised into
``records.Quantity`` (value or low..high, unit, comparator):

- numbers in digits ("1,200", "2.5") or words ("six", "twenty-five", "two hundred");
  fractions ("two thirds", "a quarter", "half") and ratios ("one in five") become per cent;
- percentages ("90%", "90 per cent", "ninety percent"), money ("£22 million" -> 22000000 GBP,
  "£1.2bn", "$5m"), durations (unit ``day``/``week``/``month``/``year``/``hour``/``minute``),
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

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
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
    "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip
"""Fraction words: "two thirds" is 2 x 1/3, expressed as a percentage."""

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)


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
    tokens = [t for t in re.split(r"[\s-]+", words.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for token in tokens:
        if token in ("a", "an") and not seen:
            current = 1
            continue
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
    return value * SUFFIX_SCALES.get(scale.strip().lower(), 1.0)


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


class QuantityRecogniser:
    """Finds amounts and dates in a text.  Built once; holds only compiled patterns."""

    def __init__(self, lexicon: dict[str, Any] | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self._compile()

    def _compile(self) -> None:
        lex = self.lexicon
        number_words = sorted([*UNITS, *SCALES], key=len, reverse=True)
        word = r"(?:" + "|".join(number_words) + r")"
        words = rf"(?:(?:an?\s+)?{word}(?:(?:[\s-]+|\s+and\s+){word})*)"
        digits = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        number = rf"(?:{digits}|{words})"
        prefixes = sorted(
            (p for items in lex["comparators"]["items"].values() for p in items),
            key=len,
            reverse=True,
        )
        prefix = r"(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in prefixes) + r")"
        percent = r"(?:\s*%|\s*per\s*cent\b|\s*percent\b|\s+percentage\s+points?\b)"
        currency = r"(?:£|\$|€|GBP\s?|USD\s?|EUR\s?)"
        scale = r"(?:\s*(?:thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b)"
        durations = sorted(lex["durations"], key=len, reverse=True)
        duration = r"(?:" + "|".join(durations) + r")\b"
        fraction = r"(?:" + "|".join(sorted(FRACTIONS, key=len, reverse=True)) + r")"
        unit_part = (
            r"(?P<presuffix>\s+or\s+(?:more|fewer|less|over|above)\b)?"
            rf"(?P<unit>{percent}|(?P<uscale>{scale})?\s*(?:pounds\b|(?:pounds\s+)?sterling\b)"
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
        self._range = re.compile(
            rf"(?P<prefix>\b{prefix}\s+)?(?P<between>\bbetween\s+|\bfrom\s+)?"
            rf"(?P<cur1>{currency})?(?P<low>{number})(?P<lowscale>{scale})?(?P<lowpct>{percent})?"
            rf"\s*(?P<conn>-|–|—|\bto\b|\band\b)\s*(?P<cur2>{currency})?"
            rf"(?P<high>{number})(?P<highscale>{scale})?" + unit_part + suffix,
            re.IGNORECASE,
        )
        self._amount = re.compile(
            rf"(?P<prefix>\b{prefix}\s+)?"
            rf"(?:"
            rf"(?:(?P<fnum>\b(?:an?|one|two|three|four|five|six|seven|eight|nine)|\d+)[\s-]+)?"
            rf"(?P<fden>\b{fraction})\b"
            rf"|(?P<rnum>\b{number})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<rden>{number})\b"
            rf"|(?P<cur>{currency})(?P<money>{digits}|{words})(?P<mscale>{scale})?"
            rf"|(?P<num>{number})(?P<nscale>{word_scale})?"
            rf")" + unit_part + suffix,
            re.IGNORECASE,
        )
        self._duration_unit = re.compile(rf"({duration})", re.IGNORECASE)
        prepositions = (
            r"since|from|after|starting(?:\s+(?:in|on|from))?|beginning(?:\s+(?:in|on))?"
            r"|by(?:\s+the\s+end\s+of)?|before|until|till|in|during|on|of|as\s+of"
        )
        weekday = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        ordinal = r"\d{1,2}(?:st|nd|rd|th)?"
        day_month = rf"(?:{ordinal}\s+(?:of\s+)?(?:{MONTHS})\b\.?|(?:{MONTHS})\.?\s+{ordinal}\b,?)"
        self._date = re.compile(
            rf"(?:\b(?P<prep>{prepositions})\s+(?:the\s+)?"
            rf"(?:(?:spring|summer|autumn|winter|end|start|beginning|middle)\s+(?:of\s+)?)?)?"
            rf"(?:{weekday},?\s+)?"
            rf"(?:"
            rf"(?:(?:{day_month})\s+|(?:{MONTHS})\.?\s+)?"
            rf"(?P<year>(?<![\w£$€.,/-])(?:1[89]|20)\d{{2}})"
            rf"(?:(?P<fy>[-–/])(?P<fyend>\d{{2}}|(?:1[89]|20)\d{{2}})(?![\d%]))?"
            rf"(?![\w%]|\.\d|,\d)"
            rf"|(?<![\w£$€.,/-])(?P<daymonth>{day_month})(?![\w%])"
            rf"|(?<=\s)(?P<weekdayday>{weekday},?\s+{ordinal})\b(?![%])"
            rf"|(?<=\s)(?P<numeric>\d{{1,2}}/\d{{1,2}}(?:/(?:\d{{4}}|\d{{2}}))?)(?![\w/%])"
            rf")",
            re.IGNORECASE,
        )
        anchor_words = sorted([*UNITS, *SCALES, *FRACTIONS], key=len, reverse=True)
        self._anchor = re.compile(
            r"\d|[£$€]|\b(?:" + "|".join(anchor_words) + r")\b", re.IGNORECASE
        )
        self._label = re.compile(lex["labels"]["pattern"], re.IGNORECASE)
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

    def find(self, text: str) -> tuple[list[QuantityMention], list[DateMention]]:
        """Every amount and every date in ``text``, each list in text order."""
        regions = self._regions(text)
        dates = self._find_dates(text, regions)
        blocked = [(d.start, d.end) for d in dates]
        blocked.extend((m.start(), m.end()) for m in _finditer_in(self._label, text, regions))
        amounts: list[QuantityMention] = []
        for match in _finditer_in(self._range, text, regions):
            if _overlaps(match.start("low"), match.end("high"), blocked):
                continue
            if match.group("conn").lower() == "and" and not match.group("between"):
                continue
            if not _standalone(text, match, "low"):
                continue
            mention = self._mention(text, match, self._normalise_range(text, match))
            if mention is not None:
                amounts.append(mention)
        blocked.extend((m.start, m.end) for m in amounts)
        for match in _finditer_in(self._amount, text, regions):
            core = "num" if match.group("num") else None
            core_start, core_end = _core_span(match)
            if _overlaps(core_start, core_end, blocked):
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
        return self._find_dates(text, self._regions(text))

    def _regions(self, text: str) -> list[tuple[int, int]]:
        """Stretches of ``text`` around every digit, currency sign or number word.

        Every amount and date contains one of these anchors, so the (slow, many-branched)
        patterns only need to run near them; prose without numbers is skipped.
        """
        regions: list[tuple[int, int]] = []
        for anchor in self._anchor.finditer(text):
            start = max(0, anchor.start() - _BEFORE_ANCHOR)
            end = min(len(text), anchor.end() + _AFTER_ANCHOR)
            if regions and start <= regions[-1][1]:
                regions[-1] = (regions[-1][0], end)
            else:
                regions.append((start, end))
        return regions

    def _find_dates(self, text: str, regions: list[tuple[int, int]]) -> list[DateMention]:
        found: list[DateMention] = []
        for match in _finditer_in(self._date, text, regions):
            prep = match.group("prep").lower().split()[0] if match.group("prep") else ""
            if match.group("numeric") and not prep:
                continue
            if not match.group("year"):
                partial = match.group("daymonth") or match.group("weekdayday") or ""
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
        money = bool(g("cur1") or g("cur2"))
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
        money = bool(g("cur"))
        unit = self._unit((g("unit") or "").strip(), g("noun"), money=money)
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
            if value is None or ((numerator or "").isdigit() and not g("fden").endswith("s")):
                return None
            return Quantity(value, "%", comparator)
        if g("rnum") is not None:
            value = parse_ratio(g("rnum"), g("rden"))
            return None if value is None else Quantity(value, "%", comparator)
        if g("money") is not None:
            value = parse_money(g("money"), g("mscale") or g("uscale") or "")
            return None if value is None else Quantity(value, "GBP", comparator)
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

    def _unit(self, unit_text: str, noun: str | None, *, money: bool) -> str:
        lowered = re.sub(r"\s+", " ", unit_text.lower())
        if money or "pound" in lowered or "sterling" in lowered:
            return "GBP"
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


def _finditer_in(
    pattern: re.Pattern[str], text: str, regions: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` restricted to ``regions`` (lookbehinds still see the whole text)."""
    for start, end in regions:
        yield from pattern.finditer(text, start, end)


def _core_span(match: re.Match[str]) -> tuple[int, int]:
    """Where the number itself is: without comparator, unit or suffix (which may overlap a
    neighbouring date, as "in" does in "£1.2bn in 2019-20")."""
    start = match.end("prefix") if match.group("prefix") else match.start()
    ends = [match.start(g) for g in ("presuffix", "unit", "suffix") if match.group(g)]
    return start, min(ends, default=match.end())


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def _standalone(text: str, match: re.Match[str], group: str) -> bool:
    """False for numbers glued to letters or slashes ("COVID-19", "A1", ids in URLs)."""
    first = match.start(group)
    before = text[first - 1] if first > 0 else " "
    if before.isalnum() or before in "/_#-.":
        return False
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
