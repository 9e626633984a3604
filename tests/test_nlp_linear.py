"""The numpy re-implementation of scikit-learn's feature hashing and analysers."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32 as sklearn_murmurhash

from textcheck.nlp.linear import (
    Hashed,
    Vocabulary,
    _ascii_char_wb_buckets,
    _sublinear_tf,
    _view_decision,
    _word_char_ngrams,
    char_wb_buckets,
    hash_ngrams,
    murmurhash3_32,
    word_buckets,
)

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default ``token_pattern``."""


def word_ngrams(text: str) -> list[str]:
    """Reference: word 1- and 2-grams of lower-cased ``text`` (scikit-learn's ``word``
    analyser, checked against it below), string by string."""
    tokens = _TOKEN.findall(text)
    return tokens + [" ".join(pair) for pair in pairwise(tokens)]


def char_wb_ngrams(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Reference: character ``low``-``high``-grams inside space-padded words (``char_wb``,
    checked against scikit-learn below), string by string."""
    grams: list[str] = []
    for word in re.sub(r"\s\s+", " ", text).split():
        grams.extend(_word_char_ngrams(word, low, high))
    return grams


def _hash(data: bytes) -> int:
    matrix = np.frombuffer(data, dtype=np.uint8).reshape(1, len(data))
    return int(murmurhash3_32(matrix)[0])


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=40))
def test_murmurhash_equals_scikit_learns(data: bytes) -> None:
    assert _hash(data) == sklearn_murmurhash(data, seed=0)


def test_murmurhash_reference_value() -> None:
    """Appleby's MurmurHash3_x86_32("hello", seed 0) is 0x248bfa47."""
    assert _hash(b"hello") == 0x248BFA47


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_analysers_equal_scikit_learns(text: str) -> None:
    word = HashingVectorizer(ngram_range=(1, 2)).build_analyzer()
    char = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert sorted(word_ngrams(text.lower())) == sorted(word(text))
    assert sorted(char_wb_ngrams(text.lower())) == sorted(char(text))


def test_hashed_buckets_equal_hashing_vectorizer() -> None:
    texts = ["The £4.2bn fund rose by 3%.", "", "Naïve café — “quotes”", "a b a b"]
    vectorizer = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), n_features=2**10, alternate_sign=False, norm=None
    )
    expected = vectorizer.transform(texts).toarray()
    rows, buckets = hash_ngrams((char_wb_ngrams(t.lower()) for t in texts), 2**10)
    counts = np.zeros_like(expected)
    np.add.at(counts, (rows, buckets), 1.0)
    assert np.array_equal(counts, expected)


def _pairs(rows: np.ndarray, buckets: np.ndarray) -> list[tuple[int, int]]:
    return sorted(zip(rows.tolist(), buckets.tolist(), strict=True))


def _hashed_pairs(hashed: Hashed) -> list[tuple[int, int]]:
    return _pairs(hashed.rows, hashed.buckets())


def _reference_pairs(
    documents: list[str], analyse: Callable[[str], list[str]], buckets: int
) -> list[tuple[int, int]]:
    """(row, bucket) of every n-gram, the straightforward way: analyse each text whole."""
    return _pairs(*hash_ngrams((analyse(document) for document in documents), buckets))


_TEXT_PIECES = st.sampled_from(
    [
        "the", "The", "fund", "rose", "£4.2bn", "3%", "a", "I", "don't", "n’t", "café", "İ",
        "ſ", " ", "  ", "\n", "\t", "\u00a0", ".", ",", "—", "“", "”", "_", "x1", "",
    ]
)  # fmt: skip
_DOCUMENTS = st.lists(
    st.one_of(st.text(max_size=30), st.lists(_TEXT_PIECES, max_size=12).map("".join)),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_per_word_analysis_gives_every_texts_ngrams(documents: list[str]) -> None:
    """Analysing each distinct word once yields the same n-grams per text as whole texts."""
    lowered = [document.lower() for document in documents]
    vocabulary = Vocabulary.of(lowered)
    words = _hashed_pairs(word_buckets(vocabulary, 2**10))
    assert words == _reference_pairs(lowered, word_ngrams, 2**10)
    assert _hashed_pairs(char_wb_buckets(vocabulary, 2**10)) == _reference_pairs(
        lowered, char_wb_ngrams, 2**10
    )


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_vocabulary_of_words_lowered_equals_of_lowered_texts(documents: list[str]) -> None:
    expected = Vocabulary.of([document.lower() for document in documents])
    found = Vocabulary.of_words((document.split() for document in documents), lower=True)
    assert found.words == expected.words
    assert found.documents == expected.documents == len(documents)
    assert np.array_equal(found.ids, expected.ids)
    assert np.array_equal(found.rows, expected.rows)


def test_lower_casing_keeps_white_space_apart() -> None:
    """What ``Vocabulary.of_words(lower=True)`` relies on: lower-casing a text and splitting it
    gives its words lower-cased, for every code point and for the final-sigma rule (the only
    context-dependent one) on either side of every white-space character."""
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        lowered = character.lower()
        assert lowered
        assert all(c.isspace() == character.isspace() for c in lowered), hex(code)
    spaces = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and chr(c).isspace()]
    for space in spaces:
        for text in ("AΣ" + space + "A", "A" + space + "ΣA", "A\u0301Σ" + space + "\u0301A"):
            assert text.lower().split() == [word.lower() for word in text.split()]


def _reference_decision(
    rows: np.ndarray, buckets: np.ndarray, idf: np.ndarray, coef: np.ndarray, count: int
) -> np.ndarray:
    """The view's decision as first written: int64 keys, ``1 + np.log`` of every count."""
    n = len(idf)
    keys, counts = np.unique(rows * n + buckets, return_counts=True)
    row, col = keys // n, keys % n
    values = (1.0 + np.log(counts)) * idf[col]
    norms = np.sqrt(np.bincount(row, weights=values**2, minlength=count))
    dots = np.bincount(row, weights=values * coef[col], minlength=count)
    return np.divide(dots, norms, out=np.zeros(count), where=norms > 0)


@pytest.mark.parametrize("count", [3, 2**14, 2**14 + 1])
def test_view_decision_is_bit_identical_with_narrow_and_wide_keys(count: int) -> None:
    """32-bit keys (up to 2**14 texts when all 2**18 buckets are in use) and 64-bit keys give
    the same floats."""
    rng = np.random.default_rng(count)
    n = 2**18
    rows = np.sort(rng.integers(0, count, 5000))
    rows[-1] = count - 1
    buckets = rng.integers(0, 50, 5000) * 5000  # few distinct buckets: repeated counts
    idf, coef = rng.random(n) + 1.0, rng.normal(size=n)
    expected = _reference_decision(rows, buckets, idf, coef, count)
    every_bucket = Hashed(rows, buckets, np.arange(n))  # keys as wide as all n buckets
    assert np.array_equal(_view_decision(every_bucket, idf, coef, count), expected)
    assert np.array_equal(
        _view_decision(Hashed(rows, np.arange(len(buckets)), buckets), idf, coef, count),
        expected,
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 11)), max_size=80),
    st.lists(st.integers(0, 2**10 - 1), min_size=12, max_size=12),
)
def test_view_decision_by_rank_equals_by_bucket(
    occurrences: list[tuple[int, int]], id_buckets: list[int]
) -> None:
    """Renumbering the buckets in use by rank changes no float, whatever the order of the
    occurrences and however many ids share a bucket."""
    count, n = 5, 2**10
    rows = np.array([row for row, _ in occurrences], dtype=np.int64)
    ids = np.array([i for _, i in occurrences], dtype=np.int64)
    hashed = Hashed(rows, ids, np.array(id_buckets, dtype=np.int64))
    rng = np.random.default_rng(len(occurrences))
    idf, coef = rng.random(n) + 1.0, rng.normal(size=n)
    expected = _reference_decision(rows, hashed.buckets(), idf, coef, count)
    assert np.array_equal(_view_decision(hashed, idf, coef, count), expected)


def test_sublinear_tf_is_one_plus_log() -> None:
    counts = np.array([1, 2, 1, 7, 3, 40, 1], dtype=np.int64)
    assert np.array_equal(_sublinear_tf(counts), 1.0 + np.log(counts))


def test_view_without_ngrams_adds_nothing() -> None:
    """A batch where a view has no n-gram at all (no word of two letters, say) scores 0."""
    empty = np.zeros(0, dtype=np.int64)
    decision = _view_decision(Hashed(empty, empty, empty), np.ones(8), np.ones(8), 3)
    assert decision.dtype == np.float64
    assert np.array_equal(decision, np.zeros(3))


_ASCII_WORDS = st.lists(
    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(_ASCII_WORDS)
def test_ascii_char_wb_buckets_equal_per_word_strings(words: list[str]) -> None:
    """Cutting and hashing the n-grams of ASCII words with numpy gives each word's n-grams."""
    rows, buckets = _ascii_char_wb_buckets(words, 2**10)
    expected = hash_ngrams([_word_char_ngrams(word, 2, 5) for word in words], 2**10)
    assert _pairs(rows, buckets) == _pairs(*expected)
