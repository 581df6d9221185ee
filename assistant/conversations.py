"""Signed-in readers' conversations and the permalinks to one answer, kept in the catalog (migration 9).

A conversation belongs to an owner key (assistant.questions.owner_key: a keyed hash of the user's name), and every
read, change and delete here names that key: another reader's conversation is as absent as one never made (NotFound,
never a refusal that would tell it exists). A turn is kept as the answer's snapshot (`snapshot`): the question
typed, the standalone question, the answer text and its citations as they were (title, link, quote, the passage
cut to MAX_PASSAGE). A permalink is an unguessable token to a frozen copy of one turn with the index version; who
may see each of its sources is decided when it is opened (assistant.history).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime

from .answering import Answer, Citation
from .catalog import Catalog
from .errors import NotFound, TooMany
from .feedback import MAX_ANSWER, MAX_CITATIONS, MAX_QUOTE
from .limits import MAX_CONVERSATIONS, MAX_PASSAGE, MAX_QUESTION, MAX_SHARES, MAX_TITLE, MAX_TURNS, MAX_URL
from .questions import now_utc, stamp

ID_BYTES = 12  # random bytes of a conversation id (16 URL-safe characters)
TOKEN_BYTES = 24  # random bytes of a permalink's token (32 URL-safe characters)
MAX_ID = 64  # characters of an id or token a request may name


def title_of(text: str) -> str:
    """A conversation's title: the text on one line, cut to MAX_TITLE characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1] + "…"


def snapshot(answer: Answer, typed: str = "") -> dict:
    """One answer as kept (every field bounded): what a resumed conversation, an export and a permalink show."""
    citations = [{"n": c.n, "doc": c.doc[:500], "title": (c.title or "")[:500], "page": c.page,
                  "source": (c.source or "")[:MAX_URL], "quote": (c.quote or "")[:MAX_QUOTE],
                  "chunk_id": (c.chunk_id or "")[:200], "lang": (c.lang or "")[:8], "doctype": c.doctype or "",
                  "ocr": bool(c.ocr), "passage": (c.passage or "")[:MAX_PASSAGE]}
                 for c in answer.citations[:MAX_CITATIONS]]
    return {"question": (typed or answer.question or "")[:MAX_QUESTION],
            "standalone": (answer.standalone or "")[:MAX_QUESTION], "answer": (answer.text or "")[:MAX_ANSWER],
            "language": (answer.language or "")[:8], "abstained": bool(answer.abstained),
            "confidence": round(float(answer.confidence or 0.0), 3), "generated": bool(answer.generated),
            "notice": (answer.notice or "")[:MAX_QUESTION], "citations": citations,
            # an abstention names its nearest documents in its text: a permalink hides those its opener may not see
            "nearest": one_per_document([{"doc": h.doc[:500], "title": str(h.meta.get("title") or "")[:500]}
                                         for h in answer.passages])[:MAX_CITATIONS]}


def one_per_document(nearest: list[dict]) -> list[dict]:
    """The nearest documents once each, in their order (a document's passages come one after another)."""
    first: dict[str, dict] = {}
    for near in nearest:
        first.setdefault(str(near.get("doc") or ""), near)
    return list(first.values())


def answer_of(turn: dict) -> Answer:
    """A kept turn as an Answer again (for the page's source cards and the follow-ups' history)."""
    citations = [Citation(n=int(c.get("n") or 0), doc=str(c.get("doc") or ""), title=str(c.get("title") or ""),
                          page=c.get("page") or 0, source=str(c.get("source") or ""), quote=str(c.get("quote") or ""),
                          chunk_id=str(c.get("chunk_id") or ""), lang=str(c.get("lang") or ""),
                          passage=str(c.get("passage") or ""), doctype=str(c.get("doctype") or ""),
                          ocr=bool(c.get("ocr")))
                 for c in turn.get("citations") or []]
    return Answer(text=str(turn.get("answer") or ""), language=str(turn.get("language") or ""),
                  confidence=float(turn.get("confidence") or 0.0), citations=citations,
                  abstained=bool(turn.get("abstained")), question=str(turn.get("question") or ""),
                  standalone=str(turn.get("standalone") or ""), generated=bool(turn.get("generated")),
                  notice=str(turn.get("notice") or ""))


def listed(catalog: Catalog, owner: str) -> list[dict]:
    """An owner's conversations, the latest changed first: id, title, created, updated and number of turns."""
    with catalog.connect() as conn:
        rows = conn.execute("SELECT c.id, c.title, c.created_at, c.updated_at, "
                            "(SELECT COUNT(*) FROM turns t WHERE t.conversation = c.id) FROM conversations c "
                            "WHERE c.owner = ? ORDER BY c.updated_at DESC, c.rowid DESC", (owner,)).fetchall()
    return [{"id": i, "title": t, "created": c, "updated": u, "turns": n} for i, t, c, u, n in rows]


def read(catalog: Catalog, conversation: str, owner: str) -> dict:
    """One of the owner's conversations with its turns (oldest first); NotFound when it is not theirs."""
    with catalog.connect() as conn:
        row = conn.execute("SELECT id, title, created_at, updated_at FROM conversations WHERE id = ? AND owner = ?",
                           (conversation, owner)).fetchone()
        if row is None:
            raise NotFound("no such conversation: GET /api/conversations lists yours", "r_no_conversation")
        turns = conn.execute("SELECT n, asked_at, snapshot FROM turns WHERE conversation = ? ORDER BY n",
                             (conversation,)).fetchall()
    return {"id": row[0], "title": row[1], "created": row[2], "updated": row[3],
            "turns": [{**json.loads(s), "n": n, "asked_at": at} for n, at, s in turns]}


def append(catalog: Catalog, conversation: str | None, owner: str, turn: dict, now: datetime | None = None) -> str:
    """Add a turn to one of the owner's conversations (None: a new one, titled by its question); its id. TooMany
    past MAX_CONVERSATIONS or MAX_TURNS, NotFound when the conversation is not the owner's."""
    at = stamp(now or now_utc())
    with catalog.connect() as conn:
        if conversation is None:
            count = conn.execute("SELECT COUNT(*) FROM conversations WHERE owner = ?", (owner,)).fetchone()[0]
            if count >= MAX_CONVERSATIONS:
                raise TooMany(f"you keep {count} conversations, the most there may be: delete old ones (the "
                              f"conversation list's Delete, or DELETE /api/conversations/ID) to keep new ones",
                              "r_too_many_conversations", count=count)
            conversation = secrets.token_urlsafe(ID_BYTES)
            conn.execute("INSERT INTO conversations(id, owner, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                         (conversation, owner, title_of(turn.get("question", "")) or "…", at, at))
        elif conn.execute("SELECT 1 FROM conversations WHERE id = ? AND owner = ?",
                          (conversation, owner)).fetchone() is None:
            raise NotFound("no such conversation: GET /api/conversations lists yours", "r_no_conversation")
        n = conn.execute("SELECT COUNT(*) FROM turns WHERE conversation = ?", (conversation,)).fetchone()[0]
        if n >= MAX_TURNS:
            raise TooMany(f"this conversation holds {n} questions, the most there may be: start a new one",
                          "r_too_many_turns", n=n)
        conn.execute("INSERT INTO turns(conversation, n, asked_at, snapshot) VALUES (?, ?, ?, ?)",
                     (conversation, n + 1, at, json.dumps(turn, ensure_ascii=False)))
        conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (at, conversation))
    return conversation


def rename(catalog: Catalog, conversation: str, owner: str, title: str) -> str:
    """Give one of the owner's conversations a title (one line, MAX_TITLE characters); the title kept."""
    title = title_of(title)
    if not title:
        raise ValueError("the title is empty: give the conversation a name")
    with catalog.connect() as conn:
        if not conn.execute("UPDATE conversations SET title = ? WHERE id = ? AND owner = ?",
                            (title, conversation, owner)).rowcount:
            raise NotFound("no such conversation: GET /api/conversations lists yours", "r_no_conversation")
    return title


def delete(catalog: Catalog, owner: str, conversation: str | None = None) -> int:
    """Delete one of the owner's conversations (None: every one), their turns and their permalinks; how many went.
    NotFound when a named one is not theirs."""
    with catalog.connect() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM conversations WHERE owner = ? AND (? IS NULL OR id = ?)",
                                          (owner, conversation, conversation))]
        if conversation is not None and not ids:
            raise NotFound("no such conversation: GET /api/conversations lists yours", "r_no_conversation")
        for table, column in (("turns", "conversation"), ("shares", "conversation"), ("conversations", "id")):
            conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
        conn.execute("DELETE FROM shares WHERE owner = ? AND ? IS NULL", (owner, conversation))
    return len(ids)


def index_version(catalog: Catalog) -> dict:
    """What the index was when a permalink was made: its last ingest time and a short digest of its size."""
    with catalog.connect() as conn:
        chunks, last = conn.execute("SELECT (SELECT COUNT(*) FROM chunks), "
                                    "(SELECT MAX(ingested_at) FROM documents)").fetchone()
    digest = hashlib.sha256(f"{chunks}:{last}".encode()).hexdigest()[:12]
    return {"indexed_at": last or "", "version": digest}


def share(catalog: Catalog, conversation: str, owner: str, n: int, now: datetime | None = None) -> str:
    """A permalink's token to turn `n` of one of the owner's conversations, frozen with the index version."""
    turns = read(catalog, conversation, owner)["turns"]
    turn = next((t for t in turns if t["n"] == n), None)
    if turn is None:
        raise NotFound(f"this conversation has no turn {n}: its turns are numbered 1 to {len(turns)}", "r_no_turn",
                       n=n, turns=len(turns))
    frozen = {**turn, "index": index_version(catalog), "shared_at": stamp(now or now_utc())}
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with catalog.connect() as conn:
        count = conn.execute("SELECT COUNT(*) FROM shares WHERE owner = ?", (owner,)).fetchone()[0]
        if count >= MAX_SHARES:
            raise TooMany(f"you have made {count} permalinks, the most there may be: delete old conversations",
                          "r_too_many_shares", count=count)
        conn.execute("INSERT INTO shares(token, owner, conversation, created_at, snapshot) VALUES (?, ?, ?, ?, ?)",
                     (token, owner, conversation, frozen["shared_at"], json.dumps(frozen, ensure_ascii=False)))
    return token


def shared(catalog: Catalog, token: str) -> dict:
    """The frozen turn a permalink's token names (NotFound when none: deleted, or never made)."""
    with catalog.connect() as conn:
        row = conn.execute("SELECT snapshot FROM shares WHERE token = ?", ((token or "")[:MAX_ID],)).fetchone()
    if row is None:
        raise NotFound("no such permalink: it was deleted with its conversation, or its address is mistyped",
                       "share_missing")
    return json.loads(row[0])
