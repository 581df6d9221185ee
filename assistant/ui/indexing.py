"""The app's background indexing: its state (one Tally of the ingest, counted from what is committed) and how the
banner and the Documents tab's progress bar say it, with the same numbers as /api/health."""

from __future__ import annotations

import html

from ..api import Tally
from .texts import ui_text


class Indexing:
    """The background ingest's progress; written by its thread only, read by every request."""

    def __init__(self) -> None:
        self.running = False
        self.tally = Tally()  # replaced whole by the ingest's thread: a request reads one consistent moment
        self.documents = 0  # documents found in the folders when the indexing started
        self.summary = ""
        self.error = ""
        self.strays: tuple[int, str] | None = None  # documents of other folders found in the index, their folders

    def progress(self, tally: Tally) -> None:
        """The ingest's progress callback."""
        self.tally = tally

    def snapshot(self) -> dict:
        """A copy for one request: documents done of the total (the files found until the ingest has counted),
        passages embedded, seconds left (null while unknown)."""
        tally = self.tally if self.tally.total or self.tally.done else Tally(total=self.documents)
        return {"running": self.running, **tally.as_json(), "documents": self.documents, "summary": self.summary,
                "error": self.error}


def eta_text(lang: str, seconds: float | None) -> str:
    """The time left in words: being estimated, under a minute, or about so many minutes."""
    if seconds is None:
        return ui_text(lang, "eta_none")
    if seconds < 60:
        return ui_text(lang, "eta_soon")
    return ui_text(lang, "eta_minutes").format(n=round(seconds / 60))


def progress_text(lang: str, status: dict) -> str:
    """The banner's sentence: documents searchable of the total, passages, time left; only the number searchable
    for a reader who may not see every group (health's counts of the run are None for them)."""
    if status["total"] is None:
        return ui_text(lang, "indexing_some").format(docs=status["indexed"])
    text = ui_text(lang, "indexing").format(done=status["done"], total=status["total"], passages=status["passages"],
                                            eta=eta_text(lang, status["eta_seconds"]))
    more = status.get("embedding") or 0
    return f"{text} {ui_text(lang, 'embedding_now').format(n=more)}" if more else text


def progress_bar(status: dict, text: str) -> str:
    """The Documents tab's bar: documents done of the total, the numbers of /api/health (indeterminate for a reader
    who may not see every group)."""
    values = "" if status["total"] is None else f" max='{max(status['total'], 1)}' value='{status['done']}'"
    return (f"<div id='indexing-progress'><progress{values} style='width:100%'></progress>"
            f"<p>{html.escape(text)}</p></div>")
