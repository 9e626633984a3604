"""Rendering ``compare`` results: terminal text, ``textcheck.compare/1`` JSON, Markdown, HTML.

Every text that comes from a document (labels, sources, quotes, full texts; summaries quote
them too) is untrusted: it reaches the terminal through ``safe_text``, Markdown through
``escape_markdown`` and HTML through Jinja2's autoescaping.  The layout pieces shared with
other reports live in ``render.evidence`` (side-by-side quotes, marked spans),
``render.payload`` (JSON objects), ``render.markdown`` and ``render.html``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from textcheck.errors import InputError
from textcheck.records import Comparison, Document, Finding, Role, Severity
from textcheck.render.evidence import EvidenceColumn, MarkedSpan, mark_spans, side_by_side
from textcheck.render.html import render_template
from textcheck.render.jsonformat import render_json
from textcheck.render.markdown import blockquote, escape_markdown
from textcheck.render.payload import comparison_payload
from textcheck.render.terminal import render_rich, safe_text, use_color

FORMATS = ("text", "json", "markdown", "html", "csv")

SEVERITY_STYLES = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "dim"}
"""Terminal colours per severity (the HTML colours are in ``templates/base.html.j2``)."""
REVIEW_STYLES = {"confirmed": "bold green", "dismissed": "dim strike"}
"""Terminal styles of a reviewer's verdict shown in a finding's title."""

CHANGE_STYLES = {"delete": "red strike", "insert": "bold green"}
PLAIN_CHANGE_MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
"""Without colour, word changes are marked as ``wdiff`` does: ``[-old-]`` and ``{+new+}``."""


@dataclass(frozen=True)
class FindingView:
    """A finding with its quotes laid out side by side."""

    finding: Finding
    columns: tuple[EvidenceColumn, ...]


@dataclass(frozen=True)
class DocumentView:
    """A document with its text cut into spans, quoted spans marked."""

    document: Document
    spans: tuple[MarkedSpan, ...]


def render_compare(comparison: Comparison, fmt: str, *, color: bool | None = None) -> str:
    """``compare`` output: text, ``textcheck.compare/1`` JSON, Markdown, HTML or CSV.

    ``color`` applies to text only: ``None`` colours when standard output is a terminal.
    """
    if fmt == "json":
        return render_json(comparison_payload(comparison))
    if fmt == "text":
        colored = use_color(color)
        return render_rich(_text_renderables(comparison, colored), color=colored)
    if fmt == "markdown":
        return "\n".join(_markdown_lines(comparison)) + "\n"
    if fmt == "html":
        return render_template(
            "compare.html.j2",
            title=comparison_title(comparison),
            documents=document_views(comparison),
            findings=_finding_views(comparison),
        )
    if fmt == "csv":
        from textcheck.render.csv import render_findings_csv

        return render_findings_csv(comparison)
    raise InputError(f"compare output format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def comparison_title(comparison: Comparison) -> str:
    """The compared texts' labels, earlier first; the petition is context, not a side."""
    labels = [doc.label for doc in comparison.documents if doc.role != Role.PETITION]
    return " / ".join(dict.fromkeys(labels)) or "no documents"


def _finding_views(comparison: Comparison) -> list[FindingView]:
    return [FindingView(f, side_by_side(f, comparison.documents)) for f in comparison.findings]


def document_views(comparison: Comparison) -> list[DocumentView]:
    docs, findings = comparison.documents, comparison.findings
    return [DocumentView(doc, mark_spans(doc, findings, docs)) for doc in docs]


def _text_renderables(comparison: Comparison, colored: bool) -> Iterator[RenderableType]:
    """A header per document, then a panel per finding with its quotes side by side."""
    title = Text("Comparison: ", style="bold")
    yield title.append_text(safe_text(comparison_title(comparison), "bold"))
    for doc in comparison.documents:
        yield _document_header(doc)
    yield Text(f"\n{len(comparison.findings)} findings", style="bold")
    for view in _finding_views(comparison):
        yield _finding_panel(view, colored)


def _document_header(doc: Document) -> Text:
    header = Text(f"{doc.role}: ", style="bold cyan")
    header.append_text(safe_text(doc.label, "bold"))
    if doc.date:
        header.append(", ").append_text(safe_text(doc.date))
    if doc.truncated:
        header.append(" (text stops mid-sentence)", style="italic")
    header.append("\n  ").append_text(safe_text(doc.source, "dim"))
    return header


def _finding_panel(view: FindingView, colored: bool) -> Panel:
    finding = view.finding
    style = SEVERITY_STYLES[finding.severity]
    title = Text(f" {finding.id} ", style="bold")
    if finding.key:
        title.append(f"{finding.key} ", style="dim")
    title.append(finding.severity.value.upper(), style=style).append(f" {finding.kind} ")
    if finding.review_status:
        title.append(
            f"[{finding.review_status}] ", style=REVIEW_STYLES.get(finding.review_status, "")
        )
    body: list[RenderableType] = [safe_text(finding.summary)]
    if view.columns:
        table = Table(expand=True, show_lines=False, box=None, padding=(0, 1))
        for column in view.columns:
            span = f" [{column.evidence.start}:{column.evidence.end}]"
            table.add_column(safe_text(column.heading, "bold").append(span, style="dim"), ratio=1)
        table.add_row(*(_column_text(column, colored) for column in view.columns))
        body.append(table)
    subtitle = Text(f" {finding.rule} · score {finding.score:.3f} ", style="dim")
    return Panel(
        Group(*body),
        title=title,
        title_align="left",
        subtitle=subtitle,
        subtitle_align="right",
        border_style=style,
    )


def _column_text(column: EvidenceColumn, colored: bool) -> Text:
    """A quote with its word changes styled (colour) or bracketed wdiff-style (no colour)."""
    text = Text()
    for segment in column.segments:
        piece = safe_text(segment.text)
        if segment.changed and column.change is not None:
            if colored:
                piece.stylize(CHANGE_STYLES[column.change])
            else:
                opening, closing = PLAIN_CHANGE_MARKS[column.change]
                piece = Text(opening).append_text(piece).append(closing)
        text.append_text(piece)
    return text


def _markdown_lines(comparison: Comparison) -> Iterator[str]:
    """Headings, a documents table, a findings table, then each finding's quotes."""
    yield f"# Comparison: {escape_markdown(comparison_title(comparison))}"
    yield ""
    yield "## Documents"
    yield ""
    yield "| Role | Label | Date | Source | Truncated |"
    yield "|---|---|---|---|---|"
    for doc in comparison.documents:
        cells = (doc.label, doc.date or "", doc.source)
        escaped = " | ".join(escape_markdown(cell, table_cell=True) for cell in cells)
        yield f"| {doc.role} | {escaped} | {'yes' if doc.truncated else 'no'} |"
    yield ""
    yield f"## Findings ({len(comparison.findings)})"
    yield ""
    if not comparison.findings:
        yield "No findings."
        return
    yield "| ID | Key | Severity | Kind | Score | Review | Summary |"
    yield "|---|---|---|---|---|---|---|"
    for f in comparison.findings:
        summary = escape_markdown(f.summary, table_cell=True)
        review = f.review_status or ""
        yield (
            f"| [{f.id}](#{f.id.lower()}) | `{f.key}` | {f.severity} | {f.kind} | {f.score:.3f} "
            f"| {review} | {summary} |"
        )
    for view in _finding_views(comparison):
        yield from _markdown_finding(view)


def _markdown_finding(view: FindingView) -> Iterator[str]:
    f = view.finding
    yield ""
    yield f"### {f.id}"
    yield ""
    yield finding_meta_line(f)
    yield ""
    yield escape_markdown(f.summary)
    for column in view.columns:
        yield ""
        span = f"{column.evidence.start}:{column.evidence.end}"
        yield f"**{escape_markdown(column.heading)}** ({span})"
        yield ""
        yield blockquote(markdown_quote(column), escaped=True)


def finding_meta_line(f: Finding) -> str:
    """Severity, kind, rule, score, key and review status of a finding as one Markdown line."""
    line = f"**{f.severity}** · `{f.kind}` · rule `{f.rule}` · score {f.score:.3f}"
    if f.key:
        line += f" · key `{f.key}`"
    if f.review_status:
        line += f" · **{f.review_status}**"
    return line


def markdown_quote(column: EvidenceColumn) -> str:
    """The escaped quote, deleted words as ``~~struck~~`` and inserted ones in ``**bold**``."""
    delimiter = {"delete": "~~", "insert": "**"}.get(column.change or "", "")
    parts = []
    for segment in column.segments:
        escaped = escape_markdown(segment.text)
        core = escaped.strip()
        if segment.changed and delimiter and core:
            lead, trail = _edges(escaped)
            escaped = f"{lead}{delimiter}{core}{delimiter}{trail}"
        parts.append(escaped)
    return "".join(parts)


def _edges(text: str) -> tuple[str, str]:
    """The leading and trailing whitespace of ``text``."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
