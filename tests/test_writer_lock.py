"""One writer per index: a second `assistant ingest` beside a running one is refused at once; readers go on."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from assistant.writer import PID_NAME, writer_lock

WORDS = ("cluster region partner innovation budget programme members energy mobility health textile "
         "digital export network skills research funding strategy policy industry").split()


def big_folder(root: Path, docs: int = 400) -> Path:
    """Enough distinct text that an ingest with the real model runs for a good while."""
    root.mkdir(parents=True)
    for i in range(docs):
        sentences = [f"Document {i} sentence {j}: the {WORDS[(i + j) % len(WORDS)]} of cluster {i * 31 + j} "
                     f"counts {i * j + 7} {WORDS[(i * j) % len(WORDS)]} partners." for j in range(80)]
        (root / f"doc{i:04d}.txt").write_text(" ".join(sentences), encoding="utf-8")
    return root


def cli(*args: str) -> list[str]:
    """The command line of `python -m assistant`."""
    return [sys.executable, "-m", "assistant", *args]


def wait_for_lock_holder(index: Path, proc: subprocess.Popen, seconds: float = 300) -> None:
    """Wait until the first writer has written its pid next to the lock (it holds the lock from then on)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pid = index / PID_NAME
        if pid.exists() and pid.read_text().strip() == str(proc.pid):
            return
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.2)
    raise AssertionError("the first ingest never took the write lock")


def test_a_second_ingest_is_refused_while_the_first_writes(tmp_path, corpus_dir):
    index = tmp_path / "index"
    first = subprocess.Popen(cli("ingest", str(big_folder(tmp_path / "big")), "--index", str(index)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_lock_holder(index, first)
        second = subprocess.run(cli("ingest", str(corpus_dir), "--index", str(index)),
                                capture_output=True, text=True, timeout=300)
        assert first.poll() is None, "the first ingest ended before the second started: make the folder bigger"
        assert second.returncode == 2, second.stderr
        assert f"another ingest is writing to {index} (pid {first.pid})" in second.stderr
        assert "Traceback" not in second.stderr
        reader = subprocess.run(cli("search", "cluster partners", "--index", str(index), "--mode", "bm25"),
                                capture_output=True, text=True, timeout=300)
        assert reader.returncode == 0, reader.stderr  # readers never take the lock
    finally:
        first.kill()
        first.wait()
    with writer_lock(index):  # the lock dies with its holder: the next writer gets it
        assert (index / PID_NAME).read_text() == str(os.getpid())
