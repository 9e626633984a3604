"""The library API: one function per command, each returning records (never printing).

The CLI is a thin adapter over these functions; tests and other programs call them
directly.  Inputs are resolved here: a petition id or URL goes to the store, then the
network, then the embedded corpus; a web URL, a file or ``-`` is read and parsed.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textcheck import corpus
from textcheck.errors import (
    InputError,
    NetworkError,
    StoreError,
    TextcheckError,
    describe_os_error,
    describe_undecodable,
)
from textcheck.records import (
    MAX_INPUT_BYTES,
    MAX_PETITION_ID,
    MAX_TEXT_CHARS,
    Article,
    Claim,
    Comparison,
    Document,
    Petition,
    ResponseVersion,
    Review,
    Role,
    Sentence,
    VersionKind,
    number_claims,
)
from textcheck.settings import Settings
from textcheck.store import Store

if TYPE_CHECKING:
    from textcheck.batch import BatchResult
    from textcheck.brief import Brief
    from textcheck.scan import ScanResult

# ASCII digits only: str.isdigit, int() and \d also take other scripts' digits ("٢٤١٥٦٠").
_PETITION_PATH = re.compile(r"^/(?:archived/)?(?:petitions|deisebau)/([0-9]+)(?:\.json)?/?$")
_PETITION_ID = re.compile(r"[0-9]+")

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlResult:
    """What a crawl did: the petition ids found (in order), pages read, errors met."""

    petition_ids: tuple[int, ...]
    pages: int
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimsResult:
    """The documents read by ``claims`` and every sentence of each, with its claims."""

    documents: tuple[Document, ...]
    sentences: tuple[Sentence, ...]

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim, in document then sentence order."""
        return tuple(c for s in self.sentences for c in s.claims)


def _petition_id(digits: str, ref: str) -> int:
    """The id ``digits`` spell, or InputError when it is outside 1..``MAX_PETITION_ID``."""
    # Over 16 digits is over 2**53 whatever they are; int() of a huge string is slow.
    petition_id = int(digits) if len(digits.lstrip("0")) <= 16 else MAX_PETITION_ID + 1
    if not 1 <= petition_id <= MAX_PETITION_ID:
        shown = digits if len(digits) <= 40 else digits[:37] + "..."
        where = "" if ref == digits else f" in {ref}"
        raise InputError(
            f"expected a petition id from 1 to {MAX_PETITION_ID} (2**53), got {shown}{where}"
        )
    return petition_id


def parse_petition_ref(ref: str, settings: Settings) -> int | None:
    """Return the petition id that ``ref`` names (an id or a petition URL), else ``None``.

    Raises InputError for an id (or a petition URL's id) outside 1..``MAX_PETITION_ID``.
    """
    ref = ref.strip()
    if _PETITION_ID.fullmatch(ref):
        return _petition_id(ref, ref)
    if not ref.startswith(("http://", "https://")):
        return None
    parts = urlsplit(ref)
    match = _PETITION_PATH.match(parts.path)
    if match is None:
        return None
    known_hosts = {
        urlsplit(settings.base_url).netloc,
        "petition.parliament.uk",
        "petitions.senedd.wales",
        "deisebau.senedd.cymru",
        "petitions.gov.je",
    }
    return _petition_id(match.group(1), ref) if parts.netloc in known_hosts else None


def fetch(refs: Sequence[str], settings: Settings, *, refresh: bool = True) -> list[Petition]:
    """Fetch petitions by id or URL into the store and return them with their history.

    With ``refresh`` the source is asked again (conditionally, with the stored validators);
    without it a petition already in the store is returned as stored.
    """
    from textcheck.sources.crawler import fetch_petition
    from textcheck.sources.http import HttpClient

    ids = []
    for ref in refs:
        petition_id = parse_petition_ref(ref, settings)
        if petition_id is None:
            raise InputError(f"expected a petition id or petition URL, got {ref!r}")
        ids.append(petition_id)
    petitions = []
    with Store.open(settings.db) as store, HttpClient(settings, store=store) as client:
        for petition_id in ids:
            if not refresh:
                stored = store.load_petition(petition_id)
                if stored is not None:
                    petitions.append(stored)
                    continue
            fetched = fetch_petition(client, petition_id, settings)
            for warning in fetched.warnings:
                _log.warning("petition %s: %s", petition_id, warning)
            store.save_petition(fetched.petition, fetched.fetches)
            petitions.append(store.load_petition(petition_id) or fetched.petition)
    return petitions


def crawl(
    settings: Settings,
    *,
    archived: bool = False,
    parliament: int | None = None,
    state: str | None = None,
    query: str | None = None,
    max_pages: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> CrawlResult:
    """Walk the petitions list pages and store every petition on them (list data only)."""
    from textcheck.sources.crawler import CrawlQuery, crawl_petitions
    from textcheck.sources.http import HttpClient

    crawl_query = CrawlQuery(
        archived=archived, parliament=parliament, state=state, query=query, max_pages=max_pages
    )
    ids: list[int] = []
    errors: list[str] = []
    pages = 0
    with Store.open(settings.db) as store, HttpClient(settings, store=store) as client:
        for page in crawl_petitions(client, crawl_query, settings, progress=progress):
            pages += 1
            errors.extend(page.errors)
            for petition in page.petitions:
                store.save_petition(petition, page.fetches)
                if petition.id not in ids:
                    ids.append(petition.id)
    return CrawlResult(tuple(ids), pages, tuple(errors))


def load_petition(ref: str, settings: Settings) -> Petition:
    """Find a petition: the store first, then the source, then the embedded corpus.

    The embedded corpus (``corpora/petitions``) answers only when the source cannot be
    reached, so ``make demo`` works on a machine with no network.
    """
    petition_id = parse_petition_ref(ref, settings)
    if petition_id is None:
        raise InputError(f"expected a petition id or petition URL, got {ref!r}")
    if settings.db.exists():
        with Store.open_to_read(settings.db) as store:
            stored = store.load_petition(petition_id)
        if stored is not None and stored.responses:
            return stored
    if not settings.offline:
        try:
            return fetch([str(petition_id)], settings)[0]
        except NetworkError as exc:
            embedded = corpus.load_embedded_petition(petition_id)
            if embedded is None:
                raise
            _log.warning("%s; using the embedded copy of petition %s", exc, petition_id)
            return embedded
    embedded = corpus.load_embedded_petition(petition_id)
    if embedded is None:
        raise InputError(f"petition {petition_id} is not in the store or the embedded corpus")
    return embedded


def _read_bytes(spec: str) -> tuple[bytes, str]:
    """The bytes of a file or of standard input (``-``), at most ``MAX_INPUT_BYTES``.

    Reading stops one byte past the cap, so a huge file or an endless pipe is refused
    without being held in memory.
    """
    if spec == "-":
        source = "<stdin>"
        if sys.stdin is None:  # started with standard input closed (``<&-``)
            raise InputError("expected text on standard input (-), but it is closed")
        try:
            body = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(describe_os_error(exc, path="standard input (-)")) from exc
    else:
        path = Path(spec)
        source = str(path)
        if not path.exists():
            raise InputError(f"no such file, petition id or URL: {spec!r}")
        if path.is_dir():
            raise InputError(f"expected a file, found a directory: {spec}")
        try:
            with path.open("rb") as handle:
                body = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(describe_os_error(exc, path=spec)) from exc
    if len(body) > MAX_INPUT_BYTES:
        raise InputError(
            f"expected at most {MAX_INPUT_BYTES:,} bytes in {source}, found more "
            f"(the longest text read is {MAX_TEXT_CHARS:,} characters)"
        )
    return body, source


def load_source(spec: str, settings: Settings) -> Petition | Article:
    """Resolve one INPUT: a petition (id, petition URL, saved petitions JSON) or an article."""
    from textcheck.sources import files

    if parse_petition_ref(spec, settings) is not None:
        return load_petition(spec, settings)
    if spec.startswith(("http://", "https://")):
        from textcheck.sources.http import HttpClient

        with Store.open(settings.db) as store, HttpClient(settings, store=store) as client:
            record = client.get(spec)
        return files.parse_bytes(record.body, source=spec, content_type=_content_type(record))
    body, source = _read_bytes(spec)
    return files.parse_bytes(body, source=source)


def _content_type(record: object) -> str | None:
    headers = getattr(record, "headers", {}) or {}
    for key, value in headers.items():
        if key.lower() == "content-type":
            return str(value)
    return None


def petition_documents(petition: Petition) -> list[Document]:
    """The petition's request and each response version as documents, oldest first."""
    docs = [
        Document.build(
            Role.PETITION,
            petition.request_text,
            label=f"Petition {petition.id}: {petition.action}",
            source=petition.url,
        )
    ]
    for version, role in _response_roles(petition):
        docs.append(_version_document(petition, version, role))
    return docs


def _response_roles(petition: Petition) -> list[tuple[ResponseVersion, Role]]:
    """Each response version to compare with its role; every role at most once.

    One version keeps the role of its kind (a ``current`` response is a statement).  With
    two or more, the oldest is the original and the newest the revised response; versions in
    between (a response revised twice) are stored and listed by ``fetch`` but left out of the
    comparison, and a warning says so.
    """
    versions = petition.responses
    if len(versions) < 2:
        roles = {VersionKind.ORIGINAL: Role.ORIGINAL, VersionKind.REVISED: Role.REVISED}
        return [(v, roles.get(v.version, Role.STATEMENT)) for v in versions]
    first, newest = versions[0], versions[-1]
    if len(versions) > 2:
        _log.warning(
            "petition %s has %d response versions; comparing the oldest (%s) with the newest (%s)",
            petition.id,
            len(versions),
            first.responded_on or "undated",
            newest.responded_on or "undated",
        )
    return [(first, Role.ORIGINAL), (newest, Role.REVISED)]


def _version_document(petition: Petition, version: ResponseVersion, role: Role) -> Document:
    label = f"Petition {petition.id}: {version.version.value} government response"
    return Document.build(
        role, version.text, label=label, source=version.source, date=version.responded_on
    )


def article_document(article: Article, role: Role) -> Document:
    """An article or file as a document with the given role."""
    label = article.title or Path(article.source).name or article.source
    return Document.build(
        role,
        article.text,
        label=label,
        source=article.canonical_url or article.source,
        date=article.date,
    )


def _as_documents(source: Petition | Article, role: Role) -> list[Document]:
    """One side of a comparison: a petition's latest response, or an article."""
    if isinstance(source, Article):
        return [article_document(source, role)]
    if not source.responses:
        raise InputError(f"petition {source.id} has no government response to read")
    return [_version_document(source, source.responses[-1], role)]


def claims(spec: str, settings: Settings, *, score_all: bool = True) -> ClaimsResult:
    """Extract the claims of every text in INPUT (each response version of a petition).

    Without ``score_all``, sentences with no claim are not scored (their check-worthiness is
    NaN): for outputs that list claims only.
    """
    from textcheck.nlp import extract_sentences

    source = load_source(spec, settings)
    if isinstance(source, Petition):
        documents = [d for d in petition_documents(source) if d.role != Role.PETITION]
        if not documents:
            raise InputError(f"petition {source.id} has no government response to read")
    else:
        documents = [article_document(source, Role.STATEMENT)]
    sentences = [
        s
        for doc in documents
        for s in extract_sentences(doc, settings=settings, score_claimless=score_all)
    ]
    return ClaimsResult(tuple(documents), tuple(number_claims(sentences)))


def compare(
    a: str, b: str | None, settings: Settings, *, against: Sequence[str] = ()
) -> Comparison:
    """Compare texts: a petition's original and revised responses, or A (earlier) with B.

    Each ``against`` input is a counter-statement held against what A (and B) claim.  The
    findings are saved in the store (created if need be) and carry their review status.
    """
    first = load_source(a, settings)
    documents: list[Document] = []
    if b is None:
        if isinstance(first, Petition):
            documents = petition_documents(first)
        else:
            documents = [article_document(first, Role.STATEMENT)]
    else:
        second = load_source(b, settings)
        if isinstance(first, Petition):
            documents.append(petition_documents(first)[0])
        documents += _as_documents(first, Role.ORIGINAL) + _as_documents(second, Role.REVISED)
    comparison = compare_loaded(documents, settings, against=against)
    petition_id = first.id if isinstance(first, Petition) else None
    return record_findings(comparison, settings, petition_id=petition_id)


def compare_loaded(
    documents: Sequence[Document], settings: Settings, *, against: Sequence[str] = ()
) -> Comparison:
    """Compare documents already read, with each ``against`` input added as a counter."""
    from textcheck.compare import compare_documents
    from textcheck.nlp import extract_sentences

    documents = list(documents)
    for spec in against:
        documents += _as_documents(load_source(spec, settings), Role.AGAINST)
    _check_texts(documents)
    sentences = [tuple(extract_sentences(doc, settings=settings)) for doc in documents]
    return compare_documents(documents, sentences, settings=settings)


def record_findings(
    comparison: Comparison, settings: Settings, *, petition_id: int | None = None
) -> Comparison:
    """Save the findings in the store and return them with their latest review status.

    The store is created when missing.  When it cannot be written (a read-only folder, a
    file that is not a store) the comparison is returned as it is: saving is a record of
    the run, never a reason for ``compare`` or ``brief`` to fail.
    """
    try:
        with Store.open(settings.db) as store:
            store.save_findings(comparison.findings, comparison.documents, petition_id)
            reviews = store.load_reviews([f.key for f in comparison.findings])
    except StoreError as exc:
        _log.warning("the findings could not be saved: %s", exc)
        return comparison
    findings = tuple(
        replace(f, review_status=reviews[f.key].status) if f.key in reviews else f
        for f in comparison.findings
    )
    return replace(comparison, findings=findings)


def _check_texts(documents: Sequence[Document]) -> None:
    for doc in documents:
        if doc.role != Role.PETITION and not doc.text.strip():
            raise InputError(f"{doc.label} ({doc.source}) has no text to compare")


def train(*, claimbuster: Path | None = None) -> str:
    """Rebuild the check-worthiness and claim-kind models from ``corpora/``; return a report."""
    from textcheck.corpus import corpora_dir
    from textcheck.nlp.checkworthiness import models_path, train_model
    from textcheck.nlp.kind_training import train_kinds

    report = train_model(claimbuster=claimbuster)
    return report + "\n" + train_kinds(corpora_dir() / "claims", models_path())


def scan(
    settings: Settings,
    *,
    since: str | None = None,
    archived: bool = False,
    parliament: int | None = None,
    max_pages: int | None = None,
) -> ScanResult:
    """Poll the petitions with a government response and report what changed since last time.

    New, revised (with findings) and withdrawn responses; every version fetched is stored.
    ``since`` (a date or ISO timestamp) reports every change recorded at or after it instead
    of this scan's.  See ``textcheck.scan``.
    """
    from textcheck.scan import fetch_changes, parse_since
    from textcheck.sources.http import HttpClient

    since_at = parse_since(since) if since is not None else None
    if parliament is not None and not archived:
        raise InputError("--parliament N reads an archived parliament: add --archived")
    with Store.open(settings.db) as store, HttpClient(settings, store=store) as client:
        return fetch_changes(
            client,
            store,
            settings,
            archived=archived,
            parliament=parliament,
            max_pages=max_pages,
            since=since_at,
        )


def brief(ref: str, settings: Settings, *, against: Sequence[str] = ()) -> Brief:
    """Gather a petition's claims, findings, citations and questions for a brief.

    ``ref`` is a petition id or URL (or a petitions-API JSON file); each ``against`` input is
    a counter-statement.  The findings are saved in the store like ``compare``'s.
    """
    from textcheck.brief import extract_brief

    source = load_source(ref, settings)
    if not isinstance(source, Petition):
        raise InputError(
            f"expected a petition id, petition URL or saved petition JSON, got {ref!r} "
            "(a web page or text: use compare for those)"
        )
    documents = petition_documents(source)
    if len(documents) < 2:
        raise InputError(f"petition {source.id} has no government response to brief on")
    comparison = compare_loaded(documents, settings, against=against)
    comparison = record_findings(comparison, settings, petition_id=source.id)
    fetched_at: dict[str, str] = {}
    if settings.db.exists():
        try:
            with Store.open_to_read(settings.db) as store:
                for doc in comparison.documents:
                    when = store.load_fetch_time(doc.source)
                    if when:
                        fetched_at[doc.source] = when
        except StoreError:
            fetched_at = {}
    return extract_brief(source, comparison, fetched_at=fetched_at)


def review(finding_id: str, status: str, settings: Settings, *, note: str | None = None) -> Review:
    """Store a reviewer's verdict on the finding whose key (or unique key prefix) is given.

    Raises ``InputError`` when the store has no such finding; a missing store is not created.
    """
    if not settings.db.exists():
        raise InputError(f"no finding with key {finding_id.strip()!r} in {settings.db}")
    with Store.open(settings.db) as store:
        return store.save_review(finding_id, status, note or "")


def batch(
    input_path: Path,
    out_path: Path,
    settings: Settings,
    *,
    engine: str = "local",
    workers: int | None = None,
    chunk_lines: int | None = None,
) -> BatchResult:
    """Process a JSONL corpus line by line into OUT.jsonl, in parallel and resumably.

    Lines follow DESIGN.md 3.6; ``engine`` is ``local`` (worker processes) or ``dask``
    (``Settings.dask_scheduler``, else a local Dask cluster).  See ``textcheck.batch``.
    """
    from textcheck.batch import DEFAULT_CHUNK_LINES, batch_file

    return batch_file(
        input_path,
        out_path,
        settings,
        engine=engine,
        workers=workers,
        chunk_lines=chunk_lines or DEFAULT_CHUNK_LINES,
    )


def ensure_error(exc: BaseException) -> TextcheckError:
    """Wrap an unexpected OS-level or value error as a one-line ``TextcheckError``.

    Worded for a person, never with the exception's class name or ``[Errno N]``: an
    ``OSError`` says what could not be read (or written) and why (``describe_os_error``).
    """
    if isinstance(exc, TextcheckError):
        return exc
    if isinstance(exc, OSError):
        return TextcheckError(describe_os_error(exc))
    if isinstance(exc, UnicodeDecodeError):
        return TextcheckError(
            f"cannot read the text: not {exc.encoding.upper()} ({describe_undecodable(exc)})"
        )
    return TextcheckError(str(exc) or "unexpected error")
