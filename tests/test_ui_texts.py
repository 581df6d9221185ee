"""No raw translation key on the page (#30): every key the code asks for is in every UI language's table, with the
same placeholders, and Gradio's own key that its frontend lacks ("common.complete") is given in each language."""

from __future__ import annotations

import re
import string
from pathlib import Path

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
