"""Each UI language rendered in the browser: every tab relabelled, no string left from another language's table."""

from __future__ import annotations

import pytest

from assistant.ui.texts import UI, UI_LANGS
from tests.conftest import VISIBLE, leftovers, write_corpus


def test_the_check_finds_a_leftover():
    assert leftovers("Dialogue\nSearch\nBonnes pratiques", "fr") == ["Search"]
    assert leftovers("Indexation en arrière-plan : 3 documents sur 4 interrogeables", "sv")
    assert not leftovers("Status\nPDF\nDokument", "sv")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, launched_app):
    """The app over the small multilingual corpus."""
    tmp = tmp_path_factory.mktemp("ui-language")
    with launched_app(tmp, write_corpus(tmp / "corpus")) as url:
        yield url


def test_each_ui_language_shows_no_string_of_another(browser, app_url):
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    page.goto(app_url, wait_until="load")
    page.wait_for_selector("#chatbot :text('The index holds')", timeout=30000)
    page.get_by_role("tab", name=UI["en"]["search"]).click()
    page.fill("#query textarea", "cluster policy")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results .doc-card", timeout=60000)
    for lang in [*UI_LANGS[1:], "en"]:  # every language switched to, and back to English
        t = UI[lang]
        page.locator(f"#ui-lang input[value={lang}]").check()
        page.get_by_role("tab", name=t["chat"], exact=True).wait_for(timeout=30000)
        page.wait_for_selector(f"#results :text('{t['page_of'].format(page=1, pages=1)}')", state="attached",
                               timeout=30000)
        seen = []
        for key in ("chat", "search", "documents", "evaluation"):
            page.get_by_role("tab", name=t[key], exact=True).click()
            page.wait_for_timeout(300)
            seen.append(page.evaluate(VISIBLE))
        text = "\n".join(seen)
        assert leftovers(text, lang) == [], lang
        for key in ("mode_hybrid", "examples", "col_title", "col_chunks", "export", "password", "status"):
            assert t[key] in text, (lang, key)
        assert t["placeholder"] in text or t["example"].split("{")[0].strip() in text, lang
    page.close()


def test_the_language_radio_stays_on_one_row_and_the_chat_has_no_floating_label(browser, app_url):
    page = browser.new_page(locale="de-DE", viewport={"width": 1280, "height": 900})
    page.goto(app_url, wait_until="load")
    page.wait_for_function("document.querySelector('#ui-lang input[value=de]')?.checked === true", timeout=30000)
    tops = {round(box["y"]) for box in (page.locator(f"#ui-lang label:has(input[value={c}])").bounding_box()
                                        for c in UI_LANGS)}
    assert len(tops) == 1  # "de" not alone on a second row
    assert page.locator("#chatbot label, #chatbot [data-testid=block-label]").count() == 0
    page.close()
