"""The Evaluation tab's content: the latest eval report of the served corpus, the corpus it measured, what each
metric means with what good looks like, the latest run plotted beside the previous one, and the command that writes
a report of the served corpus."""

from __future__ import annotations

import json
from pathlib import Path

from ..api import RUNS_PLOT, read_about
from . import render
from .common import slug
from .texts import ui_text
from .texts_index import METRICS

EVALS = Path("evals")  # the question sets (evals/*.jsonl, split.json), as the commands name them from the checkout


def latest(reports: Path, corpus: Path) -> Path | None:
    """The newest report folder that measured this corpus, else the newest of any (None: no report)."""
    found = sorted(reports.glob("*/report.md"), key=lambda p: p.stat().st_mtime, reverse=True)
    served = str(corpus.expanduser().resolve())
    return next((p.parent for p in found if served in read_about(p.parent).get("folders", [])),
                found[0].parent if found else None)


def question_set(corpus: Path, evals: Path = EVALS) -> Path | None:
    """The question set written from the served corpus: the largest of evals/*.jsonl whose every named document
    (`relevant`, `near`: paths relative to the folder) is a file of it (None: no set fits)."""
    fitting = []
    for path in sorted(evals.glob("*.jsonl")):
        try:
            items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            docs = {d for q in items for d in [*q.get("relevant", []), *([q["near"]] if q.get("near") else [])]}
        except (OSError, ValueError, TypeError, AttributeError):  # not a question set: passed over
            continue
        if docs and all((corpus / d).is_file() for d in docs):
            fitting.append((len(items), path))
    return max(fitting)[1] if fitting else None


def command(corpus: Path, index_option: str, evals: Path = EVALS) -> str:
    """The command that writes a report of the served corpus: its question set (QUESTIONS.jsonl when none fits) on
    the test split when it has one, over the corpus' own index, into a folder named after the corpus."""
    found = question_set(corpus, evals)
    questions = (evals / found.name).as_posix() if found is not None else "QUESTIONS.jsonl"
    split = " --split test" if found is not None and found.name not in dev_sets(evals) else ""
    return f"assistant eval {questions}{index_option}{split} --mode all --report reports/{slug(corpus.name)}"


def dev_sets(evals: Path) -> list[str]:
    """The sets evals/split.json names as dev sets (every question tuned on: no test split); all of them when there
    is no split file."""
    try:
        return list(json.loads((evals / "split.json").read_text(encoding="utf-8"))["dev_sets"])
    except (OSError, ValueError, KeyError, TypeError):
        return [p.name for p in evals.glob("*.jsonl")]


def measured(folder: Path, corpus: Path, lang: str, to_run: str) -> str:
    """Which corpus the report measured (folder names: the page names no server path), and a warning when it is not
    the one served, with the command that measures the served one."""
    about = read_about(folder)
    if not about.get("folders"):
        return ""
    names = ", ".join(sorted({Path(f).name for f in about["folders"]}))
    text = ui_text(lang, "report_corpus").format(folders=render.markdown_text(names),
                                                 when=about.get("written", "")[:10])
    if str(corpus.expanduser().resolve()) not in about["folders"]:
        text += "\n\n" + ui_text(lang, "report_other").format(folders=render.markdown_text(names),
                                                              corpus=render.markdown_text(corpus.name))
        text += "\n\n" + render.command_block(to_run)
    return text


def explained(lang: str) -> str:
    """One line per metric: what it says and what good looks like."""
    marks = {"ci": ui_text(lang, "report_ci"), "same": ui_text(lang, "slice_same"),
             "cross": ui_text(lang, "slice_cross")}
    return "\n".join([ui_text(lang, "report_help"), "",
                      *(f"- {ui_text(lang, key).format(**marks)}" for key in METRICS)])


def evaluation(reports: Path, corpus: Path, index_option: str, lang: str,
               evals: Path = EVALS) -> tuple[str, str | None, str | None]:
    """The tab's Markdown, its hit@k plot and the run-beside-run plot (None when not written). `index_option`: the
    --index option that names the served corpus' index to a reader ('' for ./index)."""
    folder = latest(reports, corpus)
    to_run = command(corpus, index_option, evals)
    if folder is None:
        return render.no_report(lang, corpus.name, to_run), None, None
    text = render.report_markdown((folder / "report.md").read_text(encoding="utf-8"), lang)
    text = "\n\n".join(filter(None, [measured(folder, corpus, lang, to_run), text, explained(lang)]))
    plots = [folder / "hit_at_k.png", folder / RUNS_PLOT]
    return text, *(str(p) if p.exists() else None for p in plots)
