"""Evaluation: document- and passage-level retrieval metrics over JSONL question sets, reports and the CI gate."""

from __future__ import annotations

import json
import math
import re
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .records import Hit
from .stats import paired, with_ci

KS = (1, 5, 10)


KINDS = ("fact", "short", "unanswerable", "followup")


@dataclass
class Question:
    """One eval question: `relevant` lists every document (doc id) that answers it.

    kind: fact | short (at most 4 words) | unanswerable (no document answers; `near` inspired it) |
    followup (asked after the questions in `previous`; the gold answers it in that context).
    """

    id: str
    question: str
    lang: str
    relevant: list[str]
    quote: str = ""
    answerable: bool = True
    kind: str = "fact"
    previous: list[str] = field(default_factory=list)
    near: str = ""

    @property
    def documents(self) -> list[str]:
        """The documents a question was written from (decides its split)."""
        return [*self.relevant, *([self.near] if self.near else [])]


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
        quote = normalised(self.question.quote)
        return any(quote in normalised(p) for p in self.passages[:k])


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
        result["ci95"] = {name: with_ci(values)["ci"] for name, values in per_question(items).items()}
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


def per_question(outcomes: list[Outcome]) -> dict[str, list[float]]:
    """Each question's score per metric (for confidence intervals and paired tests)."""
    ranks = [o.rank() for o in outcomes]
    scores = {"mrr@10": [1 / r if r else 0.0 for r in ranks], "hit@1": [float(r == 1) for r in ranks],
              "hit@5": [float(0 < r <= 5) for r in ranks], "ndcg@10": [o.ndcg() for o in outcomes]}
    quoted = [o.passage_hit() for o in outcomes if o.passage_hit() is not None]
    if quoted:
        scores["passage_hit@5"] = [float(x) for x in quoted]
    return scores


def paired_modes(reports: list[Report], metrics: tuple[str, ...] = ("mrr@10", "hit@5")) -> dict:
    """Paired bootstrap of every mode against dense (same questions): {"hybrid-dense": {metric: test}}."""
    base = next((r for r in reports if r.mode == "dense"), None)
    if base is None:
        return {}
    base_scores = per_question(base.outcomes)
    out = {}
    for report in reports:
        if report.mode == "dense":
            continue
        scores = per_question(report.outcomes)
        out[f"{report.mode}-dense"] = {m: paired(scores[m], base_scores[m]) for m in metrics if m in scores}
    return out


def normalised(text: str) -> str:
    """Whitespace- and case-normalised text: how a quote is matched against passages and answers."""
    return re.sub(r"\s+", " ", text).strip().casefold()


_LINE_HYPHEN = re.compile(r"([^\W\d_])-[ \t]*\n\s*([a-zß-öø-ÿœæ])")  # as cleaning joins a PDF's hyphenated word
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\\s]")


def verbatim_form(text: str) -> str:
    """Text reduced to what a verbatim quote must keep: NFC characters, without whitespace, invisible characters
    or a word's line-end hyphenation (layout, not words)."""
    return _INVISIBLE.sub("", _LINE_HYPHEN.sub(r"\1\2", unicodedata.normalize("NFC", text)))


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question set (blank lines and lines starting with // are skipped)."""
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            data = json.loads(line)
            previous = data.get("previous") or []
            questions.append(Question(
                id=str(data["id"]), question=data["question"], lang=data["lang"],
                relevant=list(data.get("relevant") or []), quote=data.get("quote") or "",
                answerable=bool(data.get("relevant")),
                kind=data.get("kind") or ("fact" if data.get("relevant") else "unanswerable"),
                previous=[previous] if isinstance(previous, str) else list(previous), near=data.get("near") or ""))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{path} line {n}: not an eval question ({exc})") from exc
    return questions


SPLITS = ("tune", "test", "all")


@dataclass(frozen=True)
class Split:
    """The fixed split by document: questions about a test document are never used to choose anything."""

    test_docs: frozenset[str]
    dev_sets: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> Split:
        """Read evals/split.json."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(frozenset(data["test"]), frozenset(data.get("dev_sets", [])))

    def side(self, question: Question) -> str:
        """'test' when any document the question was written from is a test document, else 'tune'."""
        return "test" if any(d in self.test_docs for d in question.documents) else "tune"

    def select(self, questions: list[Question], set_name: str, split: str) -> list[Question]:
        """The questions of one side (all of a dev set is 'tune': its questions were tuned on)."""
        if split == "all":
            return questions
        if set_name in self.dev_sets:
            if split == "test":
                raise ValueError(f"{set_name} is a dev set (every constant was chosen on it): it has no test split")
            return questions
        return [q for q in questions if self.side(q) == split]


Search = Callable[[str, str], list[Hit]]


def evaluate(questions: list[Question], search: Search, mode: str, doc_langs: dict[str, str],
             depth: int = 50) -> Report:
    """Run every answerable question through search(question, mode) and collect outcomes."""
    report = Report(mode)
    if questions:
        search(questions[0].question, mode)  # warm-up: model and detector loading is not query latency
    for q in questions:
        if not q.answerable or q.kind == "followup":  # follow-ups are measured on answers, in context
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
        first = q.relevant[0] if q.relevant else ""
        if q.quote and first in texts and normalised(q.quote) not in normalised(texts[first]):
            problems.append(f"{q.id}: quote not found in {q.relevant[0]}: {q.quote!r}")
    return problems


def compare(summary: dict, expected: dict, tolerance: float) -> list[str]:
    """Metrics that fell more than `tolerance` below their expected value (above it, for `_max` metrics)."""
    failures = []
    for metric, value in expected.items():
        if metric.endswith("_max"):
            got = summary.get(metric[:-4])
            if got is None or got > value + tolerance:
                failures.append(f"{metric[:-4]}: {got} > expected at most {value:.4f} + {tolerance}")
        elif (summary.get(metric) or 0) < value - (0.0 if metric in EXACT else tolerance):
            slack = 0.0 if metric in EXACT else tolerance
            failures.append(f"{metric}: {summary.get(metric) or 0:.4f} < expected {value:.4f} - {slack}")
    return failures


GATED = ("hit@1", "hit@5", "mrr@10", "ndcg@10", "passage_hit@5")
EXACT = ("citation_verbatim",)  # checked with no tolerance: every quote stands in its document as written
GATED_ANSWERS = ("citation_verbatim", "fact_in_answer", "fact_in_cited_passage", "relevant_cited", "answered",
                 "abstain_recall", "followup_fact_in_answer", "short_language_match")


def gated(mode: str, summary: dict) -> dict:
    """The metrics a gate checks for one mode (answers: the rates, and confident_wrong as a ceiling)."""
    if mode != "answers":
        return {m: summary[m] for m in GATED if m in summary}
    kept = {m: summary[m] for m in GATED_ANSWERS if summary.get(m) is not None}
    if summary.get("confident_wrong") is not None:
        kept["confident_wrong_max"] = summary["confident_wrong"]
    return kept


def record_expected(path: Path, set_name: str, summaries: dict[str, dict], tolerance: float = 0.02,
                    provenance: dict | None = None) -> None:
    """Store the gated metrics of each mode as the expected scores of a question set, and what they were recorded
    with (`provenance.recorded_with()`) when given."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"tolerance": tolerance, "sets": {}}
    entry = data["sets"].setdefault(set_name, {})
    entry.update({mode: gated(mode, s) for mode, s in summaries.items()})
    if provenance is not None:
        from .provenance import RECORDED

        entry[RECORDED] = provenance
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def write_run(reports: list[Report], path: Path) -> None:
    """One JSON line per mode and question: the ranked documents and passages (two runs compare line by line)."""
    write_jsonl(path, ({"mode": r.mode, "id": o.question.id, "docs": o.docs, "passages": o.passages}
                       for r in reports for o in r.outcomes))


def write_jsonl(path: Path, rows) -> None:
    """A run file: one JSON object a line, UTF-8 as it is (its folder made when missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def write_report(reports: list[Report], folder: Path, title: str) -> Path:
    """A Markdown report with tables per mode and language, and a plot of hit@k per mode and language."""
    from .plots import HITS_DATA, draw_hits

    folder.mkdir(parents=True, exist_ok=True)
    langs = sorted({o.question.lang for r in reports for o in r.outcomes})
    panels = []
    for lang in ["all", *langs]:
        chosen = {r.mode: r.outcomes if lang == "all" else [o for o in r.outcomes if o.question.lang == lang]
                  for r in reports}
        panels.append({"slice": lang, "n": max(map(len, chosen.values()), default=0),
                       "curves": {r.mode: r.hit_curve(chosen[r.mode]) for r in reports}})
    (folder / HITS_DATA).write_text(json.dumps(panels, indent=1), encoding="utf-8")
    draw_hits(folder, folder / "hit_at_k.png")

    lines = [f"# Retrieval evaluation: {title}", "", "![hit@k per mode and language](hit_at_k.png)", ""]
    lines += markdown_table(reports)
    path = folder / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps([r.summary() for r in reports], indent=2), encoding="utf-8")
    return path


def markdown_table(reports: list[Report]) -> list[str]:
    """Rows of mode x (all, same, cross, each language) with the main metrics and 95 % intervals."""
    lines = ["| mode | slice | n | hit@1 | hit@5 [95 % CI] | hit@10 | MRR@10 [95 % CI] | nDCG@10 | passage hit@5 | "
             "p50 ms | p95 ms |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for report in reports:
        s = report.summary()
        slices = [("all", s)] + [(k, v) for k, v in s["by_crossing"].items()] + list(s["by_lang"].items())
        for name, m in slices:
            if not m.get("n"):
                continue
            latency = s["latency_ms"] if name == "all" else {"p50": "", "p95": ""}
            ci = m.get("ci95", {})
            lines.append(f"| {report.mode} | {name} | {m['n']} | {m['hit@1']:.3f} | "
                         f"{m['hit@5']:.3f} {_ci(ci, 'hit@5')} | {m['hit@10']:.3f} | "
                         f"{m['mrr@10']:.3f} {_ci(ci, 'mrr@10')} | {m['ndcg@10']:.3f} | "
                         f"{m.get('passage_hit@5', float('nan')):.3f} | {latency['p50']} | {latency['p95']} |")
    pairs = paired_modes(reports)
    if pairs:
        lines += ["", "| paired vs dense | metric | difference [95 % CI] | p |", "|---|---|---|---|"]
        for name, tests in pairs.items():
            for metric, t in tests.items():
                lines.append(f"| {name} | {metric} | {t['diff']:+.3f} [{t['ci'][0]:+.3f}, {t['ci'][1]:+.3f}] | "
                             f"{t['p']:.3f} |")
    return lines


def _ci(ci: dict, metric: str) -> str:
    return f"[{ci[metric][0]:.2f}, {ci[metric][1]:.2f}]" if metric in ci else ""
