"""What an eval report folder keeps beside report.md: which corpus it measured (about.json), the previous run's
summary (previous.json), and a plot of the latest run beside the previous one (runs.png), for the Evaluation tab."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

ABOUT, PREVIOUS, LATEST, PLOT = "about.json", "previous.json", "summary.json", "runs.png"
COMPARED = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")  # the metrics plotted, run beside run
PLOT_COLUMNS = 4  # panels at most in a row of a report's plots
PLOT_PANEL = (3.4, 2.9)  # inches a panel: a row of four is about twice as wide as high, as the page shows it


def grid(panels: int) -> tuple[int, int]:
    """Rows and columns for a plot's panels, rows filled evenly (five panels are 3 + 2, not 4 + 1)."""
    rows = -(-panels // PLOT_COLUMNS)
    return rows, -(-panels // rows)


def keep_previous(folder: Path) -> None:
    """Keep the summary of the run about to be replaced as the previous one (called before a report is written)."""
    if (folder / LATEST).is_file():
        shutil.copyfile(folder / LATEST, folder / PREVIOUS)


def record_run(folder: Path, index: str, folders: list[str]) -> None:
    """Say which corpus the report just written measured, and plot it beside the previous run."""
    about = {"index": index, "folders": folders, "written": datetime.now(UTC).isoformat(timespec="seconds")}
    (folder / ABOUT).write_text(json.dumps(about, ensure_ascii=False, indent=2), encoding="utf-8")
    plot_runs(folder)


def read_about(folder: Path) -> dict:
    """What a report folder says it measured ({} for a report written before it said so)."""
    try:
        return json.loads((folder / ABOUT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _summaries(path: Path) -> dict[str, dict]:
    """A summary file's metrics by mode ({} when there is none)."""
    try:
        return {s["mode"]: s for s in json.loads(path.read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def plot_runs(folder: Path) -> Path | None:
    """Bars of the main metrics per mode: the previous run (when there is one) beside the latest."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    latest, previous = _summaries(folder / LATEST), _summaries(folder / PREVIOUS)
    if not latest:
        return None
    rows, cols = grid(len(latest))
    fig, axes = plt.subplots(rows, cols, figsize=(PLOT_PANEL[0] * cols, PLOT_PANEL[1] * rows), sharey=True,
                             squeeze=False)
    width = 0.4
    for n, (ax, (mode, summary)) in enumerate(zip(axes.flat, latest.items(), strict=False)):
        runs = [("previous", previous.get(mode)), ("latest", summary)]
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
            ax.set_ylabel("score (1.0 is perfect)")
    for ax in axes.flat[len(latest):]:
        ax.set_visible(False)
    axes[0][0].legend(loc="upper left", ncols=2, fontsize="small")
    fig.suptitle("latest run beside the previous one, per mode")
    fig.tight_layout()
    fig.savefig(folder / PLOT, dpi=100)
    plt.close(fig)
    return folder / PLOT
