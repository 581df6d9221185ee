"""Compare two answer run files (`assistant eval … --answers --run FILE`) question by question, paired.

    python benchmarks/paired_answers.py QUESTIONS.jsonl OLD_RUN.jsonl NEW_RUN.jsonl [--writer-prefix w]

For each metric of the issue's targets (fact_in_answer, relevant_cited, answered, abstain_precision and
abstain_recall, follow-ups' fact_in_answer), both values with 95 % bootstrap CIs and the paired difference
(new - old) with its CI and p (assistant.stats.paired), over the questions both runs answered; also per writer
(question ids starting with --writer-prefix are the second writer's).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.evaluation import load_questions, normalised  # noqa: E402
from assistant.stats import mean_ci, paired  # noqa: E402


def outcomes(question, row: dict) -> dict[str, float | None]:
    """Per-question values of each metric (None where the metric does not apply)."""
    quotes = [normalised(c[2]) for c in row["citations"]]
    fact = bool(question.quote) and any(normalised(question.quote) in q for q in quotes)
    answerable = question.answerable
    plain = question.kind in ("fact", "short")
    return {
        "fact_in_answer": float(fact) if plain else None,
        "relevant_cited": float(any(c[0] in question.relevant for c in row["citations"])) if plain else None,
        "answered": float(not row["abstained"]) if plain else None,
        "abstain_recall": float(row["abstained"]) if not answerable else None,
        "abstain_precision": float(not answerable) if row["abstained"] else None,
        "followup_fact_in_answer": float(fact) if question.kind == "followup" else None,
    }


def compare(questions: dict, old: dict, new: dict, label: str) -> None:
    """Print one table: each metric old and new with CIs, and the paired difference."""
    print(f"\n### {label} ({len(new)} questions)\n")
    print("| metric | old [95 % CI] | new [95 % CI] | new - old [95 % CI] | p |")
    print("|---|---|---|---|---|")
    per = {i: (outcomes(questions[i], old[i]), outcomes(questions[i], new[i])) for i in new if i in old}
    for metric in ("fact_in_answer", "relevant_cited", "answered", "abstain_precision", "abstain_recall",
                   "followup_fact_in_answer"):
        a = [o[metric] for o, _ in per.values() if o[metric] is not None]
        b = [n[metric] for _, n in per.values() if n[metric] is not None]
        both = [(o[metric], n[metric]) for o, n in per.values() if o[metric] is not None and n[metric] is not None]
        diff = paired([y for _, y in both], [x for x, _ in both]) if both and len(both) == len(a) == len(b) else None
        cells = [_ci(a), _ci(b), f"{diff['diff']:+.3f} [{diff['ci'][0]:+.3f}, {diff['ci'][1]:+.3f}]" if diff
                 else "(not paired: other questions abstained)", f"{diff['p']:.3f}" if diff else ""]
        print(f"| {metric} | " + " | ".join(cells) + " |")


def _ci(values: list[float]) -> str:
    if not values:
        return "–"
    mean, low, high = mean_ci(values)
    return f"{mean:.3f} [{low:.3f}, {high:.3f}] (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", type=Path)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--writer-prefix", default="w")
    args = parser.parse_args()
    questions = {q.id: q for q in load_questions(args.questions)}
    old, new = ({r["id"]: r for r in map(json.loads, p.read_text().splitlines())} for p in (args.old, args.new))
    compare(questions, old, new, "all")
    for label, keep in (("first writer", lambda i: not i.startswith(args.writer_prefix)),
                        ("second writer", lambda i: i.startswith(args.writer_prefix))):
        compare(questions, {i: r for i, r in old.items() if keep(i)}, {i: r for i, r in new.items() if keep(i)},
                label)


if __name__ == "__main__":
    main()
