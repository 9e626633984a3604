"""Putting untrusted text into Markdown so that it stays text.

A petition or an article may contain anything: HTML tags, Markdown links and images,
emphasis, table pipes, bare URLs.  Rendered by GitHub, a static-site generator or a chat tool,
any of it could become live markup or a link.  ``escape_markdown`` turns HTML's three special
characters into entities and backslash-escapes the CommonMark/GFM punctuation that starts
markup (CommonMark 0.31 section 2.4: any ASCII punctuation may be backslash-escaped), breaks
GFM's extended autolinks (``www.``, ``scheme://``, e-mail addresses), and neutralises
block markers at the start of a line (lists, setext underlines, ordered-list numbers).
Terminal control sequences are dropped too: a Markdown file is often read with ``cat``.
"""

from __future__ import annotations

import re

from textcheck.render.terminal import clean_terminal_text

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = "\\`*_[]|~#!@"
"""Characters escaped wherever they stand; ``@`` so that no e-mail autolink forms."""

_INLINE = re.compile(r"[&<>]|[" + re.escape(_PUNCTUATION) + r"]")
_AUTOLINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*):(?=//)|\b(www)\.")
_LINE_START = re.compile(r"(?m)^([ \t]*)([-+=]|\d+(?=[.)]))")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ENTITIES.get(char, "\\" + char)


def _break_autolink(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1) + "\\:"
    return match.group(2) + "\\."


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker.isdigit():
        return indent + marker + "\\"  # the "." or ")" after the number follows
    return indent + "\\" + marker


def escape_markdown(text: str, *, table_cell: bool = False) -> str:
    """``text`` as literal Markdown; in a table cell, newlines become spaces too."""
    escaped = _INLINE.sub(_escape_char, clean_terminal_text(text))
    escaped = _AUTOLINK.sub(_break_autolink, escaped)
    escaped = _LINE_START.sub(_escape_line_start, escaped)
    if table_cell:
        escaped = " ".join(escaped.split())
    return escaped


def blockquote(text: str, *, escaped: bool = False) -> str:
    """``text`` quoted line by line (escaped first unless it already is Markdown)."""
    markdown = text.strip() if escaped else escape_markdown(text.strip())
    lines = markdown.splitlines() or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)
