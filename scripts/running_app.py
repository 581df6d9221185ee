"""Start app.py on a free loopback port for scripts and benchmarks, and stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def running_app(env: dict[str, str], seconds: float = 120, ingest: bool = False) -> Iterator[str]:
    """Yield the URL of app.py running with these extra environment variables (indexing its corpus in the background
    from the start with `ingest`, else no ingest at start)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = [] if ingest else ["--no-ingest"]
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), *start],
                           env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + seconds
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.time() > deadline or app.poll() is not None:
                    raise RuntimeError("app.py did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        app.terminate()
        app.wait(timeout=30)
