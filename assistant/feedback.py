"""Readers' feedback on answers: stored in the catalog, exported as candidate eval items, counted by language and week.

Only what was asked and answered is kept (question, answer, citations, language, time, the reader's verdict):
no address, account or session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from .catalog import Catalog
from .errors import InvalidFeedback
from .limits import MAX_URL

RATINGS = ("up", "down")
REASONS = ("", "wrong", "missing")  # why a 👎: the answer is wrong, or information is missing
CHANNELS = ("app", "api")
MAX_TEXT = 2000  # characters of a question, comment or quote
MAX_ANSWER = 8000  # an extractive answer stays under ~1,000 characters, a generated one under llm_max_tokens
MAX_CITATIONS = 10
MAX_QUOTE = 2000  # characters of one citation's quote (a quote stays within its passage)
MAX_FIELD = 1000  # characters of a citation's other text fields (doc, title, chunk id, language)
KEPT_PREVIOUS = 5  # earlier questions kept with an item
PAGE = 500  # rows read at a time
CITATION_KEYS = ("n", "doc", "title", "page", "source", "quote", "chunk_id", "lang")
COLUMNS = ("created_at", "channel", "rating", "reason", "comment", "question", "previous", "answer", "language",
           "abstained", "citations", "doc", "chunk_id", "quote", "unanswerable")


@dataclass
class Feedback:
    """One reader's verdict on one answer; `doc`/`chunk_id`/`quote`: the passage they say answers it."""

    question: str
    rating: str
    answer: str = ""
    language: str = ""
    abstained: bool = False
    citations: list[dict] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    reason: str = ""
    comment: str = ""
    doc: str = ""
    chunk_id: str = ""
    quote: str = ""
    unanswerable: bool = False  # the reader says the documents do not hold the answer
    channel: str = "app"

    @classmethod
    def of_answer(cls, answer: dict, rating: str, **given: object) -> Feedback:
        """Feedback on an answer in its public JSON shape (`Answer.as_json()` with the question)."""
        return cls(question=str(answer.get("question", "")), rating=rating, answer=str(answer.get("answer", "")),
                   language=str(answer.get("language", "")), abstained=bool(answer.get("abstained")),
                   citations=list(answer.get("citations") or []), **given)  # type: ignore[arg-type]


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise InvalidFeedback(message)


def checked(item: Feedback, catalog: Catalog, groups: tuple[str, ...] | None = None) -> Feedback:
    """The item trimmed and validated against the index (the picked passage must exist and hold the quote)."""
    item.question, item.comment, item.quote = item.question.strip(), item.comment.strip(), item.quote.strip()
    _require(bool(item.question), "question: empty")
    for name, value, limit in (("question", item.question, MAX_TEXT), ("comment", item.comment, MAX_TEXT),
                               ("quote", item.quote, MAX_TEXT), ("answer", item.answer, MAX_ANSWER)):
        _require(len(value) <= limit, f"{name}: longer than {limit} characters")
    _require(item.rating in RATINGS, f"rating: one of {', '.join(RATINGS)}")
    _require(item.reason in REASONS, f"reason: one of {', '.join(r for r in REASONS if r)}, or empty")
    _require(item.channel in CHANNELS, f"channel: one of {', '.join(CHANNELS)}")
    _require(item.rating == "down" or not item.reason, "reason: only with a 'down' rating")
    _require(len(item.citations) <= MAX_CITATIONS, f"citations: at most {MAX_CITATIONS}")
    _require(len(item.previous) <= 20 and all(len(p) <= MAX_TEXT for p in item.previous), "previous: too long")
    item.previous = item.previous[-KEPT_PREVIOUS:]  # what a follow-up's rewriting reads; older turns add bulk only
    item.citations = [citation(c) for c in item.citations if isinstance(c, dict)]
    _check_passage(item, catalog, groups)
    return item


def citation(given: dict) -> dict:
    """A citation's known keys with plain, bounded values (a nested object is refused, never stored as its repr)."""
    out: dict = {}
    for key in CITATION_KEYS:
        if key not in given:
            continue
        value = given[key]
        if key in ("n", "page"):
            _require(value is None or isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100_000,
                     f"citations: {key} must be a whole number")
        else:
            _require(isinstance(value, str), f"citations: {key} must be text")
            limit = MAX_QUOTE if key == "quote" else MAX_URL if key == "source" else MAX_FIELD
            _require(len(value) <= limit, f"citations: {key} longer than {limit} characters")
        out[key] = value
    return out


def _check_passage(item: Feedback, catalog: Catalog, groups: tuple[str, ...] | None = None) -> None:
    """The picked document and passage exist among those the reader may see (`groups`; None: all), and a given
    quote lies in the passage; one answer for a passage hidden from the reader and one that does not exist."""
    _require(not (item.unanswerable and (item.doc or item.chunk_id)),
             "unanswerable: a passage that answers was given as well")
    if item.chunk_id:
        found = catalog.chunks([item.chunk_id], groups=groups).get(item.chunk_id)
        _require(found is not None, "chunk_id: no such passage in the index")
        text, meta = found  # type: ignore[misc]
        item.doc = item.doc or str(meta.get("doc", ""))
        _require(meta.get("doc") == item.doc, "chunk_id: the passage is not in that document")
        _require(not item.quote or " ".join(item.quote.split()) in " ".join(text.split()),
                 "quote: not found in the passage")
    elif item.doc:
        _require(item.doc in {d.doc for d in catalog.documents(groups)}, "doc: no such document in the index")
        _require(not item.quote, "quote: give the chunk_id of the passage it comes from")
    else:
        _require(not item.quote, "quote: give the chunk_id of the passage it comes from")


def record(catalog: Catalog, item: Feedback, groups: tuple[str, ...] | None = None) -> int:
    """Validate (against the documents these access groups see; None: all) and store one item; its id."""
    item = checked(item, catalog, groups)
    values = {**asdict(item), "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "previous": json.dumps(item.previous, ensure_ascii=False),
              "citations": json.dumps(item.citations, ensure_ascii=False),
              "abstained": int(item.abstained), "unanswerable": int(item.unanswerable)}
    with catalog.connect() as conn:
        marks = ", ".join("?" * len(COLUMNS))
        return conn.execute(f"INSERT INTO feedback({', '.join(COLUMNS)}) VALUES ({marks})",
                            [values[c] for c in COLUMNS]).lastrowid


def items(catalog: Catalog) -> Iterator[dict]:
    """Every stored item, oldest first, with its id, read PAGE rows at a time."""
    after = 0
    while True:
        page = items_page(catalog, after)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1]["id"]


def items_page(catalog: Catalog, after: int = 0, limit: int = PAGE) -> list[dict]:
    """At most `limit` items with an id above `after`, oldest first."""
    with catalog.connect() as conn:
        rows = conn.execute(f"SELECT id, {', '.join(COLUMNS)} FROM feedback WHERE id > ? ORDER BY id LIMIT ?",
                            (after, min(limit, PAGE))).fetchall()
    out = []
    for row in rows:
        item = dict(zip(("id", *COLUMNS), row, strict=True))
        item["previous"], item["citations"] = json.loads(item["previous"]), json.loads(item["citations"])
        item["abstained"], item["unanswerable"] = bool(item["abstained"]), bool(item["unanswerable"])
        out.append(item)
    return out


def candidate(item: dict) -> dict | None:
    """The eval item a feedback item suggests, or None when it names no answer (a bare 'wrong', say).

    👎 + a picked passage: the passage's document is relevant (with the reader's quote). The documents lack it (the
    reader says so, or agrees with an abstention): unanswerable. 👍 on a cited answer: the cited documents.
    """
    cited = list(dict.fromkeys(str(c.get("doc", "")) for c in item["citations"] if c.get("doc")))
    base = {"id": f"fb{item['id']}", "question": item["question"], "lang": item["language"]}
    if item["previous"]:
        base.update(kind="followup", previous=item["previous"])
    if item["doc"]:
        quote = {"quote": item["quote"]} if item["quote"] else {}
        return {**base, "kind": base.get("kind", "fact"), "relevant": [item["doc"]], **quote}
    if item["unanswerable"] or (item["rating"] == "up" and item["abstained"]):
        near = {"near": cited[0]} if cited else {}
        return {**base, "kind": "unanswerable", "relevant": [], "unanswerable": True, **near}
    if item["rating"] == "up" and cited:
        return {**base, "kind": base.get("kind", "fact"), "relevant": cited}
    return None


def candidates(rows: Iterable[dict]) -> list[dict]:
    """Candidate eval items (eval JSONL format) for a maintainer to review, with the feedback that suggested them."""
    out = []
    for row in rows:
        item = candidate(row)
        if item is not None:
            item["feedback"] = {"rating": row["rating"], "reason": row["reason"], "comment": row["comment"],
                                "created_at": row["created_at"]}
            out.append(item)
    return out


def _rates(rows: list[dict]) -> dict:
    """Counts of rows (a row may stand for `count` items)."""
    def total(keep) -> int:
        return sum(r.get("count", 1) for r in rows if keep(r))

    n, up = total(lambda r: True), total(lambda r: r["rating"] == "up")
    return {"n": n, "up": up, "down": n - up, "wrong": total(lambda r: r["reason"] == "wrong"),
            "missing": total(lambda r: r["reason"] == "missing"), "up_rate": round(up / n, 4) if n else None}


def week(created_at: str) -> str:
    """The ISO week of a timestamp, e.g. 2026-W48."""
    year, number, _ = datetime.fromisoformat(created_at).isocalendar()
    return f"{year}-W{number:02d}"


def counted(catalog: Catalog) -> dict:
    """The stats of every stored item, counted by the database (one row per day, language, rating and reason)."""
    with catalog.connect() as conn:
        groups = conn.execute("SELECT substr(created_at, 1, 10), language, rating, reason, count(*) FROM feedback "
                              "GROUP BY 1, 2, 3, 4").fetchall()
    return stats([{"created_at": day, "language": lang, "rating": rating, "reason": reason, "count": n}
                  for day, lang, rating, reason, n in groups])


def stats(rows: list[dict]) -> dict:
    """Counts and the 👍 rate overall, by answer language and by ISO week."""
    langs = sorted({r["language"] for r in rows})
    weeks = sorted({week(r["created_at"]) for r in rows})
    return {**_rates(rows),
            "by_lang": {lang: _rates([r for r in rows if r["language"] == lang]) for lang in langs},
            "by_week": {w: _rates([r for r in rows if week(r["created_at"]) == w]) for w in weeks}}


def markdown(summary: dict) -> list[str]:
    """The stats as a Markdown table (overall, then by language, then by week)."""
    lines = ["| slice | n | 👍 | 👎 | wrong | missing | 👍 rate |", "|---|---|---|---|---|---|---|"]

    def row(name: str, r: dict) -> str:
        rate = "–" if r["up_rate"] is None else f"{r['up_rate']:.2f}"
        return f"| {name} | {r['n']} | {r['up']} | {r['down']} | {r['wrong']} | {r['missing']} | {rate} |"

    lines.append(row("all", summary))
    lines += [row(lang or "?", r) for lang, r in summary["by_lang"].items()]
    lines += [row(w, r) for w, r in summary["by_week"].items()]
    return lines
