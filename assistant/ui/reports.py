"""The Evaluation tab's content: the latest eval report of the served corpus, the corpus it measured, what each
metric means with what good looks like, and the latest run plotted beside the previous one."""

from __future__ import annotations

from pathlib import Path

from ..api import RUNS_PLOT, read_about
from . import render
from .texts import ui_text
from .texts_index import METRICS


def latest(reports: Path, corpus: Path) -> Path | None:
    """The newest report folder that measured this corpus, else the newest of any (None: no report)."""
    found = sorted(reports.glob("*/report.md"), key=lambda p: p.stat().st_mtime, reverse=True)
    served = str(corpus.expanduser().resolve())
    return next((p.parent for p in found if served in read_about(p.parent).get("folders", [])),
                found[0].parent if found else None)


def measured(folder: Path, corpus: Path, lang: str) -> str:
    """Which corpus the report measured (folder names: the page names no server path), and a warning when it is not
    the one served."""
    about = read_about(folder)
    if not about.get("folders"):
        return ""
    names = ", ".join(sorted({Path(f).name for f in about["folders"]}))
    text = ui_text(lang, "report_corpus").format(folders=render.markdown_text(names),
                                                 when=about.get("written", "")[:10])
    if str(corpus.expanduser().resolve()) not in about["folders"]:
        text += "\n\n" + ui_text(lang, "report_other").format(folders=render.markdown_text(names),
                                                              corpus=render.markdown_text(corpus.name))
    return text


def explained(lang: str) -> str:
    """One line per metric: what it says and what good looks like."""
    return "\n".join([ui_text(lang, "report_help"), "", *(f"- {ui_text(lang, key)}" for key in METRICS)])


def evaluation(reports: Path, corpus: Path, command: str, lang: str) -> tuple[str, str | None, str | None]:
    """The tab's Markdown, its hit@k plot and the run-beside-run plot (None when not written)."""
    folder = latest(reports, corpus)
    if folder is None:
        return render.no_report(lang, corpus.name, command), None, None
    text = render.report_markdown((folder / "report.md").read_text(encoding="utf-8"), lang)
    text = "\n\n".join(filter(None, [measured(folder, corpus, lang), text, explained(lang)]))
    plots = [folder / "hit_at_k.png", folder / RUNS_PLOT]
    return text, *(str(p) if p.exists() else None for p in plots)
