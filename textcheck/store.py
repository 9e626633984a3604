"""The SQLite store: petitions, every response version ever seen, raw fetches.

INTERFACE STUB: to be implemented (issue 2).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from textcheck.records import FetchRecord, Petition, ResponseVersion


class Store:
    """A connection to one store file; create with ``Store.open``."""

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[Store]:
        """Open (creating and migrating) the store at ``path``; close on exit."""
        raise NotImplementedError
        yield cls()

    def save_petition(
        self, petition: Petition, fetches: Sequence[FetchRecord] = ()
    ) -> list[ResponseVersion]:
        """Store a petition, its response versions and fetches; return the versions new here."""
        raise NotImplementedError

    def load_petition(self, petition_id: int) -> Petition | None:
        """The petition with every stored response version, oldest first, or None."""
        raise NotImplementedError

    def load_fetch(self, url: str) -> FetchRecord | None:
        """The latest stored fetch of ``url`` (for conditional requests), or None."""
        raise NotImplementedError

    def save_fetch(self, record: FetchRecord) -> None:
        """Store one HTTP exchange."""
        raise NotImplementedError
