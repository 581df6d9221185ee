"""An ingest's progress, counted from what is committed: documents searchable of those it will make searchable,
passages stored, and the time left at the rate so far. One Tally feeds the CLI's bar, the app's banner and
progress bar and /api/health, so that they say the same numbers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    """One moment of an ingest run."""

    done: int = 0  # documents of the run that are committed: unchanged ones, then each batch once the catalog has it
    total: int = 0  # documents of the run that will be searchable: those found, less those that failed
    passages: int = 0  # passages the run committed
    written: int = 0  # documents the run wrote (the rate's base: an unchanged document costs no time)
    seconds: float = 0.0  # since the run began
    doc: str = ""  # the last document counted
    embedding: int = 0  # passages embedded and not committed yet (a long document's work before its commit)
    stamp: float = 0.0  # time.monotonic() when counted; 0: read as of that moment (a Tally made by hand)

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far: 0 when every document is done, None before the first is written.
        Read later than counted, it counts down (a banner asks every 2 s, a commit may come minutes apart), but
        never below what the rate leaves for the documents after the one at work."""
        if self.done >= self.total:
            return 0.0
        if not self.written:
            return None
        each = self.seconds / self.written
        left = each * (self.total - self.done)
        if self.stamp:
            left = max(left - max(time.monotonic() - self.stamp, 0.0), each * (self.total - self.done - 1))
        return left

    def as_json(self) -> dict:
        """The counts as /api/health gives them (the estimate in whole seconds, null while unknown)."""
        eta = self.eta
        return {"done": self.done, "total": self.total, "passages": self.passages, "embedding": self.embedding,
                "eta_seconds": None if eta is None else round(eta)}


Progress = Callable[[Tally], None]


class Tracker:
    """Counts one run's documents as they are found, settled and committed, and hands each new Tally to the
    callback (under a lock: the parse thread finds and fails documents while the writing thread commits)."""

    def __init__(self, callback: Progress | None) -> None:
        self.callback = callback
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._found = self._failed = self._done = self._written = self._passages = self._embedding = 0

    def found(self, count: int) -> None:
        """More documents to index (a folder's files at the start; web pages as they are fetched)."""
        self._count(found=count)

    def unchanged(self, doc: str) -> None:
        """A document already committed as it is: searchable now, no work left."""
        self._count(done=1, doc=doc)

    def failed(self, doc: str) -> None:
        """A document that will not be searchable: no longer one of the run's."""
        self._count(failed=1, doc=doc)

    def embedded(self, count: int, doc: str) -> None:
        """Passages of a document just embedded, to be committed with its batch."""
        self._count(embedding=count, doc=doc)

    def committed(self, docs: list[tuple[str, int]]) -> None:
        """Documents (id, passages) the catalog has just committed."""
        passages = sum(n for _, n in docs)
        self._count(done=len(docs), written=len(docs), passages=passages, embedding=-passages,
                    doc=docs[-1][0] if docs else "")

    def tally(self, doc: str = "") -> Tally:
        """The run so far."""
        now = time.monotonic()
        return Tally(self._done, self._found - self._failed, self._passages, self._written, now - self._started,
                     doc, max(self._embedding, 0), now)

    def _count(self, found: int = 0, failed: int = 0, done: int = 0, written: int = 0, passages: int = 0,
               doc: str = "", embedding: int = 0) -> None:
        with self._lock:
            self._found += found
            self._failed += failed
            self._done += done
            self._written += written
            self._passages += passages
            self._embedding += embedding
            if self.callback:
                self.callback(self.tally(doc))
