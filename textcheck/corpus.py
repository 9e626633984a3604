"""The embedded default corpus: petitions shipped in the package for use with no network.

INTERFACE STUB: to be implemented (issue 2).
"""

from __future__ import annotations

from textcheck.records import Petition


def load_embedded_petition(petition_id: int) -> Petition | None:
    """The shipped petition with that id, parsed from its recorded JSON, or None."""
    raise NotImplementedError
