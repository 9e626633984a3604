"""Making untrusted text safe for a terminal, and rendering rich output to a string.

Petition and response texts come from strangers.  Before any of it reaches a terminal it
loses ANSI/OSC escape sequences (colours, cursor moves, OSC 8 hyperlinks, window titles),
C0/C1 control characters other than newline and tab, and every Unicode format character
(category Cf): the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) that can make text display in an order other than the one it is stored in
("Trojan Source", CVE-2021-42574), and the invisible ones that make two strings that look
alike differ (zero-width space, joiners U+200B-U+200D, word joiner U+2060, BOM U+FEFF, soft
hyphen, tag characters).  It is then wrapped in ``rich.text.Text`` so that ``[bold red]``-style
markup in it is shown as typed, never interpreted.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.style import Style
    from rich.text import Text

FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
"""Every character of Unicode category Cf (format) as regex class ranges, Unicode 14.0
(Python 3.11); written out because finding them at import costs 0.2 s.  A test checks them
against ``unicodedata``."""
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement, erase
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: hyperlinks, window title
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other C0 and C1 controls (keeps \t and \n)
    r"|[" + FORMAT_CHARS + "]"  # Unicode category Cf: bidi controls, zero-width characters
)

DEFAULT_WIDTH = 100
"""Columns used when the output is not a terminal (a file, a pipe, a test)."""


def clean_terminal_text(text: str) -> str:
    """Remove escape sequences, control and format (Cf) characters (keeps newlines, tabs)."""
    return _CONTROL.sub("", text)


def safe_text(text: str, style: str | Style = "") -> Text:
    """Untrusted ``text`` as a rich ``Text``: cleaned, and never parsed as markup."""
    from rich.text import Text  # rich is imported on use: JSON output and errors need none

    return Text(clean_terminal_text(text), style=style)


def use_color(color: bool | None) -> bool:
    """Whether to emit colour: ``color`` when given, else whether stdout is a terminal."""
    if color is not None:
        return color
    return sys.stdout is not None and sys.stdout.isatty()


def render_rich(renderables: Iterable[RenderableType], *, color: bool | None = None) -> str:
    """Render rich objects to a string, as they would print on this terminal (or plainly).

    Colour and the terminal's width are used only when ``color`` says so (``None``: when
    standard output is a terminal); otherwise the output is plain text ``DEFAULT_WIDTH``
    columns wide.  Markup, emoji codes and automatic highlighting are all switched off so
    that only the styles the renderer sets explicitly appear.
    """
    from rich.console import Console

    colored = use_color(color)
    width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns if colored else DEFAULT_WIDTH
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=colored,
        no_color=not colored,
        color_system="auto" if colored else None,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()
