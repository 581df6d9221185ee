"""The web app, launched for real: gradio_client calls, admin rules, and a headless Chromium session."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from tests.conftest import PASSWORD, ROOT, chroma_run, shots, wait_until_indexed, write_corpus

PICK = "Choose the document to delete first."  # a delete without a document: nothing removed
LOGS: list[Path] = []  # the log of the app app_url started (launched_app writes it into its folder)

FORMULA = '=HYPERLINK("http://127.0.0.1:9/x", "Malta cluster grants") is how a hostile page opens in a spreadsheet.'
HOSTILE = ("Clusters in Malta <script>window.__pwned = 1</script> support SMEs. "
           "[click me](javascript:window.__pwned=2) <img src=x onerror=\"window.__pwned=3\"> Malta cluster policy. "
           "Malta cluster grants are listed in \\<img src=https://evil.example/p.png\\> and "
           "[Grants](https://evil.example/x) for every cluster in Malta.")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, launched_app):
    """The app over the multilingual fixtures and a hostile document."""
    tmp = tmp_path_factory.mktemp("app")
    corpus = write_corpus(tmp / "corpus")
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "manifest.jsonl").write_text(json.dumps({  # Markdown and javascript: in a title and a topic
        "file": "hostile.txt", "title": "[Grants](https://evil.example/x) ![p](https://evil.example/p.png)",
        "topic": "[Click](javascript:window.__pwned=4)"}) + "\n", encoding="utf-8")
    (corpus / "formula.txt").write_text(FORMULA, encoding="utf-8")
    LOGS.append(tmp / "app.log")
    with launched_app(tmp, corpus) as url:
        yield url


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


def test_ask_in_swedish_gets_a_cited_answer(client):
    answer = client.predict("Hur många medlemmar har pôle i-Trans?", api_name="/ask")
    assert answer["language"] == "sv" and answer["answer"].startswith("Enligt källorna")
    assert answer["citations"][0]["doc"] == "fr/poles-hauts-de-france.txt"


def test_search_with_filters(client):
    html, page, csv_file = client.predict("clusters", "de", "", "", "", "", "hybrid", 1, "en", api_name="/search")
    assert "Clusterpolitik in Hamburg" in html and "Lapland" not in html
    assert Path(csv_file).read_text(encoding="utf-8-sig").startswith(
        "Document,Title,Language,Page,Match with the search,Source,Passage")


def test_upload_needs_the_admin_password(client, tmp_path):
    from gradio_client import handle_file

    path = tmp_path / "new.txt"
    path.write_text("Le cluster Aerospace Valley réunit 850 membres en Occitanie.", encoding="utf-8")
    for wrong, said in (("wrong", "Wrong admin password."), ("", "Changing the index needs the admin password.")):
        status, table = client.predict([handle_file(str(path))], wrong, api_name="/upload")
        assert status == said and "new.txt" not in str(table)
    status, table = client.predict([handle_file(str(path))], PASSWORD, api_name="/upload")
    assert status.startswith("indexed 1")
    assert "new.txt" in str(table)


def test_upload_refuses_wrong_types_and_strips_paths(client, tmp_path):
    from gradio_client import handle_file

    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ binary")
    with pytest.raises(Exception):  # noqa: B017 (Gradio rejects the type before our handler runs)
        client.predict([handle_file(str(exe))], PASSWORD, api_name="/upload")
    from assistant.ui.common import safe_name

    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("..\\..\\win.ini.md") == "win.ini.md"
    assert safe_name("a\u202eb<script>.txt") == "a_b_script_.txt"


def test_delete_needs_the_admin_password(client):
    status, table = client.predict("hostile.txt", "nope", "fr", api_name="/delete")
    assert status == "Mot de passe administrateur erroné."  # a wrong password is said to be wrong
    assert "hostile.txt" in str(table)  # the table as it was


def test_browser_asks_in_swedish_and_opens_a_source(browser, app_url):
    page = browser.new_page(locale="sv-SE", viewport={"width": 1400, "height": 1000})
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:",
                                                                                  "blob:")) else None)
    page.goto(app_url, wait_until="load")
    page.wait_for_function("document.querySelector('#ui-lang input[value=sv]')?.checked === true", timeout=30000)
    # an empty chat says what the index holds, and offers a question drawn from its documents, in Swedish
    page.wait_for_selector("#chatbot :text('Indexet innehåller')", timeout=30000)
    assert "Vad säger dokumenten om" in page.get_attribute("#question textarea", "placeholder")
    page.fill("#question textarea", "Hur många medlemmar har pôle i-Trans?")
    page.click("#send")
    page.wait_for_selector("#cards .card", timeout=120000)
    assert "Enligt källorna" in page.inner_text("#chatbot")
    card = page.locator("#cards .card").first
    assert "Les pôles de compétitivité" in card.inner_text()
    assert card.locator("summary .q").is_visible() and " s. 1" not in card.inner_text()  # a text file has no pages
    card.locator("summary").click()
    assert card.locator("p.passage mark").first.is_visible()
    assert card.locator("summary .q").is_hidden()  # opened: the quote is shown once, marked inside its passage
    numbers = page.locator("#cards .card b").all_inner_texts()
    assert len(numbers) == len(set(numbers))  # one card per cited passage
    page.screenshot(path=str(shots() / "chat.png"), full_page=True)
    assert external == [], f"requests left the machine: {external[:5]}"
    page.close()


def test_the_chat_shows_the_question_and_the_start_of_its_answer(browser, app_url):
    """A long answer leaves its question and first quote in view (#29), not the end of the sources."""
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 800})
    page.goto(app_url, wait_until="load")
    page.wait_for_selector("#chatbot :text('The index holds')", timeout=30000)
    for n, question in enumerate(["How many members does pôle i-Trans have?", "What does the Lapland cluster do?"]):
        page.fill("#question textarea", question)
        page.click("#send")
        page.wait_for_function(f"document.querySelectorAll('#chatbot .message-row.bot-row').length >= {n + 1} && "
                               "document.querySelector('#send') && !document.querySelector('#chatbot .pending')",
                               timeout=120000)
        page.wait_for_timeout(1500)  # the scroll runs once the answer is complete
    box = page.locator("#chatbot").bounding_box()
    asked = page.locator("#chatbot .message-row.user-row").last.bounding_box()
    assert box["y"] - 2 <= asked["y"] <= box["y"] + box["height"] - 40, (box, asked)
    page.close()


def test_browser_renders_hostile_documents_inertly(browser, app_url):
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    page.goto(app_url, wait_until="load")
    page.wait_for_selector("#chatbot :text('The index holds')", timeout=30000)
    assert page.locator("#chatbot a, #chatbot img").count() == 0  # the welcome names topics and titles as text
    page.get_by_role("tab", name="Good practices").click()
    page.fill("#query textarea", "Malta cluster policy")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results .card", timeout=60000)
    shown = page.inner_text("#results")
    assert "<script>" in shown or "<img src=https://evil.example" in shown  # markup shown as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#results script").count() == 0 and page.locator("#results img").count() == 0
    assert page.locator("#results a[href^='javascript']").count() == 0
    page.screenshot(path=str(shots() / "search.png"), full_page=True)
    page.get_by_role("tab", name="Chat").click()
    page.fill("#question textarea", "What does the text say about clusters in Malta?")
    page.click("#send")
    page.wait_for_selector("#cards .card", timeout=120000)
    time.sleep(1)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#chatbot a[href^='javascript']").count() == 0
    # the backslash trick and Markdown links in a document stay text, in the chat and in the cards
    assert "hostile.txt" in page.inner_text("#cards")
    assert page.locator("img[src*='evil.example'], a[href*='evil.example']").count() == 0
    assert "evil.example" in page.inner_text("#chatbot") + page.inner_text("#cards")
    page.get_by_role("tab", name="Documents").click()
    # the hostile title is listed in the Documents table, as text (a hidden tab has no inner text: check it here)
    page.wait_for_selector("#documents-table :text('evil.example')", timeout=30000)
    page.screenshot(path=str(shots() / "documents.png"), full_page=True)
    page.get_by_role("tab", name="Evaluation").click()
    time.sleep(1)
    page.screenshot(path=str(shots() / "evaluation.png"), full_page=True)
    assert page.locator("a[href*='evil.example'], img[src*='evil.example'], a[href^='javascript']").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.close()


def test_the_admin_password_never_reaches_the_log(client):
    from gradio_client import handle_file

    status, _ = client.predict([handle_file(str(ROOT / "corpus" / "README.md"))], "wrong " + PASSWORD,
                               api_name="/upload")
    assert "admin password" in status
    log = LOGS[-1].read_text(encoding="utf-8", errors="replace")
    assert log and PASSWORD not in log
    tracebacks = [part.split("\nWARNING")[0] for part in log.split("Traceback")[1:]]
    assert not [t for t in tracebacks if "admin password" in t]  # an expected refusal prints no traceback


def test_a_chroma_server_outage_is_explained_in_the_app(tmp_path, launched_app):
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "malta.txt").write_text("Malta supports eight clusters of small firms.", encoding="utf-8")
    with chroma_run(tmp_path / "vectors") as (chroma_url, chroma):
        with launched_app(tmp_path, corpus, ASSISTANT_CHROMA_URL=chroma_url) as url:
            client = Client(url, verbose=False)
            assert "malta.txt" in client.predict("clusters", "", "", "", "", "", "dense", 1, "en", api_name="/search")[0]
            chroma.kill()
            chroma.wait()
            with pytest.raises(AppError, match="index is unavailable right now"):
                client.predict("clusters", "", "", "", "", "", "dense", 1, "en", api_name="/search")
            upload = tmp_path / "new.txt"
            upload.write_text("Gozo has a maritime cluster.", encoding="utf-8")
            with pytest.raises(AppError, match=f"Chroma server at {chroma_url} does not answer"):
                client.predict([handle_file(str(upload))], PASSWORD, api_name="/upload")
            # hybrid search (the default) still answers from BM25
            assert "malta.txt" in client.predict("clusters", "", "", "", "", "", "hybrid", 1, "en",
                                                 api_name="/search")[0]


def test_guessing_the_admin_password_is_throttled(tmp_path):
    from assistant.api import Assistant
    from assistant.config import Settings
    from assistant.ui.actions import ADMIN_TRIES, ADMIN_WINDOW, App
    from assistant.ui.guard import client_key

    app = App(Assistant(Settings(index_dir=tmp_path / "index", admin_password=PASSWORD)), tmp_path / "corpus",
              tmp_path / "uploads", tmp_path / "reports")
    guesser = SimpleNamespace(client=SimpleNamespace(host="203.0.113.7"), headers={})
    admin = SimpleNamespace(client=SimpleNamespace(host="192.0.2.8"), headers={})
    assert app.delete("", PASSWORD, "en", guesser)[0] == PICK
    for _ in range(ADMIN_TRIES):
        assert "Wrong admin password" in app.delete("", "guess", "en", guesser)[0]
    assert "locked" in app.delete("", PASSWORD, "en", guesser)[0]  # even the right one, from that client
    assert app.delete("", PASSWORD, "en", admin)[0] == PICK  # the admin elsewhere is not locked out
    wait = app.lockout.locked_for(client_key("203.0.113.7"))
    assert 0 < wait <= ADMIN_WINDOW
    app.lockout._clients[client_key("203.0.113.7")]["until"] -= ADMIN_WINDOW  # the window has passed
    assert app.delete("", PASSWORD, "en", guesser)[0] == PICK


def test_the_app_serves_no_file_outside_its_own_cache(app_url):
    import urllib.error
    import urllib.request

    for path in ("/etc/passwd", str(ROOT / "app.py"), str(ROOT / "pyproject.toml"), "../../../../etc/hostname"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{app_url}gradio_api/file={path}", timeout=30)
        assert refused.value.code in (403, 404), path


def test_an_upload_over_the_size_limit_is_refused_by_the_server(app_url, tmp_path):
    import httpx

    big = tmp_path / "big.txt"
    big.write_bytes(b"Cluster policy in Europe. " * (26 * 2**20 // 26 + 1))  # 26 MB, over the 25 MB default
    with big.open("rb") as handle:  # straight to the upload route, past gradio_client's own check
        reply = httpx.post(f"{app_url}gradio_api/upload", files={"files": ("big.txt", handle, "text/plain")},
                           timeout=120)
    assert reply.status_code == 413, reply.text[:200]


def test_the_csv_export_cannot_carry_a_spreadsheet_formula(client):
    import csv

    _, _, csv_file = client.predict("Malta cluster grants spreadsheet", "", "", "", "", "", "bm25", 1, "en",
                                    api_name="/search")
    rows = list(csv.DictReader(Path(csv_file).open(encoding="utf-8-sig")))
    texts = [r["Passage"] for r in rows if r["Document"] == "formula.txt"]
    assert texts and texts[0].startswith("'=HYPERLINK(")
    assert not any(value.startswith(("=", "+", "@")) for r in rows for value in r.values())


@pytest.mark.slow
def test_the_app_serves_at_once_and_answers_while_indexing(tmp_path, browser, launched_app):
    from gradio_client import Client

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-malta.txt").write_text("Malta supports eight clusters of small firms in the maritime sector.",
                                        encoding="utf-8")
    for i in range(60):  # ~240 passages: most of a minute of embedding on 2 cores, against seconds of checks
        body = " ".join(f"Region {i} runs programme {j} for regional innovation, skills and exports." for j in range(40))
        (corpus / f"region-{i:02}.txt").write_text(body, encoding="utf-8")
    with launched_app(tmp_path, corpus, wait_indexed=False, ASSISTANT_WRITE_BATCH="8") as url:
        client = Client(url, verbose=False)
        status = client.predict(api_name="/status")
        assert status["running"] and status["documents"] == 61
        early = browser.new_page(locale="en-US")  # opened while the index may still be empty: left open
        early.goto(url, wait_until="load")
        deadline = time.time() + 300
        while client.predict(api_name="/status")["indexed"] < 1:  # the first batch is committed
            assert time.time() < deadline
            time.sleep(0.5)
        page = browser.new_page(locale="en-US")
        page.goto(url, wait_until="load")
        page.wait_for_selector("#indexing-banner :text('Indexing in the background')", timeout=30000)
        page.get_by_role("tab", name="Documents").click()
        assert page.locator("#documents-progress progress").count() == 1
        page.close()
        answer = client.predict("How many clusters does Malta support?", api_name="/ask")
        assert answer["partial"] is True and answer["citations"][0]["doc"] == "a-malta.txt"
        assert answer["partial_notice"].startswith("Indexing is still running")
        api = httpx.post(url.rstrip("/") + "/api/ask", timeout=300,
                         json={"question": "Combien de clusters Malte soutient-elle ?"})
        assert api.status_code == 200, api.text
        assert api.json()["partial"] is True and api.json()["partial_notice"].startswith("L'indexation continue")
        assert client.predict(api_name="/status")["running"]
        wait_until_indexed(url)
        assert client.predict(api_name="/status")["indexed"] == 61
        # its welcome follows the documents as they become searchable, without a reload
        early.wait_for_selector("#chatbot :text('The index holds 61 documents')", timeout=30000)
        early.close()


def table_rows(page) -> list[str]:
    """The Documents table's rows as text, without the progress timer Gradio shows over it while it refreshes."""
    return page.locator("#documents-table [role=row]").all_inner_texts()


def test_browser_refused_delete_keeps_the_table_and_warns_in_the_ui_language(browser, app_url):
    page = browser.new_page(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    page.goto(app_url, wait_until="load")
    page.wait_for_function("document.querySelector('#ui-lang input[value=fr]')?.checked === true", timeout=30000)
    page.get_by_role("tab", name="Documents").click()
    page.wait_for_selector("#documents-table :text('hostile.txt')", timeout=30000)
    before = table_rows(page)
    assert any("hostile.txt" in row for row in before)
    page.get_by_label("Mot de passe administrateur").fill("nope")
    page.get_by_role("button", name="Supprimer").click()
    page.wait_for_selector("text=Mot de passe administrateur erroné.", timeout=30000)
    time.sleep(1)
    assert table_rows(page) == before  # the table as it was
    assert page.locator("text=Error").count() == 0 and page.locator("text=Erreur").count() == 0
    page.close()


def test_browser_without_an_admin_password_offers_no_write_controls(tmp_path, browser, launched_app):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "malta.txt").write_text("Malta supports eight clusters of small firms.", encoding="utf-8")
    with launched_app(tmp_path, corpus, ASSISTANT_ADMIN_PASSWORD="") as url:
        page = browser.new_page(locale="de-DE")
        page.goto(url, wait_until="load")
        page.wait_for_function("document.querySelector('#ui-lang input[value=de]')?.checked === true",
                               timeout=30000)
        page.get_by_role("tab", name="Dokumente").click()
        page.wait_for_selector("#admin-off", timeout=30000)
        page.wait_for_selector("#admin-off :text('Hochladen, Löschen')", timeout=30000)
        assert "ASSISTANT_ADMIN_PASSWORD" in page.inner_text("#admin-off")
        for name in ("Hochladen", "Löschen", "Neu indexieren", "Upload", "Delete"):
            assert page.get_by_role("button", name=name).count() == 0
        assert page.locator("input[type=password]").count() == 0
        page.close()


@pytest.mark.model  # app.py with the real model (warmed at start)
@pytest.mark.parametrize("command", [["app.py"], ["-m", "assistant", "serve"]], ids=["app.py", "assistant serve"])
def test_ctrl_c_stops_the_app_with_one_line_and_no_traceback(tmp_path, command):
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import free_port, wait_for_http

    (tmp_path / "corpus").mkdir()
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX": str(tmp_path / "index")}
    log = tmp_path / "app.log"
    with log.open("w") as out:
        program = [str(ROOT / "app.py"), "--no-ingest"] if command == ["app.py"] else command
        proc = subprocess.Popen([sys.executable, *program, "--port", str(port), "--corpus", str(tmp_path / "corpus")],
                                env=env, cwd=tmp_path if command == ["app.py"] else ROOT, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            wait_for_http(f"http://127.0.0.1:{port}/", proc, 240, "app.py", log)
            proc.send_signal(signal.SIGINT)  # what Ctrl-C on `make run` sends
            assert proc.wait(timeout=60) == 130
        finally:
            proc.kill() if proc.poll() is None else None
    said = log.read_text()
    assert "Traceback" not in said and said.rstrip().endswith("stopped"), said
