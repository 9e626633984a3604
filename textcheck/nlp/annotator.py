"""The claim annotation of a plain text: sentences, amounts and dates, then claim drafts.

textcheck's three spaCy components (``components.py``) read only the text of a ``Doc``: the
sentencizer splits ``doc.text``, the quantity recogniser and the claim rules work on
character offsets.  ``TextAnnotator`` runs the same three steps, in the same order and with
the same data, on a ``str``.  The default ``textcheck claims`` path uses it because the spaCy
pipeline adds nothing a component reads unless a trained parser runs
(``Settings.use_spacy_model``), while importing spaCy and building the pipeline costs about
1.5 s per process, more than extracting the claims of a 400 KB text.  ``claims_per_sentence``
is shared by both paths, and ``tests/test_nlp_annotator.py`` checks that they agree on the
annotated corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from textcheck.nlp.quantities import DateMention, QuantityMention, QuantityRecogniser
from textcheck.nlp.rules import ClaimDraft, ClaimRules
from textcheck.nlp.sentences import split_sentences

SentenceDrafts = tuple[int, int, list[ClaimDraft]]
"""A sentence's ``(start, end)`` offsets and the claim drafts found in it."""


def claims_per_sentence(
    rules: ClaimRules,
    text: str,
    spans: Sequence[tuple[int, int]],
    amounts: Sequence[QuantityMention],
    dates: Sequence[DateMention],
) -> list[list[ClaimDraft]]:
    """The claim drafts of each sentence span, given every amount and date of ``text``.

    ``amounts`` and ``dates`` are in text order; each sentence gets those that start inside it.
    """
    amount_starts = [m.start for m in amounts]
    date_starts = [d.start for d in dates]
    found: list[list[ClaimDraft]] = []
    for start, end in spans:
        in_amounts = amounts[bisect_left(amount_starts, start) : bisect_left(amount_starts, end)]
        in_dates = dates[bisect_left(date_starts, start) : bisect_left(date_starts, end)]
        found.append(rules.extract(text, start, end, in_amounts, in_dates))
    return found


class TextAnnotator:
    """Sentences and claim drafts of plain texts, with the components' rules and data."""

    def __init__(
        self, recogniser: QuantityRecogniser | None = None, rules: ClaimRules | None = None
    ) -> None:
        self.recogniser = recogniser if recogniser is not None else QuantityRecogniser()
        self.rules = rules if rules is not None else ClaimRules()

    def annotate(self, text: str) -> list[SentenceDrafts]:
        """Every sentence of ``text`` as offsets, with the claim drafts in it."""
        spans = split_sentences(text)
        if not spans:
            return []
        amounts, dates = self.recogniser.find(text)
        drafts = claims_per_sentence(self.rules, text, spans, amounts, dates)
        return [(start, end, found) for (start, end), found in zip(spans, drafts, strict=True)]
