"""Evaluation: document- and passage-level retrieval metrics over JSONL question sets, reports and the CI gate."""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .records import Hit

KS = (1, 5, 10)


@dataclass
class Question:
    """One eval question: `relevant` lists every document (doc id) that answers it."""

    id: str
    question: str
    lang: str
    relevant: list[str]
    quote: str = ""
    answerable: bool = True


@dataclass
class Outcome:
    """What retrieval returned for one question."""

    question: Question
    docs: list[str]
    passages: list[str]
    seconds: float
    cross_lingual: bool

    def rank(self) -> int:
        """1-based rank of the first relevant document in the top 10, or 0."""
        return next((i for i, d in enumerate(self.docs[:10], 1) if d in self.question.relevant), 0)

    def ndcg(self, k: int = 10) -> float:
        """Binary-relevance nDCG@k over documents."""
        gains = sum(1 / math.log2(i + 1) for i, d in enumerate(self.docs[:k], 1) if d in self.question.relevant)
        ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, len(self.question.relevant)) + 1))
        return gains / ideal if ideal else 0.0

    def passage_hit(self, k: int = 5) -> bool | None:
        """Whether the quote lies in one of the top-k passages (None when the question has no quote)."""
        if not self.question.quote:
            return None
        quote = _norm(self.question.quote)
        return any(quote in _norm(p) for p in self.passages[:k])


@dataclass
class Report:
    """Outcomes of one mode over one question set, with the metrics derived from them."""

    mode: str
    outcomes: list[Outcome] = field(default_factory=list)

    def metrics(self, outcomes: list[Outcome] | None = None) -> dict:
        """hit@1/5/10, mrr@10, ndcg@10, passage hit@5 over the given (default: all) outcomes."""
        items = self.outcomes if outcomes is None else outcomes
        n = len(items)
        if not n:
            return {"n": 0}
        ranks = [o.rank() for o in items]
        result: dict = {"n": n}
        for k in KS:
            result[f"hit@{k}"] = round(sum(0 < r <= k for r in ranks) / n, 4)
        result["mrr@10"] = round(sum(1 / r for r in ranks if r) / n, 4)
        result["ndcg@10"] = round(sum(o.ndcg() for o in items) / n, 4)
        quoted = [o.passage_hit() for o in items if o.passage_hit() is not None]
        if quoted:
            result["passage_hit@5"] = round(sum(quoted) / len(quoted), 4)
        return result

    def hit_curve(self, outcomes: list[Outcome] | None = None) -> list[float]:
        """hit@k for k = 1..10."""
        items = self.outcomes if outcomes is None else outcomes
        ranks = [o.rank() for o in items]
        return [sum(0 < r <= k for r in ranks) / max(len(ranks), 1) for k in range(1, 11)]

    def summary(self) -> dict:
        """Metrics overall, by question language and by same- vs cross-lingual, plus latency."""
        result = self.metrics()
        langs = sorted({o.question.lang for o in self.outcomes})
        result["by_lang"] = {lang: self.metrics([o for o in self.outcomes if o.question.lang == lang])
                             for lang in langs}
        result["by_crossing"] = {
            "same": self.metrics([o for o in self.outcomes if not o.cross_lingual]),
            "cross": self.metrics([o for o in self.outcomes if o.cross_lingual]),
        }
        seconds = sorted(o.seconds for o in self.outcomes)
        if seconds:
            result["latency_ms"] = {"p50": round(1000 * statistics.median(seconds), 1),
                                    "p95": round(1000 * seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))], 1)}
        result["mode"] = self.mode
        return result


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question set (blank lines and lines starting with // are skipped)."""
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            data = json.loads(line)
            questions.append(Question(
                id=str(data["id"]), question=data["question"], lang=data["lang"],
                relevant=list(data.get("relevant") or []), quote=data.get("quote") or "",
                answerable=bool(data.get("relevant"))))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{path} line {n}: not an eval question ({exc})") from exc
    return questions


Search = Callable[[str, str], list[Hit]]


def evaluate(questions: list[Question], search: Search, mode: str, doc_langs: dict[str, str],
             depth: int = 50) -> Report:
    """Run every answerable question through search(question, mode) and collect outcomes."""
    report = Report(mode)
    if questions:
        search(questions[0].question, mode)  # warm-up: model and detector loading is not query latency
    for q in questions:
        if not q.answerable:
            continue
        started = time.perf_counter()
        hits = search(q.question, mode)
        seconds = time.perf_counter() - started
        docs = list(dict.fromkeys(h.doc for h in hits[:depth]))
        cross = doc_langs.get(q.relevant[0], q.lang) != q.lang
        report.outcomes.append(Outcome(q, docs, [h.text for h in hits], seconds, cross))
    return report


def check_quotes(questions: list[Question], texts: dict[str, str]) -> list[str]:
    """Problems with a set: unknown documents, and quotes not found verbatim in the first relevant document."""
    problems = []
    for q in questions:
        for doc in q.relevant:
            if doc not in texts:
                problems.append(f"{q.id}: unknown document {doc}")
        if q.quote and q.relevant and q.relevant[0] in texts and _norm(q.quote) not in _norm(texts[q.relevant[0]]):
            problems.append(f"{q.id}: quote not found in {q.relevant[0]}: {q.quote!r}")
    return problems


def compare(summary: dict, expected: dict, tolerance: float) -> list[str]:
    """Metrics that fell more than `tolerance` below their expected value."""
    return [f"{metric}: {summary.get(metric, 0):.4f} < expected {value:.4f} - {tolerance}"
            for metric, value in expected.items() if summary.get(metric, 0) < value - tolerance]


GATED = ("hit@1", "hit@5", "mrr@10", "ndcg@10", "passage_hit@5")


def record_expected(path: Path, set_name: str, summaries: dict[str, dict], tolerance: float = 0.02) -> None:
    """Store the gated metrics of each mode as the expected scores of a question set."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"tolerance": tolerance, "sets": {}}
    data["sets"].setdefault(set_name, {}).update(
        {mode: {m: s[m] for m in GATED if m in s} for mode, s in summaries.items()})
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_report(reports: list[Report], folder: Path, title: str) -> Path:
    """A Markdown report with tables per mode and language, and a plot of hit@k per mode and language."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    langs = sorted({o.question.lang for r in reports for o in r.outcomes})
    fig, axes = plt.subplots(1, len(langs) + 1, figsize=(4 * (len(langs) + 1), 3.6), sharey=True)
    for ax, lang in zip(axes, ["all", *langs], strict=True):
        for report in reports:
            items = report.outcomes if lang == "all" else [o for o in report.outcomes if o.question.lang == lang]
            ax.plot(range(1, 11), report.hit_curve(items), marker="o", label=report.mode)
        ax.set_title(f"{lang} (n={len(items)})")
        ax.set_xlabel("k")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("hit@k (document)")
    axes[0].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(folder / "hit_at_k.png", dpi=100)
    plt.close(fig)

    lines = [f"# Retrieval evaluation: {title}", "", "![hit@k per mode and language](hit_at_k.png)", ""]
    lines += markdown_table(reports)
    path = folder / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps([r.summary() for r in reports], indent=2), encoding="utf-8")
    return path


def markdown_table(reports: list[Report]) -> list[str]:
    """Rows of mode x (all, same, cross, each language) with the main metrics."""
    lines = ["| mode | slice | n | hit@1 | hit@5 | hit@10 | MRR@10 | nDCG@10 | passage hit@5 | p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for report in reports:
        s = report.summary()
        slices = [("all", s)] + [(k, v) for k, v in s["by_crossing"].items()] + list(s["by_lang"].items())
        for name, m in slices:
            if not m.get("n"):
                continue
            latency = s["latency_ms"] if name == "all" else {"p50": "", "p95": ""}
            lines.append(f"| {report.mode} | {name} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | "
                         f"{m['hit@10']:.3f} | {m['mrr@10']:.3f} | {m['ndcg@10']:.3f} | "
                         f"{m.get('passage_hit@5', float('nan')):.3f} | {latency['p50']} | {latency['p95']} |")
    return lines


@dataclass
class AnswerOutcome:
    """One question's answer, checked."""

    question: Question
    abstained: bool
    score: float
    citations: int
    valid_citations: int
    language_ok: bool
    seconds: float


def check_answer(question: Question, answer, expected_lang: str) -> AnswerOutcome:
    """Citations valid (quote verbatim in its chunk, chunk among those retrieved) and language right."""
    retrieved = {h.chunk_id: h.text for h in answer.passages}
    valid = sum(1 for c in answer.citations if c.chunk_id in retrieved and c.quote and c.quote in retrieved[c.chunk_id])
    return AnswerOutcome(question, answer.abstained, answer.score, len(answer.citations), valid,
                         answer.language == expected_lang, 0.0)


def answer_metrics(outcomes: list[AnswerOutcome], threshold: float) -> dict:
    """Citation validity, language match, abstention precision/recall, and the best threshold on this set."""
    cited = sum(o.citations for o in outcomes)
    abstain = [o for o in outcomes if o.abstained]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    right = [o for o in abstain if not o.question.answerable]
    result = {
        "n": len(outcomes), "unanswerable": len(unanswerable), "threshold": threshold,
        "citation_validity": round(sum(o.valid_citations for o in outcomes) / cited, 4) if cited else None,
        "language_match": round(sum(o.language_ok for o in outcomes) / max(len(outcomes), 1), 4),
        "abstention_precision": round(len(right) / len(abstain), 4) if abstain else None,
        "abstention_recall": round(len(right) / len(unanswerable), 4) if unanswerable else None,
        "answered_rate_on_answerable": round(
            sum(not o.abstained for o in outcomes if o.question.answerable)
            / max(1, sum(o.question.answerable for o in outcomes)), 4),
        "latency_ms_p50": round(1000 * statistics.median(o.seconds for o in outcomes), 1) if outcomes else None,
    }
    best = best_threshold(outcomes)
    result["best_threshold"] = best
    if best is not None:
        pos = [o.score for o in outcomes if o.question.answerable]
        neg = [o.score for o in outcomes if not o.question.answerable]
        result["at_best_threshold"] = {
            "abstention_recall": round(sum(s < best for s in neg) / len(neg), 4),
            "answered_rate_on_answerable": round(sum(s >= best for s in pos) / len(pos), 4),
        }
    result["scores"] = {o.question.id: round(o.score, 4) for o in outcomes}
    return result


def best_threshold(outcomes: list[AnswerOutcome]) -> float | None:
    """The score threshold with the best balanced accuracy (answerable answered, unanswerable abstained)."""
    pos = [o.score for o in outcomes if o.question.answerable]
    neg = [o.score for o in outcomes if not o.question.answerable]
    if not pos or not neg:
        return None

    def balanced(t: float) -> float:
        return (sum(s >= t for s in pos) / len(pos) + sum(s < t for s in neg) / len(neg)) / 2

    candidates = sorted(set(pos + neg))
    return round(max(candidates, key=balanced), 4)
