"""Safe deletes on the Documents tab (#30): nothing chosen at first, "Delete «title»?" before anything is deleted, a
wrong admin password said as wrong (in the reader's language), the upload's cached copies gone with it, and a
failed web source removable from the list."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from assistant.api import Assistant, Seed
from assistant.config import Settings
from assistant.ui.actions import App
from tests.conftest import PASSWORD, write_corpus

CLIENT = SimpleNamespace(client=SimpleNamespace(host="192.0.2.30"), headers={})  # a page event's request


@pytest.fixture
def app(tmp_path, fake_embedder) -> App:
    """The handlers over the fixtures, with an admin password."""
    settings = Settings(index_dir=tmp_path / "index", collection="test", admin_password=PASSWORD, web_retries=0,
                        web_timeout=2)
    assistant = Assistant(settings, embedder=fake_embedder)
    assistant.ingest([write_corpus(tmp_path / "corpus")])
    return App(assistant, tmp_path / "corpus", tmp_path / "uploads", tmp_path / "reports")


def docs(app: App) -> set[str]:
    return {d.doc for d in app.assistant.documents(reader=app.signin.admin())}


def test_a_delete_asks_first_and_names_the_document(app):
    status, confirm, question = app.ask_delete("sv/inno-industry.txt", PASSWORD, "sv", CLIENT)
    assert status == "" and confirm["visible"] is True
    assert question.startswith("**Ta bort «Inno Industry \\(Propell\\)»?") and "inno\\-industry" in question
    assert "sv/inno-industry.txt" in docs(app)  # asked, not deleted
    status, table, choices, confirm, *_ = app.confirm_delete("sv/inno-industry.txt", PASSWORD, "sv", CLIENT)
    assert status == "borttaget: sv/inno-industry.txt" and confirm["visible"] is False
    assert choices["value"] is None and "sv/inno-industry.txt" not in choices["choices"]
    assert "sv/inno-industry.txt" not in docs(app) and "inno-industry" not in str(table)


def test_a_wrong_password_is_said_as_wrong_and_a_missing_one_as_needed(app):
    wrong, confirm, _ = app.ask_delete("en/observatory.md", "nope", "de", CLIENT)
    assert wrong == "Falsches Admin-Passwort." and confirm["visible"] is False
    needed, *_ = app.ask_delete("en/observatory.md", "", "de", CLIENT)
    assert needed == "Änderungen am Index brauchen das Admin-Passwort."
    nothing, confirm, _ = app.ask_delete("", PASSWORD, "fr", CLIENT)
    assert nothing == "Choisissez d'abord le document à supprimer." and confirm["visible"] is False
    assert "en/observatory.md" in docs(app)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_change_while_the_background_indexing_runs_is_refused_in_a_status_not_an_error(app, tmp_path, lang):
    from assistant.ui.texts import ui_text

    quiet = lambda *a, **k: None  # noqa: E731 (Gradio's progress bar)
    given = tmp_path / "gozo.txt"
    given.write_text("Gozo runs a tourism cluster with forty members.", encoding="utf-8")
    busy = ui_text(lang, "busy_indexing")
    app.indexing.running = True  # the start-up's background indexing holds the writer
    try:
        assert app.ask_delete("en/observatory.md", PASSWORD, lang, CLIENT)[0] == busy
        assert app.upload_page([str(given)], PASSWORD, "", lang, CLIENT, progress=quiet)[0] == busy
        assert app.add_web("http://site.test/x", "page", PASSWORD, "", lang, CLIENT, progress=quiet)[0] == busy
        assert app.refresh_web(PASSWORD, lang, CLIENT, progress=quiet)[0] == busy
        assert app.ask_remove_web("http://site.test/x", PASSWORD, lang, CLIENT)[0] == busy
        status, table, *_ = app.confirm_delete("en/observatory.md", PASSWORD, lang, CLIENT)
        assert status == busy and "observatory" in str(table)  # the table as it was, not an error badge
    finally:
        app.indexing.running = False
    assert "en/observatory.md" in docs(app) and "gozo.txt" not in docs(app)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_change_while_another_admin_change_runs_is_refused_in_a_status_not_an_error(app, lang):
    from assistant.ui.texts import ui_text

    quiet = lambda *a, **k: None  # noqa: E731 (Gradio's progress bar)
    busy = ui_text(lang, "busy_writing")
    with app.assistant._writing():  # a first admin's upload or delete still running (a second click, two tabs)
        assert app.ask_delete("en/observatory.md", PASSWORD, lang, CLIENT)[0] == busy
        assert app.add_web("http://site.test/x", "page", PASSWORD, "", lang, CLIENT, progress=quiet)[0] == busy
        status, table, *_ = app.confirm_delete("en/observatory.md", PASSWORD, lang, CLIENT)
        assert status == busy and "observatory" in str(table)
    assert "en/observatory.md" in docs(app)
    assert app.ask_delete("en/observatory.md", PASSWORD, lang, CLIENT)[0] == ""  # free again: asked as before


def test_an_upload_refused_by_a_change_that_began_after_the_check_puts_the_files_back(app, tmp_path, monkeypatch):
    from assistant.errors import WriterBusy

    given = tmp_path / "first" / "gozo.txt"
    given.parent.mkdir()
    given.write_text("Gozo has a maritime cluster of twelve firms.", encoding="utf-8")
    assert app.upload_files([("gozo.txt", given)])["indexed"] == ["gozo.txt"]
    second = tmp_path / "second"
    second.mkdir()
    (second / "gozo.txt").write_text("Replaced text.", encoding="utf-8")
    (second / "comino.txt").write_text("Comino has one hotel.", encoding="utf-8")

    def raced(*args, **kwargs):  # another admin's change took the writer between the check and the ingest
        raise WriterBusy("another change", "busy_writing")

    monkeypatch.setattr(app.assistant, "ingest", raced)
    with pytest.raises(WriterBusy):
        app.upload_files([("gozo.txt", second / "gozo.txt"), ("comino.txt", second / "comino.txt")])
    assert sorted(p.name for p in app.uploads.iterdir()) == ["gozo.txt"]
    assert (app.uploads / "gozo.txt").read_text(encoding="utf-8").startswith("Gozo has a maritime cluster")


def test_deleting_an_upload_clears_its_cached_copies(app, tmp_path, monkeypatch):
    cache = tmp_path / "gradio-cache"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    given = tmp_path / "given" / "malta notes.txt"
    given.parent.mkdir()
    given.write_text("Malta supports eight maritime clusters.", encoding="utf-8")
    copy = cache / "0f3a" / "malta notes.txt"  # what the page's file box leaves behind
    copy.parent.mkdir(parents=True)
    copy.write_bytes(given.read_bytes())
    other = cache / "77aa" / "keep.txt"
    other.parent.mkdir()
    other.write_text("another upload", encoding="utf-8")
    assert app.upload_files([("malta notes.txt", given)])["summary"].startswith("indexed 1")
    assert "malta notes.txt" in docs(app)
    app.confirm_delete("malta notes.txt", PASSWORD, "en", CLIENT)
    assert "malta notes.txt" not in docs(app) and not (app.uploads / "malta notes.txt").exists()
    assert not copy.exists() and other.exists()


@pytest.mark.parametrize("lang", ["en", "fr", "sv", "de"])
def test_upload_without_a_file_says_to_choose_one_and_a_done_upload_empties_the_files_box(app, tmp_path, lang):
    from assistant.ui.texts import ui_text

    quiet = lambda *a, **k: None  # noqa: E731 (Gradio's progress bar)
    for empty in (None, []):
        status, _, box = app.upload_page(empty, PASSWORD, "", lang, CLIENT, progress=quiet)
        assert status == ui_text(lang, "upload_pick") and status[0].isupper() and ".pdf" in status
        assert ui_text(lang, "upload") in status and box == {"__type__": "update"}  # nothing to empty
    given = tmp_path / "gozo.txt"
    given.write_text("Gozo runs a tourism cluster with forty members.", encoding="utf-8")
    status, _, box = app.upload_page([str(given)], "nope", "", lang, CLIENT, progress=quiet)
    assert status == ui_text(lang, "wrong_admin") and box == {"__type__": "update"}  # kept, for another try
    status, _, box = app.upload_page([str(given)], PASSWORD, "", lang, CLIENT, progress=quiet)
    assert "gozo.txt" in docs(app) and box == {"__type__": "update", "value": None}  # emptied: not added twice
    # programs' /upload keeps its two outputs
    assert len(app.upload([str(given)], PASSWORD, "", lang, CLIENT, progress=quiet)) == 2


def test_the_pages_upload_button_empties_the_files_box(app):
    from assistant.ui.layout import build

    demo = build(app)
    by_name = {getattr(f.fn, "__name__", ""): f for f in demo.fns.values()}
    files = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "upload-files")
    assert files._id in [o._id for o in by_name["upload_page"].outputs]
    assert by_name["upload"].api_name == "upload" and len(by_name["upload"].outputs) == 2


def test_a_failed_web_source_can_be_removed_from_the_list(app):
    url = "http://127.0.0.1:9/x"  # a loopback address: refused, listed as failed
    app.assistant.ingest_web([Seed(url)])
    assert app.removable_web(app.signin.admin()) == [url]
    refused = app.remove_web(url, "nope", "en", CLIENT)
    assert refused[0] == "Wrong admin password." and app.removable_web(app.signin.admin()) == [url]
    status, _, web, sources = app.remove_web(url, PASSWORD, "en", CLIENT)
    assert status == f"removed {url}" and url not in str(web) and sources["choices"] == []
    assert app.assistant.web_sources() == []


@pytest.fixture
def web_app(site, tmp_path, fake_embedder) -> tuple[App, str]:
    """The handlers with the local site's sitemap added by the admin (7 pages indexed); the sitemap's address."""
    from tests.websites import web_settings

    settings = web_settings(tmp_path / "index", admin_password=PASSWORD)
    app = App(Assistant(settings, embedder=fake_embedder), tmp_path / "corpus", tmp_path / "uploads", tmp_path / "r")
    app.add_sitemap(site.url("/sitemap.xml"), PASSWORD, "", "en", CLIENT, progress=quiet)
    return app, site.url("/sitemap.xml")


def quiet(*args, **kwargs) -> None:
    """Gradio's progress bar, unseen."""


def test_a_working_sitemap_is_removed_with_its_pages_after_a_confirmation_naming_it(web_app, site):
    app, sitemap = web_app
    pages = [d for d in docs(app) if d.startswith(site.base)]
    assert len(pages) == 7 and app.removable_web(app.signin.admin())[0] == sitemap  # read, not failed: offered too
    assert site.url("/fr/poles.html") in app.removable_web(app.signin.admin())  # so is each page
    assert app.ask_remove_web(sitemap, "nope", "de", CLIENT)[0] == "Falsches Admin-Passwort."
    assert app.ask_remove_web("", PASSWORD, "en", CLIENT)[0] == "Choose the web source to remove first."
    status, confirm, question = app.ask_remove_web(sitemap, PASSWORD, "de", CLIENT)
    assert status == "" and confirm["visible"] is True and "(Sitemap) aus den Webquellen entfernen?" in question
    assert "Ihre 7 indexierten Seiten verschwinden für alle Leser aus dem Index." in question
    assert set(pages) <= docs(app)  # asked, nothing removed yet
    status, table, web, sources, confirm = app.confirm_remove_web(sitemap, PASSWORD, "de", CLIENT)
    assert status == f"entfernt: {sitemap} mit ihren 7 indexierten Seiten" and confirm["visible"] is False
    assert web["data"] == [] and sources == {"__type__": "update", "choices": [], "value": None}
    assert not set(pages) & docs(app) and site.base not in str(table["data"])
    app.refresh_web(PASSWORD, "en", CLIENT, progress=quiet)  # "Check web sources now" brings nothing back
    assert not set(pages) & docs(app) and app.assistant.web_sources() == []


def test_a_deleted_page_of_a_sitemap_says_it_stays_out_and_does_not_come_back(web_app, site):
    app, sitemap = web_app
    poles = site.url("/fr/poles.html")
    _, _, question = app.ask_delete(poles, PASSWORD, "fr", CLIENT)
    assert "Elle vient de" in question and "(plan de site), dont les vérifications l'ignorent désormais" in question
    app.confirm_delete(poles, PASSWORD, "fr", CLIENT)
    status, _, web, _ = app.refresh_web(PASSWORD, "fr", CLIENT, progress=quiet)
    assert poles not in docs(app) and poles not in str(web["data"])
    said = {row[0]: row[4] for row in web["data"]}[sitemap]
    assert said == "8 pages ; supprimées par l'administrateur, non réindexées : 1"


def test_deleting_a_web_page_refreshes_the_web_sources_table_and_list_at_once(web_app, site):
    app, _ = web_app
    poles = site.url("/fr/poles.html")
    assert poles in str(app.tables("en")[1]["data"])
    status, table, choices, confirm, web, sources = app.confirm_delete(poles, PASSWORD, "sv", CLIENT)
    assert status == f"borttaget: {poles}" and poles not in str(table["data"])
    assert poles not in str(web["data"]) and web["headers"][0] == "Adress"  # the table as it is now, in Swedish
    assert poles not in sources["choices"] and site.url("/sitemap.xml") in sources["choices"]


def test_the_page_refreshes_the_web_sources_after_a_delete_and_asks_before_removing_one(app):
    from assistant.ui.layout import build

    demo = build(app)
    by_name = {getattr(f.fn, "__name__", ""): f for f in demo.fns.values()}
    ids = lambda fn: {getattr(b, "elem_id", None) for b in by_name[fn].outputs}  # noqa: E731
    assert {"web-sources", "web-source", "documents-table", "delete-doc"} <= ids("confirm_delete")
    assert ids("ask_remove_web") == {"admin-status", "web-confirm", "web-question"}  # asks first, removes nothing
    assert {"web-sources", "web-source", "web-confirm"} <= ids("confirm_remove_web")


@pytest.fixture(scope="module")
def web_site():
    """The local web site (tests/websites.py), for the whole module."""
    from tests.websites import Server

    with Server() as running:
        yield running


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, launched_app, web_site):
    """app.py over the fixtures, allowed to read the local web site (its host name mapped to 127.0.0.1)."""
    from tests.websites import HOST

    tmp = tmp_path_factory.mktemp("delete")
    with launched_app(tmp, write_corpus(tmp / "corpus"), ASSISTANT_WEB_PRIVATE="1",
                      ASSISTANT_WEB_HOSTS=f"{HOST}=127.0.0.1", ASSISTANT_WEB_DELAY="0.02") as url:
        yield url


def chosen(page) -> str:
    return page.input_value("#delete-doc input")


def said(page, text: str) -> None:
    """Wait until the admin status box says this."""
    page.wait_for_function("(t) => document.querySelector('#admin-status textarea')?.value.includes(t)", arg=text,
                           timeout=30000)


def test_browser_a_delete_needs_the_confirmation(browser, app_url):
    page = browser.new_page(locale="sv-SE", viewport={"width": 1400, "height": 1100})
    page.goto(app_url, wait_until="load")
    page.wait_for_function("document.querySelector('#ui-lang input[value=sv]')?.checked === true", timeout=30000)
    page.get_by_role("tab", name="Dokument").click()
    page.wait_for_function("document.querySelector('#documents-table')?.innerText.includes('hamburg.html')",
                           timeout=30000)
    assert chosen(page) == ""  # nothing chosen: Delete alone deletes nothing
    page.get_by_label("Administratörslösenord").fill(PASSWORD)
    page.click("#delete")
    said(page, "Välj först dokumentet som ska tas bort.")
    page.click("#delete-doc input")
    page.get_by_role("option", name="de/hamburg.html").click()
    page.get_by_label("Administratörslösenord").fill("nope")
    page.click("#delete")
    said(page, "Fel administratörslösenord.")
    assert page.locator("#delete-confirm").is_hidden()
    page.get_by_label("Administratörslösenord").fill(PASSWORD)
    page.click("#delete")
    page.wait_for_selector("#delete-question :text('Ta bort «Clusterpolitik in Hamburg»?')", timeout=30000)
    page.click("#delete-no")  # cancelled: nothing deleted
    said(page, "Inget togs bort.")
    assert page.locator("#delete-confirm").is_hidden()
    assert "hamburg.html" in page.inner_text("#documents-table")
    page.click("#delete")
    page.wait_for_selector("#delete-yes", timeout=30000)
    page.click("#delete-yes")
    page.wait_for_function("!document.querySelector('#documents-table').innerText.includes('hamburg.html')",
                           timeout=60000)
    assert chosen(page) == "" and page.locator("#delete-confirm").is_hidden()
    page.reload(wait_until="load")  # a reloaded page chooses nothing, and lists the deleted document no more
    page.get_by_role("tab", name="Dokument").click()
    page.wait_for_function("document.querySelector('#documents-table')?.innerText.includes('observatory.md')",
                           timeout=30000)
    time.sleep(1)
    assert chosen(page) == "" and "hamburg.html" not in page.inner_text("#documents-table")
    page.click("#delete-doc input")
    assert page.get_by_role("option", name="de/hamburg.html").count() == 0
    announced = page.evaluate("[...document.querySelectorAll('[aria-live], [role=status]')]"
                              ".map(e => e.textContent).join(' ')")
    assert "common." not in announced and "common." not in page.inner_text("body")  # no raw Gradio key
    page.close()


def test_browser_the_admins_trial_of_the_documents_tab(browser, app_url, web_site, tmp_path):
    """The fresh-clone trial, in the page: the right password after a wrong one, Upload without a file and the Files
    box emptied after one, a sitemap's page deleted (the web sources table follows at once, and a check does not
    bring it back), then the sitemap removed with its pages after a confirmation naming it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    sitemap, poles = web_site.url("/sitemap.xml"), web_site.url("/fr/poles.html")
    page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 1400})
    page.goto(app_url, wait_until="load")
    page.wait_for_function("document.querySelector('#ui-lang input[value=en]')?.checked === true", timeout=30000)
    page.get_by_role("tab", name="Documents").click()
    field = page.get_by_label("Admin password")
    field.fill("nope")
    field.press("Enter")
    said(page, "Wrong admin password.")
    field.fill(PASSWORD)
    field.press("Enter")
    said(page, "Signed in as admin.")  # not the stale "Wrong admin password."
    page.click("#upload")
    said(page, "Choose a file first (.txt .md .html .pdf), then click Upload.")
    given = tmp_path / "gozo.txt"
    given.write_text("Gozo runs a tourism cluster with forty members.", encoding="utf-8")
    for attempt in range(2):  # a file given to the input before the box is ready again can be dropped (under load)
        page.set_input_files("#upload-files input[type=file]", str(given))
        try:
            page.wait_for_function("document.querySelector('#upload-files').innerText.includes('gozo.txt')",
                                   timeout=30000)
            break
        except PlaywrightTimeout:
            if attempt:
                raise
    page.click("#upload")
    said(page, "indexed 1")
    page.wait_for_function("!document.querySelector('#upload-files').innerText.includes('gozo.txt')", timeout=30000)
    page.fill("#web-url textarea, #web-url input", sitemap)
    page.get_by_role("button", name="Add sitemap").click()
    said(page, "indexed 7")
    page.wait_for_function("(u) => document.querySelector('#web-sources').innerText.includes(u)", arg=poles,
                           timeout=30000)
    page.click("#delete-doc input")
    page.get_by_role("option", name=poles, exact=True).click()
    page.click("#delete")
    page.wait_for_selector("#delete-question :text('whose checks skip it from now on')", timeout=30000)
    page.click("#delete-yes")
    said(page, f"removed {poles}")
    # the web sources table follows the delete in this page, no reload
    page.wait_for_function("(u) => !document.querySelector('#web-sources').innerText.includes(u)", arg=poles,
                           timeout=30000)
    page.get_by_role("button", name="Check web sources now").click()
    said(page, "indexed 0, unchanged 6")
    assert poles not in page.inner_text("#documents-table")  # not brought back by the sitemap
    page.click("#web-source input")
    page.get_by_role("option", name=sitemap, exact=True).click()
    page.click("#web-forget")
    page.wait_for_selector(f"#web-question :text('Remove «{sitemap}» (sitemap) from the web sources?')",
                           timeout=30000)
    assert "Its 6 indexed pages leave the index for every reader." in page.inner_text("#web-question")
    assert web_site.url("/de/cluster.html") in page.inner_text("#documents-table")  # asked, nothing removed yet
    page.click("#web-yes")
    said(page, f"removed {sitemap} and its 6 indexed pages")
    page.wait_for_function("(b) => !document.querySelector('#documents-table').innerText.includes(b)",
                           arg=web_site.base, timeout=30000)
    assert web_site.base not in page.inner_text("#web-sources") and page.locator("#web-confirm").is_hidden()
    assert "gozo.txt" in page.inner_text("#documents-table")
    page.close()


def test_the_page_gives_gradio_the_key_its_frontend_lacks(app_url):
    import httpx

    config = httpx.get(app_url + "config", timeout=30).json()
    assert config["i18n_translations"]["sv"]["common.complete"] == "✓"
