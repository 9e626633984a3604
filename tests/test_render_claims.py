"""Rendering claims: textcheck.claims/1 JSON, JSONL (claims or all sentences), text table."""

from __future__ import annotations

import json
import math

import pytest

from textcheck.api import ClaimsResult
from textcheck.errors import InputError
from textcheck.records import (
    Claim,
    ClaimKind,
    Comparator,
    Document,
    Modality,
    Polarity,
    Quantity,
    Role,
    Sentence,
)
from textcheck.render.claims import claim_to_dict, format_quantity, render_claims

TEXT = "We set a target for no more than 3% of reports. The sky is grey."
QUOTE = "We set a target for no more than 3% of reports."


def result(quote: str = QUOTE, text: str = TEXT) -> ClaimsResult:
    document = Document.build(Role.REVISED, text, label="Revised response", source="r.json")
    claim = Claim(
        id="C1",
        role=Role.REVISED,
        kind=ClaimKind.AUDIT_RATE,
        sentence=quote,
        quote=quote,
        start=0,
        end=len(quote),
        sentence_start=0,
        sentence_end=len(quote),
        checkworthiness=0.87654,
        quantity=Quantity(3.0, "%", Comparator.LE, text="no more than 3%"),
        subject="PIP providers",
        polarity=Polarity.POSITIVE,
        modality=Modality.ASSERTED,
        strength=0,
        cue="target",
    )
    sentences = (
        Sentence(Role.REVISED, quote, 0, len(quote), 0.87654, (claim,)),
        Sentence(Role.REVISED, "The sky is grey.", len(quote) + 1, len(text), 0.1, ()),
    )
    return ClaimsResult((document,), sentences)


def test_json_is_the_claims_contract() -> None:
    payload = json.loads(render_claims(result(), "json"))
    assert payload["schema"] == "textcheck.claims/1"
    assert list(payload["documents"][0]) == ["role", "label", "source", "sha256", "text"]
    (claim,) = payload["claims"]
    assert list(claim) == [
        "id", "role", "kind", "sentence", "quote", "start", "end", "checkworthiness",
        "quantity", "subject", "polarity", "modality", "strength",
    ]  # fmt: skip
    assert claim["quantity"] == {
        "value": 3, "low": None, "high": None, "unit": "%", "comparator": "<=",
    }  # fmt: skip
    assert claim["checkworthiness"] == 0.877
    assert TEXT[claim["start"] : claim["end"]] == claim["quote"]


def test_jsonl_writes_one_claim_a_line() -> None:
    lines = render_claims(result(), "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["C1"]


def test_jsonl_all_sentences_writes_one_sentence_a_line() -> None:
    lines = [
        json.loads(line)
        for line in render_claims(result(), "jsonl", all_sentences=True).splitlines()
    ]
    assert [list(line) for line in lines] == [
        ["role", "sentence", "start", "end", "checkworthiness", "claims"]
    ] * 2
    assert [len(line["claims"]) for line in lines] == [1, 0]
    assert lines[1]["sentence"] == "The sky is grey."


def test_an_unscored_sentence_has_a_null_score_not_nan() -> None:
    document = Document.build(Role.REVISED, "The sky is grey.", label="r", source="r.json")
    unscored = Sentence(Role.REVISED, "The sky is grey.", 0, 16, math.nan, ())
    output = render_claims(ClaimsResult((document,), (unscored,)), "jsonl", all_sentences=True)
    assert "NaN" not in output
    assert json.loads(output)["checkworthiness"] is None


def test_text_table_shows_kind_quantity_and_quote() -> None:
    output = render_claims(result(), "text")
    assert "audit_rate" in output
    assert "<= 3 %" in output
    assert "no more than 3% of reports" in output


def test_text_never_interprets_markup_or_escapes() -> None:
    quote = "[bold red]We[/bold red] set \x1b[31mtargets\x1b]8;;http://x\x07 \u202e."
    text = quote + " More."
    output = render_claims(result(quote, text), "text")
    assert "[bold red]We[/bold red]" in output
    assert "\x1b" not in output
    assert "\u202e" not in output


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected format text, json, jsonl or csv, got 'xml'"):
        render_claims(result(), "xml")


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [
        (Quantity(None, "%", Comparator.RANGE, 5.0, 10.0), "5-10 %"),
        (Quantity(22_000_000.0, "GBP"), "22,000,000 GBP"),
        (Quantity(6.0, "week", Comparator.APPROX), "~ 6 week"),
        (Quantity(66.67, "%"), "66.67 %"),
        (Quantity(2016.0, "date", Comparator.GE, text="since 2016"), ">= 2016"),
        (Quantity(2026.0, "date", Comparator.LE, text="by March 2026"), "<= 2026"),
        (Quantity(2019.0, "financial_year", text="in 2019-20"), "2019-20"),
        (None, ""),
    ],
)
def test_format_quantity(quantity: Quantity | None, shown: str) -> None:
    assert format_quantity(quantity) == shown


def test_claim_to_dict_keeps_ids_given_by_the_api() -> None:
    claim = result().claims[0]
    assert claim_to_dict(claim)["id"] == "C1"
    assert claim_to_dict(claim)["kind"] == "audit_rate"
