"""The catalog: a SQLite file beside the vectors holding documents, chunk texts, the BM25 index and latent terms.

A document becomes visible when its row here is committed (one transaction with its lexical rows);
vectors of uncommitted versions are ignored by readers and swept on the next ingest.
The schema grows by numbered migrations (PRAGMA user_version), like simonw/llm's.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .bm25 import TantivyBM25, version
from .errors import IndexUnavailable
from .migrations import bring_up_to_date
from .records import PUBLIC, Chunk, Document
from .websources import WebSources

log = logging.getLogger(__name__)
BM25_BUILT = "bm25_built"  # meta key: the tantivy index holds every committed chunk
Latent = tuple[Sequence[int], Sequence[float]]  # one chunk's latent term ids and their weights

# Below this much free space a failed write is reported as a full disk (Chroma's own errors do not say so).
LOW_SPACE_BYTES = 16 * 2**20


def storage_error(index_dir: Path, exc: BaseException) -> IndexUnavailable:
    """A clear error for a failed read or write of the index folder: read-only, disk full, or the raw reason."""
    folder = next((p for p in (index_dir, *index_dir.parents) if p.exists()), Path("."))
    reason = str(exc) or type(exc).__name__
    code = getattr(exc, "errno", None)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in reason.replace(" ", "").lower() \
            or not os.access(folder, os.W_OK):
        return IndexUnavailable(
            f"the index folder {index_dir} is read-only ({reason}). cluster-assistant needs write access to it, "
            f"also to search (Chroma opens its files for writing): make it writable, or copy it to a writable "
            f"folder and pass --index (ASSISTANT_INDEX). Nothing in the index was changed.")
    free = shutil.disk_usage(folder).free
    if code in (errno.ENOSPC, errno.EDQUOT) or "full" in reason.lower() or free < LOW_SPACE_BYTES:
        return IndexUnavailable(
            f"the disk holding the index at {index_dir} is full ({free // 1024} KB free; {reason}). Free some "
            f"space and run the same command again: documents already indexed are kept, and an ingest resumes "
            f"where it stopped.")
    return IndexUnavailable(f"cannot use the index at {index_dir}: {reason}")


def within(column: str, groups: Sequence[str] | None) -> tuple[str, list]:
    """An SQL condition (to follow AND or WHERE) keeping the rows whose document, named by `column`, has one of
    these access groups; ("1", []) when `groups` is None (every group). The column is named with its table
    ("c.doc"): unqualified, it would name the subquery's own column and keep every row."""
    if "." not in column:
        raise ValueError(f"name the table of {column!r} (e.g. c.{column})")
    if groups is None:
        return "1", []
    if not groups:
        return "0", []
    # Correlated: one lookup in doc_groups' primary key per row, never the list of a large group's documents.
    return (f"EXISTS (SELECT 1 FROM doc_groups g WHERE g.doc = {column} AND g.grp IN ({','.join('?' * len(groups))}))",
            list(groups))


# A document's access groups, comma-joined in name order, as one column of a query on documents (d).
GROUPS_OF = "(SELECT group_concat(grp, ',') FROM (SELECT grp FROM doc_groups g WHERE g.doc = d.doc ORDER BY grp))"
# Committed chunks as BM25 postings (TantivyBM25.add's rows), their groups as one GROUPS_OF column.
POSTINGS = (f"SELECT c.chunk_id, c.doc || '#' || substr(d.hash, 1, 12), c.doc, c.lang, c.doctype, c.year, c.tokens, "
            f"{GROUPS_OF} FROM chunks c JOIN documents d ON d.doc = c.doc")


def groups_column(value: str | None) -> tuple[str, ...]:
    """A GROUPS_OF column as names (a document without rows in doc_groups is public)."""
    return tuple((value or PUBLIC).split(","))


def postings(rows: Sequence[tuple]) -> Iterator[tuple]:
    """POSTINGS rows as TantivyBM25.add takes them."""
    return ((*row[:7], groups_column(row[7])) for row in rows)


@dataclass
class DocumentRow:
    """One indexed document as the catalog records it."""

    doc: str
    hash: str
    path: str
    root: str
    title: str
    lang: str
    source: str
    topic: str
    published: str
    year: int
    doctype: str
    pages: int
    chunks: int
    ingested_at: str
    title_read: bool = False  # the title is the text's first line or the file name (migrations.TITLE_READ)
    groups: tuple[str, ...] = (PUBLIC,)  # the access groups that may see it

    def as_dict(self) -> dict:
        """The row as a plain dict."""
        return asdict(self)

    def public(self) -> dict:
        """The row as the public may see it: without where the file lies on the server."""
        return {k: list(v) if k == "groups" else v for k, v in asdict(self).items()
                if k not in ("path", "root", "title_read")}


def _write_groups(conn: sqlite3.Connection, doc: str, groups: Sequence[str]) -> None:
    """Replace a document's access groups inside the caller's transaction."""
    conn.execute("DELETE FROM doc_groups WHERE doc = ?", (doc,))
    conn.executemany("INSERT INTO doc_groups VALUES (?, ?)", [(doc, g) for g in sorted(set(groups)) or [PUBLIC]])


class Catalog(WebSources):
    """Documents, chunk texts and lexical tokens in one SQLite file (WAL, so readers never block)."""

    def __init__(self, index_dir: Path, bm25: bool = True) -> None:
        self.path = index_dir / "catalog.sqlite"
        self._bm25_on = bm25
        self._bm25: TantivyBM25 | None = None
        self._bm25_lock = threading.Lock()
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
            bring_up_to_date(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise storage_error(index_dir, exc) from exc

    @property
    def bm25(self) -> TantivyBM25 | None:
        """The tantivy BM25 index beside the catalog (rebuilt from the catalog's tokens when it was never
        completed), or None when this catalog keeps FTS5 only."""
        if not self._bm25_on:
            return None
        with self._bm25_lock:
            if self._bm25 is None:
                try:
                    engine = TantivyBM25(self.path.parent / "bm25")
                except (OSError, ValueError) as exc:
                    raise storage_error(self.path.parent, exc) from exc
                if engine.created or self.get_meta(BM25_BUILT) != "1":
                    self._fill(engine)
                self._bm25 = engine
            return self._bm25

    def _fill(self, engine: TantivyBM25) -> None:
        """Index the committed chunks of a catalog made before the BM25 index existed (or whose filling was cut
        short), then record that it is complete."""
        engine.clear()
        log.info("building the BM25 index of %s from the catalog", self.path.parent)
        with self.connect() as conn:
            cursor = conn.execute(POSTINGS)
            while rows := cursor.fetchmany(10_000):
                engine.add(postings(rows))
        self.set_meta(BM25_BUILT, "1")

    def sweep_lexical(self, versions: dict[str, str]) -> None:
        """Drop BM25 postings of every version of these documents but the given one ("": all)."""
        if self.bm25 is not None and versions:
            self.bm25.keep_only(versions)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection; commits on success, rolls back on error."""
        try:
            conn = sqlite3.connect(self.path, timeout=30)
            try:
                with conn:
                    yield conn
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:  # I/O: read-only, disk full, locked too long
            raise storage_error(self.path.parent, exc) from exc

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query on it sees the same committed versions, whatever commits meanwhile."""
        with self.connect() as conn:
            conn.execute("BEGIN")
            conn.execute("SELECT 1 FROM documents LIMIT 1").fetchall()  # WAL pins the snapshot at the first read
            yield conn

    def get_meta(self, key: str) -> str | None:
        """A value from the meta table."""
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the meta table."""
        with self.connect() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def hashes_of(self, docs: list[str]) -> dict[str, str]:
        """Committed content hash of these documents (those indexed)."""
        if not docs:
            return {}
        with self.connect() as conn:
            marks = ",".join("?" * len(docs))
            return dict(conn.execute(f"SELECT doc, hash FROM documents WHERE doc IN ({marks})", docs))

    def hashes(self) -> dict[str, str]:
        """Committed content hash by doc id."""
        with self.connect() as conn:
            return dict(conn.execute("SELECT doc, hash FROM documents"))

    def documents(self, groups: Sequence[str] | None = None) -> list[DocumentRow]:
        """The committed documents visible to these access groups (None: all), by doc id."""
        columns = ", ".join(f"d.{name}" for name in DocumentRow.__dataclass_fields__ if name != "groups")
        condition, params = within("d.doc", groups)
        with self.connect() as conn:
            rows = conn.execute(f"SELECT {columns}, {GROUPS_OF} FROM documents d WHERE {condition} ORDER BY d.doc",
                                params)
            return [DocumentRow(*row[:-2], bool(row[-2]), groups=groups_column(row[-1])) for row in rows]

    def groups_of(self, docs: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The access groups of these committed documents."""
        out: dict[str, list[str]] = {}
        with self.connect() as conn:
            for i in range(0, len(docs), 500):
                part = list(docs[i:i + 500])
                rows = conn.execute(f"SELECT doc, grp FROM doc_groups WHERE doc IN ({','.join('?' * len(part))}) "
                                    f"ORDER BY doc, grp", part)
                for doc, grp in rows:
                    out.setdefault(doc, []).append(grp)
        return {doc: tuple(names) for doc, names in out.items()}

    def group_counts(self) -> dict[str, int]:
        """Every access group with the number of documents it may see."""
        with self.connect() as conn:
            return dict(conn.execute("SELECT grp, COUNT(*) FROM doc_groups WHERE doc IN (SELECT doc FROM documents) "
                                     "GROUP BY grp ORDER BY grp"))

    def set_groups(self, doc: str, groups: Sequence[str]) -> None:
        """Replace one committed document's access groups (one transaction), then its BM25 postings' groups (the
        same postings again: nothing is tokenised or embedded anew)."""
        with self.connect() as conn:
            _write_groups(conn, doc, groups)
        self.relist_lexical([doc])

    def relist_lexical(self, docs: Sequence[str]) -> None:
        """Write these documents' BM25 postings again with their committed access groups (after a change of groups,
        or its recovery)."""
        if self.bm25 is None or not docs:
            return
        marks = ",".join("?" * len(docs))
        with self.connect() as conn:
            rows = conn.execute(f"{POSTINGS} WHERE c.doc IN ({marks}) ORDER BY c.id", list(docs)).fetchall()
        self.bm25.add(postings(rows))

    def mark_pending(self, versions: list[tuple[str, str]]) -> None:
        """Note (doc, hash) versions whose vectors may be written before they are committed."""
        with self.connect() as conn:
            conn.executemany("INSERT OR IGNORE INTO pending VALUES (?, ?)", versions)

    def pending(self) -> list[tuple[str, str]]:
        """(doc, hash) versions whose vectors may be stale or orphaned."""
        with self.connect() as conn:
            return conn.execute("SELECT doc, hash FROM pending").fetchall()

    def clear_pending(self, docs: list[str]) -> None:
        """Forget the pending versions of documents once their vectors match the catalog."""
        with self.connect() as conn:
            conn.executemany("DELETE FROM pending WHERE doc = ?", [(doc,) for doc in docs])

    def commit_documents(self, items: list[tuple[Document, list[Chunk], list[list[str]], list[Latent] | None]]
                         ) -> None:
        """Replace documents' rows, lexical entries and latent terms in one transaction: the moment they become
        visible."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        replaced = self.hashes_of([d.doc_id for d, *_ in items])
        if self.bm25 is not None:  # before the commit: invisible until the catalog holds the version
            self.bm25.add((c.chunk_id, version(doc.doc_id, doc.content_hash), doc.doc_id, c.lang or doc.lang,
                           doc.doctype, doc.year, " ".join(t), doc.groups)
                          for doc, chunks, tokens, _ in items for c, t in zip(chunks, tokens, strict=True))
        with self.connect() as conn:
            for doc, chunks, tokens, latent in items:
                conn.execute("DELETE FROM chunks WHERE doc = ?", (doc.doc_id,))
                for i, (c, t) in enumerate(zip(chunks, tokens, strict=True)):
                    row = conn.execute(
                        "INSERT INTO chunks(chunk_id, doc, lang, source, topic, doctype, year, text, meta, tokens) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (c.chunk_id, doc.doc_id, c.lang or doc.lang, doc.source, doc.topic, doc.doctype, doc.year,
                         c.text, json.dumps(c.metadata(doc), ensure_ascii=False), " ".join(t))).lastrowid
                    if latent:
                        terms, weights = latent[i]
                        conn.executemany("INSERT INTO latent VALUES (?, ?, ?)",
                                         zip(map(int, terms), [row] * len(terms), map(float, weights), strict=True))
                conn.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc.doc_id, doc.content_hash, doc.path, doc.root, doc.title, doc.lang, doc.source, doc.topic,
                     doc.published, doc.year, doc.doctype, len(doc.pages), len(chunks), now, int(doc.title_read)),
                )
                _write_groups(conn, doc.doc_id, doc.groups)
        # Only documents that had another version need a sweep (a first ingest skips the second tantivy commit).
        self.sweep_lexical({doc.doc_id: doc.content_hash for doc, *_ in items
                            if replaced.get(doc.doc_id, doc.content_hash) != doc.content_hash})

    def remove_document(self, doc: str) -> None:
        """Remove a document and its lexical entries in one transaction."""
        with self.connect() as conn:
            conn.execute("DELETE FROM chunks WHERE doc = ?", (doc,))
            conn.execute("DELETE FROM documents WHERE doc = ?", (doc,))
            conn.execute("DELETE FROM doc_groups WHERE doc = ?", (doc,))
        self.sweep_lexical({doc: ""})

    def chunk_count(self, groups: Sequence[str] | None = None) -> int:
        """Number of committed chunks (of the documents these access groups see; None: all)."""
        condition, params = within("chunks.doc", groups)
        with self.connect() as conn:
            return conn.execute(f"SELECT COUNT(*) FROM chunks WHERE {condition}", params).fetchone()[0]

    def languages(self) -> list[str]:
        """Document languages, most frequent first (reads the small documents table, not the chunks)."""
        with self.connect() as conn:
            rows = conn.execute("SELECT lang FROM documents WHERE lang != '' GROUP BY lang ORDER BY COUNT(*) DESC")
            return [lang for (lang,) in rows]

    def chunks_by_lang(self, groups: Sequence[str] | None = None) -> dict[str, int]:
        """Committed chunk counts per language (of the documents these access groups see; None: all)."""
        condition, params = within("chunks.doc", groups)
        with self.connect() as conn:
            return dict(conn.execute(f"SELECT lang, COUNT(*) FROM chunks WHERE {condition} GROUP BY lang "
                                     f"ORDER BY 2 DESC", params))

    def document_texts(self) -> dict[str, str]:
        """Each document's chunk texts joined in order (overlaps repeat), for checking quotes."""
        texts: dict[str, list[str]] = {}
        with self.connect() as conn:
            for doc, text in conn.execute("SELECT doc, text FROM chunks ORDER BY doc, id"):
                texts.setdefault(doc, []).append(text)
        return {doc: "\n".join(parts) for doc, parts in texts.items()}

    def sentence_vectors(self, chunk_ids: list[str], recipe: str, dim: int) -> dict[str, np.ndarray]:
        """Stored sentence/window vectors by chunk id (float32 rows of `dim`); nothing when unreadable."""
        if not chunk_ids:
            return {}
        try:
            with self.connect() as conn:
                marks = ",".join("?" * len(chunk_ids))
                rows = conn.execute(f"SELECT chunk_id, vectors FROM sentence_vectors WHERE recipe = ? AND chunk_id "
                                    f"IN ({marks})", [recipe, *chunk_ids]).fetchall()
        except IndexUnavailable as exc:
            log.debug("sentence vectors not read: %s", exc)
            return {}
        return {cid: np.frombuffer(blob, dtype=np.float32).reshape(-1, dim) for cid, blob in rows}

    def store_sentence_vectors(self, vectors: dict[str, np.ndarray], recipe: str) -> None:
        """Keep sentence vectors of chunks still committed; best effort (a busy or read-only catalog skips it)."""
        try:  # a short wait: an answer never queues behind an ingest's commit for a cache entry
            conn = sqlite3.connect(self.path, timeout=0.5)
            try:
                with conn:
                    conn.executemany(
                        "INSERT OR IGNORE INTO sentence_vectors SELECT ?, ?, ? WHERE EXISTS "
                        "(SELECT 1 FROM chunks WHERE chunk_id = ?)",
                        [(cid, recipe, np.asarray(v, np.float32).tobytes(), cid) for cid, v in vectors.items()])
            finally:
                conn.close()
        except sqlite3.Error as exc:  # the answer is right without the cache: only slower next time
            log.debug("sentence vectors not stored: %s", exc)

    def chunks(self, chunk_ids: list[str], conn: sqlite3.Connection | None = None,
               groups: Sequence[str] | None = None) -> dict[str, tuple[str, dict]]:
        """Text and metadata of committed chunks by id (as of `conn`'s snapshot when given), of documents these
        access groups see (None: all). The engines filter by group themselves; this is the catalog's own word, for a
        vector or posting whose group change was cut short by a crash."""
        if not chunk_ids:
            return {}
        condition, params = within("chunks.doc", groups)
        with nullcontext(conn) if conn is not None else self.connect() as db:
            marks = ",".join("?" * len(chunk_ids))
            rows = db.execute(f"SELECT chunk_id, text, meta FROM chunks WHERE chunk_id IN ({marks}) AND {condition}",
                              [*chunk_ids, *params])
            return {cid: (text, json.loads(meta)) for cid, text, meta in rows}

    def indexed_terms(self, chunk_ids: list[str]) -> dict[str, set[str]]:
        """The stemmed tokens BM25 indexed for each committed chunk (its text; the title too for a first chunk)."""
        if not chunk_ids:
            return {}
        with self.connect() as db:
            marks = ",".join("?" * len(chunk_ids))
            rows = db.execute(f"SELECT chunk_id, tokens FROM chunks WHERE chunk_id IN ({marks})", chunk_ids)
            return {cid: set((tokens or "").split()) for cid, tokens in rows}
