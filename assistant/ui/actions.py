"""The handlers behind the UI (the App class): each calls the core API and hands the page what to show."""

from __future__ import annotations

import csv
import datetime
import functools
import hmac
import html
import inspect
import logging
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from pathlib import Path
from typing import BinaryIO

import gradio as gr

from .. import lexical
from ..api import Assistant
from ..config import MODES as SEARCH_MODES
from ..embeddings import model_name
from ..errors import IndexUnavailable, OverQuota
from ..loaders import SUFFIXES
from ..retrieval import Filters, parse_year
from . import render
from .guard import LOCK_TRIES, LOCK_WINDOW, Lockout, RateLimit, client_address, client_key, networks
from .texts import ui_text

log = logging.getLogger("app")
ADMIN_TRIES, ADMIN_WINDOW = LOCK_TRIES, LOCK_WINDOW  # wrong admin passwords one client may send per window
FEEDBACK_PER_CLIENT, FEEDBACK_PER_SERVER = 30, 300  # feedback items stored per hour: from one client, from all
MAX_NAME = 120  # characters of an uploaded file's name (its extension kept)
SEARCH_DEPTH = 100  # chunks a good-practice search considers
COSINE_MARGIN = 0.03  # a chunk is listed when its cosine to the query is within this of the best chunk's
E5_FLOOR = 0.83  # and, with multilingual-e5 (the default model), at least this: off-topic queries top out near 0.82
MODES = ("hybrid", *(m for m in SEARCH_MODES if m != "hybrid"))  # the default first
DOCTYPES = ("text", "markdown", "html", "pdf")


def safe_name(name: str) -> str:
    """A file name with no directory part and only safe characters (path traversal and control chars removed),
    at most MAX_NAME characters with its extension kept."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    suffix = Path(base).suffix if len(Path(base).suffix) <= 10 else ""
    stem = base[: len(base) - len(suffix)] if suffix else base
    return (stem[: MAX_NAME - len(suffix)].strip(" .") + suffix if stem.strip(" .") else "") or "upload"


def _ui_lang(func, args: tuple, kwargs: dict) -> str:
    """The UI language a handler was called with (its `lang` or `ui` argument), English otherwise."""
    try:
        bound = inspect.signature(func).bind_partial(*args, **kwargs).arguments
    except TypeError:
        return "en"
    return str(bound.get("ui") or bound.get("lang") or "en")


def shown(detail: bool):
    """Turn an unavailable index (disk full, read-only, server down) into a message in the page, not a bare 'Error'.

    Admin actions show the reason; readers get a short notice in their language (the reason names server paths),
    and it is logged.
    """
    def failure(exc: IndexUnavailable, lang: str) -> gr.Error:
        log.error("index unavailable: %s", exc)
        return gr.Error(str(exc) if detail else ui_text(lang, "unavailable"), title=ui_text(lang, "error"))

    def decorate(func):
        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def streamed(*args, **kwargs):
                try:
                    yield from func(*args, **kwargs)
                except IndexUnavailable as exc:
                    raise failure(exc, _ui_lang(func, args, kwargs)) from exc
            return streamed

        @functools.wraps(func)
        def called(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except IndexUnavailable as exc:
                raise failure(exc, _ui_lang(func, args, kwargs)) from exc
        return called
    return decorate


class Refused(Exception):
    """An admin action refused (no or wrong password, locked): expected, shown as a warning, never a traceback."""


def request_client(request, trusted: tuple) -> str:
    """The client address of a page event (Gradio's request), trusted proxies considered like the API's Guard."""
    if request is None:
        return "?"
    peer = getattr(getattr(request, "client", None), "host", None) or "?"
    headers = getattr(request, "headers", None) or {}
    forwarded = [headers.get("x-forwarded-for", "")] if hasattr(headers, "get") else []
    return client_address(peer, [f for f in forwarded if f], trusted)


class Indexing:
    """The background ingest's progress; written by its thread only, read by every request."""

    def __init__(self) -> None:
        self.running = False
        self.done = 0  # passages embedded
        self.total = 0  # passages to embed
        self.documents = 0  # documents in the folders
        self.summary = ""
        self.error = ""

    def progress(self, done: int, total: int, doc: str) -> None:
        """The ingest's progress callback."""
        self.done, self.total = done, total

    def snapshot(self) -> dict:
        """A copy for one request."""
        return {"running": self.running, "done": self.done, "total": self.total, "documents": self.documents,
                "summary": self.summary, "error": self.error}


HEALTH_SECONDS = 1.0  # how long /api/health's counts are reused


class App:
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
        self._health: tuple[float, dict] = (0.0, {})
        self._health_lock = threading.Lock()

    def health(self) -> dict:
        """What /api/health reports. The catalog's counts are read at most once every HEALTH_SECONDS (the route is
        public: a flood of it must not become a flood of catalog reads); the indexing state is live."""
        with self._health_lock:
            at, counts = self._health
            if time.monotonic() - at >= HEALTH_SECONDS or not counts:
                stats = self.assistant.stats()
                counts = {"model": stats["model"], "documents": stats["documents"], "chunks": stats["chunks"],
                          "indexed": stats["documents"]}
                self._health = (time.monotonic(), counts)
        status = {**self.indexing.snapshot(), "indexed": counts["indexed"]}
        status["error"] = bool(status["error"])
        return {"status": "ok", "model": counts["model"], "documents": counts["documents"], "chunks": counts["chunks"],
                "llm": self.assistant.settings.llm or None, "indexing": status}

    def start_indexing(self, folders: list[Path]) -> threading.Thread:
        """Ingest the folders in a background thread; the app serves (from what is committed) meanwhile."""
        from ..loaders import find_sources

        state = self.indexing
        state.documents = sum(1 for _ in find_sources(folders))
        state.running = True

        def work() -> None:
            try:
                report = self.assistant.ingest(folders, progress=state.progress)
                state.summary = report.summary()
                log.info("ingest %s: %s", ", ".join(map(str, folders)), state.summary)
            except Exception as exc:  # shown in the banner; the app goes on serving what is indexed
                state.error = str(exc)
                log.error("background ingest failed: %s", exc)
            finally:
                state.running = False

        thread = threading.Thread(target=work, name="ingest", daemon=True)
        thread.start()
        return thread

    def welcome(self, lang: str) -> tuple[str, list[str]]:
        """What the index holds, in the UI language, and example questions drawn from its documents' topics."""
        docs = self.assistant.documents()
        if not docs:
            return ui_text(lang, "welcome_empty"), []
        langs = sorted({d.lang for d in docs if d.lang})
        topics: dict[str, int] = {}
        for d in docs:
            for topic in filter(None, (t.strip() for t in (d.topic or "").split(";"))):
                topics[topic] = topics.get(topic, 0) + 1
        top = sorted(topics, key=lambda t: -topics[t])[:3] or [_short(d.title, 60) for d in docs[:3]]
        text = ui_text(lang, "welcome").format(docs=len(docs), langs=render.markdown_text(", ".join(langs)),
                                               topics=", ".join(f"*{render.markdown_text(t)}*" for t in top))
        return text, [ui_text(lang, "example").format(topic=t) for t in top]

    def status(self) -> dict:
        """Indexing progress (the app's /status endpoint)."""
        snap = self.indexing.snapshot()
        snap["indexed"] = len(self.assistant.documents())
        return snap

    def banner(self, lang: str) -> tuple[str, str]:
        """The indexing banner (empty when done) and the Documents tab's progress bar."""
        if not self.indexing.running:  # every open page asks every 2 s: no catalog read once indexing is done
            return "", ""
        snap = self.status()
        pct = int(100 * snap["done"] / snap["total"]) if snap["total"] else 0
        text = ui_text(lang, "indexing").format(docs=min(snap["indexed"], snap["documents"]),
                                                total=snap["documents"], pct=pct)
        bar = (f"<div id='indexing-progress'><progress max='100' value='{pct}' style='width:100%'></progress>"
               f"<p>{html.escape(text)}</p></div>")
        return f"⏳ {text}", bar

    def is_admin(self, password: str) -> bool:
        """Constant-time check of the admin password; no password configured means no admin."""
        wanted = self.assistant.settings.admin_password
        return bool(wanted) and hmac.compare_digest((password or "").encode(), wanted.encode())

    def require_admin(self, password: str, lang: str = "en", client: str = "?") -> None:
        """Refuse unless the admin password is given; a client that sent ADMIN_TRIES wrong ones in ADMIN_WINDOW s is
        refused for a while (that client only: the right password from elsewhere still works)."""
        key = client_key(client)
        wait = self.lockout.locked_for(key)
        if wait:
            raise Refused(ui_text(lang, "locked").format(wait=wait))
        if self.is_admin(password):
            self.lockout.succeeded(key)
            return
        if password:  # an empty field is no guess
            self.lockout.failed(key)
            log.warning("wrong admin password from %s", key)
            raise Refused(ui_text(lang, "wrong_admin"))
        raise Refused(ui_text(lang, "no_admin"))

    def client(self, request) -> str:
        """The client address of a page event."""
        return request_client(request, self.trusted)

    def feedback_quota(self, client: str, lang: str = "en") -> None:
        """Raise OverQuota when this client, or all clients together, sent too much feedback this hour."""
        for limit, key in zip(self.feedback_limits, (client_key(client), "*"), strict=True):
            wait = limit.retry_after(key)
            if wait is not None:
                raise OverQuota(ui_text(lang, "fb_quota"), retry_after=max(1, int(wait)))

    def refused(self, exc: Refused, lang: str) -> tuple[str, dict]:
        """An expected refusal: a warning in the page, the message as status, the table as it was (no traceback)."""
        gr.Warning(str(exc), title=ui_text(lang, "warning"))
        return str(exc), self.documents(lang)

    @shown(detail=False)
    def chat(self, message: str, history: list[dict], lang: str):
        """Stream the answer into the chat and show its source cards (the answer itself kept for a relabelling)."""
        message = (message or "").strip()[:2000]
        if not message:
            yield history, "", "", gr.skip()
            return
        pairs = _pairs(history)
        history = [*history, {"role": "user", "content": render.markdown_text(message)},
                   {"role": "assistant", "content": ""}]
        text = ""
        for piece in self.assistant.ask_stream(message, pairs):
            if isinstance(piece, str):
                text += piece
                history[-1]["content"] = render.markdown_text(text)
                yield history, "", "", gr.skip()
            else:
                notice = f"\n\n_{ui_text(lang, 'partial')}_" if self.indexing.running else ""
                history[-1]["content"] = render.markdown_text(piece.text) + notice
                yield history, "", self.cards(piece, lang), piece

    def cards(self, answer, lang: str) -> str:
        """The answer's source cards, passages read by OCR marked."""
        found = self.assistant.catalog.chunks([c.chunk_id for c in answer.citations])
        return render.citation_cards(answer, lang, {cid for cid, (_, meta) in found.items() if meta.get("ocr")})

    @shown(detail=False)
    def ask(self, question: str) -> dict:
        """The cited answer as JSON (the app's /ask endpoint); `partial` while indexing still runs."""
        return {**self.assistant.ask((question or "")[:2000]).as_json(), "partial": self.indexing.running}

    @shown(detail=False)
    def search(self, query: str, lang: str, site: str, doctype: str, topic: str, year: str, mode: str,
               page: int, ui: str):
        """Good practices: the passages close enough to the query, one card per document with its best snippets
        highlighted, one page of documents at a time; and the CSV of every listed passage."""
        query = (query or "")[:2000]
        filters = Filters(lang=lang or "", source=site or "", doctype=doctype or "", topic=(topic or "")[:100],
                          year=parse_year(year))
        found = self.assistant.search(query, k=SEARCH_DEPTH, mode=mode or None, filters=filters)
        hits = self.relevant(query, found, filters, found if mode == "dense" else None)
        terms = set(lexical.query_terms(query, self.assistant.retriever._languages(query))) if query.strip() else set()
        empty = "no_match" if found and not hits else "no_results"
        body, pages = render.practice_cards(hits, terms, ui, int(page or 1), empty)
        return body, min(max(int(page or 1), 1), pages), self._csv(hits, query)

    def relevant(self, query: str, hits: list, filters: Filters, dense: list | None = None) -> list:
        """The hits whose dense cosine to the query is within COSINE_MARGIN of the best one and above E5_FLOOR, or
        that hold every word of the query (all of them when the vector index cannot answer: BM25 has no comparable
        scale). `dense`: the dense hits, if at hand."""
        if not hits:
            return hits
        try:
            dense = dense if dense is not None else self.assistant.retriever.dense(query, SEARCH_DEPTH, filters)
        except IndexUnavailable as exc:
            log.warning("no relevance cut-off (vector search unavailable): %s", exc)
            return hits
        cosine = {h.chunk_id: h.score for h in dense}
        if not cosine:
            return hits
        floor = max(cosine.values()) - COSINE_MARGIN
        if "e5" in model_name(self.assistant.settings.model):
            floor = max(floor, E5_FLOOR)
        below = {h.chunk_id for h in hits if cosine.get(h.chunk_id, -1.0) < floor}
        indexed = self.assistant.catalog.indexed_terms(sorted(below))  # read, not re-tokenised: 50 passages a search
        return [h for h in hits if h.chunk_id not in below or every_word(query, h, indexed.get(h.chunk_id, set()))]

    def _csv(self, hits: list, query: str) -> str | None:
        """Every listed passage as CSV, in a file named after the query and the date."""
        if not hits:
            return None
        name = f"good-practices_{slug(query)}_{datetime.date.today().isoformat()}.csv"
        path = Path(tempfile.mkdtemp(prefix="export-")) / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["doc", "title", "lang", "page", "score", "source", "text"])
            for h in hits:
                j = h.as_json()
                writer.writerow([cell(j[key]) for key in ("doc", "title", "lang", "page", "score", "source", "text")])
        return str(path)

    def documents(self, lang: str = "en") -> dict:
        """The indexed documents as the Documents table, headers in the UI language."""
        rows = [[d.doc, _short(d.title, 90), d.lang, d.pages, d.chunks, d.source, d.ingested_at]
                for d in self.assistant.documents()]
        return render.table(rows, lang)

    @shown(detail=True)
    def upload(self, files: list, password: str, lang: str = "en", request: gr.Request = None,
               progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Save uploaded files (admin only, type and size checked) and ingest them."""
        try:
            self.require_admin(password, lang, self.client(request))
        except Refused as exc:
            return self.refused(exc, lang)
        given = []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            given.append((getattr(file, "orig_name", None) or path.name, path))
        result = self.upload_files(given, lang, progress=lambda d, t, doc: progress((d, t), desc=doc))
        lines = result["refused_text"] + [f"{f['file']}: {f['reason']}" for f in result["failed"]]
        lines += [ui_text(lang, "indexed_but").format(name=w["file"], note=w["note"]) for w in result["warnings"]]
        return "\n".join([result["summary_text"], *lines]), self.documents(lang)

    def upload_files(self, files: list[tuple[str, Path | BinaryIO]], lang: str = "en", progress=None) -> dict:
        """The one upload check, for the page and the API: each (name, file or stream) made safe, typed, sized and
        refused when its name is a document from another source; the accepted ones ingested; a file that fails to
        index is not kept. What is said names files, never server paths."""
        limit = self.assistant.settings.max_file_bytes
        self.uploads.mkdir(parents=True, exist_ok=True)
        others = {d.doc for d in self.assistant.documents() if not self._is_upload(d)}
        saved: list[Path] = []
        refused: list[dict] = []
        for given, content in files:
            name = safe_name(given)
            reason = self._refusal(name, content, limit, others, lang)
            if reason:
                refused.append({"file": name, "reason": reason})
                continue
            target = self.uploads / name
            partial = target.with_name(f".{name}.part")  # a kill mid-copy leaves no half file under the name
            with partial.open("wb") as out:
                if isinstance(content, Path):
                    with content.open("rb") as handle:
                        shutil.copyfileobj(handle, out)
                else:
                    content.seek(0)
                    shutil.copyfileobj(content, out)
            partial.replace(target)
            saved.append(target)
        report = self.assistant.ingest(saved, progress=progress) if saved else None
        failed = [(Path(p).name, r) for p, r in (report.failed if report else [])]
        for name, _ in failed:  # nothing that could not be indexed stays in uploads/
            (self.uploads / name).unlink(missing_ok=True)
        return {"summary": report.summary() if report else "nothing to index",
                "summary_text": summarised(report, lang) if report else ui_text(lang, "nothing"),
                "refused": refused, "refused_text": [r["reason"] for r in refused],
                "indexed": report.indexed if report else [], "unchanged": report.unchanged if report else [],
                "failed": [{"file": n, "reason": r} for n, r in failed],
                "warnings": [{"file": Path(p).name, "note": n} for p, n in (report.warnings if report else [])]}

    def _refusal(self, name: str, content: Path | BinaryIO, limit: int, others: set[str], lang: str) -> str:
        """Why an upload is refused ('' when it is accepted)."""
        if Path(name).suffix.lower() not in SUFFIXES:
            return ui_text(lang, "type_refused").format(name=name)
        size = content.stat().st_size if isinstance(content, Path) else content.seek(0, 2)
        if size > limit:
            return ui_text(lang, "too_big").format(name=name, mb=limit // 2**20)
        if name in others:
            return ui_text(lang, "upload_taken").format(name=name)
        return ""

    def _is_upload(self, doc) -> bool:
        """Whether an indexed document came from the uploads folder."""
        try:
            return Path(doc.root).resolve() == self.uploads.resolve()
        except OSError:
            return False

    def remove_document(self, doc: str) -> None:
        """The one delete, for the page and the API: the document leaves the index, and its uploaded file goes too
        (only when the document is that upload, never a corpus file of the same name)."""
        row = next((d for d in self.assistant.documents() if d.doc == doc), None)
        self.assistant.remove(doc)
        if row is not None and self._is_upload(row):
            (self.uploads / safe_name(doc)).unlink(missing_ok=True)

    @shown(detail=True)
    def delete(self, doc: str, password: str, lang: str = "en", request: gr.Request = None):
        """Remove a document from the index (admin only); an uploaded file is deleted too."""
        try:
            self.require_admin(password, lang, self.client(request))
        except Refused as exc:
            return self.refused(exc, lang)
        if doc:
            self.remove_document(doc)
        return ui_text(lang, "removed").format(doc=doc), self.documents(lang)

    @shown(detail=True)
    def reingest(self, password: str, lang: str = "en", request: gr.Request = None,
                 progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Re-ingest the corpus and uploads folders, pruning documents whose files are gone (admin only)."""
        try:
            self.require_admin(password, lang, self.client(request))
        except Refused as exc:
            return self.refused(exc, lang)
        folders = [p for p in (self.corpus, self.uploads) if p.is_dir()]
        report = self.assistant.ingest(folders, prune=True,
                                       progress=lambda d, t, doc: progress((d, t), desc=doc))
        return summarised(report, lang), self.documents(lang)

    def web_sources(self, lang: str = "en") -> dict:
        """The web sources as a table: address, kind, status, last check, details (headers in the UI language)."""
        rows = [[w.url, ui_text(lang, f"kind_{w.kind}"), ui_text(lang, f"state_{w.state}") if w.state else "",
                 w.checked_at, _short(w.message, 120)] for w in self.assistant.web_sources()]
        return render.web_table(rows, lang)

    @shown(detail=True)
    def add_web(self, url: str, kind: str, password: str, lang: str = "en", request: gr.Request = None,
                progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Index a web page or a sitemap (admin only); it is then kept fresh by "check web sources"."""
        from ..web import is_url
        from ..webingest import Seed

        try:
            self.require_admin(password, lang, self.client(request))
        except Refused as exc:
            return (*self.refused(exc, lang), self.web_sources(lang))
        url = (url or "").strip()
        if not is_url(url) or len(url) > 2000:
            return ui_text(lang, "no_url"), self.documents(lang), self.web_sources(lang)
        report = self.assistant.ingest_web([Seed(url, "sitemap" if kind == "sitemap" else "page")],
                                           progress=lambda d, t, doc: progress((d, t), desc=doc))
        return self._web_status(report, lang), self.documents(lang), self.web_sources(lang)

    def add_page(self, url: str, password: str, lang: str = "en", request: gr.Request = None,
                 progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """The "Add web page" button."""
        return self.add_web(url, "page", password, lang, request, progress)

    def add_sitemap(self, url: str, password: str, lang: str = "en", request: gr.Request = None,
                    progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """The "Add sitemap" button."""
        return self.add_web(url, "sitemap", password, lang, request, progress)

    @shown(detail=True)
    def refresh_web(self, password: str, lang: str = "en", request: gr.Request = None,
                    progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Re-check every web source now (admin only)."""
        try:
            self.require_admin(password, lang, self.client(request))
        except Refused as exc:
            return (*self.refused(exc, lang), self.web_sources(lang))
        report = self.assistant.refresh(progress=lambda d, t, doc: progress((d, t), desc=doc))
        return self._web_status(report, lang), self.documents(lang), self.web_sources(lang)

    @staticmethod
    def _web_status(report, lang: str) -> str:
        """The summary, then one line per failure or warning."""
        lines = [f"{url}: {reason}" for url, reason in report.failed + report.warnings]
        return "\n".join([summarised(report, lang), *lines])

    def evaluation(self, lang: str = "en") -> tuple[str, str | None]:
        """The latest eval report (title and headings in the UI language) and its plot, if one was written."""
        reports = sorted(self.reports.glob("*/report.md"), key=lambda p: p.stat().st_mtime, reverse=True)
        if not reports:
            return render.no_report(lang), None
        text = render.report_markdown(reports[0].read_text(encoding="utf-8"), reports[0].parent.name, lang)
        plot = reports[0].parent / "hit_at_k.png"
        return text, str(plot) if plot.exists() else None

    def choices(self, lang: str = "en") -> dict:
        """Filter values present in the index, as (shown, value) pairs; "" (no filter) shown as "(all)"."""
        docs = self.assistant.documents()
        anything = [(ui_text(lang, "any"), "")]
        sites = sorted({re.sub(r"^https?://(www\.)?", "", d.source).split("/")[0] for d in docs if d.source})
        years = [str(y) for y in sorted({d.year for d in docs if d.year}, reverse=True)]
        return {"lang": anything + [(v, v) for v in sorted({d.lang for d in docs if d.lang})],
                "site": anything + [(v, v) for v in sites],
                "doctype": anything + [(ui_text(lang, f"type_{v}"), v) for v in DOCTYPES],
                "year": anything + [(v, v) for v in years],
                "mode": [(ui_text(lang, f"mode_{m}"), m) for m in MODES],
                "docs": [d.doc for d in docs]}


def every_word(query: str, hit, indexed: set[str]) -> bool:
    """Whether the passage's indexed tokens hold every word of the query stemmed in the passage's language (a long
    passage with one sentence on the query can sit far below the best cosine)."""
    words = set(lexical.tokenize(query, str(hit.meta.get("lang", ""))))
    return bool(words) and words <= indexed


def summarised(report, lang: str) -> str:
    """An ingest's one-line summary in the UI language."""
    return ui_text(lang, "summary").format(indexed=len(report.indexed), unchanged=len(report.unchanged),
                                           removed=len(report.removed), failed=len(report.failed))


def slug(text: str, limit: int = 40) -> str:
    """The query as a file-name part: ASCII letters and digits joined by hyphens ("search" when none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "search"


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
