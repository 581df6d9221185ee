"""Feedback on any answer of the conversation (👍 / 👎, wrong or missing, the passage that answers; the latest answer
unless the reader picks an earlier one) and the Evaluation tab's feedback rate."""

from __future__ import annotations

import html

import gradio as gr

from ..api import MAX_QUESTION, Feedback, page_label
from ..errors import InvalidFeedback, OverQuota
from .actions import App
from .common import as_reader, shown
from .texts import ui_text

PASSAGES = 8  # passages a feedback search offers


def reasons(lang: str) -> list[tuple[str, str]]:
    """The reasons of a 👎 as (shown, value) pairs."""
    return [(ui_text(lang, "fb_wrong"), "wrong"), (ui_text(lang, "fb_missing"), "missing")]


def passage_label(hit, lang: str) -> str:
    """A passage as a choice: title, language, page, and its opening words."""
    m = hit.meta
    words = " ".join(hit.text.split())
    opening = words if len(words) <= 220 else words[:219] + "…"
    return f"{m.get('title') or hit.doc} · {m.get('lang', '')}{page_label(m, lang)} — «{opening}»"


@shown(detail=False)
def passages(app: App, query: str, lang: str) -> dict:
    """The passages a reader may pick as the one that answers."""
    query = (query or "").strip()[:MAX_QUESTION]
    hits = app.assistant.search(query, k=PASSAGES, reader=app.current()) if query else []
    return gr.update(choices=[(passage_label(h, lang), h.chunk_id) for h in hits], value=None)


def chosen(answers: list, which: int | None) -> tuple[object, list[str]]:
    """The answer the reader rates (the latest by default) and the questions asked before it."""
    if not answers:
        return None, []
    i = which if isinstance(which, int) and 0 <= which < len(answers) else len(answers) - 1
    return answers[i], [a.question for a in answers[:i]]


def send(app: App, answers: list, which: int | None, rating: str, reason: str, comment: str, absent: bool,
         chunk_id: str, quote: str, lang: str, client: str = "?", reader=None) -> tuple[str, dict, dict]:
    """Store the reader's verdict on the chosen answer (within the client's feedback quota); the note to show,
    whether the panel stays open (for the conversation's other answers) and the details closed."""
    answer, previous = chosen(answers, which)
    if answer is None:
        return "", gr.update(visible=False), gr.update(visible=False)
    try:
        app.feedback_quota(client, lang)
    except OverQuota as exc:
        return html.escape(str(exc)), gr.update(visible=True), gr.update(visible=False)
    missing = rating == "down" and reason == "missing"
    item = Feedback(question=answer.question, rating=rating, answer=answer.text, language=answer.language,
                    abstained=answer.abstained, citations=[c.as_json() for c in answer.citations],
                    previous=previous, reason=reason if rating == "down" else "",
                    comment=(comment or "") if rating == "down" else "", channel="app",
                    unanswerable=bool(absent) and missing,
                    chunk_id=(chunk_id or "") if missing and not absent else "",
                    quote=(quote or "") if missing and not absent and chunk_id else "")
    try:
        app.assistant.record_feedback(item, reader=reader or app.current())
    except InvalidFeedback as exc:
        return (ui_text(lang, "fb_invalid").format(reason=html.escape(str(exc))), gr.update(visible=True),
                gr.update(visible=True))
    return ui_text(lang, "fb_thanks"), gr.update(visible=len(answers) > 1), gr.update(visible=False)


def choose(app: App, reason: str, query: str, lang: str) -> tuple[dict, dict]:
    """'missing' opens the passage picker, already searched with the question."""
    if reason != "missing":
        return gr.update(visible=False), gr.skip()
    return gr.update(visible=True), passages(app, query, lang)


def rate(app: App, lang: str) -> str:
    """The feedback rate overall and by answer language, in the UI language."""
    summary = app.assistant.feedback_stats()
    if not summary["n"]:
        return ui_text(lang, "fb_none")

    def percent(r: dict) -> int:
        return round(100 * (r["up_rate"] or 0))

    lines = [ui_text(lang, "fb_rate").format(n=summary["n"], up=percent(summary), wrong=summary["wrong"],
                                              missing=summary["missing"])]
    lines += ["- " + ui_text(lang, "fb_rate_lang").format(lang=code or "?", n=r["n"], up=percent(r))
              for code, r in summary["by_lang"].items()]
    return "\n".join(lines)


class Panel:
    """The feedback widgets under the chat: shown after each answer, hidden once the verdict is sent."""

    def __init__(self) -> None:
        with gr.Column(visible=False, elem_id="feedback") as self.box:
            self.which = gr.Dropdown([], label=ui_text("en", "fb_which"), visible=False, elem_id="fb-which")
            with gr.Row(equal_height=True):
                self.ask = gr.Markdown(ui_text("en", "fb_ask"), elem_id="fb-ask")
                self.up = gr.Button(ui_text("en", "fb_up"), elem_id="fb-up", scale=0, min_width=100)
                self.down = gr.Button(ui_text("en", "fb_down"), elem_id="fb-down", scale=0, min_width=100)
            with gr.Column(visible=False, elem_id="fb-details") as self.details:
                self.reason = gr.Radio(reasons("en"), value="wrong", label=ui_text("en", "fb_reason"),
                                       elem_id="fb-reason")
                with gr.Column(visible=False, elem_id="fb-missing") as self.missing:
                    self.absent = gr.Checkbox(label=ui_text("en", "fb_absent"), elem_id="fb-absent")
                    with gr.Row(equal_height=True):
                        self.query = gr.Textbox(label=ui_text("en", "fb_find"), elem_id="fb-query", scale=3)
                        self.find = gr.Button(ui_text("en", "find"), elem_id="fb-search", scale=1)
                    self.passage = gr.Radio([], label=ui_text("en", "fb_passage"), elem_id="fb-passage")
                    self.quote = gr.Textbox(label=ui_text("en", "fb_quote"), elem_id="fb-quote")
                self.comment = gr.Textbox(label=ui_text("en", "fb_comment"), lines=2, elem_id="fb-comment")
                self.send = gr.Button(ui_text("en", "fb_send"), variant="primary", elem_id="fb-send")
        self.note = gr.Markdown(elem_id="fb-note")

    @property
    def cleared(self) -> list:
        """The components a new answer resets."""
        return [self.box, self.which, self.details, self.missing, self.reason, self.absent, self.query,
                self.passage, self.quote, self.comment, self.note]

    @staticmethod
    def reset(answers: list) -> list:
        """The panel after a new answer: open on it (an earlier one can be picked), no verdict yet."""
        hidden = gr.update(visible=False)
        questions = [(f"{n}. {a.question[:80]}", n - 1) for n, a in enumerate(answers, 1)]
        which = gr.update(choices=questions, value=len(answers) - 1 if answers else None,
                          visible=len(answers) > 1)
        return [gr.update(visible=bool(answers)), which, hidden, hidden, "wrong", False, "",
                gr.update(choices=[], value=None), "", "", ""]

    def wire(self, app: App, ui: gr.Radio, answers: gr.State) -> None:
        """Connect the buttons to the catalog."""
        verdict = [self.reason, self.comment, self.absent, self.passage, self.quote, ui]
        def up(a: list, w: int | None, lang: str, request: gr.Request) -> tuple:
            return send(app, a, w, "up", "", "", False, "", "", lang, app.client(request), app.reader(request))

        def down(a: list, w: int | None, reason: str, comment: str, absent: bool, chunk_id: str, quote: str,
                 lang: str, request: gr.Request) -> tuple:
            return send(app, a, w, "down", reason, comment, absent, chunk_id, quote, lang, app.client(request),
                        app.reader(request))

        self.up.click(up, [answers, self.which, ui], [self.note, self.box, self.details], api_name=False)
        self.down.click(lambda a, w: (gr.update(visible=True), getattr(chosen(a, w)[0], "question", "")),
                        [answers, self.which], [self.details, self.query], api_name=False)
        self.reason.change(as_reader(app, lambda r, q, lang: choose(app, r, q, lang)), [self.reason, self.query, ui],
                           [self.missing, self.passage], api_name=False)
        for trigger in (self.find.click, self.query.submit):
            trigger(as_reader(app, lambda q, lang: passages(app, q, lang)), [self.query, ui], self.passage,
                    api_name=False)
        self.send.click(down, [answers, self.which, *verdict], [self.note, self.box, self.details], api_name=False)
        self.which.change(lambda a, w: getattr(chosen(a, w)[0], "question", ""), [answers, self.which], self.query,
                          api_name=False)

    def relabels(self) -> list:
        """How the panel is relabelled in another UI language."""
        return [lambda lang: {self.which: gr.update(label=ui_text(lang, "fb_which")),
                              self.ask: gr.update(value=ui_text(lang, "fb_ask")),
                              self.up: gr.update(value=ui_text(lang, "fb_up")),
                              self.down: gr.update(value=ui_text(lang, "fb_down")),
                              self.reason: gr.update(choices=reasons(lang), label=ui_text(lang, "fb_reason")),
                              self.absent: gr.update(label=ui_text(lang, "fb_absent")),
                              self.query: gr.update(label=ui_text(lang, "fb_find")),
                              self.find: gr.update(value=ui_text(lang, "find")),
                              self.passage: gr.update(label=ui_text(lang, "fb_passage")),
                              self.quote: gr.update(label=ui_text(lang, "fb_quote")),
                              self.comment: gr.update(label=ui_text(lang, "fb_comment")),
                              self.send: gr.update(value=ui_text(lang, "fb_send"))}]
