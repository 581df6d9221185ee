"""One writer per index, enforced across processes: a lock file in the index folder held for a whole write."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .catalog import IndexUnavailable, storage_error

LOCK_NAME = "write.lock"
PID_NAME = "write.pid"


class WriterBusy(IndexUnavailable):
    """Another process is writing to this index (ingest, remove, re-index)."""


def _holder(index_dir: Path) -> str:
    """The pid the current writer wrote next to the lock, or '?' when it is not readable yet."""
    try:
        return (index_dir / PID_NAME).read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def writer_lock(index_dir: Path, wait: float = 0) -> Iterator[None]:
    """Hold the index's write lock; raise WriterBusy at once (or after `wait` seconds) when another writer has it."""
    # A recovering writer deletes vectors of any uncommitted version: a second writer would delete the first's.
    lock = FileLock(index_dir / LOCK_NAME, timeout=wait)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise WriterBusy(f"another ingest is writing to {index_dir} (pid {_holder(index_dir)}); "
                         f"wait for it or stop it, then run again") from None
    except OSError as exc:
        raise storage_error(index_dir, exc) from exc
    try:
        _write_pid(index_dir)
        yield
    finally:
        lock.release()


def _write_pid(index_dir: Path) -> None:
    """Name this process as the writer, so a refused one can say who holds the lock."""
    try:
        (index_dir / PID_NAME).write_text(str(os.getpid()), encoding="utf-8")
    except OSError as exc:
        raise storage_error(index_dir, exc) from exc
