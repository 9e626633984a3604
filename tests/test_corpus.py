"""The embedded corpus: petitions shipped in ``corpora/`` answer when there is no network."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from textcheck import api, corpus
from textcheck.errors import InputError
from textcheck.records import VersionKind
from textcheck.settings import Settings
from textcheck.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "petitions" / "archived_petition_241560.json"


def _fixture_texts() -> tuple[str, str, str]:
    """First words of part 1, last words of part 2 and the revised summary, from the fixture."""
    attributes = json.loads(FIXTURE.read_bytes())["data"]["attributes"]
    emails = {e["subject"]: e["body"] for e in attributes["other_parliamentary_business"]}
    part1 = emails["Original Government response (part 1)"]
    part2 = emails["Original Government response (part 2)"]
    summary = attributes["government_response"]["summary"]
    return part1.split("\n")[0], part2.rstrip().split("\n")[-1], summary


def test_shipped_241560_is_the_recorded_petition() -> None:
    shipped = corpus.corpora_dir() / "petitions" / "241560.json"
    assert shipped.read_bytes() == FIXTURE.read_bytes()
    assert (shipped.parent / "README.md").is_file()


def test_embedded_241560_has_original_then_revised() -> None:
    petition = corpus.load_embedded_petition(241560)
    assert petition is not None
    first_line, last_line, summary = _fixture_texts()
    assert petition.id == 241560
    assert [v.version for v in petition.responses] == [VersionKind.ORIGINAL, VersionKind.REVISED]
    original, revised = petition.responses
    assert original.text.startswith(first_line)
    assert last_line in original.text
    assert revised.text.startswith(summary)
    assert revised.responded_on == "2019-09-03"
    assert revised.source.startswith("https://petition.parliament.uk/")


def test_unknown_id_is_not_embedded() -> None:
    assert corpus.load_embedded_petition(1) is None


def test_corpora_folder_can_be_moved_by_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "petitions").mkdir()
    (tmp_path / "petitions" / "241560.json").write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv(corpus.CORPORA_ENV, str(tmp_path))
    assert corpus.corpora_dir() == tmp_path
    assert corpus.load_embedded_petition(241560) is not None
    (tmp_path / "petitions" / "241560.json").unlink()
    assert corpus.load_embedded_petition(241560) is None


def test_offline_load_petition_uses_the_embedded_corpus(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "none.db", offline=True, base_url="http://127.0.0.1:9")
    petition = api.load_petition("241560", settings)
    assert [v.version for v in petition.responses] == [VersionKind.ORIGINAL, VersionKind.REVISED]
    assert not settings.db.exists()


def test_offline_load_petition_prefers_the_store(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "s.db", offline=True)
    embedded = corpus.load_embedded_petition(241560)
    assert embedded is not None
    only_revised = replace(embedded, action="Stored action", responses=embedded.responses[1:])
    with Store.open(settings.db) as store:
        store.save_petition(only_revised)
    petition = api.load_petition("241560", settings)
    assert petition.action == "Stored action"
    assert [v.sha256 for v in petition.responses] == [embedded.responses[1].sha256]


def test_offline_unknown_petition_is_an_input_error(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "none.db", offline=True)
    with pytest.raises(InputError, match="petition 1 is not in the store or the embedded corpus"):
        api.load_petition("1", settings)
