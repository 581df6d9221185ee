"""An ingest's progress, counted from what is committed: documents searchable of those it will make searchable,
passages stored, and the time left at the rate so far, counted in passages: a document's passages are known once it
is chunked, and estimated before from its size (the passages a byte gave so far, by kind of file), so that a long
PDF after many short pages does not make the estimate jump. One Tally feeds the CLI's bar, the app's banner and
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
    work_left: float = 0.0  # passages still to embed (known or estimated); 0: count in documents
    work_after: float = 0.0  # of those, the passages of the documents after the one at work

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far (in passages when they can be estimated, else in documents): 0 when
        every document is done, None before the first is written. Read later than counted, it counts down (a
        banner asks every 2 s, a commit may come minutes apart), but never below what the rate leaves for the
        documents after the one at work; once the one at work takes longer than the rate gave it (a long PDF read,
        the model busy with questions), the rate counts that overrun too, and the estimate grows instead of
        standing still."""
        if self.done >= self.total:
            return 0.0
        if not self.written:
            return None
        since = max(time.monotonic() - self.stamp, 0.0) if self.stamp else 0.0
        worked = self.passages + self.embedding
        if self.work_left and worked:
            base, left, after = worked, self.work_left, self.work_after
        else:
            base, left, after = self.written, self.total - self.done, self.total - self.done - 1
        each = self.seconds / base
        overrun = max(since - each * (left - after), 0.0)
        return max(each * left - since, (self.seconds + overrun) / base * after)

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
        self._lock = threading.RLock()  # tally() reads under it, from _count too
        self._started = time.monotonic()
        self._found = self._failed = self._done = self._written = self._passages = self._embedding = 0
        self._pending: dict[str, tuple[int, str, int]] = {}  # doc -> (bytes, kind, passages if chunked else 0)
        self._learnt: dict[str, list[int]] = {}  # kind -> [bytes, passages] of the documents committed

    def found(self, count: int, sizes: list[tuple[str, int, str]] | None = None) -> None:
        """More documents to index (a folder's files at the start; web pages as they are fetched); `sizes`: each
        one's (doc, bytes, kind), to estimate its passages before it is chunked."""
        with self._lock:
            for doc, size, kind in sizes or ():
                self._pending[doc] = (size, kind, 0)
        self._count(found=count)

    def chunked(self, doc: str, passages: int) -> None:
        """A document's passages, known once it is chunked."""
        with self._lock:
            size, kind, _ = self._pending.get(doc, (0, "", 0))
            self._pending[doc] = (size, kind, passages)

    def unchanged(self, doc: str) -> None:
        """A document already committed as it is: searchable now, no work left."""
        self._settle(doc)
        self._count(done=1, doc=doc)

    def failed(self, doc: str) -> None:
        """A document that will not be searchable: no longer one of the run's."""
        self._settle(doc)
        self._count(failed=1, doc=doc)

    def embedded(self, count: int, doc: str) -> None:
        """Passages of a document just embedded, to be committed with its batch."""
        self._count(embedding=count, doc=doc)

    def committed(self, docs: list[tuple[str, int]]) -> None:
        """Documents (id, passages) the catalog has just committed."""
        passages = sum(n for _, n in docs)
        with self._lock:
            for doc, n in docs:
                size, kind, _ = self._pending.pop(doc, (0, "", 0))
                if size:  # what a byte of this kind of file gives
                    learnt = self._learnt.setdefault(kind, [0, 0])
                    learnt[0], learnt[1] = learnt[0] + size, learnt[1] + n
        self._count(done=len(docs), written=len(docs), passages=passages, embedding=-passages,
                    doc=docs[-1][0] if docs else "")

    def tally(self, doc: str = "") -> Tally:
        """The run so far."""
        with self._lock:
            return self._tally(doc)

    def _tally(self, doc: str) -> Tally:
        now = time.monotonic()
        embedding = max(self._embedding, 0)
        left = [self._estimate(*v) for v in self._pending.values()]
        known = None not in left
        work = sum(left) - embedding if known and left else 0.0  # type: ignore[arg-type]
        after = sum(left[1:]) if known else 0.0  # type: ignore[arg-type]
        return Tally(self._done, self._found - self._failed, self._passages, self._written, now - self._started,
                     doc, embedding, now, max(work, 0.0), min(after, max(work, 0.0)))

    def _estimate(self, size: int, kind: str, passages: int) -> float | None:
        """A pending document's passages: known once chunked, else its bytes at the rate learnt for its kind, else
        (a kind none of whose files is done yet: a PDF's bytes say little of its text) the passages an average
        document gave so far; None while nothing is learnt."""
        if passages:
            return float(passages)
        if kind in self._learnt and self._learnt[kind][0]:
            size_sum, passage_sum = self._learnt[kind]
            return size * passage_sum / size_sum
        return self._passages / self._written if self._written else None

    def _settle(self, doc: str) -> None:
        with self._lock:
            self._pending.pop(doc, None)

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
