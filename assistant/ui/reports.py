"""The Evaluation tab's content: the latest eval report of the served corpus, the corpus it measured, what each
metric means with what good looks like, the latest run plotted beside the previous one, and the command that writes
a report of the served corpus."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from ..api import RUNS_PLOT, plots, read_about
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
    return text, *drawn(folder, lang)


HITS_PLOT = "hit_at_k.png"
PLOTS = Path(tempfile.gettempdir()) / "cluster-assistant-plots"  # the plots drawn in other languages, by report
PLOT_WORDS = {"hits_title": "plot_hits_title", "hits_x": "plot_hits_x", "hits_y": "plot_hits_y", "all": "slice_all",
              "runs_title": "plot_runs_title", "runs_y": "plot_runs_y", "previous": "plot_previous",
              "latest": "plot_latest"}  # the plots' words (plots.ENGLISH) and their keys in the UI table


def drawn(folder: Path, lang: str) -> tuple[str | None, str | None]:
    """The report's hit@k plot and its run-beside-run plot in the reader's language (None when not written): the
    report's own (English) PNGs in English, else drawn from its data once per language and version of the report,
    kept in the temporary folder (a report folder may be read-only); a report that kept no curves shows its own."""
    own = [folder / HITS_PLOT, folder / RUNS_PLOT]
    shown = [str(p) if p.exists() else None for p in own]
    if lang == "en":
        return shown[0], shown[1]
    cache, version = cached(folder)
    words = {word: ui_text(lang, key) for word, key in PLOT_WORDS.items()}
    for n, (plot, draw) in enumerate(((HITS_PLOT, plots.draw_hits), (RUNS_PLOT, plots.draw_runs))):
        if shown[n] is None:
            continue
        path = cache / f"{version}-{Path(plot).stem}.{lang}.png"
        if path.is_file() or draw(folder, path, words):
            shown[n] = str(path)
    return shown[0], shown[1]


def cached(folder: Path) -> tuple[Path, str]:
    """Where a report's plots in other languages are kept, and the report's version (its data files' times and
    sizes: a new run draws them again); versions other than this one are removed from there."""
    full = folder.resolve()
    cache = PLOTS / hashlib.sha256(str(full).encode()).hexdigest()[:16]
    stamps = [(p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else None
              for p in (full / plots.HITS_DATA, full / plots.LATEST, full / plots.PREVIOUS)]
    version = hashlib.sha256(repr(stamps).encode()).hexdigest()[:12]
    if cache.is_dir():
        for old in cache.glob("*.png"):
            if not old.name.startswith(f"{version}-"):
                old.unlink(missing_ok=True)
    return cache, version
