"""Consistent reads: a hybrid search reads BM25, latent terms and the dense ids through one catalog snapshot, so a
document re-ingested while the search runs shows in one version only."""

from __future__ import annotations

import threading

from assistant.api import Assistant
from assistant.config import Settings
from assistant.retrieval import Filters

QUESTION = "How many beehives does the Quillmoor apiary cooperative keep?"
VERSIONS = {
    "old": "Quillmoor apiary cooperative\n\nThe Quillmoor apiary cooperative keeps 300 beehives on the moor and "
           "sells heather honey to shops in the valley.",
    "new": "Quillmoor apiary cooperative\n\nThe Quillmoor apiary cooperative now keeps 420 beehives on the moor and "
           "sells heather honey and beeswax candles to shops in the valley.",
}
OTHER = "Harbour ferries of Tromsø\n\nTwo electric ferries cross the sound every twenty minutes in summer."


class WriterMidSearch:
    """The real model; the first query embedding of a search re-ingests the document (a writer commits between the
    lexical read and the dense read)."""

    def __init__(self, e5, write) -> None:
        self.e5 = e5
        self.write = write
        self.armed = False

    def __getattr__(self, name):
        return getattr(self.e5, name)

    def query(self, text: str):
        if self.armed:
            self.armed = False
            self.write()
        return self.e5.query(text)


def versions(hits, doc: str) -> set[str]:
    """The content-hash part of the chunk ids of one document among the hits."""
    return {h.chunk_id.split("#")[1].split("-")[0] for h in hits if h.doc == doc}


def test_hybrid_sees_one_version_when_a_writer_commits_mid_search(tmp_path, e5):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "apiary.txt").write_text(VERSIONS["old"], encoding="utf-8")
    (docs / "ferries.txt").write_text(OTHER, encoding="utf-8")
    holder: dict[str, Assistant] = {}

    def rewrite() -> None:
        (docs / "apiary.txt").write_text(VERSIONS["new"], encoding="utf-8")
        holder["a"].ingest([docs])

    embedder = WriterMidSearch(e5, rewrite)
    assistant = holder["a"] = Assistant(Settings(index_dir=tmp_path / "ix", collection="consistent"),
                                        embedder=embedder)
    assistant.ingest([docs])
    before = versions(assistant.search(QUESTION, k=10, mode="bm25"), "apiary.txt")

    embedder.armed = True
    hits = assistant.search(QUESTION, k=10, mode="hybrid")
    assert not embedder.armed, "the writer ran during the search"
    after = versions(assistant.search(QUESTION, k=10, mode="bm25"), "apiary.txt")
    assert before != after, "the re-ingest committed a new version"
    seen = versions(hits, "apiary.txt")
    assert seen == before, f"one search mixed or jumped versions: {seen} (before {before}, after {after})"
    assert all(h.text in VERSIONS["old"] for h in hits if h.doc == "apiary.txt")


def test_parallel_searches_during_updates_never_mix_versions(tmp_path, e5):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "apiary.txt").write_text(VERSIONS["old"], encoding="utf-8")
    (docs / "ferries.txt").write_text(OTHER, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "ix", collection="parallel"), embedder=e5)
    assistant.ingest([docs])
    mixed: list[set[str]] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            seen = versions(assistant.search(QUESTION, k=10, mode="hybrid", filters=Filters()), "apiary.txt")
            if len(seen) > 1:
                mixed.append(seen)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for n in range(4):
            (docs / "apiary.txt").write_text(VERSIONS["new" if n % 2 == 0 else "old"], encoding="utf-8")
            assistant.ingest([docs])
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not mixed, f"searches saw two versions of one document at once: {mixed[:3]}"
