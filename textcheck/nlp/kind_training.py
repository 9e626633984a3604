"""Training the claim-kind model (scikit-learn) on the annotated corpus, and measuring it.

Every distinct annotated sentence of ``corpora/claims`` (exact repeats dropped) is read with
the rules alone, which gives the rules' kinds and cue lists the model reads as features
(``kind_model.model_text``).  Grouped 5-fold cross-validation (``GroupKFold`` on the petition
or statement a sentence comes from, so a response, its petition and its revision are never
split between training and scoring) gives out-of-fold probabilities; for each kind the
threshold that maximises the F1 of the rules-plus-model union is chosen, and the kind is
added by the shipped model only when that union beats the rules alone by ``MIN_GAIN`` F1 at
a precision of at least ``MIN_PRECISION``.  The final model is fitted on every sentence.

The thresholds are chosen on the same out-of-fold probabilities the union figures are
reported from, so those figures are slightly optimistic; the rules' figures are not.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from textcheck.errors import InputError
from textcheck.nlp.kind_model import (
    HASH_BUCKETS,
    META_FILE,
    MODEL_NAME,
    WEIGHTS_FILE,
    KindWeights,
    load_kind_weights,
    model_text,
)
from textcheck.records import ClaimKind, Document, Role

FOLDS = 5
SEED = 0
REGULARISATION_C = 4.0
MIN_GAIN = 0.02
MIN_PRECISION = 0.6
THRESHOLDS = tuple(round(0.3 + 0.05 * step, 2) for step in range(13))
"""Candidate probabilities, 0.30 to 0.90."""
KINDS = tuple(ClaimKind)


@dataclass(frozen=True)
class KindRow:
    """One annotated sentence, with what the rules gave it."""

    text: str
    group: str
    gold: frozenset[str]
    rules: frozenset[str]
    cues: tuple[str, ...]

    @property
    def model_text(self) -> str:
        """What the kind model reads for this sentence."""
        return model_text(self.text, sorted(self.rules), self.cues)


def labelled_rows(claims_dir: Path) -> list[KindRow]:
    """The corpus's distinct sentences, each with the kinds the rules alone find in it."""
    from textcheck.nlp.pipeline import extract_sentences_many
    from textcheck.nlp.rules import default_rules

    documents, located = _located(claims_dir)
    extracted = extract_sentences_many(documents, learned_kinds=False, score_claimless=False)
    by_doc = {doc.label: found for doc, found in zip(documents, extracted, strict=True)}
    rules_ = default_rules()
    seen: set[str] = set()
    rows: list[KindRow] = []
    for doc, start, end, record in located:
        text = str(record["sentence"])
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        rules = {
            claim.kind.value
            for sentence in by_doc[doc]
            for claim in sentence.claims
            if claim.start < end and claim.end > start
        }
        cues = rules_.cue_lists(text)
        rows.append(
            KindRow(text, doc.split("/")[0], frozenset(record["kinds"]), frozenset(rules), cues)
        )
    return rows


def _located(
    claims_dir: Path,
) -> tuple[list[Document], list[tuple[str, int, int, dict[str, Any]]]]:
    documents: dict[str, Document] = {}
    try:
        for line in (claims_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            role = Role.PETITION if record["role"] == "petition" else Role.STATEMENT
            documents[record["doc"]] = Document.build(
                role, record["text"], label=record["doc"], source=record["source"]
            )
        claims = (claims_dir / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"expected the annotated corpus in {claims_dir}, found {exc}") from exc
    cursor: dict[str, int] = {}
    located = []
    for number, line in enumerate(claims, start=1):
        record = json.loads(line)
        doc = record["doc"]
        start = documents[doc].text.find(record["sentence"], cursor.get(doc, 0))
        if start < 0:
            raise InputError(f"expected the sentence of claims.jsonl:{number} in {doc}")
        cursor[doc] = start + len(record["sentence"])
        located.append((doc, start, cursor[doc], record))
    return list(documents.values()), located


def _labels(rows: Sequence[KindRow], attribute: str) -> np.ndarray:
    return np.array(
        [[kind.value in getattr(row, attribute) for kind in KINDS] for row in rows], dtype=int
    )


def _features() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.pipeline import FeatureUnion, Pipeline

    def view(**hashing: Any) -> Pipeline:
        vectorizer = HashingVectorizer(
            n_features=HASH_BUCKETS, alternate_sign=False, norm=None, **hashing
        )
        return Pipeline([("hash", vectorizer), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    return FeatureUnion(
        [
            ("word", view(ngram_range=(1, 2))),
            ("char", view(analyzer="char_wb", ngram_range=(2, 5))),
        ]
    )


def _classifier(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        class_weight="balanced", C=c, solver="liblinear", random_state=SEED, max_iter=1000
    )


def out_of_fold(rows: Sequence[KindRow], c: float = REGULARISATION_C) -> np.ndarray:
    """Grouped out-of-fold probability of every kind for every row (0 when a training fold
    holds fewer than two sentences of the kind)."""
    from sklearn.model_selection import GroupKFold

    texts = [row.model_text for row in rows]
    gold = _labels(rows, "gold")
    found = np.zeros(gold.shape)
    for train, test in GroupKFold(n_splits=FOLDS).split(texts, gold, [r.group for r in rows]):
        features = _features().fit([texts[i] for i in train])
        x_train = features.transform([texts[i] for i in train])
        x_test = features.transform([texts[i] for i in test])
        for column in range(len(KINDS)):
            if gold[train, column].sum() < 2:
                continue
            model = _classifier(c).fit(x_train, gold[train, column])
            found[test, column] = model.predict_proba(x_test)[:, 1]
    return found


def prf(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of boolean predictions (0 when undefined)."""
    hits = int((predicted & gold).sum())
    precision = hits / max(int(predicted.sum()), 1)
    recall = hits / max(int(gold.sum()), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def per_kind(rows: Sequence[KindRow], found: np.ndarray) -> dict[str, dict[str, Any]]:
    """For each kind: its count, the rules' figures, the best threshold and the union's."""
    gold, rules = _labels(rows, "gold"), _labels(rows, "rules")
    table: dict[str, dict[str, Any]] = {}
    for column, kind in enumerate(KINDS):
        alone = prf(rules[:, column], gold[:, column])
        best: tuple[float, float, dict[str, float]] = (-1.0, 0.0, alone)
        for threshold in THRESHOLDS:
            union = rules[:, column] | (found[:, column] >= threshold).astype(int)
            figures = prf(union, gold[:, column])
            if figures["f1"] > best[0]:
                best = (figures["f1"], threshold, figures)
        _, threshold, union_figures = best
        added = (
            union_figures["f1"] >= alone["f1"] + MIN_GAIN
            and union_figures["precision"] >= MIN_PRECISION
        )
        table[kind.value] = {
            "n": int(gold[:, column].sum()),
            "rules": alone,
            "threshold": threshold,
            "union": union_figures if added else alone,
            "added": added,
        }
    return table


def micro(rows: Sequence[KindRow], found: np.ndarray, table: dict[str, Any]) -> dict[str, Any]:
    """Micro-averaged figures of the rules and of what ships (rules plus the added kinds)."""
    gold, rules = _labels(rows, "gold"), _labels(rows, "rules")
    shipped = rules.copy()
    for column, kind in enumerate(KINDS):
        entry = table[kind.value]
        if entry["added"]:
            shipped[:, column] |= (found[:, column] >= entry["threshold"]).astype(int)
    return {
        "rules": prf(rules.ravel(), gold.ravel()),
        "shipped": prf(shipped.ravel(), gold.ravel()),
        "claim_rules": prf(np.asarray(rules.any(axis=1)), np.asarray(gold.any(axis=1))),
        "claim_shipped": prf(np.asarray(shipped.any(axis=1)), np.asarray(gold.any(axis=1))),
    }


def train_kinds(claims_dir: Path, models_dir: Path) -> str:
    """Cross-validate, fit on everything, write ``models_dir/claimkinds``; return a report."""
    import sklearn

    started = time.monotonic()
    rows = labelled_rows(claims_dir)
    found = out_of_fold(rows)
    table = per_kind(rows, found)
    added = [kind for kind in KINDS if table[kind.value]["added"]]
    texts = [row.model_text for row in rows]
    gold = _labels(rows, "gold")
    features = _features().fit(texts)
    matrix = features.transform(texts)
    coef = np.zeros((len(added), 2 * HASH_BUCKETS))
    intercepts = np.zeros(len(added))
    for index, kind in enumerate(added):
        model = _classifier(REGULARISATION_C).fit(matrix, gold[:, KINDS.index(kind)])
        coef[index] = model.coef_[0]
        intercepts[index] = model.intercept_[0]
    views = dict(features.transformer_list)
    weights = KindWeights(
        kinds=tuple(added),
        word_idf=np.asarray(views["word"].named_steps["tfidf"].idf_, dtype=np.float64),
        char_idf=np.asarray(views["char"].named_steps["tfidf"].idf_, dtype=np.float64),
        coef=coef,
        intercepts=intercepts,
        thresholds=np.array([table[k.value]["threshold"] for k in added]),
    )
    target = models_dir / MODEL_NAME
    target.mkdir(parents=True, exist_ok=True)
    weights.save(target / WEIGHTS_FILE)
    corpus = claims_dir / "claims.jsonl"
    meta = {
        "model": MODEL_NAME,
        "sklearn_version": sklearn.__version__,
        "trained_on": {
            "corpus": corpus.name,
            "sha256": hashlib.sha256(corpus.read_bytes()).hexdigest(),
            "sentences": len(rows),
            "groups": len({row.group for row in rows}),
        },
        "classifier": f"one LogisticRegression(class_weight='balanced', C={REGULARISATION_C}, "
        "solver='liblinear') per kind over tf-idf of hashed word 1-2 + char_wb 2-5 grams "
        f"({HASH_BUCKETS} buckets each) and the rules' kind and cue tokens",
        "evaluation": f"GroupKFold({FOLDS}) by petition or statement; thresholds chosen on the "
        "out-of-fold probabilities (slightly optimistic union figures)",
        "added_kinds": [k.value for k in added],
        "per_kind": table,
        "micro": micro(rows, found, table),
        "weights_sha256": hashlib.sha256((target / WEIGHTS_FILE).read_bytes()).hexdigest(),
        "command": "make train  (= textcheck train)",
    }
    (target / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    load_kind_weights.cache_clear()
    return report(meta, time.monotonic() - started)


def report(meta: dict[str, Any], elapsed_s: float) -> str:
    """The per-kind table of a trained model's meta.json, as text."""
    lines = [
        f"claim kinds: {meta['trained_on']['sentences']} sentences, "
        f"{meta['trained_on']['groups']} groups, {elapsed_s:.1f} s",
        f"{'kind':13} {'n':>4}  {'rules P/R/F1':17} {'shipped P/R/F1':17} threshold",
    ]
    for kind, entry in meta["per_kind"].items():
        cells = "  ".join(
            "{precision:.2f}/{recall:.2f}/{f1:.2f}   ".format(**entry[name])
            for name in ("rules", "union")
        )
        added = f"{entry['threshold']:.2f}" if entry["added"] else "(rules only)"
        lines.append(f"{kind:13} {entry['n']:4}  {cells}{added}")
    for name, figures in meta["micro"].items():
        lines.append("{:14} P {precision:.3f} R {recall:.3f} F1 {f1:.3f}".format(name, **figures))
    return "\n".join(lines)
