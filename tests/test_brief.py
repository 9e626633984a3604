"""``textcheck brief``: quotes from both versions, a citation for every quote, questions per
finding, and no live markup from a hostile petition in HTML, Markdown or the terminal.

The real case is petition 241560 served by the local petitions server (so fetch times are
in the store) and read offline from the embedded corpus.  The hostile petition is built at
test time from the recorded 241560 JSON (``tests/fixtures/petitions``) with its texts
replaced by HTML, ANSI escape sequences and rich markup.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from tests.server import PetitionsServer
from textcheck import api
from textcheck.brief import Brief, QuestionBank, ask_questions, claim_rank, load_questions
from textcheck.cli import app
from textcheck.errors import InputError
from textcheck.records import Evidence, Finding, FindingKind, Role, Severity
from textcheck.render.brief import render_brief
from textcheck.render.compare import render_compare
from textcheck.render.markdown import escape_markdown
from textcheck.settings import Settings

PETITION_JSON = Path(__file__).parent / "fixtures" / "petitions" / "archived_petition_241560.json"
HOSTILE = {
    "script": '<script>alert("brief")</script>',
    "img": "<img src=x onerror=alert(1)>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "ansi": "\x1b[31mRED\x1b[0m \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "rich": "[bold red]shouting[/bold red]",
    "md_link": "[press here](javascript:alert(1)) ![x](https://evil.example/x.png)",
}
HOSTILE_TEXT = " ".join(HOSTILE.values())


@pytest.fixture(scope="module")
def offline_brief(tmp_path_factory: pytest.TempPathFactory) -> Brief:
    """Brief of 241560 from the embedded corpus, as a fresh machine with no network runs it."""
    db = tmp_path_factory.mktemp("brief") / "offline.db"
    return api.brief("241560", Settings(offline=True, db=db))


@pytest.fixture
def served_brief(fast_settings: Settings) -> Brief:
    """Brief of 241560 fetched from the local petitions server into the store."""
    return api.brief("241560", fast_settings)


@pytest.fixture
def hostile_petition(tmp_path: Path) -> Path:
    """The recorded 241560 JSON with petition and response texts made hostile."""
    data = json.loads(PETITION_JSON.read_text(encoding="utf-8"))
    attributes = data["data"]["attributes"]
    attributes["action"] = f"Stop this {HOSTILE['script']} {HOSTILE['rich']}"
    attributes["background"] = f"Background {HOSTILE_TEXT}"
    attributes["additional_details"] = f"The Government should review {HOSTILE['iframe']}."
    response = attributes["government_response"]
    response["summary"] = f"We will not review this. {HOSTILE_TEXT}"
    path = tmp_path / "hostile_petition.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_brief_quotes_both_versions(offline_brief: Brief) -> None:
    roles = {ev.role for item in offline_brief.findings for ev in item.finding.evidence}
    assert {Role.ORIGINAL, Role.REVISED} <= roles
    markdown = render_brief(offline_brief, "markdown")
    for item in offline_brief.findings:
        for evidence in item.finding.evidence:
            words = escape_markdown(evidence.quote).split()
            assert " ".join(words[:6]) in " ".join(markdown.split())


def test_every_quote_is_cited_with_url_date_and_hash(offline_brief: Brief) -> None:
    markdown = render_brief(offline_brief, "markdown")
    docs = {doc.sha256: doc for doc in offline_brief.comparison.documents}
    for item in offline_brief.findings + offline_brief.dismissed:
        assert len(item.citations) == len(item.finding.evidence)
        for evidence, citation in zip(item.finding.evidence, item.citations, strict=True):
            assert citation is not None
            doc = docs[citation.sha256]
            assert doc.role == evidence.role
            assert doc.text[evidence.start : evidence.end] == evidence.quote
            assert citation.url == doc.source and citation.responded_on == doc.date
    for citation in offline_brief.sources:
        assert citation.sha256 in markdown
        assert escape_markdown(citation.url) in markdown
        if citation.responded_on:
            assert f"responded {citation.responded_on}" in markdown


def test_fetch_time_comes_from_the_store(served_brief: Brief) -> None:
    responses = [c for c in served_brief.sources if c.role in (Role.ORIGINAL, Role.REVISED)]
    assert len(responses) == 2
    for citation in responses:
        assert citation.fetched_at is not None
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", citation.fetched_at)
        assert citation.fetched_at in render_brief(served_brief, "markdown")


def test_every_finding_raises_questions(offline_brief: Brief) -> None:
    markdown = render_brief(offline_brief, "markdown")
    for item in offline_brief.findings:
        assert item.questions, item.finding.kind
        for question in item.questions:
            assert "{" not in question
            assert escape_markdown(question, table_cell=True) in markdown


def test_dropped_figure_question_names_the_figure(offline_brief: Brief) -> None:
    asked = [
        (item, q)
        for item in offline_brief.findings
        if item.finding.kind == FindingKind.CLAIM_DROPPED
        for q in item.questions
        if q.startswith("Why was the figure '")
    ]
    assert asked
    for item, question in asked:
        figure = question.split("'")[1]
        assert figure in item.finding.evidence[0].quote
        assert question.endswith("removed from the revised response?")


def test_versions_list_refusals_and_figures_first(offline_brief: Brief) -> None:
    """Key claims put what an advocate rebuts first: refusals, then targets and figures."""
    roles = [v.document.role for v in offline_brief.versions]
    assert roles == [Role.ORIGINAL, Role.REVISED]
    revised = offline_brief.versions[1]
    listed = " ".join(c.sentence for c in revised.claims)
    assert "do not believe an independent review is necessary" in listed
    assert "Customer Satisfaction target of 90%" in listed
    assert "no more than 3%" in listed
    for version in offline_brief.versions:
        assert version.claims
        worst = max(claim_rank(c) for c in version.claims)
        sentences = {(c.sentence_start, c.sentence_end) for c in version.claims}
        unlisted = [
            c
            for c in offline_brief.comparison.claims
            if c.role == version.document.role
            and (c.sentence_start, c.sentence_end) not in sentences
        ]
        assert all(claim_rank(c) >= worst for c in unlisted)


@pytest.mark.parametrize("kind", list(FindingKind), ids=str)
def test_every_finding_kind_has_question_templates(kind: FindingKind) -> None:
    bank = load_questions()
    assert bank.questions.get(str(kind))
    for group in bank.questions[str(kind)]:
        last = group[-1]
        slots = {name for _, name, _, _ in string.Formatter().parse(last) if name}
        assert slots <= {"quote", "role", "later_role", "earlier_role", "request"}, last


def _finding(kind: FindingKind) -> Finding:
    evidence = (Evidence(Role.ORIGINAL, "waiting six weeks", 0, 17),)
    return Finding("F1", kind, Severity.HIGH, 0.9, "s", evidence, "r.v1")


def test_first_alternative_with_known_slots_is_asked() -> None:
    bank = QuestionBank(
        {"claim_dropped": (("Figure {figure} gone from the {later_role}?", "Why drop {quote}?"),)},
        {},
    )
    finding = _finding(FindingKind.CLAIM_DROPPED)
    with_figure = {"figure": "six weeks", "quote": "q", "later_role": "revised response"}
    assert ask_questions(finding, with_figure, bank) == (
        "Figure six weeks gone from the revised response?",
    )
    assert ask_questions(finding, {"quote": "{x}"}, bank) == ("Why drop {x}?",)
    assert ask_questions(_finding(FindingKind.MOVED), with_figure, bank) == ()


def test_brief_cli_writes_markdown_offline(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(
        app,
        ["brief", "241560", "-o", str(out)],
        env={"TEXTCHECK_OFFLINE": "1", "TEXTCHECK_DB": str(db)},
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Brief: Petition 241560")
    assert "original government response" in text and "revised government response" in text
    assert "Questions:" in text
    assert db.exists()


def test_hostile_petition_html_has_no_live_markup(hostile_petition: Path, tmp_path: Path) -> None:
    brief = api.brief(str(hostile_petition), Settings(offline=True, db=tmp_path / "h.db"))
    page = render_brief(brief, "html")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all(["script", "iframe", "img", "object", "embed"]) == []
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag.name
    for link in soup.find_all("a"):
        assert str(link["href"]).startswith(("https://", "http://")), link["href"]
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in str(csp["content"])
    assert "\x1b" not in page
    shown = soup.get_text()
    assert HOSTILE["script"] in shown and HOSTILE["img"] in shown and HOSTILE["rich"] in shown


def test_hostile_petition_markdown_is_escaped(hostile_petition: Path, tmp_path: Path) -> None:
    brief = api.brief(str(hostile_petition), Settings(offline=True, db=tmp_path / "h.db"))
    markdown = render_brief(brief, "markdown")
    assert "<script" not in markdown and "<img" not in markdown and "<iframe" not in markdown
    assert "\x1b" not in markdown
    page = BeautifulSoup(MarkdownIt("commonmark").render(markdown), "html.parser")
    assert page.find_all(["script", "iframe", "img"]) == []
    assert [a["href"] for a in page.find_all("a")] == []
    shown = page.get_text()
    assert HOSTILE["script"] in shown and HOSTILE["rich"] in shown and HOSTILE["md_link"] in shown


def test_hostile_petition_terminal_text_is_inert(hostile_petition: Path, tmp_path: Path) -> None:
    settings = Settings(offline=True, db=tmp_path / "h.db")
    comparison = api.compare(str(hostile_petition), None, settings)
    plain = render_compare(comparison, "text", color=False)
    assert "\x1b" not in plain
    assert "[bold red]shouting[/bold red]" in " ".join(plain.split())
    colored = render_compare(comparison, "text", color=True)
    assert "\x1b]8;;" not in colored and "\x1b[31mRED" not in colored


def test_brief_of_a_web_page_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "statement.txt"
    page.write_text("The department denies it.\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a petition id, petition URL or saved"):
        api.brief(str(page), Settings(offline=True, db=tmp_path / "x.db"))


def test_petition_without_response_is_refused(
    petitions_server: PetitionsServer, tmp_path: Path
) -> None:
    data = json.loads(PETITION_JSON.read_text(encoding="utf-8"))
    data["data"]["attributes"]["government_response"] = None
    data["data"]["attributes"]["other_parliamentary_business"] = []
    path = tmp_path / "unanswered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="has no government response to brief on"):
        api.brief(str(path), Settings(offline=True, db=tmp_path / "x.db"))


def test_brief_against_a_counter_statement_cites_both_sides(tmp_path: Path) -> None:
    article = Path(__file__).parent / "fixtures" / "articles" / "atos-norms-article.html"
    settings = Settings(offline=True, db=tmp_path / "a.db")
    brief = api.brief("241560", settings, against=[str(article)])
    denials = [i for i in brief.findings if i.finding.kind == FindingKind.DENIAL]
    assert denials
    for item in denials:
        roles = {c.role for c in item.citations if c is not None}
        assert Role.AGAINST in roles and roles & {Role.ORIGINAL, Role.REVISED}
        assert any("counter-statement" in q for q in item.questions)
    assert Role.AGAINST in [v.document.role for v in brief.versions]
