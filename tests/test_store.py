"""The vector store: batching, cosine space, and a real Chroma server."""

from __future__ import annotations

import numpy as np

from assistant.api import Assistant
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


def test_ingest_and_search_against_a_chroma_server(chroma_server, corpus_dir, tmp_path, e5):
    settings = Settings(index_dir=tmp_path / "local", chroma_url=chroma_server, collection="server_test")
    assistant = Assistant(settings, embedder=e5)
    report = assistant.ingest([corpus_dir])
    assert report.summary() == "indexed 5, unchanged 0, removed 0, failed 0"
    hit = assistant.search("Vilka kluster stöder Hamburg?", k=1)[0]
    assert hit.doc == "de/hamburg.html"
    assert assistant.store.count() == assistant.stats()["chunks"]
    assert Assistant(settings, embedder=e5).ingest([corpus_dir]).summary().startswith("indexed 0, unchanged 5")
    answer = assistant.ask("Hur många medlemmar har pôle i-Trans?")
    assert answer.citations and answer.citations[0].doc == "fr/poles-hauts-de-france.txt"
