"""One writer per index, enforced across processes: a lock file in the index folder held for a whole write."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .catalog import storage_error
from .errors import WriterBusy

log = logging.getLogger(__name__)
LOCK_NAME = "write.lock"
PID_NAME = "write.pid"


def _holder(index_dir: Path) -> str:
    """The pid the current writer wrote next to the lock, or '?' when it is not readable yet."""
    try:
        return (index_dir / PID_NAME).read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def writer_lock(index_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the index's write lock; when another writer has it, wait (saying so once) or raise WriterBusy."""
    # A recovering writer deletes vectors of any uncommitted version: a second writer would delete the first's.
    lock = FileLock(index_dir / LOCK_NAME)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            busy = f"another ingest is writing to {index_dir} (pid {_holder(index_dir)})"
            if not wait:
                raise WriterBusy(f"{busy}; wait for it or stop it, then run again", "busy_writing") from None
            log.warning("%s; waiting…", busy)
            lock.acquire(timeout=-1)
    except OSError as exc:
        raise storage_error(index_dir, exc) from exc
    try:
        _write_pid(index_dir)
        yield
    finally:
        lock.release()


def live_writer(index_dir: Path) -> str | None:
    """The pid of a running writer of this index, read without touching its lock (None when none runs)."""
    pid = _holder(index_dir)
    if not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except PermissionError:
        return pid  # it exists, under another user
    except OSError:
        return None
    return pid


def _write_pid(index_dir: Path) -> None:
    """Name this process as the writer, so a refused one can say who holds the lock."""
    try:
        (index_dir / PID_NAME).write_text(str(os.getpid()), encoding="utf-8")
    except OSError as exc:
        raise storage_error(index_dir, exc) from exc
