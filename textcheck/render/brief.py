"""Rendering a ``Brief``: Markdown, or one self-contained HTML file.

Everything from a petition, a response or a counter-statement is untrusted: Markdown gets
it through ``escape_markdown``/``blockquote``, HTML through Jinja2's autoescaping
(``render.html``), whose page carries a Content-Security-Policy that forbids scripts.
The finding layout (side-by-side quotes with word changes) is ``render.evidence``'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from textcheck.brief import Brief, BriefFinding, Citation
from textcheck.errors import InputError
from textcheck.records import Role
from textcheck.render.compare import (
    FindingView,
    document_views,
    finding_meta_line,
    markdown_quote,
)
from textcheck.render.evidence import side_by_side
from textcheck.render.html import render_template
from textcheck.render.markdown import blockquote, escape_markdown

FORMATS = ("markdown", "html")
NOT_RECORDED = "not recorded"
"""Shown for a fetch time the store does not know (a file or the embedded corpus)."""


@dataclass(frozen=True)
class BriefFindingView:
    """A brief finding with its quotes laid out side by side, each with its citation."""

    item: BriefFinding
    view: FindingView


def render_brief(brief: Brief, fmt: str) -> str:
    """A brief as Markdown or as one self-contained HTML page."""
    if fmt == "markdown":
        return "\n".join(_markdown_lines(brief)) + "\n"
    if fmt == "html":
        return render_template(
            "brief.html.j2",
            title=brief_title(brief),
            brief=brief,
            findings=_views(brief, brief.findings),
            dismissed=_views(brief, brief.dismissed),
            documents=document_views(brief.comparison),
            not_recorded=NOT_RECORDED,
        )
    raise InputError(f"brief output format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def brief_title(brief: Brief) -> str:
    """``Petition N: action`` (untrusted: escape before display)."""
    return f"Petition {brief.petition.id}: {brief.petition.action}"


def citation_text(citation: Citation | None) -> str:
    """One line naming a quote's source: URL, response date, fetch time and text hash."""
    if citation is None:
        return "source not found among the documents read"
    if citation.responded_on:
        verb = "dated" if citation.role == Role.AGAINST else "responded"
        when = f"{verb} {citation.responded_on}"
    else:
        when = "petition text" if citation.role == Role.PETITION else "undated"
    return (
        f"{citation.url} · {when} · fetched {citation.fetched_at or NOT_RECORDED} · "
        f"sha256 {citation.sha256}"
    )


def _views(brief: Brief, items: Sequence[BriefFinding]) -> list[BriefFindingView]:
    docs = brief.comparison.documents
    return [
        BriefFindingView(item, FindingView(item.finding, side_by_side(item.finding, docs)))
        for item in items
    ]


def _markdown_lines(brief: Brief) -> Iterator[str]:
    petition = brief.petition
    yield f"# Brief: {escape_markdown(brief_title(brief))}"
    yield ""
    yield f"Petition: {escape_markdown(petition.url)}"
    if petition.state:
        yield f"State: {escape_markdown(petition.state)}"
    yield ""
    yield "## What the petition asks"
    yield ""
    yield blockquote(brief.request or petition.action)
    yield ""
    yield "## Sources"
    yield ""
    yield "| Role | Label | Responded | Fetched | sha256 | URL |"
    yield "|---|---|---|---|---|---|"
    for c in brief.sources:
        cells = (c.label, c.responded_on or "", c.fetched_at or NOT_RECORDED)
        escaped = " | ".join(escape_markdown(cell, table_cell=True) for cell in cells)
        url = escape_markdown(c.url, table_cell=True)
        yield f"| {c.role} | {escaped} | `{c.sha256}` | {url} |"
    yield ""
    yield "## What each text claims"
    for version in brief.versions:
        doc = version.document
        yield ""
        yield f"### {doc.role}: {escape_markdown(doc.label)}"
        yield ""
        yield f"Source: {escape_markdown(citation_text(version.citation))}"
        yield ""
        if not version.claims:
            yield "No check-worthy claims found."
        for claim in version.claims:
            quote = escape_markdown(" ".join(claim.quote.split()))
            yield f"- **{claim.kind}** ({claim.start}:{claim.end}): {quote}"
    yield ""
    yield f"## Findings ({len(brief.findings)})"
    if not brief.findings:
        yield ""
        yield "No open findings."
    for view in _views(brief, brief.findings):
        yield from _markdown_finding(view)
    if brief.dismissed:
        yield ""
        yield f"## Dismissed ({len(brief.dismissed)})"
        yield ""
        yield "A reviewer dismissed these findings; they are kept here for the record."
        for view in _views(brief, brief.dismissed):
            yield from _markdown_finding(view)


def _markdown_finding(view: BriefFindingView) -> Iterator[str]:
    f = view.item.finding
    yield ""
    yield f"### {f.id} · {f.kind}"
    yield ""
    yield finding_meta_line(f)
    yield ""
    yield escape_markdown(f.summary)
    for column, citation in zip(view.view.columns, view.item.citations, strict=False):
        span = f"{column.evidence.start}:{column.evidence.end}"
        yield ""
        yield f"**{escape_markdown(column.heading)}** ({span})"
        yield ""
        yield blockquote(markdown_quote(column), escaped=True)
        yield ""
        yield f"Source: {escape_markdown(citation_text(citation))}"
    if view.item.questions:
        yield ""
        yield "Questions:"
        yield ""
        for number, question in enumerate(view.item.questions, start=1):
            yield f"{number}. {escape_markdown(question, table_cell=True)}"
