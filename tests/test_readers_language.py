"""#31 from the fresh-clone trial, what a reader is told: the JSON API's refused fields (422) and tokens in the
reader's language, the page's pop-ups titled in it, a visitor's "delete all" that says what it does and no permalink
button, the admin's header, and a follow-up's rewriting shown under its answer (live and resumed).

The fake embedder answers; the server and the catalog are the real ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import gradio as gr
import httpx
import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui import auth, history
from assistant.ui.common import reading_as
from assistant.ui.texts import UI_LANGS, ui_text
from tests.conftest import PASSWORD, add_readers, served_fake, write_corpus
from tests.fakes import HashEmbedder
from tests.test_conversations import FIRST, FOLLOW_UP, REWRITTEN

UI_SOURCE = Path(__file__).resolve().parents[1] / "assistant" / "ui"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The whole server over a fake-embedder index of the fixtures, users ana (staff) and pia (public); yields
    (URL, App, tokens)."""
    tmp = tmp_path_factory.mktemp("readers-language")
    settings = Settings(index_dir=tmp / "index", collection="languages", admin_password=PASSWORD, api_rate_limit=0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    tokens = add_readers(assistant)
    with served_fake(settings, tmp) as (url, app):
        yield url, app, tokens


@pytest.mark.parametrize(("lang", "headers", "route", "sent", "said"), [
    ("fr", {}, "/api/report?since=hier&lang=fr", None, "Requête refusée : since prend une date sous la forme "
                                                       "AAAA-MM-JJ, par exemple 2026-01-31."),
    ("de", {"Accept-Language": "de-DE,en;q=0.5"}, "/api/ask", {"question": ""},
     "Die Anfrage wurde abgelehnt: question ist leer."),
    ("sv", {"Accept-Language": "sv"}, "/api/conversations/abc?format=pdf", None,
     'Begäran avvisades: format tar ett av värdena "markdown", "json".'),  # not the empty one: no format
    ("en", {}, "/api/ask", {"question": "Hamburg?", "lang": "not a language", "previous": ["q"] * 50},
     "The request was refused: previous takes at most 20 items; lang takes a language code such as fr or pt-BR."),
    ("fr", {"Accept-Language": "fr"}, "/api/search?k=0&q=%20", None,
     "Requête refusée : k prend un nombre d'au moins 1."),
    ("de", {"Accept-Language": "de"}, "/api/search?q=%20", None, "Die Anfrage wurde abgelehnt: q ist leer."),
    ("sv", {"Accept-Language": "sv"}, "/api/ask", "{not json", "Begäran avvisades: begärans innehåll är inte giltig "
                                                               "JSON."),
])
def test_a_refused_field_is_said_in_the_readers_language_with_the_details_kept(server, lang, headers, route, sent,
                                                                                said):
    url, _, tokens = server
    headers = {**headers, "Authorization": f"Bearer {PASSWORD}" if "report" in route else
               f"Bearer {tokens['ana']}"}
    with httpx.Client(base_url=url, timeout=60, headers=headers) as http:
        if sent is None:
            reply = http.get(route)
        elif isinstance(sent, str):
            reply = http.post(route, content=sent.encode(), headers={"Content-Type": "application/json"})
        else:
            reply = http.post(route, json=sent)
    assert reply.status_code == 422, reply.text
    assert reply.json()["message"] == said and list(reply.json()) == ["message", "detail"]
    assert all({"loc", "msg", "type"} <= set(e) for e in reply.json()["detail"])  # pydantic's details, for programs


def test_every_error_kind_has_a_text_in_every_language():
    from assistant.ui.rest_errors import TAKES, problem

    for lang in UI_LANGS:
        for kind in [*TAKES, "string_too_short", "something_new"]:
            said = problem({"loc": ("body", "field"), "type": kind, "msg": "English reason",
                            "ctx": {"min_length": 2, "max_length": 9, "ge": 1, "expected": "'a' or 'b'"}}, lang)
            assert said and "{" not in said and ("field" in said or kind == "json_invalid"), (lang, kind, said)


def test_a_wrong_token_and_the_admins_refusals_are_said_in_the_readers_language(server):
    url, _, tokens = server
    with httpx.Client(base_url=url, timeout=60) as http:
        wrong = http.get("/api/report", params={"lang": "fr"}, headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401 and wrong.json()["detail"] == ui_text("fr", "api_unknown_token")
        assert wrong.headers["www-authenticate"] == "Bearer"
        english = http.get("/api/report", headers={"Authorization": "Bearer guess"})
        assert english.json()["detail"].startswith("Unknown token: send a personal token")
        upload = http.post("/api/documents", headers={"Authorization": f"Bearer {tokens['pia']}",
                                                      "Accept-Language": "sv"}, files={"files": ("a.txt", b"x")})
        assert upload.status_code == 403 and upload.json()["detail"].startswith("pia är ingen administratör")
        no_password = http.delete("/api/documents/x.txt", headers={"Accept-Language": "de"})
        assert no_password.status_code == 401 and no_password.json()["detail"] == \
            f"{ui_text('de', 'no_admin')} {ui_text('de', 'api_bearer')}"


def test_the_page_titles_its_pop_ups_in_the_readers_language(server, monkeypatch):
    _, app, _ = server
    for path in UI_SOURCE.glob("*.py"):  # every gr.Warning / gr.Info of the page is given its title
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("Warning", "Info"):
                assert any(k.arg == "title" for k in node.keywords), f"{path.name}:{node.lineno} has no title"
    shown = []
    monkeypatch.setattr(gr, "Warning", lambda text, title="Warning": shown.append((title, text)))
    monkeypatch.setattr(gr, "Info", lambda text, title="Info": shown.append((title, text)))
    with gr.Blocks():
        panel = history.Panel(app)
    with reading_as(app.assistant.reader_named("ana")):
        panel.renamed(history.fresh(), "", [], "sv")
        panel.deleted_all([], "de")
    assert shown[0] == ("Varning", ui_text("sv", "h_pick"))
    assert shown[1][0] == "Hinweis" and shown[1][1].startswith("Gelöschte Gespräche: 0.")


def test_a_visitor_is_asked_about_this_browsers_conversations_and_has_no_permalink_button(server):
    _, app, _ = server
    with gr.Blocks():
        panel = history.Panel(app)
    for reader, ask, share in ((app.signin.anonymous, "h_delete_all_ask_browser", False),
                               (app.assistant.reader_named("ana"), "h_delete_all_ask", True)):
        with reading_as(reader):
            updates = {}
            for relabel in panel.relabels():
                updates.update(relabel("fr"))
        assert updates[panel.ask_all]["value"] == ui_text("fr", ask) and updates[panel.share]["visible"] is share
        assert updates[panel.listing]["info"] == (ui_text("fr", "h_browser") if not share else
                                                  ui_text("fr", "h_kept").format(button="Tout supprimer"))
    for lang in UI_LANGS:
        asked = ui_text(lang, "h_delete_all_ask_browser")
        assert asked != ui_text(lang, "h_delete_all_ask") and "link" not in asked.lower()
    assert "report" in ui_text("en", "h_delete_all_ask_browser") and "without your name" in ui_text(
        "en", "h_delete_all_ask_browser")


def test_the_admins_header_says_every_group_in_every_language(server):
    _, app, _ = server
    admin = app.signin.admin()
    said = {lang: re.sub(r"<[^>]+>", "", auth.who(admin, lang)) for lang in UI_LANGS}
    assert said["en"].startswith("Signed in as admin: searching the documents of every group. ·")
    assert said["fr"].startswith("Connecté en tant que admin : recherche dans les documents de tous les groupes.")
    assert said["sv"].startswith("Inloggad som admin: söker i dokumenten i alla grupper.")
    assert said["de"].startswith("Angemeldet als admin: Suche in den Dokumenten aller Gruppen.")
    for lang, text in said.items():  # "the groups all groups" nowhere
        assert len(re.findall(r"(?i)\bgroup|groupe|grupp", text)) == 1, (lang, text)
    ana = re.sub(r"<[^>]+>", "", auth.who(app.assistant.reader_named("ana"), "en"))
    assert "the groups public, staff." in ana


def test_a_follow_up_is_shown_as_understood_under_its_answer_live_and_resumed(server):
    from assistant.ui import actions

    _, app, _ = server
    ana = app.assistant.reader_named("ana")
    chat: list = []
    kept = None
    with reading_as(ana):
        for question in (FIRST, FOLLOW_UP):
            *_, (chat, _, _, answer) = list(app.chat(question, chat, "fr"))
            kept = app.assistant.keep_turn(kept, answer, reader=ana, typed=question)
    rewritten = REWRITTEN.replace("?", "\\?")
    said = f"_Understood as\\: {rewritten}_"
    assert said not in chat[1]["content"] and chat[3]["content"].endswith(said)
    assert actions._pairs(chat)[1][0] == FOLLOW_UP  # the follow-ups still read the question typed
    turns = app.assistant.conversation(kept, reader=ana)["turns"]
    resumed = history.messages(turns)
    assert resumed[3]["content"].endswith(said) and said not in resumed[1]["content"]
    german = dict(turns[1], language="de")
    assert history.messages([german])[1]["content"].endswith(f"_Verstanden als\\: {rewritten}_")
