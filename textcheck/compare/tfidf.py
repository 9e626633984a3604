"""TF-IDF rows for sentence pairing, computed with numpy and scipy.sparse.

The comparer needs only what scikit-learn's ``TfidfVectorizer`` computes with
``sublinear_tf=True`` and its defaults (lower-cased text, smoothed idf
``ln((1 + n) / (1 + df)) + 1``, each row l2-normalised): word n-grams over a token pattern,
and ``char_wb`` n-grams (each white-space separated word padded with one space, a word
shorter than n counted once).  Importing scikit-learn costs about a second of every
``textcheck compare`` run, more than the comparison itself, so the same formulas are written
here; ``tests/test_compare_tfidf.py`` checks the rows against scikit-learn's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

_WHITE_SPACES = re.compile(r"\s\s+")


def word_ngrams(text: str, low: int, high: int, token_pattern: str = r"\S+") -> list[str]:
    """The word n-grams of ``text`` (lower-cased), ``low`` to ``high`` words long."""
    tokens = re.findall(token_pattern, text.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside each word of ``text`` (lower-cased), padded with a space."""
    grams = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
            if len(padded) <= n:
                break  # a word no longer than n is counted once
    return grams


def tfidf_rows(documents: Sequence[Iterable[str]], max_features: int | None = None) -> csr_matrix:
    """Sublinear TF-IDF rows, l2-normalised, of documents given as their n-grams; with
    ``max_features`` only the most frequent n-grams over all documents are kept."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, grams in enumerate(documents):
        for gram in grams:
            rows.append(row)
            cols.append(vocabulary.setdefault(gram, len(vocabulary)))
    shape = (len(documents), max(len(vocabulary), 1))
    counts = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    counts.sum_duplicates()
    if max_features is not None and len(vocabulary) > max_features:
        totals = np.asarray(counts.sum(axis=0)).ravel()
        keep = np.sort(np.argsort(-totals, kind="stable")[:max_features])
        counts = counts[:, keep]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + counts.shape[0]) / (1 + df)) + 1
    counts.data = (np.log(counts.data) + 1) * idf[counts.indices]
    return normalised(counts)


def normalised(matrix: csr_matrix) -> csr_matrix:
    """The rows of ``matrix`` scaled to unit l2 norm (empty rows left at zero)."""
    squared = matrix.multiply(matrix).sum(axis=1)
    norms = np.sqrt(np.asarray(squared).ravel())
    norms[norms == 0] = 1.0
    scaled = matrix.multiply(1 / norms[:, None])
    return scaled.tocsr()
