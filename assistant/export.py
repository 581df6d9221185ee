"""A conversation exported as Markdown (the questions, how a follow-up was understood, the answers with their quotes
as a list, the sources once as a numbered list of links) or JSON (the kept turns as they are), for the page's
download, GET /api/conversations/ID?format= and `assistant chat --save FILE`. Document text never forms a link or a
tag in the Markdown, yet the file reads as written: only what CommonMark would read as markup there is escaped
(`plain`); the date is said as YYYY-MM-DD HH:MM UTC."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
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
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")  # &amp; &#60; &#x3c;
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")  # a line that would open an ordered list ("2026. Then")
_RULE = re.compile(r"^([-=])(?:[ \t]*\1)*[ \t]*$")  # a line of dashes or equals: a rule or a heading's underline
FORMATS = ("markdown", "json")


def markdown_text(text: str) -> str:
    """The one way to put document- or model-derived text into Markdown (the page's chat, exports): every ASCII
    punctuation character backslash-escaped, the backslash itself included (so a backslash in the text cannot cancel
    the next escape), and lines' leading blanks dropped (four of them would open a code block, where escapes show).
    Nothing in it can form a tag, link, image, heading, list or entity."""
    lines = (line.lstrip(" \t") for line in text.split("\n"))
    return "\n".join(_PUNCTUATION.sub(r"\\\1", line) for line in lines)


def _marks(line: str, i: int, brackets: bool) -> bool:
    """Whether the character at `i` of one line would be read as markup there, and takes a backslash."""
    ch, before = line[i], line[i - 1] if i else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    if ch == "\\":  # an escape only before punctuation; at the end, before what the exports write next ("]")
        return not after or after in _ASCII_PUNCTUATION
    if ch in "*_":  # emphasis: not between two spaces, nor (an underscore) inside a word
        return not ((before.isspace() and after.isspace())
                    or (ch == "_" and before.isalnum() and after.isalnum()))
    if ch == "[":  # a link's text (in a link, every bracket); at the start, a link reference definition
        return brackets or i == 0
    if ch == "]":
        return brackets or after in ("(", "[")
    if ch == "<":  # a tag, a comment or an autolink
        return after.isalpha() or after in ("/", "!", "?")
    if ch == "&":
        return bool(_ENTITY.match(line, i))
    if ch == "#":  # a heading at the start; at the end, a run after a space would close a heading
        run = len(line.rstrip("#"))
        return i == 0 or (i >= run and line[run - 1] == " ")
    if i == 0 and ch in "-+>":  # a list item, a block quote, a rule
        return ch == ">" or not after or after.isspace() or bool(_RULE.match(line))
    return ch in "`~" or (i == 0 and ch == "=" and bool(_RULE.match(line)))  # code, fences, strikethrough


def plain(text: str, brackets: bool = False) -> str:
    """Document- or model-derived text as one line of Markdown that renders as the text itself (its whitespace runs
    one space), escaping only what CommonMark reads as markup there: at a block's start too, where the exports put
    it (a list item's, a heading's). `brackets`: every bracket too (the text of a link). Nothing in it can form a
    tag, link, image, heading, list, code or entity."""
    line = " ".join(text.split())
    out = "".join(f"\\{ch}" if _marks(line, i, brackets) else ch for i, ch in enumerate(line))
    return _ORDERED.sub(r"\1\\\2", out)


def when(stamp_text: str) -> str:
    """A kept time as the export says it: YYYY-MM-DD HH:MM UTC ('' when it is no time)."""
    try:
        moment = datetime.fromisoformat(str(stamp_text))
    except ValueError:
        return ""
    return (moment.astimezone(UTC) if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M UTC")


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
        out.append(f"- {plain(line[2:])}" if item else plain(line))
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
        url = _url(c.get("source") or "", c.get("quote") or "")
        title = plain(c.get("title") or c.get("doc") or "", brackets=bool(url))
        named = f"[{title}]({url})" if url else title
        page = page_label({"page": c.get("page"), "doctype": c.get("doctype")}, lang)
        where = plain(f"{c.get('doc') or ''}{page}")
        quote = f": «{plain(c.get('quote') or '')}»" if quoted else ""
        rows.append(f"{number}. {named} ({where}){quote}" if ordered else f"- \\[{number}\\] {named} ({where}){quote}")
    return rows


def turn_markdown(n: int, turn: dict) -> str:
    """One question, how it was understood (a follow-up), its answer, then its sources numbered as the answer cites
    them, labelled in the answer's language."""
    lang = turn.get("language") or "en"
    words = frame(lang)
    lines = [f"## {n}. {plain(turn.get('question') or '')}", ""]
    if understood(turn.get("standalone") or "", turn.get("question") or "", lang):
        lines += [f"*{plain(words['understood'] + colon(lang))}* {plain(turn['standalone'])}", ""]
    lines += [*answer_markdown(turn.get("answer") or ""), ""]
    rows = sources_markdown(turn.get("citations") or [], lang, bool(turn.get("generated")))
    if rows:
        lines += [f"**{plain(words['sources'])}**", "", *rows]
    return "\n".join(lines).rstrip() + "\n"


def as_markdown(conversation: dict) -> str:
    """The whole conversation as Markdown (at most MAX_EXPORT bytes of UTF-8: later turns past it are said, not
    written)."""
    out = f"# {plain(conversation.get('title') or '')}\n\n"
    if when(conversation.get("created") or ""):
        out += when(conversation["created"]) + "\n\n"
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
