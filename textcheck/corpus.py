"""The embedded default corpus: petitions shipped with textcheck for use with no network.

``corpora/petitions/<id>.json`` holds a petition exactly as the petitions API serves it
(see ``corpora/petitions/README.md`` for where each one comes from), so the one parser that
reads the live site reads these too.  The ``corpora`` folder is the package's copy in an
installed wheel or the checkout's (``textcheck.resources``); ``TEXTCHECK_CORPORA`` points
elsewhere (a test folder).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from textcheck.errors import ParseError
from textcheck.records import Petition
from textcheck.resources import shipped_dir
from textcheck.settings import DEFAULT_BASE_URL

CORPORA_ENV = "TEXTCHECK_CORPORA"


def corpora_dir() -> Path:
    """The ``corpora`` folder: ``$TEXTCHECK_CORPORA`` if set, else the shipped one."""
    override = os.environ.get(CORPORA_ENV)
    if override:
        return Path(override)
    return shipped_dir("corpora")


def load_embedded_petition(petition_id: int) -> Petition | None:
    """The shipped petition with that id, parsed from its recorded JSON, or None.

    Response ``source`` URLs are the recorded ``links.self`` (the public URL the bytes were
    read from), so citations point at the real site rather than at a local file.
    """
    from textcheck.sources.petitions import parse_petition_json

    path = corpora_dir() / "petitions" / f"{int(petition_id)}.json"
    if not path.is_file():
        return None
    body = path.read_bytes()
    return parse_petition_json(body, source=_recorded_url(body, path), base_url=DEFAULT_BASE_URL)


def _recorded_url(body: bytes, path: Path) -> str:
    """The ``links.self`` URL recorded in a petitions-API body, else the file's URI."""
    try:
        links = json.loads(body).get("links") or {}
    except (ValueError, AttributeError) as exc:
        raise ParseError(f"embedded petition {path} is not petitions-API JSON: {exc}") from exc
    self_url = links.get("self") if isinstance(links, dict) else None
    return self_url if isinstance(self_url, str) and self_url else path.resolve().as_uri()
