"""A newcomer's second hour (#30), from the fresh-clone trial: the Evaluation tab's plots and table headers in the
reader's language, web sources' failures said in it by kind, the Delete list and the failed web sources following
the admin's actions and password, the command that builds an empty index named as it can be run from here (exactly
for the admin and the log, by folder names on the public page), and the welcome of an index that stays empty."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace as Request

import gradio as gr
import pytest

from assistant import plots
from assistant.api import Assistant, Reader, Seed, Settings
from assistant.corpora import build_command
from assistant.evaluation import Outcome, Question, Report, write_report
from assistant.runs import keep_previous, record_run
from assistant.ui import reports
from assistant.ui.actions import App
from assistant.ui.common import reading_as
from assistant.ui.render import report_markdown
from assistant.ui.reports import explained
from assistant.ui.texts import UI_LANGS, ui_text
from assistant.ui.webwords import said
from assistant.web import HTML_TYPES, Fetched, Fetcher, WebError, check_type, read_capped
from assistant.webpages import http_reason, ip_hint

PASSWORD = "secret"


def page(session: str) -> Request:
    """A page event's request: its session, a client address, no sign-in cookie."""
    return Request(session_hash=session, client=Request(host="192.0.2.44"), headers={})


def report(folder: Path, found: dict[str, int]) -> Path:
    """An eval report of nine questions in three languages, each mode finding the right document at a rank."""
    runs = [Report(mode, [Outcome(Question(f"q{n}", "?", lang, ["d"]), ["x"] * (rank - 1) + ["d"], [], 0.01, True)
                          for n, lang in enumerate(["de", "fr", "sv"] * 3)]) for mode, rank in found.items()]
    keep_previous(folder)
    write_report(runs, folder, "corpus.jsonl")
    record_run(folder, "index", ["/nowhere"])
    return folder


def words_of(lang: str) -> dict[str, str]:
    return {word: ui_text(lang, key) for word, key in reports.PLOT_WORDS.items()}


def texts_of(fig) -> set[str]:
    """Every word a figure shows: its title, panel titles, axis labels and legends."""
    shown = {fig._suptitle.get_text()}
    for ax in fig.axes:
        shown |= {ax.get_title(), ax.get_xlabel(), ax.get_ylabel()}
        if ax.get_legend():
            shown |= {t.get_text() for t in ax.get_legend().get_texts()}
    return shown - {""}


@pytest.mark.parametrize("lang", UI_LANGS)
def test_a_one_mode_reports_plot_titles_fit_their_figure(tmp_path, lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    folder = report(tmp_path / "reports" / "corpus", {"hybrid": 2})
    report(folder, {"hybrid": 1})
    for fig in (plots.hits_figure(plots.read_hits(folder), words_of(lang)),
                plots.runs_figure(plots.summaries(folder / plots.LATEST), plots.summaries(folder / plots.PREVIOUS),
                                  words_of(lang))):
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        box, page = fig._suptitle.get_window_extent(canvas.get_renderer()), fig.bbox
        assert page.x0 <= box.x0 and box.x1 <= page.x1, (lang, fig._suptitle.get_text())  # cut at both ends before


def test_the_evaluation_plots_are_drawn_in_the_readers_language(tmp_path, monkeypatch):
    folder = report(tmp_path / "reports" / "corpus", {"bm25": 3, "hybrid": 1})
    report(folder, {"bm25": 2, "hybrid": 1})  # a second run: the first is the previous one
    panels, latest, previous = plots.read_hits(folder), plots.summaries(folder / plots.LATEST), plots.summaries(
        folder / plots.PREVIOUS)
    english = texts_of(plots.hits_figure(panels)) | texts_of(plots.runs_figure(latest, previous))
    assert {"hit@k per mode and question language", "all (n=9)", "k (documents read)", "previous", "latest",
            "score (1.0 is perfect)"} <= english
    french = texts_of(plots.hits_figure(panels, words_of("fr"))) | texts_of(plots.runs_figure(latest, previous,
                                                                                              words_of("fr")))
    assert {"hit@k par mode et langue de la question", "toutes (n=9)", "k (documents lus)",
            "hit@k (part des questions)", "dernière exécution à côté de la précédente, par mode",
            "score (1,0 est parfait)", "précédente", "dernière", "fr (n=3)", "bm25"} <= french
    for lang in UI_LANGS[1:]:
        shown = texts_of(plots.hits_figure(panels, words_of(lang))) | texts_of(
            plots.runs_figure(latest, previous, words_of(lang)))
        assert not (shown & english) - {"bm25", "hybrid", "de (n=3)", "fr (n=3)", "sv (n=3)"}, lang
    # the tab: the report's own PNGs in English; in another language drawn once per language and report version
    monkeypatch.setattr(reports, "PLOTS", tmp_path / "plots")
    assert reports.drawn(folder, "en") == (str(folder / "hit_at_k.png"), str(folder / "runs.png"))
    hits, runs = reports.drawn(folder, "sv")
    assert hits.endswith("hit_at_k.sv.png") and runs.endswith("runs.sv.png")
    assert Path(hits).read_bytes()[:4] == b"\x89PNG" and Path(hits).read_bytes() != (folder / "hit_at_k.png").read_bytes()
    drawn_at = Path(hits).stat().st_mtime_ns
    assert reports.drawn(folder, "sv")[0] == hits and Path(hits).stat().st_mtime_ns == drawn_at  # cached
    assert reports.drawn(folder, "de")[0] != hits
    report(folder, {"bm25": 1, "hybrid": 1})  # a new run: drawn again, the old version's files gone
    again, _ = reports.drawn(folder, "sv")
    assert again != hits and Path(again).is_file() and not Path(hits).exists()
    (folder / plots.HITS_DATA).unlink()  # a report written before it kept its curves: its own plot
    assert reports.drawn(folder, "fr")[0] == str(folder / "hit_at_k.png")


def test_the_reports_passage_column_and_its_help_speak_the_readers_language(tmp_path):
    folder = report(tmp_path / "corpus", {"hybrid": 1})
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "| passage hit@5 |" in text
    for lang, name in (("fr", "hit@5 du passage"), ("sv", "hit@5 för avsnitt"), ("de", "Passagen-hit@5")):
        shown = report_markdown(text, lang)
        assert f"| {name} |" in shown and "passage hit@5" not in shown, lang
        assert f"**{name}**" in explained(lang)


def raised(call) -> str:
    try:
        call()
    except WebError as exc:
        return str(exc)
    raise AssertionError("no WebError")


def core_messages() -> list[str]:
    """What the core says of failed web sources, from its own code where it can be called here (no network)."""
    fetcher = Fetcher(Settings(web_private=False))
    big = Request(headers={"content-length": str(9 * 2**20)})
    streamed = Request(headers={}, stream=lambda size: [b"x" * 2**20, b"x"])
    return [
        raised(lambda: fetcher.check_allowed("http://127.0.0.1:8731/page.html")),  # the trial's robots.txt case
        raised(lambda: fetcher.address("127.0.0.1", 80)),
        http_reason(500), http_reason(403), http_reason(302), f"not found (HTTP {404})",
        raised(lambda: read_capped(big, 2**20)), raised(lambda: read_capped(streamed, 2**20)),
        raised(lambda: check_type(Fetched("u", 200, {"content-type": "application/pdf"}), HTML_TYPES)),
        raised(lambda: check_type(Fetched("u", 200, {}, b"%PDF-1.7"), HTML_TYPES)),
        raised(lambda: Fetched("u", 200, {}, b"\x1f\x8b\x08broken").text(2**20)),
        "timed out after 10 s (read timeout=10)", "TLS error (certificate verify failed)",
        "unreachable host example.invalid (name not resolved: Name or service not known)",
        f"no page address found in this sitemap{ip_hint('http://127.0.0.1:8731/sitemap.xml')}",
        "server error (HTTP 502); the indexed version is kept", "no main text found in the page",
    ]


def test_web_source_failures_are_said_in_the_readers_language_by_kind():
    messages = core_messages()
    # this server's own refusal, not an outage of the site's robots.txt
    assert messages[0] == ("refused by this server's settings: 127.0.0.1 is a private or loopback address "
                           "(127.0.0.1); set ASSISTANT_WEB_PRIVATE=1 to allow intranet addresses")
    for message in messages:
        kept = re.findall(r"https?://[^\s)]+|\d+(?:\.\d+)?", message)  # addresses and numbers stay
        assert said(message, "en") == message
        for lang in UI_LANGS[1:]:
            shown = said(message, lang)
            assert shown != message and all(k in shown for k in kept), (lang, message, shown)
    assert said(messages[0], "fr").startswith("refusée par les réglages de ce serveur : 127.0.0.1 est une adresse "
                                              "privée ou locale (127.0.0.1)")
    assert said(http_reason(500), "de") == "Serverfehler (HTTP 500)"
    assert said("something new the core says", "sv") == "something new the core says"


def test_a_private_address_is_said_as_this_servers_refusal_in_every_language():
    fetcher = Fetcher(Settings(web_private=False))
    refused = raised(lambda: fetcher.check_allowed("http://127.0.0.1:9/nothing"))
    # what the catalog kept from before (a robots.txt "outage"): said as the refusal it was
    before = ("http://127.0.0.1:9/robots.txt could not be read (refused: 127.0.0.1 is a private or loopback address "
              "(127.0.0.1); set ASSISTANT_WEB_PRIVATE=1 to index intranet sites): the site is not crawled until it "
              "answers")
    for lang in UI_LANGS:
        outage = ui_text(lang, "web_robots_unread").split("({reason})")[1]  # "…: the site is not crawled until …"
        for message in (refused, before):
            shown = said(message, lang)
            assert shown == ui_text(lang, "web_private").format(host="127.0.0.1", ip="127.0.0.1"), (lang, shown)
            assert "ASSISTANT_WEB_PRIVATE=1" in shown and outage not in shown and "robots.txt" not in shown


@pytest.fixture
def app(tmp_path, fake_embedder) -> App:
    settings = Settings(index_dir=tmp_path / "index", collection="hour", admin_password=PASSWORD)
    return App(Assistant(settings, embedder=fake_embedder), tmp_path / "corpus", tmp_path / "uploads",
               tmp_path / "reports")


def test_a_private_address_is_refused_in_french_in_the_web_sources_table(app):
    url = "http://127.0.0.1:8731/page.html"
    status, _, web, failed = app.add_page(url, PASSWORD, "", "fr", page("a"), progress=lambda *a, **k: None)
    row = next(r for r in web["data"] if r[0] == url)
    assert row[4].startswith("refusée par les réglages de ce serveur : 127.0.0.1 est une adresse privée ou locale")
    assert "refusée par les réglages de ce serveur" in status and "ASSISTANT_WEB_PRIVATE=1" in status
    assert "robots.txt" not in status and "tant qu'il ne répond pas" not in status  # no outage said


def test_the_delete_list_follows_uploads_and_the_failed_web_sources_show_once_the_password_is_given(app, tmp_path):
    url = "http://127.0.0.1:9/x"
    app.assistant.ingest_web([Seed(url)])  # a failed web source, from before the page was reloaded
    visitor, admin = page("visitor"), page("admin")
    with reading_as(app.reader(admin), "admin"):
        assert app.removable_web() == [] and url not in str(app.web_sources("en"))  # the admin is a visitor at first
    given = tmp_path / "notes.txt"
    given.write_text("Gozo runs a tourism cluster with forty members.", encoding="utf-8")
    app.upload([str(given)], PASSWORD, "", "en", admin, progress=lambda *a, **k: None)
    assert app.delete_choices(admin)["choices"] == ["notes.txt"]  # offered for deletion at once
    assert app.delete_choices(visitor) == {"__type__": "update"}  # another page: left as it was
    # a reloaded page: the admin's view once the password is typed (a wrong one shows nothing, and counts)
    reloaded = page("reloaded")
    assert app.admin_view("", "en", reloaded) == ({"__type__": "update"},) * 4
    wrong = app.admin_view("nope", "sv", reloaded)
    assert wrong[0] == "Fel administratörslösenord." and wrong[1:] == ({"__type__": "update"},) * 3
    _, web, failed, docs = app.admin_view(PASSWORD, "en", reloaded)
    assert url in str(web["data"]) and failed["choices"] == [url] and docs["choices"] == ["notes.txt"]
    with reading_as(app.reader(reloaded), "reloaded"):  # the page's lists in another language stay the admin's
        assert app.admin_page() and not app.current().admin
    with reading_as(app.reader(visitor), "visitor"):
        assert not app.admin_page() and app.removable_web() == []


@pytest.mark.parametrize("lang", UI_LANGS)
def test_the_right_password_after_a_wrong_one_says_signed_in_not_wrong(app, lang):
    typed = page(f"typed-{lang}")
    wrong = app.admin_view("nope", lang, typed, "")[0]
    assert wrong == ui_text(lang, "wrong_admin")
    right = app.admin_view(PASSWORD, lang, typed, wrong)[0]  # the status box still says "wrong" when it is typed
    assert right == ui_text(lang, "admin_ok") and right != wrong
    assert app.admin_view(PASSWORD, lang, page("fresh"), "")[0] == ui_text(lang, "admin_ok")
    # what an action said stays (the field left on the way to a button): only a password's refusal is replaced
    assert app.admin_view(PASSWORD, lang, typed, "indexed 1, unchanged 0, removed 0, failed 0")[0] == gr.skip()
    locked = ui_text("de", "locked").format(wait=42)
    assert app.admin_view(PASSWORD, lang, typed, locked)[0] == ui_text(lang, "admin_ok")


def test_the_page_refreshes_the_delete_list_after_each_action_and_shows_the_admins_view_on_the_password(app):
    from assistant.ui.layout import build

    demo = build(app)
    names = {i: getattr(f.fn, "__name__", "") for i, f in demo.fns.items()}
    followed = {names[f.trigger_after] for i, f in demo.fns.items() if names[i] == "delete_choices"}
    assert {"upload", "upload_page", "add_page", "add_sitemap", "refresh_web", "confirm_remove_web",
            "reingest"} <= followed
    typed = [t[1] for i, f in demo.fns.items() if names[i] == "admin_view" for t in f.targets]
    assert sorted(typed) == ["blur", "submit"]


def test_the_build_command_names_folders_as_they_can_be_used_from_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert build_command(Path("index")) == "assistant ingest FOLDER"  # no corpus/ here
    (tmp_path / "corpus").mkdir()
    assert build_command(Path("index")) == "assistant ingest corpus/"
    inside, outside = tmp_path / "docs" / "mine", tmp_path.parent / "elsewhere"
    assert build_command(Path("index/mine"), [str(inside)]) == "assistant ingest docs/mine/ --index index/mine"
    assert build_command(tmp_path / "ix", [str(outside)]) == f"assistant ingest {outside.resolve()}/ --index ix"


def test_an_empty_index_names_its_command_exactly_to_the_admin_and_by_folder_names_to_the_public(
        tmp_path, monkeypatch, fake_embedder, caplog):
    here, corpus = tmp_path / "app", tmp_path / "trial30" / "emptycorpus"
    here.mkdir()
    corpus.mkdir(parents=True)
    monkeypatch.chdir(here)
    settings = Settings(index_dir=Path("index") / "emptycorpus", collection="hour", admin_password=PASSWORD)
    app = App(Assistant(settings, embedder=fake_embedder), corpus, here / "uploads", here / "reports")
    caplog.set_level(logging.WARNING, logger="app")
    app.start_indexing([corpus]).join(timeout=120)
    exact = f"assistant ingest {corpus.resolve()}/ --index index/emptycorpus"
    assert f"`{exact}`" in caplog.text  # the log names it exactly
    with pytest.raises(Exception, match="assistant ingest …/emptycorpus/ --index index/emptycorpus`") as public:
        app.require_searchable("en")
    assert str(corpus.parent) not in str(public.value)  # the public page names no server path
    with pytest.raises(Exception, match=re.escape(f"`{exact}`")):
        app.require_searchable("en", reader=Reader(name="admin", groups=None, admin=True))
    inside = App(app.assistant, here / "docs", here / "uploads", here / "reports")
    with pytest.raises(Exception, match="`assistant ingest docs/ --index index/emptycorpus`"):
        inside.require_searchable("en")


@pytest.mark.parametrize("lang", UI_LANGS)
def test_the_welcome_of_an_index_left_empty_says_what_the_admin_can_do(tmp_path, fake_embedder, lang):
    corpus = tmp_path / "empty"
    corpus.mkdir()
    settings = Settings(index_dir=tmp_path / "index", collection="hour", admin_password=PASSWORD)
    app = App(Assistant(settings, embedder=fake_embedder), corpus, tmp_path / "uploads", tmp_path / "reports")
    app.indexing.running = True
    assert app.welcome(lang)[0] == ui_text(lang, "welcome_empty")  # while indexing: documents appear as indexed
    app.indexing.running = False
    app.start_indexing([corpus]).join(timeout=120)
    text, examples = app.welcome(lang)
    assert text == ui_text(lang, "welcome_none").format(command="assistant ingest …/empty/ --index …/index")
    assert examples == [] and text != ui_text(lang, "welcome_empty")


def test_browser_the_admins_page_lists_failed_sources_and_new_uploads_without_a_reload(tmp_path, browser):
    from tests.conftest import served_fake, write_corpus
    from tests.fakes import HashEmbedder

    url = "http://127.0.0.1:9/x"
    settings = Settings(index_dir=tmp_path / "index", collection="hour", admin_password=PASSWORD)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp_path / "corpus")])
    assistant.ingest_web([Seed(url)])  # failed before the page was opened
    given = tmp_path / "gozo notes.txt"
    given.write_text("Gozo runs a tourism cluster with forty members.", encoding="utf-8")
    with served_fake(settings, tmp_path) as (address, _):
        page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1100})
        page.goto(address, wait_until="load")
        page.wait_for_selector("#chatbot", timeout=30000)
        page.get_by_role("tab", name="Documents", exact=True).click()
        page.wait_for_function("document.querySelector('#web-sources')?.innerText.includes('Address')",
                               timeout=30000)
        assert url not in page.inner_text("#web-sources")  # a visitor's view until the password is given
        page.get_by_label(ui_text("en", "password")).fill(PASSWORD)
        page.keyboard.press("Tab")  # the field left: the admin's view
        page.wait_for_function("(u) => document.querySelector('#web-sources').innerText.includes(u)", arg=url,
                               timeout=30000)
        page.click("#web-source input")  # every web source, the failed one too
        assert page.get_by_role("option", name=url).count() == 1
        page.keyboard.press("Escape")
        page.locator("#ui-lang input[value=fr]").check()  # another language: still the admin's view
        page.wait_for_function("document.querySelector('#web-sources').innerText.includes('Adresse')", timeout=30000)
        assert url in page.inner_text("#web-sources")
        page.set_input_files("#upload-files input[type=file]", str(given))
        page.get_by_role("button", name=ui_text("fr", "upload"), exact=True).click()
        page.wait_for_function("document.querySelector('#admin-status textarea')?.value.startsWith('indexés 1')",
                               timeout=60000)
        page.click("#delete-doc input")  # the upload may be deleted at once
        page.wait_for_selector("[role=option]:has-text('gozo notes.txt')", timeout=30000)
        page.close()
