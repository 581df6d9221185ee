"""Hostile input: nothing crashes, failures name the file and the reason, limits hold, the rest is indexed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.api import Assistant
from tests.conftest import make_pdf, pdf_text, raw_pdf


@pytest.fixture
def fake(settings, fake_embedder):
    return Assistant(settings, embedder=fake_embedder)


def test_a_folder_of_hostile_files(tmp_path, fake):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "noise.pdf").write_bytes(os.urandom(10_000))
    whole = make_pdf(tmp_path / "whole.pdf", ["Page one about clusters.", "Page two about SMEs."]).read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 2])
    make_pdf(folder / "thousands.pdf", ["page"] * 2100)
    with (folder / "huge.txt").open("wb") as handle:
        handle.write(b"cluster policy " * (50 * 2**20 // 15 + 1))  # 50 MB
    (folder / "nested.html").write_text("<html><body>" + "<div>" * 20000 + "deep" + "</div>" * 20000 + "</body></html>")
    (folder / "invisible.txt").write_text("Inno\u200bvation hubs in La\u202eppland sup\u200dport SMEs.", encoding="utf-8")
    (folder / "fine.md").write_text("# Fine\n\nA normal document about cluster policy in Hamburg.", encoding="utf-8")
    report = fake.ingest([folder])
    failed = {Path(p).name: reason for p, reason in report.failed}
    assert "too many pages (2100" in failed["thousands.pdf"]
    assert "too large (50.0 MB" in failed["huge.txt"]
    assert "PDF" in failed["noise.pdf"]
    assert "nested.html" in failed and "no text" in failed["nested.html"]
    assert sorted(report.indexed) == sorted({"fine.md", "invisible.txt", "truncated.pdf"} - set(failed))
    assert "invisible.txt" in report.indexed and "fine.md" in report.indexed
    hit = fake.search("Innovation hubs Lappland support", mode="bm25", k=1)[0]
    assert hit.doc == "invisible.txt" and "\u200b" not in hit.text and "\u202e" not in hit.text


def test_pdf_pages_that_would_take_minutes_or_inflate_without_end_are_skipped(tmp_path, fake):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    padding = pdf_text("Gozo maritime cluster") + b" " * 30_000_000  # 30 MB of drawing instructions
    bomb = pdf_text("never read") + b" " * 200_000_000  # inflates past pypdf's 75 MB limit
    raw_pdf(folder / "mixed.pdf", [pdf_text("Malta supports eight clusters of small firms."), padding, bomb])
    raw_pdf(folder / "only-bomb.pdf", [bomb])
    report = fake.ingest([folder])
    failed = {Path(p).name: reason for p, reason in report.failed}
    warned = {Path(p).name: note for p, note in report.warnings}
    assert report.indexed == ["mixed.pdf"]
    assert "2 of 3 pages skipped" in warned["mixed.pdf"]
    assert "page 2: 30 MB of drawing instructions" in warned["mixed.pdf"] and "decompression bomb" in warned["mixed.pdf"]
    assert failed["only-bomb.pdf"].startswith("no readable page (page 1: a stream inflates beyond")
    assert fake.search("Malta clusters small firms", mode="bm25", k=1)[0].doc == "mixed.pdf"


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "\u202e\u200b", "' OR 1=1 --", "\"unbalanced AND (", "*"])
def test_odd_queries_do_not_crash(corpus_dir, fake, query):
    fake.ingest([corpus_dir])
    for mode in ("bm25", "dense", "hybrid"):
        assert isinstance(fake.search(query, k=5, mode=mode), list)


@pytest.mark.parametrize("question", ["", "?" * 3, "Hur " * 2500])
def test_odd_questions_get_an_answer_or_an_abstention(corpus_dir, fake, question):
    fake.ingest([corpus_dir])
    answer = fake.ask(question)
    assert answer.text and (answer.abstained or answer.citations)
