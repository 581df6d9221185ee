"""Abuse: what a hostile client costs the server and the well-behaved clients, old and new code side by side.

    python benchmarks/abuse.py [--old 86af265] [--seconds 30] [--json out.json]

For each version (the working tree, and `--old` checked out in a temporary git worktree) the script indexes
corpus/ with that version's code, starts its app.py on a free loopback port (real model; a rate limit of
100,000 requests per minute and client: on, so that every address is counted, yet never reached), and measures:
  - calm: two well-behaved clients (127.0.0.2, 127.0.0.3) asking /api/ask in turn for `--seconds`;
  - hostile: the same clients while a hostile one sends, at once, a 200 MB chunked body to /api/ask, one request
    from each of 10,000 addresses (127.1.x.y, paced over the phase) and 1,000 feedback posts of ~240 KB each
    (from 1,000 addresses).
Reported: the server's RSS before and at its peak (sampled every 0.2 s from /proc), the well-behaved /api/ask
p50/p95 in each phase, and what the hostile requests got back. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ["Hur många partner har INNO Industry?", "Which regions were chosen as model demonstrator regions?",
             "Vad gör INNO Industry?", "What is the six model demonstrator regions initiative?"]
ADDRESSES = 10_000
FEEDBACK_POSTS = 1_000
HOSTILE_BODY = 200 * 2**20


def rss_mb(pid: int) -> float:
    """The resident set of a process in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(root: Path, index: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Index corpus/ with this version's code, then start its app.py (no ingest at start); its process and URL."""
    env = {**os.environ, "ASSISTANT_INDEX": str(index), "ASSISTANT_API_RATE_LIMIT": "100000",
           "ASSISTANT_ADMIN_PASSWORD": "abuse-benchmark", "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "assistant", "ingest", str(ROOT / "corpus"), "--index", str(index)],
                   cwd=root, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(root / "app.py"), "--port", str(port), "--no-ingest"], cwd=root,
                            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        try:
            urllib.request.urlopen(url + "/api/health", timeout=2)
            return proc, url
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{root}/app.py did not start: see {log}") from None
            time.sleep(0.5)


def asker(url: str, source: str, deadline: float, latencies: list[float]) -> None:
    """A well-behaved client: one question at a time until the deadline."""
    import httpx

    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=120) as client:
        n = 0
        while time.time() < deadline:
            started = time.perf_counter()
            reply = client.post(url + "/api/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]})
            if reply.status_code == 200:
                latencies.append(time.perf_counter() - started)
            n += 1


def raw(url: str, source: str, request: bytes, timeout: float = 30) -> str:
    """Send one HTTP/1.1 request from `source` over a plain socket; the reply's status (or the error's name).
    Raw sockets keep the hostile client cheap, so that what is measured is the server's cost."""
    host, port = url.split("//")[1].split(":")
    try:
        with socket.socket() as sock:
            sock.bind((source, 0))
            sock.settimeout(timeout)
            sock.connect((host, int(port)))
            sock.sendall(request)
            head = sock.recv(64)
        return head.split(b" ")[1].decode() if head.startswith(b"HTTP/") else "closed"
    except OSError as exc:
        return type(exc).__name__


def big_chunked(url: str, outcome: dict) -> None:
    """One 200 MB chunked body to /api/ask (no Content-Length), sent until the server answers or closes."""
    import select

    host, port = url.split("//")[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=120)
    sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    piece = b"x" * 2**20
    sent = 0
    try:
        while sent < HOSTILE_BODY and not select.select([sock], [], [], 0)[0]:
            sock.sendall(b"100000\r\n" + piece + b"\r\n")
            sent += len(piece)
        if sent >= HOSTILE_BODY:
            sock.sendall(b"0\r\n\r\n")
        status = sock.recv(64).split(b" ")[1].decode()
    except (OSError, IndexError):
        status = "closed"
    finally:
        sock.close()
    outcome[f"200 MB chunked body: {status} after {sent // 2**20} MB"] = 1


def paced(count: int, seconds: float, outcome: dict, label: str, url: str, request: bytes) -> None:
    """`count` copies of `request`, the n-th from its own source address 127.<label's block>.x.y, spread evenly
    over `seconds` (sent as fast as the server takes them when it falls behind)."""
    block = {"addresses": 1, "feedback": 2}[label]
    started = time.monotonic()
    for n in range(count):
        status = raw(url, f"127.{block}.{n // 250}.{n % 250 + 1}", request)
        outcome[f"{label}: {status}"] = outcome.get(f"{label}: {status}", 0) + 1
        wait = started + (n + 1) * seconds / count - time.monotonic()
        if wait > 0:
            time.sleep(wait)


def many_addresses(url: str, seconds: float, outcome: dict) -> None:
    """One request from each of ADDRESSES source addresses, paced over `seconds`."""
    request = b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    paced(ADDRESSES, seconds, outcome, "addresses", url, request)


def feedback_posts(url: str, seconds: float, outcome: dict) -> None:
    """FEEDBACK_POSTS posts of ~240 KB (a long answer and ten long citations), each from its own address."""
    body = json.dumps({"question": "Hur många partner har INNO Industry?", "rating": "down", "reason": "wrong",
                       "answer": "a" * 8000,
                       "citations": [{"n": i, "doc": "d", "quote": "q" * 23_000} for i in range(10)]}).encode()
    request = (b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    paced(FEEDBACK_POSTS, seconds, outcome, "feedback", url, request)


def hostile_client(url: str, seconds: float, results) -> None:
    """The hostile client, in its own process so that it does not share the well-behaved clients' interpreter;
    what it got goes back through `results` (a queue) at the end (no per-request messages: they would cost CPU)."""
    outcome: dict = {}
    workers = [threading.Thread(target=big_chunked, args=(url, outcome)),
               threading.Thread(target=many_addresses, args=(url, seconds, outcome)),
               threading.Thread(target=feedback_posts, args=(url, seconds, outcome))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    results.put(outcome)


def phase(url: str, pid: int, seconds: float, hostile: bool) -> dict:
    """Two well-behaved clients for `seconds` (with the hostile client beside them when asked); latencies, RSS."""
    deadline = time.time() + seconds
    latencies: list[float] = []
    peak, sampling = [rss_mb(pid)], [True]

    def sample() -> None:
        while sampling[0]:
            peak.append(rss_mb(pid))
            time.sleep(0.2)

    workers = [threading.Thread(target=asker, args=(url, f"127.0.0.{n}", deadline, latencies)) for n in (2, 3)]
    results = multiprocessing.Queue()
    outcome: dict = {}
    enemy = multiprocessing.Process(target=hostile_client, args=(url, seconds, results)) if hostile else None
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for w in workers:
        w.start()
    if enemy:
        enemy.start()
    for w in workers:
        w.join(timeout=seconds + 300)
    if enemy:
        outcome = results.get(timeout=600)
        enemy.join(timeout=30)
    sampling[0] = False
    sampler.join()
    ordered = sorted(latencies)
    # asks: the answered (200) asks of the two well-behaved clients
    return {"asks": len(ordered), "p50_s": round(statistics.median(ordered), 3) if ordered else None,
            "p95_s": round(ordered[int(0.95 * (len(ordered) - 1))], 3) if ordered else None,
            "rss_peak_mb": round(max(peak), 1), "hostile": dict(sorted(outcome.items())),
            "hostile_done_s": round(time.time() - deadline + seconds, 1)}


def measure(name: str, root: Path, seconds: float, work: Path) -> dict:
    """Both phases against one version of the app."""
    proc, url = start(root, work / f"{name}-index", work / f"{name}.log")
    try:
        phase(url, proc.pid, min(10.0, seconds), hostile=False)  # warm caches and the model
        before = rss_mb(proc.pid)
        calm = phase(url, proc.pid, seconds, hostile=False)
        hostile = phase(url, proc.pid, seconds, hostile=True)
        return {"version": name, "rss_before_mb": round(before, 1), "calm": calm, "hostile": hostile,
                "rss_growth_mb": round(hostile["rss_peak_mb"] - before, 1),
                "p50_growth": round(hostile["p50_s"] / calm["p50_s"] - 1, 3) if calm["p50_s"] and hostile["p50_s"]
                else None}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", default="86af265", help="the git revision to compare with (before #26)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--new-only", action="store_true", help="measure the working tree only")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="abuse-") as tmp:
        work = Path(tmp)
        old = work / "old"
        if not args.new_only:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.old], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        versions = [("new", ROOT)] if args.new_only else [("old " + args.old, old), ("new", ROOT)]
        try:
            for name, root in versions:
                print(f"measuring {name}…", file=sys.stderr, flush=True)
                results.append(measure(name.replace(" ", "-"), root, args.seconds, work))
        finally:
            if not args.new_only:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    print("| version | RSS before | RSS peak (hostile) | growth | /api/ask p50 calm → hostile | p95 calm → hostile "
          "| what the hostile client got |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        got = "; ".join(f"{k} ×{v}" for k, v in r["hostile"]["hostile"].items())
        print(f"| {r['version']} | {r['rss_before_mb']} MB | {r['hostile']['rss_peak_mb']} MB | "
              f"+{r['rss_growth_mb']} MB | {r['calm']['p50_s']} → {r['hostile']['p50_s']} s "
              f"({r['p50_growth']:+.0%}) | {r['calm']['p95_s']} → {r['hostile']['p95_s']} s | {got} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
