"""Sweep reciprocal-rank-fusion settings (k, lexical weight) on an eval set, reusing one retrieval per question.

    python benchmarks/fusion_sweep.py evals/shared.jsonl --index /path/to/index

Prints MRR@10 and hit@5 for each setting; the dense-only and BM25-only rows are the baselines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Outcome, Report, load_questions  # noqa: E402
from assistant.retrieval import Filters, rrf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    retriever = assistant.retriever
    questions = [q for q in load_questions(args.file) if q.answerable]
    runs = {q.id: (retriever.lexical(q.question, 50, Filters()), retriever.dense(q.question, 50, Filters()))
            for q in questions}

    def score(k: int, lexical_weight: float, dense_weight: float = 1.0) -> dict:
        report = Report(f"k={k} w={lexical_weight}")
        for q in questions:
            lexical, dense = runs[q.id]
            fused = rrf([[h.chunk_id for h in lexical], [h.chunk_id for h in dense]], [lexical_weight, dense_weight], k)
            by_id = {h.chunk_id: h for h in lexical + dense}
            docs = list(dict.fromkeys(by_id[c].doc for c in sorted(fused, key=fused.get, reverse=True)))
            report.outcomes.append(Outcome(q, docs, [], 0.0, False))
        return report.metrics()

    print("| rrf k | lexical weight | dense weight | MRR@10 | hit@5 |\n|---|---|---|---|---|")
    rows = [(60, 1.0, 0.0), (60, 0.0, 1.0)] + [(k, w, 1.0) for k in (10, 20, 30, 60)
                                                for w in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0)]
    for k, lexical_weight, dense_weight in rows:
        m = score(k, lexical_weight, dense_weight)
        print(f"| {k} | {lexical_weight} | {dense_weight} | {m['mrr@10']:.4f} | {m['hit@5']:.4f} |")


if __name__ == "__main__":
    main()
