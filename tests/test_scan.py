"""``textcheck scan`` against two snapshots of a small site served by the local server.

Snapshot 1 lists three petitions with a response; snapshot 2 revises one in place (the
original kept as related activity), adds a new one, withdraws one and leaves one unchanged
(``tests/fixtures/scan/README.md``).  Expected classifications and order come from that table
and from the fixtures' own ``updated_at`` values, never from the output.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import textcheck.scan as scan_module
from tests.server import Fault, PetitionsServer
from textcheck import api
from textcheck.cli import app
from textcheck.errors import InputError
from textcheck.records import ChangeKind, Document, Role
from textcheck.render.claims import claim_to_dict
from textcheck.render.payload import finding_payload
from textcheck.render.scan import render_scan, render_scan_feed
from textcheck.scan import ScanResult, parse_instant
from textcheck.settings import Settings
from textcheck.store import Store

SNAPSHOTS = Path(__file__).parent / "fixtures" / "scan"
ATOM = "{http://www.w3.org/2005/Atom}"
UNCHANGED, REVISED, WITHDRAWN, NEW = 700273, 241560, 740671, 574455
SECOND_SCAN = {REVISED: ChangeKind.REVISED, WITHDRAWN: ChangeKind.WITHDRAWN, NEW: ChangeKind.NEW}
CHANGE_KEYS = ["petition", "change", "action", "url", "responded_on", "claims", "findings"]


def use_snapshot(server: PetitionsServer, name: str) -> None:
    """Serve every route of ``tests/fixtures/scan/<name>/routes.json``."""
    folder = SNAPSHOTS / name
    routes: dict[str, Any] = json.loads((folder / "routes.json").read_text(encoding="utf-8"))
    for path, entry in routes.items():
        if path.startswith("_"):
            continue
        body = (folder / entry["file"]).read_bytes()
        server.add_route(path, status=entry["status"], body=body, headers=entry["headers"])


def fixture_updated_at(name: str, petition_id: int) -> str:
    """The ``updated_at`` a snapshot's single-petition JSON gives."""
    data = json.loads((SNAPSHOTS / name / f"petition_{petition_id}.json").read_text("utf-8"))
    return str(data["data"]["attributes"]["updated_at"])


def kinds(result: ScanResult) -> dict[int, ChangeKind]:
    return {change.petition: change.change for change in result.changes}


@pytest.fixture
def scanned(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> tuple[ScanResult, ScanResult]:
    """Scan snapshot 1, then snapshot 2, into one store."""
    use_snapshot(petitions_server, "snapshot1")
    first = api.scan(fast_settings)
    use_snapshot(petitions_server, "snapshot2")
    second = api.scan(fast_settings)
    return first, second


def test_first_scan_reports_every_response_as_new(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    first, _ = scanned
    assert kinds(first) == {UNCHANGED: "new", REVISED: "new", WITHDRAWN: "new"}
    assert first.since is None
    assert first.errors == ()
    assert all(change.claims for change in first.changes)


def test_second_scan_classifies_new_revised_withdrawn_and_skips_unchanged(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    _, second = scanned
    assert kinds(second) == SECOND_SCAN
    assert second.errors == ()
    assert second.since is not None


def test_changes_are_newest_first_by_the_sources_time(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    _, second = scanned
    expected = sorted(
        SECOND_SCAN, key=lambda pid: fixture_updated_at("snapshot2", pid), reverse=True
    )
    assert [change.petition for change in second.changes] == expected


def test_revised_response_has_findings_quoting_both_versions(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    _, second = scanned
    revised = next(c for c in second.changes if c.change == ChangeKind.REVISED)
    assert revised.findings
    assert revised.claims == ()
    roles = {doc.role: doc for doc in revised.documents}
    assert {Role.PETITION, Role.ORIGINAL, Role.REVISED} <= set(roles)
    for finding in revised.findings:
        for evidence in finding.evidence:
            document: Document = roles[evidence.role]
            assert document.text[evidence.start : evidence.end] == evidence.quote
    quoted = {e.role for f in revised.findings for e in f.evidence}
    assert {Role.ORIGINAL, Role.REVISED} <= quoted
    assert revised.responded_on == "2019-09-03"


def test_new_response_has_claims_and_withdrawn_has_neither(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    _, second = scanned
    by_id = {change.petition: change for change in second.changes}
    assert by_id[NEW].claims and not by_id[NEW].findings
    assert [c.id for c in by_id[NEW].claims] == [
        f"C{n}" for n in range(1, len(by_id[NEW].claims) + 1)
    ]
    assert by_id[WITHDRAWN].claims == () and by_id[WITHDRAWN].findings == ()
    assert by_id[WITHDRAWN].responded_on == "2025-12-09"


def test_unchanged_petition_is_not_fetched_again(
    petitions_server: PetitionsServer, scanned: tuple[ScanResult, ScanResult]
) -> None:
    assert len(petitions_server.requests_for(f"/petitions/{UNCHANGED}.json")) == 1
    revised_requests = petitions_server.requests_for(f"/petitions/{REVISED}.json")
    assert len(revised_requests) == 2
    assert revised_requests[1].header("If-Modified-Since") is not None


def test_every_version_is_stored(
    fast_settings: Settings, scanned: tuple[ScanResult, ScanResult]
) -> None:
    with Store.open(fast_settings.db) as store:
        petition = store.load_petition(REVISED)
    assert petition is not None
    assert [v.responded_on for v in petition.responses][-1] == "2019-09-03"
    assert len(petition.responses) >= 2


def test_json_follows_the_contract(scanned: tuple[ScanResult, ScanResult]) -> None:
    _, second = scanned
    payload = json.loads(render_scan(second, "json"))
    assert list(payload) == ["schema", "since", "changes", "errors"]
    assert payload["errors"] == []
    assert payload["schema"] == "textcheck.scan/1"
    assert payload["since"] == second.since
    for change, record in zip(payload["changes"], second.changes, strict=True):
        assert list(change) == CHANGE_KEYS
        assert change["change"] in {"new", "revised", "withdrawn"}
        assert change["url"].startswith("http://127.0.0.1:")
        assert change["claims"] == [claim_to_dict(c) for c in record.claims]
        assert change["findings"] == [finding_payload(f) for f in record.findings]


def test_atom_feed_parses_one_entry_per_change_newest_first(
    petitions_server: PetitionsServer, scanned: tuple[ScanResult, ScanResult]
) -> None:
    _, second = scanned
    root = ET.fromstring(render_scan_feed(second).encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(SECOND_SCAN)
    times = [parse_instant(e.findtext(f"{ATOM}updated")) for e in entries]
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links == [f"{petitions_server.url}/petitions/{c.petition}" for c in second.changes]
    revised = entries[[c.petition for c in second.changes].index(REVISED)]
    summary = revised.find(f"{ATOM}summary")
    assert summary is not None and summary.get("type") == "text"
    first_finding = next(c for c in second.changes if c.petition == REVISED).findings[0]
    assert first_finding.summary.split("'")[0] in (summary.text or "")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)


def test_digest_lists_changes_but_not_the_unchanged_petition(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    _, second = scanned
    digest = render_scan(second, "text")
    assert digest.startswith("# textcheck scan: 3 changes since ")
    for petition_id in SECOND_SCAN:
        assert f"Petition {petition_id}:" in digest
    assert str(UNCHANGED) not in digest
    assert "## Revised response: Investigate Atos PIP assessments." in digest


def test_a_second_scan_with_nothing_new_lists_nothing(
    petitions_server: PetitionsServer,
    fast_settings: Settings,
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    before = len(petitions_server.requests)
    again = api.scan(fast_settings)
    assert again.changes == () and again.errors == ()
    fetched = [r.path for r in petitions_server.requests[before:]]
    assert all(path.startswith("/petitions.json") for path in fetched)
    assert "No new, revised or withdrawn responses." in render_scan(again, "text")


def test_a_petition_that_fails_is_reported_and_picked_up_by_the_next_scan(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    use_snapshot(petitions_server, "snapshot1")
    api.scan(fast_settings)
    use_snapshot(petitions_server, "snapshot2")
    attempts = fast_settings.retries + 1
    petitions_server.add_fault(f"/petitions/{NEW}.json", [Fault.http_status(500)] * attempts)
    partial = api.scan(fast_settings)
    assert kinds(partial) == {REVISED: "revised", WITHDRAWN: "withdrawn"}
    assert len(partial.errors) == 1 and f"petition {NEW}:" in partial.errors[0]
    assert "HTTP 500" in partial.errors[0]
    rerun = api.scan(fast_settings)
    assert kinds(rerun) == {NEW: "new"}
    assert rerun.errors == ()
    assert api.scan(fast_settings).changes == ()


def test_an_interrupted_scan_resumes_without_losing_or_repeating_changes(
    petitions_server: PetitionsServer,
    fast_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_snapshot(petitions_server, "snapshot1")
    first = api.scan(fast_settings)
    use_snapshot(petitions_server, "snapshot2")
    real_fetch: Callable[..., Any] = scan_module.fetch_petition
    calls: list[int] = []

    def fetch_then_interrupt(client: Any, petition_id: int, settings: Settings) -> Any:
        calls.append(petition_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_fetch(client, petition_id, settings)

    monkeypatch.setattr(scan_module, "fetch_petition", fetch_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        api.scan(fast_settings)
    monkeypatch.setattr(scan_module, "fetch_petition", real_fetch)
    resumed = api.scan(fast_settings)
    assert kinds(resumed) == SECOND_SCAN
    assert len(resumed.changes) == len(SECOND_SCAN)
    assert resumed.since is not None and resumed.since != first.since
    assert api.scan(fast_settings).changes == ()


def test_since_reports_recorded_changes_from_that_date(
    fast_settings: Settings, scanned: tuple[ScanResult, ScanResult]
) -> None:
    everything = api.scan(fast_settings, since="2000-01-01")
    pairs = sorted((c.petition, str(c.change)) for c in everything.changes)
    expected_all = sorted(
        [(UNCHANGED, "new"), (REVISED, "new"), (WITHDRAWN, "new")]
        + [(pid, str(kind)) for pid, kind in SECOND_SCAN.items()]
    )
    assert pairs == expected_all
    cutoff = "2021-01-01"
    recent = api.scan(fast_settings, since=cutoff)
    assert REVISED not in {c.petition for c in recent.changes}
    assert all(c.changed_at >= cutoff for c in recent.changes)
    assert recent.since is not None and recent.since.startswith(cutoff)
    assert api.scan(fast_settings, since="2999-01-01").changes == ()


def test_since_that_is_not_a_date_is_an_input_error(fast_settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        api.scan(fast_settings, since="last tuesday")
    assert str(caught.value) == (
        "expected --since as a date (YYYY-MM-DD) or ISO 8601 timestamp, got 'last tuesday'"
    )


def test_a_removed_petition_counts_as_withdrawn(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    use_snapshot(petitions_server, "snapshot1")
    api.scan(fast_settings)
    use_snapshot(petitions_server, "snapshot2")
    petitions_server.add_route(f"/petitions/{WITHDRAWN}.json", status=410, body=b"")
    second = api.scan(fast_settings)
    assert kinds(second)[WITHDRAWN] == ChangeKind.WITHDRAWN


def test_dismissed_findings_do_not_alert(
    fast_settings: Settings, scanned: tuple[ScanResult, ScanResult]
) -> None:
    _, second = scanned
    revised = next(c for c in second.changes if c.change == ChangeKind.REVISED)
    dismissed = revised.findings[0].key
    assert dismissed
    with Store.open(fast_settings.db) as store:
        store.save_review(dismissed, "dismissed", "not news")
    again = api.scan(fast_settings, since="2000-01-01")
    revised_again = next(c for c in again.changes if c.change == ChangeKind.REVISED)
    assert dismissed not in {f.key for f in revised_again.findings}
    assert len(revised_again.findings) == len(revised.findings) - 1


def test_cli_writes_json_and_a_feed_then_lists_nothing(
    petitions_server: PetitionsServer, fast_settings: Settings, tmp_path: Path
) -> None:
    env = {"TEXTCHECK_DELAY_S": "0", "TEXTCHECK_RETRIES": "0", "TEXTCHECK_PAGE_SIZE": "2"}
    args = ["scan", "--base-url", petitions_server.url, "--db", str(fast_settings.db)]
    feed = tmp_path / "feed.xml"
    use_snapshot(petitions_server, "snapshot1")
    assert CliRunner(env=env).invoke(app, args).exit_code == 0
    use_snapshot(petitions_server, "snapshot2")
    result = CliRunner(env=env).invoke(app, [*args, "--format", "json", "--feed", str(feed)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {c["petition"]: c["change"] for c in payload["changes"]} == SECOND_SCAN
    entries = ET.parse(feed).getroot().findall(f"{ATOM}entry")
    assert len(entries) == len(SECOND_SCAN)
    again = CliRunner(env=env).invoke(app, [*args, "--format", "json", "--feed", str(feed)])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["changes"] == []
    kept = ET.parse(feed).getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in kept] == [e.findtext(f"{ATOM}id") for e in entries]


def test_cli_reports_a_failed_petition_as_one_error_line_and_goes_on(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    """One petition failing is listed; the others are still scanned and reported (exit 0)."""
    env = {"TEXTCHECK_DELAY_S": "0", "TEXTCHECK_RETRIES": "0", "TEXTCHECK_PAGE_SIZE": "2"}
    args = ["scan", "--base-url", petitions_server.url, "--db", str(fast_settings.db)]
    use_snapshot(petitions_server, "snapshot2")
    petitions_server.add_fault(f"/petitions/{NEW}.json", [Fault.http_status(500)])
    result = CliRunner(env=env).invoke(app, args)
    assert result.exit_code == 0
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: petition {NEW}: expected a successful response from ")
    assert "# textcheck scan: 2 changes" in result.stdout


def test_cli_bad_since_and_interval_are_one_error_line(fast_settings: Settings) -> None:
    args = ["scan", "--db", str(fast_settings.db)]
    bad_since = CliRunner().invoke(app, [*args, "--since", "soon"])
    assert bad_since.exit_code == 1
    assert bad_since.stderr.strip() == (
        "Error: expected --since as a date (YYYY-MM-DD) or ISO 8601 timestamp, got 'soon'"
    )
    bad_interval = CliRunner().invoke(app, [*args, "--interval", "0"])
    assert bad_interval.exit_code == 1
    assert bad_interval.stderr.strip() == (
        "Error: expected --interval SECONDS above 0 and at most 604,800 (a week), got 0"
    )


def test_untrusted_text_stays_text_in_the_digest_and_the_feed() -> None:
    hostile = "<script>alert(1)</script> [x](http://evil.example) \x1b[31mred\x1b[0m"
    change = scan_module.ScanChange(
        petition=1,
        change=ChangeKind.WITHDRAWN,
        action=hostile,
        url="http://127.0.0.1:1/petitions/1",
        responded_on="2025-01-02",
        changed_at="2025-01-03T00:00:00Z",
        sha256="ab",
    )
    result = ScanResult(since=None, changes=(change,), source="http://127.0.0.1:1")
    digest = render_scan(result, "markdown")
    assert "<script>" not in digest and "\x1b" not in digest
    assert "&lt;script&gt;" in digest and "\\[x\\]" in digest
    entry = ET.fromstring(render_scan_feed(result).encode("utf-8")).find(f"{ATOM}entry")
    assert entry is not None
    title = entry.findtext(f"{ATOM}title") or ""
    assert title == "Response withdrawn: <script>alert(1)</script> [x](http://evil.example) red"
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")  # type: ignore[union-attr]


def test_feed_carries_earlier_entries_over_and_keeps_ids_stable(
    scanned: tuple[ScanResult, ScanResult],
) -> None:
    first, second = scanned
    old_feed = render_scan_feed(first)
    merged = ET.fromstring(render_scan_feed(second, previous_feed=old_feed).encode("utf-8"))
    ids = [e.findtext(f"{ATOM}id") for e in merged.findall(f"{ATOM}entry")]
    assert len(ids) == len(first.changes) + len(second.changes) == len(set(ids))
    rewritten = render_scan_feed(second, previous_feed=render_scan_feed(second))
    assert rewritten.count("<entry>") == len(second.changes)
    assert render_scan_feed(second, previous_feed="not xml").count("<entry>") == 3


def test_archived_scan_walks_the_archived_list_of_one_parliament(
    petitions_server: PetitionsServer, fast_settings: Settings
) -> None:
    use_snapshot(petitions_server, "snapshot1")
    listing = (SNAPSHOTS / "snapshot1" / "petitions_with_response.json").read_bytes()
    archived_list = "/archived/petitions.json?parliament=3&state=with_response"
    petitions_server.add_route(
        archived_list, body=listing, headers={"Content-Type": "application/json"}
    )
    result = api.scan(fast_settings, archived=True, parliament=3)
    assert kinds(result) == {UNCHANGED: "new", REVISED: "new", WITHDRAWN: "new"}
    assert petitions_server.requests_for(archived_list + "&count=2")
    assert api.scan(fast_settings, archived=True, parliament=3).changes == ()


def test_parliament_without_archived_is_an_input_error(fast_settings: Settings) -> None:
    with pytest.raises(InputError) as caught:
        api.scan(fast_settings, parliament=3)
    assert str(caught.value) == "--parliament N reads an archived parliament: add --archived"
