"""The learned claim-kind model: what it reads, its weights, and scoring them with numpy.

The rules (``rules.py``) find a kind only where one of their cue lists matches, so a refusal
worded by intention ("it remains our firm policy not to ...") or a commitment without
"will" is missed whenever its wording is not listed.  The learned model reads the sentence
itself (TF-IDF of hashed word 1-2 and char_wb 2-5 grams, as the check-worthiness model) plus
tokens for what the rules saw (``xxrule<kind>`` for each kind they gave, ``xxcue<list>`` for
each cue list that matches, and the check-worthiness markers), one logistic regression per
kind.  It only adds: a kind it scores at or above that kind's threshold, and the rules did
not give, becomes a sentence-wide claim (cue ``model.kinds``).  Only the kinds for which
grouped cross-validation showed the rules-plus-model union beating the rules alone are
added (``KindWeights.kinds``); the others stay with the rules.  ``kind_training.py``
trains it (``make train``); ``models/claimkinds/MODEL_CARD.md`` has the figures.

Scoring reads ``weights.npz`` with numpy (``textcheck.nlp.linear``'s analysers and hash), so
extraction does not import scikit-learn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from textcheck.errors import ModelError
from textcheck.records import ClaimKind

if TYPE_CHECKING:
    from numpy.typing import NDArray

MODEL_NAME = "claimkinds"
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"
HASH_BUCKETS = 2**16
"""Buckets per view: the corpus holds about 60,000 distinct n-grams, and the coefficients of
every added kind are stored densely."""
LEARNED_CUE = "model.kinds"


@dataclass(frozen=True)
class KindWeights:
    """The arrays scoring needs: shared idf of both views, one coefficient row per kind."""

    kinds: tuple[ClaimKind, ...]
    word_idf: NDArray[np.float64]
    char_idf: NDArray[np.float64]
    coef: NDArray[np.float64]
    """Shape ``(len(kinds), 2 * HASH_BUCKETS)``: word buckets, then char buckets."""
    intercepts: NDArray[np.float64]
    thresholds: NDArray[np.float64]
    """The probability at or above which each kind is added."""

    def save(self, path: Path) -> None:
        """Write the arrays as a compressed ``.npz`` (no pickle)."""
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                kinds=np.array([k.value for k in self.kinds]),
                word_idf=self.word_idf,
                char_idf=self.char_idf,
                coef=self.coef,
                intercepts=self.intercepts,
                thresholds=self.thresholds,
            )

    @classmethod
    def read(cls, path: Path) -> KindWeights:
        """Read a file ``save`` wrote."""
        with np.load(path, allow_pickle=False) as data:
            return cls(
                kinds=tuple(ClaimKind(str(k)) for k in data["kinds"]),
                word_idf=data["word_idf"],
                char_idf=data["char_idf"],
                coef=data["coef"],
                intercepts=data["intercepts"],
                thresholds=data["thresholds"],
            )


def model_text(sentence: str, rule_kinds: Sequence[str], cues: Sequence[str]) -> str:
    """What the model reads: the sentence, its check-worthiness markers, the rules' view."""
    from textcheck.nlp.checkworthiness import prepare_text

    tokens = [f"xxrule{k}" for k in sorted(set(rule_kinds))]
    tokens += [f"xxcue{c.replace('.', '').replace('_', '')}" for c in cues]
    return " ".join([prepare_text(sentence), *tokens])


def probabilities(weights: KindWeights, texts: Sequence[str]) -> NDArray[np.float64]:
    """``(len(texts), len(weights.kinds))`` probabilities, as scikit-learn's predict_proba."""
    from textcheck.nlp.linear import Vocabulary, char_wb_buckets, view_decisions, word_buckets

    if not texts:
        return np.zeros((0, len(weights.kinds)))
    vocabulary = Vocabulary.of([text.lower() for text in texts])
    n = HASH_BUCKETS
    decision = np.tile(weights.intercepts, (vocabulary.documents, 1))
    views = (
        (word_buckets(vocabulary, n), weights.word_idf, weights.coef[:, :n]),
        (char_wb_buckets(vocabulary, n), weights.char_idf, weights.coef[:, n:]),
    )
    for hashed, idf, coef in views:
        decision += view_decisions(hashed, idf, coef, vocabulary.documents)
    return np.asarray(1.0 / (1.0 + np.exp(-decision)), dtype=np.float64)


def added_kinds(
    weights: KindWeights, texts: Sequence[str], rule_kinds: Sequence[set[ClaimKind]]
) -> list[list[ClaimKind]]:
    """For each model text, the kinds the model adds: at its threshold, not given by the rules."""
    scores = probabilities(weights, texts)
    found: list[list[ClaimKind]] = []
    for row, given in zip(scores, rule_kinds, strict=True):
        found.append(
            [
                kind
                for kind, score, threshold in zip(
                    weights.kinds, row, weights.thresholds, strict=True
                )
                if score >= threshold and kind not in given
            ]
        )
    return found


@lru_cache(maxsize=4)
def load_kind_weights(model_dir: Path) -> KindWeights:
    """The weights in ``model_dir``, checked against the sha256 its meta.json records.

    A missing, stale or damaged model is a ``ModelError`` ("run `make train`"), never a
    silent fall back to the rules alone.
    """
    from textcheck.nlp.checkworthiness import load_meta

    meta = load_meta(model_dir)  # the same meta.json checks as the check-worthiness model
    path = model_dir / WEIGHTS_FILE
    if not path.is_file():
        raise ModelError(f"expected a model file at {path}, found none: run `make train`")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if meta.get("weights_sha256") != digest:
        raise ModelError(
            f"expected {path} to have the sha256 recorded in {META_FILE}, found another: "
            "run `make train`"
        )
    try:
        weights = KindWeights.read(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load {path}: the file is damaged: run `make train`") from exc
    if weights.coef.shape != (len(weights.kinds), 2 * HASH_BUCKETS):
        raise ModelError(f"cannot load {path}: its coefficients have the wrong shape")
    return weights


def shipped_kind_weights() -> KindWeights:
    """The shipped model (``models/claimkinds`` of the package or ``$TEXTCHECK_MODELS``)."""
    from textcheck.nlp.checkworthiness import models_path

    return load_kind_weights(models_path() / MODEL_NAME)
