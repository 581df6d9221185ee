"""Ingest benchmark: documents/s, chunks/s, peak RSS, and the re-run over an unchanged corpus.

    python benchmarks/ingest.py [../shared/corpus/docs] [--json out.json]

The first run into a fresh temporary index is the baseline; the re-run is reported as a ratio of it.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402


def machine() -> dict:
    """Notes on the machine the numbers come from."""
    import os

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default="../shared/corpus/docs", type=Path)
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings.from_env(index_dir=Path(tmp) / "index"))
        started = time.perf_counter()
        first = assistant.ingest([args.corpus])
        first_s = time.perf_counter() - started
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        reruns = []
        for _ in range(args.reruns):
            started = time.perf_counter()
            again = assistant.ingest([args.corpus])
            reruns.append(time.perf_counter() - started)
        assert not again.indexed, "the re-run embedded documents again"
        index_mb = sum(f.stat().st_size for f in (Path(tmp) / "index").rglob("*") if f.is_file()) / 2**20
    result = {
        "corpus": str(args.corpus), "documents": len(first.indexed), "failed": len(first.failed),
        "chunks": first.chunks, "first_run_s": round(first_s, 1),
        "documents_per_s": round(len(first.indexed) / first_s, 2), "chunks_per_s": round(first.chunks / first_s, 2),
        "peak_rss_mb": round(rss_mb), "index_mb": round(index_mb, 1),
        "rerun_median_s": round(statistics.median(reruns), 3),
        "rerun_ratio": round(statistics.median(reruns) / first_s, 4), "machine": machine(),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
