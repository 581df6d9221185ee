"""No raw translation key on the page (#30): every key the code asks for is in every UI language's table, with the
same placeholders, and Gradio's own key that its frontend lacks ("common.complete") is given in each language. The
page follows its language where Gradio would not (the upload box) and in eval reports (slices, interval marks); it
shows no emoji, only signs Chromium draws with the fonts here; the Evaluation tab's plots are page-wide."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from assistant.ui.texts import UI, UI_LANGS, ui_text
from assistant.ui.texts_index import METRICS

UI_SOURCE = Path(__file__).resolve().parents[1] / "assistant" / "ui"
# ui_text(lang, "key"), labelled(component, "key", …), t["key"] / texts["key"]
USES = (re.compile(r"""ui_text\([^,()]+,\s*["']([a-z0-9_]+)["']\)"""),
        re.compile(r"""labelled\(\w+,\s*["']([a-z0-9_]+)["']"""))
PREFIXES = re.compile(r"""ui_text\([^,()]+,\s*f["']([a-z0-9_]+)\{""")  # ui_text(lang, f"type_{v}")


def used_keys() -> tuple[set[str], set[str]]:
    """The keys and the key prefixes the UI's code asks for."""
    keys, prefixes = set(METRICS), set()
    for path in UI_SOURCE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in USES:
            keys |= set(pattern.findall(text))
        prefixes |= set(PREFIXES.findall(text))
    return keys, prefixes


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_code_uses_is_in_every_language():
    keys, prefixes = used_keys()
    assert len(keys) > 100 and {"type_", "mode_", "kind_", "state_"} <= prefixes
    for lang in UI_LANGS:
        missing = sorted(k for k in keys if k not in UI[lang])
        assert not missing, f"{lang} lacks {missing}: the page would fall back to English (or show the key)"
        for prefix in prefixes:
            assert any(k.startswith(prefix) for k in UI[lang]), f"{lang} has no {prefix}* text"


def test_every_language_has_the_same_keys_and_placeholders():
    for lang in UI_LANGS:
        assert set(UI[lang]) == set(UI["en"]), (lang, set(UI["en"]) ^ set(UI[lang]))
        for key, text in UI["en"].items():
            assert placeholders(UI[lang][key]) == placeholders(text), (lang, key)
            assert UI[lang][key].strip() and UI[lang][key] != key, (lang, key)


def test_gradio_is_given_the_key_its_frontend_lacks():
    from assistant.ui.server import gradio_texts

    given = gradio_texts().translations_dict
    assert {lang: given[lang]["common.complete"] for lang in UI_LANGS} == {
        lang: ui_text(lang, "gr_complete") for lang in UI_LANGS}
    assert given["sv"]["common.complete"] == "✓"


# Signs the page may show besides letters, digits and punctuation: each is drawn by DejaVu Sans (the fonts of a
# machine without a colour-emoji font) and is text, not emoji, by default (no U+FE0F). An emoji (👍 ⏳ ⚠️) renders
# as an empty box in Chromium there.
SIGNS = "✓✗⚠↻◀▶"


def ui_literals() -> list[tuple[str, str]]:
    """(where, text) of every UI table entry and every string in assistant/ui's code but docstrings."""
    import ast

    found = [(f"UI[{lang}][{key}]", text) for lang in UI_LANGS for key, text in UI[lang].items()]
    for path in UI_SOURCE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(node.body[0].value) for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and node.body and isinstance(node.body[0], ast.Expr)}
        found += [(path.name, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]
    return found


def test_the_page_shows_no_emoji_only_signs_every_font_here_draws():
    import unicodedata

    for where, text in ui_literals():
        for char in text:
            if char == "\ufe0f" or ord(char) > 0xFFFF or (unicodedata.category(char).startswith("S")
                                                         and ord(char) > 0x7F and char not in SIGNS):
                raise AssertionError(f"{where}: {char!r} ({unicodedata.name(char, '?')}) is no sign of SIGNS")
    assert {lang: ui_text(lang, "fb_up")[0] + ui_text(lang, "fb_down")[0] for lang in UI_LANGS} == {
        lang: "✓✗" for lang in UI_LANGS}  # the same signs in every language


def test_eval_reports_are_read_in_the_ui_language():
    from assistant.ui.render import report_markdown
    from assistant.ui.reports import explained

    report = "\n".join(["# Retrieval evaluation: heldout.jsonl:test", "",
                        "| mode | slice | n | hit@1 | hit@5 [95 % CI] | MRR@10 [95 % CI] |", "|---|---|---|---|---|---|",
                        "| hybrid | all | 9 | 0.5 | 0.9 [0.80, 0.95] | 0.7 [0.60, 0.80] |",
                        "| hybrid | same | 3 | 0.5 | 0.9 [0.80, 0.95] | 0.7 [0.60, 0.80] |",
                        "| hybrid | cross | 6 | 0.5 | 0.9 [0.80, 0.95] | 0.7 [0.60, 0.80] |",
                        "| hybrid | fr | 6 | 0.5 | 0.9 [0.80, 0.95] | 0.7 [0.60, 0.80] |", "",
                        "| paired vs dense | metric | difference [95 % CI] | p |", "|---|---|---|---|",
                        "| hybrid-dense | mrr@10 | +0.072 [+0.035, +0.110] | 0.001 |"])
    french = report_markdown(report, "fr")
    assert "| mode | tranche | n | hit@1 | hit@5 [IC 95 %] | MRR@10 [IC 95 %] |" in french
    assert [line.split("|")[2].strip() for line in french.splitlines()[4:8]] == [
        "toutes", "même langue", "autre langue", "fr"]
    assert "| apparié avec dense | mesure | différence [IC 95 %] | p |" in french
    assert "CI" not in french and "same" not in french and "cross" not in french
    german = report_markdown(report, "de")
    assert "hit@5 [95 %-KI]" in german and "| hybrid | gleiche Sprache | 3 |" in german
    assert "**[IC 95 %]** :" in explained("fr") and "**samma språk / annat språk**:" in explained("sv")
    for lang in UI_LANGS:  # one mark a language, in the tables and the help alike
        mark = ui_text(lang, "report_ci")
        assert mark in report_markdown(report, lang) and f"**{mark}**" in explained(lang)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The whole server over the small corpus (fake embedder), with an admin password (the upload box shows) and a
    report of the corpus in seven question languages; yields (URL, App)."""
    from assistant.api import Assistant, Settings
    from assistant.evaluation import Outcome, Question, Report, write_report
    from assistant.runs import record_run
    from tests.conftest import served_fake, write_corpus
    from tests.fakes import HashEmbedder

    tmp = tmp_path_factory.mktemp("ui-texts")
    settings = Settings(index_dir=tmp / "index", collection="ui_texts", admin_password="secret")
    Assistant(settings, embedder=HashEmbedder()).ingest([write_corpus(tmp / "corpus")])
    runs = []
    for mode, found in (("bm25", 3), ("hybrid", 1)):  # the right document at rank `found`, for every question
        outcomes = [Outcome(Question(f"q{n}", "?", lang, ["d"]), ["x"] * (found - 1) + ["d"], [], 0.01, True)
                    for n, lang in enumerate(["de", "en", "es", "fi", "fr", "pt", "sv"] * 3)]
        runs.append(Report(mode, outcomes))
    write_report(runs, tmp / "reports" / "corpus", "corpus.jsonl")
    record_run(tmp / "reports" / "corpus", "index", [str((tmp / "corpus").resolve())])
    with served_fake(settings, tmp) as running:
        yield running


AFTER = "getComputedStyle(document.querySelector('#upload-files [data-testid=upload-text]'), '::after').content"


def test_the_upload_box_speaks_the_chosen_language(browser, server):
    from tests.conftest import shots

    url, _ = server
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="load")
    page.wait_for_selector("#chatbot", timeout=30000)
    page.get_by_role("tab", name=UI["en"]["documents"], exact=True).click()
    page.wait_for_selector("#upload-files [data-testid=upload-text]", timeout=30000)
    for lang in [*UI_LANGS[1:], "en"]:  # a box already shown relabels too
        page.locator(f"#ui-lang input[value={lang}]").check()
        page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30000)
        assert page.evaluate(AFTER) == f'"{ui_text(lang, "drop_files")}"', lang
        # Gradio's own words ("Drop File Here - or - Click to Upload"), in the browser's locale, take no room
        assert page.evaluate("getComputedStyle(document.querySelector("
                             "'#upload-files [data-testid=upload-text]')).fontSize") == "0px"
        page.locator("#upload-files").screenshot(path=shots() / f"upload-box-{lang}.png")
    page.close()


def test_every_sign_the_page_shows_is_drawn(browser, server):
    """Each sign of SIGNS drawn in the page's font differs from a character no font has (an empty box)."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto(url, wait_until="load")
    page.wait_for_selector("#chatbot", timeout=30000)
    page.evaluate("""(signs) => {
      const box = document.createElement('div'); box.id = 'signs';
      box.style.cssText = 'position: fixed; top: 0; left: 0; z-index: 9999; background: white; font-size: 40px';
      for (const sign of signs) {
        const span = document.createElement('span'); span.textContent = sign; span.style.padding = '4px';
        box.appendChild(span);
      }
      document.querySelector('.gradio-container').appendChild(box);
    }""", ["\u0378", *SIGNS])  # U+0378: unassigned, in no font
    spans = page.locator("#signs span")
    missing = spans.nth(0).screenshot()
    drawn = {sign: spans.nth(n).screenshot() != missing for n, sign in enumerate(SIGNS, 1)}
    assert all(drawn.values()), drawn
    page.close()


def test_the_evaluation_plots_are_page_wide_and_readable(browser, server):
    url, _ = server
    page = browser.new_page(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="load")
    page.wait_for_function("document.querySelector('#ui-lang input[value=fr]')?.checked === true", timeout=30000)
    page.get_by_role("tab", name=UI["fr"]["evaluation"], exact=True).click()
    page.wait_for_selector("#report :text('autre langue')", timeout=30000)
    for plot in ("#hit-plot", "#runs-plot"):
        page.locator(plot).scroll_into_view_if_needed()
        page.wait_for_function(f"document.querySelector('{plot} img')?.naturalWidth > 0", timeout=30000)
        box = page.locator(f"{plot} img").bounding_box()
        assert box["width"] > 900 and box["height"] > 400, (plot, box)
    text = page.locator("#report").inner_text()
    assert "hit@5 [IC 95 %]" in text and "même langue" in text and "CI]" not in text
    page.close()
