"""The scikit-learn check-worthiness model: training, safe loading and scoring.

A sentence is check-worthy when it states something a reader could verify: a figure, a
target, a commitment, a refusal, a denial, an assurance (the claim definition of
``corpora/README.md``).  The model is TF-IDF word 1-2 grams plus character 2-5 grams over
the sentence with a few marker tokens appended (has a number, a percentage, money, a
commitment / refusal / denial cue), fed to a class-balanced logistic regression.  It is
trained on the annotated in-domain corpus ``corpora/claims/claims.jsonl`` and, when given,
the ClaimBuster crowd-sourced sentences (Arslan et al. 2020, ``kfold_25ncs.json``) with the
in-domain sentences weighted up.

The logistic regression's raw probabilities are overconfident (near 0 or 1 for almost every
sentence, because the in-domain sentences are weighted ~33x and the classes are balanced), so
its decision value is recalibrated with a sigmoid (Platt scaling, as ``CalibratedClassifierCV``
with ``method="sigmoid"``) fitted on the out-of-fold decision values of the in-domain
cross-validation: the scores then read as the share of such sentences that are claims.
Calibration is monotonic, so rankings (average precision, ROC AUC) do not change.

The model is saved with skops and loaded with an explicit, pinned list of trusted types
(never ``trusted=True``), and refused with a ``ModelError`` when it was built with another
scikit-learn major.minor version.  Scoring does not load it: training also writes the arrays
of the linear model (``weights.npz``, see ``textcheck.nlp.linear``), which numpy scores
without importing scikit-learn.  ``make train`` (``textcheck train``) rebuilds both.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textcheck.errors import InputError, ModelError
from textcheck.nlp.prefilter import fold, needles

if TYPE_CHECKING:
    from textcheck.nlp.linear import LinearWeights, Vocabulary

MODEL_NAME = "checkworthiness"
MODEL_FILE = "model.skops"
META_FILE = "meta.json"
WEIGHTS_FILE = "weights.npz"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CLAIMBUSTER = (
    PROJECT_ROOT.parent / "shared" / "external" / "claimbuster" / "kfold_25ncs.json"
)
SEED = 0
IN_DOMAIN_FOLDS = 5
CLAIMBUSTER_FOLDS = 4
HASH_BUCKETS = 2**18
REGULARISATION_C = 1.0
# Published TF-IDF + logistic-regression F1 on the check-worthy class of the ClaimBuster
# crowd-sourced set, as quoted in issue 3 (Arslan et al. 2020 report ~0.78 for such
# bag-of-words baselines); printed next to our own cross-validated figure.
PUBLISHED_CLAIMBUSTER_F1 = 0.78

# Every type the shipped model holds (read from its skops schema), passed to skops as trusted.
# skops 0.16 already trusts these by default (``get_untrusted_types`` is empty for this
# model); pinning them keeps loading working if a later skops trusts less, and anything a
# model holds beyond this list (``get_untrusted_types``) makes loading fail with ModelError.
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.dict",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.float64",
    "numpy.ndarray",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
)

# Marker tokens appended to each sentence so the word features can see a few facts that
# TF-IDF alone spreads thin.  Cue lists come from the annotation guide in corpora/README.md
# (how a refusal, denial, commitment or target is recognised); numbers and money follow the
# quantity units of DESIGN.md 3.4.
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    "fifty|hundred|thousand|million|billion|half|quarter"
)
STUB_WORDS = 5
"""The most white-space separated words ``xxstub`` allows (words of punctuation aside)."""
# Five words or fewer and no digit: headings, signatures, page furniture (the guide's
# commonest non-claims); short lines with a figure ("13,795 signatures") are left out.
STUB = re.compile(rf"^(?!.*\d)\W*(?:\S+\s+){{0,{STUB_WORDS - 1}}}\S+\W*$")
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("xxnum", re.compile(r"\d|\b(?:" + NUMBER_WORDS + r")\b", re.I)),
    ("xxpct", re.compile(r"%|\bper ?cent\b", re.I)),
    ("xxmoney", re.compile(r"[£$€]|\b(?:bn|billion|million|pounds)\b", re.I)),
    (
        "xxcommit",
        re.compile(
            r"\b(?:committed|commit|will|pledge[ds]?|plan(?:s|ned)? to|intend|"
            r"aim(?:s|ing)? to|determined|dedicated)\b",
            re.I,
        ),
    ),
    (
        "xxnegate",
        re.compile(
            r"\b(?:not|no|never|none|neither|nor|cannot|won't|doesn't|don't|isn't|aren't)\b|"
            r"n[’']t\b",
            re.I,
        ),
    ),
    ("xxtarget", re.compile(r"\btargets?\b|\bno more than\b|\bat least\b", re.I)),
    ("xxstub", STUB),
)


@dataclass(frozen=True)
class LabelledSentence:
    """One training sentence: its text, whether it is a claim, and where it came from."""

    text: str
    claim: bool
    source: str


def prepare_text(sentence: str) -> str:
    """The text the model sees: the sentence followed by the marker tokens it triggers."""
    found = [name for name, pattern in MARKERS if pattern.search(sentence)]
    return " ".join([sentence, *found])


def prepare_texts(sentences: Sequence[str]) -> list[str]:
    """``prepare_text`` of each sentence, computed for the batch at once (same output).

    Searching seven case-insensitive patterns that start with ``\\b`` through every
    sentence made ``re`` try each pattern at every character; ``_firing`` avoids most of it.
    """
    found = _markers(_Batch(sentences))
    return [" ".join([sentence, *names]) for sentence, names in zip(sentences, found, strict=True)]


def _markers(batch: _Batch) -> list[list[str]]:
    """The names of the markers each sentence of ``batch`` triggers, in ``MARKERS`` order."""
    found: list[list[str]] = [[] for _ in batch.sentences]
    for name, pattern in MARKERS:
        for index in _firing(pattern, batch):
            found[index].append(name)
    return found


class _Batch:
    """Sentences with the views of them ``_firing`` shares between patterns."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.sentences = sentences
        self.words_of = [sentence.split() for sentence in sentences]
        self.words = set(chain.from_iterable(self.words_of))
        """Every distinct white-space separated word of the batch."""
        folded = [fold(sentence) for sentence in sentences]
        self._folded = "\n".join(folded)
        self._starts = [0, *accumulate(len(text) + 1 for text in folded)][:-1]
        """Where each folded sentence starts in ``_folded``."""

    def with_word(self, pattern: re.Pattern[str]) -> set[int]:
        """Indices of the sentences holding a white-space separated word ``pattern`` matches."""
        matched = {word for word in self.words if pattern.search(word)}
        if not matched:
            return set()
        return {i for i, words in enumerate(self.words_of) if not matched.isdisjoint(words)}

    def holding(self, strings: Iterable[str]) -> set[int]:
        """Indices of the sentences whose folded text (``prefilter.fold``) holds one of
        ``strings``.

        Each string is found with ``str.find`` in all the sentences joined by newlines (a scan
        in C, not a Python call per sentence) and mapped to its sentence by start offsets; a
        string spanning a newline only adds a needless candidate.
        """
        found: set[int] = set()
        for string in strings:
            at = self._folded.find(string)
            while at >= 0:  # every occurrence, overlapping ones too
                found.add(bisect_right(self._starts, at) - 1)
                at = self._folded.find(string, at + 1)
        return found


def _firing(pattern: re.Pattern[str], batch: _Batch) -> Iterator[int]:
    """Indices of the sentences ``pattern`` matches (``pattern.search``), found fast.

    A pattern that can neither match nor look at white space (``_within_words``) matches a
    sentence exactly when it matches one of its words, so it is searched once per distinct
    word.  Any other pattern is only searched in the sentences that may hold a match: those
    whose folded text holds one of its ``prefilter.needles`` (``str`` searches, much faster
    than ``re``; folding makes them case-safe); for ``STUB``, those with at most
    ``STUB_WORDS`` words holding a word character (its ``\\W*`` ends take the others).
    """
    sentences = batch.sentences
    if _within_words(pattern):
        return iter(sorted(batch.with_word(pattern)))
    candidates: Iterable[int] = range(len(sentences))
    if pattern is STUB:
        wordy = {word for word in batch.words if _WORD_CHARACTER.search(word)}
        candidates = (
            i
            for i, words in enumerate(batch.words_of)
            if len(words) <= STUB_WORDS or _at_most(STUB_WORDS, filter(wordy.__contains__, words))
        )
    elif (found := needles(pattern)) is not None:
        candidates = sorted(batch.holding(found))
    return (i for i in candidates if pattern.search(sentences[i]))


def _at_most(limit: int, items: Iterable[object]) -> bool:
    """Whether ``items`` has at most ``limit`` items, reading no more than ``limit + 1``.

    For speed: most sentences have many words, and counting them all cost more than the
    few ``STUB`` needs to see.
    """
    return len(list(islice(items, limit + 1))) <= limit


_WORD_CHARACTER = re.compile(r"\w")
_PATTERN_TOKEN = re.compile(r"\\.|\[\^|\(\?[=!<]|.", re.DOTALL)
"""One token of a regular expression's source, as far as ``_within_words`` needs it."""
_WITHIN_WORDS_ESCAPES = frozenset({"\\b", "\\d", "\\w"})


@lru_cache(maxsize=32)
def _within_words(pattern: re.Pattern[str]) -> bool:
    """Whether no match of ``pattern`` can hold white space or look past a word's ends.

    Read conservatively from the source: any white space, ``.``, ``^``, ``$``, ``-`` (a
    class range could span white space), negated class, look-around or escape other than
    ``\\b``, ``\\d``, ``\\w`` and escaped punctuation makes it False (``\\b`` reads
    white space and a string's end alike), and so does matching the empty string (a
    sentence without words would then match).
    """
    if pattern.flags & re.VERBOSE or pattern.match(""):
        return False
    for token in _PATTERN_TOKEN.findall(pattern.pattern):
        if token in _WITHIN_WORDS_ESCAPES:
            continue
        if token.startswith("\\") and len(token) == 2 and not token[1].isalnum():
            if token[1].isspace():
                return False
            continue
        if (
            token.isspace()
            or token.startswith("\\")
            or token in {".", "^", "$", "-", "[^", "(?=", "(?!", "(?<"}
        ):
            return False
    return True


def models_path() -> Path:
    """Where models live: ``$TEXTCHECK_MODELS``, else the shipped ``models`` folder.

    The shipped folder is the installed package's copy, or ``models/`` of the checkout
    (``textcheck.resources.shipped_dir``): an installed wheel scores with the same model.
    """
    from textcheck.resources import shipped_dir

    override = os.environ.get("TEXTCHECK_MODELS")
    return Path(override) if override else shipped_dir("models")


def score_sentences(sentences: Sequence[str]) -> list[float]:
    """Calibrated probability in [0, 1] that each sentence is a check-worthy claim.

    Scores with the shipped model's exported weights (``load_weights``, numpy only); all
    sentences are vectorised at once and the weights are loaded once per process.
    """
    if not sentences:
        return []
    from textcheck.nlp.linear import score_vocabulary

    weights = load_weights(models_path() / MODEL_NAME)
    return score_vocabulary(weights, prepared_vocabulary(sentences))


def prepared_vocabulary(sentences: Sequence[str]) -> Vocabulary:
    """The words of the lower-cased ``prepare_texts(sentences)``, what the model reads.

    Built from the words ``_Batch`` has split the sentences into anyway, the markers
    appended (``prepare_text`` joins them with a space), instead of joining the prepared
    texts, lower-casing them and splitting them again (``Vocabulary.of_words``).
    """
    from textcheck.nlp.linear import Vocabulary

    batch = _Batch(sentences)
    found = _markers(batch)
    return Vocabulary.of_words(
        (words + names for words, names in zip(batch.words_of, found, strict=True)), lower=True
    )


@lru_cache(maxsize=4)
def load_weights(model_dir: Path) -> LinearWeights:
    """The exported weights in ``model_dir``, checked against meta.json.

    Raises ``ModelError`` when meta.json or the weights are missing, were exported from a
    scikit-learn series whose analysers ``linear`` does not reproduce (``SCORER_SERIES``),
    or do not match the sha256 meta.json records for them (a stale export).  The installed
    scikit-learn does not matter here: scoring never uses it (and reading its version costs
    more than scoring a page of text).
    """
    from textcheck.nlp.linear import SCORER_SERIES
    from textcheck.nlp.linear import load_weights as read_weights

    meta = load_meta(model_dir)
    built = str(meta.get("sklearn_version", "unknown"))
    if _major_minor(built)[:1] != (SCORER_SERIES,):
        raise ModelError(
            f"{_display(model_dir)} was built with scikit-learn {built}; textcheck scores "
            f"like scikit-learn {SCORER_SERIES}.x: run `make train`"
        )
    path = model_dir / WEIGHTS_FILE
    if not path.is_file():
        raise ModelError(f"expected a model file at {path}, found none: run `make train`")
    expected = meta.get("weights_sha256")
    if expected != _sha256(path):
        raise ModelError(
            f"expected {path} to have the sha256 recorded in {META_FILE}, found another: "
            "run `make train`"
        )
    try:
        return read_weights(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"cannot load {path}: the file is damaged or not an exported model: run `make train`"
        ) from exc


@lru_cache(maxsize=4)
def load_model(model_dir: Path) -> Any:
    """Load the skops model in ``model_dir`` after checking its scikit-learn version.

    Raises ``ModelError`` when the files are missing, the model was built with another
    scikit-learn major.minor, or it holds a type outside ``TRUSTED_TYPES``.
    """
    import sklearn
    import skops.io as sio

    meta = load_meta(model_dir)
    _check_version(model_dir, meta, sklearn.__version__)
    path = model_dir / MODEL_FILE
    if not path.is_file():
        raise ModelError(f"expected a model file at {path}, found none: run `make train`")
    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
    if untrusted:
        raise ModelError(
            f"{path} holds types outside the trusted list ({', '.join(untrusted)}): "
            "rebuild it with `make train`"
        )
    try:
        return sio.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as exc:  # skops raises many kinds; all mean the file is unusable
        raise ModelError(
            f"cannot load {path}: the file is damaged or not a skops model: run `make train`"
        ) from exc


def _check_version(model_dir: Path, meta: dict[str, Any], installed: str) -> None:
    built = str(meta.get("sklearn_version", "unknown"))
    if _major_minor(built) != _major_minor(installed):
        raise ModelError(
            f"{_display(model_dir)} was built with scikit-learn {built}; installed "
            f"{installed}: run `make train`"
        )


def export_weights(model: Any, calibration: tuple[float, float] | None) -> LinearWeights:
    """The arrays ``linear.score_texts`` needs, read from a fitted ``build_pipeline()``."""
    import numpy as np

    from textcheck.nlp.linear import LinearWeights

    views = dict(model.named_steps["features"].transformer_list)
    classifier = model.named_steps["classifier"]
    if list(classifier.classes_) != [0, 1]:
        raise ModelError(f"expected classes [0, 1], found {list(classifier.classes_)}")
    return LinearWeights(
        buckets=HASH_BUCKETS,
        word_idf=np.asarray(views["word"].named_steps["tfidf"].idf_, dtype=np.float64),
        char_idf=np.asarray(views["char"].named_steps["tfidf"].idf_, dtype=np.float64),
        coef=np.asarray(classifier.coef_[0], dtype=np.float64),
        intercept=float(classifier.intercept_[0]),
        calibration=calibration,
    )


def load_meta(model_dir: Path) -> dict[str, Any]:
    """The model's ``meta.json`` (versions, data hashes, metrics) as a dict."""
    path = model_dir / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"expected {path}, found no such file: run `make train`") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"expected JSON in {path}, found unreadable content: {exc}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"expected a JSON object in {path}, found {type(meta).__name__}")
    return meta


def corpus_path() -> Path:
    """The annotated corpus: ``claims/claims.jsonl`` in the corpora folder."""
    from textcheck.corpus import corpora_dir

    return corpora_dir() / "claims" / "claims.jsonl"


def load_corpus(path: Path | None = None) -> list[LabelledSentence]:
    """The annotated in-domain sentences, exact duplicates removed (first label kept).

    Duplicates are dropped because the seed page repeats many sentences between the
    original and revised responses; keeping both copies would leak across CV folds.
    """
    path = path or corpus_path()
    if not path.is_file():
        raise InputError(f"expected the annotated corpus at {path}, found no such file")
    seen: set[str] = set()
    rows: list[LabelledSentence] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, claim = str(record["sentence"]), record["claim"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"expected a JSON object with 'sentence' and 'claim' on {path}:{number}, "
                f"found {line[:60]!r} ({exc})"
            ) from exc
        if not isinstance(claim, bool):
            raise InputError(f"expected true/false 'claim' on {path}:{number}, found {claim!r}")
        key = _fold(text)
        if key in seen:
            continue
        seen.add(key)
        rows.append(LabelledSentence(text, claim, str(record.get("doc", ""))))
    return rows


def load_claimbuster(path: Path) -> list[LabelledSentence]:
    """ClaimBuster crowd-sourced sentences (``kfold_25ncs.json``): label 1 is check-worthy."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        rows = [
            LabelledSentence(str(r["text"]), int(r["label"]) == 1, "claimbuster") for r in records
        ]
    except FileNotFoundError:
        raise InputError(f"expected ClaimBuster JSON at {path}, found no such file") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"expected a JSON list of {{'text', 'label'}} objects in {path}, found {exc}"
        ) from exc
    if not rows:
        raise InputError(f"expected ClaimBuster sentences in {path}, found an empty list")
    return rows


def build_pipeline() -> Any:
    """The untrained model: TF-IDF word 1-2 + char 2-5 grams, balanced logistic regression.

    The n-grams are hashed (``HashingVectorizer``) before TF-IDF weighting so the saved model
    holds fixed-size arrays instead of a vocabulary dict of ~100,000 strings, which skops
    writes node by node (a 70 MB file); 2**18 buckets per view keep collisions rare.
    ``liblinear`` fits the ClaimBuster set several times faster than ``lbfgs`` here.
    """
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    def tfidf_view(**hashing: Any) -> Pipeline:
        vectorizer = HashingVectorizer(
            n_features=HASH_BUCKETS, alternate_sign=False, norm=None, **hashing
        )
        return Pipeline([("hash", vectorizer), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    features = FeatureUnion(
        [
            ("word", tfidf_view(ngram_range=(1, 2))),
            ("char", tfidf_view(analyzer="char_wb", ngram_range=(2, 5))),
        ]
    )
    classifier = LogisticRegression(
        class_weight="balanced",
        C=REGULARISATION_C,
        solver="liblinear",
        max_iter=1000,
        random_state=SEED,
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def cross_validate_in_domain(
    corpus: Sequence[LabelledSentence], extra: Sequence[LabelledSentence] = ()
) -> dict[str, float]:
    """Stratified 5-fold CV on ``corpus`` (``extra`` added to every training fold).

    Returns precision, recall and F1 of the claim class pooled over the folds, the ranking
    metrics of the out-of-fold decision values (average precision, ROC AUC), and the Brier
    score of the raw and of the sigmoid-calibrated probabilities.
    """
    return _in_domain_folds(corpus, extra)[0]


def _in_domain_folds(
    corpus: Sequence[LabelledSentence], extra: Sequence[LabelledSentence]
) -> tuple[dict[str, float], tuple[float, float]]:
    """``cross_validate_in_domain``'s metrics and the sigmoid fitted on its out-of-fold values."""
    import numpy as np
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    labels = [int(s.claim) for s in corpus]
    folds = StratifiedKFold(n_splits=IN_DOMAIN_FOLDS, shuffle=True, random_state=SEED)
    decisions = np.zeros(len(corpus))
    for train_idx, test_idx in folds.split(labels, labels):
        train = [corpus[i] for i in train_idx]
        model = _fit(train, extra)
        decisions[test_idx] = model.decision_function(
            [prepare_text(corpus[i].text) for i in test_idx]
        )
    calibration = fit_sigmoid(decisions, labels)
    a, b = calibration
    metrics = _scores(labels, [int(d > 0) for d in decisions])
    metrics["average_precision"] = round(float(average_precision_score(labels, decisions)), 3)
    metrics["roc_auc"] = round(float(roc_auc_score(labels, decisions)), 3)
    raw = 1.0 / (1.0 + np.exp(-decisions))
    calibrated = 1.0 / (1.0 + np.exp(a * decisions + b))
    metrics["brier_raw"] = round(float(brier_score_loss(labels, raw)), 3)
    metrics["brier_calibrated"] = round(float(brier_score_loss(labels, calibrated)), 3)
    return metrics, calibration


def fit_sigmoid(decisions: Iterable[float], labels: Sequence[int]) -> tuple[float, float]:
    """Platt's sigmoid ``p = 1 / (1 + exp(a * f + b))`` fitted to decision values ``f``.

    Platt (1999), with his smoothed targets ``(n+ + 1) / (n+ + 2)`` and ``1 / (n- + 2)`` so a
    separable fold does not push the sigmoid to a step; fitted by a nearly unregularised
    one-feature logistic regression.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    f = np.fromiter(decisions, dtype=np.float64).reshape(-1, 1)
    y = np.asarray(labels)
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    high, low = (positives + 1) / (positives + 2), 1 / (negatives + 2)
    targets = np.where(y == 1, high, low)
    # Smoothed targets as sample weights over duplicated rows: each row counts as a
    # positive with weight t and as a negative with weight 1 - t.
    rows = np.vstack([f, f])
    classes = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    weights = np.concatenate([targets, 1.0 - targets])
    fitted = LogisticRegression(C=1e6, max_iter=1000).fit(rows, classes, sample_weight=weights)
    return round(-float(fitted.coef_[0][0]), 6), round(-float(fitted.intercept_[0]), 6)


def cross_validate_claimbuster(claimbuster: Sequence[LabelledSentence]) -> dict[str, float]:
    """The same pipeline's stratified 4-fold CV on ClaimBuster alone (check-worthy class)."""
    from sklearn.model_selection import StratifiedKFold

    labels = [int(s.claim) for s in claimbuster]
    folds = StratifiedKFold(n_splits=CLAIMBUSTER_FOLDS, shuffle=True, random_state=SEED)
    predicted = [0] * len(claimbuster)
    for train_idx, test_idx in folds.split(labels, labels):
        model = _fit([claimbuster[i] for i in train_idx], ())
        guesses = model.predict([prepare_text(claimbuster[i].text) for i in test_idx])
        for i, guess in zip(test_idx, guesses, strict=True):
            predicted[i] = int(guess)
    return _scores(labels, predicted)


def train_model(
    *,
    claimbuster: Path | None = None,
    models_dir: Path | None = None,
    corpus: Path | None = None,
    in_domain_only: bool = False,
) -> str:
    """Train on corpora/ (plus ClaimBuster if given), write models/, return a report.

    ``claimbuster`` defaults to ``../shared/external/claimbuster/kfold_25ncs.json`` beside
    the project when that file exists; ``in_domain_only`` skips ClaimBuster altogether (the
    fast path the tests use).  ``models_dir`` defaults to ``models_path()``, ``corpus`` to
    ``corpus_path()``.
    """
    import sklearn
    import skops
    import skops.io as sio

    started = time.monotonic()
    corpus_file = corpus or corpus_path()
    sentences = load_corpus(corpus_file)
    if len({s.claim for s in sentences}) < 2:
        raise InputError(f"expected both claims and non-claims in {corpus_file}, found one class")
    cb_path = None if in_domain_only else (claimbuster or _default_claimbuster())
    extra = load_claimbuster(cb_path) if cb_path else []

    in_domain, calibration = _in_domain_folds(sentences, ())
    metrics: dict[str, Any] = {"in_domain_cv": in_domain}
    if extra:
        metrics["in_domain_cv_with_claimbuster"], calibration = _in_domain_folds(sentences, extra)
        metrics["claimbuster_cv"] = cross_validate_claimbuster(extra)
        metrics["claimbuster_published_f1"] = PUBLISHED_CLAIMBUSTER_F1
    model = _fit(sentences, extra)

    target = (models_dir or models_path()) / MODEL_NAME
    target.mkdir(parents=True, exist_ok=True)
    sio.dump(model, target / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    export_weights(model, calibration).save(target / WEIGHTS_FILE)
    meta = {
        "model": MODEL_NAME,
        "sklearn_version": sklearn.__version__,
        "skops_version": skops.__version__,
        "trained_on": {
            "corpus": {
                "path": _display(corpus_file),
                "sha256": _sha256(corpus_file),
                "sentences": len(sentences),
                "claims": sum(s.claim for s in sentences),
            },
            "claimbuster": (
                {
                    "path": cb_path.name,
                    "sha256": _sha256(cb_path),
                    "sentences": len(extra),
                    "in_domain_weight": _in_domain_weight(sentences, extra),
                }
                if cb_path
                else None
            ),
        },
        "features": f"tf-idf of hashed word 1-2 grams + char_wb 2-5 grams ({HASH_BUCKETS} "
        "buckets each), marker tokens " + ", ".join(name for name, _ in MARKERS),
        "classifier": f"LogisticRegression(class_weight='balanced', C={REGULARISATION_C}, "
        "solver='liblinear')",
        "calibration": {
            "method": "sigmoid (Platt) on out-of-fold in-domain decision values",
            "a": calibration[0],
            "b": calibration[1],
        },
        "weights_sha256": _sha256(target / WEIGHTS_FILE),
        "cv_seed": SEED,
        "metrics": metrics,
        "command": "make train  (= textcheck train)",
    }
    (target / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    load_model.cache_clear()
    load_weights.cache_clear()
    return _report(target, meta, time.monotonic() - started)


def _fit(corpus: Sequence[LabelledSentence], extra: Sequence[LabelledSentence]) -> Any:
    """Fit a fresh pipeline on ``corpus`` plus ``extra`` (in-domain sentences weighted up)."""
    weight = _in_domain_weight(corpus, extra)
    rows = [*corpus, *extra]
    weights = [weight] * len(corpus) + [1.0] * len(extra)
    model = build_pipeline()
    model.fit(
        [prepare_text(s.text) for s in rows],
        [int(s.claim) for s in rows],
        classifier__sample_weight=weights,
    )
    return model


def _in_domain_weight(
    corpus: Sequence[LabelledSentence], extra: Sequence[LabelledSentence]
) -> float:
    """Weight of an in-domain sentence: its set counts as much as ClaimBuster, at least 1."""
    if not extra or not corpus:
        return 1.0
    return round(max(1.0, len(extra) / len(corpus)), 2)


def _scores(labels: Sequence[int], predicted: Sequence[int]) -> dict[str, float]:
    from sklearn.metrics import precision_recall_fscore_support

    precision, recall, f1, _ = precision_recall_fscore_support(
        labels, predicted, average="binary", pos_label=1, zero_division=0
    )
    return {
        "precision": round(float(precision), 3),
        "recall": round(float(recall), 3),
        "f1": round(float(f1), 3),
        "n": len(labels),
        "positives": int(sum(labels)),
    }


def _report(target: Path, meta: dict[str, Any], elapsed_s: float) -> str:
    lines = [f"Wrote {_display(target)} (scikit-learn {meta['sklearn_version']})"]
    corpus = meta["trained_on"]["corpus"]
    lines.append(f"In-domain corpus: {corpus['sentences']} sentences, {corpus['claims']} claims")
    labels = {
        "in_domain_cv": f"In-domain {IN_DOMAIN_FOLDS}-fold CV (corpus only)",
        "in_domain_cv_with_claimbuster": f"In-domain {IN_DOMAIN_FOLDS}-fold CV (+ ClaimBuster)",
        "claimbuster_cv": f"ClaimBuster {CLAIMBUSTER_FOLDS}-fold CV",
    }
    for key, label in labels.items():
        if key in meta["metrics"]:
            m = meta["metrics"][key]
            lines.append(
                f"{label}: precision {m['precision']:.3f} recall {m['recall']:.3f} "
                f"F1 {m['f1']:.3f} (n={m['n']})"
                + (
                    f"; average precision {m['average_precision']:.3f} ROC AUC "
                    f"{m['roc_auc']:.3f} Brier raw {m['brier_raw']:.3f} calibrated "
                    f"{m['brier_calibrated']:.3f}"
                    if "roc_auc" in m
                    else ""
                )
            )
    if "claimbuster_published_f1" in meta["metrics"]:
        lines.append(f"Published TF-IDF + LR F1 on ClaimBuster: ~{PUBLISHED_CLAIMBUSTER_F1:.2f}")
    lines.append(f"Took {elapsed_s:.0f} s")
    return "\n".join(lines)


def _default_claimbuster() -> Path | None:
    return DEFAULT_CLAIMBUSTER if DEFAULT_CLAIMBUSTER.is_file() else None


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
