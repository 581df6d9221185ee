"""Access groups at scale (#28): filtered vs unfiltered hybrid search, same index, same run.

    python benchmarks/access.py [--sizes 100000 1000000] [--corpus ../shared/corpus/docs] [--json out.json]

The index is the scale benchmark's (benchmarks/scale.py: real sentences of the shared corpus, synthetic clustered
384-d vectors, the real write path), with access groups: one document in ten is in the group "staff" (10 % of the
chunks), the others in "public" (90 %). The same chunks are written twice:
- as the app stores them now, one Chroma collection per access group (store.VectorStore);
- into one collection holding every chunk with its groups as metadata, the arrangement groups would have had
  without their own collections: searched unfiltered (the pre-#28 path, the baseline) and with Chroma's filtered
  search (`where: {"groups": {"$contains": G}}`).
BM25 (tantivy, its `groups` term filter) and the catalog are shared by both. The synthetic embedder has no latent
head: hybrid is BM25 + dense here. Queries: the 107 questions of evals/shared.jsonl, k = 10, in a fresh process
that opens the index cold; cases alternate question by question.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import (  # noqa: E402
    CHUNKS_PER_DOC,
    DIM,
    MODEL,
    QUERIES,
    SyntheticEmbedder,
    _peak_mb,
    _stats,
    disk_mb,
    documents,
    run,
    settings_for,
)

from assistant.catalog import Catalog  # noqa: E402
from assistant.ingest import Ingestor  # noqa: E402
from assistant.retrieval import Filters, Retriever  # noqa: E402
from assistant.store import VectorStore  # noqa: E402

SINGLE = "single"  # the one-collection arrangement's collection


class WhereFilters(Filters):
    """Filters whose groups go into Chroma's `where` (the one-collection arrangement's filtered search)."""

    def chroma_where(self) -> dict | None:
        clauses = [{"groups": {"$contains": g}} for g in self.groups or ()]
        rest = super().chroma_where()
        clauses += [rest] if rest else []
        return None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}


class OneCollection(VectorStore):
    """The one-collection arrangement: every chunk in one collection, whatever the groups asked."""

    def query(self, vector, k, where, groups=None):
        return super().query(vector, k, where, None)


def group_of(n: int) -> tuple[str, ...]:
    """Document n's access group: staff for one in ten."""
    return ("staff",) if n % 10 == 0 else ("public",)


def build(n_chunks: int, index: Path, pool_file: Path) -> dict:
    """Write n_chunks through Ingestor.write (a collection per group) and, apart, into one collection."""
    from tqdm import tqdm

    pool = json.loads(pool_file.read_text())
    settings = settings_for(index)
    catalog = Catalog(index)
    catalog.set_meta("embedding_model", MODEL)
    ingestor = Ingestor(settings, None, VectorStore(settings, MODEL, DIM), catalog)  # type: ignore[arg-type]
    single = VectorStore(settings.with_(collection=SINGLE), MODEL, DIM)
    items = documents(n_chunks, pool)
    per_batch = settings.write_batch // CHUNKS_PER_DOC
    started, n = time.perf_counter(), 0
    with tqdm(total=n_chunks, unit="chunk", desc=f"write {n_chunks:,}", mininterval=5) as bar:
        while batch := list(itertools.islice(items, per_batch)):
            for item, _ in batch:
                item.doc.groups = group_of(n)
                n += 1
            ingestor.write(batch)
            chunks = [(item.doc, c) for item, _ in batch for c in item.chunks]
            single.upsert([c.chunk_id for _, c in chunks], np.concatenate([v for _, v in batch]),
                          [{**c.metadata(doc), "groups": list(doc.groups)} for doc, c in chunks],
                          [c.text for _, c in chunks])
            bar.update(CHUNKS_PER_DOC * len(batch))
    return {"chunks": n_chunks, "write_s": round(time.perf_counter() - started, 1), "groups": catalog.group_counts(),
            "peak_rss_mb": round(_peak_mb()), "disk_mb": disk_mb(index)}


def cases() -> dict[str, tuple[str, Filters]]:
    """The searches compared: (which arrangement, filters)."""
    public, staff = ("public",), ("staff",)
    return {
        "unfiltered, one collection (before #28)": (SINGLE, Filters()),
        "every group (the operator: 2 collections)": ("groups", Filters()),
        "group public, 90 % (its collection)": ("groups", Filters(groups=public)),
        "group staff, 10 % (its collection)": ("groups", Filters(groups=staff)),
        "group public + lang = fr": ("groups", Filters(groups=public, lang="fr")),
        "group public + source ~ example.org/1": ("groups", Filters(groups=public, source="example.org/1")),
        "group public + topic ~ innov": ("groups", Filters(groups=public, topic="innov")),
        "group public, 90 % (Chroma where, one collection)": (SINGLE, WhereFilters(groups=public)),
        "group staff, 10 % (Chroma where, one collection)": (SINGLE, WhereFilters(groups=staff)),
    }


def query(index: Path, repeats: int) -> dict:
    """p50/p95 of hybrid and dense per case, cases alternating question by question."""
    settings = settings_for(index)
    embedder = SyntheticEmbedder()
    catalog = Catalog(index)
    retrievers = {
        "groups": Retriever(settings, catalog, VectorStore(settings, MODEL, DIM), lambda: embedder),
        SINGLE: Retriever(settings.with_(collection=SINGLE), catalog,
                          OneCollection(settings.with_(collection=SINGLE), MODEL, DIM), lambda: embedder),
    }
    every = cases()
    out: dict = {"hybrid": {}, "dense": {}}
    # Chroma's filtered searches run after the others: between two of them (a scan of every chunk's metadata) the
    # small collections' searches slowed down 10x at p95 in a first run, which a server without them never sees.
    phases = [[n for n in every if "Chroma where" not in n], [n for n in every if "Chroma where" in n]]
    for mode, names_of_phase in itertools.product(("hybrid", "dense"), phases):
        chosen = {name: every[name] for name in names_of_phase}
        times: dict[str, list[float]] = {name: [] for name in chosen}
        for which, filters in chosen.values():  # warm-up
            retrievers[which].search(QUERIES[1], k=10, mode=mode, filters=filters)
        for i, q in enumerate(QUERIES * repeats):
            names = list(chosen) if i % 2 == 0 else list(chosen)[::-1]
            for name in names:
                which, filters = chosen[name]
                t0 = time.perf_counter()
                hits = retrievers[which].search(q, k=10, mode=mode, filters=filters)
                times[name].append(time.perf_counter() - t0)
                groups = filters.groups
                assert hits or mode == "dense" and filters.lang, (name, q)
                assert groups is None or all(catalog.groups_of([h.doc])[h.doc][0] in groups for h in hits[:3])
        out[mode].update({name: _stats(t) for name, t in times.items()})
    base = out["hybrid"]["unfiltered, one collection (before #28)"]
    out["hybrid_p95_ratio_to_unfiltered"] = {name: round(s["p95_ms"] / base["p95_ms"], 2)
                                             for name, s in out["hybrid"].items()}
    out["rss_mb"] = round(_peak_mb())
    return out


def main() -> None:
    print(json.dumps(run(__doc__, [100_000, 1_000_000], build, query, __file__, "access"), indent=2))


if __name__ == "__main__":
    main()
