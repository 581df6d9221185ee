"""Check question files against the documents' cleaned text (no model, no index).

    python evals/checkset.py evals/sets/*.jsonl --texts /tmp/doctext

Checks: required fields per kind, unique ids, known documents, the quote verbatim (whitespace- and
case-normalised) in the first relevant document, short questions of at most 4 words, and that an
unanswerable question's `missing` term appears in no document. Exit 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.evaluation import normalised as norm

KINDS = {"fact", "short", "unanswerable", "followup"}
LANGS = {"en", "fr", "sv", "de", "fi", "pt", "es", "ro", "it", "nl"}


def problems_of(row: dict, texts: dict[str, str]) -> list[str]:
    """What is wrong with one question row."""
    out = []
    kind = row.get("kind", "fact")
    if kind not in KINDS:
        out.append(f"unknown kind {kind!r}")
    if row.get("lang") not in LANGS:
        out.append(f"unknown lang {row.get('lang')!r}")
    if not str(row.get("question", "")).strip():
        out.append("empty question")
    relevant = row.get("relevant") or []
    if kind == "unanswerable":
        if relevant:
            out.append("an unanswerable question has relevant documents")
        missing = norm(str(row.get("missing", "")))
        if not missing:
            out.append("no `missing`")
        elif any(missing in norm(t) for t in texts.values()) and row.get("missing_kind") != "combination":
            out.append(f"`missing` {row['missing']!r} does appear in the documents")
        return out
    if not relevant:
        out.append("no relevant documents")
    for doc in relevant:
        if doc not in texts:
            out.append(f"unknown document {doc}")
    quote = str(row.get("quote", ""))
    if not quote:
        out.append("no quote")
    elif relevant and relevant[0] in texts and norm(quote) not in norm(texts[relevant[0]]):
        out.append(f"quote not found in {relevant[0]}: {quote!r}")
    if kind == "short" and len(row["question"].split()) > 4:
        out.append("a short question has more than 4 words")
    if kind == "followup" and not row.get("previous"):
        out.append("a follow-up without `previous`")
    return out


def main() -> None:
    """Check the files; print one line per problem."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--texts", type=Path, required=True, help="folder written by evals/doctext.py")
    args = parser.parse_args()
    texts = {p.name[:-4]: p.read_text(encoding="utf-8") for p in args.texts.glob("*.txt")}
    ids: set[str] = set()
    bad = 0
    counts: dict[str, int] = {}
    for path in args.files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                print(f"{path}:{n}: not JSON ({exc})")
                bad += 1
                continue
            problems = problems_of(row, texts)
            if row.get("id") in ids:
                problems.append(f"duplicate id {row.get('id')}")
            ids.add(row.get("id"))
            counts[row.get("kind", "fact")] = counts.get(row.get("kind", "fact"), 0) + 1
            for p in problems:
                print(f"{path}:{n}: {row.get('id')}: {p}")
            bad += bool(problems)
    print(f"{sum(counts.values())} questions {counts}; {bad} with problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
