"""Hostile inputs through the real command line: one clean ``Error:`` line, exit 1, no work.

Issue 14, items 3, 7, 9 and the zero-width part of 11.  Every case runs ``python -m textcheck``
as a user would (a subprocess, so closed standard streams and exit codes are real) with a real
SQLite store seeded with petition 241560, and checks the exit code, the exact error line, that
standard error holds no traceback, exception class name or ``[Errno N]``, and that the store's
row counts are what they were.  Nothing reaches the network: ``TEXTCHECK_OFFLINE=1`` and a base
URL on a port nobody listens on (a local server serves the one fetched page).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.processes import MAX_RSS_BYTES, measured, peak_bytes
from tests.rows import table_rows as row_counts
from textcheck import api
from textcheck.cli import app
from textcheck.errors import InputError
from textcheck.records import MAX_INPUT_BYTES
from textcheck.render.terminal import clean_terminal_text
from textcheck.scan import ScanResult
from textcheck.sources.articles import MAX_TREE_ELEMENTS, parse_article_html
from textcheck.sources.files import parse_bytes
from textcheck.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
PETITION_JSON = FIXTURES / "petitions" / "archived_petition_241560.json"
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b|\[Errno -?\d+\]|Traceback")
BIG = 10**30
ID_RANGE = "expected a petition id from 1 to 9007199254740992 (2**53)"


def closed_port() -> int:
    """A local port with nothing listening (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A real store holding petition 241560 (and its fetch-free history)."""
    db = tmp_path / "t.db"
    petition = parse_bytes(PETITION_JSON.read_bytes(), source=str(PETITION_JSON))
    with Store.open(db) as opened:
        opened.save_petition(petition)  # type: ignore[arg-type]
    return db


def run_cli(
    args: list[str],
    db: Path,
    *,
    stdin: bytes | None = None,
    close_fd: int | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    peak_file: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``python -m textcheck ARGS`` offline against ``db``; ``close_fd`` 0 or 1 starts the
    command with that standard stream closed (as ``<&-`` or ``>&-`` in a shell)."""
    preexec: Callable[[], None] | None = None
    if close_fd is not None:
        fd = close_fd

        def preexec() -> None:
            os.close(fd)

    command = [sys.executable, "-m", "textcheck", *args]
    return subprocess.run(
        measured(command, peak_file) if peak_file is not None else command,
        input=stdin,
        stdin=None if stdin is not None or close_fd == 0 else subprocess.DEVNULL,
        capture_output=True,
        timeout=240,
        env={
            "TEXTCHECK_OFFLINE": "1",
            "TEXTCHECK_DB": str(db),
            "TEXTCHECK_BASE_URL": f"http://127.0.0.1:{closed_port()}",
            "PATH": "/usr/bin:/bin",
            **(env or {}),
        },
        cwd=cwd,
        preexec_fn=preexec,
        check=False,
    )


def assert_one_error(done: subprocess.CompletedProcess[bytes], message: str) -> None:
    """Exit 1 and exactly ``Error: message`` on stderr: no traceback, no exception name."""
    err = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 1, err
    assert err.strip().splitlines() == [f"Error: {message}"], err
    assert not EXCEPTION_NAME.search(err), err


def write(path: Path, body: bytes) -> Path:
    """Write ``body`` to ``path`` and return the path."""
    path.write_bytes(body)
    return path


# Petition ids: too large for SQLite, outside 1..2**53, or not ASCII digits.
@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["claims", "99999999999999999999"],
            f"{ID_RANGE}, got 99999999999999999999",
            id="20-digits",
        ),
        pytest.param(["claims", str(BIG)], f"{ID_RANGE}, got {BIG}", id="10**30"),
        pytest.param(["claims", "0"], f"{ID_RANGE}, got 0", id="zero"),
        pytest.param(["claims", str(2**53 + 1)], f"{ID_RANGE}, got {2**53 + 1}", id="2**53+1"),
        pytest.param(["fetch", str(BIG)], f"{ID_RANGE}, got {BIG}", id="fetch-10**30"),
        pytest.param(["brief", str(BIG)], f"{ID_RANGE}, got {BIG}", id="brief-10**30"),
        pytest.param(
            ["compare", "241560", "--against", str(BIG)],
            f"{ID_RANGE}, got {BIG}",
            id="compare-against-10**30",
        ),
        pytest.param(
            ["claims", f"https://petition.parliament.uk/petitions/{BIG}"],
            f"{ID_RANGE}, got {BIG} in https://petition.parliament.uk/petitions/{BIG}",
            id="url-10**30",
        ),
        pytest.param(
            ["claims", "\u0662\u0664\u0661\u0665\u0666\u0660"],
            "no such file, petition id or URL: '\u0662\u0664\u0661\u0665\u0666\u0660'",
            id="arabic-indic-digits",
        ),
        pytest.param(
            ["fetch", "\u0662\u0664\u0661\u0665\u0666\u0660"],
            "expected a petition id or petition URL, got '\u0662\u0664\u0661\u0665\u0666\u0660'",
            id="fetch-arabic-indic-digits",
        ),
    ],
)
def test_petition_ids_out_of_range_are_refused(store: Path, args: list[str], message: str) -> None:
    before = row_counts(store)
    assert_one_error(run_cli(args, store), message)
    assert row_counts(store) == before


def _petition_json(**changes: object) -> bytes:
    document = json.loads(PETITION_JSON.read_bytes())
    document["data"].update(changes)
    return json.dumps(document).encode()


# Files that are JSON but not petitions-API JSON (item 3), and a petition whose id is too big.
@pytest.mark.parametrize(
    ("name", "body", "found"),
    [
        pytest.param("list.json", b"[1,2,3]", "a list", id="list"),
        pytest.param("foo.json", b'{"foo": 1}', "an object without data.attributes", id="object"),
        pytest.param(
            "data-list.json",
            b'{"data": [1, 2]}',
            "an object whose data is a list, not one petition",
            id="data-list",
        ),
        pytest.param(
            "data-null.json", b'{"data": null}', "an object whose data is null", id="null"
        ),
        pytest.param(
            "no-attrs.json",
            b'{"data": {"id": 1}}',
            "an object without data.attributes",
            id="no-attr",
        ),
        pytest.param("number.json", b"42", "a number", id="number"),
        pytest.param(
            "broken.json",
            b'{"data": ',
            "invalid JSON (Expecting value at line 1, column 10)",
            id="cut",
        ),
        pytest.param(
            "latin1.json",
            b'{"data": "caf\xe9"}',
            "bytes that are not UTF-8 (byte 0xe9 at offset 13)",
            id="not-utf8",
        ),
        pytest.param("list.txt", b"[1, 2, 3]\n", "a list", id="json-list-named-txt"),
    ],
)
def test_json_that_is_not_petitions_json_is_refused(
    store: Path, tmp_path: Path, name: str, body: bytes, found: str
) -> None:
    path = write(tmp_path / name, body)
    before = row_counts(store)
    assert_one_error(
        run_cli(["claims", str(path)], store),
        f"expected petitions-API JSON in {path}, found {found}",
    )
    assert row_counts(store) == before


@pytest.mark.parametrize(
    "big_id", [BIG, 0, -5, "10", True], ids=["10**30", "0", "-5", "str", "bool"]
)
def test_petition_json_with_a_bad_id_is_refused(
    store: Path, tmp_path: Path, big_id: object
) -> None:
    path = write(tmp_path / "petition.json", _petition_json(id=big_id))
    before = row_counts(store)
    done = run_cli(["claims", str(path)], store)
    if big_id == "10":
        assert done.returncode == 0, done.stderr.decode()
        return
    assert_one_error(done, f"{ID_RANGE} in data.id at {path}, found {big_id!r}")
    assert row_counts(store) == before


def test_a_valid_petition_json_file_still_works(store: Path) -> None:
    done = run_cli(["claims", str(PETITION_JSON), "--format", "json"], store)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["documents"]


# Files and standard streams that cannot be read (item 9): never an exception name.
def test_a_directory_is_named(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert_one_error(
        run_cli(["claims", str(folder)], store), f"expected a file, found a directory: {folder}"
    )


def test_output_to_a_directory_is_named(store: Path, tmp_path: Path) -> None:
    text = write(tmp_path / "a.txt", b"The department will publish the figures by March 2025.\n")
    folder = tmp_path / "out"
    folder.mkdir()
    done = run_cli(["compare", str(text), str(text), "-o", str(folder)], store)
    assert_one_error(done, f"expected a file, found a directory: {folder}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_named(store: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", b"text")
    path.chmod(0)
    assert_one_error(
        run_cli(["claims", str(path)], store), f"cannot read {path}: permission denied"
    )


def test_closed_standard_input_is_an_error(store: Path) -> None:
    done = run_cli(["claims", "-"], store, close_fd=0)
    assert_one_error(done, "expected text on standard input (-), but it is closed")


def test_closed_standard_output_is_an_error(store: Path, tmp_path: Path) -> None:
    text = write(tmp_path / "a.txt", b"The department will publish the figures by March 2025.\n")
    done = run_cli(["claims", str(text)], store, close_fd=1)
    assert_one_error(done, "cannot write the result: standard output is closed")


def test_utf16_with_a_bom_is_decoded(store: Path, tmp_path: Path) -> None:
    sentence = "The department will publish the figures by March 2025 \u2013 caf\u00e9."
    path = write(tmp_path / "utf16.txt", sentence.encode("utf-16"))  # BOM, then UTF-16-LE
    done = run_cli(["claims", str(path), "--format", "json"], store)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["documents"][0]["text"] == sentence


def test_utf16_html_with_a_bom_is_read_as_html(tmp_path: Path) -> None:
    page = "<html><body><p>The department has never set targets for assessors.</p></body></html>"
    article = parse_bytes(page.encode("utf-16"), source="page.html")
    assert article.text == "The department has never set targets for assessors."  # type: ignore[union-attr]


def test_a_file_over_the_byte_cap_is_refused_unread(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: a NUL file, never read whole
    done = run_cli(["claims", str(path)], store)
    assert_one_error(
        done,
        f"expected at most 10,000,000 bytes in {path}, found more "
        "(the longest text read is 2,000,000 characters)",
    )


# Huge HTML (item 7): refused by size before a tree is built.
def _paragraph_page(count: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraph {i:06d} says assessments are audited each month by staff.</p>\n"
        for i in range(count)
    )
    return f"<html><head><title>Big</title></head><body>{paragraphs}</body></html>".encode()


@pytest.fixture(scope="module")
def huge_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 paragraphs, 7.3 MB: four minutes to refuse before issue 14."""
    path = tmp_path_factory.mktemp("html") / "huge.html"
    path.write_bytes(_paragraph_page(100_000))
    assert 7_000_000 < path.stat().st_size < 7_600_000
    return path


@pytest.mark.timeout(240)
def test_huge_html_file_is_refused_within_bounded_memory(
    store: Path, huge_page: Path, tmp_path: Path
) -> None:
    done = run_cli(["claims", str(huge_page)], store, peak_file=tmp_path / "peak")
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert re.fullmatch(
        r"Error: expected a text of at most 2,000,000 characters, got about [\d,]+ in the HTML "
        rf"page {re.escape(str(huge_page))} \(7,[\d,]+ bytes\)\n",
        err,
    ), err
    assert peak_bytes(tmp_path / "peak") < MAX_RSS_BYTES


class _PageHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the command's stderr only."""


@pytest.fixture
def page_server(huge_page: Path) -> Iterator[str]:
    """A local server answering every GET with the huge page."""
    handler = type("Handler", (_PageHandler,), {"body": huge_page.read_bytes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.timeout(240)
def test_huge_fetched_html_is_refused_before_parsing(
    store: Path, page_server: str, tmp_path: Path
) -> None:
    url = f"{page_server}/statement.html"
    before = row_counts(store)
    done = run_cli(
        ["claims", url],
        store,
        env={"TEXTCHECK_MAX_BYTES": "20000000", "TEXTCHECK_DELAY_S": "0"},
        peak_file=tmp_path / "peak",
    )
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert err.startswith("Error: expected a text of at most 2,000,000 characters, got about "), err
    assert f"in the HTML page {url} (7," in err
    assert peak_bytes(tmp_path / "peak") < MAX_RSS_BYTES
    assert row_counts(store)["petitions"] == before["petitions"]


def test_html_over_the_byte_cap_is_refused_before_parsing() -> None:
    body = b"<html><body>" + b" " * MAX_INPUT_BYTES + b"</body></html>"
    with pytest.raises(InputError) as error:
        parse_article_html(body, source="u")
    assert str(error.value) == (
        f"expected an HTML page of at most 10,000,000 bytes at u, found {len(body):,} bytes"
    )


def test_a_page_with_too_many_elements_is_read_as_plain_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    paragraphs = "".join(f"<p>P{i}.</p>" for i in range(MAX_TREE_ELEMENTS))
    page = f"<html><head><title>Big</title></head><body>{paragraphs}</body></html>"
    article = parse_article_html(page.encode(), source="many")
    assert article.text.startswith("Big\n\nP0.\n\nP1.")
    assert article.text.count("\n\n") == MAX_TREE_ELEMENTS
    assert "reading all its text" in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        b"<p>Some real text here that is long enough.</p>" + b"<script>" * 1_000_000,
        b"<p>Some real text here that is long enough.</p>" + b"<" * 2_500_000 + b"x" * 10,
        b"<p>Some real text here that is long enough.</p>" + b"<p" * 1_500_000,
    ],
    ids=["unclosed-scripts", "bare-angles", "unclosed-tags"],
)
@pytest.mark.timeout(120)
def test_pathological_markup_is_read(body: bytes) -> None:
    """Markup that makes a naive parser quadratic is read (the timeout guards the run)."""
    article = parse_article_html(body, source="p")
    assert article.text.startswith("Some real text here")


# --workers and --interval (item 9): bounded before any work.
@pytest.mark.parametrize(
    ("workers", "message"),
    [
        pytest.param(
            str(BIG),
            "expected at most 64 workers (--workers), got 10000000000000000...",
            id="10**30",
        ),
        pytest.param("65", "expected at most 64 workers (--workers), got 65", id="65"),
        pytest.param("0", "expected at least 1 worker, got 0", id="0"),
    ],
)
def test_workers_out_of_range_are_refused_before_work(
    store: Path, tmp_path: Path, workers: str, message: str
) -> None:
    source = write(tmp_path / "in.jsonl", b'{"id": 1, "text": "We will publish it by May."}\n')
    out = tmp_path / "out.jsonl"
    assert_one_error(
        run_cli(["batch", str(source), "--out", str(out), "--workers", workers], store), message
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("interval", "shown"),
    [
        ("nan", "nan"),
        ("inf", "inf"),
        ("1e309", "inf"),
        ("0", "0"),
        ("-1", "-1"),
        ("604801", "604801"),
    ],
    ids=["nan", "inf", "1e309", "zero", "negative", "over-a-week"],
)
def test_scan_interval_out_of_range_is_refused_before_scanning(
    store: Path, interval: str, shown: str
) -> None:
    before = row_counts(store)
    done = run_cli(["scan", "--interval", interval], store)
    assert_one_error(
        done, f"expected --interval SECONDS above 0 and at most 604,800 (a week), got {shown}"
    )
    assert row_counts(store) == before  # no scan row: nothing ran


def test_batch_from_a_closed_standard_input_is_an_error(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = run_cli(["batch", "/dev/stdin", "--out", str(out)], store, close_fd=0)
    assert_one_error(done, "expected JSONL on standard input (/dev/stdin), but it is closed")
    assert not out.exists()


def test_batch_reads_a_pipe_on_standard_input(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    line = b'{"id": 1, "text": "We will publish it by May."}\n'
    done = run_cli(["batch", "/dev/stdin", "--out", str(out), "--workers", "1"], store, stdin=line)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(out.read_text())["id"] == 1


def test_batch_output_in_a_directory_is_named(store: Path, tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", b'{"id": 1, "text": "We will publish it by May."}\n')
    assert_one_error(
        run_cli(["batch", str(source), "--out", str(tmp_path)], store),
        f"expected --out to be a file, found a directory: {tmp_path}",
    )


def test_a_feed_that_is_not_utf8_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = write(tmp_path / "feed.xml", b"<feed>caf\xe9</feed>")
    monkeypatch.setattr(api, "scan", lambda *a, **k: ScanResult(since=None, changes=()))
    monkeypatch.setenv("TEXTCHECK_DB", str(tmp_path / "t.db"))
    result = CliRunner().invoke(app, ["scan", "--feed", str(feed)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: cannot read the feed {feed}: not UTF-8 text (byte 0xe9 at offset 9)"
    )
    assert not EXCEPTION_NAME.search(result.output)


def test_os_errors_are_worded_without_errno() -> None:
    error = api.ensure_error(OSError(9, "Bad file descriptor"))
    assert str(error) == "cannot read: bad file descriptor"
    error = api.ensure_error(IsADirectoryError(21, "Is a directory", "/tmp/x"))
    assert str(error) == "expected a file, found a directory: /tmp/x"
    error = api.ensure_error(PermissionError(13, "Permission denied", "/etc/shadow"))
    assert str(error) == "cannot read /etc/shadow: permission denied"


# Zero-width and other format characters (item 11): stripped from terminal output.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_every_format_character_is_stripped() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    kept = set(clean_terminal_text(every))
    assert not [c for c in kept if unicodedata.category(c) == "Cf"]
    assert "\n" in kept and "\t" in kept and "\u00e9" in kept and "\u0663" in kept


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_zero_width_characters_never_reach_the_terminal(
    store: Path, tmp_path: Path, fmt: str
) -> None:
    before = f"The depart{ZERO_WIDTH}ment will publish 90{ZERO_WIDTH}% of the figures by May 2025."
    after = f"The depart{ZERO_WIDTH}ment will publish 60{ZERO_WIDTH}% of the figures by May 2027."
    path = write(tmp_path / f"z{ZERO_WIDTH[:3]}.txt", before.encode())
    later = write(tmp_path / f"later{ZERO_WIDTH[3:6]}.txt", after.encode())
    for args in (["claims", str(path)], ["compare", str(path), str(later)]):
        done = run_cli([*args, "--format", fmt], store)
        assert done.returncode == 0, done.stderr.decode()
        shown = done.stdout.decode() + done.stderr.decode()
        assert "depart" in shown
        assert not set(shown) & set(ZERO_WIDTH), args
