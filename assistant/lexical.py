"""Lexical retrieval: language-aware tokens (Snowball stems, case and accent folding) and BM25 via SQLite FTS5;
the latent-term channel (sparse vectors from the embedding model) over the same catalog."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from .catalog import within
from .languages import STEMMERS, STOPWORDS

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=32)
def _stemmer(lang: str):
    import Stemmer

    algorithm = STEMMERS.get(lang)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def fold(token: str) -> str:
    """Lower case without accents: 'Région' -> 'region'."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str, lang: str) -> list[str]:
    """Stemmed (by the text's language), folded tokens without stopwords; numbers kept as they are."""
    words = [w for w in _WORD.findall(text.casefold()) if len(w) > 1 or w.isdigit()]
    # Stopwords are checked after folding, so "für", "på" or "över" stay tokens. Dropping them as written was
    # measured on 2026-12-06 (heldout and second test splits, a fresh ingest): one follow-up and one unanswerable
    # question flipped below the gate; it needs its own tuned change (and the answerer's features re-fitted).
    words = [w for w in words if fold(w) not in STOPWORDS and "_" not in w]
    stemmer = _stemmer(lang)
    stems = stemmer.stemWords(words) if stemmer else words
    return [fold(s) for s in stems]


def query_terms(text: str, langs: list[str]) -> list[str]:
    """Distinct query tokens, stemmed with each given language (cheap cross-lingual recall for cognates)."""
    terms: dict[str, None] = {}
    for lang in langs or [""]:
        for token in tokenize(text, lang):
            terms.setdefault(token, None)
    return list(terms)


def match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression OR-ing quoted terms (tokens are \\w only, so quoting is safe)."""
    return " OR ".join(f'"{t}"' for t in terms)


def search(conn: sqlite3.Connection, terms: list[str], where: str, params: list, k: int) -> list[tuple]:
    """BM25 (k1=1.2, b=0.75) over chunk tokens; rows (chunk_id, text, meta_json, score), best first."""
    if not terms:
        return []
    # Rank row ids first and read chunk rows for the top k only; without filters the ranking never touches the
    # chunks table (2.5x faster at 100k chunks, benchmarks/scale.py).
    join = "JOIN chunks c ON c.id = chunks_fts.rowid " if where else ""
    sql = (
        "SELECT c.chunk_id, c.text, c.meta, r.score FROM ("
        f"SELECT chunks_fts.rowid AS id, -bm25(chunks_fts) AS score FROM chunks_fts {join}"
        f"WHERE chunks_fts MATCH ? {where} ORDER BY bm25(chunks_fts) LIMIT ?) r "
        "JOIN chunks c ON c.id = r.id ORDER BY r.score DESC"
    )
    return conn.execute(sql, [match_expression(terms), *params, k]).fetchall()


def mentions(conn: sqlite3.Connection, text: str, langs: list[str], groups: Sequence[str] | None = None) -> bool:
    """Whether any chunk of the documents these access groups see (None: all) holds the words of `text` side by
    side (stemmed as in any of `langs`)."""
    condition, params = within("c.doc", groups)
    for lang in langs or [""]:
        tokens = tokenize(text, lang)
        if not tokens:
            return True
        phrase = '"' + " ".join(tokens) + '"'
        if conn.execute(f"SELECT 1 FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ? "
                        f"AND {condition} LIMIT 1", [phrase, *params]).fetchone():
            return True
    return False


def latent_search(conn: sqlite3.Connection, terms: list[int], weights: list[float], where: str, params: list,
                  k: int) -> list[tuple]:
    """Chunks by the dot product of their latent terms with the query's; rows (chunk_id, text, meta_json, score)."""
    if not terms:
        return []
    values = ", ".join("(?, ?)" for _ in terms)
    join = "JOIN chunks c ON c.id = l.chunk " if where else ""
    sql = (
        f"WITH q(term, weight) AS (VALUES {values}) "
        "SELECT c.chunk_id, c.text, c.meta, r.score FROM ("
        f"SELECT l.chunk AS id, SUM(l.weight * q.weight) AS score FROM q JOIN latent l ON l.term = q.term {join}"
        f"WHERE 1 {where} GROUP BY l.chunk ORDER BY score DESC LIMIT ?) r "
        "JOIN chunks c ON c.id = r.id ORDER BY r.score DESC"
    )
    flat = [x for pair in zip(terms, weights, strict=True) for x in pair]
    return conn.execute(sql, [*flat, *params, k]).fetchall()
