"""Good practices across languages (Retriever.across and across.every_concept), the weight chosen on TUNE only.

    python benchmarks/practices_across.py evals/heldout.jsonl evals/second.jsonl --index IX [--split test]
    python benchmarks/practices_across.py --topics evals/practices.jsonl --index IX


For each setting: the share of questions whose relevant document is among the passages a reader is shown
(Assistant.find: Good practices, /api/search), over all questions and over those whose relevant document is in
another language than the question's; the documents shown per query, how many in another language, and the
documents shown for unanswerable questions. "off" is the code before: no concept search in other languages, no
concept rule in the relevance cut-off. The last line pairs the chosen weight with "off" (McNemar's exact test).

--topics: topic searches as a reader types them in Good practices (evals/practices.jsonl: each query's relevant
documents are those whose manifest topics name the subject, in any language): the relevant documents shown, their
languages, and the share of shown documents that are relevant.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from dataclasses import replace
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import retrieval  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Split, load_questions  # noqa: E402

WEIGHTS = (0.25, 0.5, 1.0)


def mcnemar(before: list[bool], after: list[bool]) -> tuple[int, int, float]:
    """Gains, losses and the exact two-sided p of a paired change."""
    gained = sum(a and not b for b, a in zip(before, after, strict=True))
    lost = sum(b and not a for b, a in zip(before, after, strict=True))
    n = gained + lost
    p = min(1.0, 2 * sum(comb(n, i) for i in range(min(gained, lost) + 1)) / 2 ** n) if n else 1.0
    return gained, lost, p


def run(assistant: Assistant, questions: list, langs: dict, label: str) -> dict[str, bool]:
    """One setting's row; returns per question whether its relevant document was shown."""
    found, cross, shown, other, unanswerable, each = [], [], [], [], [], {}
    for q in questions:
        docs = list(dict.fromkeys(h.doc for h in assistant.find(q.question, k=100)))
        if q.relevant:
            each[q.id] = any(d in docs for d in q.relevant)
            found.append(each[q.id])
            if all(langs.get(d) != q.lang for d in q.relevant):
                cross.append(each[q.id])
            shown.append(len(docs))
            other.append(sum(langs.get(d) != q.lang for d in docs))
        else:
            unanswerable.append(len(docs))
    print(f"| {label} | {statistics.mean(found):.3f} | {statistics.mean(cross):.3f} ({len(cross)}) | "
          f"{statistics.median(shown)} | {statistics.mean(other):.2f} | "
          f"{statistics.median(unanswerable) if unanswerable else '-'} |", flush=True)
    return each


def topics(assistant: Assistant, path: Path, weights: list[float]) -> None:
    """The topic searches' rows, off then each weight."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("| setting | relevant documents shown | shown that are relevant | languages of the relevant shown |\n"
          "|---|---|---|---|")
    for weight in [0.0, *weights]:
        use(assistant, weight)
        hit = total = shown = 0
        langs: Counter = Counter()
        for row in rows:
            docs = list(dict.fromkeys(h.doc for h in assistant.find(row["query"], k=100)))
            found = [d for d in docs if d in row["relevant"]]
            hit, total, shown = hit + len(found), total + len(row["relevant"]), shown + len(docs)
            langs.update(d[:2] for d in found)
        label = f"across {weight}" if weight else "off"
        print(f"| {label} | {hit}/{total} = {hit / total:.3f} | {hit / max(shown, 1):.3f} | "
              f"{', '.join(f'{k} {v}' for k, v in sorted(langs.items()))} |", flush=True)


def use(assistant: Assistant, weight: float) -> None:
    """Search with this weight; 0: the code before (no concept search, no concept rule)."""
    retrieval.every_concept = RULE if weight else (lambda *a: False)
    assistant.retriever.settings = replace(assistant.settings, across_weight=weight)


RULE = retrieval.every_concept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--topics", type=Path, help="topic searches (evals/practices.jsonl) instead of questions")
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    parser.add_argument("--weights", type=float, nargs="+", default=list(WEIGHTS))
    parser.add_argument("--chosen", type=float, default=None, help="the weight paired with off (default: last)")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    if args.topics:
        return topics(assistant, args.topics, args.weights)
    split = Split.load(Path(__file__).resolve().parents[1] / "evals" / "split.json")
    questions = [q for f in args.files for q in split.select(load_questions(f), f.name, args.split)
                 if not q.previous]
    langs = {d.doc: d.lang for d in assistant.catalog.documents()}
    print(f"{len(questions)} questions ({args.split} split), {sum(bool(q.relevant) for q in questions)} with a "
          "relevant document\n")
    print("| setting | relevant shown | relevant in another language shown (n) | documents shown (median) "
          "| in another language (mean) | shown for unanswerable (median) |\n|---|---|---|---|---|---|")
    use(assistant, 0.0)
    off = run(assistant, questions, langs, "off")
    runs = {}
    for weight in args.weights:
        use(assistant, weight)
        runs[weight] = run(assistant, questions, langs, f"across {weight}")
    chosen = args.chosen if args.chosen is not None else args.weights[-1]
    ids = sorted(off)
    gained, lost, p = mcnemar([off[i] for i in ids], [runs[chosen][i] for i in ids])
    print(f"\nacross {chosen} against off: {gained} questions gained, {lost} lost, McNemar p = {p:.3f}")


if __name__ == "__main__":
    main()
