"""#31 from the second fresh-clone trial, in Debian's Chromium over the whole server (the fake embedder answers): a
pop-up titled in the page's language (French, German), with no English word; a delete that asks first, naming the
conversation; the Questions report's headers wrapped between words in French and German. Screenshots go to
tests/conftest.shots()."""

from __future__ import annotations

import httpx
import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui.texts import ui_text
from tests.conftest import PASSWORD, add_readers, served_fake, shots, write_corpus
from tests.fakes import HashEmbedder

# The words of the report's table headers that the browser broke over two lines (a Range over each word has client
# rectangles on more than one line).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll('#questions-report th')) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The whole server over a fake-embedder index of the fixtures, users ana (staff) and pia (public); ana has asked
    a few questions (the report's tables). Yields (URL, App)."""
    tmp = tmp_path_factory.mktemp("second-trial-browser")
    settings = Settings(index_dir=tmp / "index", collection="second_browser", admin_password=PASSWORD,
                        api_rate_limit=0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    tokens = add_readers(assistant)
    with served_fake(settings, tmp) as (url, app):
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {tokens['ana']}"}, timeout=120) as http:
            for question in ("Combien de clusters à Hambourg ?", "Where can visitors park at the cluster office?",
                             "Wie viele Cluster fördert Hamburg?", "Hur många partner har Inno Industry?") * 2:
                assert http.post("/api/ask", json={"question": question}).status_code == 200
        yield url, app


def opened(browser, url: str, locale: str, width: int = 1400):
    """A page of the app in a browser of that locale, once it has loaded in its language; (context, page)."""
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto(url + "/", wait_until="load")
    page.wait_for_selector("#history-list", timeout=30000)
    page.wait_for_function(f"document.documentElement.lang === '{locale[:2]}'", timeout=30000)
    page.wait_for_selector(f"#history-rename:has-text('{ui_text(locale[:2], 'h_rename')}')", timeout=30000)
    return context, page


@pytest.mark.parametrize("locale", ["fr-FR", "de-DE"])
def test_a_pop_up_is_titled_in_the_pages_language_with_no_english_word(browser, server, locale):
    url, _ = server
    lang = locale[:2]
    context, page = opened(browser, url, locale)
    page.click("#history-rename")  # no conversation chosen: a warning
    page.wait_for_selector("[data-testid=toast-body]", timeout=30000)
    title = page.evaluate("""() => { const t = document.querySelector('.toast-title');
        return [t.innerText, getComputedStyle(t, '::before').content, getComputedStyle(t).visibility]; }""")
    assert title == ["", f'"{ui_text(lang, "warning")}"', "hidden"]  # the English word neither seen nor read
    shown = page.inner_text("[data-testid=toast-body]")
    assert ui_text(lang, "h_pick") in shown and "Warning" not in page.inner_text("body")
    page.screenshot(path=str(shots() / f"pop-up-{lang}.png"))
    context.close()


def test_delete_asks_first_naming_the_conversation(browser, server):
    url, _ = server
    context, page = opened(browser, url, "fr-FR")
    page.fill("#question textarea", "Combien de clusters à Hambourg ?")
    page.click("#send")
    page.wait_for_selector("#history-list label:has-text('Combien de clusters')", timeout=60000)
    page.click("#history-delete")
    asked = page.locator("#history-delete-confirm")
    asked.wait_for(state="visible", timeout=30000)
    assert asked.inner_text().startswith("Supprimer « Combien de clusters à Hambourg ? » de ce navigateur ?")
    page.screenshot(path=str(shots() / "delete-asked.png"))
    page.click("#history-delete-no")  # not deleted
    asked.wait_for(state="hidden", timeout=30000)
    assert page.locator("#history-list label").count() == 1
    page.click("#history-delete")
    page.click("#history-delete-yes")
    page.wait_for_function("document.querySelectorAll('#history-list label').length === 0", timeout=30000)
    assert page.locator("#chatbot .message-row").count() == 0
    context.close()


@pytest.mark.parametrize("locale", ["fr-FR", "de-DE"])
def test_the_reports_headers_wrap_between_words_only(browser, server, locale):
    url, _ = server
    lang = locale[:2]
    context = browser.new_context(locale=locale, viewport={"width": 1000, "height": 1000})
    page = context.new_page()
    page.goto(url + "/signin", wait_until="load")
    page.fill("#name", "ana")
    page.fill("#password", "ana password 123")
    page.click("#signin-submit")
    page.goto(url + "/", wait_until="load")
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30000)
    page.get_by_role("tab", name=ui_text(lang, "q_tab")).click(timeout=30000)
    page.wait_for_selector("#questions-report table th", timeout=60000)
    headers = page.locator("#questions-report th").all_inner_texts()
    assert ui_text(lang, "q_col_asked") in headers and ui_text(lang, "q_col_langs") in headers
    assert page.evaluate(BROKEN_WORDS) == []
    report = page.locator("#questions-report")
    assert page.evaluate("(r) => r.scrollWidth <= r.clientWidth", report.element_handle())  # no table cut off
    report.screenshot(path=str(shots() / f"report-headers-{lang}.png"))
    context.close()
