"""What an eval report folder keeps beside report.md: which corpus it measured (about.json), the previous run's
summary (previous.json), and a plot of the latest run beside the previous one (runs.png), for the Evaluation tab."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

ABOUT, PREVIOUS, LATEST, PLOT = "about.json", "previous.json", "summary.json", "runs.png"
COMPARED = ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10")  # the metrics plotted, run beside run


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
    fig, axes = plt.subplots(1, len(latest), figsize=(4.2 * len(latest), 3.4), sharey=True, squeeze=False)
    width = 0.4
    for ax, (mode, summary) in zip(axes[0], latest.items(), strict=True):
        runs = [("previous", previous.get(mode)), ("latest", summary)]
        for i, (name, run) in enumerate(r for r in runs if r[1]):
            values = [float(run.get(m, 0.0)) for m in COMPARED]
            ax.bar([x + (i - 0.5) * width for x in range(len(COMPARED))], values, width, label=name)
        ax.set_xticks(range(len(COMPARED)), COMPARED, rotation=30)
        ax.set_title(mode)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3, axis="y")
    axes[0][0].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(folder / PLOT, dpi=100)
    plt.close(fig)
    return folder / PLOT
