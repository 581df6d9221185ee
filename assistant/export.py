"""A conversation exported as Markdown (the questions and answers, numbered sources with their titles and links) or
JSON (the kept turns as they are), for the page's download, GET /api/conversations/ID?format= and `assistant chat
--save FILE`. Document text never forms a link or a tag in the Markdown: it is escaped as the page escapes it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .answering import Answer
from .conversations import snapshot, title_of
from .limits import MAX_EXPORT
from .questions import now_utc, stamp
from .web import text_fragment

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character (CommonMark may escape each)
FORMATS = ("markdown", "json")


def markdown_text(text: str) -> str:
    """The one way to put document- or model-derived text into Markdown (the page's chat, exports): every ASCII
    punctuation character backslash-escaped, the backslash itself included (so a backslash in the text cannot cancel
    the next escape), and lines' leading blanks dropped (four of them would open a code block, where escapes show).
    Nothing in it can form a tag, link, image, heading, list or entity."""
    lines = (line.lstrip(" \t") for line in text.split("\n"))
    return "\n".join(_PUNCTUATION.sub(r"\\\1", line) for line in lines)


def _url(source: str, quote: str) -> str:
    """A source's link for a Markdown link target: http(s) only, its parentheses, spaces and brackets encoded."""
    if not re.match(r"^https?://", source or "", re.I):
        return ""
    link = text_fragment(source, quote)
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>[]\\`\"'" or ord(ch) < 32 else ch for ch in link)


def turn_markdown(n: int, turn: dict) -> str:
    """One question and its answer, then its sources numbered as the answer cites them."""
    lines = [f"## {n}. {markdown_text(turn.get('question') or '')}", ""]
    if turn.get("standalone") and turn["standalone"] != turn.get("question"):
        lines += [f"*{markdown_text(turn['standalone'])}*", ""]
    lines += [markdown_text(turn.get("answer") or ""), ""]
    sources: dict[int, dict] = {}
    for c in turn.get("citations") or []:
        sources.setdefault(int(c.get("n") or 0), c)
    for number, c in sorted(sources.items()):
        title = markdown_text(c.get("title") or c.get("doc") or "")
        url = _url(c.get("source") or "", c.get("quote") or "")
        named = f"[{title}]({url})" if url else title
        page = f", p. {c['page']}" if c.get("page") and c.get("doctype") == "pdf" else ""
        lines.append(f"{number}. {named} ({markdown_text(c.get('doc') or '')}{page}): "
                     f"«{markdown_text(' '.join((c.get('quote') or '').split()))}»")
    return "\n".join(lines).rstrip() + "\n"


def as_markdown(conversation: dict) -> str:
    """The whole conversation as Markdown (at most MAX_EXPORT bytes of UTF-8: later turns past it are said, not
    written)."""
    out = f"# {markdown_text(conversation.get('title') or '')}\n\n"
    if conversation.get("created"):
        out += re.sub(r"[^0-9T:+\-]", "", str(conversation["created"]))[:25] + "\n\n"  # an ISO time only
    turns = conversation.get("turns") or []
    size = len(out.encode())
    for n, turn in enumerate(turns, 1):
        part = turn_markdown(n, turn) + "\n"
        size += len(part.encode())
        if size > MAX_EXPORT:
            return out + f"… {len(turns) - n + 1} more\n"
        out += part
    return out


def as_json(conversation: dict) -> str:
    """The conversation as JSON: id, title, dates and its turns (the passages left out: quotes stay); at most
    MAX_EXPORT bytes of UTF-8 (the API's replies stay under its MAX_REPLY), later turns past it left out (`omitted`
    says how many)."""
    turns = [{k: v for k, v in t.items() if k != "citations"}
             | {"citations": [{k: v for k, v in c.items() if k != "passage"} for c in t.get("citations") or []]}
             for t in conversation.get("turns") or []]
    head = {k: conversation[k] for k in ("id", "title", "created", "updated") if k in conversation}
    kept: list[dict] = []
    size = len(json.dumps(head, ensure_ascii=False).encode())
    for turn in turns:
        text = json.dumps(turn, ensure_ascii=False, indent=2)
        size += len(text.encode()) + 4 * (text.count("\n") + 1) + 2  # each line two levels deeper in the whole
        if size > MAX_EXPORT:
            break
        kept.append(turn)
    return json.dumps({**head, "turns": kept, "omitted": len(turns) - len(kept)}, ensure_ascii=False, indent=2)


def exported(conversation: dict, fmt: str) -> str:
    """The conversation in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    return as_markdown(conversation) if fmt == "markdown" else as_json(conversation)


SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".json": "json"}


def format_of(path: Path) -> str:
    """The export format a file's suffix asks for (ValueError for another suffix)."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: save a conversation as .md (Markdown) or .json")
    return fmt


def save(path: Path, answers: list[tuple[str, Answer]]) -> None:
    """Write a conversation of (question typed, Answer) turns to a file, Markdown or JSON by its suffix (the CLI's
    `chat --save`)."""
    turns = [snapshot(answer, typed) for typed, answer in answers]
    conversation = {"title": title_of(turns[0]["question"] if turns else ""), "created": stamp(now_utc()),
                    "turns": turns}
    path.write_text(exported(conversation, format_of(path)), encoding="utf-8")
