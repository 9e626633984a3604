"""textcheck's spaCy components, registered by factory.

- ``textcheck_sentencizer``: sentence boundaries from ``sentences.split_sentences`` (exact
  character offsets in ``doc._.textcheck_sentences``; ``token.is_sent_start`` set to match);
- ``textcheck_quantities``: amounts and dates from ``quantities.QuantityRecogniser``
  (``doc._.textcheck_quantities``, ``doc._.textcheck_dates``);
- ``textcheck_claims``: claim drafts from ``rules.ClaimRules`` per sentence
  (``doc._.textcheck_claims``: one list of ``ClaimDraft`` per sentence).

Each is a plain class with keyword-only config, data fed through ``initialize()`` (defaults:
the lists shipped in ``data/``), and ``to_bytes``/``from_bytes``/``to_disk``/``from_disk``
that save the data it runs on, following spaCy's ``span_ruler`` style.  They work on
``spacy.blank("en")``; no trained model is needed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from textcheck.nlp.annotator import claims_per_sentence
from textcheck.nlp.quantities import QuantityRecogniser, load_lexicon
from textcheck.nlp.rules import ClaimDraft, ClaimRules, load_cues
from textcheck.nlp.sentences import split_sentences

for _name in (
    "textcheck_text",
    "textcheck_sentences",
    "textcheck_quantities",
    "textcheck_dates",
    "textcheck_claims",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc and kept in ``doc._.textcheck_text``.

    spaCy rebuilds ``Doc.text`` from every token on each access (a Token object per token),
    which cost more than the components' own work when each of them asked for it.
    """
    text: str | None = doc._.textcheck_text
    if text is None:
        text = doc.text
        doc._.textcheck_text = text
    return text


class _JSONDataComponent:
    """Shared serialisation: the component's data is one JSON object (its lists and patterns)."""

    filename = "data.json"
    data: dict[str, Any]

    def _rebuild(self) -> None:
        """Recompile whatever the component derives from ``self.data``."""

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The component's data as UTF-8 JSON."""
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> _JSONDataComponent:
        """Load data saved by ``to_bytes``."""
        self.data = json.loads(data.decode("utf-8"))
        self._rebuild()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the data as ``<path>/data.json``."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / self.filename).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> _JSONDataComponent:
        """Load data saved by ``to_disk``."""
        return self.from_bytes((Path(path) / self.filename).read_bytes())


class TextcheckSentencizer(_JSONDataComponent):
    """Sets sentence boundaries with exact character offsets (see ``sentences``)."""

    def __init__(
        self, nlp: Language, name: str = "textcheck_sentencizer", *, overwrite: bool
    ) -> None:
        self.name = name
        self.overwrite = overwrite
        self.data = {"overwrite": overwrite}

    def _rebuild(self) -> None:
        self.overwrite = bool(self.data.get("overwrite", True))

    def __call__(self, doc: Doc) -> Doc:
        spans = split_sentences(doc_text(doc))
        doc._.textcheck_sentences = spans
        parsed = doc.has_annotation("DEP")
        if len(doc) and not parsed and (self.overwrite or not doc.has_annotation("SENT_START")):
            # Token offsets come from one ``to_array`` call: building a Token object per
            # token (``for t in doc``) cost more than the rest of the component.
            offsets = doc.to_array([IDX]).astype("int64").reshape(-1)
            first = numpy.isin(offsets, numpy.fromiter((s for s, _ in spans), dtype="int64"))
            first[0] = True
            flags = numpy.where(first, 1, -1).astype("int64").reshape(-1, 1).astype("uint64")
            # spaCy annotates the array as thinc's Ints2d; a uint64 numpy array is what it takes.
            doc.from_array([SENT_START], flags)  # type: ignore[arg-type]
        return doc

    def initialize(self, get_examples: Callable[[], Any] | None = None, *, nlp: Any = None) -> None:
        """Nothing to learn: the rules are in ``sentences``."""


class TextcheckQuantities(_JSONDataComponent):
    """Finds amounts and dates; the lexicon (cue lists) is its data."""

    def __init__(self, nlp: Language, name: str = "textcheck_quantities") -> None:
        self.name = name
        self.data = load_lexicon()
        self.recogniser = QuantityRecogniser(self.data)

    def _rebuild(self) -> None:
        self.recogniser = QuantityRecogniser(self.data)

    def initialize(
        self,
        get_examples: Callable[[], Any] | None = None,
        *,
        nlp: Any = None,
        lexicon: dict[str, Any] | None = None,
    ) -> None:
        """Use ``lexicon`` (same shape as ``data/quantities.json``) instead of the shipped one."""
        if lexicon is not None:
            self.data = lexicon
            self._rebuild()

    def __call__(self, doc: Doc) -> Doc:
        amounts, dates = self.recogniser.find(doc_text(doc))
        doc._.textcheck_quantities = amounts
        doc._.textcheck_dates = dates
        return doc


class TextcheckClaims(_JSONDataComponent):
    """Applies the claim rules to every sentence; the cue lists are its data."""

    def __init__(self, nlp: Language, name: str = "textcheck_claims") -> None:
        self.name = name
        self.data = load_cues()
        self.rules = ClaimRules(self.data)

    def _rebuild(self) -> None:
        self.rules = ClaimRules(self.data)

    def initialize(
        self,
        get_examples: Callable[[], Any] | None = None,
        *,
        nlp: Any = None,
        cues: dict[str, Any] | None = None,
    ) -> None:
        """Use ``cues`` (same shape as ``data/cues.json``) instead of the shipped lists."""
        if cues is not None:
            self.data = cues
            self._rebuild()

    def __call__(self, doc: Doc) -> Doc:
        spans = doc._.textcheck_sentences
        if spans is None:
            spans = [(sent.start_char, sent.end_char) for sent in doc.sents]
            doc._.textcheck_sentences = spans
        text = doc_text(doc)
        claims = claims_per_sentence(
            self.rules,
            text,
            spans,
            doc._.textcheck_quantities or [],
            doc._.textcheck_dates or [],
        )
        if doc.has_annotation("DEP"):
            claims = [[_with_parsed_subject(doc, d) for d in drafts] for drafts in claims]
        doc._.textcheck_claims = claims
        return doc


def _with_parsed_subject(doc: Doc, draft: ClaimDraft) -> ClaimDraft:
    """The draft with the subject its clause's parse gives (when a parser has run).

    This is the one extra feature ``en_core_web_sm`` brings (``Settings.use_spacy_model``): the
    grammatical subject (``nsubj``/``nsubjpass`` and its subtree, inside the clause) instead of
    the word-list heuristic of ``rules.ClaimRules.extract_subject``.
    """
    span = doc.char_span(draft.start, draft.end, alignment_mode="expand")
    if span is None:
        return draft
    for token in span:
        if token.dep_ in ("nsubj", "nsubjpass"):
            left = max(token.left_edge.i, span.start)
            right = min(token.right_edge.i, span.end - 1)
            return replace(draft, subject=doc[left : right + 1].text)
    return draft


@Language.factory(
    "textcheck_sentencizer",
    default_config={"overwrite": True},
    assigns=["token.is_sent_start", "doc._.textcheck_sentences"],
)
def make_sentencizer(nlp: Language, name: str, *, overwrite: bool) -> TextcheckSentencizer:
    """Factory of ``TextcheckSentencizer``."""
    return TextcheckSentencizer(nlp, name, overwrite=overwrite)


@Language.factory(
    "textcheck_quantities",
    default_config={},
    assigns=["doc._.textcheck_quantities", "doc._.textcheck_dates"],
)
def make_quantities(nlp: Language, name: str) -> TextcheckQuantities:
    """Factory of ``TextcheckQuantities``."""
    return TextcheckQuantities(nlp, name)


@Language.factory(
    "textcheck_claims",
    default_config={},
    assigns=["doc._.textcheck_claims"],
    requires=["doc._.textcheck_sentences", "doc._.textcheck_quantities"],
)
def make_claims(nlp: Language, name: str) -> TextcheckClaims:
    """Factory of ``TextcheckClaims``."""
    return TextcheckClaims(nlp, name)
