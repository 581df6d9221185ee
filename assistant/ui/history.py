"""The chat's side list of past conversations: a signed-in reader's kept on the server (assistant.api's History),
an anonymous reader's in their browser only (gr.BrowserState, never sent to the server to keep); resume one (the
chat and its follow-ups' history restored), rename, delete, delete all, export as Markdown and JSON, and a
permalink to the last answer (signed-in readers: it is made from the kept conversation)."""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path

import gradio as gr

from ..api import MAX_CONVERSATIONS, MAX_TITLE, MAX_TURNS, answer_of, markdown_text, snapshot
from ..errors import NotFound, SignInNeeded, TooMany
from .actions import App, _pairs
from .common import as_reader, refusal, slug
from .render import understood_line
from .texts import ui_text

log = logging.getLogger("app")
STORAGE_KEY = "cluster-assistant-history"  # the browser's localStorage key of an anonymous reader's conversations
# The permalink's path made whole in the browser: the address the reader uses, not what the server was told.
WHOLE_LINK = "(v) => v && v.startsWith('/') ? window.location.origin + v : v"


def fresh() -> dict:
    """The current conversation before its first answer: no id yet, nothing kept."""
    return {"id": None, "kept": 0}


def messages(turns: list[dict]) -> list[dict]:
    """The chat's messages of kept turns, escaped as the chat escapes them (its follow-ups read them back), each
    answer with how its follow-up was understood, as when it was given."""
    out: list[dict] = []
    for turn in turns:
        out += [{"role": "user", "content": markdown_text(turn.get("question") or "")},
                {"role": "assistant", "content": markdown_text(turn.get("answer") or "")
                 + understood_line(answer_of(turn))}]
    return out


def warn(text: str, lang: str) -> None:
    """A warning pop-up; Gradio 6 shows its type as its title, said in the UI language by layout.toast_css."""
    gr.Warning(text, title=ui_text(lang, "warning"))


def inform(text: str, lang: str) -> None:
    """A note pop-up; Gradio 6 shows its type as its title, said in the UI language by layout.toast_css."""
    gr.Info(text, title=ui_text(lang, "h_info"))


def title_of(text: str) -> str:
    """A title on one line, at most MAX_TITLE characters."""
    line = " ".join((text or "").split())
    return line[:MAX_TITLE]


class Panel:
    """The side list's components (built where it is called, in the chat's row) and their handlers."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.current = gr.State(fresh())
        self.browser = gr.BrowserState([], storage_key=STORAGE_KEY, secret=app.signin.secret)
        with gr.Column(scale=1, min_width=220, elem_id="history"):
            self.listing = gr.Radio([], value=None, label=ui_text("en", "h_list"), elem_id="history-list")
            self.new = gr.Button(ui_text("en", "h_new"), size="sm", elem_id="history-new")
            self.title = gr.Textbox(label=ui_text("en", "h_title"), max_lines=1, max_length=MAX_TITLE,
                                    elem_id="history-title")
            with gr.Row():
                self.rename = gr.Button(ui_text("en", "h_rename"), size="sm", elem_id="history-rename")
                self.delete = gr.Button(ui_text("en", "h_delete"), size="sm", elem_id="history-delete")
            with gr.Column(visible=False, elem_id="history-delete-confirm") as self.confirm_one:  # its second step
                self.ask_one = gr.Markdown()
                with gr.Row():
                    self.yes_one = gr.Button(ui_text("en", "h_delete_yes"), size="sm", variant="stop",
                                             elem_id="history-delete-yes")
                    self.no_one = gr.Button(ui_text("en", "delete_no"), size="sm", elem_id="history-delete-no")
            self.doomed = gr.State(None)  # the conversation the second step names: the one its "yes" deletes
            self.delete_all = gr.Button(ui_text("en", "h_delete_all"), size="sm", variant="stop",
                                        elem_id="history-delete-all")
            with gr.Column(visible=False, elem_id="history-confirm") as self.confirm:  # the second step
                self.ask_all = gr.Markdown(ui_text("en", "h_delete_all_ask"))
                with gr.Row():
                    self.yes = gr.Button(ui_text("en", "h_delete_all_yes"), size="sm", variant="stop",
                                         elem_id="history-delete-all-yes")
                    self.no = gr.Button(ui_text("en", "delete_no"), size="sm", elem_id="history-delete-all-no")
            self.export = gr.Button(ui_text("en", "h_export"), size="sm", elem_id="history-export")
            self.files = gr.File(label=ui_text("en", "h_files"), file_count="multiple", interactive=False,
                                 visible=False, elem_id="history-files")
            # a permalink is made from a kept conversation: signed-in readers only (a visitor's note says so)
            self.share = gr.Button(ui_text("en", "h_share"), size="sm", visible=False, elem_id="history-share")
            self.link = gr.Textbox(label=ui_text("en", "h_link"), interactive=False, visible=False,
                                   buttons=["copy"], elem_id="history-link")

    def relabels(self) -> list:
        """How the panel's buttons and fields are relabelled in another UI language."""
        named = [(self.new, "value", "h_new"), (self.title, "label", "h_title"), (self.rename, "value", "h_rename"),
                 (self.delete, "value", "h_delete"), (self.delete_all, "value", "h_delete_all"),
                 (self.export, "value", "h_export"), (self.files, "label", "h_files"),
                 (self.share, "value", "h_share"), (self.link, "label", "h_link"),
                 (self.yes, "value", "h_delete_all_yes"), (self.no, "value", "delete_no"),
                 (self.yes_one, "value", "h_delete_yes"), (self.no_one, "value", "delete_no")]
        return [lambda lang: {part: gr.update(**{attr: ui_text(lang, key)}) for part, attr, key in named}
                | {self.confirm_one: gr.update(visible=False)},  # its question named the title in the old language
                lambda lang: {self.listing: self.heading(lang), **self.readers_own(lang)}]

    def heading(self, lang: str) -> dict:
        """The side list's label and what is kept where (the server for a signed-in reader, else the browser)."""
        kept = ui_text(lang, self.unkept("h_kept")).format(button=ui_text(lang, "h_delete_all")) if self.signed() \
            else ui_text(lang, "h_browser")
        return gr.update(label=ui_text(lang, "h_list"), info=kept)

    def readers_own(self, lang: str) -> dict:
        """What differs for a visitor: "delete all" asks about this browser's conversations only (their questions
        stay in the report, kept without a name), and there is no permalink (it is made from a kept conversation)."""
        signed = self.signed()
        return {self.ask_all: gr.update(value=ui_text(lang, self.unkept("h_delete_all_ask" if signed else
                                                                    "h_delete_all_ask_browser"))),
                self.share: gr.update(visible=signed)}

    def unkept(self, key: str) -> str:
        """The text of `key`, or its `_unkept` one when questions are not kept (ASSISTANT_KEEP_QUESTIONS=0)."""
        return key if self.app.assistant.settings.keep_questions else f"{key}_unkept"

    def keeps(self, asked, chatbot: gr.Chatbot, answer: gr.State, ui: gr.Radio):
        """Keep each answer of the chat's answering event `asked` once it is complete; the keeping event."""
        return asked.then(as_reader(self.app, self.keep), [self.current, answer, chatbot, self.browser, ui],
                   [self.current, self.listing, self.browser], api_name=False)

    def wire(self, chatbot: gr.Chatbot, cards: gr.HTML, answer: gr.State, answers: gr.State, ui: gr.Radio) -> list:
        """Connect the panel's own events (resume, new, rename, delete, export, share) to the chat; the events that
        change the conversation's answers (`answers`, the feedback panel's), for the panel to follow them."""
        a = self.app
        shown = [self.current, chatbot, cards, answer, answers, self.title, self.files, self.link]
        resumed = self.listing.input(as_reader(a, self.resume), [self.listing, self.browser, ui], shown,
                                     api_name=False)
        started = self.new.click(lambda: (*self.cleared(), gr.update(value=None)), None, [*shown, self.listing],
                                 api_name=False)
        cleared = chatbot.clear(lambda: (fresh(), []), None, [self.current, answers], api_name=False)
        self.rename.click(as_reader(a, self.renamed), [self.current, self.title, self.browser, ui],
                          [self.listing, self.browser], api_name=False)
        gone = [*shown, self.listing, self.browser]
        self.delete.click(as_reader(a, self.ask_delete), [self.current, self.browser, ui],
                          [self.confirm_one, self.ask_one, self.doomed], api_name=False)
        self.no_one.click(lambda: (gr.update(visible=False), None), None, [self.confirm_one, self.doomed],
                          api_name=False)
        deleted = self.yes_one.click(as_reader(a, self.deleted), [self.doomed, self.current, self.browser, ui], gone,
                                     api_name=False)
        deleted.then(lambda: (gr.update(visible=False), None), None, [self.confirm_one, self.doomed], api_name=False)
        self.delete_all.click(lambda: gr.update(visible=True), None, self.confirm, api_name=False)
        self.no.click(lambda: gr.update(visible=False), None, self.confirm, api_name=False)
        all_gone = self.yes.click(as_reader(a, self.deleted_all), [self.browser, ui], gone, api_name=False)
        all_gone.then(lambda: gr.update(visible=False), None, self.confirm, api_name=False)
        self.export.click(as_reader(a, self.exported), [self.current, self.browser, ui], self.files, api_name=False)
        self.share.click(as_reader(a, self.shared), [self.current, ui], self.link, api_name=False).then(
            None, self.link, self.link, js=WHOLE_LINK, api_name=False)
        return [resumed, started, cleared, deleted, all_gone]

    def signed(self) -> bool:
        """Whether the reader of the event is signed in (their conversations are kept on the server)."""
        return bool(self.app.current().name)

    def listed(self, browser: list, lang: str, chosen: str | None = None) -> dict:
        """The side list's update: the reader's conversations (latest first), the one chosen, what is kept where."""
        if self.signed():
            rows = self.app.assistant.conversations(reader=self.app.current())
            choices = [(f"{c['title']} · {c['updated'][:10]}", c["id"]) for c in rows]
        else:
            choices = [(f"{c.get('title', '')} · {str(c.get('date', ''))[:10]}", c.get("id")) for c in browser or []]
        return gr.update(choices=choices, value=chosen if chosen in {v for _, v in choices} else None)

    def refresh(self, browser: list, lang: str) -> dict:
        """The side list at the page's load: the reader's conversations, and what is kept where."""
        return {**self.listed(browser, lang), **self.heading(lang)}

    def keep(self, current: dict, answer, chat: list, browser: list, lang: str):
        """Keep the answer just given as the current conversation's next turn (a chat of one question starts a new
        conversation); once only, however often the chat's events end."""
        current = current or fresh()
        count = len(_pairs(chat))
        if answer is None or count <= current["kept"]:  # no new answer (an empty question, an empty index)
            return gr.skip(), gr.skip(), gr.skip()
        conversation = None if count == 1 else current["id"]
        if self.signed():
            try:
                conversation = self.app.assistant.keep_turn(conversation, answer, reader=self.app.current(),
                                                            typed=answer.question)
            except (TooMany, NotFound) as exc:  # the answer stands; it is just not kept
                log.info("answer not kept in a conversation: %s", exc)
                warn(ui_text(lang, "h_not_kept").format(conversations=MAX_CONVERSATIONS, turns=MAX_TURNS), lang)
                return gr.skip(), gr.skip(), gr.skip()
        else:
            browser, conversation = self._kept_in_browser(browser, conversation, answer)
        current = {"id": conversation, "kept": count}
        return current, self.listed(browser, lang, conversation), browser

    @staticmethod
    def _kept_in_browser(browser: list, conversation: str | None, answer) -> tuple[list, str]:
        """An anonymous reader's conversations with this answer added (bounded: the oldest go first)."""
        from datetime import UTC, datetime

        turn = snapshot(answer, answer.question)
        turn["citations"] = [{k: v for k, v in c.items() if k != "passage"} for c in turn["citations"]]
        kept = [dict(c) for c in browser or [] if isinstance(c, dict)]
        found = next((c for c in kept if conversation and c.get("id") == conversation), None)
        if found is None or len(found.get("turns") or []) >= MAX_TURNS:
            found = {"id": secrets.token_urlsafe(8), "title": title_of(turn["question"]), "turns": []}
        else:
            kept.remove(found)
        found = {**found, "date": datetime.now(UTC).isoformat(timespec="seconds"),
                 "turns": [*(found.get("turns") or []), turn]}
        return [found, *kept][:MAX_CONVERSATIONS], found["id"]

    def _turns(self, conversation: str | None, browser: list) -> dict | None:
        """The reader's conversation (title, turns), from the server or their browser; None when not theirs."""
        if not conversation:
            return None
        if self.signed():
            try:
                return self.app.assistant.conversation(conversation, reader=self.app.current())
            except NotFound:
                return None
        return next((c for c in browser or [] if isinstance(c, dict) and c.get("id") == conversation), None)

    def resume(self, chosen: str, browser: list, lang: str):
        """Open a past conversation: its messages in the chat (so that a follow-up reads them), the last answer's
        source cards, and its answers for the feedback panel (a verdict on the resumed answers)."""
        kept = self._turns(chosen, browser)
        if kept is None:
            return self.cleared()
        answers = [answer_of(turn) for turn in kept.get("turns") or []]
        last = answers[-1] if answers else None
        return ({"id": chosen, "kept": len(answers)}, messages(kept.get("turns") or []),
                self.app.cards(last, lang) if last else "", last, answers, kept.get("title") or "",
                gr.update(value=None, visible=False), gr.update(visible=False))

    def renamed(self, current: dict, title: str, browser: list, lang: str):
        """Rename the current conversation."""
        conversation, title = (current or fresh())["id"], title_of(title)
        if not (conversation and title):  # the API says the same of an empty title
            warn(ui_text(lang, "h_empty_title" if conversation else "h_pick"), lang)
            return gr.skip(), gr.skip()
        if self.signed():
            try:
                self.app.assistant.rename_conversation(conversation, title, reader=self.app.current())
            except NotFound:
                warn(ui_text(lang, "h_pick"), lang)
            return self.listed(browser, lang, conversation), gr.skip()
        browser = [{**c, "title": title} if c.get("id") == conversation else c for c in browser or []]
        return self.listed(browser, lang, conversation), browser

    def ask_delete(self, current: dict, browser: list, lang: str):
        """Delete's first step: the question naming the current conversation's title (and that its permalinks stop
        working), and the conversation it names; a warning when none is chosen."""
        conversation = (current or fresh())["id"]
        kept = self._turns(conversation, browser)
        if kept is None:
            warn(ui_text(lang, "h_pick"), lang)
            return gr.update(visible=False), gr.skip(), None
        asked = ui_text(lang, "h_delete_ask" if self.signed() else "h_delete_ask_browser")
        return gr.update(visible=True), asked.format(title=markdown_text(kept.get("title") or "…")), conversation

    def deleted(self, doomed: str | None, current: dict, browser: list, lang: str):
        """Delete the conversation the confirmed question named; the chat is emptied when it was the one shown."""
        if not doomed:
            return (gr.skip(),) * 10
        if self.signed():
            try:
                self.app.assistant.delete_conversation(doomed, reader=self.app.current())
            except NotFound:
                pass
        else:
            browser = [c for c in browser or [] if c.get("id") != doomed]
        shown = (current or fresh())["id"]
        chat = self.cleared() if shown == doomed else (gr.skip(),) * 8
        return (*chat, self.listed(browser, lang, None if shown == doomed else shown), browser)

    def deleted_all(self, browser: list, lang: str):
        """Delete every conversation of the reader (a signed-in one's questions leave the report too)."""
        if self.signed():
            gone = self.app.assistant.delete_conversations(reader=self.app.current())
            inform(ui_text(lang, self.unkept("h_deleted_all")).format(n=gone), lang)
        return (*self.cleared(), self.listed([], lang), [])

    @staticmethod
    def cleared() -> tuple:
        """An empty chat, no conversation chosen, no answer to rate."""
        return fresh(), [], "", None, [], "", gr.update(value=None, visible=False), gr.update(visible=False)

    def exported(self, current: dict, browser: list, lang: str):
        """The current conversation as a Markdown and a JSON file to download."""
        kept = self._turns((current or fresh())["id"], browser)
        if kept is None:
            warn(ui_text(lang, "h_pick"), lang)
            return gr.update(value=None, visible=False)
        folder = Path(tempfile.mkdtemp(prefix="conversation-", dir=self.app.exports()))
        name = slug(kept.get("title") or "", 40) if kept.get("title") else "conversation"
        paths = []
        for fmt, suffix in (("markdown", "md"), ("json", "json")):
            path = folder / f"{name}.{suffix}"
            path.write_text(self.app.assistant.export_conversation(kept, fmt), encoding="utf-8")
            paths.append(str(path))
        return gr.update(value=paths, visible=True)

    def shared(self, current: dict, lang: str):
        """A permalink to the current conversation's last answer (its path: the browser makes it whole)."""
        current = current or fresh()
        if not current["id"] or not current["kept"]:
            warn(ui_text(lang, "h_pick"), lang)
            return gr.update(visible=False)
        try:
            token = self.app.assistant.share(current["id"], current["kept"], reader=self.app.current())
        except SignInNeeded:
            warn(ui_text(lang, "h_signin_share"), lang)
            return gr.update(visible=False)
        except (NotFound, TooMany) as exc:
            warn(refusal(exc, lang), lang)
            return gr.update(visible=False)
        return gr.update(value=f"/share/{token}", visible=True)
