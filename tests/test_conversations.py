"""Kept conversations and permalinks (#31 parts 1 and 2): the catalog's storage and its limits, the JSON API over
HTTP (another reader's conversation is a 404, an anonymous reader gets a 401, "delete all" forgets the questions
too), the Markdown and JSON exports (document text never forms a link or a tag), permalinks that hide a staff
source from a reader without the group, `assistant chat --save`, and the browser: sign in, ask, reload, resume, a
follow-up still rewritten, delete, export, a permalink opened by another user.

The fake embedder answers here (the follow-up rewrite needs no model); the server, the catalog and the browser are
the real ones."""

from __future__ import annotations

import json
import re
import sqlite3
import sys

import httpx
import pytest

from assistant import conversations
from assistant.api import Assistant, Reader
from assistant.config import Settings
from assistant.errors import NotFound, SignInNeeded, TooMany
from assistant.export import as_json, as_markdown, markdown_text
from tests.conftest import add_readers, served_fake, shots, write_corpus
from tests.fakes import HashEmbedder

STAFF = ("# Kestrel pilot: internal board minutes\n\n"
         "The board of the Lumivaara cluster agreed on 14 March to fund the Kestrel pilot with 740,000 euros. "
         "The pilot is led by Ronja Halvorsen and tests shared hydrogen storage for twelve member companies.\n")
STAFF_QUESTION = "How much did the board of the Lumivaara cluster give the Kestrel pilot?"
FIRST, FOLLOW_UP = "How many clusters are there in Hamburg?", "and in Lapland?"
REWRITTEN = "How many clusters are there in Lapland?"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """A fake-embedder index of the fixtures and one staff document; users ana (staff) and pia (public) with
    tokens. Yields (settings, tokens, tmp)."""
    tmp = tmp_path_factory.mktemp("conversations")
    staff = tmp / "staff"
    staff.mkdir()
    (staff / "kestrel-minutes.md").write_text(STAFF, encoding="utf-8")
    settings = Settings(index_dir=tmp / "index", collection="conversations", admin_password="admin pw 4 tests",
                        api_rate_limit=0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    assistant.ingest([staff], groups="staff")
    yield settings, add_readers(assistant), tmp


@pytest.fixture(scope="module")
def server(index):
    """The whole server (API, page, sign-in) over the index, in a thread; yields (URL, App)."""
    settings, _, tmp = index
    with served_fake(settings, tmp) as running:
        yield running


def client(url: str, tokens: dict, who: str) -> httpx.Client:
    """An HTTP client of the server as a reader: anonymous, or a user's personal token."""
    auth = {} if who == "anonymous" else {"Authorization": f"Bearer {tokens[who]}"}
    return httpx.Client(base_url=url, headers=auth, timeout=120)


def test_conversations_are_kept_per_owner_and_bounded(tmp_path, monkeypatch):
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="kept"), embedder=HashEmbedder())
    ana, pia = Reader("ana", frozenset({"public"})), Reader("pia", frozenset({"public"}))
    answer = conversations.answer_of({"answer": "Eight «clusters» [1].", "language": "en", "question": FIRST,
                                      "citations": [{"n": 1, "doc": "de/hamburg.html", "quote": "acht Cluster"}]})
    first = assistant.keep_turn(None, answer, reader=ana)
    assert assistant.keep_turn(first, answer, reader=ana) == first
    listed = assistant.conversations(reader=ana)
    assert [(c["id"], c["title"], c["turns"]) for c in listed] == [(first, FIRST, 2)]
    assert assistant.conversations(reader=pia) == []
    with pytest.raises(NotFound):  # another reader's conversation is as absent as one never made
        assistant.conversation(first, reader=pia)
    with pytest.raises(NotFound):
        assistant.keep_turn(first, answer, reader=pia)
    with pytest.raises(SignInNeeded):
        assistant.conversations(reader=assistant.anonymous())
    assert assistant.rename_conversation(first, "  Hamburg\n" + "x" * 500, reader=ana).startswith("Hamburg x")
    assert len(assistant.conversation(first, reader=ana)["title"]) == conversations.MAX_TITLE
    monkeypatch.setattr(conversations, "MAX_TURNS", 2)
    with pytest.raises(TooMany, match="start a new one"):
        assistant.keep_turn(first, answer, reader=ana)
    monkeypatch.setattr(conversations, "MAX_CONVERSATIONS", 1)
    with pytest.raises(TooMany, match="delete old ones"):
        assistant.keep_turn(None, answer, reader=ana)
    assert assistant.delete_conversations(reader=ana) == 1 and assistant.conversations(reader=ana) == []


def test_exports_number_the_sources_and_never_let_document_text_form_a_link_or_tag():
    hostile = "[click](javascript:alert(1)) <img src=x onerror=alert(2)>"
    kept = {"id": "abc", "title": hostile, "created": "2026-12-05T10:00:00+00:00", "turns": [
        {"question": "Who leads it?", "standalone": "Who leads the Kestrel pilot?", "answer": f"«{hostile}» [1].",
         "citations": [{"n": 1, "doc": "a.md", "title": hostile, "source": "https://example.org/a (b)",
                        "quote": hostile, "passage": "long passage"},
                       {"n": 2, "doc": "b.md", "title": "B", "source": "javascript:alert(3)", "quote": "q"}]}]}
    markdown = as_markdown(kept)
    assert not re.search(r"(?<!\\)<img", markdown) and "](javascript" not in markdown and "\\<img" in markdown
    assert re.search(r"^1\. \[.*\]\(https://example\.org/a%20%28b%29#:~:text=", markdown, re.M)
    assert re.search(r"^2\. B \(b\\\.md\)", markdown, re.M)  # no http(s) address: no link
    assert "*Who leads the Kestrel pilot\\?*" in markdown and "\n2026-12-05T10:00:00+00:00\n" in markdown
    data = json.loads(as_json(kept))
    assert data["turns"][0]["citations"][0]["quote"] == hostile and "passage" not in data["turns"][0]["citations"][0]


def test_the_api_keeps_a_signed_in_readers_conversation_and_its_follow_ups(server, index):
    url, _ = server
    _, tokens, _ = index
    with client(url, tokens, "ana") as ana:
        first = ana.post("/api/ask", json={"question": FIRST, "conversation": "new"}).json()
        conversation = first["conversation"]
        follow = ana.post("/api/ask", json={"question": FOLLOW_UP, "conversation": conversation}).json()
        assert follow["conversation"] == conversation and follow["standalone"] == REWRITTEN
        events = ana.post("/api/ask?stream=true", json={"question": "and in Stockholm?",
                                                        "conversation": conversation}).text
        final = json.loads(events.split("event: answer\ndata: ")[1].split("\n")[0])
        assert final["conversation"] == conversation and final["standalone"].endswith("in Stockholm?")
        listed = ana.get("/api/conversations").json()
        assert [(c["id"], c["title"], c["turns"]) for c in listed] == [(conversation, FIRST, 3)]
        kept = ana.get(f"/api/conversations/{conversation}").json()
        assert [t["question"] for t in kept["turns"]] == [FIRST, FOLLOW_UP, "and in Stockholm?"]
        markdown = ana.get(f"/api/conversations/{conversation}", params={"format": "markdown"})
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert "attachment" in markdown.headers["content-disposition"]
        assert markdown.text.startswith("# How many clusters") and "## 2. and in Lapland\\?" in markdown.text
        assert ana.patch(f"/api/conversations/{conversation}", json={"title": "Clusters"}).json()["title"] == \
            "Clusters"
        assert ana.post("/api/ask", json={"question": FIRST, "conversation": "nosuchid"}).status_code == 404
    with client(url, tokens, "pia") as pia:  # another reader: 404 everywhere, as for an id never made
        assert pia.get("/api/conversations").json() == []
        for response in (pia.get(f"/api/conversations/{conversation}"),
                         pia.delete(f"/api/conversations/{conversation}"),
                         pia.patch(f"/api/conversations/{conversation}", json={"title": "mine"}),
                         pia.post(f"/api/conversations/{conversation}/share", json={"turn": 1}),
                         pia.post("/api/ask", json={"question": FOLLOW_UP, "conversation": conversation})):
            assert response.status_code == 404, response.text
    with client(url, tokens, "anonymous") as anonymous:  # anonymous: kept in the browser only, said with a 401
        for response in (anonymous.get("/api/conversations"), anonymous.delete("/api/conversations"),
                         anonymous.get(f"/api/conversations/{conversation}"),
                         anonymous.post("/api/ask", json={"question": FIRST, "conversation": "new"})):
            assert response.status_code == 401 and "sign in" in response.json()["detail"]
        assert anonymous.post("/api/ask", json={"question": FIRST}).status_code == 200  # asking needs no history
    with client(url, tokens, "ana") as ana:
        assert ana.delete(f"/api/conversations/{conversation}").json() == {"deleted": conversation}
        assert ana.get(f"/api/conversations/{conversation}").status_code == 404


def test_delete_all_removes_the_conversations_and_the_questions_from_the_report(server, index):
    url, _ = server
    settings, tokens, _ = index
    with client(url, tokens, "pia") as pia:
        pia.post("/api/ask", json={"question": "How many members does the i-Trans cluster have?",
                                   "conversation": "new"})
        assert owned_questions(settings, "pia") >= 1 and pia.get("/api/conversations").json()
        assert pia.delete("/api/conversations").json()["deleted"] >= 1
        assert pia.get("/api/conversations").json() == [] and owned_questions(settings, "pia") == 0


def owned_questions(settings: Settings, name: str) -> int:
    """How many kept questions of the report belong to a user."""
    from assistant.questions import owner_key

    key = owner_key(Assistant(settings, embedder=HashEmbedder()).catalog, name)
    conn = sqlite3.connect(settings.index_dir / "catalog.sqlite")
    try:
        return conn.execute("SELECT COUNT(*) FROM questions WHERE owner = ?", (key,)).fetchone()[0]
    finally:
        conn.close()


def staff_share(url: str, tokens: dict) -> tuple[str, dict]:
    """ana's permalink to an answer that cites the staff document; (its token, the answer as ana got it)."""
    with client(url, tokens, "ana") as ana:
        answer = ana.post("/api/ask", json={"question": STAFF_QUESTION, "conversation": "new"}).json()
        assert "kestrel-minutes.md" in {c["doc"] for c in answer["citations"]}, answer
        made = ana.post(f"/api/conversations/{answer['conversation']}/share", json={"turn": 1})
        assert made.status_code == 201 and made.json()["url"] == f"/share/{made.json()['token']}"
        return made.json()["token"], answer


def test_a_permalink_hides_a_staff_source_from_a_reader_without_the_group(server, index):
    url, _ = server
    _, tokens, _ = index
    token, answer = staff_share(url, tokens)
    staff_quotes = [c["quote"] for c in answer["citations"] if c["doc"] == "kestrel-minutes.md"]
    with client(url, tokens, "ana") as ana:
        seen = ana.get(f"/api/share/{token}").json()
        assert seen["answer"] == answer["answer"] and seen["hidden_sources"] == 0
        assert seen["index"]["version"] and seen["question"] == STAFF_QUESTION
    for who in ("pia", "anonymous"):
        with client(url, tokens, who) as other:
            seen = other.get(f"/api/share/{token}", params={"lang": "fr"}).json()
            assert "kestrel-minutes.md" not in {c["doc"] for c in seen["citations"]} and seen["hidden_sources"] >= 1
            assert not any(q in seen["answer"] for q in staff_quotes)
            assert "[une source que vous ne pouvez pas voir]" in seen["answer"]
            page = other.get(f"/share/{token}", headers={"Accept-Language": "de-DE"})
            assert page.status_code == 200 and "Geteilte Antwort" in page.text and "Ausgelassene Quellen" in page.text
            assert "740" not in page.text and "Halvorsen" not in page.text and "kestrel-minutes" not in page.text
    with client(url, tokens, "pia") as pia:
        assert pia.get("/api/share/nosuchtoken").status_code == 404
        assert pia.get("/share/nosuchtoken").status_code == 404
    with client(url, tokens, "ana") as ana:  # a permalink goes with its conversation
        conversation = next(c["id"] for c in ana.get("/api/conversations").json() if c["title"] == STAFF_QUESTION)
        assert ana.delete(f"/api/conversations/{conversation}").status_code == 200
        assert ana.get(f"/api/share/{token}").status_code == 404
        page = ana.get(f"/share/{token}")
        assert page.status_code == 404 and "No such permalink" in page.text


def test_cli_chat_saves_the_conversation_as_markdown_and_json(index, tmp_path, monkeypatch, capsys):
    import io

    from assistant import api, cli

    settings, _, _ = index
    monkeypatch.setattr(api, "Assistant", lambda chosen: Assistant(chosen, embedder=HashEmbedder()))
    for suffix in ("md", "json"):
        saved = tmp_path / f"chat.{suffix}"
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{FIRST}\n{FOLLOW_UP}\n\n"))
        assert cli.main(["chat", "--index", str(settings.index_dir), "--collection", settings.collection,
                         "--save", str(saved)]) == 0
        assert f"saved: {saved}" in capsys.readouterr().err
        text = saved.read_text(encoding="utf-8")
        if suffix == "md":
            assert text.startswith("# How many clusters") and "## 2. and in Lapland\\?" in text
            assert f"*{markdown_text(REWRITTEN)}*" in text
        else:
            data = json.loads(text)
            assert [t["question"] for t in data["turns"]] == [FIRST, FOLLOW_UP]
            assert data["turns"][1]["standalone"] == REWRITTEN
    assert cli.main(["chat", "--index", str(settings.index_dir), "--save", str(tmp_path / "chat.txt")]) == 1
    assert ".md (Markdown) or .json" in capsys.readouterr().err


def sign_in(browser, url: str, name: str):
    """A browser page of a user signed in with their password, on the app's page once it has loaded."""
    context = browser.new_context(locale="en-US", viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(url + "/signin", wait_until="load")
    page.fill("#name", name)
    page.fill("#password", f"{name} password 123")
    page.click("#signin-submit")
    opened(page, url)
    return context, page


def opened(page, url: str) -> None:
    """The app's page (re)loaded, its side list filled."""
    page.goto(url + "/", wait_until="load")
    page.wait_for_selector("#who", timeout=30000)
    page.wait_for_selector("#history-list :text('Kept on the server'), #history-list :text('this browser only')",
                           timeout=30000)


def ask(page, question: str) -> None:
    """Ask in the chat and wait until the answer is complete and kept (its title in the side list)."""
    before = page.locator("#chatbot .message-row.bot-row").count()
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function(f"document.querySelectorAll('#chatbot .message-row.bot-row').length > {before} && "
                           "!document.querySelector('#chatbot .pending')", timeout=120000)
    page.wait_for_timeout(800)  # the answer is kept by the event after it


def kept_turns(app, reader: Reader, count: int) -> None:
    """Wait until the reader's conversations hold `count` turns in all (each answer is kept by the event after it)."""
    import time

    deadline = time.time() + 60
    while sum(c["turns"] for c in app.assistant.conversations(reader=reader)) != count:
        assert time.time() < deadline, app.assistant.conversations(reader=reader)
        time.sleep(0.2)


def start_new(page) -> None:
    """Start a new conversation: the chat emptied."""
    page.click("#history-new")
    page.wait_for_function("document.querySelectorAll('#chatbot .message-row').length === 0", timeout=30000)


def choose(page, title: str) -> None:
    """Resume the conversation of that title from the side list."""
    page.locator("#history-list label", has_text=title).first.click()
    page.wait_for_function("document.querySelectorAll('#chatbot .message-row.user-row').length > 0", timeout=30000)
    page.wait_for_timeout(500)


def test_the_browser_keeps_resumes_deletes_exports_and_shares_a_conversation(browser, server, index):
    url, app = server
    settings, _, _ = index
    ana = Reader("ana", frozenset({"staff", "public"}))
    app.assistant.delete_conversations(reader=ana)
    context, page = sign_in(browser, url, "ana")
    ask(page, "How many members does the i-Trans cluster have?")
    kept_turns(app, ana, 1)
    start_new(page)
    ask(page, FIRST)
    kept_turns(app, ana, 2)
    ask(page, FOLLOW_UP)
    kept_turns(app, ana, 3)
    page.wait_for_selector("#history-list label:has-text('How many clusters')", timeout=30000)
    opened(page, url)  # reloaded: an empty chat, the two conversations listed
    assert page.locator("#chatbot .message-row.user-row").count() == 0
    assert page.locator("#history-list label").count() == 2
    choose(page, "How many clusters")
    assert page.locator("#chatbot .message-row.user-row").count() == 2
    ask(page, "and in Stockholm?")  # a follow-up of the resumed conversation: rewritten from its earlier turns
    kept_turns(app, ana, 4)
    kept = app.assistant.conversations(reader=ana)
    hamburg = next(c for c in kept if c["title"] == FIRST)
    turns = app.assistant.conversation(hamburg["id"], reader=ana)["turns"]
    assert [t["standalone"] for t in turns] == [FIRST, REWRITTEN, "How many clusters are there in Stockholm?"]
    page.click("#history-export")
    with page.expect_download() as download:  # the Markdown export, opened
        page.locator("#history-files a[download$='.md']").first.click(timeout=30000)
    markdown = open(download.value.path(), encoding="utf-8").read()
    assert markdown.startswith("# How many clusters") and "## 3. and in Stockholm\\?" in markdown
    page.screenshot(path=str(shots() / "conversations.png"), full_page=True)
    choose(page, "i-Trans")  # delete one: one left
    page.click("#history-delete")
    page.wait_for_function("document.querySelectorAll('#history-list label').length === 1", timeout=30000)
    assert [c["title"] for c in app.assistant.conversations(reader=ana)] == [FIRST]
    start_new(page)  # a permalink to an answer that cites the staff document
    ask(page, STAFF_QUESTION)
    kept_turns(app, ana, 4)
    page.click("#history-share")
    page.wait_for_function("document.querySelector('#history-link textarea, #history-link input')?.value"
                           ".startsWith('http')", timeout=30000)
    link = page.locator("#history-link textarea, #history-link input").first.input_value()
    assert re.fullmatch(re.escape(url) + r"/share/[A-Za-z0-9_-]{32}", link), link
    page.goto(link, wait_until="load")
    assert "Kestrel pilot" in page.inner_text("#share-cards") and "740,000" in page.inner_text("#share-answer")
    other, pia = sign_in(browser, url, "pia")
    pia.goto(link, wait_until="load")
    shown = pia.inner_text("body")
    # nothing of the staff source (the question shown is the asker's own words)
    assert "[a source you may not see]" in shown and "Sources left out: 1" in shown
    assert "740" not in shown and "Halvorsen" not in shown and "kestrel-minutes" not in shown
    pia.screenshot(path=str(shots() / "permalink-hidden.png"), full_page=True)
    other.close()
    opened(page, url)  # delete all, in two steps: the conversations, and the questions of the report
    page.click("#history-delete-all")
    page.click("#history-delete-all-yes")
    page.wait_for_function("document.querySelectorAll('#history-list label').length === 0", timeout=30000)
    assert app.assistant.conversations(reader=ana) == [] and owned_questions(settings, "ana") == 0
    context.close()


def test_an_anonymous_readers_conversations_stay_in_the_browser(browser, server, index):
    url, app = server
    _, tokens, _ = index
    context = browser.new_context(locale="en-US", viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    opened(page, url)
    ask(page, FIRST)
    page.wait_for_selector("#history-list label:has-text('How many clusters')", timeout=30000)
    opened(page, url)  # reloaded: still listed, from the browser's own storage
    choose(page, "How many clusters")
    ask(page, FOLLOW_UP)
    assert page.locator("#chatbot .message-row.user-row").count() == 2
    page.click("#history-share")  # no permalink without a kept conversation: said, not made
    page.wait_for_selector(":text('Sign in to make a permalink')", timeout=30000)
    context.close()
    with client(url, tokens, "pia") as pia:  # nothing of it on the server
        assert all(c["title"] != FIRST for c in pia.get("/api/conversations").json())


def test_an_export_stays_under_its_limit_in_bytes():
    from assistant.limits import MAX_EXPORT

    turn = {"question": "ö" * 2000, "answer": "€" * 8000,
            "citations": [{"n": n, "doc": "d.md", "quote": "ü" * 2000, "passage": "p" * 3000} for n in range(10)]}
    kept = {"id": "x", "title": "long", "turns": [turn] * 100}
    data = as_json(kept)
    assert len(data.encode()) <= MAX_EXPORT and 0 < json.loads(data)["omitted"] < 100
    markdown = as_markdown(kept)
    assert len(markdown.encode()) <= MAX_EXPORT and re.search(r"… \d+ more\n$", markdown)
