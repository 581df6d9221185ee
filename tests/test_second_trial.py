"""#31 from the second fresh-clone trial: pop-ups titled in the page's language (not Gradio's English type), a
Questions tab and a history note that say only what is true when questions are not kept, a rename of an empty title
said as such, a delete that asks first naming the title and its permalinks, a permalink that counts hidden sources
(not quotes) and shows how a follow-up was understood, the rate limit's 429 in the reader's language, report headers
that wrap between words, singular and plural counts, a choice refusal that names real values only, `kept_days` a
whole number or null, and a Markdown export escaped only where CommonMark needs it, its date readable.

The fake embedder answers; the server and the catalog are the real ones. The browser checks are
tests/test_second_trial_browser.py."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import json
import re
from pathlib import Path

import gradio as gr
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant import conversations, questions
from assistant.api import Assistant
from assistant.config import Settings
from assistant.export import as_markdown, plain
from assistant.ui import history, layout
from assistant.ui import questions as tab
from assistant.ui.common import reading_as
from assistant.ui.guard import Guard, RateLimit
from assistant.ui.rest_errors import problem
from assistant.ui.texts import UI_LANGS, counted, ui_text
from tests.conftest import PASSWORD, served_fake
from tests.fakes import HashEmbedder
from tests.test_conversations import FIRST, FOLLOW_UP, REWRITTEN, STAFF, STAFF_QUESTION, client, staff_index

RENDERER = MarkdownIt("commonmark", {"html": True})  # the harshest reading: raw HTML allowed


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """A fake-embedder index of the fixtures and one staff document; users ana (staff) and pia (public)."""
    yield staff_index(tmp_path_factory.mktemp("second-trial"), "second_trial", PASSWORD)


@pytest.fixture(scope="module")
def server(index):
    """The whole server over the index, in a thread; yields (URL, App)."""
    settings_, _, tmp = index
    with served_fake(settings_, tmp) as running:
        yield running


def test_the_pop_ups_titles_are_the_pages_own_words_in_each_language():
    """Gradio 6 titles a pop-up with its type in English ("Warning"), whatever `title` says: the page's CSS hides that
    word and shows its own, by <html lang>; the installed Gradio still draws the title as `.toast-title.<type>`."""
    frontend = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    drawn = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in frontend.glob("statustracker-*.js"))
    assert "toast-title ${" in drawn, "Gradio's pop-up title is no longer .toast-title.<type>: see layout.toast_css"
    for lang in UI_LANGS:
        for kind, key in (("warning", "warning"), ("info", "h_info"), ("error", "error")):
            scope = f'html[lang="{lang}"] .toast-title.{kind}'
            assert f"{scope} {{font-size: 0; visibility: hidden;}}" in layout.CSS
            assert f'{scope}::before {{content: "{ui_text(lang, key)}";' in layout.CSS


def panel_of(app) -> history.Panel:
    """The conversation list of the page, built for its handlers."""
    with gr.Blocks():
        return history.Panel(app)


def test_with_questions_not_kept_the_tab_and_the_notes_say_only_that(server, monkeypatch):
    _, app = server
    monkeypatch.setattr(app.assistant, "settings", dataclasses.replace(app.assistant.settings, keep_questions=False))
    with gr.Blocks() as demo:
        ui = gr.Radio(list(UI_LANGS), value="en")
        tab.tab(app, ui)
    parts = {b.elem_id: b for b in demo.blocks.values() if getattr(b, "elem_id", None)}
    for name in ("questions-since", "questions-show", "questions-group", "questions-candidates", "questions-note",
                 "questions-file"):
        assert not seen(parts[name]), name
    assert seen(parts["questions-report"])  # the report says that questions are not kept
    panel = panel_of(app)
    shown = []
    monkeypatch.setattr(gr, "Info", lambda text, title="": shown.append(text))
    for reader, ask in ((app.assistant.reader_named("ana"), "h_delete_all_ask_unkept"),
                        (app.signin.anonymous, "h_delete_all_ask_browser_unkept")):
        with reading_as(reader):
            updates = {}
            for relabel in panel.relabels():
                updates.update(relabel("fr"))
            panel.deleted_all([], "de")
        assert updates[panel.ask_all]["value"] == ui_text("fr", ask)
    kept_note = updates_of(panel, app.assistant.reader_named("ana"), "fr")[panel.listing]["info"]
    assert kept_note == ui_text("fr", "h_kept_unkept").format(button="Tout supprimer")
    assert shown == [ui_text("de", "h_deleted_all_unkept").format(n=0)]
    for lang in UI_LANGS:  # none of them speaks of the report
        for key in ("h_kept_unkept", "h_delete_all_ask_unkept", "h_delete_all_ask_browser_unkept",
                    "h_deleted_all_unkept"):
            assert not re.search(r"(?i)report|rapport|bericht|fråg|question|Frage", ui_text(lang, key)), (lang, key)


def seen(block) -> bool:
    """Whether a block shows in its tab: neither it nor a block around it hidden (the tab shows to staff only)."""
    while block is not None and not isinstance(block, gr.Tab):
        if block.visible is False:
            return False
        block = block.parent
    return True


def updates_of(panel: history.Panel, reader, lang: str) -> dict:
    """The panel's relabelling for a reader in a language."""
    updates: dict = {}
    with reading_as(reader):
        for relabel in panel.relabels():
            updates.update(relabel(lang))
    return updates


def test_renaming_to_an_empty_title_says_the_title_is_empty(server):
    _, app = server
    panel = panel_of(app)
    ana = app.assistant.reader_named("ana")
    answer = app.assistant.ask(FIRST, reader=ana)
    kept = app.assistant.keep_turn(None, answer, reader=ana, typed=FIRST)
    for reader, browser in ((ana, []), (app.signin.anonymous, [{"id": kept, "title": FIRST, "turns": []}])):
        with reading_as(reader):
            for lang in UI_LANGS:
                with pytest.warns(UserWarning, match=re.escape(ui_text(lang, "h_empty_title"))):
                    assert panel.renamed({"id": kept, "kept": 1}, "   ", browser, lang) == (gr.skip(), gr.skip())
            with pytest.warns(UserWarning, match=re.escape(ui_text("de", "h_pick"))):  # none chosen: choose one
                panel.renamed(history.fresh(), "Hamburg", browser, "de")
    assert app.assistant.conversation(kept, reader=ana)["title"] == FIRST
    app.assistant.delete_conversation(kept, reader=ana)


def test_delete_asks_first_naming_the_title_and_its_permalinks(server):
    _, app = server
    panel = panel_of(app)
    ana = app.assistant.reader_named("ana")
    answer = app.assistant.ask(FIRST, reader=ana)
    kept = app.assistant.keep_turn(None, answer, reader=ana, typed=FIRST)
    app.assistant.rename_conversation(kept, "Hamburg *clusters*", reader=ana)
    current = {"id": kept, "kept": 1}
    with reading_as(ana):
        shown, asked, doomed = panel.ask_delete(current, [], "de")
        assert shown["visible"] is True and doomed == kept
        assert asked == "„Hamburg \\*clusters\\*“ löschen? Seine Dauerlinks funktionieren dann nicht mehr."
        assert app.assistant.conversation(kept, reader=ana)  # asked, not deleted
        with pytest.warns(UserWarning, match=re.escape(ui_text("fr", "h_pick"))):
            assert panel.ask_delete(history.fresh(), [], "fr")[0]["visible"] is False
        gone = panel.deleted(doomed, current, [], "de")
        assert gone[0] == history.fresh() and gone[1] == []  # the chat emptied: it showed that conversation
    assert kept not in {c["id"] for c in app.assistant.conversations(reader=ana)}
    for lang in UI_LANGS:
        assert "{title}" in ui_text(lang, "h_delete_ask") and re.search(r"(?i)permanent|dauerlink|link",
                                                                        ui_text(lang, "h_delete_ask"))
    browser = [{"id": "b1", "title": "Laponie", "turns": []}, {"id": "b2", "title": "Autre", "turns": []}]
    with reading_as(app.signin.anonymous):  # a visitor's conversation goes from their browser; another one shown
        _, asked, doomed = panel.ask_delete({"id": "b1", "kept": 1}, browser, "fr")
        assert asked == "Supprimer « Laponie » de ce navigateur ?"
        gone = panel.deleted(doomed, {"id": "b2", "kept": 1}, browser, "fr")
    assert gone[-1] == [browser[1]] and gone[0] == gr.skip()  # the chat shown stays


def test_a_permalink_counts_hidden_sources_not_quotes_and_shows_a_follow_ups_meaning(server, index):
    """The trial: two quotes of one hidden document said "Sources left out: 2" (the nearest documents counted, though
    the answer never named them); a follow-up's permalink showed only "And in Hamburg?"."""
    url, app = server
    _, tokens, _ = index
    ana = app.assistant.reader_named("ana")
    staff = next(c for c in app.assistant.ask(STAFF_QUESTION, reader=ana).citations if c.doc == "kestrel-minutes.md")
    first, second = (" ".join(s.split()) for s in STAFF.split("\n\n")[1].split(". ", 1))
    turn = {"question": STAFF_QUESTION, "standalone": STAFF_QUESTION, "language": "en",
            "answer": f"According to the sources:\n- «{first}.» [1]\n- «{second}» [2]",
            "citations": [{**staff.as_json(), "n": 1, "quote": f"{first}."}, {**staff.as_json(), "n": 2,
                                                                               "quote": second}],
            "nearest": [{"doc": staff.doc, "title": staff.title}, {"doc": "old/board-notes.md", "title": "Notes"}]}
    abstained = {"question": "Who rents the hall?", "language": "en", "abstained": True, "citations": [],
                 "answer": "I found no answer. The closest passages are:\n- Board notes 2025",
                 "nearest": [{"doc": "old/board-notes.md", "title": "Board notes 2025"},
                             {"doc": "old/other.md", "title": "Unnamed elsewhere"}]}
    owner = questions.owner_key(app.assistant.catalog, "ana")
    made = [conversations.append(app.assistant.catalog, None, owner, t) for t in (turn, abstained)]
    with client(url, tokens, "ana") as ana_http:
        follow = ana_http.post("/api/ask", json={"question": FIRST, "conversation": "new"}).json()["conversation"]
        ana_http.post("/api/ask", json={"question": FOLLOW_UP, "conversation": follow})
        links = [ana_http.post(f"/api/conversations/{c}/share", json={"turn": n}).json()["token"]
                 for c, n in ((made[0], 1), (made[1], 1), (follow, 2))]
    with client(url, tokens, "pia") as pia:
        counts = [pia.get(f"/api/share/{t}").json()["hidden_sources"] for t in links[:2]]
        assert counts == [1, 1]  # one document quoted twice; an abstention names one of its two hidden documents
        page = pia.get(f"/share/{links[0]}", headers={"Accept-Language": "fr"}).text
        assert ui_text("fr", "share_hidden_note").format(n=1) in html.unescape(page)
        shared = pia.get(f"/api/share/{links[2]}").json()
        assert (shared["question"], shared["standalone"]) == (FOLLOW_UP, REWRITTEN)
        page = html.unescape(pia.get(f"/share/{links[2]}", headers={"Accept-Language": "de"}).text)
        assert f"<p class='meta' id='share-understood'>Understood as: {REWRITTEN}</p>" in page
        assert "share-understood" not in pia.get(f"/share/{links[0]}").text  # a question that stood alone
    for conversation in (*made, follow):
        app.assistant.delete_conversation(conversation, reader=ana)


def test_a_hidden_sources_name_in_the_understood_question_is_not_shown(server):
    _, app = server
    ana = app.assistant.reader_named("ana")
    staff = next(c for c in app.assistant.ask(STAFF_QUESTION, reader=ana).citations if c.doc == "kestrel-minutes.md")
    turn = {"question": "and who leads it?", "standalone": f"Who leads what {staff.title} says?", "language": "en",
            "answer": f"- «{staff.quote}» [1]", "citations": [{**staff.as_json(), "n": 1}]}
    owner = questions.owner_key(app.assistant.catalog, "ana")
    conversation = conversations.append(app.assistant.catalog, None, owner, turn)
    token = app.assistant.share(conversation, 1, reader=ana)
    assert app.assistant.shared(token, reader=app.signin.anonymous)["standalone"] == ""
    assert app.assistant.shared(token, reader=ana)["standalone"] == turn["standalone"]
    app.assistant.delete_conversation(conversation, reader=ana)


def test_the_rate_limits_429_is_said_in_the_readers_language():
    async def ok(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def run() -> list[httpx.Response]:
        guard = Guard(ok, limit=RateLimit(1, 60))
        transport = httpx.ASGITransport(app=guard, client=("203.0.113.9", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as http:
            return [await http.get("/api/health"), await http.get("/api/health", params={"lang": "fr"}),
                    await http.get("/api/health", headers={"Accept-Language": "de-DE,en;q=0.5"}),
                    await http.get("/api/health")]

    first, french, german, english = asyncio.run(run())
    assert first.status_code == 200 and {french.status_code, german.status_code, english.status_code} == {429}
    wait = int(french.headers["retry-after"])
    for reply, lang in ((french, "fr"), (german, "de"), (english, "en")):
        assert list(reply.json()) == ["message", "detail"]
        assert reply.json()["message"] == reply.json()["detail"] == ui_text(lang, "api_rate").format(
            wait=int(reply.headers["retry-after"]))
    assert french.json()["message"] == f"Trop de requêtes depuis cette adresse : réessayez dans {wait} s " \
                                       "(l'en-tête Retry-After dit la même chose)."
    assert "Retry-After" in english.json()["detail"]  # what programs read too


def test_report_headers_wrap_between_words_only():
    assert "#questions-report th {word-break: normal; overflow-wrap: normal; hyphens: manual;}" in layout.CSS


@pytest.mark.parametrize(("lang", "many", "one"), [
    ("en", "**13 questions**, in 5 different wordings: 12 answered, 1 not answered (8 %).",
     "**1 question**, in 1 wording: 1 answered, 0 not answered (0 %)."),
    ("fr", "**13 questions**, en 5 formulations différentes : 12 avec réponse, 1 sans réponse (8 %).",
     "**1 question**, en 1 formulation : 1 avec réponse, 0 sans réponse (0 %)."),
    ("sv", "**13 frågor**, i 5 olika formuleringar: 12 besvarade, 1 obesvarad (8 %).",
     "**1 fråga**, i 1 formulering: 1 besvarad, 0 obesvarade (0 %)."),
    ("de", "**13 Fragen**, in 5 verschiedenen Formulierungen: 12 beantwortet, 1 unbeantwortet (8 %).",
     "**1 Frage**, in 1 Formulierung: 1 beantwortet, 0 unbeantwortet (0 %)."),
])
def test_the_reports_counts_are_singular_or_plural_in_each_language(lang, many, one):
    base = {"since": None, "kept_days": 90, "groups": None, "by_lang": [], "topics": [], "unanswered": [],
            "cited": []}
    for counts, said in (((13, 5, 12, 1), many), ((1, 1, 1, 0), one)):
        n, distinct, answered, abstained = counts
        report = {**base, "questions": n, "distinct": distinct, "answered": answered, "abstained": abstained,
                  "abstained_share": abstained / n}
        assert tab.summary(report, lang)[0] == said
    kept = {1: {"en": "1 day", "fr": "1 jour", "sv": "1 dag", "de": "1 Tag"},
            90: {"en": "90 days", "fr": "90 jours", "sv": "90 dagar", "de": "90 Tage"}}
    for days, words in kept.items():
        assert words[lang] in "\n".join(tab.summary({**base, "questions": 0, "kept_days": days}, lang))
    assert counted("fr", "q_questions", 0) == "0 question" and counted("en", "q_questions", 0) == "0 questions"


def test_a_choice_refused_names_the_real_values_only():
    error = {"loc": ("query", "format"), "type": "literal_error", "msg": "Input should be '', 'markdown' or 'json'",
             "ctx": {"expected": "'', 'markdown' or 'json'"}}
    assert problem(error, "fr") == 'format prend l\'une de ces valeurs : "markdown", "json"'


def test_kept_days_is_a_whole_number_or_null(tmp_path):
    for kept, days, said in ((True, 90.0, 90), (True, 1.5, 2), (False, 90.0, None)):
        chosen = Settings(index_dir=tmp_path / "index", keep_questions=kept, keep_questions_days=days)
        report = Assistant(chosen, embedder=HashEmbedder()).questions_report()
        assert report["kept_days"] == said and type(report["kept_days"]) is type(said)
        assert json.dumps(report["kept_days"]) == json.dumps(said)  # 90, not 90.0


TRIAL_TURN = {"question": "How big is the budget (Portugal)?", "standalone": "", "language": "en",
              "answer": "According to the sources:\n- «The budget is 412,000 euros (Portugal).» [1]",
              "citations": [{"n": 1, "doc": "pt/budget.md", "title": "Budget: 2026 (draft)",
                             "source": "https://example.org/budget", "quote": "The budget is 412,000 euros."}]}


def test_the_markdown_export_reads_as_written_and_its_date_is_readable():
    markdown = as_markdown({"title": "Budget (Portugal): 412,000?", "created": "2026-12-06T03:34:12+00:00",
                            "turns": [TRIAL_TURN]})
    assert markdown.startswith("# Budget (Portugal): 412,000?\n\n2026-12-06 03:34 UTC\n\n")
    assert "## 1. How big is the budget (Portugal)?" in markdown
    assert "According to the sources:\n\n- «The budget is 412,000 euros (Portugal).» [1]" in markdown
    assert re.search(r"^1\. \[Budget: 2026 \\\(draft\\\)\]\(https://example\.org/budget#", markdown, re.M) is None
    assert re.search(r"^1\. \[Budget: 2026 \(draft\)\]\(https://example\.org/budget#:~:text=", markdown, re.M)
    assert "\\:" not in markdown and "\\," not in markdown and "\\(" not in markdown
    rendered = RENDERER.render(markdown)
    assert "<li>«The budget is 412,000 euros (Portugal).» [1]</li>" in rendered and "\\" not in rendered


def rendered_text(markdown: str, allowed: set[str]) -> str:
    """What a reader sees of rendered Markdown (the tags allowed checked): tags dropped, entities decoded."""
    out = RENDERER.render(markdown)
    assert set(re.findall(r"<(\w+)", out)) <= allowed, (markdown, out)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", out)).split())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("\\<>[]()!*_`#&;:/-=+.'\"~|0123456789\n ")), min_size=1, max_size=80))
def test_exported_text_renders_as_itself_wherever_the_export_puts_it(text):
    """Each place `plain` text takes in an export: a paragraph, a list item, a heading, a numbered source's link and
    quote; nothing in it forms a tag, link, image, heading, list, code or entity of its own."""
    want = " ".join(text.split())
    if not want:
        return
    assert rendered_text(plain(text), {"p"}) == want
    assert rendered_text(f"- {plain(text)}", {"ul", "li"}) == want
    assert rendered_text(f"## 1. {plain(text)}", {"h2"}) == f"1. {want}"
    row = f"1. [{plain(text, brackets=True)}](https://example.org/a) ({plain(text)}): «{plain(text)}»"
    assert rendered_text(row, {"ol", "li", "a"}) == f"{want} ({want}): «{want}»"
    assert rendered_text(row, {"ol", "li", "a"}) and RENDERER.render(row).count("<a ") == 1
