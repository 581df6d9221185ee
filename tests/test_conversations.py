"""Kept conversations and permalinks (#31 parts 1 and 2): the catalog's storage and its limits, the JSON API over
HTTP (another reader's conversation is a 404, an anonymous reader gets a 401, "delete all" forgets the questions
too), the Markdown and JSON exports (document text never forms a link or a tag), permalinks that hide a staff
source from a reader without the group, `assistant chat --save`, every refusal said in the reader's language, and a
resumed conversation's answers rated like new ones.

The fake embedder answers here (the follow-up rewrite needs no model); the server and the catalog are the real
ones. The browser tests, with the real model, are tests/test_conversations_browser.py."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest

from assistant import conversations
from assistant.api import Assistant, Reader
from assistant.catalog import Catalog
from assistant.config import Settings
from assistant.errors import NotFound, Refusal, SignInNeeded, TooMany
from assistant.export import as_json, as_markdown, markdown_text
from assistant.ui.common import refusal
from assistant.ui.texts import UI_LANGS
from tests.conftest import add_readers, served_fake, write_corpus
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
    url, app = server
    settings, tokens, _ = index
    with client(url, tokens, "pia") as pia:
        pia.post("/api/ask", json={"question": "How many members does the i-Trans cluster have?",
                                   "conversation": "new"})
        assert app.assistant.flush_questions()  # kept after the answer, in the background
        assert owned_questions(settings, "pia") >= 1 and pia.get("/api/conversations").json()
        assert pia.delete("/api/conversations").json()["deleted"] >= 1
        assert pia.get("/api/conversations").json() == [] and owned_questions(settings, "pia") == 0


def owned_questions(settings: Settings, name: str) -> int:
    """How many kept questions of the report belong to a user."""
    from assistant.questions import owner_key

    key = owner_key(Catalog(settings.index_dir), name)  # the index's own model: no Assistant needed
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


def test_an_export_stays_under_its_limit_in_bytes():
    from assistant.limits import MAX_EXPORT

    turn = {"question": "ö" * 2000, "answer": "€" * 8000,
            "citations": [{"n": n, "doc": "d.md", "quote": "ü" * 2000, "passage": "p" * 3000} for n in range(10)]}
    kept = {"id": "x", "title": "long", "turns": [turn] * 100}
    data = as_json(kept)
    assert len(data.encode()) <= MAX_EXPORT and 0 < json.loads(data)["omitted"] < 100
    markdown = as_markdown(kept)
    assert len(markdown.encode()) <= MAX_EXPORT and re.search(r"… \d+ more\n$", markdown)


def refusals(assistant: Assistant, monkeypatch) -> list[Refusal]:
    """Every refusal of #31's conversations, permalinks and report, each made to happen once."""
    ana = Reader("ana", frozenset({"public"}))
    answer = conversations.answer_of({"answer": "Eight.", "language": "en", "question": FIRST})
    first = assistant.keep_turn(None, answer, reader=ana)
    for limit, value in (("MAX_TURNS", 1), ("MAX_CONVERSATIONS", 1), ("MAX_SHARES", 0)):
        monkeypatch.setattr(conversations, limit, value)
    made = []
    for call in (lambda: assistant.keep_turn(first, answer, reader=ana), lambda: assistant.keep_turn(None, answer,
                 reader=ana), lambda: assistant.share(first, 1, reader=ana),
                 lambda: assistant.share(first, 5, reader=ana), lambda: assistant.conversation("none", reader=ana),
                 lambda: assistant.shared("none", reader=ana), lambda: assistant.conversations(
                     reader=assistant.anonymous()), lambda: assistant.questions_report(reader=ana),
                 lambda: assistant.questions_report(reader=assistant.anonymous())):
        with pytest.raises(Refusal) as caught:
            call()
        made.append(caught.value)
    return made


def test_every_refusal_is_said_in_the_readers_language(tmp_path, monkeypatch):
    made = refusals(Assistant(Settings(index_dir=tmp_path / "index"), embedder=HashEmbedder()), monkeypatch)
    assert len({exc.key for exc in made}) == 9  # each its own text
    for exc in made:
        said = {lang: refusal(exc, lang) for lang in UI_LANGS}
        assert len(set(said.values())) == len(UI_LANGS), said  # a text of its own in every language
        assert all(str(value) in text for value in exc.values.values() for text in said.values())
    raised = re.compile(r"raise (NotFound|SignInNeeded|TooMany|StaffOnly|AdminOnly)\((?:[^()]|\([^()]*\))*\)")
    for path in Path(conversations.__file__).parent.rglob("*.py"):  # and every one raised has a key
        for call in raised.finditer(path.read_text(encoding="utf-8")):
            assert re.search(r'",\s*"[a-z_]+"', call.group(0)), f"{path.name}: {call.group(0)[:80]} has no key"


def test_the_api_says_its_refusals_in_the_readers_language(server, index, monkeypatch):
    url, _ = server
    _, tokens, _ = index
    with client(url, tokens, "anonymous") as anonymous:
        said = anonymous.get("/api/conversations", headers={"Accept-Language": "sv-SE,en;q=0.5"})
        assert said.status_code == 401 and said.json()["detail"].startswith("Samtal sparas bara för inloggade")
        assert anonymous.get("/api/share/nosuch", params={"lang": "fr"}).json()["detail"].startswith(
            "Ce lien permanent n'existe pas")
    with client(url, tokens, "ana") as ana:
        conversation = ana.post("/api/ask", json={"question": FIRST, "conversation": "new"}).json()["conversation"]
        monkeypatch.setattr(conversations, "MAX_SHARES", 0)  # the permalinks' limit reached
        refused = ana.post(f"/api/conversations/{conversation}/share", json={"turn": 1},
                           headers={"Accept-Language": "de"})
        assert refused.status_code == 409 and "Dauerlinks erstellt, die Höchstzahl" in refused.json()["detail"]
        assert "permalinks, the most there may be" in ana.post(f"/api/conversations/{conversation}/share",
                                                               json={"turn": 1}).json()["detail"]


def test_the_page_says_a_refused_permalink_in_its_language_and_rates_a_resumed_answer(server, monkeypatch):
    import gradio as gr

    from assistant.ui import feedback, history
    from assistant.ui.common import reading_as

    _, app = server
    ana = app.assistant.reader_named("ana")
    conversation = None
    for question in (FIRST, FOLLOW_UP):
        answer = app.assistant.ask(question, app.assistant.conversation_pairs(conversation, reader=ana)
                                   if conversation else None, reader=ana)
        conversation = app.assistant.keep_turn(conversation, answer, reader=ana, typed=question)
    with gr.Blocks():
        panel = history.Panel(app)
    with reading_as(ana):
        resumed = panel.resume(conversation, [], "de")
        monkeypatch.setattr(conversations, "MAX_SHARES", 0)
        with pytest.warns(UserWarning, match="Sie haben 0 Dauerlinks erstellt"):
            panel.shared(resumed[0], "de")
    answers = resumed[4]  # the feedback panel's answers: the resumed ones, the latest rated by default
    assert [a.question for a in answers] == [FIRST, FOLLOW_UP] and answers[-1].standalone == REWRITTEN
    assert feedback.Panel.reset(answers)[0]["visible"] is True
    note = feedback.send(app, answers, None, "up", "", "", False, "", "", "de", reader=ana)[0]
    assert note == feedback.ui_text("de", "fb_thanks")
    rated = list(app.assistant.feedback(reader=ana))[-1]
    assert (rated["question"], rated["previous"], rated["rating"]) == (FOLLOW_UP, [FIRST], "up")
