"""What the questions teach: the Questions report over the kept questions (assistant.questions), the admin's over
every question, a staff member's over those of readers within their groups (questions.visible).

Questions per day and per language, the share answered and abstained, the most asked topics and the questions the
documents do not answer ("what the documents lack"), each a group of questions of one meaning in any language
(assistant.topics) named by its most central question, with the readers' 👍/👎 on its answers, and the documents
most cited. A question is counted by its standalone text: the same words asked twice are one question asked twice,
grouped once (the vectors of 10,000 questions are read, never embedded again).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from . import feedback, questions, topics
from .access import OPERATOR, Reader
from .catalog import Catalog
from .sheets import cell

TOP_TOPICS = 20  # topic groups listed
TOP_UNANSWERED = 50  # unanswered groups listed
GROUP_QUESTIONS = 20  # distinct questions listed per group, the most asked first
TOP_CITED = 20  # documents listed
VERDICTS = ("up", "down", "wrong", "missing")
CSV_HEADER = ("kind", "rank", "label", "count", "abstained", *VERDICTS, "questions")


@dataclass
class Distinct:
    """One distinct question (its words, case and spacing aside) with how often it was asked."""

    text: str
    count: int = 0
    abstained: int = 0
    langs: Counter = field(default_factory=Counter)
    vector: np.ndarray | None = None


def key(text: str) -> str:
    """What makes two questions the same question: their words, case and spacing aside."""
    return " ".join(text.split()).casefold()


def build(catalog: Catalog, since: date | None = None, reader: Reader = OPERATOR) -> dict:
    """The report over the questions kept since `since` (None: all) that the reader may see, as JSON-ready data."""
    rows = questions.visible(catalog, questions.read(catalog, since), reader)
    distinct, typed = _distinct(rows)
    texts = list(distinct.values())
    vectors = _neutral(texts)
    all_groups = _groups(texts, vectors, [d.count for d in texts])
    unanswered = _groups(texts, vectors, [d.abstained for d in texts])
    votes = _verdicts(catalog, since, {**typed, **{k: i for i, k in enumerate(distinct)}})
    n, abstained = len(rows.question), sum(rows.abstained)
    return {
        "since": since.isoformat() if since else None,
        "questions": n, "answered": n - abstained, "abstained": abstained,
        "abstained_share": round(abstained / n, 4) if n else None,
        "by_day": _counted(rows.asked_at, rows.abstained, lambda at: at[:10], "day"),
        "by_lang": _counted(rows.lang, rows.abstained, lambda lang: lang or "?", "lang"),
        "distinct": len(texts), "topic_groups": len(all_groups), "unanswered_groups": len(unanswered),
        "topics": [_shown(texts, g, votes, "count") for g in all_groups[:TOP_TOPICS]],
        "unanswered": [_shown(texts, g, votes, "abstained") for g in unanswered[:TOP_UNANSWERED]],
        "cited": _cited(catalog, rows, reader),
    }


def _distinct(rows: questions.Rows) -> tuple[dict[str, Distinct], dict[str, int]]:
    """The distinct questions by key, and the words typed (follow-ups before their rewriting) by key, pointing at
    the position of the distinct question they became (the feedback names a question as it was typed)."""
    found: dict[str, Distinct] = {}
    typed: dict[str, str] = {}
    for text, words, lang, abstained, vector in zip(rows.question, rows.typed, rows.lang, rows.abstained,
                                                    rows.vectors, strict=True):
        item = found.setdefault(key(text), Distinct(text))
        item.count += 1
        item.abstained += abstained
        item.langs[lang or "?"] += 1
        if item.vector is None:
            item.vector = vector
        if words:
            typed.setdefault(key(words), key(text))
    order = {k: i for i, k in enumerate(found)}
    return found, {k: order[v] for k, v in typed.items()}


def _neutral(texts: list[Distinct]) -> np.ndarray | None:
    """The distinct questions' vectors with each language's mean taken away (rows of those without a vector: 0)."""
    widths = Counter(len(d.vector) for d in texts if d.vector is not None)
    if not widths:
        return None
    width = widths.most_common(1)[0][0]  # vectors of another model (the index rebuilt with it) are left out
    have = [i for i, d in enumerate(texts) if d.vector is not None and len(d.vector) == width]
    out = np.zeros((len(texts), width), np.float32)
    out[have] = topics.neutral(np.stack([texts[i].vector for i in have]),
                               [texts[i].langs.most_common(1)[0][0] for i in have])
    return out


def _groups(texts: list[Distinct], vectors: np.ndarray | None, weights: list[int]) -> list[topics.Group]:
    """Groups of the distinct questions of positive weight: by meaning where they have a vector, each alone where
    not; the most asked first."""
    chosen = [i for i, w in enumerate(weights) if w > 0]
    linked = [i for i in chosen if vectors is not None and vectors[i].any()]
    made = topics.group(vectors[linked], [weights[i] for i in linked]) if linked else []
    groups = [topics.Group([linked[m] for m in g.members], linked[g.centre], g.weight) for g in made]
    groups += [topics.Group([i], i, float(weights[i])) for i in sorted(set(chosen) - set(linked))]
    return sorted(groups, key=lambda g: (-g.weight, g.centre))


def _verdicts(catalog: Catalog, since: date | None, positions: dict[str, int]) -> dict[int, Counter]:
    """The readers' verdicts since `since` on answers to each distinct question (by position), matched by words."""
    start = since.isoformat() if since else ""
    votes: dict[int, Counter] = defaultdict(Counter)
    for item in feedback.items(catalog):
        at = positions.get(key(item["question"]))
        if at is None or item["created_at"] < start:
            continue
        votes[at][item["rating"]] += 1
        if item["reason"]:
            votes[at][item["reason"]] += 1
    return votes


def _shown(texts: list[Distinct], g: topics.Group, votes: dict[int, Counter], weight: str) -> dict:
    """A group as the report lists it: its name, how often it was asked (or abstained on), in which languages, its
    most asked questions and the verdicts on their answers."""
    members = sorted(g.members, key=lambda i: (-getattr(texts[i], weight), i))
    langs: Counter = Counter()
    verdicts: Counter = Counter()
    for i in members:
        langs.update(texts[i].langs)
        verdicts.update(votes.get(i, {}))
    return {"label": texts[g.centre].text, "count": int(g.weight),
            "abstained": sum(texts[i].abstained for i in members),
            "languages": dict(langs.most_common()),
            "questions": [{"question": texts[i].text, "count": getattr(texts[i], weight),
                           "lang": texts[i].langs.most_common(1)[0][0]} for i in members[:GROUP_QUESTIONS]],
            "more": max(len(members) - GROUP_QUESTIONS, 0),
            **{v: verdicts[v] for v in VERDICTS}}


def _counted(values: list[str], abstained: list[bool], name: Callable[[str], str], field_name: str) -> list[dict]:
    """Questions and abstentions per value (a day, a language), in the value's order (a day) or most first."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for value, off in zip(values, abstained, strict=True):
        entry = counts[name(value)]
        entry[0] += 1
        entry[1] += off
    ordered = sorted(counts.items()) if field_name == "day" else sorted(counts.items(), key=lambda kv: -kv[1][0])
    return [{field_name: k, "questions": n, "abstained": a} for k, (n, a) in ordered]


def _cited(catalog: Catalog, rows: questions.Rows, reader: Reader) -> list[dict]:
    """The documents the answers cited most, with their titles (of the documents the reader may see)."""
    counts = Counter(doc for docs, off in zip(rows.docs, rows.abstained, strict=True) if not off for doc in docs)
    titles = {d.doc: d.title for d in catalog.documents(reader.searched)} if counts else {}
    return [{"doc": doc, "title": titles.get(doc, ""), "count": n, "indexed": doc in titles}
            for doc, n in counts.most_common(TOP_CITED)]


def candidates(group: dict) -> list[dict]:
    """A group of unanswered questions as candidate eval items, made the way `assistant feedback export` makes an
    item of "the documents do not contain this" (feedback.candidate): each listed question an unanswerable one, for
    a maintainer to review before adding it to a question set."""
    tag = hashlib.sha1(key(group["label"]).encode()).hexdigest()[:8]
    out = []
    for n, asked in enumerate(group["questions"], 1):
        row = {"id": n, "question": asked["question"], "language": asked.get("lang", ""), "previous": [], "doc": "",
               "quote": "", "unanswerable": True, "rating": "", "abstained": True, "citations": []}
        item = feedback.candidate(row)
        if item is not None:
            item["id"] = f"q{tag}-{n}"  # the same group gives the same ids: a second click adds no new items
            item["asked"] = {"group": group["label"], "count": asked["count"], "group_count": group["count"]}
            out.append(item)
    return out


def csv_text(report: dict) -> str:
    """The report's groups as CSV (one row per group: topics, then unanswered), cells a spreadsheet will not run."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for kind in ("topics", "unanswered"):
        for rank, g in enumerate(report[kind], 1):
            writer.writerow([kind, rank, cell(g["label"]), g["count"], g["abstained"], *(g[v] for v in VERDICTS),
                             cell(" | ".join(q["question"] for q in g["questions"]))])
    return out.getvalue()


def counted(n: int, word: str, words: str = "") -> str:
    """A count and its noun, singular or plural ("1 question", "7 questions", "1 candidate")."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def text(report: dict, kept: int | None = None) -> Iterable[str]:
    """The report as plain lines (the CLI's default output), its empty sections left out; `kept`, how many questions
    are kept in all, says it when none is since the day asked."""
    n = report["questions"]
    since = f" since {report['since']}" if report["since"] else ""
    if not n:
        if not report.get("kept_days"):
            yield "no question kept: ASSISTANT_KEEP_QUESTIONS=0 keeps none"
        elif since and kept:
            yield f"no question{since} ({counted(kept, 'question')} kept in all)"
        else:
            yield "no question kept yet: the app and the API keep what they are asked (ASSISTANT_KEEP_QUESTIONS=0 " \
                  "keeps none)"
        return
    yield f"{counted(n, 'question')}{since}, {report['distinct']} distinct; answered {report['answered']}, " \
          f"abstained {report['abstained']} ({100 * report['abstained_share']:.0f} %)"
    yield "by language: " + ", ".join(f"{r['lang']} {r['questions']} ({r['abstained']} abstained)"
                                      for r in report["by_lang"])
    yield "by day: " + ", ".join(f"{r['day']} {r['questions']}" for r in report["by_day"][-14:])
    for kind, title in (("topics", "most asked topics"), ("unanswered", "what the documents lack (abstained)")):
        if not report[kind]:
            continue
        yield ""
        yield f"{title} ({counted(report['topic_groups' if kind == 'topics' else 'unanswered_groups'], 'group')}):"
        for rank, g in enumerate(report[kind][:20], 1):
            yield f"{rank:3}. {g['count']:5}x  {g['label']}  [{', '.join(g['languages'])}; 👍 {g['up']} 👎 " \
                  f"{g['down']}, wrong {g['wrong']}, missing {g['missing']}]"
    if report["cited"]:
        yield ""
        yield "documents most cited:"
        for r in report["cited"]:
            yield f"  {r['count']:5}  {r['doc']}  {r['title']}"
