"""The read-only page of a permalink (/share/TOKEN): the question (a follow-up's with how it was understood, as the
chat says it), the answer and its source cards as the opening reader may see them (assistant.api.Assistant.shared),
in the UI language; every text escaped, the cards drawn by render.citation_cards like the chat's."""

from __future__ import annotations

import html

from ..api import answer_of, understood
from . import render
from .texts import UI_LANGS, ui_text

STYLE = ("body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
         ".card{border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:6px 0}"
         ".card mark{background:#fff3a3}.meta,.note{color:#57606a;font-size:.9em}"
         ".answer{white-space:pre-wrap}")


def paragraphs(text: str) -> str:
    """Text as escaped paragraphs (the line breaks kept by the page's style)."""
    return "".join(f"<p class='answer'>{html.escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def page(view: dict, lang: str) -> str:
    """The permalink page of one shared answer (as `Assistant.shared` gives it for the opening reader)."""
    lang = lang if lang in UI_LANGS else "en"
    t = {k: html.escape(ui_text(lang, k)) for k in ("share_title", "share_question", "sources", "share_open")}
    version = view.get("index") or {}
    about = ui_text(lang, "share_readonly").format(day=(view.get("shared_at") or "")[:10],
                                                   version=version.get("version", ""))
    hidden = view.get("hidden_sources") or 0
    note = f"<p class='note' id='share-hidden'>{html.escape(ui_text(lang, 'share_hidden_note').format(n=hidden))}" \
           f"</p>" if hidden else ""
    said = understood(view.get("standalone") or "", view.get("question") or "", view.get("language") or "")
    how = f"<p class='meta' id='share-understood'>{html.escape(said)}</p>" if said else ""  # a follow-up's meaning
    cards = render.citation_cards(answer_of(view), lang, {c["chunk_id"] for c in view.get("citations") or []
                                                          if c.get("ocr")})
    body = (f"<h1>{t['share_title']}</h1><p class='meta' id='share-about'>{html.escape(about)}</p>"
            f"<h2>{t['share_question']}</h2><p id='share-question'>{html.escape(view.get('question') or '')}</p>{how}"
            f"<div id='share-answer'>{paragraphs(view.get('answer') or '')}</div>{note}"
            f"<h2>{t['sources']}</h2><div id='share-cards'>{cards}</div>"
            f"<p><a href='/'>{t['share_open']}</a></p>")
    return shell(lang, t["share_title"], body)


def missing(lang: str) -> str:
    """The page of a permalink that does not exist (or no longer does)."""
    lang = lang if lang in UI_LANGS else "en"
    body = (f"<h1>{html.escape(ui_text(lang, 'share_title'))}</h1>"
            f"<p id='share-missing'>{html.escape(ui_text(lang, 'share_missing'))}</p>"
            f"<p><a href='/'>{html.escape(ui_text(lang, 'share_open'))}</a></p>")
    return shell(lang, ui_text(lang, "share_title"), body)


def shell(lang: str, title: str, body: str) -> str:
    """A whole HTML page around an escaped body (no script: the page is read-only)."""
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" '
            f'content="noindex"><style>{STYLE}</style></head><body>{body}</body></html>')
