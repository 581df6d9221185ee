"""The Blocks of the web app: four tabs wired to the App's handlers, every text from assistant.texts.UI."""

from __future__ import annotations

import gradio as gr

from . import feedback, history, questions
from .actions import App
from .auth import who as signed
from .common import Relabel, as_reader, labelled
from .documents import documents_tab
from .texts import UI_LANGS, ui_text

CSS = """
.card {border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; margin: 6px 0;}
.card mark {background: #fff3a3; padding: 0 1px;}
.card details[open] > summary .q {display: none;}
.card .meta {color: #57606a; font-size: 0.85em;}
.doc-card h4 {margin: 2px 0;}
.doc-card .snippet {margin: 6px 0;}
.doc-card details.more > summary {cursor: pointer; color: #0969da;}
#ui-lang .wrap {flex-wrap: nowrap;}
"""

# Gradio words its upload box's drop zone ("Drop File Here - or - Click to Upload") after the browser's locale, and a
# box already shown keeps them whatever the page's language: they are hidden for the page's own words, chosen by
# <html lang>, which the language radio sets (PAGE_LANG). Rules scoped by <html lang> only: Gradio copies every rule
# under its container's classes, and an unscoped copy would outrank them.
DROP_ZONE = '#upload-files [data-testid="upload-text"]'
PAGE_LANG = "(lang) => { document.documentElement.lang = lang; return lang; }"


def drop_zone_css() -> str:
    """The drop zone's words in each UI language."""
    rules = []
    for code in UI_LANGS:
        scope = f'html[lang="{code}"] {DROP_ZONE}'
        words = ui_text(code, "drop_files").replace("\\", "\\\\").replace('"', '\\"')
        rules += [f"{scope} {{font-size: 0;}}", f'{scope}::after {{content: "{words}"; font-size: var(--text-lg);}}']
    return "\n".join(rules) + "\n"


CSS += drop_zone_css()

# Gradio 6's pop-ups (gr.Warning, gr.Info, gr.Error) are titled by their type, capitalised in English ("Warning"),
# whatever `title` they are given: the title's word is hidden for the page's own, chosen by <html lang> like the drop
# zone's; the count of grouped pop-ups ("(2)") stays.
TOASTS = {"warning": "warning", "info": "h_info", "error": "error"}  # a pop-up's type, and its title's text


def toast_css() -> str:
    """The pop-ups' titles in each UI language."""
    rules = []
    for code in UI_LANGS:
        for kind, key in TOASTS.items():
            scope = f'html[lang="{code}"] .toast-title.{kind}'
            words = ui_text(code, key).replace("\\", "\\\\").replace('"', '\\"')
            shown = "font-size: var(--text-lg); visibility: visible;"  # the English word: not seen, read or copied
            rules += [f"{scope} {{font-size: 0; visibility: hidden;}}",
                      f'{scope}::before {{content: "{words}"; {shown}}}',
                      f"{scope} .toast-count {{{shown} margin-left: 0.3em;}}"]
    return "\n".join(rules) + "\n"


CSS += toast_css()

# The Questions report's tables: a header wraps between its words, never inside one ("Posée/s" in French).
CSS += "#questions-report th {word-break: normal; overflow-wrap: normal; hyphens: manual;}\n"

# Once an answer is complete, the chat shows its question at the top and the answer's start under it (Gradio's
# autoscroll would show its end, the sources, with the quote that answers scrolled away).
# Only the chat's own scrolling pane moves: scrollIntoView would scroll the page too, pushing the chat's top (and the
# question with it) out of view when the page is taller than the window.
SHOW_QUESTION = """() => {
  const box = document.querySelector('#chatbot');
  const asked = box ? box.querySelectorAll('.message-row.user-row, [data-testid="user"]') : [];
  if (!asked.length) return;
  const row = asked[asked.length - 1];
  let pane = row.parentElement;
  while (pane && pane !== box && pane.scrollHeight <= pane.clientHeight) pane = pane.parentElement;
  if (pane && pane.scrollHeight > pane.clientHeight) {
    // a few pixels of air: the question's row is not cut by the chat's top edge
    pane.scrollTop += row.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
  }
}"""

PLOT_HEIGHT = 560  # pixels an Evaluation tab plot (Gradio draws an image without a height 0 px high)


def theme() -> gr.themes.Base:
    """The default theme with system fonts only: no request to a font CDN."""
    return gr.themes.Default(font=["system-ui", "Segoe UI", "Roboto", "sans-serif"],
                             font_mono=["ui-monospace", "Consolas", "monospace"])


def header(lang: str) -> str:
    """The title and subtitle."""
    return f"# {ui_text(lang, 'title')}\n{ui_text(lang, 'subtitle')}"


def build(app: App) -> gr.Blocks:
    """The Blocks of the web app."""
    relabels: list[Relabel] = []
    # Anyone may upload to Gradio's cache (the page's file box): files older than an hour are deleted every 10 min.
    with gr.Blocks(title="cluster-assistant", analytics_enabled=False, delete_cache=(600, 3600)) as demo:
        with gr.Row():
            top = gr.Markdown(header("en"))
            ui = gr.Radio(list(UI_LANGS), value="en", label=ui_text("en", "ui"), scale=0, min_width=300,
                          elem_id="ui-lang")
        who = gr.HTML(elem_id="who-box")  # whose groups are searched, with the sign-in or sign-out link
        relabels += [lambda lang: {top: gr.update(value=header(lang))}, labelled(ui, "ui"),
                     lambda lang: {who: gr.update(value=signed(app.current(), lang))}]
        banner = gr.Markdown(elem_id="indexing-banner")
        chat, past = chat_tab(app, ui)
        relabels += chat
        relabels += search_tab(app, ui)
        documents, progress = documents_tab(app, ui)
        relabels += documents + evaluation_tab(app) + questions.tab(app, ui)
        outputs = list({c: None for r in relabels for c in r("en")})

        def relabel(lang: str) -> dict:
            """Every text of the page in the UI language, and what the reader may see (updates of one component
            merged)."""
            merged: dict = {}
            for r in relabels:
                for component, update in r(lang).items():
                    merged.setdefault(component, {}).update(update)
            return merged

        banner_outputs = [banner, progress]
        timer = gr.Timer(2.0)
        banner = as_reader(app, app.banner)
        timer.tick(banner, ui, banner_outputs, api_name=False)
        hidden_status = gr.JSON(visible=False)
        hidden_button = gr.Button(visible=False)
        hidden_button.click(as_reader(app, app.status), None, hidden_status, api_name="status")
        relabel = as_reader(app, relabel)
        ui.change(relabel, ui, outputs, api_name=False)
        ui.change(banner, ui, banner_outputs, api_name=False)
        ui.change(None, ui, None, js=PAGE_LANG, api_name=False)
        browser = "() => { const l = (navigator.language || 'en').slice(0, 2); " \
                  f"const code = {list(UI_LANGS)!r}.includes(l) ? l : 'en'; " \
                  "document.documentElement.lang = code; return code; }"
        # The browser's language first, then the page in it (a change of the radio relabels it again).
        demo.load(lambda code: code, ui, ui, js=browser, api_name=False).then(
            relabel, ui, outputs, api_name=False).then(banner, ui, banner_outputs, api_name=False).then(
            as_reader(app, past.refresh), [past.browser, ui], past.listing, api_name=False)
    return demo


def chat_tab(app: App, ui: gr.Radio) -> tuple[list[Relabel], history.Panel]:
    """The Chat tab: past conversations, the conversation, the question box, example questions and the source
    cards; its relabellings and its side list."""
    with gr.Tab(ui_text("en", "chat"), id="chat") as tab:
        with gr.Row():
            past = history.Panel(app)  # the side list of past conversations
            with gr.Column(scale=3):
                # No label over the conversation: Gradio's floating label covered an answer's first line.
                chatbot = gr.Chatbot(label="cluster-assistant", show_label=False, height=480, elem_id="chatbot",
                                     sanitize_html=True, latex_delimiters=[],  # "$$" in a document is text
                                     autoscroll=False)
                question = gr.Textbox(label=ui_text("en", "question"), placeholder=ui_text("en", "placeholder"),
                                      elem_id="question")
                send = gr.Button(ui_text("en", "send"), variant="primary", elem_id="send")
                examples = gr.Dataset(components=[question], samples=[], label=ui_text("en", "examples"),
                                      type="values", elem_id="examples", visible=False)
                panel = feedback.Panel()  # under the answer: 👍 / 👎, why, the passage that answers
            with gr.Column(scale=2):
                sources = gr.Markdown(f"### {ui_text('en', 'sources')}")
                cards = gr.HTML(elem_id="cards")
            answer = gr.State(None)  # the last answer, to show its cards again in another UI language
            answers = gr.State([])  # every answer of the conversation, for feedback on any of them
        for trigger in (send.click, question.submit):
            asked = trigger(as_reader(app, app.chat), [question, chatbot, ui], [chatbot, question, cards, answer],
                            api_name=False)
            # the side list redrawn may move the page: the question is brought back into view after it
            past.keeps(asked, chatbot, answer, ui).then(None, js=SHOW_QUESTION, api_name=False)
            asked.then(
                lambda a, kept: [*kept, a] if a is not None and (not kept or kept[-1] is not a) else kept,
                [answer, answers], answers, api_name=False).then(panel.reset, answers, panel.cleared, api_name=False
                                                                 ).then(None, js=SHOW_QUESTION, api_name=False)
        panel.wire(app, ui, answers)
        for changed in past.wire(chatbot, cards, answer, answers, ui):  # a resumed conversation's answers are rated
            changed.then(panel.reset, answers, panel.cleared, api_name=False)
        ui.change(lambda shown, lang: app.cards(shown, lang) if shown else gr.skip(), [answer, ui], cards,
                  api_name=False)
        examples.click(lambda sample: sample[0], examples, question, api_name=False)
        hidden_q = gr.Textbox(visible=False)
        hidden_json = gr.JSON(visible=False)
        hidden_q.submit(as_reader(app, app.ask), hidden_q, hidden_json, api_name="ask")

    def welcome(lang: str) -> dict:
        text, found = app.welcome(lang)
        return {chatbot: gr.update(placeholder=text),
                question: gr.update(label=ui_text(lang, "question"),
                                    placeholder=found[0] if found else ui_text(lang, "placeholder")),
                examples: gr.update(samples=[[q] for q in found], label=ui_text(lang, "examples"),
                                    visible=bool(found))}

    # A page opened while the background indexing runs said "the index is empty so far": its welcome and example
    # questions follow the documents as they become searchable (read again only when the count has moved).
    seen = gr.State(None)

    def refresh_welcome(lang: str, last):
        now = app.indexing_moment()
        if now == last:
            return {seen: gr.skip()}
        return {**welcome(lang), seen: now}

    gr.Timer(5.0).tick(as_reader(app, refresh_welcome), [ui, seen], [chatbot, question, examples, seen],
                       api_name=False)

    return [*panel.relabels(), *past.relabels(), labelled(tab, "chat"), welcome, labelled(send, "send", "value"),
            labelled(sources, "sources", "value", "### {}")], past


def search_tab(app: App, ui: gr.Radio) -> list[Relabel]:
    """The Good practices tab: query, filters, one card per document, pages, CSV export."""
    now = app.choices("en")
    with gr.Tab(ui_text("en", "search"), id="search") as tab:
        with gr.Row():
            query = gr.Textbox(label=ui_text("en", "query"), placeholder=ui_text("en", "query_placeholder"),
                               scale=3, elem_id="query")
            mode = gr.Dropdown(now["mode"], value=app.assistant.settings.search_mode, label=ui_text("en", "mode"),
                               scale=1, elem_id="mode")
        with gr.Row():
            # Values are checked by the filters, not by the choices of start-up time (indexing may still run).
            lang = gr.Dropdown(now["lang"], value="", label=ui_text("en", "language"), allow_custom_value=True)
            site = gr.Dropdown(now["site"], value="", label=ui_text("en", "site"), allow_custom_value=True)
            doctype = gr.Dropdown(now["doctype"], value="", label=ui_text("en", "doctype"))
            topic = gr.Textbox(label=ui_text("en", "topic"))
            year = gr.Dropdown(now["year"], value="", label=ui_text("en", "year"), allow_custom_value=True)
        find = gr.Button(ui_text("en", "find"), variant="primary")
        results = gr.HTML(elem_id="results")
        with gr.Row():
            prev = gr.Button(ui_text("en", "prev"))
            page = gr.Number(value=1, precision=0, label=ui_text("en", "page"), minimum=1)
            nxt = gr.Button(ui_text("en", "next"))
            export = gr.File(label=ui_text("en", "export"), interactive=False, elem_id="export")
        inputs = [query, lang, site, doctype, topic, year, mode, page, ui]
        outputs = [results, page, export]

        def paged(step: int | None):
            """The search on the first page (None), or `step` pages from the one shown."""
            def run(query, lang, site, doctype, topic, year, mode, page, ui):
                if step == 0 and not (query or "").strip():  # a relabel: results shown stay, in the new language
                    return gr.skip()
                at = 1 if step is None else int(page or 1) + step
                return app.search(query, lang, site, doctype, topic, year, mode, at, ui)
            return as_reader(app, run)

        find.click(paged(None), inputs, outputs, api_name="search")
        query.submit(paged(None), inputs, outputs, api_name=False)
        prev.click(paged(-1), inputs, outputs, api_name=False)
        nxt.click(paged(1), inputs, outputs, api_name=False)
        ui.change(paged(0), inputs, outputs, api_name=False)

    def filters(code: str) -> dict:
        fresh = app.choices(code)  # values indexed since start-up too
        return {mode: gr.update(choices=fresh["mode"], label=ui_text(code, "mode")),
                lang: gr.update(choices=fresh["lang"], label=ui_text(code, "language")),
                site: gr.update(choices=fresh["site"], label=ui_text(code, "site")),
                doctype: gr.update(choices=fresh["doctype"], label=ui_text(code, "doctype")),
                year: gr.update(choices=fresh["year"], label=ui_text(code, "year"))}

    return [labelled(tab, "search"), filters, labelled(query, "query"),
            labelled(query, "query_placeholder", "placeholder"), labelled(topic, "topic"),
            labelled(find, "find", "value"), labelled(prev, "prev", "value"), labelled(nxt, "next", "value"),
            labelled(page, "page"), labelled(export, "export")]


def evaluation_tab(app: App) -> list[Relabel]:
    """The Evaluation tab: the latest eval report and its plot."""
    with gr.Tab(ui_text("en", "evaluation"), id="evaluation") as tab:
        report = gr.Markdown(elem_id="report")
        # one plot a row, each as high as a page-wide plot of four panels a row needs (evaluation.py, runs.py)
        plot = gr.Image(label=ui_text("en", "plot"), interactive=False, visible=False, height=PLOT_HEIGHT,
                        elem_id="hit-plot")
        runs = gr.Image(label=ui_text("en", "report_compare"), interactive=False, visible=False,
                        height=PLOT_HEIGHT, elem_id="runs-plot")
        rate = gr.Markdown(elem_id="feedback-rate")

    def shown(lang: str) -> dict:
        text, image, compared = app.evaluation(lang)
        return {report: gr.update(value=text),
                plot: gr.update(value=image, label=ui_text(lang, "plot"), visible=bool(image)),
                runs: gr.update(value=compared, label=ui_text(lang, "report_compare"), visible=bool(compared)),
                rate: gr.update(value=feedback.rate(app, lang))}

    return [labelled(tab, "evaluation"), shown]
