"""Errors textcheck raises on purpose.

Every error a user can cause (a bad input, a source that is wrong or unreachable) is a
``TextcheckError`` whose message says what was expected and what was found, and where.  The
CLI prints it as one line ``Error: <message>`` and exits 1; anything else is a bug.
"""

from __future__ import annotations


class TextcheckError(Exception):
    """Base class: a problem with the input or a source, reported to the user in one line."""


class InputError(TextcheckError):
    """An input (file, id, URL, standard input) is missing, empty, binary or unreadable."""


class SourceError(TextcheckError):
    """A source answered wrongly: HTTP error status, malformed or truncated body, wrong type."""


class NotFoundError(SourceError):
    """The source says the thing does not exist (404) or was removed (410)."""


class NetworkError(SourceError):
    """The source could not be reached (DNS, refused connection, timeout) after retries."""


class ParseError(SourceError):
    """Bytes were fetched but are not what was expected (e.g. HTML where JSON was expected)."""


class StoreError(TextcheckError):
    """The SQLite store cannot be opened, migrated or written."""


class ModelError(TextcheckError):
    """A shipped model is missing or was built with an incompatible library version."""
