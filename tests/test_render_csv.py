"""CSV output of claims and findings: one row per record, numbers as numbers, and text that
a spreadsheet would run as a formula defused with a leading quote (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textcheck.api import ClaimsResult
from textcheck.cli import app
from textcheck.records import (
    Claim,
    ClaimKind,
    Comparator,
    Comparison,
    Document,
    Evidence,
    Finding,
    FindingKind,
    Quantity,
    Role,
    Sentence,
    Severity,
)
from textcheck.render import render_claims, render_compare
from textcheck.render.csv import render_findings_csv, safe_cell

TEXT = '=HYPERLINK("http://evil.example","x") +1 -2 @SUM(A1) plain \x1b[31mred'


def _claim(claim_id: str, quote: str, start: int, quantity: Quantity | None = None) -> Claim:
    end = start + len(quote)
    return Claim(
        claim_id,
        Role.STATEMENT,
        ClaimKind.QUANTITY,
        quote,
        quote,
        start,
        end,
        start,
        end,
        checkworthiness=0.81234,
        quantity=quantity,
    )


def _claims_result() -> ClaimsResult:
    doc = Document.build(Role.STATEMENT, TEXT, label="=label", source="s")
    claims = (
        _claim("C1", TEXT[:37], 0, Quantity(-3.5, "%", Comparator.LE, text="-3.5%")),
        _claim("C2", "+1", 38),
        _claim("C3", "@SUM(A1)", 44),
        _claim("C4", "plain \x1b[31mred", 53),
    )
    sentence = Sentence(Role.STATEMENT, TEXT, 0, len(TEXT), 0.5, claims)
    return ClaimsResult((doc,), (sentence,))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain = text", "plain = text"),
        (-2, -2),
        (0.5, 0.5),
        (None, ""),
        ("\x1b[31mred", "red"),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_claims_csv_has_one_defused_row_per_claim() -> None:
    rows = list(csv.DictReader(io.StringIO(render_claims(_claims_result(), "csv"))))
    assert [row["id"] for row in rows] == ["C1", "C2", "C3", "C4"]
    assert rows[0]["quote"].startswith("'=HYPERLINK(")
    assert rows[1]["quote"] == "'+1" and rows[2]["quote"] == "'@SUM(A1)"
    assert rows[3]["quote"] == "plain red"
    assert rows[0]["value"] == "-3.5" and rows[0]["unit"] == "%" and rows[0]["comparator"] == "<="
    assert rows[0]["checkworthiness"] == "0.812"
    assert rows[1]["value"] == "" and rows[1]["unit"] == ""


def test_findings_csv_spreads_evidence_over_columns() -> None:
    doc = Document.build(Role.ORIGINAL, "abc -def ghi", label="a", source="a")
    three = tuple(Evidence(Role.ORIGINAL, doc.text[i : i + 3], i, i + 3) for i in (0, 4, 8))
    findings = (
        Finding(
            "F1",
            FindingKind.MOVED,
            Severity.LOW,
            0.3,
            "-moved",
            three,
            "moved.v1",
            review_status="dismissed",
            key="f0123456789",
        ),
        Finding("F2", FindingKind.REWORDED, Severity.LOW, 0.1, "ok", three[:1], "reworded.v1"),
    )
    rows = list(csv.reader(io.StringIO(render_findings_csv(Comparison((doc,), findings)))))
    header = rows[0]
    assert header[:8] == ["key", "id", "kind", "severity", "score", "review", "rule", "summary"]
    assert header[-4:] == ["evidence3_role", "evidence3_quote", "evidence3_start", "evidence3_end"]
    first = dict(zip(header, rows[1], strict=True))
    assert first["key"] == "f0123456789" and first["review"] == "dismissed"
    assert first["summary"] == "'-moved" and first["evidence2_quote"] == "'-de"
    assert first["evidence3_start"] == "8"
    second = dict(zip(header, rows[2], strict=True))
    assert second["evidence2_quote"] == "" and second["review"] == ""


def test_findings_csv_of_no_findings_has_two_evidence_groups() -> None:
    rows = list(csv.reader(io.StringIO(render_compare(Comparison((), ()), "csv"))))
    assert len(rows) == 1 and rows[0][-1] == "evidence2_end"


@pytest.mark.parametrize("command", ["claims", "compare"])
def test_cli_writes_csv(command: str, tmp_path: Path) -> None:
    env = {"TEXTCHECK_OFFLINE": "1", "TEXTCHECK_DB": str(tmp_path / "c.db")}
    result = CliRunner().invoke(app, [command, "241560", "--format", "csv"], env=env)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert all(row["id"] for row in rows)
