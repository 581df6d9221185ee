"""Sweep the answerer's constants on the TUNE split only, reusing one retrieval and one embedding per text.

    python benchmarks/answer_sweep.py evals/heldout.jsonl --index /path/to/index [--split tune]

Prints, per setting, fact_in_answer, relevant_cited, answered, abstain_recall and confident_wrong; also
fits the confidence calibration (logistic on the best score) for the chosen setting.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import answer_eval  # noqa: E402
from assistant.answer import Answerer, Tuning  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Split, load_questions  # noqa: E402


class CachedEmbedder:
    """The real embedder with a memory of every text it embedded."""

    def __init__(self, embedder) -> None:
        self.inner, self.seen, self.queries = embedder, {}, {}
        self.name, self.dim = embedder.name, embedder.dim

    def passages(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if todo:
            self.seen.update(zip(todo, self.inner.passages(todo), strict=True))
        return np.stack([self.seen[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def query(self, text: str) -> np.ndarray:
        if text not in self.queries:
            self.queries[text] = self.inner.query(text)
        return self.queries[text]


def cached(function):
    """Memoise a one-argument function."""
    memory: dict = {}

    def call(arg):
        if arg not in memory:
            memory[arg] = function(arg)
        return memory[arg]

    return call


def run(assistant, embedder, search, mentions, questions, threshold: float, tuning: Tuning) -> list:
    """Answer every question with one setting; the checks."""
    answerer = Answerer(search, embedder, threshold, tuning=tuning, mentions=mentions)
    return [answer_eval.check(q, answerer.ask(q.question, [(p, "") for p in q.previous] or None))
            for q in questions]


def row(label: str, checks: list) -> str:
    m = answer_eval.metrics(checks, by_lang=False)
    cells = [m[k]["value"] if m.get(k) else float("nan") for k in
             ("fact_in_answer", "fact_in_cited_passage", "relevant_cited", "answered", "abstain_recall",
              "confident_wrong", "followup_fact_in_answer", "short_language_match")]
    return f"| {label} | " + " | ".join(f"{c:.3f}" for c in cells) + f" | {m['quote_chars_p50']} |"


def fit_calibration(checks: list, scores: dict[str, float]) -> tuple[float, float]:
    """Logistic fit of fact_in_answer on the best sentence score (answers given only), by gradient descent."""
    given = [c for c in checks if not c.abstained and c.question.answerable]
    x = np.array([scores[c.question.id] for c in given])
    y = np.array([float(c.fact_in_answer) for c in given])
    a, b = 5.0, float(np.median(x))
    for _ in range(20000):
        p = 1 / (1 + np.exp(-a * (x - b)))
        a -= 0.5 * float(np.mean((p - y) * (x - b)))
        b -= 0.05 * float(np.mean((p - y) * -a))
    return round(a, 2), round(b, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    parser.add_argument("--grid", default="main")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    split = Split.load(Path(__file__).resolve().parents[1] / "evals" / "split.json")
    questions = [q for f in args.files for q in split.select(load_questions(f), f.name, args.split)]
    print(f"{len(questions)} questions ({args.split} split)")
    embedder = CachedEmbedder(assistant.embedder)
    search = cached(lambda q: assistant.search(q, k=5))
    mentions = cached(assistant.retriever.mentions)
    base = Tuning()
    grids = {
        "main": [
            ("current", 0.875, base),
            ("window 1:1", 0.875, replace(base, window=1.0)),
            ("window only", 0.875, replace(base, sentence=0.0, window=1.0)),
            ("window 1:1 quote window", 0.875, replace(base, window=1.0, quote_window=True)),
            ("quote window", 0.875, replace(base, quote_window=True)),
            ("rank 0.02", 0.875, replace(base, rank=0.02)),
            ("years", 0.875, replace(base, require_years=True)),
            ("names", 0.875, replace(base, require_names=True)),
            ("years+names", 0.875, replace(base, require_years=True, require_names=True)),
        ],
    }
    print("| setting | fact_in_answer | fact_in_cited | relevant_cited | answered | abstain_recall | confident_wrong "
          "| followup_fact | short_lang | quote chars p50 |\n|---|---|---|---|---|---|---|---|---|---|")
    for label, threshold, tuning in grids[args.grid]:
        checks = run(assistant, embedder, search, mentions, questions, threshold, tuning)
        print(row(label, checks), flush=True)


if __name__ == "__main__":
    main()
