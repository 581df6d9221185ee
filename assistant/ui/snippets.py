"""Search snippets: ~300 characters around the sentences that hold the query's terms, terms marked by their stems.

Words are matched as BM25 matches them (assistant.lexical.tokenize in the passage's language against
assistant.lexical.query_terms of the query), so "régions" is marked for "region" and "Kluster" for "Clusters".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from ..api import MIN_COMPOUND, fold, joins, tokenize

SIZE = 300  # characters a snippet aims at
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")
_WORD = re.compile(r"\w+")


@dataclass
class Snippet:
    """A piece of a passage: where it starts and ends, and how many distinct query terms it holds."""

    text: str
    start: int
    end: int
    terms: int
    lead: bool  # the passage goes on before it ("…")
    tail: bool  # the passage goes on after it ("…")
    key: str  # the sentence it was built around (overlapping passages of one document repeat sentences)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (or line) of the text, blanks trimmed."""
    spans, cursor = [], 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[cursor:end].strip():
            spans.append((cursor, end))
        cursor = match.end() if match else end
    return spans


def matched(word: str, terms: set[str], lang: str) -> bool:
    """Whether a word of a passage stems (in the passage's language, as BM25 indexed it) to a query term, or is a
    compound of two ("Clustermanagern": cluster + manag; "klusterledare": klust + led; not "Clusterbombe")."""
    return any(_held(token, terms, lang) for token in stems(word, lang)) or _compound(fold(word), terms, lang)


def _held(token: str, terms: set[str], lang: str) -> bool:
    """Whether a passage token is a query term, or a term of this language's concept words ("de:weiterbild")."""
    return token in terms or f"{lang}:{token}" in terms


def _compound(word: str, terms: set[str], lang: str) -> bool:
    """Whether a long word joins two terms ("kluster-le-dare", "Cluster-s-": across.joins; a term of another
    language's concept words does not count)."""
    return bool(_parts(word, terms, lang))


def _parts(word: str, terms: set[str], lang: str) -> set[str]:
    """The two terms a long word joins ("clustermanager": cluster, manag), empty when it joins none."""
    if len(word) < MIN_COMPOUND:
        return set()
    own = [t.removeprefix(f"{lang}:") for t in terms if ":" not in t or t.startswith(f"{lang}:")]
    firsts = [t for t in own if word.startswith(t)]  # most words open with no term: nothing more to try
    return next(({first, second} for first in firsts for second in own if joins(word, [first], [second])), set())


def term_hits(text: str, terms: set[str], lang: str) -> set[str]:
    """The distinct query terms the text holds, a compound counting for the two it joins (a sentence about
    "Clustermanager" says more of "cluster managers" than one about "Cluster")."""
    found: set[str] = set()
    for word in _WORD.findall(text):
        held = {token for token in stems(word, lang) if _held(token, terms, lang)}
        found |= held or _parts(fold(word), terms, lang)
    return found


@lru_cache(maxsize=65536)
def stems(word: str, lang: str) -> tuple[str, ...]:
    """A word's BM25 tokens (a passage's words repeat from search to search: stem each once)."""
    return tuple(tokenize(word, lang))


def window(text: str, start: int, end: int, size: int = SIZE, anchor: int | None = None) -> tuple[int, int]:
    """Grow the span [start, end) by whole sentences (the following ones first) to about `size` characters, or cut
    a long one on word boundaries around `anchor` (its first matching word)."""
    if end - start > size:
        anchor = start if anchor is None else anchor
        a = max(start, min(anchor - size // 3, end - size))
        if a > start:
            a = text.find(" ", a, anchor) + 1 or a
        b = min(end, a + size)
        if b < end:
            b = text.rfind(" ", a, b) if text.rfind(" ", a, b) > a + size // 2 else b
        return a, b
    spans = sentences(text)
    before = [s for s in spans if s[1] <= start]
    after = [s for s in spans if s[0] >= end]
    while after and after[0][1] - start <= size:  # the matching sentence leads, followed by what fits
        end = after.pop(0)[1]
    while before and end - before[-1][0] <= size:
        start = before.pop()[0]
    return start, end


def snippets(text: str, terms: set[str], lang: str, count: int = 3, size: int = SIZE) -> list[Snippet]:
    """The passage's best pieces: sentences ranked by the distinct query terms they hold, each grown to about
    `size` characters, overlaps dropped; with no term in the passage (a match by meaning), its opening."""
    ranked = []
    for start, end in sentences(text):
        found = term_hits(text[start:end], terms, lang)
        if found:
            ranked.append((len(found), start, end))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    out: list[Snippet] = []
    for n, start, end in ranked:
        a, b = window(text, start, end, size, first_match(text, start, end, terms, lang))
        if any(a < s.end and s.start < b for s in out):
            continue
        out.append(_snippet(text, a, b, n, text[start:end].strip()))
        if len(out) == count:
            break
    if not out and text.strip():
        a, b = window(text, 0, len(text), size, 0)
        out.append(_snippet(text, a, b, 0, text[a:b].strip()))
    return out


def first_match(text: str, start: int, end: int, terms: set[str], lang: str) -> int:
    """Where the first word of text[start:end] that matches a query term begins (start if none)."""
    for word in _WORD.finditer(text, start, end):
        if matched(word.group(), terms, lang):
            return word.start()
    return start


def _snippet(text: str, start: int, end: int, n: int, key: str) -> Snippet:
    return Snippet(text[start:end].strip(), start, end, n, bool(text[:start].strip()), bool(text[end:].strip()),
                   key)


def highlight(text: str, terms: set[str], lang: str) -> str:
    """The text escaped for HTML, each word that stems to a query term in <mark>."""
    out, cursor = [], 0
    for word in _WORD.finditer(text):
        if matched(word.group(), terms, lang):
            out += [html.escape(text[cursor:word.start()]), "<mark>", html.escape(word.group()), "</mark>"]
            cursor = word.end()
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def shown(snippet: Snippet, terms: set[str], lang: str) -> str:
    """A snippet as HTML: highlighted, with "…" where the passage goes on."""
    return ("… " if snippet.lead else "") + highlight(snippet.text, terms, lang) + (" …" if snippet.tail else "")
