"""The `assistant report` command: what the questions asked at the page and the API teach (the admin's Questions
report: topics, what the documents lack, verdicts, documents cited) as text, JSON or CSV."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from .access import OPERATOR


def day(text: str) -> date:
    """A --since value: a day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: give it as YYYY-MM-DD, e.g. 2026-01-31") from None


def add_parser(sub, common) -> None:
    """The `report` subcommand."""
    p = sub.add_parser("report", help="what the questions asked at the page and the API teach: how many, in which "
                                      "languages, the most asked topics, what the documents lack")
    p.add_argument("--since", type=day, metavar="YYYY-MM-DD", help="only questions asked on or after this day (UTC)")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="the whole report as JSON (for scripts)")
    shape.add_argument("--csv", action="store_true", help="one row per group of questions: topics, then unanswered")
    p.add_argument("--candidates", type=Path, metavar="FILE",
                   help="also write the unanswered groups' questions as candidate eval items (JSONL) to FILE")
    common(p)


def cmd_report(assistant, args) -> int:
    """Print the Questions report (the command line is the operator's: every question, every document)."""
    from .question_report import candidates, counted, csv_text, text

    report = assistant.questions_report(args.since, reader=OPERATOR)  # a read: never a clean-up
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write(csv_text(report))
    else:
        kept = assistant.count_questions() if args.since and not report["questions"] else None
        print("\n".join(text(report, kept)))
    if args.candidates:
        items = [item for group in report["unanswered"] for item in candidates(group)]
        args.candidates.parent.mkdir(parents=True, exist_ok=True)
        args.candidates.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        print(f"{counted(len(items), 'candidate')} from {counted(len(report['unanswered']), 'unanswered group')} "
              f"written to {args.candidates}; review them before adding them to a question set (evals/README.md)",
              file=sys.stderr)
    return 0
