"""What reading reranked passages costs an answer: /ask latency with the default (hybrid) passages and with the
`rerank` mode's, sentence vectors kept per chunk version (the catalog's cache) or not (as before #29).

    python benchmarks/answer_passages.py evals/heldout.jsonl --index /path/to/index [--n 60]

Works on a copy of the index with its sentence cache emptied; asks the first N tune questions twice per setting (the
first pass fills the cache, the second reads it) and prints p50/p95 seconds per pass, all settings in one run.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Split, load_questions  # noqa: E402

SETTINGS = (("hybrid, cache", "hybrid", True), ("rerank, no cache (before)", "rerank", False),
            ("rerank, cache", "rerank", True))


def timed(assistant: Assistant, questions: list[str]) -> list[float]:
    """Seconds per answer."""
    out = []
    for q in questions:
        start = time.perf_counter()
        assistant.ask(q)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args()
    split = Split.load(Path(__file__).resolve().parents[1] / "evals" / "split.json")
    questions = [q.question for q in split.select(load_questions(args.file), args.file.name, "tune")
                 if not q.previous][: args.n]
    print(f"{len(questions)} tune questions of {args.file.name}\n")
    print("| passages the answerer reads | first pass p50 / p95 s | second pass p50 / p95 s |")
    print("|---|---|---|")
    embedder = None
    for label, mode, cache in SETTINGS:
        with tempfile.TemporaryDirectory() as tmp:
            index = Path(tmp) / "index"
            shutil.copytree(args.index, index, ignore=shutil.ignore_patterns("write.*"))
            with sqlite3.connect(index / "catalog.sqlite") as conn:
                conn.execute("DELETE FROM sentence_vectors")
            settings = Settings.from_env(index_dir=index, search_mode=mode).with_(sentence_cache=cache)
            assistant = Assistant(settings, embedder=embedder)
            embedder = assistant.embedder  # loaded once
            first, second = timed(assistant, questions), timed(assistant, questions)
            cells = [f"{np.percentile(t, 50):.2f} / {np.percentile(t, 95):.2f}" for t in (first, second)]
            print(f"| {label} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
