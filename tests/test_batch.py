"""``textcheck batch`` (DESIGN.md 3.6): order, per-line errors, resume, bounded memory, Dask."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from textcheck import api
from textcheck.batch import process_line, run_batch
from textcheck.cli import app
from textcheck.errors import InputError
from textcheck.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "nlp" / "241560-original.txt").read_text(encoding="utf-8")
REVISED = (FIXTURES / "nlp" / "241560-revised.txt").read_text(encoding="utf-8")
DENIAL = (FIXTURES / "nlp" / "atos-norms-article.txt").read_text(encoding="utf-8")

TEXTS = [
    "The target is that no more than 3% of assessments fail the audit.",
    "We will publish the figures in the spring. Waiting times fell to 6 weeks.",
    "",
    "Thank you for your petition.",
]


def _input_lines() -> list[str]:
    lines = [json.dumps({"id": f"t{i}", "text": text}) for i, text in enumerate(TEXTS)]
    lines.insert(2, "this is not JSON")
    lines.insert(3, json.dumps({"id": "p1", "original": ORIGINAL, "revised": REVISED}))
    lines.append(json.dumps({"id": "bad", "text": 42}))
    lines.append(
        json.dumps({"id": "p2", "original": ORIGINAL, "revised": REVISED, "against": DENIAL})
    )
    lines.append("[1, 2]")
    return lines


def _write_input(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read_output(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The input file and the output of one uninterrupted single-worker run."""
    folder = tmp_path_factory.mktemp("batch")
    source = _write_input(folder / "in.jsonl", _input_lines())
    out = folder / "out.jsonl"
    api.batch(source, out, Settings(), workers=1)
    return source, out


def test_output_has_one_line_per_input_line_in_input_order(full_run: tuple[Path, Path]) -> None:
    _, out = full_run
    ids = [record["id"] for record in _read_output(out)]
    assert ids == ["t0", "t1", None, "p1", "t2", "t3", "bad", "p2", None]


def test_text_lines_give_claims_and_sentences_with_exact_offsets(
    full_run: tuple[Path, Path],
) -> None:
    _, out = full_run
    records = {r["id"]: r for r in _read_output(out) if r["id"] in {"t0", "t1", "t2"}}
    for index, key in enumerate(["t0", "t1"]):
        text = TEXTS[index]
        record = records[key]
        assert list(record) == ["id", "claims", "sentences"]
        assert record["sentences"], key
        for sentence in record["sentences"]:
            assert list(sentence) == ["sentence", "start", "end", "checkworthiness"]
            assert text[sentence["start"] : sentence["end"]] == sentence["sentence"]
        for claim in record["claims"]:
            assert text[claim["start"] : claim["end"]] == claim["quote"]
    assert [c["id"] for c in records["t1"]["claims"]] == [
        f"C{n}" for n in range(1, len(records["t1"]["claims"]) + 1)
    ]
    assert records["t0"]["claims"][0]["quantity"]["unit"] == "%"
    assert records["t2"] == {"id": "t2", "claims": [], "sentences": []}


def test_pair_lines_give_findings_quoting_their_texts(full_run: tuple[Path, Path]) -> None:
    _, out = full_run
    records = {r["id"]: r for r in _read_output(out) if r["id"] in {"p1", "p2"}}
    texts = {"original": ORIGINAL, "revised": REVISED, "against": DENIAL}
    for record in records.values():
        assert list(record) == ["id", "findings"]
        assert record["findings"]
        for finding in record["findings"]:
            for evidence in finding["evidence"]:
                quote = texts[evidence["role"]][evidence["start"] : evidence["end"]]
                assert quote == evidence["quote"]
    against_roles = {
        ev["role"] for f in records["p2"]["findings"] for ev in f["evidence"] if ev
    } - {"original", "revised"}
    assert against_roles == {"against"}
    assert all(ev["role"] != "against" for f in records["p1"]["findings"] for ev in f["evidence"])


def test_bad_lines_get_an_error_and_the_batch_goes_on(full_run: tuple[Path, Path]) -> None:
    _, out = full_run
    errors = [r for r in _read_output(out) if "error" in r]
    assert [list(r) for r in errors] == [["id", "error"]] * 3
    assert "invalid JSON" in errors[0]["error"]
    assert errors[1] == {"id": "bad", "error": errors[1]["error"]}
    assert '"text" is int' in errors[1]["error"]
    assert "got list" in errors[2]["error"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"id": 1}, '"original" is nothing'),
        ({"id": 2, "original": "A.", "revised": None}, '"revised" is NoneType'),
        ({"id": 3, "original": "A.", "revised": "B.", "against": [1]}, '"against"'),
        ({"id": 4, "original": "  ", "revised": "B."}, 'empty "original"'),
    ],
)
def test_each_kind_of_bad_line_is_named(record: dict[str, Any], expected: str) -> None:
    result = process_line(json.dumps(record), Settings())
    assert result["id"] == record["id"]
    assert expected in result["error"]


def test_two_worker_processes_write_the_same_output(
    full_run: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = full_run
    parallel = tmp_path / "parallel.jsonl"
    result = api.batch(source, parallel, Settings(), workers=2, chunk_lines=2)
    assert result.workers == 2
    assert parallel.read_bytes() == out.read_bytes()


def test_resume_after_an_interruption_skips_done_lines_and_cuts_a_partial_line(
    full_run: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = full_run
    expected = out.read_bytes()
    done = expected.splitlines(keepends=True)
    resumed_out = tmp_path / "resumed.jsonl"
    resumed_out.write_bytes(b"".join(done[:4]) + done[4][:25])
    result = api.batch(source, resumed_out, Settings(), workers=1)
    assert (result.resumed, result.written) == (4, len(done) - 4)
    assert resumed_out.read_bytes() == expected


def test_resume_refuses_an_output_written_from_another_input(
    full_run: tuple[Path, Path], tmp_path: Path
) -> None:
    source, _ = full_run
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "t0", "claims": [], "sentences": []}\n{"id": "zz"}\n', "utf-8")
    with pytest.raises(InputError, match=r"line 2 .* id 't1' to resume, got 'zz'"):
        api.batch(source, other, Settings(), workers=1)


def test_a_finished_output_is_left_as_it_is(full_run: tuple[Path, Path], tmp_path: Path) -> None:
    source, out = full_run
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(out.read_bytes())
    result = api.batch(source, copy, Settings(), workers=1)
    assert (result.resumed, result.written) == (len(_input_lines()), 0)
    assert copy.read_bytes() == out.read_bytes()


class CountingLines:
    """An input iterator that records how many lines were read ahead of those written."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.read = 0
        self.written = 0
        self.most_held = 0

    def __iter__(self) -> Iterator[str]:
        for index in range(self.count):
            self.read += 1
            self.most_held = max(self.most_held, self.read - self.written)
            text = "Up to 5% of claims failed." if index % 500 == 0 else ""
            yield json.dumps({"id": index, "text": text})

    def write(self, results: list[str]) -> None:
        self.written += len(results)


def test_ten_thousand_lines_stream_with_at_most_one_chunk_held() -> None:
    lines = CountingLines(10_000)
    run_batch(iter(lines), lines.write, Settings(), workers=1, chunk_lines=50)
    assert lines.written == 10_000
    assert lines.read == 10_000
    assert lines.most_held <= 50


def test_bad_options_are_refused() -> None:
    with pytest.raises(InputError, match="engine local or dask, got 'spark'"):
        run_batch(iter([]), lambda _: None, Settings(), engine="spark")
    with pytest.raises(InputError, match="at least 1 worker, got 0"):
        run_batch(iter([]), lambda _: None, Settings(), workers=0)


def test_cli_batch_writes_the_output_and_reports(
    full_run: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = full_run
    target = tmp_path / "cli.jsonl"
    result = CliRunner().invoke(app, ["batch", str(source), "--out", str(target), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == out.read_bytes()
    assert f"Wrote {len(_input_lines())} lines to {target}" in result.output


def test_cli_batch_missing_input_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = CliRunner().invoke(app, ["batch", str(missing), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: expected a JSONL file, found none at '{missing}'"
    assert not (tmp_path / "o.jsonl").exists()


def test_dask_engine_without_dask_installed_says_so(
    full_run: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, _ = full_run
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(
        app, ["batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--engine", "dask"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: expected Dask for --engine dask, but it is not")


def test_dask_local_cluster_writes_the_same_output_as_local(
    full_run: tuple[Path, Path], tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    source, out = full_run
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        settings = Settings(dask_scheduler=cluster.scheduler_address)
        target = tmp_path / "dask.jsonl"
        result = api.batch(source, target, settings, engine="dask", chunk_lines=2)
    assert (result.engine, result.workers) == ("dask", 2)
    assert target.read_bytes() == out.read_bytes()


def test_a_bug_on_one_line_is_reported_on_that_line_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import textcheck.nlp

    real = textcheck.nlp.extract_sentences

    def broken(document: Any, **kwargs: Any) -> Any:
        if "boom" in document.text:
            raise RuntimeError("boom")
        return real(document, **kwargs)

    monkeypatch.setattr(textcheck.nlp, "extract_sentences", broken)
    written: list[str] = []
    lines = [json.dumps({"id": n, "text": t}) for n, t in enumerate(["A boom.", "Fine at 5%."])]
    run_batch(iter(lines), written.extend, Settings(), workers=1)
    first, second = (json.loads(line) for line in written)
    assert first == {"id": 0, "error": "unexpected RuntimeError: boom"}
    assert second["id"] == 1 and second["sentences"]


def test_a_lone_surrogate_from_a_json_escape_is_refused_on_its_line() -> None:
    result = process_line('{"id": "s", "original": "A.", "revised": "B \\ud800."}', Settings())
    assert result == {
        "id": "s",
        "error": 'expected "revised" to be Unicode text, got a lone surrogate at character 2',
    }
