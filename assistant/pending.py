"""Work done after an answer is returned (keeping the question for the Questions report: its embedding and its
SQLite write): a bounded queue and one worker thread, started when work comes and ended when idle.

Nothing is lost silently: a job that fails is logged; past MAX_PENDING_QUESTIONS waiting jobs a new one is dropped
and logged; when the process ends, what still waits is done first, for at most SHUTDOWN_SECONDS (atexit), and what
is left then is logged. `flush` waits until every queued job is done (the tests' hook, and the report's: it reads
what was just asked).
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
import weakref
from collections.abc import Callable

from .limits import MAX_PENDING_QUESTIONS

log = logging.getLogger(__name__)
IDLE_SECONDS = 30.0  # a worker with nothing to do for this long ends (the next job starts another)
SHUTDOWN_SECONDS = 10.0  # how long the process' end waits for the jobs still queued
_LIVE: weakref.WeakSet[Pending] = weakref.WeakSet()  # every queue of this process, drained at its end


class Pending:
    """A bounded queue of jobs (callables without arguments) done one at a time in a worker thread."""

    def __init__(self, what: str, limit: int = MAX_PENDING_QUESTIONS, idle: float = IDLE_SECONDS) -> None:
        self.what = what  # what a job does, for the log ("question kept for the report")
        self.idle = idle
        self.dropped = 0
        self._queue: queue.Queue[Callable[[], object]] = queue.Queue(maxsize=max(limit, 1))
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        _LIVE.add(self)

    def put(self, job: Callable[[], object]) -> bool:
        """Queue a job (the worker starts if none runs); False, logged, when `limit` jobs wait already."""
        with self._lock:
            try:
                self._queue.put_nowait(job)
            except queue.Full:
                self.dropped += 1
                log.warning("%s: dropped, %d jobs wait already (%d dropped so far)", self.what,
                            self._queue.maxsize, self.dropped)
                return False
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="pending-" + self.what[:20], daemon=True)
                self._worker.start()
        return True

    def _work(self) -> None:
        """Do the queued jobs in order; end once idle for `idle` seconds with nothing queued."""
        while True:
            try:
                job = self._queue.get(timeout=self.idle)
            except queue.Empty:
                with self._lock:  # a job put meanwhile is seen here, or put() sees no worker and starts one
                    if self._queue.empty():
                        self._worker = None
                        return
                continue
            try:
                job()
            except Exception as exc:  # noqa: BLE001 (a full disk or a locked catalog: logged, the next job runs)
                log.warning("%s failed: %s", self.what, exc)
            finally:
                self._queue.task_done()

    @property
    def waiting(self) -> int:
        """Jobs queued or running."""
        return self._queue.unfinished_tasks

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every job queued so far is done: True, or False when `timeout` seconds passed first."""
        deadline = time.monotonic() + timeout
        done = self._queue.all_tasks_done
        with done:
            while self._queue.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                done.wait(left)
        return True


def drain(timeout: float = SHUTDOWN_SECONDS) -> int:
    """Wait for the jobs of every queue (at the process' end); how many were left undone, each queue's logged."""
    left = 0
    deadline = time.monotonic() + timeout
    for pending in list(_LIVE):
        if not pending.flush(max(deadline - time.monotonic(), 0.0)):
            log.warning("%s: %d not done, the process ended first", pending.what, pending.waiting)
            left += pending.waiting
    return left


atexit.register(drain)
