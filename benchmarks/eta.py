"""How true the time left is during an ingest: counted in documents (before) and in passages estimated from file
sizes (after), read from the same run's tallies.

    python benchmarks/eta.py ../shared/corpus/docs [--limit 40]

The ingest runs once into a fresh index with the real model; every tally the progress callback gets is kept with
its wall-clock time. For each one after the first commit, both estimates are compared with the time the run
actually still took: the median and 90th-percentile error (as a share of the time left), and the largest jump
between two successive estimates (a reader sees the estimate "swing").
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant, Tally  # noqa: E402
from assistant.config import Settings  # noqa: E402


def pick(folder: Path, limit: int) -> Path:
    """A folder with a copy of every `len/limit`-th file of the corpus (every kind of file, in name order)."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".jsonl")
    step = max(len(files) // limit, 1)
    out = Path(tempfile.mkdtemp(prefix="eta-docs-"))
    for path in files[::step][:limit]:
        shutil.copy2(path, out / path.name)  # links are refused: a link may lead outside the folder
    return out


def errors(seen: list[tuple[float, Tally]], end: float, old: bool) -> tuple[list[float], float]:
    """Each estimate's error as a share of the time that was left, and the largest jump between two."""
    estimates = []
    for moment, tally in seen:
        if tally.written and tally.done < tally.total and end - moment > 1:
            counted = replace(tally, stamp=0.0, work_left=0.0, work_after=0.0) if old else replace(tally, stamp=0.0)
            estimates.append((moment, counted.eta or 0.0))
    shares = [abs(eta - (end - moment)) / (end - moment) for moment, eta in estimates]
    jumps = [abs(b - a) for (_, a), (_, b) in zip(estimates, estimates[1:], strict=False)]
    return shares, max(jumps, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    docs = pick(args.folder, args.limit)
    index = Path(tempfile.mkdtemp(prefix="eta-index-")) / "index"
    assistant = Assistant(Settings.from_env(index_dir=index))
    seen: list[tuple[float, Tally]] = []
    assistant.ingest([docs], progress=lambda tally: seen.append((time.monotonic(), tally)))
    end = time.monotonic()
    kinds = sorted({p.suffix for p in docs.iterdir()})
    print(f"{len(list(docs.iterdir()))} documents ({', '.join(kinds)}), {seen[-1][1].passages} passages, "
          f"{end - seen[0][0]:.0f} s\n")
    print("| time left counted in | median error | 90th percentile error | largest swing |\n|---|---|---|---|")
    for label, old in (("documents (before)", True), ("passages from file sizes (after)", False)):
        shares, jump = errors(seen, end, old)
        print(f"| {label} | {statistics.median(shares):.0%} | {statistics.quantiles(shares, n=10)[-1]:.0%} | "
              f"{jump:.0f} s |")


if __name__ == "__main__":
    main()
