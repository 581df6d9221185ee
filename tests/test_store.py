"""The vector store: batching and cosine space (server mode: test_server.py)."""

from __future__ import annotations

import numpy as np

from assistant.config import Settings
from assistant.store import VectorStore


def test_adds_are_batched_under_the_maximum(tmp_path):
    store = VectorStore(Settings(index_dir=tmp_path, collection="batch"), "fake:hash", 8)
    store.batch = 7  # force several batches on a small input
    n = 30
    vectors = np.random.default_rng(0).random((n, 8), dtype=np.float32)
    store.upsert([f"c{i}" for i in range(n)], vectors, [{"doc": "d", "doc_hash": "h"}] * n, ["t"] * n)
    assert store.count() == n
    assert store.collection.metadata["hnsw:space"] == "cosine"
    assert store.query(vectors[3], 1, None)[0][0] == "c3"
