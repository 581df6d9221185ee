"""JSON API latency: /api/search and /api/ask under 1 and 20 concurrent clients (loopback only).

    python benchmarks/api_load.py --index /path/to/index [--clients 1 20] [--seconds 60]

Starts app.py on a free 127.0.0.1 port over a copy of an existing index (rate limit off, no ingest), then for each
client count and each endpoint runs that many httpx clients, each sending requests one after another for
`--seconds` (the last request may end after the deadline). Reports requests, errors and p50/p95 latency.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from running_app import running_app  # noqa: E402

QUESTIONS = ["Hur många partner har INNO Industry?", "Quelles régions modèles ont été choisies ?",
             "Wie viele EDIHs gibt es in Deutschland?", "What is Arctic Smartness?",
             "Combien de pôles de compétitivité ?", "Vad gör Tillväxtverket för småföretag?"]


def call(client: httpx.Client, endpoint: str, question: str) -> httpx.Response:
    """One request to an endpoint."""
    if endpoint == "/api/search":
        return client.get(endpoint, params={"q": question, "k": 10})
    return client.post(endpoint, json={"question": question})


def client_loop(url: str, endpoint: str, deadline: float, results: list, seed: int) -> None:
    """Send requests one after another until the deadline; record (seconds, error or None)."""
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=300) as client:
        while time.time() < deadline:
            started = time.perf_counter()
            try:
                reply = call(client, endpoint, rng.choice(QUESTIONS))
                error = None if reply.status_code == 200 else f"HTTP {reply.status_code}"
            except httpx.HTTPError as exc:
                error = repr(exc)[:200]
            results.append((time.perf_counter() - started, error))


def run(url: str, endpoint: str, clients: int, seconds: float) -> dict:
    """One endpoint under this many clients: requests, errors, p50 and p95 in ms."""
    results: list = []
    deadline = time.time() + seconds
    threads = [threading.Thread(target=client_loop, args=(url, endpoint, deadline, results, n))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(t for t, error in results if not error)
    summary = {"endpoint": endpoint, "clients": clients, "requests": len(results),
               "errors": sum(1 for _, error in results if error)}
    if times:
        summary.update(p50_ms=round(1000 * statistics.median(times)),
                       p95_ms=round(1000 * times[int(0.95 * (len(times) - 1))]))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        shutil.copytree(args.index, index)
        env = {"ASSISTANT_INDEX": str(index), "ASSISTANT_API_RATE_LIMIT": "0",
               "ASSISTANT_UPLOADS": str(Path(tmp) / "uploads")}
        with running_app(env) as url:
            with httpx.Client(base_url=url, timeout=300) as warm:  # the model loads on the first request
                call(warm, "/api/ask", QUESTIONS[0]).raise_for_status()
            rows = [run(url.rstrip("/"), endpoint, clients, args.seconds)
                    for clients in args.clients for endpoint in ("/api/search", "/api/ask")]
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
