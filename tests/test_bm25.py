"""BM25 in tantivy: the same ranking as FTS5 over the same tokens, filters, versions swept after each commit,
uncommitted postings invisible, and a catalog made before the index existed back-filled on open."""

from __future__ import annotations

import shutil

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.retrieval import Filters

DOCS = {
    "ferries.txt": "Harbour ferries of Tromsø\n\nTwo electric ferries cross the sound every twenty minutes; the "
                   "ferry company employs forty crew members and carries 900,000 passengers a year.",
    "cheese.txt": "Fromageries du Jura\n\nLes fromageries du Jura affinent le comté pendant douze mois au moins. "
                  "La coopérative compte cent vingt producteurs de lait.",
    "mills.txt": "Sågverk i Norrland\n\nSågverken i Norrland sågar furu och gran. Det största sågverket har "
                 "sextio anställda och exporterar till Tyskland.",
    "looms.txt": "Textile looms of Łódź\n\nThe weaving cluster of Łódź counts 300 firms; its looms produce "
                 "technical fabrics for ferries and trains.",
}


@pytest.fixture
def indexed(tmp_path, fake_embedder):
    """The documents ingested with a quick deterministic embedder (the lexical side is what is tested)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=tmp_path / "ix", collection="bm25", latent_weight=0)
    assistant = Assistant(settings, embedder=fake_embedder)
    assistant.ingest([docs])
    return assistant, docs


def ranking(assistant: Assistant, engine: str, query: str, filters: Filters | None = None) -> list[str]:
    fresh = Assistant(assistant.settings.with_(lexical_engine=engine), embedder=assistant.embedder)
    return [h.doc for h in fresh.search(query, k=10, mode="bm25", filters=filters)]


def test_tantivy_ranks_like_fts5(indexed):
    assistant, _ = indexed
    for query in ("electric ferries crew", "comté fromageries", "sågverk anställda", "ferries"):
        tantivy, fts5 = ranking(assistant, "tantivy", query), ranking(assistant, "fts5", query)
        assert tantivy and tantivy[0] == fts5[0] and set(tantivy) == set(fts5), query


def test_filters_apply_in_tantivy(indexed):
    assistant, _ = indexed
    assert ranking(assistant, "tantivy", "ferries", Filters(lang="en")) == ranking(
        assistant, "fts5", "ferries", Filters(lang="en"))
    assert ranking(assistant, "tantivy", "ferries", Filters(doc="looms.txt")) == ["looms.txt"]
    assert ranking(assistant, "tantivy", "ferries", Filters(lang="fr")) == []
    assert ranking(assistant, "tantivy", "ferries", Filters(topic="nothing-like-this")) == []


def test_new_version_replaces_the_old_one_and_removal_empties_it(indexed):
    assistant, docs = indexed
    bm25 = assistant.catalog.bm25
    before = bm25.count()
    (docs / "ferries.txt").write_text(DOCS["ferries.txt"].replace("forty", "fifty"), encoding="utf-8")
    assistant.ingest([docs])
    assert bm25.count() == before  # the old version's postings were swept after the commit
    hits = assistant.search("fifty crew members", k=3, mode="bm25")
    assert hits[0].doc == "ferries.txt" and "fifty" in hits[0].text
    assistant.remove("ferries.txt")
    assert "ferries.txt" not in ranking(assistant, "tantivy", "electric ferries")
    assert bm25.count() == before - 1


def test_postings_of_an_uncommitted_version_stay_invisible(indexed):
    assistant, _ = indexed
    bm25 = assistant.catalog.bm25
    # What a crash between the tantivy commit and the catalog commit leaves behind.
    bm25.add([("ghost.txt#0123456789ab-0000", "ghost.txt#0123456789ab", "ghost.txt", "en", "text", 0,
               "electr ferri ghost")])
    assert "ghost.txt" not in ranking(assistant, "tantivy", "electric ferries ghost")
    assistant.catalog.sweep_lexical({"ghost.txt": ""})
    assert bm25.search(["ghost"], 5) == []


def test_a_catalog_without_the_bm25_index_is_back_filled(indexed):
    assistant, _ = indexed
    expected = ranking(assistant, "tantivy", "comté fromageries")
    folder = assistant.settings.index_dir / "bm25"
    shutil.rmtree(folder)
    assert ranking(assistant, "tantivy", "comté fromageries") == expected  # a new Assistant rebuilds it
    assert folder.is_dir()


def test_an_interrupted_back_fill_is_done_again(indexed):
    assistant, _ = indexed
    expected = ranking(assistant, "tantivy", "sågverk anställda")
    assistant.catalog.set_meta("bm25_built", "0")  # as if the first filling had been cut short
    assistant.catalog.bm25.clear()
    assert ranking(assistant, "tantivy", "sågverk anställda") == expected
    assert assistant.catalog.get_meta("bm25_built") == "1"


def test_re_committing_a_version_adds_no_duplicate(indexed):
    assistant, docs = indexed
    bm25 = assistant.catalog.bm25
    before = bm25.count()
    rows = assistant.catalog.documents()
    with assistant.catalog.connect() as conn:
        conn.execute("UPDATE documents SET hash = 'x' WHERE doc = 'cheese.txt'")  # force cheese.txt to re-index
    assistant.ingest([docs])
    assert bm25.count() == before and len(assistant.catalog.documents()) == len(rows)
    hits = assistant.search("comté fromageries", k=10, mode="bm25")
    assert len({h.chunk_id for h in hits}) == len(hits)
