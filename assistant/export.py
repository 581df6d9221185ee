"""A conversation exported as Markdown (the questions, how a follow-up was understood, the answers with their quotes
as a list, the sources once as a numbered list of links) or JSON (the kept turns as they are), for the page's
download, GET /api/conversations/ID?format= and `assistant chat --save FILE`. Document text never forms a link or a
tag in the Markdown: it is escaped as the page escapes it; the Markdown reads well once rendered (CommonMark)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .answering import Answer, page_label
from .conversations import one_per_document, snapshot, title_of
from .errors import SaveRefused
from .languages import FRAMES, frame
from .limits import MAX_EXPORT
from .questions import now_utc, stamp
from .web import text_fragment

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character (CommonMark may escape each)
_SOURCE_ROW = re.compile(r"^\[\d+\] ")  # a row of an answer's own list of sources ("[1] Title — source")
FORMATS = ("markdown", "json")


def markdown_text(text: str) -> str:
    """The one way to put document- or model-derived text into Markdown (the page's chat, exports): every ASCII
    punctuation character backslash-escaped, the backslash itself included (so a backslash in the text cannot cancel
    the next escape), and lines' leading blanks dropped (four of them would open a code block, where escapes show).
    Nothing in it can form a tag, link, image, heading, list or entity."""
    lines = (line.lstrip(" \t") for line in text.split("\n"))
    return "\n".join(_PUNCTUATION.sub(r"\\\1", line) for line in lines)


def understood(standalone: str, typed: str, lang: str) -> str:
    """How a follow-up was understood, labelled in `lang` ("Understood as: …", the answer's language); '' when the
    question typed stood alone."""
    standalone = " ".join((standalone or "").split())
    if not standalone or standalone == " ".join((typed or "").split()):
        return ""
    return f"{frame(lang)['understood']}{colon(lang)} {standalone}"


def colon(lang: str) -> str:
    """A label's colon as the language writes it (French puts a space before it)."""
    return " :" if lang == "fr" else ":"


def _url(source: str, quote: str) -> str:
    """A source's link for a Markdown link target: http(s) only, its parentheses, spaces and brackets encoded."""
    if not re.match(r"^https?://", source or "", re.I):
        return ""
    link = text_fragment(source, quote)
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>[]\\`\"'" or ord(ch) < 32 else ch for ch in link)


def without_sources(text: str) -> str:
    """An answer's text without its own list of sources ("Sources:" and its "[n] …" rows, in any language): the
    export lists them once, as links."""
    heads = {words["sources"] for words in FRAMES.values()}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        rest = [r for r in lines[i + 1:] if r.strip()]
        head = line.strip()
        if head.endswith(":") and head[:-1].rstrip() in heads and rest and all(_SOURCE_ROW.match(r.strip())
                                                                               for r in rest):
            return "\n".join(lines[:i]).rstrip()
    return text


def answer_markdown(text: str) -> list[str]:
    """An answer's lines as Markdown blocks: its "- «quote» [n]" lines (and an abstention's nearest documents) a list,
    every other line a paragraph of its own, every text escaped."""
    out: list[str] = []
    for line in without_sources(text).split("\n"):
        line = line.strip()
        if not line:
            continue
        item = line.startswith("- ")
        if out and not (item and out[-1].startswith("- ")):
            out.append("")  # a paragraph ends before the next block; the items of one list stay together
        out.append(f"- {markdown_text(line[2:])}" if item else markdown_text(line))
    return out


def sources_markdown(citations: list[dict], lang: str, quoted: bool) -> list[str]:
    """The cited documents once each, numbered as the answer cites them, linked where they are on the web (the link
    opens the page at the quote); their quote too when `quoted` (a written answer says them in its own words)."""
    sources: dict[int, dict] = {}
    for c in citations:
        sources.setdefault(int(c.get("n") or 0), c)
    numbers = sorted(sources)
    ordered = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
    rows = []
    for number in numbers:  # an ordered list renumbers from its first: numbers with gaps are said in brackets
        c = sources[number]
        title = markdown_text(c.get("title") or c.get("doc") or "")
        url = _url(c.get("source") or "", c.get("quote") or "")
        named = f"[{title}]({url})" if url else title
        page = page_label({"page": c.get("page"), "doctype": c.get("doctype")}, lang)
        where = markdown_text(f"{c.get('doc') or ''}{page}")
        quote = f": «{markdown_text(' '.join((c.get('quote') or '').split()))}»" if quoted else ""
        rows.append(f"{number}. {named} ({where}){quote}" if ordered else f"- \\[{number}\\] {named} ({where}){quote}")
    return rows


def turn_markdown(n: int, turn: dict) -> str:
    """One question, how it was understood (a follow-up), its answer, then its sources numbered as the answer cites
    them, labelled in the answer's language."""
    lang = turn.get("language") or "en"
    words = frame(lang)
    lines = [f"## {n}. {markdown_text(turn.get('question') or '')}", ""]
    if understood(turn.get("standalone") or "", turn.get("question") or "", lang):
        lines += [f"*{markdown_text(words['understood'] + colon(lang))}* {markdown_text(turn['standalone'])}", ""]
    lines += [*answer_markdown(turn.get("answer") or ""), ""]
    rows = sources_markdown(turn.get("citations") or [], lang, bool(turn.get("generated")))
    if rows:
        lines += [f"**{markdown_text(words['sources'])}**", "", *rows]
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
             | ({"nearest": one_per_document(t["nearest"])} if t.get("nearest") else {})
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
    """The export format a file's suffix asks for (SaveRefused for another suffix)."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise SaveRefused(f"{path.name}: save a conversation as .md (Markdown) or .json")
    return fmt


def writable(path: Path) -> str:
    """Check, before a conversation starts, that it can be saved to `path`: its suffix, and a folder that exists
    and may be written to (SaveRefused saying what to give instead); the format."""
    fmt = format_of(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SaveRefused(f"cannot save to {path}: there is no folder {folder} (create it, or give --save a file in "
                          f"a folder that exists)")
    if path.is_dir() or not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise SaveRefused(f"cannot save to {path}: it may not be written (give --save a file you may write)")
    return fmt


def save(path: Path, answers: list[tuple[str, Answer]]) -> None:
    """Write a conversation of (question typed, Answer) turns to a file, Markdown or JSON by its suffix (the CLI's
    `chat --save`)."""
    turns = [snapshot(answer, typed) for typed, answer in answers]
    conversation = {"title": title_of(turns[0]["question"] if turns else ""), "created": stamp(now_utc()),
                    "turns": turns}
    path.write_text(exported(conversation, format_of(path)), encoding="utf-8")
