"""Sweep reciprocal-rank-fusion settings (k, lexical weight) on an eval set, reusing one retrieval per question.

    python benchmarks/fusion_sweep.py evals/heldout.jsonl --index /path/to/index --split tune

Prints MRR@10 and hit@5 for each setting; the dense-only and BM25-only rows are the baselines.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Outcome, Report, Split, load_questions  # noqa: E402
from assistant.language import detect_question  # noqa: E402
from assistant.records import Hit  # noqa: E402
from assistant.retrieval import Filters, rrf  # noqa: E402

_NUMBERS = re.compile(r"\d+")


# Tried on the tune split, not kept: language-agreement weighting of the lexical ranking (BENCHMARKS.md).
def agreement_weights(query: str, lang: str, hits: list[Hit], weight: float, cross: float) -> dict[str, float]:
    """Per-chunk weight of the lexical ranking: full when the chunk shares the query's language, or one of its
    names or numbers; `cross` x weight otherwise (a stemmed word shared across languages is weak evidence)."""
    names = {w.strip("?,.!:;()'\"").casefold() for w in query.split()[1:] if w[:1].isupper()}
    names |= set(_NUMBERS.findall(query))
    out = {}
    for hit in hits:
        text = hit.text.casefold()
        agrees = hit.meta.get("lang") == lang or any(n and n in text for n in names)
        out[hit.chunk_id] = weight if agrees else weight * cross
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    retriever = assistant.retriever
    split = Split.load(args.file.parent / "split.json")
    questions = [q for q in split.select(load_questions(args.file), args.file.name, args.split)
                 if q.answerable and q.kind != "followup"]
    print(f"{len(questions)} questions ({args.split} split)")
    runs = {q.id: (retriever.lexical(q.question, 50, Filters()), retriever.dense(q.question, 50, Filters()))
            for q in questions}

    langs = {q.id: detect_question(q.question) for q in questions}

    def score(k: int, lexical_weight: float, dense_weight: float = 1.0, cross: float = 1.0) -> dict:
        report = Report(f"k={k} w={lexical_weight}")
        for q in questions:
            lexical, dense = runs[q.id]
            if cross == 1.0:
                fused = rrf([[h.chunk_id for h in lexical], [h.chunk_id for h in dense]], [lexical_weight, dense_weight],
                            k)
            else:
                agree = agreement_weights(q.question, langs[q.id], lexical, lexical_weight, cross)
                fused = rrf([[h.chunk_id for h in lexical], [h.chunk_id for h in dense]], [agree, dense_weight], k)
            by_id = {h.chunk_id: h for h in lexical + dense}
            docs = list(dict.fromkeys(by_id[c].doc for c in sorted(fused, key=fused.get, reverse=True)))
            report.outcomes.append(Outcome(q, docs, [], 0.0, False))
        return report.metrics()

    print("| rrf k | lexical weight | dense weight | cross-language factor | MRR@10 | hit@5 |\n|---|---|---|---|---|---|")
    rows = [(60, 1.0, 0.0, 1.0), (60, 0.0, 1.0, 1.0)] + [(k, w, 1.0, c) for k in (10, 20, 60)
                                                          for w in (0.1, 0.2, 0.3, 0.5, 1.0) for c in (1.0, 0.3, 0.0)]
    for k, lexical_weight, dense_weight, cross in rows:
        m = score(k, lexical_weight, dense_weight, cross)
        print(f"| {k} | {lexical_weight} | {dense_weight} | {cross} | {m['mrr@10']:.4f} | {m['hit@5']:.4f} |")


if __name__ == "__main__":
    main()
