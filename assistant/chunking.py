"""Chunking on paragraph and sentence boundaries, sized for a 512-token embedding window."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .cleaning import ends_sentence, heading_line, is_date
from .records import Chunk, Document, Page

_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? … (optionally closed by quotes/brackets) before a space and a capital,
# digit or quote, or at a line break (web pages put headings and list items on lines of their own).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-ZÀ-ÖØ-ÞŒ0-9])|\n")


def sentence_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, opens_paragraph) for each sentence of the text, whitespace excluded."""
    para_start = 0
    for para_end in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        first = True
        cursor = para_start
        for m in list(_SENTENCE_END.finditer(text, para_start, para_end)) + [None]:
            stop = m.start() if m else para_end
            span = _strip(text, cursor, stop)
            if span:
                yield span[0], span[1], first
                first = False
            cursor = m.end() if m else para_end
        para_start = para_end


def title_lines(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each sentence span, whether it is a title line: a date line, or a whole line that is a heading (no end
    punctuation) or a question, standing over a sentence that ends as sentences do (a list of unpunctuated facts
    is not a run of titles)."""
    def whole(start: int, end: int) -> bool:
        return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")

    out = []
    for j, (start, end) in enumerate(spans):
        line = text[start:end]
        if not whole(start, end):
            out.append(False)
        elif is_date(line):
            out.append(True)
        else:
            over = j + 1 < len(spans) and ends_sentence(text[spans[j + 1][0]:spans[j + 1][1]])
            out.append(over and (heading_line(line) or line.rstrip().endswith("?") and len(line) <= 200))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _bounded(spans: Iterator[tuple[int, int, bool]], text: str, limit: int) -> Iterator[tuple[int, int, bool]]:
    """Split any sentence longer than the limit at the last space before it."""
    for start, end, opens in spans:
        while end - start > limit:
            cut = text.rfind(" ", start + limit // 2, start + limit)
            cut = cut if cut > start else start + limit
            yield start, cut, opens
            opens = False
            start = _strip(text, cut, end)[0] if _strip(text, cut, end) else end
        if end > start:
            yield start, end, opens


def split_page(text: str, max_chars: int, overlap_chars: int) -> list[tuple[int, int]]:
    """Pack sentences into (start, end) windows of at most max_chars, preferring paragraph breaks."""
    windows: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    for start, end, opens in _bounded(sentence_spans(text), text, max_chars):
        size = end - current[0][0] if current else 0
        full = size > max_chars * 0.6 and opens  # a paragraph break near the target size is a good cut
        if current and (end - current[0][0] > max_chars or full):
            windows.append((current[0][0], current[-1][1]))
            current = _overlap(current, overlap_chars, end, max_chars)
        current.append((start, end))
    if current:
        windows.append((current[0][0], current[-1][1]))
    return _merge_small_tail(windows, max_chars)


def _overlap(previous: list[tuple[int, int]], budget: int, next_end: int, limit: int) -> list[tuple[int, int]]:
    """The trailing sentences of the previous window that fit the overlap budget and the next window."""
    kept: list[tuple[int, int]] = []
    for span in reversed(previous[1:]):
        if previous[-1][1] - span[0] > budget or next_end - span[0] > limit:
            break
        kept.insert(0, span)
    return kept


def _merge_small_tail(windows: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    if len(windows) > 1 and windows[-1][1] - windows[-1][0] < max_chars // 5:
        start = windows[-2][0]
        if windows[-1][1] - start <= max_chars * 1.25:
            windows[-2:] = [(start, windows[-1][1])]
    return windows


def chunk_document(doc: Document, max_chars: int = 1000, overlap_chars: int = 200) -> list[Chunk]:
    """All chunks of a document with stable ids `<doc>#<hash>-<n>`, pages and char offsets."""
    chunks: list[Chunk] = []
    for page in doc.pages:
        for start, end in split_page(page.text, max_chars, overlap_chars):
            chunks.append(_make_chunk(doc, page, len(chunks), start, end))
    return chunks


def _make_chunk(doc: Document, page: Page, index: int, start: int, end: int) -> Chunk:
    return Chunk(
        chunk_id=f"{doc.doc_id}#{doc.content_hash[:12]}-{index:04d}",
        doc_id=doc.doc_id,
        index=index,
        text=page.text[start:end],
        page=page.number,
        start=start,
        end=end,
    )
