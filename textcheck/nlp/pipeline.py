"""Extracting the sentences and claims of documents, on either of two equivalent paths.

- By default ``annotator.TextAnnotator`` runs textcheck's sentence splitter, quantity
  recogniser and claim rules on the text directly.
- With ``Settings.spacy_pipeline`` (``TEXTCHECK_SPACY_PIPELINE=1``) the documents go through
  the spaCy pipeline of ``config.cfg``: ``spacy.blank("en")``'s tokenizer and textcheck's
  components (``components.py``), which run the same rules and give the same result.  With
  ``Settings.use_spacy_model`` and ``en_core_web_sm`` installed, that model's tagger and
  parser run too (its parser respects textcheck's sentence boundaries, and claims take the
  parsed subject); it is never required.

The direct path is the default because no component reads a token unless a parser has run,
and spaCy's import and pipeline build cost about 1.5 s a process (more than extracting the
claims of a 400 KB text); ``tests/test_nlp_annotator.py`` checks the two paths agree.

In a petition's own text (role ``petition``) a request ("Ban ...", "We call on ...") is what is
asked for, not a claim, so its sentence keeps no claims.

Long texts are cut at line breaks (hard sentence boundaries anyway) into chunks of at most
``CHUNK_CHARS`` so spaCy's length limit never applies and ``nlp.pipe`` can batch them; the
direct path cuts them the same way so both see the same pieces.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from textcheck.errors import InputError
from textcheck.nlp.annotator import SentenceDrafts, TextAnnotator
from textcheck.nlp.quantities import default_recogniser
from textcheck.nlp.rules import ClaimDraft, ClaimRules, default_rules
from textcheck.records import MAX_TEXT_CHARS, Claim, ClaimKind, Document, Role, Sentence
from textcheck.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from textcheck.nlp.components import TextcheckClaims

CHUNK_CHARS = 100_000
"""Largest piece of text annotated at once (spaCy's default limit is 1,000,000)."""

FIGURE_KINDS = frozenset(
    {ClaimKind.TARGET, ClaimKind.AUDIT_RATE, ClaimKind.SATISFACTION, ClaimKind.WAITING_TIME}
)

NOT_SCORED = math.nan
"""The check-worthiness of a claimless sentence that was not scored (``score_claimless``)."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Chunk:
    """A piece of one document's text, ``offset`` characters into it."""

    document: int
    offset: int
    text: str


@cache
def load_annotator() -> TextAnnotator:
    """The direct annotator with the shipped lexicon and cue lists, built once per process."""
    return TextAnnotator(default_recogniser(), default_rules())


@cache
def load_pipeline(*, use_spacy_model: bool = False) -> Language:
    """The spaCy claim pipeline, built once per process (per value of ``use_spacy_model``)."""
    import spacy

    import textcheck.nlp.components  # noqa: F401  (registers the factories)

    if use_spacy_model:
        try:
            nlp = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer"])
        except OSError:
            _log.info("en_core_web_sm is not installed; using the blank pipeline")
        else:
            nlp.add_pipe("textcheck_sentencizer", first=True)
            nlp.add_pipe("textcheck_quantities")
            nlp.add_pipe("textcheck_claims")
            return nlp
    config_text = resources.files("textcheck.nlp").joinpath("config.cfg").read_text("utf-8")
    config = spacy.util.load_config_from_str(config_text)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def extract_sentences(
    document: Document, *, settings: Settings | None = None, score_claimless: bool = True
) -> tuple[Sentence, ...]:
    """Every sentence of ``document`` with offsets, check-worthiness and the claims in it."""
    return extract_sentences_many([document], settings=settings, score_claimless=score_claimless)[0]


def extract_sentences_many(
    documents: Sequence[Document],
    *,
    settings: Settings | None = None,
    score_claimless: bool = True,
    learned_kinds: bool = True,
) -> list[tuple[Sentence, ...]]:
    """``extract_sentences`` for many documents at once (batched through ``nlp.pipe`` on the
    spaCy path, one ``score_checkworthiness`` call per document).

    Without ``score_claimless`` only sentences with claims are scored and the others get
    ``NOT_SCORED`` (NaN): for outputs that show claims only, scoring every sentence would
    double the scoring work for nothing.  A sentence's score does not depend on the others.
    """
    for document in documents:
        if len(document.text) > MAX_TEXT_CHARS:
            raise InputError(
                f"expected a text of at most {MAX_TEXT_CHARS:,} characters, got "
                f"{len(document.text):,} in {document.label or document.source or 'the input'}"
            )
    chunks = [chunk for index, doc in enumerate(documents) for chunk in _chunks(index, doc.text)]
    if settings is not None and (settings.spacy_pipeline or settings.use_spacy_model):
        rules, annotated = _annotate_with_spacy(chunks, use_spacy_model=settings.use_spacy_model)
    else:
        annotator = load_annotator()
        rules, annotated = annotator.rules, [annotator.annotate(c.text) for c in chunks]
    found: list[list[SentenceDrafts]] = [[] for _ in documents]
    for chunk, sentences in zip(chunks, annotated, strict=True):
        for start, end, drafts in sentences:
            shifted = [_shift(d, chunk.offset) for d in drafts]
            if documents[chunk.document].role == Role.PETITION and rules.is_request(
                chunk.text[start:end]
            ):
                shifted = []  # a petition's request is what is asked for, not a claim
            found[chunk.document].append((start + chunk.offset, end + chunk.offset, shifted))
    cue_scores = settings is not None and settings.cue_scores
    if learned_kinds and not cue_scores:  # cue_scores: the rules' kinds alone, as asked
        _add_learned_kinds(documents, found, rules)
    results: list[tuple[Sentence, ...]] = []
    for document, sentences in zip(documents, found, strict=True):
        scored = [i for i, (_, _, drafts) in enumerate(sentences) if score_claimless or drafts]
        texts = [document.text[sentences[i][0] : sentences[i][1]] for i in scored]
        scores = [NOT_SCORED] * len(sentences)
        found_scores = score_checkworthiness(
            texts,
            [sentences[i][2] for i in scored],
            cue_scores=cue_scores,
        )
        for index, score in zip(scored, found_scores, strict=True):
            scores[index] = score
        results.append(
            tuple(
                _sentence(document, start, end, drafts, score)
                for (start, end, drafts), score in zip(sentences, scores, strict=True)
            )
        )
    return results


def _add_learned_kinds(
    documents: Sequence[Document], found: list[list[SentenceDrafts]], rules: ClaimRules
) -> None:
    """Add the kinds the learned model finds and the rules missed (``kind_model``), as
    sentence-wide drafts; not to a petition's request, page furniture or a name line."""
    from textcheck.nlp.kind_model import added_kinds, model_text, shipped_kind_weights

    weights = shipped_kind_weights()
    if not weights.kinds:
        return
    places: list[tuple[int, int]] = []
    texts: list[str] = []
    given: list[set[ClaimKind]] = []
    for number, (document, sentences) in enumerate(zip(documents, found, strict=True)):
        for index, (start, end, drafts) in enumerate(sentences):
            sentence = document.text[start:end]
            if not sentence.strip() or rules.is_furniture(sentence) or rules.is_name_line(sentence):
                continue
            if document.role == Role.PETITION and rules.is_request(sentence):
                continue
            kinds = {draft.kind for draft in drafts}
            places.append((number, index))
            texts.append(model_text(sentence, sorted(kinds), rules.cue_lists(sentence)))
            given.append(kinds)
    for (number, index), extra in zip(places, added_kinds(weights, texts, given), strict=True):
        if extra:
            start, end, drafts = found[number][index]
            text = documents[number].text
            added = [rules.sentence_draft(kind, text, start, end) for kind in extra]
            found[number][index] = (start, end, [*drafts, *added])


def _annotate_with_spacy(
    chunks: Sequence[_Chunk], *, use_spacy_model: bool
) -> tuple[ClaimRules, list[list[SentenceDrafts]]]:
    """The sentences and claim drafts of each chunk, from the spaCy pipeline."""
    nlp = load_pipeline(use_spacy_model=use_spacy_model)
    annotated: list[list[SentenceDrafts]] = []
    for doc in nlp.pipe(c.text for c in chunks):
        spans = doc._.textcheck_sentences or []
        drafts = doc._.textcheck_claims or []
        annotated.append(
            [(start, end, found) for (start, end), found in zip(spans, drafts, strict=True)]
        )
    return _claims_component(nlp).rules, annotated


def score_checkworthiness(
    texts: Sequence[str], drafts: Sequence[Sequence[ClaimDraft]], *, cue_scores: bool = False
) -> list[float]:
    """Check-worthiness of each sentence: the trained model, or cue scores when asked.

    The shipped model scores every sentence; a missing or mismatched model raises
    ``ModelError`` (one ``Error:`` line at the CLI) instead of quietly scoring another way,
    so an installed tool never gives weaker scores than the checkout without saying so.
    ``cue_scores`` (``TEXTCHECK_CUE_SCORES=1``) is the fallback a user asks for: ``cue_score``
    ranks sentences by the claims the rules found, and a warning says so on stderr.  The
    model's calibrated score is used alone: blending it with ``cue_score`` was measured and
    ranked in-domain sentences no better (models/checkworthiness/MODEL_CARD.md).
    """
    if not texts:
        return []
    if cue_scores:
        _warn_cue_scores()
        return [cue_score(text, found) for text, found in zip(texts, drafts, strict=True)]
    from textcheck.nlp.checkworthiness import score_sentences

    scores = score_sentences(list(texts))
    return [
        _cap_name_line(text, found, min(1.0, max(0.0, float(score))))
        for text, found, score in zip(texts, drafts, scores, strict=True)
    ]


@cache
def _warn_cue_scores() -> None:
    """Say once per process that check-worthiness comes from cue words, not the model."""
    _log.warning(
        "check-worthiness and claim kinds come from cue words, not the models "
        "(TEXTCHECK_CUE_SCORES is set)"
    )


NAME_LINE_SCORE = 0.05
"""Ceiling for a claimless line that is only a name (a sign-off such as "Department for Work
and Pensions."): the model scores department names high because claims mention them."""


def _cap_name_line(text: str, drafts: Sequence[ClaimDraft], score: float) -> float:
    if not drafts and default_rules().is_name_line(text):
        return min(score, NAME_LINE_SCORE)
    return score


def cue_score(text: str, drafts: Sequence[ClaimDraft]) -> float:
    """A fallback check-worthiness in [0, 1]: figures and refusals/denials rank highest."""
    kinds = {d.kind for d in drafts}
    score = 0.05
    if drafts:
        score += 0.25
    if any(d.quantity is not None for d in drafts) or kinds & FIGURE_KINDS:
        score += 0.35
    if kinds & {ClaimKind.REFUSAL, ClaimKind.DENIAL}:
        score += 0.25
    if any(ch.isdigit() for ch in text):
        score += 0.05
    return round(min(score, 0.95), 2)


def _claims_component(nlp: Language) -> TextcheckClaims:
    from textcheck.nlp.components import TextcheckClaims

    component = nlp.get_pipe("textcheck_claims")
    if not isinstance(component, TextcheckClaims):
        raise TypeError(f"textcheck_claims is a {type(component).__name__}")
    return component


def _chunks(index: int, text: str) -> Iterator[_Chunk]:
    """``text`` cut at line breaks (or, failing that, white space) into short pieces."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = max(text.rfind(". ", start, end) + 1, text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        yield _Chunk(index, start, text[start:end])
        start = end


def _shift(draft: ClaimDraft, offset: int) -> ClaimDraft:
    if not offset:
        return draft
    return replace(draft, start=draft.start + offset, end=draft.end + offset)


def _sentence(
    document: Document, start: int, end: int, drafts: Sequence[ClaimDraft], score: float
) -> Sentence:
    text = document.text
    sentence_text = text[start:end]
    claims: list[Claim] = []
    seen: set[tuple[object, ...]] = set()
    for draft in drafts:
        key = (draft.kind, draft.start, draft.end, draft.quantity)
        if key in seen:
            continue
        seen.add(key)
        claims.append(
            Claim(
                id="",
                role=document.role,
                kind=draft.kind,
                sentence=sentence_text,
                quote=text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                sentence_start=start,
                sentence_end=end,
                checkworthiness=score,
                quantity=draft.quantity,
                subject=draft.subject,
                polarity=draft.polarity,
                modality=draft.modality,
                strength=draft.strength,
                cue=draft.cue,
            )
        )
    return Sentence(document.role, sentence_text, start, end, score, tuple(claims))
