"""``textcheck batch``: a JSONL corpus processed line by line, in parallel, resumably.

Input and output follow DESIGN.md 3.6.  Each input line is a JSON object: ``{"id", "text"}``
gives ``{"id", "claims", "sentences"}``; ``{"id", "original", "revised"}`` (optionally
``"against"``, one text or a list) gives ``{"id", "findings"}``; a line that cannot be
processed gives ``{"id", "error"}`` and the batch goes on.  Output lines are in input order.

Memory stays bounded whatever the corpus size: the input is read lazily, cut into chunks of
``chunk_lines`` lines, and at most ``max_in_flight`` chunks are being processed at once; each
finished chunk is written (in order) before the next one is read.  Chunks run in worker
processes (``concurrent.futures.ProcessPoolExecutor``: claim extraction and comparison both
parallelise that way, unlike ``nlp.pipe(n_process=...)`` which covers spaCy only), in this
process with one worker, or on a Dask cluster (the optional ``dask`` extra) where the same
chunk function is submitted to a ``distributed.Client``.

Resuming: when OUT already holds ``k`` complete lines whose ids are the ids of the first
``k`` input lines, those input lines are skipped and new results are appended; a partial last
line (a run interrupted mid-write) is cut off first.
"""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

from textcheck.errors import InputError, TextcheckError, describe_os_error
from textcheck.records import Document, Role, number_claims
from textcheck.settings import Settings

DEFAULT_CHUNK_LINES = 64
"""Lines per chunk: large enough that a worker's per-chunk overhead is small, small enough
that a chunk of long responses (a few KB each) costs little memory."""
IN_FLIGHT_PER_WORKER = 2
"""Chunks queued per worker, so a worker never waits for the next chunk to be read."""
ENGINES = ("local", "dask")
MAX_WORKERS = 64
"""Most worker processes: each loads the models (about 200 MB), so more than the machine's
cores only adds memory; 64 covers the largest single machines.  ``--workers`` above it is
refused before any work (a huge count used to fail deep in ``multiprocessing``)."""
# Names of this process's standard input as a path (``textcheck batch /dev/stdin``).
STDIN_PATHS = frozenset({"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})


@dataclass(frozen=True)
class BatchResult:
    """What a batch run did: lines written now, lines kept from an earlier run, error lines."""

    out_path: Path
    written: int
    resumed: int
    errors: int
    engine: str
    workers: int


class _Future(Protocol):
    def result(self) -> list[str]: ...


Submit = Callable[[list[str], Settings], _Future]


def process_chunk(lines: list[str], settings: Settings) -> list[str]:
    """Process input lines into output lines (each JSON, newline-terminated), in order.

    Runs in a worker; everything it needs travels as arguments (lines and settings).
    """
    from textcheck.render.jsonformat import render_json

    return [render_json(process_line(line, settings), indent=None) for line in lines]


def process_line(line: str, settings: Settings) -> dict[str, Any]:
    """One input line's result object; any ``TextcheckError`` becomes an error object."""
    record_id = line_id(line)
    try:
        record = parse_line(line)
        if "text" in record:
            return {"id": record_id, **_claims_result(record, settings)}
        return {"id": record_id, "findings": _findings(record, settings)}
    except TextcheckError as exc:
        return {"id": record_id, "error": str(exc)}
    except Exception as exc:  # one document hitting a bug must not end a corpus-wide run
        return {"id": record_id, "error": f"unexpected {type(exc).__name__}: {exc}"}


def parse_line(line: str) -> dict[str, Any]:
    """An input line as a record with a string ``text`` or ``original`` and ``revised``."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"expected a JSON object, got invalid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    fields = ["text"] if "text" in record else ["original", "revised"]
    for name in fields:
        if not isinstance(record.get(name), str):
            found = "nothing" if name not in record else type(record[name]).__name__
            raise InputError(
                f'expected "text", or "original" and "revised", as strings; "{name}" is {found}'
            )
    against = record.get("against")
    if against is not None and not (
        isinstance(against, str)
        or (isinstance(against, list) and all(isinstance(a, str) for a in against))
    ):
        raise InputError(f'expected "against" to be a string or list of strings, got {against!r}')
    texts = [(name, record[name]) for name in fields]
    texts += [("against", a) for a in ([against] if isinstance(against, str) else against or [])]
    for name, text in texts:
        _check_encodable(text, name)
    return record


def _check_encodable(text: str, name: str) -> None:
    """A JSON escape such as ``\\ud800`` decodes to a lone surrogate, which is not text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f'expected "{name}" to be Unicode text, got a lone surrogate at character {exc.start}'
        ) from exc


def _claims_result(record: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from textcheck.nlp import extract_sentences
    from textcheck.render.claims import SCORE_DIGITS, claim_to_dict

    document = Document.build(
        Role.STATEMENT, record["text"], label=str(record.get("id")), source="batch"
    )
    sentences = number_claims(extract_sentences(document, settings=settings))
    return {
        "claims": [claim_to_dict(c) for s in sentences for c in s.claims],
        "sentences": [
            {
                "sentence": s.text,
                "start": s.start,
                "end": s.end,
                "checkworthiness": round(s.checkworthiness, SCORE_DIGITS),
            }
            for s in sentences
        ],
    }


def _findings(record: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """Findings of a pair, with documents built as ``textcheck compare A B`` builds them."""
    from textcheck.compare import compare_documents
    from textcheck.nlp import extract_sentences
    from textcheck.render.payload import finding_payload

    label = str(record.get("id"))
    against = record.get("against") or []
    texts = [(Role.ORIGINAL, record["original"]), (Role.REVISED, record["revised"])]
    texts += [(Role.AGAINST, text) for text in ([against] if isinstance(against, str) else against)]
    documents = [
        Document.build(role, text, label=f"{label} {role}", source="batch") for role, text in texts
    ]
    for doc in documents:
        if not doc.text.strip():
            raise InputError(f'expected a text to compare, got an empty "{doc.role}"')
    sentences = [extract_sentences(doc, settings=settings) for doc in documents]
    comparison = compare_documents(documents, sentences, settings=settings)
    return [finding_payload(f) for f in comparison.findings]


def line_id(line: str) -> Any:
    """The ``id`` of an input or output line, or ``None`` when it has none."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record.get("id") if isinstance(record, dict) else None


def read_input(path: Path) -> Iterator[str]:
    """The non-blank lines of ``path``, read lazily (the file is never loaded whole)."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="\n") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\r\n")
    except FileNotFoundError as exc:
        raise InputError(f"expected a JSONL file, found nothing at {str(path)!r}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"expected a JSONL file, got a directory: {str(path)!r}") from exc
    except OSError as exc:
        raise InputError(describe_os_error(exc, path=path)) from exc


def prepare_output(out_path: Path, lines: Iterator[str]) -> int:
    """Make OUT ready to append to; return how many input lines it already answers.

    A partial last line is cut off.  Each complete output line must carry the id of the
    input line at the same position; otherwise OUT belongs to another input and is refused.
    Consumes those ``k`` lines from ``lines``.
    """
    if not out_path.exists():
        return 0
    done = 0
    keep = 0
    with out_path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            text = raw.decode("utf-8", errors="replace")
            try:
                produced = json.loads(text)
            except json.JSONDecodeError:
                break
            source = next(lines, None)
            if source is None:
                raise InputError(
                    f"expected {out_path} to answer at most the input's lines, "
                    f"but it has more than {done}"
                )
            want = line_id(source)
            got = produced.get("id") if isinstance(produced, dict) else None
            if got != want:
                raise InputError(
                    f"expected line {done + 1} of {out_path} to have id {want!r} to resume, "
                    f"got {got!r}: it was written from another input"
                )
            done += 1
            keep += len(raw)
    if keep != out_path.stat().st_size:
        os.truncate(out_path, keep)
    return done


def chunked(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    """Consecutive lists of ``size`` lines (the last may be shorter), pulled lazily."""
    while chunk := list(islice(lines, size)):
        yield chunk


def stream_chunks(
    lines: Iterator[str],
    submit: Submit,
    write: Callable[[list[str]], None],
    settings: Settings,
    *,
    chunk_lines: int,
    max_in_flight: int,
) -> None:
    """Submit chunks in order, at most ``max_in_flight`` at once, writing results in order.

    At most ``chunk_lines * max_in_flight`` input lines are held at any time.
    """
    pending: deque[_Future] = deque()
    for chunk in chunked(lines, chunk_lines):
        pending.append(submit(chunk, settings))
        if len(pending) >= max_in_flight:
            write(pending.popleft().result())
    while pending:
        write(pending.popleft().result())


class _Done:
    """An already computed result, for running chunks in this process."""

    def __init__(self, value: list[str]) -> None:
        self._value = value

    def result(self) -> list[str]:
        return self._value


def _submit_inline(chunk: list[str], settings: Settings) -> _Future:
    return _Done(process_chunk(chunk, settings))


def run_batch(
    lines: Iterator[str],
    write: Callable[[list[str]], None],
    settings: Settings,
    *,
    engine: str = "local",
    workers: int | None = None,
    chunk_lines: int = DEFAULT_CHUNK_LINES,
) -> int:
    """Process ``lines`` into ``write`` on the chosen engine; return the worker count used."""
    check_options(engine=engine, workers=workers, chunk_lines=chunk_lines)
    if engine == "dask":
        return _run_dask(lines, write, settings, workers=workers, chunk_lines=chunk_lines)
    count = workers or _usable_cpus()
    if count == 1:
        stream_chunks(
            lines, _submit_inline, write, settings, chunk_lines=chunk_lines, max_in_flight=1
        )
        return 1
    # spawn: workers start clean, so no lock held by a thread of this process is inherited.
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
        stream_chunks(
            lines,
            _executor_submit(pool),
            write,
            settings,
            chunk_lines=chunk_lines,
            max_in_flight=count * IN_FLIGHT_PER_WORKER,
        )
    return count


def check_options(*, engine: str, workers: int | None, chunk_lines: int) -> None:
    """Raise InputError for an unknown engine or a worker or chunk count out of range."""
    if engine not in ENGINES:
        raise InputError(f"expected engine local or dask, got {engine!r}")
    if workers is not None and workers < 1:
        raise InputError(f"expected at least 1 worker, got {workers}")
    if workers is not None and workers > MAX_WORKERS:
        shown = str(workers) if len(str(workers)) <= 20 else f"{str(workers)[:17]}..."
        raise InputError(f"expected at most {MAX_WORKERS} workers (--workers), got {shown}")
    if chunk_lines < 1:
        raise InputError(f"expected at least 1 line per chunk, got {chunk_lines}")


def _check_paths(input_path: Path, out_path: Path) -> None:
    """Refuse, before anything is read or written, an input or output that cannot work.

    The input may be a file or a pipe (``/dev/stdin``); standard input closed when the
    process started (``<&-``) is refused, since descriptor 0 may since name another file.
    """
    if str(input_path) in STDIN_PATHS and sys.stdin is None:
        raise InputError(f"expected JSONL on standard input ({input_path}), but it is closed")
    if input_path.is_dir():
        raise InputError(f"expected a JSONL file, found a directory: {input_path}")
    if not input_path.exists():
        raise InputError(f"expected a JSONL file, found none at {str(input_path)!r}")
    if out_path.is_dir():
        raise InputError(f"expected --out to be a file, found a directory: {out_path}")
    if input_path.is_file() and input_path.resolve() == out_path.resolve():
        raise InputError(f"expected --out to differ from the input, got {str(out_path)!r} twice")


def _executor_submit(pool: Executor) -> Submit:
    def submit(chunk: list[str], settings: Settings) -> Future[list[str]]:
        return pool.submit(process_chunk, chunk, settings)

    return submit


def _run_dask(
    lines: Iterator[str],
    write: Callable[[list[str]], None],
    settings: Settings,
    *,
    workers: int | None,
    chunk_lines: int,
) -> int:
    """The same chunks on a Dask cluster: ``Settings.dask_scheduler``, else a LocalCluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise InputError(
            "expected Dask for --engine dask, but it is not installed: "
            "pip install 'textcheck[dask]'"
        ) from exc
    cluster = None
    if settings.dask_scheduler:
        client = Client(settings.dask_scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers or _usable_cpus(),
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        count = len(client.scheduler_info().get("workers", {})) or 1

        def submit(chunk: list[str], settings: Settings) -> _Future:
            future: _Future = client.submit(process_chunk, chunk, settings, pure=False)
            return future

        stream_chunks(
            lines,
            submit,
            write,
            settings,
            chunk_lines=chunk_lines,
            max_in_flight=count * IN_FLIGHT_PER_WORKER,
        )
        return count
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def batch_file(
    input_path: Path,
    out_path: Path,
    settings: Settings,
    *,
    engine: str = "local",
    workers: int | None = None,
    chunk_lines: int = DEFAULT_CHUNK_LINES,
) -> BatchResult:
    """Process INPUT.jsonl into OUT.jsonl, resuming where an earlier run stopped."""
    check_options(engine=engine, workers=workers, chunk_lines=chunk_lines)
    _check_paths(input_path, out_path)
    lines = read_input(input_path)
    try:
        resumed = prepare_output(out_path, lines)
        out = out_path.open("a", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(describe_os_error(exc, action="write", path=out_path)) from exc
    written = 0
    errors = 0
    with out:

        def write(results: list[str]) -> None:
            nonlocal written, errors
            out.writelines(results)
            out.flush()
            written += len(results)
            errors += sum(1 for r in results if '"error": ' in r and _is_error(r))

        used = run_batch(
            lines, write, settings, engine=engine, workers=workers, chunk_lines=chunk_lines
        )
    return BatchResult(out_path, written, resumed, errors, engine, used)


def _is_error(line: str) -> bool:
    record = json.loads(line)
    return isinstance(record, dict) and "error" in record
