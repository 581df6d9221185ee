"""The house rules, checked on the source: no import circle in assistant/, no module over 400 lines, the interfaces
(assistant/ui, the LangChain retriever) reach the core through assistant.api only, errors come from errors.py."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"
MAX_LINES = 400
ERRORS = {"AssistantError", "IndexUnavailable", "WriterBusy", "ModelMismatch", "LoadError", "WebError",
          "RobotsRefused", "InvalidFeedback", "LLMUnavailable", "OverQuota", "NotFound", "SignInNeeded", "TooMany"}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken) for every import of a module, in functions too, resolved to package modules."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + [node.module] if node.module else base)
            names = [a.name for a in node.names]
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
            out += [(s, []) for s in subs] + ([(target, names)] if target in known and not subs else [])
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name in known]
    return out


def test_no_import_circle():
    known = modules()
    graph = {m: {t for t, _ in imports(m, p, known) if t != m} for m, p in known.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, "import circle: " + " -> ".join(trail[trail.index(nxt):] + [nxt]
                                                                         if nxt in trail else trail + [nxt])
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_no_module_over_400_lines():
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (at most {MAX_LINES} lines): {long}"


def test_the_interfaces_reach_the_core_through_the_facade_only():
    known = modules()
    allowed = {"assistant.api", "assistant.errors"}
    for name, path in known.items():
        if not (name.startswith("assistant.ui") or name.startswith("assistant.integrations")):
            continue
        for target, _ in imports(name, path, known):
            inside = target.startswith("assistant.ui") or target.startswith("assistant.integrations")
            # offline_defaults must run before Gradio is imported: the ui package's __init__ calls it from config
            early = name == "assistant.ui" and target == "assistant.config"
            assert inside or early or target in allowed, f"{name} imports {target}: go through assistant.api"


def test_errors_come_from_errors_py():
    known = modules()
    for name, path in known.items():
        for target, names in imports(name, path, known):
            stray = ERRORS & set(names)
            assert not stray or target == "assistant.errors", f"{name} imports {sorted(stray)} from {target}"


SHOWS_TEXT = {"ask", "ask_stream", "search", "find", "relevant", "documents", "stats", "feedback", "questions_report",
              "conversations", "conversation", "conversation_pairs", "shared", "share", "keep_turn",
              "rename_conversation", "delete_conversation", "delete_conversations"}


def test_every_interface_call_that_shows_text_names_its_reader():
    """Access is decided in one place (the facade, from the reader): every call of the interfaces (the page, the API,
    the CLI, LangChain) to a facade method that shows text passes `reader=`; admin-only writes pass the OPERATOR."""
    interfaces = [p for p in PACKAGE.rglob("*.py") if p.parent.name in ("ui", "integrations")
                  or p.name in ("cli.py", "cli_chat.py", "cli_eval.py", "cli_users.py", "cli_report.py")]
    missing = []
    for path in interfaces:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SHOWS_TEXT):
                continue
            owner = ast.unparse(node.func.value)
            if owner.endswith("assistant") and not any(k.arg == "reader" for k in node.keywords) \
                    and not (node.func.attr == "feedback" and node.args):
                missing.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {ast.unparse(node)[:80]}")
    assert not missing, "say whose view this is (reader=...):\n" + "\n".join(missing)
