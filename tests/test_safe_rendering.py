"""Document- and model-derived text on the page: one Markdown escaper (render.markdown_text) for the Markdown
components and html.escape for the HTML ones; nothing a document says can become a tag, link or image."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui.actions import App
from assistant.ui.render import markdown_text
from tests.fakes import HashEmbedder

# The harshest reading: raw HTML allowed (as Gradio's Markdown allows it before sanitising)
RENDERER = MarkdownIt("commonmark", {"html": True})
HOSTILE = [
    r"\<img src=https://evil.example/p.png\>",  # the backslash trick that defeated the old escaper
    "[Grants](https://evil.example/x)", "![pixel](https://evil.example/p.png)", "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "<a href='javascript:alert(1)'>x</a>", "# Article 24", "    indented code \\(",
    "&lt;img src=x onerror=alert(1)&gt;", "<https://evil.example/auto>", "javascript:alert(1)", "`code` *em* _em_",
    "[ref]: https://evil.example/r\n[ref]", "1. one\n- two\n> quote", "\\\\<b>bold</b>", "&#60;b&#62;",
]


def rendered_text(markdown: str) -> str:
    """What a reader sees of rendered Markdown: tags dropped, entities decoded, whitespace folded."""
    out = RENDERER.render(markdown)
    assert re.findall(r"<(\w+)", out) and set(re.findall(r"<(\w+)", out)) <= {"p", "br"}, out
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", out)).split())


def test_hostile_text_renders_as_the_same_text_and_nothing_else():
    for text in HOSTILE:
        assert rendered_text(markdown_text(text)) == " ".join(text.split()), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("\\<>[]()!*_`#&;:/-=+.'\"\n ")), min_size=1, max_size=120))
def test_any_text_renders_as_itself(text):
    if not text.strip():
        return
    assert rendered_text(markdown_text(text)) == " ".join(text.split())


def test_a_hostile_title_is_inert_in_the_empty_chat(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "grants.md").write_text("# [Grants](https://evil.example/x) ![p](https://evil.example/p.png)\n\n"
                                      "The hub gives small grants to member firms every spring.", encoding="utf-8")
    (corpus / "manifest.jsonl").write_text('{"file": "grants.md", "topic": "[Click](javascript:alert(1))"}\n',
                                           encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="render"), embedder=HashEmbedder())
    assistant.ingest([corpus])
    text, examples = App(assistant, corpus, tmp_path / "up", tmp_path / "rep").welcome("en")
    out = RENDERER.render(text)
    assert "<a" not in out and "<img" not in out and "javascript:alert(1)" in html.unescape(out)
    assert examples and all("[Click]" in e for e in examples)  # the examples box shows text, not Markdown


def test_a_web_pages_title_reaches_the_welcome_on_one_line_without_bidi_tricks(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    spoofed = "Fjordia \u202egnirap\u202c Cluster\u200b\nNews " + "very long " * 100
    (corpus / "hub.html").write_text(f"<html><head><title>{html.escape(spoofed)}</title></head><body><p>The Fjordia "
                                     "cluster gathers forty shipyards on the coast.</p></body></html>",
                                     encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="render"), embedder=HashEmbedder())
    assistant.ingest([corpus])
    (row,) = assistant.documents()
    assert row.title.startswith("Fjordia gnirap Cluster News very long") and row.title.endswith("…")
    assert len(row.title) <= 301 and "\n" not in row.title and not re.search("[\u200b-\u200f\u202a-\u202e]", row.title)
