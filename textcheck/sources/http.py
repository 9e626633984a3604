"""The only module that talks to the network (and the only one importing requests).

INTERFACE STUB: to be implemented (issue 2).
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from textcheck.records import FetchRecord
from textcheck.settings import Settings

if TYPE_CHECKING:
    from textcheck.store import Store


class HttpClient:
    """A polite HTTP client: user agent, timeouts, retries, per-host delay, conditional GETs."""

    def __init__(self, settings: Settings, *, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the session."""

    def get(self, url: str) -> FetchRecord:
        """GET ``url`` (rebased onto the base URL), following redirects; raise SourceError kinds."""
        raise NotImplementedError
