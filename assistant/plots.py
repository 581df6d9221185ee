"""An eval report's two plots, drawn from the data the report keeps beside them, in any words: hit@k per mode and
question language (hit_at_k.json, hit_at_k.png), and the latest run beside the previous one (summary.json,
previous.json, runs.png). The report's own PNGs are in English; the Evaluation tab draws them in the reader's."""

from __future__ import annotations

import json
import threading
from pathlib import Path

HITS_DATA = "hit_at_k.json"  # the curves hit_at_k.png is drawn from
LATEST, PREVIOUS = "summary.json", "previous.json"  # the metrics runs.png is drawn from
COMPARED = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")  # the metrics plotted, run beside run
PLOT_COLUMNS = 4  # panels at most in a row of a report's plots
CHARACTERS_PER_INCH = 10  # of a figure title at matplotlib's default size, with a margin
PLOT_PANEL = (3.4, 2.9)  # inches a panel: a row of four is about twice as wide as high, as the page shows it
ENGLISH = {"hits_title": "hit@k per mode and question language", "hits_x": "k (documents read)",
           "hits_y": "hit@k (share of questions)", "all": "all", "runs_title": "latest run beside the previous one, "
           "per mode", "runs_y": "score (1.0 is perfect)", "previous": "previous", "latest": "latest"}
# One figure drawn at a time: matplotlib's font cache and text layout are not made for threads drawing at once.
_DRAWING = threading.Lock()


def grid(panels: int) -> tuple[int, int]:
    """Rows and columns for a plot's panels, rows filled evenly (five panels are 3 + 2, not 4 + 1)."""
    rows = -(-panels // PLOT_COLUMNS)
    return rows, -(-panels // rows)


def _panels(count: int, sharex: bool):
    """A figure (no pyplot: no global state) with `count` panels laid out by grid(), its axes and columns."""
    from matplotlib.figure import Figure

    rows, cols = grid(count)
    fig = Figure(figsize=(PLOT_PANEL[0] * cols, PLOT_PANEL[1] * rows))
    return fig, fig.subplots(rows, cols, sharex=sharex, sharey=True, squeeze=False), cols


def hits_figure(panels: list[dict], words: dict[str, str] | None = None):
    """hit@k for k = 1..10, one panel per slice ({"slice": "all" or a language, "n", "curves": {mode: [10]}})."""
    words = {**ENGLISH, **(words or {})}
    fig, axes, cols = _panels(len(panels), sharex=True)
    for n, (ax, panel) in enumerate(zip(axes.flat, panels, strict=False)):
        for mode, curve in panel["curves"].items():
            ax.plot(range(1, 11), curve, marker="o", markersize=3, label=mode)
        name = words["all"] if panel["slice"] == "all" else panel["slice"]
        ax.set_title(f"{name} (n={panel['n']})")
        ax.set_xticks(range(1, 11))
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        ax.tick_params(labelbottom=True, labelleft=True)
        if n % cols == 0:
            ax.set_ylabel(words["hits_y"])
        if n + cols >= len(panels):  # the lowest panel of its column
            ax.set_xlabel(words["hits_x"])
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    axes[0][0].legend(loc="lower right", fontsize="small")
    _suptitle(fig, words["hits_title"])
    fig.tight_layout()
    return fig


def runs_figure(latest: dict[str, dict], previous: dict[str, dict], words: dict[str, str] | None = None):
    """Bars of the main metrics per mode: the previous run (when there is one) beside the latest."""
    words = {**ENGLISH, **(words or {})}
    fig, axes, cols = _panels(len(latest), sharex=False)
    width = 0.4
    for n, (ax, (mode, summary)) in enumerate(zip(axes.flat, latest.items(), strict=False)):
        runs = [(words["previous"], previous.get(mode)), (words["latest"], summary)]
        for i, (name, run) in enumerate(r for r in runs if r[1]):
            values = [float(run.get(m, 0.0)) for m in COMPARED]
            ax.bar([x + (i - 0.5) * width for x in range(len(COMPARED))], values, width, label=name)
        ax.set_xticks(range(len(COMPARED)), COMPARED, rotation=30)
        ax.set_title(mode)
        ax.set_ylim(0, 1.25)  # room above 1.0 for the legend
        ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        ax.grid(alpha=0.3, axis="y")
        ax.tick_params(labelleft=True)
        if n % cols == 0:
            ax.set_ylabel(words["runs_y"])
    for ax in axes.flat[len(latest):]:
        ax.set_visible(False)
    axes[0][0].legend(loc="upper left", ncols=2, fontsize="small")
    _suptitle(fig, words["runs_title"])
    fig.tight_layout()
    return fig


def _suptitle(fig, text: str) -> None:
    """The figure's title, wrapped to its width (one panel is too narrow for a title on one line)."""
    import textwrap

    fig.suptitle(textwrap.fill(text, max(24, int(fig.get_figwidth() * CHARACTERS_PER_INCH))))


def summaries(path: Path) -> dict[str, dict]:
    """A summary file's metrics by mode ({} when there is none)."""
    try:
        return {s["mode"]: s for s in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def read_hits(folder: Path) -> list[dict]:
    """The curves a report's hit@k plot is drawn from ([] for a report written before it kept them)."""
    try:
        panels = json.loads((folder / HITS_DATA).read_text(encoding="utf-8"))
        return panels if isinstance(panels, list) and all("curves" in p for p in panels) else []
    except (OSError, ValueError, TypeError):
        return []


def draw_hits(folder: Path, path: Path, words: dict[str, str] | None = None) -> Path | None:
    """The report's hit@k plot in these words, saved at `path` (None when the report kept no curves)."""
    panels = read_hits(folder)
    if not panels:
        return None
    with _DRAWING:
        return save(hits_figure(panels, words), path)


def draw_runs(folder: Path, path: Path, words: dict[str, str] | None = None) -> Path | None:
    """The latest run beside the previous one in these words, saved at `path` (None without a summary)."""
    latest = summaries(folder / LATEST)
    if not latest:
        return None
    with _DRAWING:
        return save(runs_figure(latest, summaries(folder / PREVIOUS), words), path)


def save(fig, path: Path) -> Path:
    """A figure saved as PNG, whole or not at all (written beside, then renamed: a reader never gets half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{threading.get_ident()}.part")
    fig.savefig(partial, dpi=100, format="png")
    partial.replace(path)
    return path
