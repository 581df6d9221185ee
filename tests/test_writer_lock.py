"""One writer per index: a second `assistant ingest` beside a running one waits for it (or, with --no-wait, is
refused at once); readers go on; two overlapping ingests end equal to one clean ingest."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest

from assistant.catalog import Catalog
from assistant.writer import PID_NAME, writer_lock

pytestmark = pytest.mark.model  # `assistant ingest` with the real model, in subprocesses
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


def wait_for_documents(index: Path, proc: subprocess.Popen, seconds: float = 300) -> None:
    """Wait until the writer has committed its first document."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with Catalog(index).connect() as conn:
            if conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
                return
        assert proc.poll() is None, "the ingest ended before committing a document"
        time.sleep(0.2)
    raise AssertionError("the ingest never committed a document")


def test_a_second_ingest_is_refused_while_the_first_writes(tmp_path, corpus_dir):
    index = tmp_path / "index"
    first = subprocess.Popen(cli("ingest", str(big_folder(tmp_path / "big")), "--index", str(index)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_lock_holder(index, first)
        second = subprocess.run(cli("ingest", str(corpus_dir), "--index", str(index), "--no-wait"),
                                capture_output=True, text=True, timeout=300)
        assert first.poll() is None, "the first ingest ended before the second started: make the folder bigger"
        assert second.returncode == 2, second.stderr
        assert f"another ingest is writing to {index} (pid {first.pid})" in second.stderr
        assert "Traceback" not in second.stderr
        search = cli("search", "cluster partners", "--index", str(index), "--mode", "bm25")
        reader = subprocess.run(search, capture_output=True, text=True, timeout=300)
        if reader.returncode == 2:  # no document committed yet: said so, naming the ingest at work
            assert f"an ingest (pid {first.pid}) is adding them now" in reader.stderr, reader.stderr
            wait_for_documents(index, first)
            reader = subprocess.run(search, capture_output=True, text=True, timeout=300)
        assert reader.returncode == 0, reader.stderr  # readers never take the lock
        assert first.poll() is None, "the first ingest ended before the reader read: make the folder bigger"
    finally:
        first.kill()
        first.wait()
    with writer_lock(index):  # the lock dies with its holder: the next writer gets it
        assert (index / PID_NAME).read_text() == str(os.getpid())


def index_state(index: Path) -> tuple[dict, list, int]:
    """Documents with their hashes, chunk ids, and the number of vectors in Chroma."""
    catalog = Catalog(index)
    with catalog.connect() as conn:
        chunks = [row[0] for row in conn.execute("SELECT chunk_id FROM chunks ORDER BY chunk_id")]
    client = chromadb.PersistentClient(path=str(index / "chroma"))
    vectors = sum(c.count() for c in client.list_collections())
    return catalog.hashes(), chunks, vectors


def wait_for_text(path: Path, text: str, proc: subprocess.Popen, seconds: float = 300) -> None:
    """Wait until a process' log file holds the text."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in path.read_text(encoding="utf-8", errors="replace"):
            return
        assert proc.poll() is None, path.read_text(encoding="utf-8", errors="replace")
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared in {path}")


def test_waiting_ingests_of_overlapping_folders_end_equal_to_one_clean_ingest(tmp_path, corpus_dir):
    shared = big_folder(tmp_path / "shared", docs=6)
    index = tmp_path / "index"
    runs = []
    with writer_lock(index):  # a writer is busy: both ingests start now and must wait for it, then for each other
        for n, folders in enumerate(([shared], [shared, corpus_dir])):
            log = tmp_path / f"ingest{n}.log"
            with log.open("w") as out:
                proc = subprocess.Popen(cli("ingest", *map(str, folders), "--index", str(index)),
                                        stdout=out, stderr=subprocess.STDOUT)
            runs.append((proc, log))
        for proc, log in runs:
            wait_for_text(log, f"another ingest is writing to {index} (pid {os.getpid()}); waiting", proc)
    for proc, log in runs:
        assert proc.wait(timeout=900) == 0, log.read_text()
        assert "Traceback" not in log.read_text()
    clean = tmp_path / "clean"
    done = subprocess.run(cli("ingest", str(shared), str(corpus_dir), "--index", str(clean)),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert index_state(index) == index_state(clean)
