"""The numpy re-implementation of scikit-learn's feature hashing and analysers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32 as sklearn_murmurhash

from textcheck.nlp.linear import (
    Vocabulary,
    _sublinear_tf,
    _view_decision,
    char_wb_buckets,
    char_wb_ngrams,
    hash_ngrams,
    murmurhash3_32,
    word_buckets,
    word_ngrams,
)


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
    assert _pairs(*word_buckets(vocabulary, 2**10)) == _reference_pairs(lowered, word_ngrams, 2**10)
    assert _pairs(*char_wb_buckets(vocabulary, 2**10)) == _reference_pairs(
        lowered, char_wb_ngrams, 2**10
    )


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
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


@pytest.mark.parametrize("count", [3, 2**14, 2**14 + 1])
def test_view_decision_is_bit_identical_with_narrow_and_wide_keys(count: int) -> None:
    """32-bit keys (up to 2**14 texts of 2**18 buckets) and 64-bit keys give the same floats."""
    rng = np.random.default_rng(count)
    n = 2**18
    rows = np.sort(rng.integers(0, count, 5000))
    rows[-1] = count - 1
    buckets = rng.integers(0, 50, 5000) * 5000  # few distinct buckets: repeated counts
    idf, coef = rng.random(n) + 1.0, rng.normal(size=n)
    expected = _reference_decision(rows, buckets, idf, coef, count)
    assert np.array_equal(_view_decision(rows, buckets, idf, coef, count), expected)


def test_sublinear_tf_is_one_plus_log() -> None:
    counts = np.array([1, 2, 1, 7, 3, 40, 1], dtype=np.int64)
    assert np.array_equal(_sublinear_tf(counts), 1.0 + np.log(counts))
