"""The comparer's own TF-IDF (``compare.tfidf``) gives scikit-learn's rows, so pairing by
similarity is unchanged while ``textcheck compare`` no longer imports scikit-learn."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from tests.compare_cases import load_seed
from textcheck.compare.tfidf import char_wb_ngrams, tfidf_rows, word_ngrams

TEXTS = [
    "We set our PIP assessment providers challenging targets.",
    "Providers consistently exceed the Customer Satisfaction target of 90%.",
    "A   short  line\twith  odd   spacing and a word: a",
    "",
    "Ünïcode words, “curly quotes” and 2019-20 figures — £1.2bn.",
]


def _dense(matrix: object) -> np.ndarray:
    return np.asarray(matrix.todense())  # type: ignore[attr-defined]


def _sorted_columns(matrix: np.ndarray) -> np.ndarray:
    """Rows compared as multisets of weights (column order differs between the two)."""
    return np.sort(matrix, axis=1)


@pytest.mark.parametrize("texts", [TEXTS, list(load_seed().values())[:2]])
def test_word_rows_equal_scikit_learn(texts: list[str]) -> None:
    ours = _dense(tfidf_rows([word_ngrams(t, 1, 2) for t in texts]))
    theirs = _dense(
        TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True
        ).fit_transform(texts)
    )
    np.testing.assert_allclose(ours @ ours.T, theirs @ theirs.T, atol=1e-12)
    width = min(ours.shape[1], theirs.shape[1])
    np.testing.assert_allclose(
        _sorted_columns(ours)[:, -width:], _sorted_columns(theirs)[:, -width:], atol=1e-12
    )


@pytest.mark.parametrize("texts", [TEXTS, list(load_seed().values())[:2]])
def test_char_wb_rows_equal_scikit_learn(texts: list[str]) -> None:
    ours = _dense(tfidf_rows([char_wb_ngrams(t, 3, 5) for t in texts]))
    theirs = _dense(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(
            texts
        )
    )
    np.testing.assert_allclose(ours @ ours.T, theirs @ theirs.T, atol=1e-12)


def test_max_features_keeps_the_most_frequent_ngrams() -> None:
    rows = tfidf_rows([["a", "a", "b"], ["a", "c"]], max_features=1)
    assert rows.shape == (2, 1)
    assert np.allclose(_dense(rows).ravel(), [1.0, 1.0])


def test_compare_never_imports_scikit_learn() -> None:
    code = (
        "import sys\n"
        "from tests.compare_cases import compare_texts, load_seed\n"
        "seed = load_seed()\n"
        "compare_texts(('original', seed['original']), ('revised', seed['revised']))\n"
        "sys.exit(1 if 'sklearn' in sys.modules else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
