"""End to end through the installed command, as a user runs it on the recorded petition.

The petition is the saved petitions-API JSON of 241560 and the article the recorded web page,
so the real parsers, the NLP pipeline, the comparer and the JSON renderer all run.  Each
golden expectation is its own test id; known gaps are strict xfails with a reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.golden_match import claim_matches, finding_matches

HERE = Path(__file__).parent
PETITION = HERE / "fixtures" / "petitions" / "archived_petition_241560.json"
ARTICLE = HERE / "fixtures" / "articles" / "atos-norms-article.html"
GOLDEN = HERE / "golden"

# Expectations we know we miss today: (file, part, index) -> reason.
KNOWN_GAPS: dict[tuple[str, str, int], str] = {}


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m textcheck`` offline with a throwaway store."""
    env_args = [sys.executable, "-m", "textcheck", *args]
    return subprocess.run(
        env_args,
        input=stdin,
        capture_output=True,
        timeout=240,
        env={"TEXTCHECK_OFFLINE": "1", "TEXTCHECK_DB": str(_tmp_db()), "PATH": "/usr/bin:/bin"},
        check=False,
    )


@cache
def _tmp_db() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp()) / "e2e.db"


@cache
def cli_json(*args: str) -> dict[str, Any]:
    """Run the CLI with ``--format json`` and parse standard output (cached per argument list)."""
    done = run_cli(*args, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def _cases(name: str) -> list[Any]:
    data = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    params = []
    for part in ("must", "should", "must_not"):
        for i, expected in enumerate(data.get(part, [])):
            marks = []
            reason = KNOWN_GAPS.get((name, part, i))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(pytest.param(part, expected, id=f"{part}-{i}", marks=marks))
    return params


@pytest.mark.parametrize(("part", "expected"), _cases("compare-241560.json"))
def test_golden_revision(part: str, expected: dict[str, Any]) -> None:
    findings = cli_json("compare", str(PETITION))["findings"]
    hit = any(finding_matches(f, expected) for f in findings)
    assert hit is (part != "must_not"), expected


@pytest.mark.parametrize(("part", "expected"), _cases("compare-241560-against-atos.json"))
def test_golden_denial(part: str, expected: dict[str, Any]) -> None:
    findings = cli_json("compare", str(PETITION), "--against", str(ARTICLE))["findings"]
    hit = any(finding_matches(f, expected) for f in findings)
    assert hit is (part != "must_not"), expected


@pytest.mark.parametrize(("part", "expected"), _cases("claims-seeds.json"))
def test_golden_claims(part: str, expected: dict[str, Any]) -> None:
    claims = (
        cli_json("claims", str(PETITION))["claims"] + cli_json("claims", str(ARTICLE))["claims"]
    )
    hit = any(claim_matches(c, expected) for c in claims)
    assert hit is (part != "must_not"), expected


def test_compare_evidence_quotes_are_exact_slices() -> None:
    result = cli_json("compare", str(PETITION), "--against", str(ARTICLE))
    assert result["schema"] == "textcheck.compare/1"
    texts = {d["role"]: d["text"] for d in result["documents"]}
    assert {"petition", "original", "revised", "against"} <= set(texts)
    assert result["findings"], "the seed case has findings"
    for finding in result["findings"]:
        for ev in finding["evidence"]:
            assert texts[ev["role"]][ev["start"] : ev["end"]] == ev["quote"]


def test_compare_orders_findings_by_severity_then_score() -> None:
    findings = cli_json("compare", str(PETITION))["findings"]
    rank = {"high": 0, "medium": 1, "low": 2}
    keys = [(rank[f["severity"]], -f["score"]) for f in findings]
    assert keys == sorted(keys)
    assert [f["id"] for f in findings] == [f"F{i}" for i in range(1, len(findings) + 1)]


def test_claims_jsonl_scores_every_sentence() -> None:
    done = run_cli("claims", str(ARTICLE), "--format", "jsonl", "--all-sentences")
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode().splitlines() if line.strip()]
    assert len(lines) > 10
    for line in lines:
        assert set(line) >= {"role", "sentence", "start", "end", "checkworthiness", "claims"}
        assert 0.0 <= line["checkworthiness"] <= 1.0
    denial = next(x for x in lines if "does not have targets" in x["sentence"])
    furniture = min(lines, key=lambda x: x["checkworthiness"])
    assert denial["checkworthiness"] > furniture["checkworthiness"]


def test_compare_embedded_default_offline() -> None:
    """The README's demo: ``textcheck compare 241560`` with no network and no store."""
    done = run_cli("compare", "241560", "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    roles = [d["role"] for d in json.loads(done.stdout)["documents"]]
    assert roles[:3] == ["petition", "original", "revised"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["claims", "no/such/file.txt"],
            None,
            "Error: no such file, petition id or URL: 'no/such/file.txt'",
        ),
        (["claims", "-"], b"", "Error: <stdin> is empty"),
        (["claims", "-"], b"\x00\x01\x02binary\x00", "Error: <stdin> is binary"),
        (["compare", "-", "-"], b"", "Error: <stdin> is empty"),
    ],
)
def test_bad_input_is_one_clean_line(args: list[str], stdin: bytes | None, message: str) -> None:
    done = run_cli(*args, stdin=stdin)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert err.strip().startswith(message)


def test_usage_error_exits_2() -> None:
    done = run_cli("compare")
    assert done.returncode == 2
