"""The vector store: batching and cosine space (server mode: test_server.py)."""

from __future__ import annotations

import numpy as np

from assistant.config import Settings
from assistant.store import HNSW_SYNC_THRESHOLD, VectorStore


def test_adds_are_batched_under_the_maximum(tmp_path):
    store = VectorStore(Settings(index_dir=tmp_path, collection="batch"), "fake:hash", 8)
    store.batch = 7  # force several batches on a small input
    n = 30
    vectors = np.random.default_rng(0).random((n, 8), dtype=np.float32)
    store.upsert([f"c{i}" for i in range(n)], vectors, [{"doc": "d", "doc_hash": "h"}] * n, ["t"] * n)
    assert store.count() == n
    assert store.collection.metadata["hnsw:space"] == "cosine"
    assert store.query(vectors[3], 1, None)[0][0] == "c3"


QUERY_IN_A_NEW_PROCESS = """
import json, sys
from pathlib import Path
import numpy as np
from assistant.config import Settings
from assistant.store import HNSW_SYNC_THRESHOLD, VectorStore
store = VectorStore(Settings(index_dir=Path(sys.argv[1]), collection="stable"), "fake:hash", 64)
queries = np.random.default_rng(1).normal(size=(60, 64)).astype(np.float32)
print(json.dumps([[cid for cid, _ in store.query(q, 20, None)] for q in queries]))
"""


def test_the_same_query_finds_the_same_chunks_in_every_process(tmp_path):
    import subprocess
    import sys

    store = VectorStore(Settings(index_dir=tmp_path, collection="stable"), "fake:hash", 64)
    n = 900  # more than Chroma's brute-force batch, fewer than its default sync threshold (1000)
    vectors = np.random.default_rng(0).normal(size=(n, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for i in range(0, n, 100):
        store.upsert([f"c{j}" for j in range(i, i + 100)], vectors[i:i + 100], [{"doc": "d", "doc_hash": "h"}] * 100,
                     ["t"] * 100)
    del store
    runs = [subprocess.run([sys.executable, "-c", QUERY_IN_A_NEW_PROCESS, str(tmp_path)], capture_output=True,
                           text=True, check=True).stdout for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_an_older_collection_is_brought_to_the_stable_setting(tmp_path):
    import chromadb

    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"))
    client.create_collection("older", metadata={"hnsw:space": "cosine", "embedding_model": "fake:hash", "dim": 8},
                             embedding_function=None)
    del client
    store = VectorStore(Settings(index_dir=tmp_path, collection="older"), "fake:hash", 8)
    assert store.collection.configuration["hnsw"]["sync_threshold"] == 1000  # Chroma's default
    store.settle()
    assert store.collection.configuration["hnsw"]["sync_threshold"] == HNSW_SYNC_THRESHOLD
