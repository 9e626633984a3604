"""Claim extraction scored against the annotated corpus ``corpora/claims/``.

Runs ``textcheck.nlp.extract_sentences_many`` over every document of
``corpora/claims/documents.jsonl`` and compares what it finds with the hand labels of
``corpora/claims/claims.jsonl`` (the guide is ``corpora/README.md``):

- claim precision / recall, per sentence: an annotated sentence counts as found when the
  extractor puts at least one claim (its quote span) inside it; a claim on a sentence
  labelled not-a-claim is a false positive;
- kind accuracy: of the found claim sentences, the share where some extracted kind is one of
  the annotated kinds;
- quantity precision / recall on the sentences labelled claim: a quantity matches when its
  value (or low..high), unit and comparator all equal the annotation's.  Dates and years are
  timelines, not quantities (DESIGN.md 3.4, corpora/README.md), so a timeline's date that
  the extractor attaches as a quantity with unit ``date`` is left out of these figures;
- for comparison, quantulum3's quantity recall on the same sentences, on value and unit only
  (it has no comparators), with its units mapped to ours by ``QUANTULUM_UNITS``.

``python benchmarks/eval_claims.py`` prints the figures; ``tests/test_quality_gate.py`` holds
them to the floors pinned in ``tests/quality_baseline.json``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textcheck.records import Document, Role, Sentence  # noqa: E402

CLAIMS_DIR = ROOT / "corpora" / "claims"
ROLES = {"petition": Role.PETITION}
"""Corpus document roles that map to a textcheck role; everything else is a statement."""

QUANTULUM_UNITS = {
    "percentage": "%",
    "pound sterling": "GBP",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
"""quantulum3 unit names mapped to DESIGN.md 3.4 units.  Its ``dimensionless`` counts have no
noun, so they are credited against any counted-noun unit (``people``, ``countries``...)."""
FIXED_UNITS = frozenset({"%", "GBP", "day", "week", "month", "year"})
TIMELINE_UNITS = frozenset({"date"})
"""Units the extractor gives to a timeline's date: not quantities in the annotation."""


@dataclass(frozen=True)
class GoldSentence:
    """One annotated sentence located in its document."""

    doc: str
    text: str
    start: int
    end: int
    claim: bool
    kinds: frozenset[str]
    quantities: tuple[dict[str, Any], ...]


@dataclass
class Figures:
    """Counts behind the gate's figures; ``as_dict`` turns them into rates."""

    gold_claims: int = 0
    found_claims: int = 0
    predicted_claim_sentences: int = 0
    kind_hits: int = 0
    gold_quantities: int = 0
    predicted_quantities: int = 0
    matched_quantities: int = 0
    quantulum_matched: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float]:
        """The gate's figures, rounded to 3 places."""
        return {
            "claim_precision": _rate(self.found_claims, self.predicted_claim_sentences),
            "claim_recall": _rate(self.found_claims, self.gold_claims),
            "kind_accuracy": _rate(self.kind_hits, self.found_claims),
            "quantity_precision": _rate(self.matched_quantities, self.predicted_quantities),
            "quantity_recall": _rate(self.matched_quantities, self.gold_quantities),
            "quantulum3_quantity_recall_value_unit": _rate(
                self.quantulum_matched, self.gold_quantities
            ),
        }


def load_gold(claims_dir: Path = CLAIMS_DIR) -> tuple[list[Document], list[GoldSentence]]:
    """The corpus documents and their annotated sentences, each located by offsets."""
    documents: dict[str, Document] = {}
    for line in (claims_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        documents[record["doc"]] = Document.build(
            ROLES.get(record["role"], Role.STATEMENT),
            record["text"],
            label=record["doc"],
            source=record["source"],
            truncated=bool(record.get("truncated")),
        )
    cursor: dict[str, int] = {}
    gold: list[GoldSentence] = []
    for line in (claims_dir / "claims.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = record["doc"]
        start = documents[doc].text.find(record["sentence"], cursor.get(doc, 0))
        if start < 0:
            raise ValueError(f"sentence not found in {doc} after offset {cursor.get(doc, 0)}")
        end = start + len(record["sentence"])
        cursor[doc] = end
        gold.append(
            GoldSentence(
                doc,
                record["sentence"],
                start,
                end,
                bool(record["claim"]),
                frozenset(record["kinds"]),
                tuple(record["quantities"]),
            )
        )
    return list(documents.values()), gold


def evaluate(claims_dir: Path = CLAIMS_DIR, *, with_quantulum: bool = False) -> Figures:
    """Run the extractor over the corpus and count agreements with the annotations."""
    from textcheck.nlp import extract_sentences_many

    documents, gold = load_gold(claims_dir)
    extracted = extract_sentences_many(documents)
    by_doc = {doc.label: sentences for doc, sentences in zip(documents, extracted, strict=True)}
    figures = Figures()
    for item in gold:
        claims = _claims_within(by_doc[item.doc], item.start, item.end)
        if claims:
            figures.predicted_claim_sentences += 1
            if not item.claim:
                figures.false_alarms.append(item.text)
        if not item.claim:
            continue
        figures.gold_claims += 1
        if claims:
            figures.found_claims += 1
            figures.kind_hits += any(claim["kind"] in item.kinds for claim in claims)
        else:
            figures.misses.append(item.text)
        predicted = _unique(
            [
                claim["quantity"]
                for claim in claims
                if claim["quantity"] and claim["quantity"]["unit"] not in TIMELINE_UNITS
            ]
        )
        figures.gold_quantities += len(item.quantities)
        figures.predicted_quantities += len(predicted)
        figures.matched_quantities += count_matches(item.quantities, predicted, strict=True)
        if with_quantulum and item.quantities:
            figures.quantulum_matched += count_matches(
                item.quantities, _quantulum(item.text), strict=False
            )
    return figures


def _claims_within(sentences: Sequence[Sentence], start: int, end: int) -> list[dict[str, Any]]:
    """Extracted claims whose quote overlaps the annotated span ``start``..``end``."""
    found = []
    for sentence in sentences:
        for claim in sentence.claims:
            if claim.start < end and claim.end > start:
                quantity = claim.quantity
                found.append(
                    {
                        "kind": claim.kind.value,
                        "quantity": None
                        if quantity is None
                        else {
                            "value": quantity.value,
                            "low": quantity.low,
                            "high": quantity.high,
                            "unit": quantity.unit,
                            "comparator": quantity.comparator.value,
                        },
                    }
                )
    return found


def _unique(quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    for quantity in quantities:
        if quantity not in seen:
            seen.append(quantity)
    return seen


def count_matches(
    gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]], *, strict: bool
) -> int:
    """How many gold quantities are matched, each by a different predicted one."""
    left = list(predicted)
    hits = 0
    for want in gold:
        for got in left:
            if _same_quantity(want, got, strict=strict):
                left.remove(got)
                hits += 1
                break
    return hits


def _same_quantity(want: dict[str, Any], got: dict[str, Any], *, strict: bool) -> bool:
    if want.get("comparator") == "range":
        values_ok = _close(want.get("low"), got.get("low")) and _close(
            want.get("high"), got.get("high")
        )
    else:
        values_ok = _close(want.get("value"), got.get("value"))
    if strict:
        unit_ok = str(got.get("unit", "")).lower() == str(want["unit"]).lower()
        return values_ok and unit_ok and got.get("comparator") == want.get("comparator")
    unit = got.get("unit")
    unit_ok = unit == want["unit"] or (unit == "count" and want["unit"] not in FIXED_UNITS)
    return values_ok and unit_ok


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))


def _quantulum(text: str) -> list[dict[str, Any]]:
    """quantulum3's quantities in ``text`` in our shape (value, mapped unit)."""
    from quantulum3 import classifier, parser

    # quantulum3 0.10's pickled unit classifier does not load under scikit-learn 1.9;
    # its rule-based disambiguation is used instead (as in benchmarks/run.py).
    classifier.USE_CLF = False
    found = []
    for quantity in parser.parse(text):
        name = quantity.unit.name
        unit = "count" if name == "dimensionless" else QUANTULUM_UNITS.get(name, name)
        found.append({"value": quantity.value, "unit": unit})
    return found


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def main() -> None:
    """Print the figures, the gate's floors, and the claims missed or raised wrongly."""
    figures = evaluate(with_quantulum=True)
    floors = json.loads((ROOT / "tests" / "quality_baseline.json").read_text("utf-8"))["floors"]
    print(f"Annotated corpus: {CLAIMS_DIR.relative_to(ROOT)}")
    print(f"{'figure':40} {'measured':>9} {'floor':>7}")
    for name, value in figures.as_dict().items():
        floor = floors.get(name)
        print(f"{name:40} {value:9.3f} {'' if floor is None else f'{floor:7.3f}'}")
    print(
        f"\ncounts: {figures.gold_claims} claim sentences, {figures.found_claims} found, "
        f"{figures.predicted_claim_sentences} sentences with a claim; "
        f"{figures.gold_quantities} quantities, {figures.predicted_quantities} extracted, "
        f"{figures.matched_quantities} matched, quantulum3 {figures.quantulum_matched}"
    )
    print(f"\nMissed claims ({len(figures.misses)}):")
    for text in figures.misses:
        print(f"  - {text[:110]}")
    print(f"\nClaims on sentences labelled not-a-claim ({len(figures.false_alarms)}):")
    for text in figures.false_alarms:
        print(f"  - {text[:110]}")


if __name__ == "__main__":
    main()
