"""The numpy re-implementation of scikit-learn's feature hashing and analysers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32 as sklearn_murmurhash

from textcheck.nlp.linear import char_wb_ngrams, hash_ngrams, murmurhash3_32, word_ngrams


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
