"""The `assistant ask` and `assistant chat` commands: a cited answer streamed to the terminal, and a conversation of
follow-ups, saved with --save as Markdown or JSON (assistant.export)."""

from __future__ import annotations

import json
import sys

from .cli_users import reader_of


def cmd_ask(assistant, args) -> int:
    """Print the answer (streamed when an LLM backend is on) or its JSON; exit 2 on an empty question."""
    if not args.question.strip():
        print("error: the question is empty", file=sys.stderr)
        return 2
    history = [(q, "") for q in args.previous] or None
    reader = reader_of(assistant, args)
    if args.json:
        print(json.dumps(assistant.ask(args.question, history, reader=reader).as_json(), ensure_ascii=False,
                         indent=2))
        return 0
    _print_answer(assistant, args.question, history, reader)
    return 0


def cmd_chat(assistant, args) -> int:
    """Ask questions in a loop, each a possible follow-up of the ones before (like `llm chat`); with --save, the
    file's suffix and folder are checked before the first question, and an empty conversation writes no file."""
    from .errors import SaveRefused
    from .export import save, understood, writable

    if args.save:
        try:
            writable(args.save)
        except SaveRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    answers: list = []
    reader = reader_of(assistant, args)
    print("Ask a question (an empty line or Ctrl-D ends the conversation).")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            print()
            question = ""
        if not question:
            if args.save and not answers:
                print(f"nothing asked: {args.save} not written", file=sys.stderr)
            elif args.save:
                try:
                    save(args.save, answers)
                except OSError as exc:  # the folder went away meanwhile, the disk is full
                    print(f"error: {args.save} not written: {exc.strerror or exc}", file=sys.stderr)
                    return 1
                print(f"saved: {args.save}", file=sys.stderr)
            return 0
        answer = _print_answer(assistant, question, [(q, a.text) for q, a in answers] or None, reader)
        if answer is not None:
            said = understood(answer.standalone, question, answer.language)
            if said:
                print(f"({said})", file=sys.stderr)
            answers.append((question, answer))


def _print_answer(assistant, question: str, history, reader):
    """Stream one answer, from what the reader may see, to stdout; the final Answer."""
    answer = None
    for piece in assistant.ask_stream(question, history, reader=reader):
        if isinstance(piece, str):
            print(piece, end="", flush=True)
        else:
            answer = piece
    print()
    if answer is not None and answer.generated and answer.uncited:
        print(f"({len(answer.uncited)} sentence(s) without a citation)", file=sys.stderr)
    return answer
