"""``textcheck review``: stable finding keys, verdicts stored and shown, exact error text,
and the ``findings_with_petitions`` view that Datasette browses.

Everything goes through the CLI (typer's runner) offline on the embedded 241560, except the
view test, which fetches from the local petitions server so the petition is in the store.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from textcheck import api
from textcheck.cli import app
from textcheck.compare import compare_documents
from textcheck.compare.scoring import finding_key
from textcheck.records import Document, Role
from textcheck.settings import Settings
from textcheck.store import Store

FINDING_KEYS = ["id", "kind", "severity", "score", "summary", "evidence", "rule"]


def invoke(db: Path, *args: str) -> Result:
    """Run the CLI offline against the store ``db``."""
    env = {"TEXTCHECK_OFFLINE": "1", "TEXTCHECK_DB": str(db)}
    return CliRunner().invoke(app, list(args), env=env)


def finding_rows(db: Path) -> list[dict[str, str]]:
    """``compare 241560 --format csv`` parsed: one dict per finding."""
    result = invoke(db, "compare", "241560", "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "review.db"


def test_keys_are_stable_across_runs(db: Path) -> None:
    first = [row["key"] for row in finding_rows(db)]
    second = [row["key"] for row in finding_rows(db)]
    assert first == second
    assert all(key.startswith("f") and len(key) == 11 for key in first)
    assert len(set(first)) == len(first)


def test_key_depends_on_the_quoted_text() -> None:
    def keyed(later: str) -> str:
        docs = [
            Document.build(
                Role.ORIGINAL, "We will publish the data by 2020.", label="a", source="a"
            ),
            Document.build(Role.REVISED, later, label="b", source="b"),
        ]
        comparison = compare_documents(docs, [(), ()])
        assert comparison.findings
        return comparison.findings[0].key

    same = keyed("We may publish the data by 2020.")
    assert same == keyed("We may publish the data by 2020.")
    assert same != keyed("We might publish the data by 2020.")


def test_review_round_trip_marks_dismissed_everywhere(db: Path) -> None:
    rows = finding_rows(db)
    dismissed, confirmed = rows[1]["key"], rows[0]["key"]
    done = invoke(db, "review", dismissed[:8], "--status", "dismissed", "--note", "checked")
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == f"Finding {dismissed} dismissed (checked) in {db}"
    assert invoke(db, "review", confirmed, "--status", "confirmed").exit_code == 0

    reviews = {row["key"]: row["review"] for row in finding_rows(db)}
    assert reviews[dismissed] == "dismissed" and reviews[confirmed] == "confirmed"
    assert [k for k, v in reviews.items() if v] == [confirmed, dismissed]

    text = invoke(db, "compare", "241560").stdout
    assert f"{dismissed} " in text and "[dismissed]" in text and "[confirmed]" in text
    markdown = invoke(db, "compare", "241560", "--format", "markdown").stdout
    assert f"| `{dismissed}` |" in markdown
    row = next(line for line in markdown.splitlines() if f"`{dismissed}`" in line)
    assert "| dismissed |" in row

    brief = invoke(db, "brief", "241560").stdout
    open_part, dismissed_part = brief.split("## Dismissed (1)")
    assert f"key `{dismissed}`" in dismissed_part and f"key `{dismissed}`" not in open_part
    assert f"key `{confirmed}` · **confirmed**" in open_part


def test_compare_json_is_unchanged_by_reviews(db: Path) -> None:
    key = finding_rows(db)[0]["key"]
    before = invoke(db, "compare", "241560", "--format", "json").stdout
    assert invoke(db, "review", key, "--status", "dismissed").exit_code == 0
    after = invoke(db, "compare", "241560", "--format", "json").stdout
    assert before == after
    for finding in json.loads(after)["findings"]:
        assert list(finding) == FINDING_KEYS


def test_latest_verdict_wins(db: Path) -> None:
    key = finding_rows(db)[0]["key"]
    invoke(db, "review", key, "--status", "dismissed")
    invoke(db, "review", key, "--status", "confirmed", "--note", "on second look")
    row = next(r for r in finding_rows(db) if r["key"] == key)
    assert row["review"] == "confirmed"
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2


def test_unknown_key_error_is_one_exact_line(db: Path) -> None:
    finding_rows(db)
    done = invoke(db, "review", "f0000000000x", "--status", "confirmed")
    assert done.exit_code == 1
    assert done.stderr == f"Error: no finding with key 'f0000000000x' in {db}\n"


def test_review_without_a_store_does_not_create_one(db: Path) -> None:
    done = invoke(db, "review", "fabc", "--status", "dismissed")
    assert done.exit_code == 1
    assert done.stderr == f"Error: no finding with key 'fabc' in {db}\n"
    assert not db.exists()


def test_ambiguous_prefix_is_refused(db: Path) -> None:
    finding_rows(db)
    done = invoke(db, "review", "f", "--status", "confirmed")
    assert done.exit_code == 1
    assert done.stderr.startswith(f"Error: finding key prefix 'f' is ambiguous in {db}: it matches")
    assert done.stderr.endswith("give more characters\n")


def test_bad_status_is_a_usage_error(db: Path) -> None:
    assert invoke(db, "review", "fabc", "--status", "maybe").exit_code == 2


def test_findings_view_joins_petition_versions_and_review(fast_settings: Settings) -> None:
    comparison = api.compare("241560", None, fast_settings)
    dropped = next(f for f in comparison.findings if f.kind == "claim_dropped")
    api.review(dropped.key, "dismissed", fast_settings, note="restated")
    with Store.open(fast_settings.db) as store:
        store.connection.row_factory = sqlite3.Row
        rows = store.connection.execute(
            "SELECT * FROM findings_with_petitions ORDER BY finding_key"
        ).fetchall()
    assert len(rows) == len(comparison.findings)
    by_key = {row["finding_key"]: row for row in rows}
    row = by_key[dropped.key]
    assert row["review_status"] == "dismissed" and row["review_note"] == "restated"
    assert row["petition_id"] == 241560 and row["petition_action"]
    assert row["first_role"] == "original" and row["first_version"] == "original"
    assert row["first_responded_on"] == comparison.documents[1].date
    assert row["first_quote"] == dropped.evidence[0].quote
    others = [r for k, r in by_key.items() if k != dropped.key]
    assert {r["review_status"] for r in others} == {"unreviewed"}


def test_finding_key_ignores_id_and_score(db: Path) -> None:
    comparison = api.compare("241560", None, Settings(offline=True, db=db))
    finding = comparison.findings[0]
    moved = replace(finding, id="F99", score=0.01, summary="other words")
    assert finding_key(moved, comparison.documents) == finding.key


def test_compare_still_works_when_the_store_cannot_be_written(tmp_path: Path) -> None:
    db = tmp_path / "missing-folder" / "x.db"
    result = invoke(db, "compare", "241560", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"]
    assert not db.exists()
