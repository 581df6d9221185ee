"""What an eval report folder keeps beside report.md: which corpus it measured (about.json), the previous run's
summary (previous.json), and a plot of the latest run beside the previous one (runs.png), for the Evaluation tab."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from .plots import LATEST, PREVIOUS, draw_runs

ABOUT, PLOT = "about.json", "runs.png"


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


def plot_runs(folder: Path) -> Path | None:
    """Bars of the main metrics per mode: the previous run (when there is one) beside the latest (in English)."""
    return draw_runs(folder, folder / PLOT)
