"""Where the data textcheck ships lives: inside the installed package, or in the checkout.

The model (``models/``) and the embedded corpora (``corpora/``) are top-level folders of the
project, where ``make train`` writes and reviewers read.  A wheel carries a copy of what runs
need inside the package, under ``textcheck/_shipped/`` (``setup.py`` copies it at build
time), so that ``pip install .`` gives the same tool as the checkout.  This module is the one
place that knows both layouts; callers ask for ``shipped_dir("models")``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_DIR = PACKAGE_DIR / "_shipped"
"""The copy inside an installed package (absent in a checkout)."""
CHECKOUT_DIR = PACKAGE_DIR.parent
"""The project root when running from a checkout (editable install or ``python -m``)."""

SHIPPED_FOLDERS = ("models", "corpora")
"""The top-level folders a wheel carries (``setup.py`` lists which of their parts)."""


def shipped_dir(name: str) -> Path:
    """The folder ``name`` ("models" or "corpora"): the package's copy, else the checkout's.

    The package's copy wins when it exists, so an installed wheel never reads a folder that
    happens to sit beside site-packages.  Neither existing is not an error here: the caller
    names what it expected to find (``ModelError``, an embedded petition not found).
    """
    if name not in SHIPPED_FOLDERS:
        raise ValueError(f"expected one of {', '.join(SHIPPED_FOLDERS)}, found {name!r}")
    inside = SHIPPED_DIR / name
    return inside if inside.is_dir() else CHECKOUT_DIR / name
