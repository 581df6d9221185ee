"""The Questions tab, the admin's and the staff's (hidden from everyone else, and every handler checks again): what
readers asked, in which languages, the most asked topics, what the documents lack, the verdicts and the documents
most cited, with plots; and one click that turns a group of unanswered questions into candidate eval questions. A
staff member's report holds the questions of readers within their groups only (Assistant.questions_report)."""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path

import gradio as gr
import numpy as np

from ..api import question_candidates
from ..errors import SignInNeeded, StaffOnly
from . import render
from .actions import App
from .common import as_reader, refusal, short, shown, slug
from .texts import counted, ui_text

PLOTTED_GROUPS = 8  # unanswered groups in the plot
LISTED_WORDINGS = 4  # other wordings shown under an unanswered group


def since_day(text: str) -> datetime.date | None:
    """The tab's "since" field as a day (None when empty); ValueError when it is not one."""
    text = (text or "").strip()[:20]
    return datetime.date.fromisoformat(text) if text else None


def cell(text: str, limit: int = 160) -> str:
    """Reader-typed or document text as one Markdown table cell (every mark escaped, pipes too)."""
    return render.markdown_text(text if len(text) <= limit else text[: limit - 1] + "…")


def summary(report: dict, lang: str) -> list[str]:
    """The counts, what is kept, and the questions per language."""
    t = lambda key: ui_text(lang, key)  # noqa: E731
    since = t("q_since_day").format(day=report["since"]) if report["since"] else ""
    kept = t("q_kept").format(days=counted(lang, "q_days", report["kept_days"]), button=t("h_delete_all")) \
        if report["kept_days"] else t("q_kept_off")
    scope = [t("q_scope").format(groups=", ".join(report["groups"])), ""] if report.get("groups") else []
    if not report["questions"]:  # keeping off: that alone; else none yet, or none since the day asked
        none = t("q_none_since").format(day=report["since"]) if report["since"] else t("q_none")
        return [*scope, *([none, ""] if report["kept_days"] else []), kept]
    share = round(100 * (report["abstained_share"] or 0))
    counts = {n: counted(lang, f"q_{n}", report[n]) for n in ("questions", "distinct", "answered", "abstained")}
    lines = [*scope, t("q_summary").format(since=since, share=share, **counts), "", kept,
             "", f"### {t('q_by_lang')}", "", f"| {t('col_lang')} | {t('q_col_asked')} | {t('q_col_abstained')} |",
             "|---|---|---|"]
    return lines + [f"| {cell(r['lang'])} | {r['questions']} | {r['abstained']} |" for r in report["by_lang"]]


def groups(report: dict, kind: str, lang: str) -> list[str]:
    """The topics or the unanswered groups as a table; an unanswered group's other wordings under the table."""
    t = lambda key: ui_text(lang, key)  # noqa: E731
    if not report[kind]:  # no empty table
        return []
    head = f"| # | {t('q_col_topic')} | {t('q_col_asked')} | {t('q_col_langs')} | {t('fb_up')} | {t('fb_down')} | " \
           f"{t('fb_wrong')} | {t('fb_missing')} |"
    lines = ["", f"### {t('q_topics' if kind == 'topics' else 'q_unanswered')}", "", head, "|---" * 8 + "|"]
    for n, g in enumerate(report[kind], 1):
        lines.append(f"| {n} | {cell(g['label'])} | {g['count']} | {cell(', '.join(g['languages']))} | {g['up']} | "
                     f"{g['down']} | {g['wrong']} | {g['missing']} |")
    if kind == "unanswered":
        lines.append("")
        for n, g in enumerate(report[kind], 1):
            others = [q["question"] for q in g["questions"] if q["question"] != g["label"]][:LISTED_WORDINGS]
            if others:
                also = t("q_also").format(questions=" · ".join(f"«{cell(q, 100)}»" for q in others))
                lines.append(f"{n}. {also}")
    return lines


def cited(report: dict, lang: str) -> list[str]:
    """The documents most cited as a table."""
    t = lambda key: ui_text(lang, key)  # noqa: E731
    if not report["cited"]:
        return []
    lines = ["", f"### {t('q_cited')}", "", f"| {t('col_doc')} | {t('col_title')} | {t('q_col_cited')} |",
             "|---|---|---|"]
    return lines + [f"| {cell(r['doc'])} | {cell(r['title'])} | {r['count']} |" for r in report["cited"]]


def plot(report: dict, lang: str) -> np.ndarray | None:
    """Questions per day and per language (answered and not), and the most asked unanswered groups, as one image."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if not report["questions"]:
        return None
    t = lambda key: ui_text(lang, key)  # noqa: E731
    fig = plt.figure(figsize=(12, 7), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.1])  # the long group names push the bottom row only
    axes = {**top.subplot_mosaic([["day", "lang"]], width_ratios=[3, 1]), "lacking": bottom.subplots()}
    days = [datetime.date.fromisoformat(r["day"]) for r in report["by_day"]]
    for ax, rows, names in ((axes["day"], report["by_day"], days), (axes["lang"], report["by_lang"],
                                                                    [r["lang"] for r in report["by_lang"]])):
        answered = [r["questions"] - r["abstained"] for r in rows]
        ax.bar(names, answered, label=t("q_answered"), color="#4c956c")
        ax.bar(names, [r["abstained"] for r in rows], bottom=answered, label=t("q_abstained"), color="#d68c45")
        ax.grid(alpha=0.3, axis="y")
    # A date every few days, however many the report spans, as month-day (no month name in another language).
    span = (days[-1] - days[0]).days + 1
    axes["day"].xaxis.set_major_locator(mdates.DayLocator(interval=max(1, span // 8)))
    axes["day"].xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    axes["day"].set_xlim(days[0] - datetime.timedelta(days=1), days[-1] + datetime.timedelta(days=1))
    for ax in (axes["day"], axes["lang"]):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes["day"].set_title(t("q_plot_day"))
    axes["lang"].set_title(t("q_plot_lang"))
    top = report["unanswered"][:PLOTTED_GROUPS][::-1]
    axes["lacking"].barh([short(g["label"], 90) for g in top], [g["count"] for g in top], height=0.6,
                         color="#d68c45")
    axes["lacking"].set_ylim(-0.5, max(len(top), 4) - 0.5)  # a lone group is a bar, not a block
    axes["lacking"].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes["lacking"].set_title(t("q_plot_unanswered"))
    axes["day"].legend(loc="lower left", ncol=2, framealpha=0.9)
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
    plt.close(fig)
    return image


@shown(detail=True)
def show(app: App, since: str, lang: str) -> tuple[str, dict, dict, dict | None]:
    """The report since the day given, for the admin and staff only: its Markdown, its plot, the unanswered groups
    to pick."""
    hidden = gr.update(value=None, visible=False)
    try:
        day = since_day(since)
    except ValueError:
        return ui_text(lang, "q_bad_since").format(since=render.markdown_text(since[:20])), hidden, gr.skip(), None
    try:
        report = app.assistant.questions_report(day, reader=app.current())
    except (SignInNeeded, StaffOnly) as exc:
        return refusal(exc, lang), hidden, gr.update(choices=[], value=None), None
    choices = [(f"{n}. {g['label'][:90]} ({g['count']})", n - 1) for n, g in enumerate(report["unanswered"], 1)]
    return (*rendered(report, lang), gr.update(choices=choices, value=None), report)


def rendered(report: dict, lang: str) -> tuple[str, dict]:
    """A report's Markdown and plot in the UI language (again when the language changes: the report is kept)."""
    text = "\n".join(summary(report, lang) + groups(report, "topics", lang) + groups(report, "unanswered", lang)
                     + cited(report, lang))
    image = plot(report, lang)
    return text, gr.update(value=image, visible=image is not None, label=ui_text(lang, "q_plot"))


Said = tuple[str, dict] | None  # a note as its text's key and values, said again in another UI language


def said_in(said: Said, lang: str) -> str:
    """A note in the UI language ('' for none)."""
    return ui_text(lang, said[0]).format(**said[1]) if said else ""


def candidates(app: App, report: dict | None, which: int | None, lang: str) -> tuple[str, str | None, Said]:
    """One click: the chosen unanswered group's questions as candidate eval items, in a JSONL file to download; the
    note said, the file, and the note as key and values (relabelled with the page)."""
    if not app.assistant.reads_report(app.current()):
        said: Said = ("r_staff_only" if app.current().name else "r_signin_report", {})
        return said_in(said, lang), None, said
    if not report or not isinstance(which, int) or not 0 <= which < len(report["unanswered"]):
        return said_in(("q_pick", {}), lang), None, ("q_pick", {})
    group = report["unanswered"][which]
    items = question_candidates(group)
    name = f"unanswered_{slug(group['label'])}_{datetime.date.today().isoformat()}.jsonl"
    path = Path(tempfile.mkdtemp(prefix="candidates-", dir=app.exports())) / name
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    said = ("q_candidates_done", {"n": len(items), "label": render.markdown_text(group["label"][:90])})
    return said_in(said, lang), str(path), said


def relang(app: App, report: dict | None, said: Said, lang: str) -> tuple:
    """The report shown and the note under the candidates' button, said again in the new UI language."""
    note = said_in(said, lang) if said else gr.skip()
    if not report or not app.assistant.reads_report(app.current()):
        return gr.skip(), gr.skip(), note
    return (*rendered(report, lang), note)


def tab(app: App, ui: gr.Radio) -> list:
    """The Questions tab, shown to the admin and staff only; its relabellings. With keeping off
    (ASSISTANT_KEEP_QUESTIONS=0) it says only that: no day to choose, no group, no candidates."""
    keeping = app.assistant.settings.keep_questions
    with gr.Tab(ui_text("en", "q_tab"), id="questions", visible=False) as questions_tab:
        with gr.Row(equal_height=True, visible=keeping):
            since = gr.Textbox(label=ui_text("en", "q_since"), placeholder="2026-01-31", max_length=20, scale=3,
                               elem_id="questions-since")
            run = gr.Button(ui_text("en", "q_show"), variant="primary", scale=1, elem_id="questions-show")
        image = gr.Image(label=ui_text("en", "q_plot"), show_label=False, interactive=False, visible=False,
                         elem_id="questions-plot")  # its label would cover the first plot's title
        text = gr.Markdown(elem_id="questions-report")
        with gr.Row(equal_height=True, visible=keeping):
            which = gr.Dropdown([], value=None, label=ui_text("en", "q_group"), scale=3, elem_id="questions-group")
            make = gr.Button(ui_text("en", "q_candidates"), scale=1, elem_id="questions-candidates")
        note = gr.Markdown(visible=keeping, elem_id="questions-note")
        made = gr.File(label=ui_text("en", "q_candidates_file"), interactive=False, visible=keeping,
                       elem_id="questions-file")
        report = gr.State(None)  # the report shown, so that a group is turned into the questions the admin saw
        said = gr.State(None)  # the note under the candidates' button, as key and values
    handler = as_reader(app, lambda s, lang: show(app, s, lang))
    for trigger in (run.click, since.submit, questions_tab.select):
        trigger(handler, [since, ui], [text, image, which, report], api_name=False)
    make.click(as_reader(app, lambda r, w, lang: candidates(app, r, w, lang)), [report, which, ui],
               [note, made, said], api_name=False)
    ui.change(as_reader(app, lambda r, s, lang: relang(app, r, s, lang)), [report, said, ui], [text, image, note],
              api_name=False)

    def relabel(lang: str) -> dict:
        return {questions_tab: gr.update(label=ui_text(lang, "q_tab"), visible=app.assistant.reads_report(
                    app.current())),
                since: gr.update(label=ui_text(lang, "q_since")), run: gr.update(value=ui_text(lang, "q_show")),
                which: gr.update(label=ui_text(lang, "q_group")), make: gr.update(value=ui_text(lang, "q_candidates")),
                made: gr.update(label=ui_text(lang, "q_candidates_file"))}

    return [relabel]
