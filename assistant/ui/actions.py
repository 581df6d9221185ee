"""The handlers behind the UI (the App class): each calls the core API and hands the page what to show."""

from __future__ import annotations

import csv
import datetime
import html
import logging
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import gradio as gr

from ..api import DOCTYPES, MAX_QUESTION, OPERATOR, Assistant, Filters, Reader, cell, find_sources, foreign
from ..api import MODES as SEARCH_MODES
from ..errors import IndexMissing, OverQuota
from . import render, reports, welcome
from .admin import AdminActions
from .auth import SignIn
from .common import READER, short, shown, slug
from .guard import LOCK_TRIES, LOCK_WINDOW, Lockout, RateLimit, client_key, networks
from .indexing import Indexing, progress_bar, progress_text
from .texts import UI_LANGS, ui_text

log = logging.getLogger("app")
ADMIN_TRIES, ADMIN_WINDOW = LOCK_TRIES, LOCK_WINDOW  # wrong admin passwords one client may send per window
FEEDBACK_PER_CLIENT, FEEDBACK_PER_SERVER = 30, 300  # feedback items stored per hour: from one client, from all
SEARCH_DEPTH = 100  # chunks a good-practice search considers
MODES = ("hybrid", *(m for m in SEARCH_MODES if m != "hybrid"))  # the default first


HEALTH_SECONDS = 1.0  # how long /api/health's counts are reused
EXPORT_HOURS = 1.0  # a search's CSV export is kept this long (Gradio serves it from its own copy)


class App(AdminActions):
    """The handlers behind the UI; each calls the core API."""

    def __init__(self, assistant: Assistant, corpus: Path, uploads: Path, reports: Path) -> None:
        self.assistant = assistant
        self.corpus = corpus
        self.uploads = uploads
        self.reports = reports
        self.trusted = networks(assistant.settings.trusted_proxies)
        self.lockout = Lockout()
        self.feedback_limits = (RateLimit(FEEDBACK_PER_CLIENT, 3600), RateLimit(FEEDBACK_PER_SERVER, 3600))
        self.indexing = Indexing()
        self._health: dict[object, tuple[float, dict, tuple[bool, int]]] = {}
        self._health_lock = threading.Lock()
        self.signin = SignIn(self)
        self.admin_pages: dict[str, None] = {}  # page sessions where the admin password was given (AdminActions)

    def reader(self, request) -> Reader:
        """Who a page event comes from (their sign-in cookie; anonymous without one)."""
        headers = getattr(request, "headers", None) or {}
        return self.signin.reader(headers) if hasattr(headers, "get") else self.signin.anonymous

    def current(self) -> Reader:
        """The reader of the page event being handled (set by the page's handlers; anonymous when none is)."""
        return READER.get() or self.signin.anonymous

    def health(self, reader: Reader | None = None) -> dict:
        """What /api/health reports, counted over what the reader may see. The catalog's counts are read at most
        once every HEALTH_SECONDS per set of groups (the route is public: a flood of it must not become a flood of
        catalog reads); the indexing state is live, its counts of files shown to who sees every group only."""
        reader = reader or self.current()
        key = reader.groups
        moment = self.indexing_moment()  # a commit or the end of indexing changes the counts: read them again
        with self._health_lock:
            at, counts, then = self._health.get(key, (0.0, {}, moment))
            if time.monotonic() - at >= HEALTH_SECONDS or not counts or then != moment:
                stats = self.assistant.stats(reader=reader)
                counts = {"model": stats["model"], "documents": stats["documents"], "chunks": stats["chunks"],
                          "every": reader.sees_all or set(self.assistant.groups()) <= set(reader.groups or ())}
                if len(self._health) > 64:
                    self._health.clear()
                self._health[key] = (time.monotonic(), counts, moment)
        status = {**self.indexing.snapshot(), "indexed": counts["documents"]}
        status["error"] = bool(status["error"])
        if not counts["every"]:  # the index holds another group's documents: the files being indexed may be theirs
            status.update(dict.fromkeys(("documents", "done", "total", "passages", "eta_seconds", "summary")))
        return {"status": "ok", "model": counts["model"], "documents": counts["documents"], "chunks": counts["chunks"],
                "llm": self.assistant.settings.llm or None, "indexing": status}

    def strays(self) -> dict[str, list[str]]:
        """The indexed documents of folders another app served from this index before (never a silent mix of two
        corpora), by folder; said in the log and the banner (by folder name: the banner is public, server paths
        are not). Folders added with `assistant ingest` (a staff folder with --group) stay, said in the log."""
        before = self.assistant.serving(self.corpus)
        docs = self.assistant.documents(reader=OPERATOR)
        found = foreign(docs, [self.corpus, self.uploads], among=before)
        added = foreign(docs, [self.corpus, self.uploads, *map(Path, before)])
        if added:
            log.info("the index %s also holds %d documents added with `assistant ingest` from %s: kept",
                     self.assistant.settings.index_dir, sum(map(len, added.values())), ", ".join(added))
        if found:
            count = sum(map(len, found.values()))
            log.warning("the index %s holds %d documents from other folders than %s (%s): they are removed from it "
                        "before %s is indexed", self.assistant.settings.index_dir, count, self.corpus,
                        ", ".join(found), self.corpus)
            self.indexing.strays = (count, ", ".join(sorted({Path(f).name for f in found})))
        return found

    def start_indexing(self, folders: list[Path], strays: dict[str, list[str]] | None = None) -> threading.Thread:
        """Ingest the folders in a background thread, after removing the documents of other folders (`strays`);
        the app serves (from what is committed) meanwhile."""
        state = self.indexing
        state.documents = sum(1 for _ in find_sources(folders))
        state.running = True

        def work() -> None:
            try:
                for docs in (strays or {}).values():  # one corpus, one index: never a silent mix of two
                    for doc in docs:
                        self.assistant.remove(doc, wait=True)
                report = self.assistant.ingest(folders, progress=state.progress)
                state.summary = report.summary()
                log.info("ingest %s: %s", ", ".join(map(str, folders)), state.summary)
                if not self.assistant.documents(reader=OPERATOR):  # the log names the command that fills it
                    welcome.ingest_command(self, exact=True)
            except Exception as exc:  # shown in the banner; the app goes on serving what is indexed
                state.error = str(exc)
                log.error("background ingest failed: %s", exc)
            finally:
                state.running = False

        thread = threading.Thread(target=work, name="ingest", daemon=True)
        thread.start()
        return thread

    def welcome(self, lang: str) -> tuple[str, list[str]]:
        """What the index holds for this reader and example questions (welcome.welcome)."""
        return welcome.welcome(self, lang)

    def indexing_moment(self) -> tuple[bool, int]:
        """Whether the background indexing runs and how many documents it has made searchable (read in memory: a
        page asks every few seconds whether its welcome is out of date)."""
        return self.indexing.running, self.indexing.tally.done

    def status(self) -> dict:
        """Indexing progress (the app's /status endpoint), counted over what the reader may see (the number of
        documents searchable read now, not health's second-old count)."""
        return {**self.health()["indexing"], "indexed": len(self.assistant.documents(reader=self.current()))}

    def banner(self, lang: str) -> tuple[str, str]:
        """The indexing banner (empty when done) and the Documents tab's progress bar."""
        said = self._strays_said(lang)
        if not self.indexing.running:  # every open page asks every 2 s: no catalog read once indexing is done
            # what was dropped explains the counts while indexing runs; afterwards it is the admin's to know
            return (f"⚠ {said}", "") if said and self.current().admin else ("", "")
        status = self.health()["indexing"]  # the numbers /api/health gives this reader, read once for both
        text = progress_text(lang, status)
        return f"↻ {text}" + (f"\n\n⚠ {said}" if said else ""), progress_bar(status, text)

    def _strays_said(self, lang: str) -> str:
        """The banner's word on documents of other folders found in the index ('' when there were none)."""
        if not self.indexing.strays:
            return ""
        count, folders = self.indexing.strays
        return ui_text(lang, "strays").format(n=count, folders=folders, corpus=self.corpus.name)

    def require_searchable(self, lang: str = "en", reader: Reader | None = None) -> None:
        """IndexMissing, said for the reader, when the index holds no document yet: still indexing, or never built
        (the message names the command that builds it: exactly to the admin, else by folder names, never a server
        path)."""
        try:
            self.assistant.require_documents()
        except IndexMissing:
            admin = reader.admin if reader is not None else self.admin_page()
            raise welcome.empty_index(self, lang, admin) from None

    def feedback_quota(self, client: str, lang: str = "en") -> None:
        """Raise OverQuota when this client, or all clients together, sent too much feedback this hour."""
        for limit, key in zip(self.feedback_limits, (client_key(client), "*"), strict=True):
            wait = limit.retry_after(key)
            if wait is not None:
                raise OverQuota(ui_text(lang, "fb_quota"), retry_after=max(1, int(wait)))

    @shown(detail=False)
    def chat(self, message: str, history: list[dict], lang: str):
        """Stream the answer into the chat and show its source cards (the answer itself kept for a relabelling)."""
        message = (message or "").strip()[:MAX_QUESTION]
        if not message:
            yield history, "", "", gr.skip()
            return
        pairs = _pairs(history)
        history = [*history, {"role": "user", "content": render.markdown_text(message)},
                   {"role": "assistant", "content": ""}]
        try:
            self.require_searchable(lang)
        except IndexMissing as exc:  # said in the chat, not "the nearest passages are:" over nothing
            history[-1]["content"] = render.markdown_text(str(exc))
            yield history, "", "", None
            return
        text = ""
        for piece in self.assistant.ask_stream(message, pairs, reader=self.current(), keep="app"):
            if isinstance(piece, str):
                text += piece
                history[-1]["content"] = render.markdown_text(text)
                yield history, "", "", gr.skip()
            else:
                # in the answer's language, which is the question's, not always the page's
                said = piece.language if piece.language in UI_LANGS else lang
                notice = f"\n\n_{ui_text(said, 'partial')}_" if self.indexing.running else ""
                history[-1]["content"] = render.markdown_text(piece.text) + render.understood_line(piece) + notice
                yield history, "", self.cards(piece, lang), piece

    def cards(self, answer, lang: str) -> str:
        """The answer's source cards, passages read by OCR marked."""
        found = self.assistant.catalog.chunks([c.chunk_id for c in answer.citations])
        return render.citation_cards(answer, lang, {cid for cid, (_, meta) in found.items() if meta.get("ocr")})

    @shown(detail=False)
    def ask(self, question: str) -> dict:
        """The cited answer as JSON (the app's /ask endpoint); `partial` while indexing still runs."""
        self.require_searchable()
        answer = self.assistant.ask((question or "")[:MAX_QUESTION], reader=self.current(), keep="app")
        return {**answer.as_json(), "partial": self.indexing.running, **self.partial(answer)}

    def partial(self, answer) -> dict:
        """While indexing still runs, that the answer comes from the documents indexed so far, said in the answer's
        language; nothing once it is done (the API's answer is then the CLI's `ask --json`, field for field)."""
        if not self.indexing.running:
            return {}
        said = answer.language if answer.language in UI_LANGS else "en"
        return {"partial": True, "partial_notice": ui_text(said, "partial")}

    @shown(detail=False)
    def search(self, query: str, lang: str, site: str, doctype: str, topic: str, year: str, mode: str,
               page: int, ui: str):
        """Good practices: the passages close enough to the query, one card per document with its best snippets
        highlighted, one page of documents at a time; and the CSV of every listed passage."""
        query = (query or "")[:MAX_QUESTION]
        try:
            self.require_searchable(ui)
        except IndexMissing as exc:
            return f"<p class='empty-index'>{html.escape(str(exc))}</p>", 1, None
        filters = Filters.of(lang=lang, source=site, doctype=doctype, topic=topic, year=year)
        reader = self.current()
        found = self.assistant.search(query, k=SEARCH_DEPTH, mode=mode or None, filters=filters, reader=reader,
                                      across=True)
        hits = self.assistant.relevant(query, found, filters, mode or None, reader=reader)
        terms = self.assistant.query_terms(query)
        empty = "no_match" if found and not hits else "no_results"
        body, pages = render.practice_cards(hits, terms, ui, int(page or 1), empty)
        named = {"lang": lang, "site": site, "type": doctype, "topic": topic, "year": year}
        return body, min(max(int(page or 1), 1), pages), self._csv(hits, query, ui, named)

    def exports(self) -> Path:
        """The folder of CSV exports, emptied of those older than EXPORT_HOURS (each search writes one: the disk
        must not fill with them)."""
        folder = Path(tempfile.gettempdir()) / "cluster-assistant-exports"
        folder.mkdir(exist_ok=True)
        old = time.time() - EXPORT_HOURS * 3600
        for child in folder.iterdir():
            try:
                if child.stat().st_mtime < old:
                    shutil.rmtree(child, ignore_errors=True)
            except OSError:  # another request removed it first
                pass
        return folder

    def _csv(self, hits: list, query: str, lang: str = "en", filters: dict | None = None) -> str | None:
        """Every listed passage as CSV for a spreadsheet (UTF-8 with a BOM: Excel reads ö and é right), headers in
        the reader's language, how well each passage matches in words; named after the query, the filters and
        the date."""
        if not hits:
            return None
        named = "".join(f"_{key}-{slug(str(value), 20)}" for key, value in (filters or {}).items() if value)
        name = f"good-practices_{slug(query)}{named}_{datetime.date.today().isoformat()}.csv"
        path = Path(tempfile.mkdtemp(prefix="export-", dir=self.exports())) / name
        best = max(h.score for h in hits) or 1.0
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow([ui_text(lang, key) for key in CSV_COLUMNS])
            for h in hits:
                j = h.as_json()
                writer.writerow([cell(j["doc"]), cell(j["title"]), j["lang"], j["page"], matched(h.score / best, lang),
                                 cell(j["source"]), cell(j["text"])])
        return str(path)

    def documents(self, lang: str = "en", reader: Reader | None = None) -> dict:
        """The documents the reader may see as the Documents table, headers in the UI language."""
        rows = [[d.doc, short(d.title, 90), d.lang, d.pages, d.chunks, d.source, d.ingested_at]
                for d in self.assistant.documents(reader=reader or self.current())]
        return render.table(rows, lang)

    def evaluation(self, lang: str = "en") -> tuple[str, str | None, str | None]:
        """The Evaluation tab: the latest eval report of the served corpus (headings in the UI language), the
        corpus it measured, what its metrics mean, its hit@k plot and the latest run beside the previous one, and the
        command that writes a report of the served corpus."""
        return reports.evaluation(self.reports, self.corpus, welcome.index_option(self.assistant.settings.index_dir),
                                  lang)

    def choices(self, lang: str = "en") -> dict:
        """Filter values present in the documents the reader may see, as (shown, value) pairs; "" (no filter) shown
        as "(all)"."""
        docs = self.assistant.documents(reader=self.current())
        anything = [(ui_text(lang, "any"), "")]
        sites = sorted({re.sub(r"^https?://(www\.)?", "", d.source).split("/")[0] for d in docs if d.source})
        years = [str(y) for y in sorted({d.year for d in docs if d.year}, reverse=True)]
        return {"lang": anything + [(v, v) for v in sorted({d.lang for d in docs if d.lang})],
                "site": anything + [(v, v) for v in sites],
                "doctype": anything + [(ui_text(lang, f"type_{v}"), v) for v in DOCTYPES],
                "year": anything + [(v, v) for v in years],
                "mode": [(ui_text(lang, f"mode_{m}"), m) for m in MODES],
                "docs": [d.doc for d in docs]}


# The CSV's columns (their headers' keys in texts.UI), and the share of the best listed passage's score that makes
# a match strong or good (the fused scores, like 0.109, mean nothing to a reader; their ratio to the best does).
CSV_COLUMNS = ("col_doc", "col_title", "col_lang", "col_page", "csv_match", "col_source", "col_text")
STRONG, GOOD = 0.9, 0.7


def matched(ratio: float, lang: str) -> str:
    """How well a passage matches, in words: strong, good or partial, by its score's ratio to the best one's."""
    return ui_text(lang, "match_strong" if ratio >= STRONG else "match_good" if ratio >= GOOD else "match_partial")


def _pairs(history: list[dict]) -> list[tuple[str, str]]:
    """(question, answer) pairs from the chat's messages, as written (render.markdown_text's escapes undone)."""
    pairs, question = [], None
    for message in history or []:
        content = re.sub(r"\\(.)", r"\1", _text_of(message["content"]))
        if message["role"] == "user":
            question = content
        elif question is not None:
            pairs.append((question, content))
            question = None
    return pairs


def _text_of(content) -> str:
    """A message's text: Gradio 6 may hand back a list of content parts ({"type": "text", "text": …})."""
    if isinstance(content, list):
        return " ".join(_text_of(part) for part in content)
    if isinstance(content, dict):
        return str(content.get("text") or "")
    return str(content)
