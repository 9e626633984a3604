"""Property and fuzz tests (hypothesis): invariants that must hold for ANY input.

- ``extract_sentences`` and ``compare_documents`` never raise on any text (a documented limit
  is a ``TextcheckError``); every sentence, claim and evidence quote equals the document's
  ``text[start:end]`` with offsets in range; the same input gives the same output; a text
  compared with itself gives nothing above ``reworded`` (at most low ``reworded``/``moved``).
- The parsers of petitions JSON and HTML, articles and files never raise on arbitrary bytes
  except ``TextcheckError``.

The budget is bounded (``max_examples`` per test, no deadline) and derandomised, so CI runs
the same examples every time; ``HYPOTHESIS_PROFILE=deep`` runs many more locally.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textcheck.compare import compare_documents
from textcheck.errors import TextcheckError
from textcheck.nlp import extract_sentences
from textcheck.records import Comparison, Document, FindingKind, Role, Sentence, Severity
from textcheck.sources import articles, files, petitions

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("deep", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BASE_URL = "https://petition.parliament.uk"
WORDS = [
    "The", "Government", "will", "not", "may", "never", "always", "publish", "review",
    "3%", "£1.5m", "10,000", "people", "by", "2019", "spring", "within", "6", "weeks",
    "no", "more", "than", "up", "to", "at", "least", "DWP", "Atos", "assessments", "audit",
    "deny", "claims", "target", "Dr.", "e.g.", "“quoted”", "’s", "(", ")", ";", ":", "-",
    "—", "…", "\u00a0", "\u200b", "\t", "é", "ß", "İ", "ﬁ", "👍", "\u0301", "\x00", "\x1b[2J",
]  # fmt: skip
"""Words of government responses, with the characters that break naive offset arithmetic:
combining marks, ligatures and letters that change length when case-folded, zero-width and
control characters, emoji outside the BMP."""
SEPARATORS = [" ", " ", " ", ". ", ".\n", "\n\n", "? ", "! ", "\r\n", "  "]


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Sentence-like text built from response words and awkward characters."""
    tokens = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS))))
    return "".join(word + sep for word, sep in tokens)


UNICODE = st.characters(codec="utf-8")
"""Any character text decoded from bytes can hold: lone surrogates cannot (``batch`` refuses
the ones a JSON escape smuggles in)."""

texts = st.one_of(
    st.just(""),
    st.text(alphabet=UNICODE),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp"])),
    prose(),
    st.builds(lambda c, n: c * n, UNICODE, st.integers(1000, 2500)),
    st.builds(lambda a, b: a + " " + b, prose(), st.text(UNICODE, min_size=600, max_size=1200)),
)
"""Any text: empty, arbitrary unicode, only control/format/space characters, response-like
prose, one very long token, and prose followed by a long run of noise."""


def _document(role: Role, text: str) -> Document:
    return Document.build(role, text, label=str(role), source="hypothesis")


def _check_sentences(document: Document, sentences: Sequence[Sentence]) -> None:
    text = document.text
    previous_end = 0
    for sentence in sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
        assert sentence.start >= previous_end
        previous_end = sentence.end
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.role == document.role
        assert 0.0 <= sentence.checkworthiness <= 1.0
        for claim in sentence.claims:
            assert sentence.start <= claim.start <= claim.end <= sentence.end
            assert text[claim.start : claim.end] == claim.quote
            assert claim.sentence == sentence.text


def _check_comparison(documents: Sequence[Document], comparison: Comparison) -> None:
    by_role = {doc.role: doc.text for doc in documents}
    for finding in comparison.findings:
        assert finding.evidence, finding
        for evidence in finding.evidence:
            text = by_role[evidence.role]
            assert 0 <= evidence.start <= evidence.end <= len(text)
            assert text[evidence.start : evidence.end] == evidence.quote


@given(text=texts)
def test_extract_sentences_quotes_are_exact_and_repeatable(text: str) -> None:
    document = _document(Role.STATEMENT, text)
    first = extract_sentences(document)
    _check_sentences(document, first)
    assert extract_sentences(document) == first


@given(text=texts)
def test_a_petition_text_keeps_exact_offsets(text: str) -> None:
    document = _document(Role.PETITION, text)
    _check_sentences(document, extract_sentences(document))


def _compare(texts_by_role: Sequence[tuple[Role, str]]) -> tuple[list[Document], Comparison]:
    documents = [_document(role, text) for role, text in texts_by_role]
    sentences = [extract_sentences(doc) for doc in documents]
    return documents, compare_documents(documents, sentences)


@given(before=texts, after=texts)
def test_compare_never_raises_and_quotes_exactly(before: str, after: str) -> None:
    documents, comparison = _compare([(Role.ORIGINAL, before), (Role.REVISED, after)])
    _check_comparison(documents, comparison)
    assert _compare([(Role.ORIGINAL, before), (Role.REVISED, after)])[1] == comparison


@given(before=prose(), after=prose(), against=texts)
def test_compare_with_a_counter_statement_quotes_exactly(
    before: str, after: str, against: str
) -> None:
    documents, comparison = _compare(
        [(Role.ORIGINAL, before), (Role.REVISED, after), (Role.AGAINST, against)]
    )
    _check_comparison(documents, comparison)


@given(text=texts)
def test_compare_without_sentences_splits_the_text_itself(text: str) -> None:
    documents = [_document(Role.ORIGINAL, text), _document(Role.REVISED, text + " Added.")]
    _check_comparison(documents, compare_documents(documents, [(), ()]))


SELF_COMPARISON_ALLOWED = frozenset({FindingKind.REWORDED, FindingKind.MOVED})


@given(text=texts)
def test_a_text_compared_with_itself_has_nothing_above_reworded(text: str) -> None:
    documents, comparison = _compare([(Role.ORIGINAL, text), (Role.REVISED, text)])
    _check_comparison(documents, comparison)
    for finding in comparison.findings:
        assert finding.kind in SELF_COMPARISON_ALLOWED, finding
        assert finding.severity == Severity.LOW, finding


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
PETITION_KEYS = ["data", "id", "type", "attributes", "links", "government_response"]
ATTRIBUTE_KEYS = [
    "action", "background", "additional_details", "state", "signature_count", "created_at",
    "government_response", "summary", "details", "responded_on", "updated_at", "debate",
    "related_activity", "subject", "body", "occurred_on", "self", "next", "last",
]  # fmt: skip


@st.composite
def petition_like_json(draw: st.DrawFn) -> bytes:
    """JSON shaped like the petitions API (the right keys, values of any type)."""
    keys = st.sampled_from(PETITION_KEYS + ATTRIBUTE_KEYS)
    shaped = st.recursive(
        json_values,
        lambda children: (
            st.dictionaries(keys, children, max_size=6) | st.lists(children, max_size=3)
        ),
        max_leaves=25,
    )
    return json.dumps(draw(shaped)).encode("utf-8")


HTML_TAGS = ["html", "body", "main", "article", "div", "p", "h1", "h2", "span", "a", "details"]
HTML_CLASSES = [
    "petition-action", "government-response", "response-summary", "response-details",
    "petition-show", "pagination", "related-activity", "signature-count",
]  # fmt: skip


@st.composite
def html_like(draw: st.DrawFn) -> bytes:
    """Nested tags with petition-page classes, text and stray markup."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(HTML_TAGS))
        cls = draw(st.sampled_from(HTML_CLASSES))
        inner = draw(st.one_of(prose(), st.text(max_size=40), st.just("<p>")))
        close = draw(st.sampled_from([f"</{tag}>", "", "</div></div>"]))
        parts.append(f'<{tag} class="{cls}">{inner}{close}')
    encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16"]))
    return "".join(parts).encode(encoding, errors="replace")


any_bytes = st.one_of(st.binary(max_size=2000), petition_like_json(), html_like())

PARSERS: dict[str, Callable[[bytes], Any]] = {
    "parse_petition_json": lambda body: petitions.parse_petition_json(
        body, source="fuzz", base_url=BASE_URL
    ),
    "parse_petition_list": lambda body: petitions.parse_petition_list(
        body, source="fuzz", base_url=BASE_URL
    ),
    "parse_petition_html": lambda body: petitions.parse_petition_html(
        body, source="fuzz", base_url=BASE_URL
    ),
    "parse_article_html": lambda body: articles.parse_article_html(body, source="fuzz"),
    "parse_bytes": lambda body: files.parse_bytes(body, source="fuzz"),
    "parse_bytes as JSON": lambda body: files.parse_bytes(
        body, source="fuzz.json", content_type="application/json"
    ),
    "parse_bytes as HTML": lambda body: files.parse_bytes(
        body, source="fuzz.html", content_type="text/html"
    ),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@given(body=any_bytes)
def test_parsers_raise_only_textcheck_errors_on_any_bytes(name: str, body: bytes) -> None:
    try:
        PARSERS[name](body)
    except TextcheckError as exc:
        message = str(exc)
        assert message and "\n" not in message.strip(), message
