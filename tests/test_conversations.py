"""Kept conversations and permalinks (#31 parts 1 and 2): the catalog's storage and its limits, the JSON API over
HTTP (another reader's conversation is a 404, an anonymous reader gets a 401, "delete all" forgets the questions
too), the Markdown and JSON exports (document text never forms a link or a tag), permalinks that hide a staff
source from a reader without the group, `assistant chat --save`, every refusal said in the reader's language, and a
resumed conversation's answers rated like new ones.

The fake embedder answers here (the follow-up rewrite needs no model); the server and the catalog are the real
ones. The browser tests, with the real model, are tests/test_conversations_browser.py."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest
from markdown_it import MarkdownIt

from assistant import conversations, questions
from assistant.api import Assistant, Reader
from assistant.catalog import Catalog
from assistant.config import Settings
from assistant.errors import NotFound, Refusal, SignInNeeded, TooMany
from assistant.export import as_json, as_markdown
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
    yield staff_index(tmp_path_factory.mktemp("conversations"), "conversations", "admin pw 4 tests")


def staff_index(tmp: Path, collection: str, password: str) -> tuple[Settings, dict[str, str], Path]:
    """The fixtures and one staff document in a fake-embedder index, users ana (staff) and pia (public)."""
    staff = tmp / "staff"
    staff.mkdir()
    (staff / "kestrel-minutes.md").write_text(STAFF, encoding="utf-8")
    settings = Settings(index_dir=tmp / "index", collection=collection, admin_password=password, api_rate_limit=0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    assistant.ingest([staff], groups="staff")
    return settings, add_readers(assistant), tmp


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
    assert not re.search(r"(?<!\\)<img", markdown) and not re.search(r"(?<!\\)\]\(javascript", markdown)
    assert "\\<img" in markdown
    assert re.search(r"^1\. \[.*\]\(https://example\.org/a%20%28b%29#:~:text=", markdown, re.M)
    assert re.search(r"^2\. B \(b\.md\)", markdown, re.M)  # no http(s) address: no link
    assert "*Understood as:* Who leads the Kestrel pilot?" in markdown and "\n2026-12-05 10:00 UTC\n" in markdown
    data = json.loads(as_json(kept))
    assert data["turns"][0]["citations"][0]["quote"] == hostile and "passage" not in data["turns"][0]["citations"][0]
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<img" not in rendered and "javascript:alert(3)" not in re.findall(r'href="([^"]*)"', rendered)


FRENCH_TURN = {  # an extractive answer as the answerer writes it: intro, quotes as "- «…» [n]", its own sources
    "question": "et en Laponie ?", "standalone": "Combien de clusters y a-t-il en Laponie ?", "language": "fr",
    "answer": "D'après les sources :\n- «Lapland has 3 clusters - energy, tourism and mining.» (en) [1]\n"
              "- «Il y a aussi un pôle (Rovaniemi).» [2]\n\nSources :\n[1] Lapland — https://example.org/lapland\n"
              "[2] Pôles — fr/poles.md",
    "citations": [{"n": 1, "doc": "en/lapland.html", "title": "Lapland", "source": "https://example.org/lapland",
                   "quote": "Lapland has 3 clusters - energy, tourism and mining."},
                  {"n": 2, "doc": "fr/poles.pdf", "title": "Pôles", "source": "fr/poles.pdf", "page": 4,
                   "doctype": "pdf", "quote": "Il y a aussi un pôle (Rovaniemi)."}]}


def test_the_markdown_export_renders_as_lists_with_its_sources_once_as_links():
    markdown = as_markdown({"title": "Laponie", "turns": [FRENCH_TURN, {
        "question": "Où se garer ?", "language": "fr", "abstained": True, "citations": [],
        "answer": "Je n'ai pas trouvé de réponse. Les passages les plus proches sont :\n- Accès (Lyon)\n- Parking"}]})
    html = MarkdownIt("commonmark").render(markdown)
    assert "\\-" not in re.sub(r"<[^>]+>", "", html)  # no escape shows once rendered
    assert "<p><em>Compris comme :</em> Combien de clusters y a-t-il en Laponie ?</p>" in html
    assert "<p>D'après les sources :</p>\n<ul>\n<li>«Lapland has 3 clusters - energy, tourism and mining.» (en) [1]" \
           "</li>\n<li>«Il y a aussi un pôle (Rovaniemi).» [2]</li>\n</ul>" in html
    assert html.count("example.org/lapland") == 1 and "Sources :\n[1]" not in html  # the sources once, as links
    assert "<p><strong>Sources</strong></p>\n<ol>\n<li><a href=\"https://example.org/lapland#:~:text=" in html
    assert "<li>Pôles (fr/poles.pdf, p. 4)</li>\n</ol>" in html
    assert "<ul>\n<li>Accès (Lyon)</li>\n<li>Parking</li>\n</ul>" in html  # an abstention's nearest documents
    first, second = FRENCH_TURN["citations"]
    gapped = as_markdown({"title": "x", "turns": [{**FRENCH_TURN, "citations": [first, {**second, "n": 3}]}]})
    assert "<li>[3] Pôles" in MarkdownIt("commonmark").render(gapped)  # an ordered list would say 2


def test_an_export_and_a_permalink_list_each_nearest_document_once(server, index):
    url, _ = server
    _, tokens, _ = index
    with client(url, tokens, "ana") as ana:
        answer = ana.post("/api/ask", json={"question": "Where can visitors park at the cluster office?",
                                            "conversation": "new"}).json()
        kept = ana.get(f"/api/conversations/{answer['conversation']}").json()
        nearest = [n["doc"] for n in kept["turns"][0]["nearest"]]
        assert nearest and len(nearest) == len(set(nearest))
        token = ana.post(f"/api/conversations/{answer['conversation']}/share", json={"turn": 1}).json()["token"]
        shared = [n["doc"] for n in ana.get(f"/api/share/{token}").json()["nearest"]]
        assert shared == nearest
        assert ana.delete(f"/api/conversations/{answer['conversation']}").status_code == 200  # the others' tests
    old = {"turns": [{"question": "q", "nearest": [{"doc": "a.md"}] * 5 + [{"doc": "b.md"}]}]}  # kept before
    assert json.loads(as_json(old))["turns"][0]["nearest"] == [{"doc": "a.md"}, {"doc": "b.md"}]


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
        assert markdown.text.startswith("# How many clusters") and "## 2. and in Lapland?" in markdown.text
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
                         anonymous.post("/api/ask", json={"question": FIRST, "conversation": conversation})):
            assert response.status_code == 401 and "sign in" in response.json()["detail"]
        assert anonymous.post("/api/ask", json={"question": FIRST}).status_code == 200  # asking needs no history
    with client(url, tokens, "ana") as ana:
        assert ana.delete(f"/api/conversations/{conversation}").json() == {"deleted": conversation}
        assert ana.get(f"/api/conversations/{conversation}").status_code == 404


def test_a_visitor_asking_to_keep_a_new_conversation_is_answered_and_told_it_is_not_kept(server, index):
    url, _ = server
    _, tokens, _ = index
    with client(url, tokens, "anonymous") as anonymous:
        reply = anonymous.post("/api/ask", json={"question": FIRST, "conversation": "new"},
                               headers={"Accept-Language": "de-DE"})
        assert reply.status_code == 200 and reply.json()["answer"] and reply.json()["citations"]
        assert (reply.json()["conversation"], reply.json()["kept"]) == (None, False)
        assert reply.json()["kept_notice"].startswith("Nicht angemeldet: Diese Antwort wird in keinem Gespräch")
        events = anonymous.post("/api/ask?stream=true&lang=fr", json={"question": FIRST, "conversation": "new"}).text
        final = json.loads(events.split("event: answer\ndata: ")[1].split("\n")[0])
        assert final["kept"] is False and final["kept_notice"].startswith("Vous n'êtes pas connecté")
    with client(url, tokens, "ana") as ana:
        kept = ana.post("/api/ask", json={"question": FIRST, "conversation": "new"}).json()
        assert kept["kept"] is True and kept["conversation"] and "kept_notice" not in kept
        assert ana.delete(f"/api/conversations/{kept['conversation']}").status_code == 200


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


def hidden_windows(text: str, shown: str, width: int = 16) -> list[str]:
    """Every run of `width` characters of a document's text (its spaces made single) that `shown` (what its reader
    may see anyway, such as the question asked) does not hold."""
    flat = " ".join(text.replace("#", " ").split())
    return [w for w in {flat[i:i + width] for i in range(len(flat) - width + 1)} if w not in shown]


def test_a_permalink_hides_every_quote_of_a_hidden_passage_even_one_not_among_its_citations(server, index):
    """The trial's leak: an extractive answer quoting the hidden passage twice, the second quote in no citation (and
    the first cited across a line break): pia (public) sees neither, nor its title, id, address or sources row."""
    url, app = server
    _, tokens, _ = index
    ana = app.assistant.reader_named("ana")
    staff = next(c for c in app.assistant.ask(STAFF_QUESTION, reader=ana).citations if c.doc == "kestrel-minutes.md")
    public = app.assistant.ask(FIRST, reader=ana).citations[0]
    first, second = (" ".join(s.split()) for s in STAFF.split("\n\n")[1].split(". ", 1))
    text = "\n".join(["According to the sources:", f"- «{first}.» [1]", f"- «{second}» [1]", f"- «{public.quote}» [2]",
                      "", "Sources:", f"[1] {staff.title} — {staff.source}", f"[2] {public.title} — {public.source}"])
    turn = {"question": STAFF_QUESTION, "standalone": STAFF_QUESTION, "answer": text, "language": "en",
            "citations": [{**staff.as_json(), "n": 1, "quote": f"{first}.".replace(" ", "\n", 2)},
                          {**public.as_json(), "n": 2}],
            "nearest": [{"doc": staff.doc, "title": staff.title}] * 5 + [{"doc": public.doc, "title": public.title}]}
    owner = questions.owner_key(app.assistant.catalog, "ana")
    conversation = conversations.append(app.assistant.catalog, None, owner, turn)
    with client(url, tokens, "ana") as ana_http:
        token = ana_http.post(f"/api/conversations/{conversation}/share", json={"turn": 1}).json()["token"]
        assert first in ana_http.get(f"/api/share/{token}").text  # its owner sees it all
    for who in ("pia", "anonymous"):
        with client(url, tokens, who) as other:
            api = other.get(f"/api/share/{token}", params={"lang": "sv"})
            page = other.get(f"/share/{token}", headers={"Accept-Language": "sv"})
            seen = api.json()
            assert api.status_code == page.status_code == 200 and seen["hidden_sources"] == 1
            assert seen["answer"].split("\n") == ["According to the sources:", "- [en källa du inte får se]",
                                                  f"- «{public.quote}» [2]", "", "Sources:",
                                                  f"[2] {public.title} — {public.source}"]
            assert [c["doc"] for c in seen["citations"]] == [public.doc] and seen["nearest"] == [
                {"doc": public.doc, "title": public.title}]
            for shown in (api.text, html.unescape(page.text)):
                leaked = hidden_windows(STAFF, STAFF_QUESTION)
                assert not [w for w in leaked if w in shown], [w for w in leaked if w in shown][:3]
                assert "kestrel-minutes" not in shown and "740" not in shown and "Halvorsen" not in shown
    app.assistant.delete_conversation(conversation, reader=ana)  # with its permalink: the other tests count theirs


def test_cli_chat_saves_the_conversation_as_markdown_and_json(index, tmp_path, monkeypatch, capsys):
    import io

    from assistant import api, cli

    settings, _, _ = index
    monkeypatch.setattr(api, "Assistant", lambda chosen: Assistant(chosen, embedder=HashEmbedder()))
    chat = ["chat", "--index", str(settings.index_dir), "--collection", settings.collection]
    for suffix in ("md", "json"):
        saved = tmp_path / f"chat.{suffix}"
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{FIRST}\n{FOLLOW_UP}\n\n"))
        assert cli.main([*chat, "--save", str(saved)]) == 0
        err = capsys.readouterr().err
        assert f"saved: {saved}" in err and f"(Understood as: {REWRITTEN})" in err
        text = saved.read_text(encoding="utf-8")
        if suffix == "md":
            assert text.startswith("# How many clusters") and "## 2. and in Lapland?" in text
            assert f"*Understood as:* {REWRITTEN}" in text
        else:
            data = json.loads(text)
            assert [t["question"] for t in data["turns"]] == [FIRST, FOLLOW_UP]
            assert data["turns"][1]["standalone"] == REWRITTEN


def test_cli_chat_checks_where_it_saves_before_the_first_question(index, tmp_path, monkeypatch, capsys):
    import io

    from assistant import api, cli

    settings, _, _ = index
    monkeypatch.setattr(api, "Assistant", lambda chosen: Assistant(chosen, embedder=HashEmbedder()))
    asked = io.StringIO(f"{FIRST}\n\n")
    monkeypatch.setattr(sys, "stdin", asked)
    chat = ["chat", "--index", str(settings.index_dir), "--collection", settings.collection, "--save"]
    assert cli.main([*chat, str(tmp_path / "nowhere" / "talk.md")]) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "there is no folder" in err and str(tmp_path / "nowhere") in err
    assert asked.tell() == 0 and "Ask a question" not in out  # refused before the first question
    assert cli.main([*chat, str(tmp_path / "chat.txt")]) == 2
    assert ".md (Markdown) or .json" in capsys.readouterr().err
    assert cli.main([*chat, str(tmp_path)]) == 2  # a folder is no file
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # nothing asked: no file, and said
    assert cli.main([*chat, str(tmp_path / "empty.md")]) == 0
    assert "nothing asked" in capsys.readouterr().err and not (tmp_path / "empty.md").exists()


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
