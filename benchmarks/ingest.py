"""Ingest benchmark: documents/s, chunks/s, peak RSS, and the re-run over an unchanged corpus.

    python benchmarks/ingest.py [../shared/corpus/docs] [--json out.json]
    python benchmarks/ingest.py CORPUS --overlap [--repeats 2]   # the model alone vs sequential vs overlapped

The first run into a fresh temporary index is the baseline; the re-run is reported as a ratio of it.
With --overlap, one run measures on the same chunks: the model alone (dense passages in batches, then latent
terms, as ingest calls it), an ingest that parses every document before embedding (ASSISTANT_INGEST_OVERLAP=0)
and one that parses in a thread while the model embeds (with the parsing thread at its usual priority, as before,
and at nice 19, as now); each ingest's chunks/s as a share of the model's own.
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


def model_alone(assistant: Assistant, corpus: Path) -> tuple[int, float]:
    """Seconds for the model to embed the corpus' chunks as ingest does (dense in batches, then latent terms)."""
    from assistant.ingest import embedding_text, prepare
    from assistant.loaders import find_sources, parse, read

    settings, embedder = assistant.settings, assistant.embedder
    texts = []
    for source in find_sources([corpus]):
        try:
            data, content_hash = read(source, settings)
            item = prepare(parse(source, data, content_hash, settings), settings)
        except Exception:  # noqa: BLE001 (a bad file is skipped, as ingest reports it)
            continue
        texts.append([embedding_text(item.doc, c) for c in item.chunks])
    started = time.perf_counter()
    for doc_texts in texts:
        for i in range(0, len(doc_texts), settings.embed_batch):
            embedder.passages(doc_texts[i:i + settings.embed_batch])
        if assistant.settings.latent_weight > 0 and hasattr(embedder, "latent"):
            embedder.latent(doc_texts, settings.latent_terms)
    return sum(map(len, texts)), time.perf_counter() - started


def overlap_runs(corpus: Path, repeats: int) -> dict:
    """The model alone, then sequential and overlapped ingests into fresh indexes, `repeats` times each."""
    from dataclasses import replace

    import assistant.ingest as ingest

    runs = (("ingest, parse first", False, True), ("ingest, overlapped, parser at normal priority", True, False),
            ("ingest, overlapped", True, True))
    rows: dict[str, list[float]] = {"model alone": [], **{label: [] for label, _, _ in runs}}
    idle = ingest._parse_in_idle_time
    chunks = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Settings.from_env(index_dir=Path(tmp) / "warm")
        warm = Assistant(base)
        for n in range(repeats):
            chunks, seconds = model_alone(warm, corpus)
            rows["model alone"].append(chunks / seconds)
            for i, (label, overlap, nice) in enumerate(runs):
                # the before row of the parser's priority: the same code with the lowering switched off
                ingest._parse_in_idle_time = idle if nice else (lambda: None)
                mine = replace(base, index_dir=Path(tmp) / f"{n}-{i}", ingest_overlap=overlap)
                started = time.perf_counter()
                report = Assistant(mine, embedder=warm.embedder).ingest([corpus])
                rows[label].append(report.chunks / (time.perf_counter() - started))
            ingest._parse_in_idle_time = idle
    model = statistics.median(rows["model alone"])
    return {"corpus": str(corpus), "chunks": chunks, "repeats": repeats, "machine": machine(),
            "chunks_per_s": {k: round(statistics.median(v), 2) for k, v in rows.items()},
            "share_of_model": {k: round(statistics.median(v) / model, 3) for k, v in rows.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", default="../shared/corpus/docs", type=Path)
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--overlap", action="store_true", help="the model alone vs sequential vs overlapped ingest")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    if args.overlap:
        print(json.dumps(overlap_runs(args.corpus, args.repeats), indent=2))
        return
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
