"""What a sentence says, read from its words and its claims: figures, time expressions,
negation, refusal, commitment.  The rules ask these questions of both sides of a pair.

Each signal looks at the sentence text as well as the extractor's claims, so a rule still
works when the extractor missed a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textcheck.compare.alignment import Unit
from textcheck.compare.cues import Cues
from textcheck.records import ClaimKind, Modality, Polarity

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|hundred|hundreds|thousand|thousands|million|millions|billion|half|"
    "quarter|third|dozen"
)
_UNITS = (
    r"%|per ?cent|percent|pounds?|days?|weeks?|months?|years?|hours?|minutes?|people|"
    r"staff|claimants?|individuals|cases|places|jobs|schools|million|billion|bn|m\b"
)
FIGURE = re.compile(
    rf"£\s?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?(?:million|billion|bn|m)\b)?"
    rf"|\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:\s?(?:{_UNITS}))?"
    rf"|\b\d+(?:\.\d+)?(?:\s?(?:{_UNITS}))?"
    rf"|\b(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))*\s(?:{_UNITS})"
    r"|\b(?:just|only|exactly) once\b|\bonce an? (?:day|week|month|year)\b|\btwice\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$", re.IGNORECASE)
_URL = re.compile(r"\S*(?:www\.|https?://|\.gov\.uk|\.com)\S*")
CLAIM_KINDS = frozenset(ClaimKind) - {ClaimKind.OTHER}
MIN_CLAIM_WORDS = 5
"""A sentence shorter than this (a sign-off, a heading) is not treated as a claim."""


@dataclass(frozen=True)
class Figure:
    """A number with its unit as written, and where it is."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """The figure folded for comparison ("90 %" and "90%" agree)."""
        return (
            re.sub(r"[\s,]", "", self.text.lower()).replace("percent", "%").replace("per cent", "%")
        )

    @property
    def scaled_key(self) -> str:
        """The key with its scale word shortened (see ``scaled``)."""
        return scaled(self.key)


def scaled(key: str) -> str:
    """A figure key with its scale word shortened ("£100million" and "£100m" agree), so a
    counter-statement that repeats the response's figure ("out of the £100 million, £65
    million ...") is read as giving a part of it, not another value."""
    return key.replace("million", "m").replace("billion", "bn")


def _in_date(text: str, start: int, end: int) -> bool:
    """True for the day of a date ("31 March 2022", "March 31, 2022", "9th October")."""
    return bool(_MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(text[:start]))


_NAMED_NUMBER = re.compile(r"\w[\s,]+[A-Z][A-Za-z]*[ -]$")
"""A capitalised word just before a bare number, not at the sentence start: the number is
part of a name ("Covid 19", "COVID-19", "Article 8", "Section 28"), not a figure."""


_LABEL_BEFORE = re.compile(
    r"\b(?:vol|c|col|cols|no|nos|p|pp|para|paragraph|paras|section|clause|article|annex|"
    r"chapter|page|table|question|schedule|part|regulation|rule|item|hl|hc|uin)\.?\s*$",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d\d[-/–]$")


def figures(unit: Unit) -> list[Figure]:
    """Figures of the sentence (years, numbers inside URLs and numbers that are part of a
    name are not figures)."""
    text = _URL.sub(lambda m: " " * len(m.group()), unit.text)
    found = []
    for match in FIGURE.finditer(text):
        value = match.group().strip()
        if _YEAR.match(value) or not value or _in_date(text, match.start(), match.end()):
            continue
        if value.isdigit() and _LABEL_BEFORE.search(text[: match.start()]):
            continue  # a reference: "Vol. 707, c. 997", "No. 5", "paragraph 12"
        if value.isdigit() and _YEAR_RANGE.search(text[: match.start()]):
            continue  # the second year of "2014-15", "2019/20"
        if value.isdigit() and _NAMED_NUMBER.search(
            text[: match.start() + match.group().index(value)]
        ):
            continue
        start = unit.sentence.start + match.start()
        found.append(Figure(value, start, start + len(value)))
    return found


_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b(?:\s+(?:19|20)\d\d\b)?"
    rf"|\b(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d\d\b)?"
    rf"|\b(?:{_MONTH_NAMES})(?:\s+(?:19|20)\d\d)?\b"
    r"|\b(?:19|20)\d\d\b"
)
"""A date as written: day and month ("3 January", "6th Jan", "January 23rd"), a month
("in April"), or a year.  Month names must be capitalised, so the modal "may" is not May."""


_BARE_MAY = re.compile(r"^May$")
_MONTH_CONTEXT = re.compile(r"\b(?:in|by|from|since|until|till|of|early|late|mid|before|after)\s+$")


def dates(unit: Unit) -> list[str]:
    """Dates of the sentence as written (see ``DATE``), outside URLs; a bare "May" counts
    only after a preposition ("in May"), not as a name ("Theresa May")."""
    text = _URL.sub(lambda m: " " * len(m.group()), unit.text)
    return [
        m.group()
        for m in DATE.finditer(text)
        if not _BARE_MAY.match(m.group()) or _MONTH_CONTEXT.search(text[: m.start()])
    ]


def times(unit: Unit, cues: Cues) -> list[str]:
    """Time expressions of the sentence, folded ("since 2016", "now")."""
    return sorted({m.group().lower() for m in cues.temporal.finditer(unit.text)})


def is_negated(unit: Unit, cues: Cues) -> bool:
    """True when the sentence negates (a negation word, or a claim marked negative)."""
    if any(c.polarity == Polarity.NEGATIVE for c in unit.sentence.claims):
        return True
    return any(t.stem in cues.negations or t.stem.endswith("n't") for t in unit.tokens)


def negation_positions(unit: Unit, cues: Cues) -> list[int]:
    """Word positions of negation words in the sentence."""
    word_tokens = [t for t in unit.tokens if t.is_word]
    return [
        i for i, t in enumerate(word_tokens) if t.stem in cues.negations or t.stem.endswith("n't")
    ]


def is_procedural(unit: Unit, cues: Cues) -> bool:
    """True for notes about the response rather than claims in it ("This is a revised
    response", "(part 1 of 2)")."""
    return bool(cues.procedural.search(unit.text.strip()))


def is_commitment(unit: Unit, cues: Cues) -> bool:
    """True when the sentence promises or commits (claim modality or a commitment cue)."""
    if any(
        c.kind == ClaimKind.COMMITMENT or c.modality == Modality.COMMITTED
        for c in unit.sentence.claims
    ):
        return True
    return bool(cues.commitment.search(unit.text))


def claim_category(unit: Unit, cues: Cues) -> str | None:
    """What kind of claim the sentence carries, strongest first: ``figure``, ``commitment``,
    ``timeline``, ``assurance``, ``claim`` (an extracted claim of another kind), ``hedged
    claim`` (a weak modal or a discretionary power: "could cover", "can direct"), ``action``
    (something done), or ``None`` for a sentence that carries no claim."""
    word_count = sum(1 for t in unit.tokens if t.is_word)
    if word_count < MIN_CLAIM_WORDS or is_procedural(unit, cues):
        return None
    kinds = {c.kind for c in unit.sentence.claims}
    if figures(unit) or kinds & {
        ClaimKind.TARGET,
        ClaimKind.AUDIT_RATE,
        ClaimKind.SATISFACTION,
        ClaimKind.WAITING_TIME,
        ClaimKind.QUANTITY,
    }:
        return "figure"
    if is_commitment(unit, cues):
        return "commitment"
    if times(unit, cues) or ClaimKind.TIMELINE in kinds:
        return "timeline"
    if cues.assurance.search(unit.text) or ClaimKind.ASSURANCE in kinds:
        return "assurance"
    if kinds & CLAIM_KINDS:
        return "claim"
    if cues.hedges.search(unit.text):
        return "hedged claim"
    lowered = unit.text.lower()
    if any(action in lowered for action in cues.actions):
        return "action"
    return None
