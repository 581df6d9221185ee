"""The commands that measure: `assistant eval` (retrieval in one or every mode, or answers; reports, run files, the
check against expected scores with what they were recorded with) and `assistant feedback` (export, rates)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from .access import OPERATOR
from .cli_users import reader_of
from .config import MODES


def fitting_sets(folder: Path, held: set[str]) -> list[Path]:
    """The question sets in this folder whose every relevant document is one the index holds."""
    fitting = []
    for path in sorted(folder.glob("*.jsonl")):
        try:
            items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            named = {d for q in items for d in q.get("relevant", [])}
        except (OSError, ValueError, TypeError, AttributeError):  # not a question set: passed over
            continue
        if named and named <= held:
            fitting.append(path)
    return fitting


def cmd_eval(assistant, args) -> int:
    """Evaluate retrieval (one or all modes) or answers on one split; print, report, check expectations."""
    from .evaluation import Split

    questions, problems = assistant.check_questions(args.file)
    unknown = [p for p in problems if "unknown document" in p]
    for problem in [p for p in problems if p not in unknown]:
        print(f"warning: {problem}", file=sys.stderr)
    if unknown:  # one summary, not a line per question: a set for another corpus names hundreds
        held = {d.doc for d in assistant.documents(reader=OPERATOR)}
        fits = [p.as_posix() for p in fitting_sets(args.file.parent, held)]
        hint = f"use a set written for this index ({', '.join(fits)})" if fits else \
            "write a set for this index (evals/README.md)"
        asking = len({p.split(":", 1)[0] for p in unknown})  # "a001: unknown document x.txt", one per reference
        print(f"error: {asking} question(s) of {args.file} name documents this index does not hold "
              f"(first: {'; '.join(unknown[:3])}); ingest the documents the set was written for, or {hint}",
              file=sys.stderr)
        return 2
    split_file = args.split_file or args.file.parent / "split.json"
    if args.split != "all":
        if not split_file.is_file():
            print(f"error: no split file {split_file}", file=sys.stderr)
            return 2
        questions = Split.load(split_file).select(questions, args.file.name, args.split)
    name = args.file.name if args.split == "all" else f"{args.file.name}:{args.split}"
    summaries = _eval_answers(assistant, questions, args) if args.answers else _eval_retrieval(assistant, questions,
                                                                                                args, name)
    if not (args.update_expected or args.check):
        return 0
    from .provenance import recorded_with  # what these scores come from: recorded with them, or compared

    provenance = recorded_with(assistant.settings, assistant.stats(reader=OPERATOR),
                               shlex.join(["assistant", *args.argv]))
    if args.update_expected:
        from .evaluation import record_expected

        record_expected(args.update_expected, name, summaries, provenance=provenance)
    if not args.check:
        return 0
    failures = _regressions(args.check, name, summaries, provenance)
    for line in failures:
        print(f"REGRESSION: {line}", file=sys.stderr)
    return 1 if failures else 0


def measured_index(assistant) -> str:
    """Which index a run measured, as its output says it (a run over the wrong index must be seen at once)."""
    url, folder = assistant.settings.chroma_url, assistant.settings.index_dir
    return f"the index at {url}" if url else f"the index in {folder.resolve()}/"


def _eval_retrieval(assistant, questions, args, name: str) -> dict:
    from .evaluation import markdown_table, paired_modes, write_report, write_run

    modes = list(MODES) if args.mode == "all" else [args.mode or assistant.settings.search_mode]
    reports = [assistant.evaluate(questions, mode, depth=max(50, args.k)) for mode in modes]
    summaries = {r.mode: r.summary() for r in reports}
    if args.json:
        out = summaries[modes[0]] if len(modes) == 1 else {**summaries, "paired": paired_modes(reports)}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(f"{name}: {len(questions)} questions, over {measured_index(assistant)}")
        print("\n".join(markdown_table(reports)))
    if args.report:
        from .corpora import recorded_folders
        from .runs import keep_previous, record_run

        keep_previous(args.report)  # the run this report replaces, plotted beside it on the Evaluation tab
        print(f"report: {write_report(reports, args.report, name)}", file=sys.stderr)
        index = assistant.settings.index_dir
        folders = recorded_folders(index) or sorted({d.root for d in assistant.documents(reader=OPERATOR)
                                                     if Path(d.root).is_absolute()})
        record_run(args.report, str(assistant.settings.chroma_url or index), folders)
    if args.run:
        write_run(reports, args.run)
    return summaries


def _eval_answers(assistant, questions, args) -> dict:
    from . import answer_eval

    checks = assistant.evaluate_answers(questions)
    result = answer_eval.metrics(checks)
    if args.run:
        answer_eval.write_run(checks, args.run)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"{len(checks)} questions, over {measured_index(assistant)}")
        print("\n".join(answer_eval.markdown(result)))
    if args.report:
        args.report.mkdir(parents=True, exist_ok=True)
        (args.report / "answers.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return {"answers": answer_eval.flat(result)}


def _regressions(path: Path, name: str, summaries: dict, provenance: dict | None = None) -> list[str]:
    """The drops beyond the tolerance; first, a note on stderr for each difference from `recorded_with` (no failure)."""
    from .evaluation import compare
    from .provenance import RECORDED, provenance_notes

    expected = json.loads(path.read_text(encoding="utf-8"))
    wanted_modes = expected["sets"].get(name, {})
    if not wanted_modes:
        return [f"{path} has no expected scores for {name}"]
    if provenance is not None:
        for line in provenance_notes(name, wanted_modes.get(RECORDED), provenance):
            print(line, file=sys.stderr)
    failures = []
    for mode, wanted in wanted_modes.items():
        if mode in summaries and mode != RECORDED:
            # Answer metrics rest on small slices (25 follow-ups): one question is 0.04, so they get their own slack.
            tolerance = expected.get(f"tolerance_{mode}", expected["tolerance"])
            failures += [f"{name} {mode} {line}" for line in compare(summaries[mode], wanted, tolerance)]
    return failures


def cmd_feedback(assistant, args) -> int:
    """Export the feedback as candidate eval items, or print its rates."""
    from . import feedback

    if args.action == "export":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        rows = written = 0
        with args.out.open("w", encoding="utf-8") as out:
            reader = reader_of(assistant, args)  # --as NAME: only what that user may see
            for row in assistant.feedback(reader):  # a page at a time: the store may be large
                rows += 1
                for item in feedback.candidates([row]):
                    out.write(json.dumps(item, ensure_ascii=False) + "\n")
                    written += 1
        print(f"{written} candidate(s) from {rows} feedback item(s) written to {args.out}; review them before "
              "adding them to a question set (evals/README.md)")
        return 0
    summary = assistant.feedback_stats()
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else "\n".join(feedback.markdown(summary)))
    return 0
