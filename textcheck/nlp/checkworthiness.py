"""The scikit-learn check-worthiness model: training, safe loading and scoring.

INTERFACE STUB (issue 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def score_sentences(sentences: Sequence[str]) -> list[float]:
    """Probability in [0, 1] that each sentence is a check-worthy claim (shipped model)."""
    raise NotImplementedError


def train_model(*, claimbuster: Path | None = None) -> str:
    """Train on corpora/ (plus ClaimBuster if given), write models/, return a report."""
    raise NotImplementedError
