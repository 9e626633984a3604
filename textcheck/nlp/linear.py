"""Scoring with the trained check-worthiness model without importing scikit-learn.

The shipped model (``checkworthiness.build_pipeline``) is linear: hashed word 1-2 grams and
``char_wb`` 2-5 grams, each view TF-IDF weighted (sublinear tf, l2 norm), a logistic
regression on the two views side by side, and optionally a sigmoid calibration of its
decision value.  Loading that pipeline with skops imports scikit-learn, scipy and skops
(about two seconds, more than scoring a 400 KB text takes), so training also writes the few
arrays scoring needs (``LinearWeights``: the idf of each hash bucket, the coefficients, the
intercept, the calibration) and ``score_texts`` reproduces the pipeline with numpy.

The analysers and the hash follow scikit-learn 1.x exactly (``HashingVectorizer`` with
``alternate_sign=False``: ``abs(murmurhash3_32(utf-8 bytes, seed=0)) % n_features``), so the
scores equal ``predict_proba`` to floating-point rounding; ``tests/test_checkworthiness.py``
checks that against the skops model.

Both analysers work inside white-space separated words, so a batch is analysed and hashed
once per distinct word (``Vocabulary``) and the buckets are laid out per occurrence with
numpy gathers; the (row, bucket) pairs are then counted with one sort per view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

SCORER_SERIES = "1"
"""The scikit-learn major version whose analysers and hashing ``score_texts`` reproduces."""

_WORD = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default ``token_pattern``."""
_WHITE_SPACES = re.compile(r"\s\s+")
"""scikit-learn's white-space run, collapsed before ``char_wb`` n-grams are cut."""

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)


@dataclass(frozen=True)
class LinearWeights:
    """What scoring needs from a trained model (see the module docstring)."""

    buckets: int
    word_idf: NDArray[np.float64]
    char_idf: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: float
    calibration: tuple[float, float] | None = None
    """``(a, b)`` of a sigmoid calibration, ``p = 1 / (1 + exp(a * f + b))``; None: raw."""

    def save(self, path: Path) -> None:
        """Write the arrays as a compressed ``.npz`` file."""
        a, b = self.calibration if self.calibration else (np.nan, np.nan)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                buckets=np.array(self.buckets),
                word_idf=self.word_idf,
                char_idf=self.char_idf,
                coef=self.coef,
                intercept=np.array(self.intercept),
                calibration=np.array([a, b]),
            )


def load_weights(path: Path) -> LinearWeights:
    """Read a file written by ``LinearWeights.save`` (plain arrays, no pickle allowed)."""
    with np.load(path, allow_pickle=False) as data:
        a, b = (float(x) for x in data["calibration"])
        return LinearWeights(
            buckets=int(data["buckets"]),
            word_idf=data["word_idf"],
            char_idf=data["char_idf"],
            coef=data["coef"],
            intercept=float(data["intercept"]),
            calibration=None if np.isnan(a) else (a, b),
        )


def score_texts(weights: LinearWeights, texts: Sequence[str]) -> list[float]:
    """Probability of the positive class for each text (the pipeline's ``predict_proba``)."""
    if not texts:
        return []
    n = weights.buckets
    vocabulary = Vocabulary.of([text.lower() for text in texts])
    decision = np.full(len(texts), weights.intercept)
    views = (
        (word_buckets(vocabulary, n), weights.word_idf, weights.coef[:n]),
        (char_wb_buckets(vocabulary, n), weights.char_idf, weights.coef[n:]),
    )
    for (rows, buckets), idf, coef in views:
        decision += _view_decision(rows, buckets, idf, coef, len(texts))
    if weights.calibration is not None:
        a, b = weights.calibration
        return [float(p) for p in 1.0 / (1.0 + np.exp(a * decision + b))]
    return [float(p) for p in 1.0 / (1.0 + np.exp(-decision))]


def _view_decision(
    rows: NDArray[np.int64],
    buckets: NDArray[np.int64],
    idf: NDArray[np.float64],
    coef: NDArray[np.float64],
    count: int,
) -> NDArray[np.float64]:
    """One view's share of each row's decision value: its l2-normed sublinear tf-idf · coef.

    The (row, bucket) pairs are counted with one sort (``np.unique``), which also fixes the
    order ``np.bincount`` sums each row in: ascending bucket, whatever order the pairs came.
    The sort keys are 32-bit whenever they fit (a batch of up to 16,384 texts), which halves
    the time of that sort, the costliest step of scoring.
    """
    n = len(idf)
    narrow = count * n <= 2**32
    keys, counts = np.unique(
        (rows * n + buckets).astype(np.uint32 if narrow else np.int64), return_counts=True
    )
    row, col = np.divmod(keys, n)
    row = row.astype(np.intp)  # once, not in each bincount
    values = _sublinear_tf(counts) * idf[col]
    norms = np.sqrt(np.bincount(row, weights=values**2, minlength=count))
    dots = np.bincount(row, weights=values * coef[col], minlength=count)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def _sublinear_tf(counts: NDArray[np.int64]) -> NDArray[np.float64]:
    """``1 + log(count)`` of each count, read from a table of the few distinct counts.

    Counts are small integers, so ``np.log`` of ``1..max`` and one gather is over twice as
    fast as the log of a million counts, and gives the same floats (same inputs, same log).
    """
    table = 1.0 + np.log(np.arange(1, int(counts.max(initial=1)) + 1, dtype=np.float64))
    return table[counts - 1]


@dataclass(frozen=True)
class Vocabulary:
    """The white-space separated words of a batch of documents: each distinct word once.

    Both analysers work inside such words (``char_wb`` pads each word, a ``token_pattern``
    token never holds white space), so each distinct word is analysed and hashed once and
    its buckets are copied to every occurrence with numpy gathers; a text repeats its words
    many times (Zipf), which is where scoring used to spend its time.
    """

    words: list[str]
    """Distinct words, in order of first occurrence."""
    ids: NDArray[np.int64]
    """For each occurrence of a word in the batch, in document order: its index in words."""
    rows: NDArray[np.int64]
    """For each occurrence: the index of its document."""

    @classmethod
    def of(cls, documents: Iterable[str]) -> Vocabulary:
        """Split ``documents`` on white space (a run of it counts once, as in ``char_wb``)."""
        pooled: list[str] = []
        lengths: list[int] = []
        for document in documents:
            words = document.split()
            pooled.extend(words)
            lengths.append(len(words))
        index = {word: number for number, word in enumerate(dict.fromkeys(pooled))}
        ids = np.fromiter(map(index.__getitem__, pooled), dtype=np.int64, count=len(pooled))
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        return cls(list(index), ids, rows)

    def expand(
        self, items: Iterable[Sequence[str]], buckets: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Hash ``items`` (strings per distinct word) and lay them out per word occurrence.

        Returns, for every item of every word occurrence in batch order: the document row,
        the hash bucket, and the item's index among the pooled items of the distinct words.
        """
        item_rows, item_buckets = hash_ngrams(items, buckets)
        sizes = np.bincount(item_rows, minlength=len(self.words))
        counts = sizes[self.ids]
        ends = np.cumsum(counts)
        starts = (np.cumsum(sizes) - sizes)[self.ids]
        positions = np.repeat(starts - (ends - counts), counts) + np.arange(
            ends[-1] if len(ends) else 0, dtype=np.int64
        )
        return np.repeat(self.rows, counts), item_buckets[positions], positions


def word_buckets(
    vocabulary: Vocabulary, buckets: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row and bucket of every word 1- and 2-gram (``word_ngrams``) of the batch's documents.

    Tokens are found and hashed per distinct white-space word; a 2-gram joins the last
    token of one word to the first of the next, so 2-grams are built from the batch's token
    sequence, and each distinct pair is joined and hashed once.
    """
    tokens_of_word = [_WORD.findall(word) for word in vocabulary.words]
    rows, unigrams, positions = vocabulary.expand(tokens_of_word, buckets)
    tokens = [token for found in tokens_of_word for token in found]
    number = {token: index for index, token in enumerate(dict.fromkeys(tokens))}
    token_ids = np.fromiter(map(number.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    sequence = token_ids[positions]
    same_row = rows[1:] == rows[:-1]
    width = max(len(number), 1)
    distinct, pair_of = np.unique(
        sequence[:-1][same_row] * width + sequence[1:][same_row], return_inverse=True
    )
    names = list(number)
    pairs = [
        names[first] + " " + names[second]
        for first, second in zip(
            (distinct // width).tolist(), (distinct % width).tolist(), strict=True
        )
    ]
    pair_buckets = hash_ngrams([pairs], buckets)[1]
    return (
        np.concatenate([rows, rows[1:][same_row]]),
        np.concatenate([unigrams, pair_buckets[pair_of]]),
    )


def char_wb_buckets(
    vocabulary: Vocabulary, buckets: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row and bucket of every ``char_wb`` 2-5-gram of the batch's documents."""
    grams = [_word_char_ngrams(word, 2, 5) for word in vocabulary.words]
    rows, char_buckets, _ = vocabulary.expand(grams, buckets)
    return rows, char_buckets


def word_ngrams(text: str) -> list[str]:
    """Word 1- and 2-grams of lower-cased ``text`` (scikit-learn's ``word`` analyser)."""
    tokens = _WORD.findall(text)
    return tokens + [" ".join(pair) for pair in pairwise(tokens)]


def char_wb_ngrams(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character ``low``-``high``-grams inside space-padded words (``char_wb``)."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        grams.extend(_word_char_ngrams(word, low, high))
    return grams


@lru_cache(maxsize=65536)
def _word_char_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """One word's ``char_wb`` n-grams (cached: a text repeats its words many times)."""
    padded = " " + word + " "
    length = len(padded)
    grams: list[str] = []
    for size in range(low, high + 1):
        if length <= size:
            grams.append(padded)  # a short word counts once, whole
            break
        grams.extend(padded[offset : offset + size] for offset in range(length - size + 1))
    return tuple(grams)


def hash_ngrams(
    documents: Iterable[Sequence[str]], buckets: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row and hash bucket of every n-gram of every document (repeats kept, to be counted).

    Each distinct n-gram is hashed once: the n-grams are pooled, deduplicated with a dict
    and mapped back to their rows, all in C loops (``dict.fromkeys``, ``map``).
    """
    pooled: list[str] = []
    lengths: list[int] = []
    for grams in documents:
        pooled.extend(grams)
        lengths.append(len(grams))
    index = {gram: number for number, gram in enumerate(dict.fromkeys(pooled))}
    columns = np.fromiter(map(index.__getitem__, pooled), dtype=np.int64, count=len(pooled))
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    encoded = [gram.encode("utf-8") for gram in index]
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    unique = np.zeros(len(encoded), dtype=np.int64)
    for size in np.unique(sizes):
        positions = np.flatnonzero(sizes == size)
        chunk = b"".join([encoded[i] for i in positions])
        matrix = np.frombuffer(chunk, dtype=np.uint8).reshape(len(positions), int(size))
        unique[positions] = np.abs(murmurhash3_32(matrix).astype(np.int64)) % buckets
    return rows, unique[columns]


def murmurhash3_32(data: NDArray[np.uint8]) -> NDArray[np.int32]:
    """MurmurHash3 x86 32-bit, seed 0, of each row of equal-length byte strings (signed).

    Austin Appleby's public-domain reference algorithm, the hash scikit-learn's feature
    hashing uses, vectorised over rows.
    """
    count, length = data.shape
    h = np.zeros(count, dtype=np.uint32)
    blocks = length // 4
    with np.errstate(over="ignore"):
        if blocks:
            words = np.ascontiguousarray(data[:, : blocks * 4]).view("<u4")
            for i in range(blocks):
                k = words[:, i] * _C1
                k = _rotl(k, 15) * _C2
                h ^= k
                h = _rotl(h, 13) * np.uint32(5) + np.uint32(0xE6546B64)
        tail = data[:, blocks * 4 :].astype(np.uint32)
        if tail.shape[1]:
            k = np.zeros(count, dtype=np.uint32)
            for i in range(tail.shape[1] - 1, -1, -1):
                k ^= tail[:, i] << np.uint32(8 * i)
            k = _rotl(k * _C1, 15) * _C2
            h ^= k
        h ^= np.uint32(length)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h.view(np.int32)


def _rotl(value: NDArray[np.uint32], shift: int) -> NDArray[np.uint32]:
    return (value << np.uint32(shift)) | (value >> np.uint32(32 - shift))
