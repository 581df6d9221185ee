"""The questions asked at the page and the API, kept for the admin's Questions report (assistant.question_report).

What is kept, in the catalog's `questions` table: the time (UTC), the channel (app or api), the answer's language,
the standalone question (and the words typed when a follow-up was rewritten), answered or abstained, the confidence,
the cited documents, the question's vector, the asker's access groups (a staff member's report holds only the
questions of readers within their groups) and an opaque owner key — a keyed hash of the signed-in reader's name
(NULL for an anonymous reader), so that the reader's "delete all" removes their questions. Never an address or a
name. Rows older than ASSISTANT_KEEP_QUESTIONS_DAYS go at the server's daily clean-up (`Retention`, at its start and
then daily; a report never deletes: it is a read); with ASSISTANT_KEEP_QUESTIONS=0 none are kept and that clean-up
deletes every one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np

from .access import MAX_GROUPS, Reader
from .catalog import Catalog
from .errors import IndexUnavailable
from .limits import MAX_QUESTION

log = logging.getLogger(__name__)
CHANNELS = ("app", "api")
MAX_DOCS = 10  # cited documents kept per question (an answer quotes max_quotes passages, a generated one more)
MAX_DOC = 500  # characters of a document id (the API's own bound on one)
MAX_LANG = 8  # characters of a language code
KEY_META = "questions_key"  # the catalog meta key of the owner keys' secret
DAY = timedelta(days=1)
COLUMNS = ("asked_at", "channel", "lang", "question", "typed", "abstained", "confidence", "docs", "vector", "owner",
           "asker_groups")


@dataclass
class Asked:
    """One question as it is kept (every field bounded on the way in)."""

    question: str  # the standalone question (a follow-up rewritten to stand alone)
    lang: str = ""
    abstained: bool = False
    confidence: float = 0.0
    docs: list[str] = field(default_factory=list)
    vector: np.ndarray | None = None
    owner: str | None = None  # owner_key(...) of a signed-in reader; None: anonymous
    typed: str = ""  # the words typed, when they differ from the standalone question
    channel: str = "app"
    at: datetime | None = None  # when (None: now)
    groups: tuple[str, ...] | None = None  # the asker's access groups (None: every group, the admin's)

    def values(self, now: datetime) -> tuple:
        """The row's values in COLUMNS' order, bounded."""
        question = " ".join(self.question.split())[:MAX_QUESTION]
        typed = " ".join(self.typed.split())[:MAX_QUESTION]
        docs = list(dict.fromkeys(d[:MAX_DOC] for d in self.docs if d))[:MAX_DOCS]
        vector = None if self.vector is None else np.asarray(self.vector, dtype=np.float16).tobytes()
        return (stamp(self.at or now), self.channel if self.channel in CHANNELS else "app", self.lang[:MAX_LANG],
                question, "" if typed == question else typed, int(bool(self.abstained)),
                round(min(max(float(self.confidence), 0.0), 1.0), 4), json.dumps(docs, ensure_ascii=False), vector,
                self.owner, None if self.groups is None else json.dumps(sorted(set(self.groups))[:MAX_GROUPS]))


def stamp(moment: datetime) -> str:
    """A time as kept: UTC, ISO 8601 to the second (sorts as text)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def now_utc() -> datetime:
    """The time now, in UTC (what a moved clock replaces in the tests: every function takes `now`)."""
    return datetime.now(UTC)


def record(catalog: Catalog, items: Iterable[Asked], now: datetime | None = None) -> int:
    """Keep these questions (empty ones are skipped); how many were kept."""
    now = now or now_utc()
    rows = [item.values(now) for item in items if item.question.strip()]
    with catalog.connect() as conn:
        conn.executemany(f"INSERT INTO questions({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                         rows)
    return len(rows)


def clean(catalog: Catalog, days: float | None, now: datetime | None = None) -> int:
    """Delete the questions asked more than `days` ago (None: every one, keeping is off); how many went. A `days` of
    0 or less is refused: it never means "every one"."""
    if days is None:
        with catalog.connect() as conn:
            return conn.execute("DELETE FROM questions").rowcount
    if not days > 0:
        raise ValueError(f"a kept period of {days} days: give a number of days above 0")
    cutoff = stamp((now or now_utc()) - timedelta(days=days))
    with catalog.connect() as conn:
        return conn.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,)).rowcount


def count(catalog: Catalog) -> int:
    """How many questions are kept in all."""
    with catalog.connect() as conn:
        return conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]


def forget(catalog: Catalog, owner: str | None) -> int:
    """Delete every question of one owner key (a user's "delete all"); how many went. None deletes nothing: an
    anonymous reader's questions belong to no one."""
    if not owner:
        return 0
    with catalog.connect() as conn:
        return conn.execute("DELETE FROM questions WHERE owner = ?", (owner,)).rowcount


def owner_key(catalog: Catalog, name: str) -> str | None:
    """The opaque key a reader's questions are kept under: an HMAC of their name with a secret made once and kept in
    the catalog (None for an anonymous reader). The report never shows it; "delete all" finds the rows by it."""
    if not name:
        return None
    secret = catalog.get_meta(KEY_META)
    if not secret:
        secret = secrets.token_hex(32)
        with catalog.connect() as conn:  # two first questions at once: the first key written wins
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (KEY_META, secret))
        secret = catalog.get_meta(KEY_META) or secret
    return hmac.new(secret.encode(), name.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass
class Rows:
    """The kept questions of a period, column by column (the report reads 10,000 of them in one query)."""

    asked_at: list[str]
    lang: list[str]
    question: list[str]
    typed: list[str]
    abstained: list[bool]
    docs: list[list[str]]
    vectors: list[np.ndarray | None]
    askers: list[frozenset[str] | None]  # the askers' access groups (None: every group, or not known)

    def only(self, keep: list[bool]) -> Rows:
        """The rows where `keep` is true."""
        def pick(column: list) -> list:
            return [value for value, kept in zip(column, keep, strict=True) if kept]

        return Rows(*(pick(getattr(self, name)) for name in self.__dataclass_fields__))


def read(catalog: Catalog, since: date | None = None) -> Rows:
    """The questions asked on or after `since` (None: all kept), oldest first."""
    start = since.isoformat() if since else ""
    with catalog.connect() as conn:
        found = conn.execute("SELECT asked_at, lang, question, typed, abstained, docs, vector, asker_groups "
                             "FROM questions WHERE asked_at >= ? ORDER BY asked_at, id", (start,)).fetchall()
    columns = list(zip(*found, strict=True)) or [()] * 8
    return Rows(list(columns[0]), list(columns[1]), list(columns[2]), list(columns[3]),
                [bool(a) for a in columns[4]], [json.loads(d) for d in columns[5]],
                [_vector(v) for v in columns[6]], [_groups(g) for g in columns[7]])


def visible(catalog: Catalog, rows: Rows, reader: Reader) -> Rows:
    """The rows this reader's report may hold (access.Reader.sees_question: all for the admin; for staff, the
    questions of readers within their groups that cite only documents they may see now)."""
    if reader.sees_all:
        return rows
    groups = catalog.groups_of(sorted({doc for docs in rows.docs for doc in docs}))
    return rows.only([reader.sees_question(asker, [groups.get(doc) for doc in docs])
                      for asker, docs in zip(rows.askers, rows.docs, strict=True)])


def _groups(text: str | None) -> frozenset[str] | None:
    """An asker's groups as kept (None: every group, or a question kept before the groups were)."""
    return None if text is None else frozenset(json.loads(text))


def _vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.float16).astype(np.float32)


class Retention:
    """The daily clean-up: `run` deletes what the setting no longer keeps once a day (the server calls it at start
    and then every hour; a moved clock in the tests); `start` runs it in a daemon thread. `why` says why they went,
    in the log ("older than the kept period of 90 days", "keeping questions is off: ASSISTANT_KEEP_QUESTIONS=0")."""

    def __init__(self, clean: Callable[[datetime], int], period: timedelta = DAY, why: str = "") -> None:
        self.clean = clean
        self.period = period
        self.why = why or "older than the kept period"
        self.last: datetime | None = None
        self._stop = threading.Event()

    def run(self, now: datetime | None = None) -> int | None:
        """Clean up when a day has passed since the last clean-up (or none was made); how many went, None when it
        was not due."""
        now = now or now_utc()
        if self.last is not None and now - self.last < self.period:
            return None
        self.last = now
        try:
            gone = self.clean(now)
        except (IndexUnavailable, sqlite3.Error) as exc:  # a full disk must not stop the server: tried next hour
            log.warning("the questions' clean-up failed: %s", exc)
            self.last = None
            return None
        if gone:
            log.info("removed %d question%s: %s", gone, "" if gone == 1 else "s", self.why)
        return gone

    def start(self, check_seconds: float = 3600.0) -> threading.Thread:
        """Run now, then check every `check_seconds` in a daemon thread until `stop`."""
        def loop() -> None:
            self.run()
            while not self._stop.wait(check_seconds):
                self.run()

        thread = threading.Thread(target=loop, name="questions-clean-up", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """End the daemon thread's checks."""
        self._stop.set()
