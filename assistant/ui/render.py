"""Answers, hits, documents and reports turned into the page's HTML and Markdown (every text escaped)."""

from __future__ import annotations

import html
import re

from ..api import markdown_text as markdown_text  # the core's escape (export.py): the one way into Markdown
from ..api import page_label, text_fragment, understood
from .snippets import Snippet, shown, snippets
from .texts import ui_text

PAGE_SIZE = 10  # documents a page of good-practice results
SHOWN_SNIPPETS = 3  # snippets a card shows before "more from this document"


def understood_line(answer) -> str:
    """Under an answer in the chat, how its follow-up was understood ("Understood as: …" in the answer's language,
    as `assistant chat` says it); '' when the question typed stood alone."""
    said = understood(answer.standalone, answer.question, answer.language)
    return f"\n\n_{markdown_text(said)}_" if said else ""


def link(source: str, text: str) -> str:
    """An escaped link to an http(s) address; anything else (javascript:, data:) is shown as text."""
    if re.match(r"^https?://", source or "", re.I):
        return f'<a href="{html.escape(source, quote=True)}" target="_blank" rel="noopener noreferrer">' \
               f"{html.escape(text)}</a>"
    return html.escape(source or "")


def highlighted(passage: str, quotes: list[str]) -> str:
    """The passage escaped, with the quoted sentences marked."""
    spans = sorted({(passage.find(q), passage.find(q) + len(q)) for q in quotes if q and q in passage})
    out, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        out += [html.escape(passage[cursor:start]), "<mark>", html.escape(passage[start:end]), "</mark>"]
        cursor = end
    out.append(html.escape(passage[cursor:]))
    return "".join(out)


def ocr_mark(lang: str) -> str:
    """The "OCR" tag of a passage read from a scanned page."""
    return f" · <span class='ocr' title='{html.escape(ui_text(lang, 'ocr_title'), quote=True)}'>" \
           f"{html.escape(ui_text(lang, 'ocr'))}</span>"


def citation_cards(answer, lang: str, ocr: frozenset[str] | set[str] = frozenset()) -> str:
    """One card per cited passage: title, language, page (paged documents), "OCR" when read from a scan (`ocr`: those
    chunk ids), link (a web page's to the quoted sentence); its quotes open onto the passage with the quotes marked
    once. An abstention lists its nearest documents once each."""
    by_n: dict[int, list] = {}
    for c in answer.citations:
        by_n.setdefault(c.n, []).append(c)
    cards = []
    for n, group in by_n.items():
        c = group[0]
        quotes = " ".join("«" + html.escape(q.quote) + "»" for q in group)
        cards.append(
            f"<div class='card' id='source-{n}'><b>[{n}] {html.escape(c.title or c.doc)}</b>"
            f"<div class='meta'>{html.escape(c.doc)} · {html.escape(c.lang)}"
            f"{html.escape(page_label({'page': c.page, 'doctype': c.doctype}, lang))}"
            f"{ocr_mark(lang) if c.chunk_id in ocr else ''}"
            f"{' · ' + link(text_fragment(c.source, c.quote), c.source) if c.source else ''}</div>"
            f"<details><summary><span class='q'>{quotes}</span> "
            f"<i>{html.escape(ui_text(lang, 'open'))}</i></summary>"
            f"<p class='passage'>{highlighted(c.passage, [q.quote for q in group])}</p></details></div>")
    if answer.abstained:
        nearest: dict[str, object] = {}
        for hit in answer.passages:
            nearest.setdefault(hit.doc, hit)
        cards += [hit_card(n, h, lang) for n, h in enumerate(list(nearest.values())[:3], 1)]
    return "".join(cards)


def meta_line(meta: dict, doc: str, lang: str, page: bool = True) -> str:
    """Document id, language, page (paged documents), year and source link of a hit, escaped."""
    parts = [html.escape(doc), html.escape(str(meta.get("lang", "")))]
    if meta.get("year"):
        parts.append(html.escape(str(meta["year"])))
    line = " · ".join(p for p in parts if p)
    line += html.escape(page_label(meta, lang)) if page else ""
    line += ocr_mark(lang) if meta.get("ocr") else ""
    return line + (" · " + link(str(meta["source"]), str(meta["source"])) if meta.get("source") else "")


def hit_card(n: int, hit, lang: str) -> str:
    """A nearest passage (in an abstention) as a card."""
    return (f"<div class='card'><b>{n}. {html.escape(str(hit.meta.get('title') or hit.doc))}</b>"
            f"<div class='meta'>{meta_line(hit.meta, hit.doc, lang)}</div>"
            f"<p>{html.escape(hit.text)}</p></div>")


def by_document(hits: list) -> dict[str, list]:
    """Hits grouped by document, documents in the order of their best hit."""
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.doc, []).append(hit)
    return groups


def document_snippets(hits: list, terms: set[str]) -> list[tuple[Snippet, object]]:
    """A document's snippets over its hits (best hit first), most query terms first, each sentence once."""
    found, seen = [], set()
    for rank, hit in enumerate(hits):
        lang = str(hit.meta.get("lang", ""))
        for order, snip in enumerate(snippets(hit.text, terms, lang)):
            if snip.key not in seen:
                seen.add(snip.key)
                found.append((-snip.terms, rank, order, snip, hit))
    found.sort(key=lambda f: f[:3])
    return [(snip, hit) for *_, snip, hit in found]


def snippet_html(snip: Snippet, hit, terms: set[str], lang: str) -> str:
    """One snippet as a paragraph, with its page for paged documents."""
    page = page_label(hit.meta, lang).lstrip(", ")
    where = f" <span class='meta'>({html.escape(page)})</span>" if page else ""
    return f"<p class='snippet'>{shown(snip, terms, str(hit.meta.get('lang', '')))}{where}</p>"


def practice_card(hits: list, terms: set[str], lang: str) -> str:
    """One card per document: its title once, its meta line, its best snippets and the rest behind "more"."""
    first = hits[0]
    pieces = [snippet_html(s, h, terms, lang) for s, h in document_snippets(hits, terms)]
    more = ""
    if len(pieces) > SHOWN_SNIPPETS:
        label = html.escape(ui_text(lang, "more").format(n=len(pieces) - SHOWN_SNIPPETS))
        more = f"<details class='more'><summary>{label}</summary>{''.join(pieces[SHOWN_SNIPPETS:])}</details>"
    return (f"<div class='card doc-card'><h4>{html.escape(str(first.meta.get('title') or first.doc))}</h4>"
            f"<div class='meta'>{meta_line(first.meta, first.doc, lang, page=False)}</div>"
            f"{''.join(pieces[:SHOWN_SNIPPETS])}{more}</div>")


def practice_cards(hits: list, terms: set[str], lang: str, page: int, empty: str = "no_results") -> tuple[str, int]:
    """Good-practice results, one card per document, one page of documents; the HTML and the number of pages."""
    groups = by_document(hits)
    docs = list(groups)
    pages = max(1, -(-len(docs) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    if not docs:
        return f"<p class='empty'>{html.escape(ui_text(lang, empty))}</p>", 1
    head = f"<p class='meta'>{html.escape(ui_text(lang, 'found').format(docs=len(docs), passages=len(hits)))}</p>"
    body = "".join(practice_card(groups[d], terms, lang) for d in docs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    foot = f"<p class='meta'>{html.escape(ui_text(lang, 'page_of').format(page=page, pages=pages))}</p>"
    return head + body + foot, pages


def table(rows: list[list], lang: str) -> dict:
    """The Documents table with its headers in the UI language (Gradio's Dataframe value)."""
    keys = ("col_doc", "col_title", "col_lang", "col_pages", "col_chunks", "col_source", "col_ingested")
    return {"headers": [ui_text(lang, k) for k in keys], "data": rows}


def web_table(rows: list[list], lang: str) -> dict:
    """The web sources table with its headers in the UI language."""
    keys = ("col_url", "col_kind", "col_state", "col_checked", "col_message")
    return {"headers": [ui_text(lang, k) for k in keys], "data": rows}


REPORT_CELLS = {"mode": "report_mode", "slice": "report_slice", "metric": "report_metric",
                "paired vs dense": "report_paired", "difference": "report_difference",
                "passage hit@5": "report_passage"}  # an eval report's headings
SLICES = {"all": "slice_all", "same": "slice_same", "cross": "slice_cross"}  # its slices other than languages
REPORT_CI = "[95 % CI]"  # how evaluation.py writes a 95 % interval in a heading


def report_markdown(text: str, lang: str) -> str:
    """An eval report's Markdown with its title, table headings, slice names and interval marks in the UI language
    (plot shown apart)."""
    text = text.replace("![hit@k per mode and language](hit_at_k.png)", "")
    text = re.sub(r"^# Retrieval evaluation: (.*)$", lambda m: "# " + ui_text(lang, "report_title").format(
        name=m.group(1)), text, count=1, flags=re.M)
    lines, table = [], ""
    for line in text.splitlines():
        if line.startswith(("| mode |", "| paired vs dense |")):
            table = line
            line = "|".join(heading(cell, lang) for cell in line.split("|"))
        elif table.startswith("| mode |") and line.startswith("| ") and line.count("|") > 3:
            cells = line.split("|")
            if cells[2].strip() in SLICES:
                cells[2] = f" {ui_text(lang, SLICES[cells[2].strip()])} "
            line = "|".join(cells)
        elif not line.startswith("|"):
            table = ""
        lines.append(line)
    return "\n".join(lines)


def heading(cell: str, lang: str) -> str:
    """A cell of a report's heading row in the UI language, its interval mark too ("[95 % CI]" → "[IC 95 %]")."""
    name = cell.replace(REPORT_CI, "").strip()
    if not name:
        return cell
    shown = ui_text(lang, REPORT_CELLS[name]) if name in REPORT_CELLS else name
    return f" {shown} {ui_text(lang, 'report_ci')} " if REPORT_CI in cell else f" {shown} "


def no_report(lang: str, corpus: str, command: str) -> str:
    """What the Evaluation tab says before any report of the served corpus exists: the command that writes one."""
    return (f"{ui_text(lang, 'no_report').format(corpus=markdown_text(corpus))}\n\n{command_block(command)}\n\n"
            f"{ui_text(lang, 'no_report_more')}")


def command_block(command: str) -> str:
    """A command to copy, as a Markdown code block."""
    return f"```bash\n{command}\n```"
