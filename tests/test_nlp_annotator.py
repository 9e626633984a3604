"""The direct annotation path agrees with the spaCy pipeline and does not import spaCy."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from textcheck.nlp import extract_sentences_many
from textcheck.nlp.annotator import TextAnnotator
from textcheck.nlp.pipeline import CHUNK_CHARS
from textcheck.records import Document, Role
from textcheck.settings import Settings

CORPUS_DOCUMENTS = Path(__file__).parents[1] / "corpora" / "claims" / "documents.jsonl"
SPACY = Settings(spacy_pipeline=True)


def corpus_documents() -> list[Document]:
    """Every document of the annotated corpus, with its role where it names one."""
    roles = {role.value for role in Role}
    documents = []
    for line in CORPUS_DOCUMENTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        role = Role(record["role"]) if record["role"] in roles else Role.ORIGINAL
        documents.append(Document.build(role, record["text"], label=record["doc"], source="c"))
    return documents


def test_both_paths_agree_on_the_annotated_corpus() -> None:
    documents = corpus_documents()
    direct = extract_sentences_many(documents)
    assert sum(len(s.claims) for sentences in direct for s in sentences) > 100
    assert direct == extract_sentences_many(documents, settings=SPACY)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No. 5 is e.g. fine.\n- We will not change the 3% target.\n(a) 45 to 60 minutes",
        "Between 5\nand 10 per cent. £1.2bn in 2019-20. ATOS denies it has targets.",
        "\x00\x01 <div>" * 300 + "Providers exceed the target of 90%.",
    ],
    ids=["empty", "lists", "line-break-range", "junk"],
)
def test_both_paths_agree_on_odd_text(text: str) -> None:
    documents = [Document.build(Role.STATEMENT, text, label="t", source="t")]
    assert extract_sentences_many(documents) == extract_sentences_many(documents, settings=SPACY)


def test_both_paths_cut_long_texts_alike() -> None:
    paragraph = "Providers exceed the target of 90%. We will review it by March 2026.\n"
    text = paragraph * (CHUNK_CHARS // len(paragraph) + 5)
    documents = [Document.build(Role.REVISED, text, label="long", source="t")]
    direct = extract_sentences_many(documents)
    assert len(direct[0]) == 2 * text.count("\n")
    assert direct == extract_sentences_many(documents, settings=SPACY)


def test_annotator_gives_offsets_into_the_text() -> None:
    text = "We set challenging targets.\n\nNo more than 3% of reports are unacceptable."
    annotated = TextAnnotator().annotate(text)
    assert [text[start:end] for start, end, _ in annotated] == [
        "We set challenging targets.",
        "No more than 3% of reports are unacceptable.",
    ]
    quotes = [text[d.start : d.end] for _, _, drafts in annotated for d in drafts]
    assert all(quote for quote in quotes)
    assert any(d.quantity is not None for d in annotated[1][2])


def test_default_path_imports_neither_spacy_nor_scikit_learn() -> None:
    """Extraction and scoring must not pay for importing them (seconds per `textcheck claims`)."""
    script = (
        "import sys\n"
        "from textcheck.nlp import extract_sentences\n"
        "from textcheck.records import Document, Role\n"
        "text = 'We exceed the target of 90%.'\n"
        "doc = Document.build(Role.REVISED, text, label='t', source='t')\n"
        "assert extract_sentences(doc)[0].claims\n"
        "heavy = {'spacy', 'thinc', 'sklearn', 'skops', 'scipy'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_claimless_sentences_can_be_left_unscored() -> None:
    text = "The sky was grey.\n\nProviders exceed the target of 90%.\n\nWe met in a hall."
    documents = [Document.build(Role.REVISED, text, label="t", source="t")]
    (scored,) = extract_sentences_many(documents)
    (partial,) = extract_sentences_many(documents, score_claimless=False)
    assert [s.text for s in partial] == [s.text for s in scored]
    for full, lean in zip(scored, partial, strict=True):
        if full.claims:
            assert lean == full  # a sentence's score does not depend on the others
        else:
            assert math.isnan(lean.checkworthiness)
            assert lean.claims == ()
    assert any(math.isnan(s.checkworthiness) for s in partial)
