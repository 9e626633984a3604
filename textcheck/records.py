"""Frozen records and enums that every layer of textcheck shares.

Standard library only: sources, nlp, compare, store and render all speak in these types, so
none of them needs to import another layer to exchange data.  The enum values are the
contract strings of DESIGN.md section 3 (JSON schemas and closed lists of kinds).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

MAX_TEXT_CHARS = 2_000_000
"""Longest text read (about 300 pages); a longer one is refused with an ``InputError``
(``nlp.pipeline`` for every document, ``sources.articles`` before it builds an HTML tree)."""
MAX_INPUT_BYTES = 10_000_000
"""Largest input read, in bytes, checked before anything is parsed (files, standard input,
HTML handed to the article parser).  The longest text, ``MAX_TEXT_CHARS`` characters, is at
most 8,000,000 bytes in UTF-8 (4 bytes a character at worst) or UTF-16; 2,000,000 more leave
room for a web page's markup.  Real article pages are 50 kB to 2 MB."""
MAX_PETITION_ID = 2**53
"""Largest petition id accepted: ids are 1 to 2**53, the integers every JSON reader (and
SQLite's INTEGER) holds exactly; the petitions sites' ids are six digits."""


def sha256_text(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8 (the content key of a version)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VersionKind(StrEnum):
    """Which version of a government response a text is (``textcheck.petition/1``)."""

    ORIGINAL = "original"
    REVISED = "revised"
    CURRENT = "current"


class Role(StrEnum):
    """The part a document plays in a comparison (``textcheck.compare/1`` documents)."""

    ORIGINAL = "original"
    REVISED = "revised"
    STATEMENT = "statement"
    AGAINST = "against"
    PETITION = "petition"


class ClaimKind(StrEnum):
    """Closed list of claim kinds (DESIGN.md 3.4)."""

    TARGET = "target"
    AUDIT_RATE = "audit_rate"
    SATISFACTION = "satisfaction"
    WAITING_TIME = "waiting_time"
    QUANTITY = "quantity"
    TIMELINE = "timeline"
    COMMITMENT = "commitment"
    REFUSAL = "refusal"
    DENIAL = "denial"
    ASSURANCE = "assurance"
    CAUSATION = "causation"
    PREDICTION = "prediction"
    OTHER = "other"


class Comparator(StrEnum):
    """How a quantity bounds the true value (DESIGN.md 3.4 ``comparator``)."""

    EQ = "="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    APPROX = "~"
    RANGE = "range"


class Polarity(StrEnum):
    """Whether a claim asserts or negates its predicate."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Modality(StrEnum):
    """How firmly a claim is put: stated as fact, promised, hedged or made conditional."""

    ASSERTED = "asserted"
    COMMITTED = "committed"
    HEDGED = "hedged"
    CONDITIONAL = "conditional"


class FindingKind(StrEnum):
    """Closed list of finding kinds (DESIGN.md 3.3)."""

    CLAIM_DROPPED = "claim_dropped"
    CLAIM_ADDED = "claim_added"
    SOFTENED = "softened"
    STRENGTHENED = "strengthened"
    FIGURE_CHANGED = "figure_changed"
    TIMING_CHANGED = "timing_changed"
    SCOPE_CHANGED = "scope_changed"
    REFUSAL_ADDED = "refusal_added"
    REQUEST_UNADDRESSED = "request_unaddressed"
    CONTRADICTION = "contradiction"
    DENIAL = "denial"
    INTERNAL_TENSION = "internal_tension"
    UNVERIFIABLE = "unverifiable"
    MOVED = "moved"
    REWORDED = "reworded"


class Severity(StrEnum):
    """How much a finding matters to a reader; findings are ordered high to low."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Sort key: 0 for high, 2 for low."""
        return {"high": 0, "medium": 1, "low": 2}[self.value]


class ChangeKind(StrEnum):
    """What ``textcheck scan`` saw happen to a petition's response (DESIGN.md 3.5)."""

    NEW = "new"
    REVISED = "revised"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ResponseVersion:
    """One version of a government response, as read from one source.

    ``text`` is what is compared: the summary (when there is one) followed by the details,
    paragraphs separated by a blank line.  ``sha256`` is the hash of ``text``.
    """

    version: VersionKind
    responded_on: str | None
    summary: str
    details: str
    text: str
    sha256: str
    source: str

    @classmethod
    def build(
        cls,
        version: VersionKind,
        *,
        responded_on: str | None,
        summary: str,
        details: str,
        source: str,
    ) -> ResponseVersion:
        """Make a version whose ``text`` and ``sha256`` are derived from summary and details."""
        text = "\n\n".join(part for part in (summary.strip(), details.strip()) if part)
        return cls(version, responded_on, summary, details, text, sha256_text(text), source)

    def same_response(self, other: ResponseVersion) -> bool:
        """True when both are one response read two ways, though their hashes differ.

        When the site revises a response in place it keeps the earlier text as an "Original
        Government response" email, which textcheck reassembles: that copy may lack the
        summary and ends with the staff's trailer ("This response was given on 20 June
        2019. ...").  So the earlier ``current`` text and its reassembled copy are the same
        version when their paragraphs agree once the trailer is set aside and the summary
        is allowed to be missing (case, spacing and quote marks folded).
        """
        if self.sha256 == other.sha256:
            return True
        for copy, full in ((self, other), (other, self)):
            # Only a copy reassembled from the kept email (an original without a summary)
            # stands for another text: two versions the site showed are never merged, so a
            # revision of the summary alone stays a revision.
            if copy.version != VersionKind.ORIGINAL or copy.summary.strip():
                continue
            kept = _paragraphs(copy.text)
            if kept and kept in {_paragraphs(full.text), _paragraphs(full.details)}:
                return True
        return False


RESPONSE_GIVEN_ON = re.compile(
    r"this\s+response\s+was\s+given\s+on\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.IGNORECASE
)
"""The trailer petitions staff append to a kept original response ("This response was given
on 20 June 2019."); its date is the original's date (``sources.petitions``)."""
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _fold_paragraph(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def _paragraphs(text: str) -> tuple[str, ...]:
    """The folded paragraphs of ``text``, the kept-response trailer and what follows it cut."""
    paragraphs = [p for p in (_fold_paragraph(x) for x in text.split("\n\n")) if p]
    for index, paragraph in enumerate(paragraphs):
        trailer = RESPONSE_GIVEN_ON.search(paragraph)
        if trailer:
            kept = paragraph[: trailer.start()].strip()
            return (*paragraphs[:index], *([kept] if kept else []))
    return tuple(paragraphs)


@dataclass(frozen=True)
class RelatedActivity:
    """One "related activity" entry (a petition email): where original responses are kept."""

    subject: str
    body: str
    occurred_on: str | None = None
    created_at: str | None = None


@dataclass(frozen=True)
class Petition:
    """A petition with every known version of its government response, oldest first."""

    id: int
    url: str
    action: str
    background: str = ""
    additional_details: str = ""
    state: str = ""
    signature_count: int = 0
    parliament: str | None = None
    responses: tuple[ResponseVersion, ...] = ()
    updated_at: str | None = None
    government_response_at: str | None = None
    related_activity: tuple[RelatedActivity, ...] = ()

    @property
    def request_text(self) -> str:
        """The petition's own words: action, background and additional details."""
        parts = (self.action, self.background, self.additional_details)
        return "\n\n".join(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class PetitionPage:
    """One page of a petitions list: the petitions on it and the next page's URL, if any."""

    petitions: tuple[Petition, ...]
    next_url: str | None
    self_url: str = ""


@dataclass(frozen=True)
class Document:
    """A text in a comparison, with where it came from.  Evidence offsets index ``text``."""

    role: Role
    label: str
    source: str
    text: str
    sha256: str
    date: str | None = None
    truncated: bool = False

    @classmethod
    def build(
        cls,
        role: Role,
        text: str,
        *,
        label: str,
        source: str,
        date: str | None = None,
        truncated: bool = False,
    ) -> Document:
        """Make a document whose ``sha256`` is derived from ``text``."""
        return cls(role, label, source, text, sha256_text(text), date, truncated)


@dataclass(frozen=True)
class Quantity:
    """A normalised amount: ``value`` (or ``low``..``high`` for a range), unit, comparator."""

    value: float | None
    unit: str
    comparator: Comparator = Comparator.EQ
    low: float | None = None
    high: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Claim:
    """A check-worthy statement found in a document.

    ``start``/``end`` locate ``quote`` in the document text (``text[start:end] == quote``);
    ``sentence_start``/``sentence_end`` locate the whole sentence.  ``strength`` is the rung
    of the commitment/assurance ladder (0 when the claim has no such verb).
    """

    id: str
    role: Role
    kind: ClaimKind
    sentence: str
    quote: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    checkworthiness: float = 0.0
    quantity: Quantity | None = None
    subject: str = ""
    polarity: Polarity = Polarity.POSITIVE
    modality: Modality = Modality.ASSERTED
    strength: int = 0
    cue: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document with its check-worthiness score and the claims in it."""

    role: Role
    text: str
    start: int
    end: int
    checkworthiness: float = 0.0
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """An exact quote from one document: ``quote == document.text[start:end]``."""

    role: Role
    quote: str
    start: int
    end: int


def find_quoted_document(documents: Sequence[Document], evidence: Evidence) -> Document | None:
    """The document ``evidence`` quotes: the first of its role whose text holds the quote at
    its offsets, else the first of its role, else None."""
    same_role = [doc for doc in documents if doc.role == evidence.role]
    for doc in same_role:
        if doc.text[evidence.start : evidence.end] == evidence.quote:
            return doc
    return same_role[0] if same_role else None


@dataclass(frozen=True)
class Finding:
    """One thing a comparison found, with its evidence and the rule that found it."""

    id: str
    kind: FindingKind
    severity: Severity
    score: float
    summary: str
    evidence: tuple[Evidence, ...]
    rule: str
    review_status: str | None = None
    key: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Review:
    """A reviewer's verdict on a finding, keyed by the finding's stable ``key``.

    ``status`` is ``confirmed`` or ``dismissed``; a dismissed finding stops alerting.
    """

    key: str
    status: str
    note: str = ""
    reviewed_at: str = ""


@dataclass(frozen=True)
class Comparison:
    """The result of ``compare``: the documents read and what was found between them."""

    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Article:
    """The main text of a web page or file, with what the page says about itself."""

    text: str
    source: str
    title: str = ""
    date: str | None = None
    canonical_url: str | None = None
    content_type: str = "text/plain"


@dataclass(frozen=True)
class FetchRecord:
    """One HTTP exchange as stored: what was asked, what came back, and its validators.

    ``not_modified`` is true when the server answered 304 and ``body`` is the stored body
    that the 304 confirmed.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        """The ``ETag`` validator, if the server sent one."""
        return _header(self.headers, "etag")

    @property
    def last_modified(self) -> str | None:
        """The ``Last-Modified`` validator, if the server sent one."""
        return _header(self.headers, "last-modified")


def _header(headers: dict[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def number_claims(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Give claims the ids C1, C2, ... in sentence order, as every claims output shows them."""
    counter = 0
    numbered = []
    for sentence in sentences:
        if not sentence.claims:
            numbered.append(sentence)  # nothing to number (most sentences): no copy
            continue
        claims = []
        for claim in sentence.claims:
            counter += 1
            claims.append(replace(claim, id=f"C{counter}"))
        numbered.append(replace(sentence, claims=tuple(claims)))
    return numbered
