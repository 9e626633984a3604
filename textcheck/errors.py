"""Errors textcheck raises on purpose.

Every error a user can cause (a bad input, a source that is wrong or unreachable) is a
``TextcheckError`` whose message says what was expected and what was found, and where.  The
CLI prints it as one line ``Error: <message>`` and exits 1; anything else is a bug.
"""

from __future__ import annotations

import re


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


def describe_undecodable(exc: UnicodeDecodeError) -> str:
    """Where decoding failed, e.g. ``byte 0xff at offset 12``, for an error message."""
    return f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"


def describe_os_error(exc: OSError, *, action: str = "read", path: object = None) -> str:
    """An OS error in words: what could not be done to which path, and why.

    The one place OS errors are worded for a person: ``str(exc)`` would show ``[Errno 21]``
    and callers used to prefix the class name (``IsADirectoryError: ...``).  ``path``
    overrides the error's own file name (for standard input, say).
    """
    where = path if path is not None else exc.filename
    if isinstance(exc, IsADirectoryError) and where is not None:
        return f"expected a file, found a directory: {where}"
    if isinstance(exc, FileNotFoundError) and where is not None:
        return f"cannot {action} {where}: no such file or directory"
    reason = exc.strerror or re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)) or "unknown OS error"
    reason = reason[:1].lower() + reason[1:]
    if where is None:
        return f"cannot {action}: {reason}"
    return f"cannot {action} {where}: {reason}"
