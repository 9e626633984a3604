"""Pairing the sentences of two texts by similarity, one to one, with moved sentences.

Sentences are vectorised with TF-IDF over word stems (uni- and bigrams) and character
n-grams (so "maintain"/"maintained" and re-punctuated sentences stay close), compared by
cosine, and paired by an optimal one-to-one assignment (the Hungarian method of
``scipy.optimize.linear_sum_assignment``).  Sentences whose stems are identical are paired
first, so long identical texts cost nothing.  A pair is ``moved`` when it falls outside the
longest run of pairs that keep their order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np

from textcheck.compare.tfidf import char_wb_ngrams, normalised, tfidf_rows, word_ngrams
from textcheck.compare.wording import Token, fold, tokenize
from textcheck.records import Sentence

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

PAIR_MIN_SIMILARITY = 0.42
"""Cosine below which two sentences are not counted as versions of each other (tuned on
the 241560 revision and the constructed cases in corpora/compare)."""
SECOND_PASS_SIMILARITY = 0.3
"""Cosine at which a leftover pair is accepted when it shares a run of words."""
SHARED_RUN = 4
"""Words in a row two leftover sentences must share to be paired in the second pass."""
MAX_ASSIGNMENT = 1500
"""Above this many unpaired sentences a side, pairs are taken greedily (mutual best match)
instead of by the cubic-time optimal assignment."""


@dataclass(frozen=True)
class Unit:
    """A sentence of one document, tokenised, with its row in the similarity matrix."""

    doc: int
    index: int
    row: int
    sentence: Sentence
    tokens: tuple[Token, ...]

    @property
    def key(self) -> tuple[str, ...]:
        """The sentence's word stems (equal keys mean a cosmetic difference at most)."""
        return tuple(t.stem for t in self.tokens if t.is_word)

    @property
    def text(self) -> str:
        """The sentence text."""
        return self.sentence.text


@dataclass(frozen=True)
class Pair:
    """Two sentences taken to be versions of each other."""

    a: Unit
    b: Unit
    similarity: float
    moved: bool = False


def build_units(doc: int, sentences: Sequence[Sentence], first_row: int) -> list[Unit]:
    """Units for the sentences of document ``doc`` (rows numbered from ``first_row``)."""
    units: list[Unit] = []
    for sentence in sentences:
        tokens = tokenize(sentence.text, sentence.start)
        if any(t.is_word for t in tokens):
            units.append(Unit(doc, len(units), first_row + len(units), sentence, tokens))
    return units


def build_vectors(units: Sequence[Unit]) -> csr_matrix:
    """L2-normalised TF-IDF rows (word stems + character n-grams), one per unit.

    scipy is imported here, not at module load, so commands that never compare
    (``textcheck claims``) do not pay for importing it; the TF-IDF is scikit-learn's
    formula without importing scikit-learn (``compare.tfidf``).
    """
    from scipy.sparse import csr_matrix, hstack

    if not units:
        return csr_matrix((0, 1))
    word_vectors = tfidf_rows([word_ngrams(" ".join(u.key), 1, 2) for u in units])
    char_vectors = tfidf_rows(
        [char_wb_ngrams(fold(u.text), 3, 5) for u in units], max_features=200_000
    )
    return normalised(hstack([word_vectors, char_vectors]).tocsr())


def similarity(vectors: csr_matrix, a: Sequence[Unit], b: Sequence[Unit]) -> np.ndarray:
    """Dense cosine matrix between the units ``a`` (rows) and ``b`` (columns)."""
    if not a or not b:
        return np.zeros((len(a), len(b)))
    left = vectors[[u.row for u in a]]
    right = vectors[[u.row for u in b]]
    return np.asarray((left @ right.T).todense())


def similarity_blocks(
    vectors: csr_matrix, a: Sequence[Unit], b: Sequence[Unit], min_score: float, block: int = 500
) -> list[list[Unit]]:
    """For each unit of ``a``, the units of ``b`` at least ``min_score`` alike, computed a
    block of rows at a time so a long text never needs the full matrix."""
    found: list[list[Unit]] = [[] for _ in a]
    if not a or not b:
        return found
    right = vectors[[u.row for u in b]].T.tocsc()
    for lo in range(0, len(a), block):
        rows = vectors[[u.row for u in a[lo : lo + block]]]
        scores = np.asarray((rows @ right).todense())
        for i, j in zip(*np.nonzero(scores >= min_score), strict=True):
            found[lo + int(i)].append(b[int(j)])
    return found


def best_matches(
    vectors: csr_matrix, a: Sequence[Unit], b: Sequence[Unit], block: int = 500
) -> tuple[np.ndarray, np.ndarray]:
    """For each unit of ``a``, the position in ``b`` of its most similar unit and that
    cosine; computed a block of rows at a time so long texts never need the full matrix."""
    best = np.zeros(len(a), dtype=int)
    score = np.zeros(len(a))
    if not a or not b:
        return best, score
    right = vectors[[u.row for u in b]].T.tocsc()
    for lo in range(0, len(a), block):
        chunk = np.asarray((vectors[[u.row for u in a[lo : lo + block]]] @ right).todense())
        best[lo : lo + len(chunk)] = chunk.argmax(axis=1)
        score[lo : lo + len(chunk)] = chunk.max(axis=1)
    return best, score


def align_units(
    vectors: csr_matrix,
    a: Sequence[Unit],
    b: Sequence[Unit],
    *,
    min_similarity: float = PAIR_MIN_SIMILARITY,
) -> list[Pair]:
    """Pair ``a`` with ``b`` one to one; pairs are sorted by position in ``a``."""
    from scipy.optimize import linear_sum_assignment  # imported on use: see build_vectors

    pairs: list[tuple[Unit, Unit, float]] = []
    by_key: dict[tuple[str, ...], list[Unit]] = defaultdict(list)
    for unit in b:
        by_key[unit.key].append(unit)
    rest_a = []
    for unit in a:
        same = by_key.get(unit.key)
        if same:
            pairs.append((unit, same.pop(0), 1.0))
        else:
            rest_a.append(unit)
    taken = {p[1].index for p in pairs}
    rest_b = [u for u in b if u.index not in taken]
    if rest_a and rest_b:
        if len(rest_a) <= MAX_ASSIGNMENT and len(rest_b) <= MAX_ASSIGNMENT:
            matrix = similarity(vectors, rest_a, rest_b)
            rows, cols = linear_sum_assignment(-matrix)
            scores = matrix[rows, cols]
        else:
            rows, cols, scores = _mutual_best(vectors, rest_a, rest_b)
        for i, j, score in zip(rows, cols, scores, strict=True):
            if score >= min_similarity:
                pairs.append((rest_a[i], rest_b[j], round(float(score), 4)))
    pairs += _second_pass(vectors, a, b, pairs)
    pairs.sort(key=lambda p: p[0].index)
    in_order = _longest_increasing([p[1].index for p in pairs])
    return [Pair(x, y, s, moved=k not in in_order) for k, (x, y, s) in enumerate(pairs)]


def _second_pass(
    vectors: csr_matrix,
    a: Sequence[Unit],
    b: Sequence[Unit],
    pairs: Sequence[tuple[Unit, Unit, float]],
) -> list[tuple[Unit, Unit, float]]:
    """Pairs among the sentences still unpaired that are less similar overall but share a
    run of ``SHARED_RUN`` words (a sentence rewritten around a kept phrase, such as "high
    quality, objective and accurate assessments" becoming "high quality, accurate
    assessments")."""
    from scipy.optimize import linear_sum_assignment  # imported on use: see build_vectors

    done_a = {p[0].index for p in pairs}
    done_b = {p[1].index for p in pairs}
    rest_a = [u for u in a if u.index not in done_a]
    rest_b = [u for u in b if u.index not in done_b]
    if not rest_a or not rest_b or len(rest_a) * len(rest_b) > MAX_ASSIGNMENT**2:
        return []
    matrix = similarity(vectors, rest_a, rest_b)
    found = []
    rows, cols = linear_sum_assignment(-matrix)
    for i, j in zip(rows, cols, strict=True):
        score = float(matrix[i, j])
        if score >= SECOND_PASS_SIMILARITY and _shared_run(rest_a[i].key, rest_b[j].key):
            found.append((rest_a[i], rest_b[j], round(score, 4)))
    return found


def _shared_run(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= SHARED_RUN


def _mutual_best(
    vectors: csr_matrix, a: Sequence[Unit], b: Sequence[Unit], block: int = 500
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs that are each other's best match, computed a block of rows at a time so the
    full matrix of a very long text is never held in memory."""
    right = vectors[[u.row for u in b]].T.tocsc()
    best_col = np.zeros(len(a), dtype=int)
    best_col_score = np.zeros(len(a))
    best_row = np.zeros(len(b), dtype=int)
    best_row_score = np.full(len(b), -1.0)
    for lo in range(0, len(a), block):
        chunk = np.asarray((vectors[[u.row for u in a[lo : lo + block]]] @ right).todense())
        best_col[lo : lo + len(chunk)] = chunk.argmax(axis=1)
        best_col_score[lo : lo + len(chunk)] = chunk.max(axis=1)
        column_best = chunk.max(axis=0)
        better = column_best > best_row_score
        best_row[better] = chunk.argmax(axis=0)[better] + lo
        best_row_score[better] = column_best[better]
    rows = np.array([i for i, j in enumerate(best_col) if best_row[j] == i], dtype=int)
    cols = best_col[rows]
    return rows, cols, best_col_score[rows]


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values`` (O(n log n))."""
    tails: list[int] = []
    tail_pos: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(i)
        else:
            tails[k] = value
            tail_pos[k] = i
        previous[i] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep
