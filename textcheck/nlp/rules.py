"""Claim rules: one sentence (with its amounts and dates) in, claim drafts out.

The rules are code; the words they look for are data (``data/cues.json``, each list with its
source).  For each sentence:

1. page furniture ("This petition ran for 6 months", "(part 1 of 2)") gives no claims;
2. a refusal formula ("do not believe ... is necessary", "cannot commit to", "no plans to")
   makes the whole sentence a ``refusal``; so does "will not" when its subject is a committer
   (we, the Government, a department) and it is not inside a relative clause;
3. the sentence is cut into clauses (at ``;``, ``:``, dashes and before "which", "while",
   "but", ...); in each clause:
   - every amount becomes a figure claim whose kind comes from the clause's cues
     (``satisfaction``, ``audit_rate``, ``waiting_time`` for durations, ``target``, else
     ``quantity``);
   - every date governed by a timeline preposition ("since 2016", "from 2021"), and a day
     after "on" ("published on 3 March"), is a ``timeline``;
   - a target word without a figure is a ``target`` ("challenging targets"; not the verb:
     "the fund targets the areas ...");
   - clausal negation outside a refusal ("does not have targets", "never changed") or a
     denial verb ("denies") is a ``denial`` (a negated assertion), unless the clause is
     hedged or conditional ("may ... if ... not"), the negation is inside a relative clause,
     or it negates a judgement ("is not acceptable": the ``evaluations`` cue list);
   - a commitment cue ("committed to", "trialling"; a bare "will" only with a committer as
     subject) is a ``commitment``, else an assurance cue or ladder verb ("robust", "audit",
     "ensures") an ``assurance`` (at most one of each per sentence: the strongest);
   - causal connectives give ``causation``, forecasting verbs ``prediction``.

Before the rules run, one scan of the sentence for the literal words of every cue list
(``prefilter.CueScreen``) tells which lists can match in it; the others are not searched, which
is most of them, and a sentence with no figure, no date and no list that makes a claim
(``ClaimRules.DRAFTING``) is not read further (the output is the same, only faster).

Every draft carries polarity (negative when a negation cue is in its clause), modality
(conditional > hedged > committed > asserted) and strength (the rung of the
guarantee > ensure > drive > support > encourage ladder, +1 for an intensifier such as
"strongly", -1 for a downtoner such as "aim to").
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from textcheck.nlp.prefilter import CueScreen, compile_guarded, fold
from textcheck.nlp.quantities import DateMention, QuantityMention
from textcheck.records import ClaimKind, Modality, Polarity, Quantity
from textcheck.vocabulary import item_regex, load_shared

_DAY_OF_MONTH = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?!\d)")
"""A date after "on" is a dated event ("published the strategy on 3 March", "introduced on
1 June 2021") when it names a day: "on" before a bare month or year is no timeline."""
_CLAUSE_BREAK = re.compile(
    r"\s*[;:](?!//)\s*"
    r"|\s+[-–—]\s+"
    r"|,\s+(?=(?:which|where|above\s+which|below\s+which|while|whilst|but|although|though"
    r"|whereas|however|so\s+that|ensuring|providing|including|if|unless)\b)"
    r"|\s+(?=(?:but|whereas|whilst)\b)",
    re.IGNORECASE,
)
_TARGET_SUBJECT = compile_guarded(
    r"\bset\s+(?:our\s+|the\s+|their\s+)?(?P<subject>[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,5}?)"
    r"\s+(?:an?\s+)?(?:\w+\s+)?targets?\b"
)
_FRAME = re.compile(
    r"^(?:(?:I|we)\s+(?:am|are)\s+(?:pleased|happy|able)\s+to\s+(?:confirm|report|say|announce)"
    r"|(?:I|we)\s+can\s+confirm)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:as\s+such|therefore|however|in\s+addition|in\s+fact|furthermore|moreover|also"
    r"|naturally|indeed|since\s+\d{4}|in\s+\d{4})\s*,\s*"
    r"|(?:in|as|while|whilst|although|though|since|following|after|before|through|with|given"
    r"|despite|because|when|if|to|for|by|from|under|over|during|at|on)\b[^,]{1,120},\s*)+",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(
    r"^(?:which|who|where|while|whilst|but|although|though|whereas|however|so|ensuring|providing"
    r"|including|if|unless|when|whether|above|below|and|or|[a-z]+ing)\b",
    re.IGNORECASE,
)
_RELATIVE_BEFORE = compile_guarded(
    r"\b(?:which|who|whom|whose)\b(?:\s+\S+){0,2}\s*$", re.IGNORECASE
)
"""Negation inside a relative clause ("a way which does not pose risks") describes, not denies."""
_CONDITIONAL_OPENING = re.compile(r"(?:if|unless|whether)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_EXPLICIT_WAIT = re.compile(r"wait|delay|backlog|queue", re.IGNORECASE)
_OPENING_PUNCTUATION = "“‘\"'([ "
_NAME_LINE = re.compile(
    r"^[A-Z][\w’'&-]*(?:\s+(?:[A-Z][\w’'&-]*|of|for|and|the|in|on|to|&)){0,7}\.?$"
)
"""A line that is only a name in title case ("Department for Work and Pensions.", "HM
Treasury"): the sign-off or heading of a response (GOV.UK responses end with the department's
name on a line of its own).  No verb, no figure, so nothing to check."""
_WORD = re.compile(r"[\w’'&.-]+")
_DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "fortnight", "month"})


@dataclass(frozen=True)
class ClaimDraft:
    """A claim found by the rules: offsets index the whole document text."""

    kind: ClaimKind
    start: int
    end: int
    quantity: Quantity | None
    subject: str
    polarity: Polarity
    modality: Modality
    strength: int
    cue: str


@cache
def load_cues() -> dict[str, Any]:
    """The cue lists shipped in ``textcheck/nlp/data/cues.json`` and the lists shared with
    the comparer (``textcheck/data/vocabulary.json``: ladder, refusals, committers)."""
    path = resources.files("textcheck.nlp").joinpath("data/cues.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data.update(load_shared())  # the ladder and refusals the comparer reads too
    return data


def compile_cues(items: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for a cue list (``re:`` entries are regexes, others phrases).

    A list with no entries compiles to a pattern that never matches.  The pattern is
    ``compile_guarded``: same matches, searched faster.
    """
    parts = [f"(?:{item_regex(item)})" for item in items]
    return compile_guarded("|".join(parts) if parts else r"(?!)", re.IGNORECASE)


class ClaimRules:
    """The claim rules compiled from a cue dictionary (``load_cues()`` by default)."""

    LISTS = (
        "furniture", "refusal", "negation", "denial_verbs", "target", "satisfaction", "audit",
        "waiting", "commitment", "bare_commitment", "bare_refusal", "committers", "assurance",
        "causation", "prediction", "request",
    )  # fmt: skip
    DRAFTING = frozenset({
        "refusal", "bare_refusal", "negation", "denial_verbs", "target", "commitment",
        "bare_commitment", "assurance", "ladder", "causation", "prediction",
    })  # fmt: skip
    """The screened patterns whose match alone can make a draft (besides an amount or a date);
    the others only qualify drafts (kind, modality, clauses, subject)."""

    def __init__(self, cues: dict[str, Any] | None = None) -> None:
        self.cues = cues if cues is not None else load_cues()
        self._patterns = {name: compile_cues(self.cues[name]["items"]) for name in self.LISTS}
        modality = self.cues["modality"]
        self._modality = [
            (level, f"modality.{level}", compile_cues(modality[level]))
            for level in (Modality.CONDITIONAL, Modality.HEDGED, Modality.COMMITTED)
        ]
        ladder = self.cues["ladder"]
        self._rungs: dict[str, int] = {}
        for rung in ladder["rungs"].values():
            for form in rung["forms"]:
                self._rungs[form] = int(rung["strength"])
        ladder_forms = sorted(self._rungs, key=len, reverse=True)
        self._ladder = compile_guarded(
            r"\b(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ladder_forms) + r")\b"
        )
        self._intensifier = compile_guarded(
            r"\b(?:" + "|".join(map(re.escape, ladder["intensifiers"])) + r")\s+$", re.IGNORECASE
        )
        self._downtoner = compile_cues(ladder["downtoners"])
        self._noun_before = compile_cues([ladder["noun_before"]])
        evaluations = sorted(self.cues["evaluations"]["items"], key=len, reverse=True)
        self._evaluation = re.compile(
            r"\s+(?:be\s+|been\s+)?(?:\w+ly\s+)?(?:"
            + "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in evaluations)
            + r")\b",
            re.IGNORECASE,
        )
        self._timeline = frozenset(self.cues["timeline_prepositions"]["items"])
        self._stops = frozenset(self.cues["subject_stops"]["items"])
        self._determiners = frozenset(self.cues["subject_determiners"]["items"])
        self._features = lru_cache(maxsize=None)(self._clause_features)
        self._screened = self.screened_patterns()
        self._screen = CueScreen(self._screened)

    def screened_patterns(self) -> dict[str, re.Pattern[str]]:
        """The patterns searched in parts of a sentence, which ``CueScreen`` can rule out per
        sentence ("request" is searched alone; "committers" in a subject phrase, not a part;
        "target_subject" is the target setter's object that ``extract_subject`` looks for)."""
        patterns = {
            name: pattern
            for name, pattern in self._patterns.items()
            if name not in ("request", "committers")
        }
        patterns.update({name: pattern for _, name, pattern in self._modality})
        patterns["ladder"] = self._ladder
        patterns["clause_break"] = _CLAUSE_BREAK
        patterns["target_subject"] = _TARGET_SUBJECT
        return patterns

    def is_request(self, sentence: str) -> bool:
        """Whether ``sentence`` asks for something ("Ban adverts ...", "We call on ...")."""
        return bool(self._patterns["request"].search(sentence.strip().lstrip(_OPENING_PUNCTUATION)))

    def is_name_line(self, sentence: str) -> bool:
        """Whether ``sentence`` is only a title-case name: a sign-off or a heading."""
        return bool(_NAME_LINE.match(sentence.strip()))

    def is_furniture(self, sentence: str) -> bool:
        """Whether ``sentence`` is page furniture (status lines, part markers)."""
        return bool(self._patterns["furniture"].search(sentence.strip()))

    def cue_lists(self, sentence: str) -> tuple[str, ...]:
        """Names of the screened cue patterns that match ``sentence``, in a fixed order
        (what the learned kind model reads of the rules' vocabulary)."""
        possible = self._screen.candidates(fold(sentence))
        return tuple(
            name
            for name, pattern in self._screened.items()
            if name in possible and pattern.search(sentence)
        )

    def sentence_draft(self, kind: ClaimKind, text: str, start: int, end: int) -> ClaimDraft:
        """A claim of ``kind`` over the whole sentence ``text[start:end]`` (one the learned
        kind model adds), with the modality, subject and strength the rules read in it."""
        start, end = _strip(text, start, end)
        sentence = text[start:end]
        self._features.cache_clear()
        possible = frozenset(self._screen.candidates(fold(sentence)))
        negative = kind in (ClaimKind.REFUSAL, ClaimKind.DENIAL)
        return self._draft(
            kind,
            text,
            start,
            end,
            "model.kinds",
            self.classify_modality(sentence, possible),
            Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            possible=possible,
        )

    def extract(
        self,
        text: str,
        start: int,
        end: int,
        amounts: Sequence[QuantityMention] = (),
        dates: Sequence[DateMention] = (),
    ) -> list[ClaimDraft]:
        """Claims of the sentence ``text[start:end]``; ``amounts``/``dates`` are in the text."""
        sentence = text[start:end]
        if not sentence.strip():
            return []
        self._features.cache_clear()  # the cache serves one sentence's claims, no more
        # One scan for the literals of every cue list rules out most searches below.
        # Frozen: the per-sentence feature cache (``_features``) takes it as part of its key.
        possible = frozenset(self._screen.candidates(fold(sentence)))
        if self._search("furniture", sentence.strip(), possible):
            return []
        if not self._may_draft(sentence, start, end, amounts, dates, possible):
            return []  # most sentences: no clause-by-clause reading for nothing
        drafts: list[ClaimDraft] = []
        refusal = self._search("refusal", sentence, possible) or self._bare_refusal(
            sentence, possible
        )
        if refusal:
            modality = self.classify_modality(sentence, possible)
            drafts.append(
                self._draft(
                    ClaimKind.REFUSAL,
                    text,
                    start,
                    end,
                    refusal.group(0),
                    modality,
                    Polarity.NEGATIVE,
                    possible=possible,
                )
            )
        clauses = self._clauses(text, start, end, possible)
        first_clause = text[clauses[0][0] : clauses[0][1]] if clauses else ""
        for clause_start, clause_end in clauses:
            drafts.extend(
                self._clause_claims(
                    text,
                    clause_start,
                    clause_end,
                    amounts,
                    dates,
                    in_refusal=refusal is not None,
                    first_clause=first_clause,
                    possible=possible,
                )
            )
        return _merge_per_sentence(
            self._with_sentence_subject(text, drafts, first_clause, possible)
        )

    def _may_draft(
        self,
        sentence: str,
        start: int,
        end: int,
        amounts: Sequence[QuantityMention],
        dates: Sequence[DateMention],
        possible: frozenset[str],
    ) -> bool:
        """Whether the sentence ``sentence`` (at ``start:end``) can have a claim: a figure, a
        date, or a cue that makes one, among its ``CueScreen`` candidates ``possible``."""
        if not self.DRAFTING.isdisjoint(possible):
            return True
        if any(start <= m.start < end for m in amounts) or any(
            start <= d.start < end for d in dates
        ):
            return True
        # A clause opening with 'İ' is searched for ladder verbs whatever the screen says.
        return len(sentence.lower()) != len(sentence)

    def _judges(self, clause: str, after: int) -> bool:
        """Whether the negation ending at ``after`` negates a judgement ("is not acceptable",
        "would not be appropriate"), which denies no fact: a disapproval, not a denial."""
        return bool(self._evaluation.match(clause, after))

    def _search(self, name: str, text: str, possible: frozenset[str]) -> re.Match[str] | None:
        """The first match of cue list ``name`` in ``text``, a part of a sentence whose
        ``CueScreen`` candidates are ``possible`` (no search when ``name`` is not one)."""
        return self._patterns[name].search(text) if name in possible else None

    def _with_sentence_subject(
        self, text: str, drafts: list[ClaimDraft], first_clause: str, possible: frozenset[str]
    ) -> list[ClaimDraft]:
        """Drafts of subordinate clauses ("which ...", "ensuring ...") take the subject of the
        sentence's first clause (computed only when needed: most sentences have none)."""
        subordinate = [bool(_SUBORDINATE.match(text[d.start : d.end])) for d in drafts]
        if not any(subordinate):
            return drafts
        subject = self.extract_subject(first_clause, possible)
        return [
            _with_subject(draft, subject) if sub else draft
            for draft, sub in zip(drafts, subordinate, strict=True)
        ]

    def _bare_refusal(self, sentence: str, possible: frozenset[str]) -> re.Match[str] | None:
        """A "will not" whose clause's subject is a committer, outside a relative clause."""
        if "bare_refusal" not in possible:
            return None
        for match in self._patterns["bare_refusal"].finditer(sentence):
            before = sentence[: match.start()]
            if _RELATIVE_BEFORE.search(before):
                continue
            clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
            clause_start = max(clause_start, before.rfind(" and ") + 5 if " and " in before else 0)
            subject = self.extract_subject(sentence[clause_start : match.start()] + " will")
            if self._patterns["committers"].search(subject):
                return match
        return None

    def _clause_claims(
        self,
        text: str,
        start: int,
        end: int,
        amounts: Sequence[QuantityMention],
        dates: Sequence[DateMention],
        *,
        in_refusal: bool,
        first_clause: str,
        possible: frozenset[str],
    ) -> list[ClaimDraft]:
        """Claims of the clause ``text[start:end]``; ``possible``: its sentence's candidates."""
        clause = text[start:end]
        modality = self.classify_modality(clause, possible)
        negation = self._search("negation", clause, possible)
        polarity = Polarity.NEGATIVE if negation else Polarity.POSITIVE
        figures = [m for m in amounts if start <= m.start < end]

        def measured(kind: ClaimKind, cue: str, amount: Quantity) -> ClaimDraft:
            """A figure or timeline draft of this clause."""
            found = (kind, text, start, end, cue, modality, polarity)
            return self._draft(*found, quantity=amount, possible=possible)

        drafts: list[ClaimDraft] = []
        for mention in figures:
            kind, cue = self._figure_kind(clause, mention.quantity, possible)
            drafts.append(measured(kind, cue, mention.quantity))
        for date in dates:
            if start <= date.start < end and (
                date.preposition in self._timeline
                or date.end_year is not None
                or (date.preposition == "on" and _DAY_OF_MONTH.search(text, date.start, date.end))
            ):
                cue = text[date.start : date.end]
                drafts.append(measured(ClaimKind.TIMELINE, cue, date.as_quantity(text)))
        target = self._search("target", clause, possible)
        denial = self._search("denial_verbs", clause, possible)
        if target and not figures and not negation and not denial:
            drafts.append(
                self._draft(
                    ClaimKind.TARGET,
                    text,
                    start,
                    end,
                    target.group(0),
                    modality,
                    polarity,
                    possible=possible,
                )
            )
        asserted = modality in (Modality.ASSERTED, Modality.COMMITTED)
        subordinate = bool(_CONDITIONAL_OPENING.match(clause)) or bool(
            negation and _RELATIVE_BEFORE.search(clause[: negation.start()])
        )
        judging = negation is not None and self._judges(clause, negation.end())
        denying = denial or (negation if asserted and not subordinate and not judging else None)
        if not in_refusal and denying is not None:
            drafts.append(
                self._draft(
                    ClaimKind.DENIAL,
                    text,
                    start,
                    end,
                    denying.group(0),
                    modality,
                    Polarity.NEGATIVE,
                    possible=possible,
                )
            )
        if not in_refusal and not negation:
            drafts.extend(self._stance_claims(text, start, end, modality, first_clause, possible))
        return drafts

    def _stance_claims(
        self,
        text: str,
        start: int,
        end: int,
        modality: Modality,
        first_clause: str,
        possible: frozenset[str],
    ) -> list[ClaimDraft]:
        """Commitment (else assurance), causation and prediction claims of a positive clause."""
        clause = text[start:end]
        commitment = self._search("commitment", clause, possible)
        if commitment is None:
            bare = self._search("bare_commitment", clause, possible)
            # The subject is needed only to accept a bare "will": computed only then.
            if bare and self._patterns["committers"].search(
                self.extract_subject(
                    first_clause if _SUBORDINATE.match(clause) else clause, possible
                )
            ):
                commitment = bare
        drafts: list[ClaimDraft] = []
        if commitment:
            drafts.append(
                self._draft(
                    ClaimKind.COMMITMENT,
                    text,
                    start,
                    end,
                    commitment.group(0),
                    modality,
                    possible=possible,
                )
            )
        else:
            assurance = self._search("assurance", clause, possible) or self._ladder_verb(
                clause, possible
            )
            if assurance:
                drafts.append(
                    self._draft(
                        ClaimKind.ASSURANCE,
                        text,
                        start,
                        end,
                        assurance.group(0),
                        modality,
                        possible=possible,
                    )
                )
        for kind in (ClaimKind.CAUSATION, ClaimKind.PREDICTION):
            found = self._search(kind.value, clause, possible)
            if found:
                drafts.append(
                    self._draft(kind, text, start, end, found.group(0), modality, possible=possible)
                )
        return drafts

    def _figure_kind(
        self, clause: str, quantity: Quantity, possible: frozenset[str]
    ) -> tuple[ClaimKind, str]:
        """Kind of a figure from its unit and the cues of its clause."""
        if quantity.unit == "%":
            for kind, name in (
                (ClaimKind.SATISFACTION, "satisfaction"),
                (ClaimKind.AUDIT_RATE, "audit"),
            ):
                found = self._search(name, clause, possible)
                if found:
                    return kind, found.group(0)
        if quantity.unit in _DURATION_UNITS or quantity.unit == "year":
            found = self._search("waiting", clause, possible)
            # Years are ages or terms more often than waits: only an explicit wait counts.
            if found and (quantity.unit != "year" or _EXPLICIT_WAIT.match(found.group(0))):
                return ClaimKind.WAITING_TIME, found.group(0)
        found = self._search("target", clause, possible)
        if found:
            return ClaimKind.TARGET, found.group(0)
        return ClaimKind.QUANTITY, quantity.text

    def _draft(
        self,
        kind: ClaimKind,
        text: str,
        start: int,
        end: int,
        cue: str,
        modality: Modality,
        polarity: Polarity = Polarity.POSITIVE,
        *,
        quantity: Quantity | None = None,
        possible: frozenset[str],
    ) -> ClaimDraft:
        """A draft of the clause (or sentence) ``text[start:end]``, whose ``modality`` the
        caller has already classified; ``possible``: the sentence's ``CueScreen`` candidates."""
        subject, strength = self._features(text[start:end], possible)
        return ClaimDraft(
            kind=kind,
            start=start,
            end=end,
            quantity=quantity,
            subject=subject,
            polarity=polarity,
            modality=modality,
            strength=strength,
            cue=_SPACES.sub(" ", cue.strip().lower()),
        )

    def _clause_features(self, clause: str, possible: frozenset[str]) -> tuple[str, int]:
        """Subject and strength of a clause of a sentence whose ``CueScreen`` candidates are
        ``possible`` (cached while ``extract`` reads one sentence: several claims share a
        clause)."""
        return self.extract_subject(clause, possible), self.measure_strength(clause, possible)

    def _clauses(
        self, text: str, start: int, end: int, possible: frozenset[str]
    ) -> list[tuple[int, int]]:
        """Clause offsets of the sentence ``text[start:end]`` (never empty); ``possible``: its
        ``CueScreen`` candidates (most sentences have no clause break: no scan for one)."""
        clauses: list[tuple[int, int]] = []
        current = start
        breaks = _CLAUSE_BREAK.finditer(text, start, end) if "clause_break" in possible else ()
        for match in breaks:
            if match.start() - current >= 3:
                clauses.append((current, match.start()))
                current = match.end()
        clauses.append((current, end))
        return [(s, e) for s, e in (_strip(text, s, e) for s, e in clauses) if e > s]

    def _ladder_verb(self, clause: str, possible: frozenset[str]) -> re.Match[str] | None:
        """The first ladder word used as a verb ("ensures"), not as a noun ("of support")."""
        lowered = _lower_first(clause)
        if not _ladder_possible(clause, lowered, possible):
            return None
        for match in self._ladder.finditer(lowered):
            if not self._noun_before.search(lowered[max(0, match.start() - 20) : match.start()]):
                return match
        return None

    def classify_modality(self, clause: str, possible: Collection[str] | None = None) -> Modality:
        """Conditional, hedged, committed or asserted, by the first list whose cue is present.

        ``possible``: the ``CueScreen`` candidates of the sentence containing ``clause``, when
        the caller has them (lists not among them are not searched).
        """
        for modality, name, pattern in self._modality:
            if (possible is None or name in possible) and pattern.search(clause):
                return modality
        return Modality.ASSERTED

    def measure_strength(self, clause: str, possible: Collection[str] | None = None) -> int:
        """Rung of the strongest ladder verb in ``clause`` (0 when there is none).

        ``possible``: the ``CueScreen`` candidates of the sentence containing ``clause``, when
        the caller has them (most sentences have no ladder word: no scan for one).
        """
        best = 0
        lowered = _lower_first(clause)
        if possible is not None and not _ladder_possible(clause, lowered, possible):
            return best
        clause = lowered
        for match in self._ladder.finditer(clause):
            if self._noun_before.search(clause[max(0, match.start() - 20) : match.start()]):
                continue
            rung = self._rungs.get(_SPACES.sub(" ", match.group(0).lower()), 0)
            if self._intensifier.search(clause[: match.start()]):
                rung += 1
            elif self._downtoner.search(clause[max(0, match.start() - 20) : match.start()]):
                rung -= 1
            best = max(best, rung)
        return best

    def extract_subject(self, clause: str, possible: Collection[str] | None = None) -> str:
        """Who or what the clause is about: its opening noun phrase, or the target setter's
        object ("we set PIP providers a target" -> "PIP providers").

        ``possible``: the ``CueScreen`` candidates of the sentence containing ``clause``, when
        the caller has them (few sentences set a target: no search for one in the others).
        """
        screened = possible is not None and "target_subject" not in possible
        target = None if screened else _TARGET_SUBJECT.search(clause)
        if target:
            return target.group("subject")
        head = _LEADING_ADVERBIAL.sub("", clause.lstrip(_OPENING_PUNCTUATION))
        head = _FRAME.sub("", head)
        words: list[str] = []
        for match in _WORD.finditer(head):
            word = match.group(0).strip(".")
            lowered = word.lower()
            if words and (lowered in self._stops or (lowered.endswith("ly") and len(word) > 4)):
                break
            if (
                words
                and word.islower()
                and lowered.endswith("ed")
                and words[-1].lower() not in self._determiners
            ):
                break
            if not words and lowered in self._stops:
                continue
            words.append(word)
            if len(words) >= 8:
                break
        return " ".join(words)


def _ladder_possible(clause: str, lowered: str, possible: Collection[str]) -> bool:
    """Whether a ladder word may occur in ``lowered`` (``clause`` with its first letter
    lower-cased), given its sentence's ``CueScreen`` candidates ``possible``.

    The screen saw the sentence; ``lowered`` folds the same unless its first letter
    lower-cased into several characters ('İ'): then it is always searched.
    """
    return "ladder" in possible or len(lowered) != len(clause)


def _lower_first(clause: str) -> str:
    """``clause`` with its first letter lower-cased: ladder verbs are matched case-sensitively
    so that names ("Employment and Support Allowance") are not verbs."""
    return clause[:1].lower() + clause[1:]


def _with_subject(draft: ClaimDraft, subject: str) -> ClaimDraft:
    return replace(draft, subject=subject) if subject else draft


def _merge_per_sentence(drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """At most one commitment and one assurance per sentence: the strongest clause's.

    Several clauses of one sentence usually restate one commitment ("robust programme ...,
    providing assurance"); keeping one claim per kind keeps the comparer's alignment simple.
    """
    best: dict[ClaimKind, ClaimDraft] = {}
    merged: list[ClaimDraft] = []
    for draft in drafts:
        if draft.kind not in (ClaimKind.COMMITMENT, ClaimKind.ASSURANCE):
            merged.append(draft)
            continue
        current = best.get(draft.kind)
        if current is None:
            best[draft.kind] = draft
            merged.append(draft)
        elif draft.strength > current.strength:
            merged[merged.index(current)] = draft
            best[draft.kind] = draft
    return merged


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


@cache
def default_rules() -> ClaimRules:
    """Rules compiled from the shipped cue lists (once per process)."""
    return ClaimRules()
