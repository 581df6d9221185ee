"""One corpus, one index (#30): a served folder gets an index of its own, an index asked to serve another folder
says so and removes the other folder's documents, and a missing or empty index is said by every command that reads
one (exit 2, the command that builds it), never created by a question."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from assistant.api import Assistant, Reader
from assistant.catalog import Catalog
from assistant.config import Settings
from assistant.corpora import index_for, recorded_folders
from assistant.ui.actions import App
from assistant.ui.common import READER
from tests.conftest import ROOT, served, wait_until_indexed

READERS = (["ask", "How many partners?"], ["search", "cluster"], ["chat"], ["stats"],
           ["eval", str(ROOT / "evals" / "corpus.jsonl")])
# every command that reads or updates an index: none creates one (`users add` may, to set accounts up first)
NO_INDEX = (*READERS, ["refresh"], ["users", "list"], ["users", "token", "alice"], ["groups"], ["feedback", "stats"],
            ["report"])


def folder(root: Path, name: str, docs: dict[str, str]) -> Path:
    """A folder of text documents."""
    path = root / name
    path.mkdir(parents=True)
    for file, text in docs.items():
        (path / file).write_text(text, encoding="utf-8")
    return path


FIRST = {"malta-clusters.txt": "Malta supports eight maritime clusters of small firms.",
         "gozo-tourism.txt": "Gozo runs a tourism cluster with forty members."}
SECOND = {"lapland-arctic.txt": "The Arctic Smartness programme connects five clusters in Lapland."}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=cwd,
                          input="", timeout=300, env={k: v for k, v in __import__("os").environ.items()
                                                      if not k.startswith("ASSISTANT_")})


def test_the_default_corpus_keeps_index_and_another_folder_gets_its_own(tmp_path):
    corpus, other = tmp_path / "corpus", tmp_path / "elsewhere" / "docs"
    assert index_for(corpus, Path("index"), corpus) == Path("index")
    assert index_for(other, Path("index"), corpus) == Path("index/docs")
    assert index_for(tmp_path / "uploads", Path("index"), corpus).name.startswith("uploads-")  # the index's own
    # index/docs built from another folder named docs: this one gets a name of its own
    taken = tmp_path / "index" / "docs"
    Catalog(taken).set_meta("folders", json.dumps([str(tmp_path / "third" / "docs")]))
    assert index_for(other, tmp_path / "index", corpus).name.startswith("docs-")


def test_an_ingest_records_the_folders_it_was_built_from(tmp_path, fake_embedder):
    docs = folder(tmp_path, "first", FIRST)
    settings = Settings(index_dir=tmp_path / "index", collection="test")
    Assistant(settings, embedder=fake_embedder).ingest([docs, docs / "malta-clusters.txt"])
    assert recorded_folders(settings.index_dir) == [str(docs.resolve())]


@pytest.mark.parametrize("args", NO_INDEX, ids=lambda a: " ".join(a[:2]))
def test_a_missing_index_is_said_and_not_created(tmp_path, args):
    done = cli(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    # no corpus/ in the current folder: the command names none that does not exist there
    assert "no index in index/" in done.stderr and "`assistant ingest FOLDER`" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "index").exists()


@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_an_empty_index_is_said_with_the_command_that_fills_it(tmp_path, args):
    Catalog(tmp_path / "ix")  # a catalog without documents (an interrupted first ingest)
    done = cli(*args, "--index", "ix", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "holds no documents yet" in done.stderr and "`assistant ingest FOLDER --index ix`" in done.stderr


def test_an_index_asked_to_serve_another_folder_says_so_and_removes_the_other(tmp_path, fake_embedder, caplog):
    first, second = folder(tmp_path, "first", FIRST), folder(tmp_path, "second", SECOND)
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="test"), embedder=fake_embedder)
    served = App(assistant, first, tmp_path / "uploads", tmp_path / "reports")  # an app served `first` from it
    assert served.strays() == {}
    served.start_indexing([first]).join(timeout=120)
    app = App(assistant, second, tmp_path / "uploads", tmp_path / "reports")
    strays = app.strays()
    assert sorted(strays[str(first.resolve())]) == sorted(FIRST)
    assert "holds 2 documents from other folders" in caplog.text
    app.indexing.running = True
    banner, _ = app.banner("sv")
    assert "2 dokument från en annan mapp (first)" in banner and "bara visar second" in banner
    app.start_indexing([second], strays).join(timeout=120)
    assert [d.doc for d in assistant.documents()] == ["lapland-arctic.txt"]
    assert app.banner("en")[0] == ""  # indexing done: a visitor's page no longer names the other folder
    token = READER.set(Reader(name="admin", groups=None, admin=True))
    try:
        assert app.banner("en")[0].startswith("⚠ This index also held 2 documents")
    finally:
        READER.reset(token)


def test_a_folder_added_with_assistant_ingest_stays_when_the_app_serves_its_corpus(tmp_path, fake_embedder, caplog):
    """The README's access groups: `assistant ingest staff-docs/ --group staff` into the index `make run` serves."""
    corpus, staff = folder(tmp_path, "corpus", SECOND), folder(tmp_path, "staff-docs", FIRST)
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="test"), embedder=fake_embedder)
    App(assistant, corpus, tmp_path / "uploads", tmp_path / "reports").start_indexing([corpus]).join(timeout=120)
    assistant.ingest([staff], groups="staff")  # the operator's deliberate addition
    caplog.set_level("INFO")
    app = App(assistant, corpus, tmp_path / "uploads", tmp_path / "reports")  # the app restarted
    assert app.strays() == {}
    app.indexing.running = True
    assert "staff-docs" not in app.banner("en")[0] and "another folder" not in app.banner("en")[0]
    app.start_indexing([corpus], {}).join(timeout=120)
    assert sorted(d.doc for d in assistant.documents()) == sorted([*FIRST, *SECOND])
    assert "added with `assistant ingest` from" in caplog.text and "kept" in caplog.text


def test_the_api_and_the_page_say_an_empty_index_instead_of_answering(tmp_path, fake_embedder):
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="test", api_rate_limit=0),
                          embedder=fake_embedder)
    app = App(assistant, tmp_path / "corpus", tmp_path / "uploads", tmp_path / "reports")
    with served(app) as url:
        for reply in (httpx.post(url + "/api/ask", json={"question": "How many clusters?"}),
                      httpx.get(url + "/api/search", params={"q": "clusters"})):
            assert reply.status_code == 503
            # folders outside the app's folder by their last part after "…/" (the public page names no server path)
            assert "`assistant ingest …/corpus/ --index …/index`" in reply.json()["detail"], reply.text
        french = httpx.get(url + "/api/search", params={"q": "clusters"}, headers={"Accept-Language": "fr"})
        assert french.status_code == 503 and french.json()["detail"].startswith("L'index ne contient"), french.text
    *_, (history, _, cards, answer) = list(app.chat("Hur många kluster?", [], "sv"))
    assert history[-1]["content"].startswith("Indexet innehåller inga dokument ännu")
    assert answer is None and cards == ""
    app.indexing.running = True  # the first documents are still being embedded
    body, _, csv = app.search("clusters", "", "", "", "", "", "hybrid", 1, "fr")
    assert "les documents sont en cours d&#x27;indexation" in body and csv is None


@pytest.mark.slow
def test_browser_a_second_folder_served_after_the_first_shows_none_of_the_first(tmp_path, browser, launched_app):
    first, second = folder(tmp_path, "first", FIRST), folder(tmp_path, "second", SECOND)
    # No ASSISTANT_INDEX: like `make run CORPUS=…`, each folder is served from index/<its name> under the cwd.
    with launched_app(tmp_path, first, ASSISTANT_INDEX=""):
        pass
    assert recorded_folders(tmp_path / "index" / "first") == [str(first.resolve())]
    with launched_app(tmp_path, second, ASSISTANT_INDEX="") as url:
        wait_until_indexed(url)
        assert [d["doc"] for d in httpx.get(url + "api/documents").json()] == ["lapland-arctic.txt"]
        page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="load")
        page.wait_for_selector("#chatbot :text('The index holds')", timeout=60000)
        assert "**1 documents**" not in page.inner_text("#chatbot")
        page.get_by_role("tab", name="Documents").click()
        page.wait_for_function("document.querySelector('#documents-table').innerText.includes('lapland-arctic')",
                               timeout=30000)
        shown = page.inner_text("#documents-table")
        assert "malta" not in shown and "gozo" not in shown
        page.get_by_role("tab", name="Good practices").click()
        page.fill("#query textarea", "clusters")
        page.keyboard.press("Enter")
        page.wait_for_selector("#results .doc-card", timeout=60000)
        results = page.inner_text("#results")
        assert "Lapland" in results and "Malta" not in results and "Gozo" not in results
        assert page.locator("#indexing-banner :text('another folder')").count() == 0
        page.close()
    assert sorted(p.name for p in (tmp_path / "index").iterdir() if p.is_dir()) == ["first", "second"]


def test_a_corpus_folder_that_does_not_exist_is_refused_not_served(tmp_path, capsys, monkeypatch):
    from assistant.cli import main as cli
    from assistant.ui.server import main as app

    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "mistyped"
    with pytest.raises(SystemExit) as refused:
        app(["--corpus", str(missing)], root=tmp_path)
    assert refused.value.code == 2 and f"no folder {missing}" in capsys.readouterr().err
    assert cli(["serve", "--corpus", str(missing)]) == 2
    assert f"no folder {missing}" in capsys.readouterr().err
    assert not (tmp_path / "index").exists()
