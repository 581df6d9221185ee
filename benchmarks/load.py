"""Load: concurrent clients against the app's API while an admin upload ingests documents (loopback only).

    python benchmarks/load.py --index /path/to/index [--clients 20] [--seconds 60] [--questions evals/shared.jsonl]
        [--set ASSISTANT_SENTENCE_CACHE=0] [--no-uploads]

Starts app.py on a free 127.0.0.1 port over an existing index, runs `--clients` gradio_client clients that
alternate /search and /ask for `--seconds` (bounded: each client stops at the deadline), and meanwhile uploads
documents through /upload (which ingests them). Reports requests, errors, and p50/p95 latency per endpoint.

Background ingest (issue #30, questions first):

    python benchmarks/load.py --background-ingest ../shared/corpus/docs [--clients 1] [--seconds 120] [--warm 5]
        [--rounds 2]

Starts app.py over a fresh index of that folder, which it indexes in the background from the start, twice: with
ASSISTANT_QUESTIONS_FIRST=0 (before: no gate) and =1 (after); each time, once `--warm` documents are searchable,
`--clients` clients send /ask only for `--seconds` while the indexing runs, each question once (no repeat: a
repeated question is answered from caches). Reports /ask p50/p95/max per run, the documents indexed during the
window, and whether the indexing was still running at its end (it must be).

Half-ingested documents: every uploaded copy carries its own marker word in every paragraph, and one more
client keeps searching for the markers. Each time it sees a document's chunks it counts them; at the end each
count must be 0 (not yet visible) or the document's final chunk count (all of it) — never a part.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from running_app import running_app  # noqa: E402

QUESTIONS = ["Hur många partner har INNO Industry?", "Quelles régions modèles ont été choisies ?",
             "Wie viele EDIHs gibt es in Deutschland?", "What is Arctic Smartness?",
             "Combien de pôles de compétitivité ?", "Vad gör Tillväxtverket för småföretag?"]
PASSWORD = "load-test-password"


def client_loop(url: str, deadline: float, results: list, seed: int, questions: list[str]) -> None:
    from gradio_client import Client

    rng = random.Random(seed)
    client = Client(url, verbose=False)
    while time.time() < deadline:
        question = rng.choice(questions)
        endpoint = "/ask" if rng.random() < 0.3 else "/search"
        args = (question,) if endpoint == "/ask" else (question, "", "", "", "", "", "hybrid", 1, "en")
        started = time.perf_counter()
        try:
            client.predict(*args, api_name=endpoint)
            results.append((endpoint, time.perf_counter() - started, None))
        except Exception as exc:  # every failure is counted and reported
            results.append((endpoint, time.perf_counter() - started, repr(exc)[:200]))


def uploader(url: str, folder: Path, deadline: float, log: list) -> None:
    from gradio_client import Client, handle_file

    client = Client(url, verbose=False)
    files = sorted(folder.glob("*.txt"))
    for i in range(0, len(files), 4):
        if time.time() > deadline:
            break
        started = time.perf_counter()
        status, _ = client.predict([handle_file(str(f)) for f in files[i:i + 4]], PASSWORD, api_name="/upload")
        log.append((status.splitlines()[0], round(time.perf_counter() - started, 1)))


def marked(text: str, marker: str, every: int = 12) -> str:
    """The text with the marker word after every `every` words, so that each chunk holds it."""
    words = text.split(" ")
    return " ".join(w + (f" {marker}" if i % every == 0 else "") for i, w in enumerate(words))


def visible(client, markers: dict[str, str]) -> list[tuple[str, int]]:
    """For each uploaded document, how many of its chunks one search for its marker returns."""
    counts = []
    for doc, marker in markers.items():
        _, _, table = client.predict(marker, "", "", "", "", "", "hybrid", 1, "en", api_name="/search")
        rows = list(csv.DictReader(open(table, encoding="utf-8"))) if table else []
        counts.append((doc, sum(1 for r in rows if r["doc"] == doc)))
    return counts


def checker(url: str, markers: dict[str, str], deadline: float, seen: list) -> None:
    """Keep counting what readers see of each uploaded document while it is being ingested."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    while time.time() < deadline:
        seen.extend(visible(client, markers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--uploads", type=Path, default=ROOT.parent / "shared" / "corpus" / "docs")
    parser.add_argument("--questions", type=Path, help="a question set (JSONL); default: six fixed questions")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a setting for the app")
    parser.add_argument("--no-uploads", action="store_true", help="no ingest during the run")
    parser.add_argument("--background-ingest", type=Path, metavar="FOLDER",
                        help="/ask while the app indexes FOLDER at start, questions first off then on (no --index)")
    parser.add_argument("--warm", type=int, default=5, help="documents searchable before the clients start")
    parser.add_argument("--rounds", type=int, default=1, help="before/after pairs (--background-ingest)")
    args = parser.parse_args()
    questions = ([json.loads(line)["question"] for line in args.questions.read_text(encoding="utf-8").splitlines()
                  if line.strip()] if args.questions else QUESTIONS)
    if args.background_ingest:
        from load_background import compare

        compare(args, questions)
        return
    if args.index is None:
        parser.error("--index is required (or --background-ingest)")
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        shutil.copytree(args.index, index)
        docs = Path(tmp) / "to-upload"
        docs.mkdir()
        markers = {}
        for n, path in enumerate(sorted(args.uploads.glob("*.txt"))[:12]):  # renamed: new documents
            markers[f"load-{path.name}"] = f"zqxmarker{n:02d}"
            text = marked(path.read_text(encoding="utf-8", errors="replace"), markers[f"load-{path.name}"])
            (docs / f"load-{path.name}").write_text(text, encoding="utf-8")
        env = {"ASSISTANT_INDEX": str(index), "ASSISTANT_ADMIN_PASSWORD": PASSWORD,
               "ASSISTANT_UPLOADS": str(Path(tmp) / "uploads"), **dict(item.split("=", 1) for item in args.set)}
        with running_app(env) as url:
            deadline = time.time() + args.seconds
            results: list = []
            uploads: list = []
            threads = [threading.Thread(target=client_loop, args=(url, deadline, results, n, questions))
                       for n in range(args.clients)]
            if not args.no_uploads:
                threads.append(threading.Thread(target=uploader, args=(url, docs, deadline, uploads)))
            seen: list = []
            threads.append(threading.Thread(target=checker, args=(url, markers, deadline, seen)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 600)
            from gradio_client import Client

            final = dict(visible(Client(url, verbose=False), markers))  # after the last upload: all of each
            table = Client(url, verbose=False).predict(api_name="/documents")
            catalog = {row[0]: int(row[4]) for row in table["data"] if row[0] in markers}
    summary = {"clients": args.clients, "seconds": args.seconds, "requests": len(results),
               "errors": sum(1 for r in results if r[2]), "uploads": uploads,
               "first_errors": [r[2] for r in results if r[2]][:3],
               "visibility_checks": len(seen), "checks_that_saw_a_document": sum(1 for _, n in seen if n),
               "partial_views": [(d, n, final.get(d)) for d, n in seen if n not in (0, final.get(d))],
               "documents_uploaded": len(catalog),
               "search_misses_chunks": [(d, final.get(d), n) for d, n in catalog.items() if final.get(d) != n]}
    for endpoint in ("/search", "/ask"):
        times = sorted(r[1] for r in results if r[0] == endpoint and not r[2])
        if times:
            summary[endpoint] = {"n": len(times), "p50_ms": round(1000 * statistics.median(times)),
                                 "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))])}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
