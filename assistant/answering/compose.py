"""The answer's text: quotes cited by number within the quote budget, framed in the asker's language, and the
numbered sources."""

from __future__ import annotations

from ..languages import frame
from ..records import Hit
from .model import QUOTE_BUDGET, Answer, Candidate, Citation
from .sentences import quote_span


def cite(chosen: list[Candidate], hits: list[Hit], window: bool) -> list[Citation]:
    """Citations in order of score, one number per passage, all quotes within QUOTE_BUDGET characters, no sentence
    quoted twice (overlapping passages repeat sentences: a quote whose neighbours were quoted is the sentence
    alone)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    quoted: list[str] = []  # the quotes so far, whitespace-normalised
    said: list[str] = []  # the sentences they were chosen for
    used = 0
    for cand in chosen:  # best first: the sentence that states the fact comes first
        sentence = _flat(cand.text)
        if any(sentence in q for q in quoted):
            continue
        hit = hits[cand.hit_index]
        start, end = quote_span(cand, hit, window)
        if any(s in _flat(hit.text[start:end]) for s in said):
            start, end = cand.start, cand.end
        if used and used + end - start > QUOTE_BUDGET:
            continue
        if any(s < end and start < e for s, e in spans.get(cand.hit_index, [])):
            continue
        spans.setdefault(cand.hit_index, []).append((start, end))
        quoted.append(_flat(hit.text[start:end]))
        said.append(sentence)
        used += end - start
    numbers = {hit_index: n for n, hit_index in enumerate(spans, 1)}
    return [make_citation(numbers[i], hits[i], hits[i].text[s:e]) for i, found in spans.items() for s, e in found]


def _flat(text: str) -> str:
    """The text with its whitespace runs made single spaces."""
    return " ".join(text.split())


def stops_mid_sentence(quote: str, passage: str) -> bool:
    """Whether a quote stops inside a sentence: on a word, with its passage going on along the same line or ending
    there (a passage cut mid-sentence). A quote ending a line (a heading, a list item) stops where its text does."""
    quote = quote.rstrip()
    if not quote or not (quote[-1].isalnum() or quote[-1] == ","):
        return False
    at = passage.find(quote)
    if at < 0:
        return False
    rest = passage[at + len(quote):]
    return not rest.strip() or not rest.lstrip(" \t").startswith("\n") and rest[:1] in " \t"


def make_citation(n: int, hit: Hit, quote: str) -> Citation:
    """A citation of a quote from a retrieved passage."""
    m = hit.meta
    return Citation(n=n, doc=hit.doc, title=str(m.get("title", "")), page=int(m.get("page", 1)),
                    source=str(m.get("source", "")), quote=quote, chunk_id=hit.chunk_id,
                    lang=str(m.get("lang", "")), passage=hit.text, doctype=str(m.get("doctype", "")),
                    ocr=bool(m.get("ocr")))


def compose(answer: Answer, lang: str) -> str:
    """The answer text: framing in the asker's language, quotes in their own language with [n]."""
    words = frame(lang)
    if answer.abstained:
        docs = list(dict.fromkeys(h.doc for h in answer.passages))[:3]
        first = {d: next(h for h in answer.passages if h.doc == d) for d in docs}
        near = [f"- {first[d].meta.get('title') or d}{page_label(first[d].meta, lang)}" for d in docs]
        head = words["missing"].format(what=", ".join(answer.missing)) if answer.missing else words["none"]
        return "\n".join([head, *near])
    lines = [words["intro"]]
    for c in answer.citations:
        label = f" ({c.lang})" if c.lang and c.lang != lang else ""
        cut = " …" if stops_mid_sentence(c.quote, c.passage) else ""
        lines.append(f"- «{_flat(c.quote)}{cut}»{label} [{c.n}]")  # one line, whatever the layout
    return "\n".join(lines + ["", sources_block(answer.citations, lang)])


def sources_block(citations: list[Citation], lang: str) -> str:
    """The numbered list of cited documents."""
    words = frame(lang)
    seen: dict[int, Citation] = {}
    for c in citations:
        seen.setdefault(c.n, c)
    rows = [f"[{n}] {c.title or c.doc}{page_label({'page': c.page, 'doctype': c.doctype}, lang)} — "
            f"{c.source or c.doc}" for n, c in seen.items()]
    return f"{words['sources']}:\n" + "\n".join(rows)


def page_label(meta: dict, lang: str) -> str:
    """", p. 3" in the asker's language, for paged documents (PDF) only."""
    return f", {frame(lang)['page']} {meta.get('page', 1)}" if meta.get("doctype") == "pdf" else ""
