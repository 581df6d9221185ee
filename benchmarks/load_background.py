"""benchmarks/load.py --background-ingest: /ask latency while the app indexes a corpus in the background, with
questions first off (before) and on (after), in one run. See load.py's docstring for the command."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from running_app import running_app  # noqa: E402

SWITCHES = (("before: no gate (ASSISTANT_QUESTIONS_FIRST=0)", "0"), ("after: questions first", "1"))


def status(url: str) -> dict:
    """The app's /status (the indexing's counts; `indexed`: documents searchable now)."""
    from gradio_client import Client

    return Client(url, verbose=False).predict(api_name="/status")


def warm(url: str, documents: int, seconds: float = 900) -> dict:
    """Wait until `documents` documents are searchable (questions need something to answer from)."""
    deadline = time.time() + seconds
    while (now := status(url))["indexed"] < documents:
        if time.time() > deadline or not now["running"]:
            raise RuntimeError(f"the indexing did not reach {documents} documents: {now}")
        time.sleep(1)
    return now


def asker(url: str, deadline: float, results: list, questions: list[str]) -> None:
    """Ask each question in turn until the deadline (a question asked again finds its embeddings remembered and its
    passages' sentence vectors cached: a fast repeat is no measure of a first question)."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    for question in questions:
        if time.time() >= deadline:
            return
        started = time.perf_counter()
        try:
            client.predict(question, api_name="/ask")
            results.append(("/ask", time.perf_counter() - started, None))
        except Exception as exc:  # every failure is counted and reported
            results.append(("/ask", time.perf_counter() - started, repr(exc)[:200]))


def one_run(args, questions: list[str], switch: str) -> dict:
    """One app over a fresh index of the folder, indexing it at start; /ask only from `--clients` clients for
    `--seconds` once `--warm` documents are searchable, each client its own share of the questions, each asked
    once (in the same shuffled order in every run)."""
    order = random.Random(0).sample(questions, len(questions))
    with tempfile.TemporaryDirectory() as tmp:
        env = {"ASSISTANT_INDEX": str(Path(tmp) / "index"), "ASSISTANT_CORPUS": str(args.background_ingest.resolve()),
               "ASSISTANT_UPLOADS": str(Path(tmp) / "uploads"), "ASSISTANT_QUESTIONS_FIRST": switch,
               **dict(item.split("=", 1) for item in args.set)}
        with running_app(env, seconds=300, ingest=True) as url:
            before = warm(url, args.warm)
            load = os.getloadavg()[0]
            results: list = []
            deadline = time.time() + args.seconds
            threads = [threading.Thread(target=asker, args=(url, deadline, results, order[n::args.clients]))
                       for n in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 600)
            after = status(url)
    times = sorted(r[1] for r in results if not r[2])
    return {"asks": len(times), "questions": len(questions), "errors": sum(1 for r in results if r[2]),
            "p50_s": round(statistics.median(times), 2) if times else None,
            "p95_s": round(times[int(0.95 * (len(times) - 1))], 2) if times else None,
            "max_s": round(times[-1], 2) if times else None,
            "documents_during": after["done"] - before["done"], "of": after["total"],
            "running_at_end": after["running"], "load_at_start": round(load, 2),
            "first_errors": [r[2] for r in results if r[2]][:3]}


def compare(args, questions: list[str]) -> None:
    """Before and after, one after the other; the JSON and a Markdown table for BENCHMARKS.md."""
    runs = {f"{label}{f', round {n + 1}' if args.rounds > 1 else ''}": one_run(args, questions, switch)
            for n in range(args.rounds) for label, switch in SWITCHES}  # alternated: the machine's load drifts
    print(json.dumps(runs, indent=2))
    print(f"\n| {args.clients} client(s), /ask only, {args.seconds:.0f} s | asks | /ask p50 | /ask p95 | /ask max "
          f"| documents indexed in the window | still indexing at the end |\n|---|---|---|---|---|---|---|")
    for label, run in runs.items():
        print(f"| {label} | {run['asks']} | {run['p50_s']} s | {run['p95_s']} s | {run['max_s']} s "
              f"| {run['documents_during']} of {run['of']} | {'yes' if run['running_at_end'] else 'no'} |")
