"""Claim kinds per kind under grouped cross-validation: the rules alone and with the model.

Issue 11 asks whether learned claim kinds generalise better than the cue lists alone.  This
prints, for each kind of ``corpora/claims``, the rules' precision, recall and F1 and those of
the rules plus the learned kind model (``textcheck.nlp.kind_training``: grouped 5-fold CV by
petition or statement, so no response is both trained and scored on), with the threshold
chosen, then the micro-averaged and claim/not-claim figures.  ``make train`` records the same
table in ``models/claimkinds/meta.json``; this reruns it, for instance with another ``--c``.

``python benchmarks/eval_kinds.py [--c C]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textcheck.nlp import kind_training  # noqa: E402


def main() -> None:
    """Print the per-kind table of a fresh cross-validation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=kind_training.REGULARISATION_C)
    args = parser.parse_args()
    started = time.monotonic()
    rows = kind_training.labelled_rows(ROOT / "corpora" / "claims")
    found = kind_training.out_of_fold(rows, args.c)
    table = kind_training.per_kind(rows, found)
    meta = {
        "trained_on": {"sentences": len(rows), "groups": len({row.group for row in rows})},
        "per_kind": table,
        "micro": kind_training.micro(rows, found, table),
    }
    print(kind_training.report(meta, time.monotonic() - started))


if __name__ == "__main__":
    main()
