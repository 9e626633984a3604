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
once per distinct word (``Vocabulary``) and the n-grams are laid out per occurrence with
numpy gathers (``Hashed``); the (row, bucket) pairs are then counted with one sort per view,
on keys that number only the buckets the batch uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # numpy.typing is only needed by the type checker (an import saved)
    from numpy.typing import NDArray

SCORER_SERIES = "1"
"""The scikit-learn major version whose analysers and hashing ``score_texts`` reproduces."""

_WORD = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default ``token_pattern``."""

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
    return score_vocabulary(weights, Vocabulary.of([text.lower() for text in texts]))


def score_vocabulary(weights: LinearWeights, vocabulary: Vocabulary) -> list[float]:
    """``score_texts`` of the lower-cased documents ``vocabulary`` was made of."""
    if not vocabulary.documents:
        return []
    n = weights.buckets
    decision = np.full(vocabulary.documents, weights.intercept)
    views = (
        (word_buckets(vocabulary, n), weights.word_idf, weights.coef[:n]),
        (char_wb_buckets(vocabulary, n), weights.char_idf, weights.coef[n:]),
    )
    for hashed, idf, coef in views:
        decision += _view_decision(hashed, idf, coef, vocabulary.documents)
    if weights.calibration is not None:
        a, b = weights.calibration
        return [float(p) for p in 1.0 / (1.0 + np.exp(a * decision + b))]
    return [float(p) for p in 1.0 / (1.0 + np.exp(-decision))]


def view_decisions(
    hashed: Hashed, idf: NDArray[np.float64], coef: NDArray[np.float64], count: int
) -> NDArray[np.float64]:
    """``_view_decision`` for several linear models at once: ``coef`` has one row per model
    over the same idf (one-vs-rest classifiers fitted on one TF-IDF matrix); returns the
    ``(count, models)`` decision shares.  The tf-idf values are laid out once."""
    row, values, norms, present, rank = _view_values(hashed, idf, count)
    out = np.zeros((count, coef.shape[0]))
    for column, weights in enumerate(coef):
        dots = np.bincount(row, weights=values * weights[present][rank], minlength=count)
        out[:, column] = np.divide(dots, norms, out=np.zeros(count), where=norms > 0)
    return out


def _view_decision(
    hashed: Hashed, idf: NDArray[np.float64], coef: NDArray[np.float64], count: int
) -> NDArray[np.float64]:
    """One view's share of each row's decision value: its l2-normed sublinear tf-idf · coef.

    The (row, bucket) pairs are counted with one sort (``np.unique``), which also fixes the
    order ``np.bincount`` sums each row in: ascending bucket, whatever order the pairs came.
    For speed the buckets are first renumbered by rank among the few the batch uses
    (``present``, sorted, so the order is the same): the sort keys then stay 32-bit for any
    realistic batch (half the time of a 64-bit sort, the costliest step of scoring), and
    the idf and coefficients are read from small arrays that stay in cache instead of
    scattered reads from 2**18-long ones.
    """
    row, values, norms, present, rank = _view_values(hashed, idf, count)
    dots = np.bincount(row, weights=values * coef[present][rank], minlength=count)
    # A float ``out``: with no n-gram at all, bincount ignores the weights and counts in ints.
    return np.divide(dots, norms, out=np.zeros(count), where=norms > 0)


def _view_values(
    hashed: Hashed, idf: NDArray[np.float64], count: int
) -> tuple[
    NDArray[np.intp], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], NDArray[Any]
]:
    """Each (row, bucket) pair's row and tf-idf value, each row's l2 norm, and the buckets
    present with each pair's rank among them (see ``_view_decision``)."""
    present, rank_of_id = np.unique(hashed.id_buckets, return_inverse=True)
    width = max(len(present), 1)
    key = np.uint32 if count * width <= 2**32 else np.int64
    keys = rank_of_id.astype(key)[hashed.ids]
    keys += np.multiply(hashed.rows, width, dtype=key, casting="unsafe")
    keys, counts = np.unique(keys, return_counts=True)
    row, rank = np.divmod(keys, width)
    row = row.astype(np.intp)  # once, not in each bincount
    values = _sublinear_tf(counts) * idf[present][rank]
    norms = np.sqrt(np.bincount(row, weights=values**2, minlength=count))
    return row, values, norms, present, rank


def _sublinear_tf(counts: NDArray[np.int64]) -> NDArray[np.float64]:
    """``1 + log(count)`` of each count, read from a table of the few distinct counts.

    Counts are small integers, so ``np.log`` of ``1..max`` and one gather is over twice as
    fast as the log of a million counts, and gives the same floats (same inputs, same log).
    """
    table = 1.0 + np.log(np.arange(1, int(counts.max(initial=1)) + 1, dtype=np.float64))
    return table[counts - 1]


@dataclass(frozen=True)
class Hashed:
    """Every hashed n-gram occurrence of a batch, for one view: its row and its bucket.

    The bucket of occurrence ``i`` is ``id_buckets[ids[i]]``: the n-grams are hashed once
    per distinct word (or word pair), and ``ids`` points into those hashes, so the bucket
    of each of the million-odd occurrences is never gathered from them, only its rank.
    """

    rows: NDArray[np.integer]
    """The document row of each occurrence, in batch order."""
    ids: NDArray[np.integer]
    """For each occurrence: the index of its bucket in ``id_buckets``."""
    id_buckets: NDArray[np.int64]
    """Hash buckets (repeats allowed) that ``ids`` point to."""

    def buckets(self) -> NDArray[np.int64]:
        """The bucket of each occurrence."""
        return self.id_buckets[self.ids]


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
    documents: int
    """How many documents the batch holds (the last ones may have no word)."""

    @classmethod
    def of(cls, documents: Iterable[str]) -> Vocabulary:
        """Split ``documents`` on white space (a run of it counts once, as in ``char_wb``)."""
        return cls.of_words(document.split() for document in documents)

    @classmethod
    def of_words(cls, documents: Iterable[Sequence[str]], *, lower: bool = False) -> Vocabulary:
        """The vocabulary of documents already split on white space (``str.split``).

        With ``lower``, that of the lower-cased documents: each distinct word is lower-cased
        once, which equals lower-casing the texts (``str.lower`` never turns white space into
        anything else or anything else into white space, and its final-sigma rule stops at
        white space; ``tests/test_nlp_linear.py`` checks every code point), so a caller that
        has split the texts already need not lower-case and split them again.
        """
        words, ids, rows, count = pool_strings(documents)
        if lower:
            folded = [word.lower() for word in words]
            index = {word: number for number, word in enumerate(dict.fromkeys(folded))}
            ids = np.fromiter(map(index.__getitem__, folded), np.int64, len(folded))[ids]
            words = list(index)
        return cls(words, ids, rows, count)

    def expand(
        self, items: Iterable[Sequence[str]], buckets: int
    ) -> tuple[NDArray[np.integer], NDArray[np.integer], NDArray[np.int64]]:
        """Hash ``items`` (strings per distinct word) and lay them out per word occurrence.

        Returns what ``lay_out`` does.
        """
        return self.lay_out(*hash_ngrams(items, buckets))

    def lay_out(
        self, item_rows: NDArray[np.int64], item_buckets: NDArray[np.int64]
    ) -> tuple[NDArray[np.integer], NDArray[np.integer], NDArray[np.int64]]:
        """Lay out hashed items of the distinct words per word occurrence.

        ``item_rows`` is the index in ``words`` of each item's word, ascending (each word's
        items together, in word order); ``item_buckets`` the item's hash bucket.  Returns, for
        every item of every word occurrence in batch order: the document row and the item's
        index among the items; then ``item_buckets``.  The first two are 32-bit when they fit:
        they hold a million-odd entries for a 400 KB text, and half the bytes is a good part
        less time (in a fresh process, every new page of such an array costs a page fault).
        """
        sizes = np.bincount(item_rows, minlength=len(self.words))
        counts = sizes[self.ids]
        ends = np.cumsum(counts)
        starts = (np.cumsum(sizes) - sizes)[self.ids]
        total = int(ends[-1]) if len(ends) else 0
        index = np.int32 if total < 2**31 else np.int64
        positions = np.repeat((starts - (ends - counts)).astype(index), counts)
        positions += np.arange(total, dtype=index)
        return np.repeat(self.rows.astype(index), counts), positions, item_buckets


def word_buckets(vocabulary: Vocabulary, buckets: int) -> Hashed:
    """Row and bucket of every word 1- and 2-gram (scikit-learn's ``word`` analyser) of the
    batch's documents.

    Tokens are found and hashed per distinct white-space word; a 2-gram joins the last
    token of one word to the first of the next, so 2-grams are built from the batch's token
    sequence, and each distinct pair is joined and hashed once.
    """
    tokens_of_word = [_WORD.findall(word) for word in vocabulary.words]
    rows, positions, token_buckets = vocabulary.expand(tokens_of_word, buckets)
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
    return Hashed(
        rows=np.concatenate([rows, rows[1:][same_row]]),
        ids=np.concatenate([positions, len(token_buckets) + pair_of]),
        id_buckets=np.concatenate([token_buckets, pair_buckets]),
    )


def char_wb_buckets(vocabulary: Vocabulary, buckets: int) -> Hashed:
    """Row and bucket of every ``char_wb`` 2-5-gram of the batch's documents.

    The n-grams of the ASCII words (nearly all of them) are cut and hashed with numpy
    (``_ascii_char_wb_buckets``), a few Python steps per n-gram size instead of several per
    n-gram; the other words' n-grams are cut as strings (a character may take several
    UTF-8 bytes).
    """
    words = vocabulary.words
    ascii_words = np.fromiter(map(str.isascii, words), dtype=bool, count=len(words))
    ascii_index, other_index = np.flatnonzero(ascii_words), np.flatnonzero(~ascii_words)
    ascii_rows, ascii_buckets = _ascii_char_wb_buckets([words[i] for i in ascii_index], buckets)
    other_rows, other_buckets = hash_ngrams(
        [_word_char_ngrams(words[i], 2, 5) for i in other_index], buckets
    )
    rows = np.concatenate([ascii_index[ascii_rows], other_index[other_rows]])
    order = np.argsort(rows, kind="stable")  # each word's n-grams together, in word order
    return Hashed(
        *vocabulary.lay_out(rows[order], np.concatenate([ascii_buckets, other_buckets])[order])
    )


def _ascii_char_wb_buckets(
    words: Sequence[str], buckets: int, low: int = 2, high: int = 5
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Index of the word and hash bucket of every ``char_wb`` n-gram of ASCII ``words``.

    The n-grams of a word padded to length ``L`` are its windows of each size from ``low``
    to ``min(high, L)`` (a padded word no longer than a size counts once, whole: that is its
    one window of size ``L``), so each size's windows of all the words are gathered from
    their bytes as one matrix and hashed in one ``murmurhash3_32`` call.
    """
    padded = [" " + word + " " for word in words]
    data = np.frombuffer("".join(padded).encode("ascii"), dtype=np.uint8)
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    starts = np.cumsum(lengths) - lengths
    word_index = np.arange(len(words), dtype=np.int64)
    rows: list[NDArray[np.int64]] = []
    hashes: list[NDArray[np.int32]] = []
    for size in range(low, high + 1):
        counts = np.maximum(lengths - size + 1, 0)
        firsts = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        firsts += np.arange(len(firsts), dtype=np.int64)
        rows.append(np.repeat(word_index, counts))
        hashes.append(murmurhash3_32(data[firsts[:, np.newaxis] + np.arange(size)]))
    return np.concatenate(rows), np.abs(np.concatenate(hashes).astype(np.int64)) % buckets


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


def pool_strings(
    documents: Iterable[Sequence[str]],
) -> tuple[list[str], NDArray[np.int64], NDArray[np.int64], int]:
    """The distinct strings of ``documents`` (first seen first), for every string of every
    document its number among them and its document's row, and how many documents there are.

    Pooled and deduplicated in C loops (``dict.fromkeys``, ``map``), so that what is done
    per distinct string (hashing, cutting n-grams) is done once.
    """
    pooled: list[str] = []
    lengths: list[int] = []
    for strings in documents:
        pooled.extend(strings)
        lengths.append(len(strings))
    index = {string: number for number, string in enumerate(dict.fromkeys(pooled))}
    ids = np.fromiter(map(index.__getitem__, pooled), dtype=np.int64, count=len(pooled))
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    return list(index), ids, rows, len(lengths)


def hash_ngrams(
    documents: Iterable[Sequence[str]], buckets: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row and hash bucket of every n-gram of every document (repeats kept, to be counted).

    Each distinct n-gram is hashed once (``pool_strings``).
    """
    distinct, columns, rows, _ = pool_strings(documents)
    encoded = [gram.encode("utf-8") for gram in distinct]
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    unique = np.zeros(len(encoded), dtype=np.int64)
    # The distinct lengths from a bincount, not np.unique: unique without counts or inverse
    # imports numpy.ma on its first call (~10 ms of a cold process).
    for size in np.flatnonzero(np.bincount(sizes)):
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
