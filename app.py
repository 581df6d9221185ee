"""The Gradio web app: chat with sources, a good-practice finder, documents, evaluation — thin over assistant.api."""

from __future__ import annotations

import argparse
import csv
import functools
import hmac
import html
import inspect
import logging
import os
import re
import tempfile
import threading
import time
from pathlib import Path

from assistant.config import Settings, offline_defaults

offline_defaults()

import gradio as gr  # noqa: E402

from assistant.answer import page_label  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.catalog import IndexUnavailable  # noqa: E402
from assistant.loaders import SUFFIXES  # noqa: E402
from assistant.retrieval import Filters  # noqa: E402

log = logging.getLogger("app")
ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
PAGE_SIZE = 10
ADMIN_TRIES, ADMIN_WINDOW = 10, 300  # wrong admin passwords allowed per window of seconds
LANGS = ("en", "fr", "sv", "de")

LABELS = {
    "en": {"title": "cluster-assistant", "subtitle": "Ask in your language; every answer cites its sources.",
           "chat": "Chat", "search": "Good practices", "documents": "Documents", "evaluation": "Evaluation",
           "question": "Your question", "send": "Ask", "sources": "Sources", "query": "Search",
           "language": "Language", "site": "Source site", "doctype": "Document type", "topic": "Topic",
           "year": "Year", "mode": "Mode", "find": "Find", "prev": "◀ Previous", "next": "Next ▶",
           "export": "Export CSV", "password": "Admin password", "upload": "Upload", "delete": "Delete",
           "reingest": "Re-ingest", "files": "Files (.txt .md .html .pdf)", "doc": "Document",
           "no_admin": "Changing the index needs the admin password.",
           "locked": "Too many wrong admin passwords: admin actions are locked for {wait} s.",
           "admin_off": "Uploading, deleting and re-indexing are off: set ASSISTANT_ADMIN_PASSWORD and restart the "
           "app to enable them.", "no_results": "No results.",
           "page": "Page", "open": "Show passage", "ui": "Interface language",
           "welcome": "The index holds **{docs} documents** in {langs}, on {topics}. Ask in your "
               "language; the answer quotes the documents, whatever their language.",
           "welcome_empty": "The index is empty so far: documents appear here as they are indexed.",
           "example": "What do the documents say about {topic}?",
           "indexing": "Indexing in the background: {docs} of {total} documents "
           "searchable ({pct} % of passages embedded).", "partial": "Indexing is still running: this answer comes "
           "from the documents indexed so far."},
    "fr": {"title": "cluster-assistant",
           "subtitle": "Posez vos questions dans votre langue ; chaque réponse cite ses sources.",
           "chat": "Dialogue", "search": "Bonnes pratiques", "documents": "Documents", "evaluation": "Évaluation",
           "question": "Votre question", "send": "Demander", "sources": "Sources", "query": "Rechercher",
           "language": "Langue", "site": "Site source", "doctype": "Type de document", "topic": "Thème",
           "year": "Année", "mode": "Mode", "find": "Chercher", "prev": "◀ Précédent", "next": "Suivant ▶",
           "export": "Exporter en CSV", "password": "Mot de passe administrateur", "upload": "Téléverser",
           "delete": "Supprimer", "reingest": "Réindexer", "files": "Fichiers (.txt .md .html .pdf)",
           "doc": "Document", "no_admin": "Modifier l'index demande le mot de passe administrateur.",
           "locked": "Trop de mots de passe erronés : les actions d'administration sont bloquées pendant {wait} s.",
           "admin_off": "Téléverser, supprimer et réindexer sont désactivés : définissez ASSISTANT_ADMIN_PASSWORD "
           "et relancez l'application pour les activer.",
           "no_results": "Aucun résultat.", "page": "Page", "open": "Afficher le passage",
           "ui": "Langue de l'interface",
           "welcome": "L'index contient **{docs} documents** en {langs}, sur {topics}. Posez votre "
               "question dans votre langue ; la réponse cite les documents, quelle que soit leur "
               "langue.",
           "welcome_empty": "L'index est encore vide : les documents apparaissent ici au fil de l'indexation.",
           "example": "Que disent les documents sur {topic} ?",
           "indexing": "Indexation en arrière-plan : {docs} documents sur {total} "
           "interrogeables ({pct} % des passages vectorisés).", "partial": "L'indexation continue : cette réponse vient "
           "des documents déjà indexés."},
    "sv": {"title": "cluster-assistant", "subtitle": "Fråga på ditt språk; varje svar anger sina källor.",
           "chat": "Chatt", "search": "Goda exempel", "documents": "Dokument", "evaluation": "Utvärdering",
           "question": "Din fråga", "send": "Fråga", "sources": "Källor", "query": "Sök",
           "language": "Språk", "site": "Källwebbplats", "doctype": "Dokumenttyp", "topic": "Ämne",
           "year": "År", "mode": "Läge", "find": "Sök", "prev": "◀ Föregående", "next": "Nästa ▶",
           "export": "Exportera CSV", "password": "Administratörslösenord", "upload": "Ladda upp",
           "delete": "Ta bort", "reingest": "Indexera om", "files": "Filer (.txt .md .html .pdf)",
           "doc": "Dokument", "no_admin": "Att ändra indexet kräver administratörslösenordet.",
           "locked": "För många felaktiga lösenord: administrationen är låst i {wait} s.",
           "admin_off": "Uppladdning, borttagning och omindexering är avstängda: sätt ASSISTANT_ADMIN_PASSWORD och "
           "starta om appen för att slå på dem.",
           "no_results": "Inga träffar.", "page": "Sida", "open": "Visa avsnittet", "ui": "Gränssnittets språk",
           "welcome": "Indexet innehåller **{docs} dokument** på {langs}, om {topics}. Fråga på ditt "
               "språk; svaret citerar dokumenten, oavsett språk.",
           "welcome_empty": "Indexet är ännu tomt: dokumenten visas här allteftersom de indexeras.",
           "example": "Vad säger dokumenten om {topic}?",
           "indexing": "Indexerar i bakgrunden: {docs} av {total} dokument "
           "sökbara ({pct} % av avsnitten inbäddade).", "partial": "Indexeringen pågår: svaret bygger på de "
           "dokument som hittills indexerats."},
    "de": {"title": "cluster-assistant", "subtitle": "Fragen Sie in Ihrer Sprache; jede Antwort nennt ihre Quellen.",
           "chat": "Chat", "search": "Gute Praxis", "documents": "Dokumente", "evaluation": "Evaluation",
           "question": "Ihre Frage", "send": "Fragen", "sources": "Quellen", "query": "Suche",
           "language": "Sprache", "site": "Quellseite", "doctype": "Dokumenttyp", "topic": "Thema",
           "year": "Jahr", "mode": "Modus", "find": "Suchen", "prev": "◀ Zurück", "next": "Weiter ▶",
           "export": "CSV exportieren", "password": "Admin-Passwort", "upload": "Hochladen",
           "delete": "Löschen", "reingest": "Neu indexieren", "files": "Dateien (.txt .md .html .pdf)",
           "doc": "Dokument", "no_admin": "Änderungen am Index brauchen das Admin-Passwort.",
           "locked": "Zu viele falsche Admin-Passwörter: Admin-Aktionen sind für {wait} s gesperrt.",
           "admin_off": "Hochladen, Löschen und Neu-Indexieren sind aus: setzen Sie ASSISTANT_ADMIN_PASSWORD und "
           "starten Sie die App neu, um sie einzuschalten.",
           "no_results": "Keine Treffer.", "page": "Seite", "open": "Passage zeigen", "ui": "Sprache der Oberfläche",
           "welcome": "Der Index enthält **{docs} Dokumente** in {langs}, zu {topics}. Fragen Sie in "
               "Ihrer Sprache; die Antwort zitiert die Dokumente, in welcher Sprache auch immer.",
           "welcome_empty": "Der Index ist noch leer: Dokumente erscheinen hier, sobald sie indexiert sind.",
           "example": "Was sagen die Dokumente über {topic}?",
           "indexing": "Indexierung im Hintergrund: {docs} von {total} Dokumenten "
           "durchsuchbar ({pct} % der Passagen eingebettet).",
           "partial": "Die Indexierung läuft noch: diese Antwort stammt aus "
           "den bisher indexierten Dokumenten."},
}
EXAMPLES = ["Hur många partner har INNO Industry?", "Quelles régions modèles ont été choisies en 2014 ?",
            "Wie viele Bewerbungen gab es für die Modellregionen?", "Which regions were model demonstrators?"]
CSS = """
.card {border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; margin: 6px 0;}
.card mark {background: #fff3a3;}
.card details[open] > summary .q {display: none;}
.card .meta {color: #57606a; font-size: 0.85em;}
.group {border-left: 3px solid #0969da; padding-left: 10px; margin: 12px 0;}
"""


def label(lang: str, key: str) -> str:
    """A UI label in the chosen language (English as fallback)."""
    return LABELS.get(lang, LABELS["en"]).get(key, LABELS["en"][key])


def safe_markdown(text: str) -> str:
    """Text shown as Markdown without letting it form HTML or links."""
    return re.sub(r"([\[\]()<>*_`])", r"\\\1", text)


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


def citation_cards(answer, lang: str) -> str:
    """One card per cited passage: title, language, page (paged documents), link; its quotes open onto the
    passage with the quotes marked once."""
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
            f"{' · ' + link(c.source, c.source) if c.source else ''}</div>"
            f"<details><summary><span class='q'>{quotes}</span> "
            f"<i>{html.escape(label(lang, 'open'))}</i></summary>"
            f"<p class='passage'>{highlighted(c.passage, [q.quote for q in group])}</p></details></div>")
    if answer.abstained:
        nearest = {}
        for hit in answer.passages:
            nearest.setdefault(hit.doc, hit)
        cards += [hit_card(n, h, lang) for n, h in enumerate(list(nearest.values())[:3], 1)]
    return "".join(cards)


def hit_card(n: int, hit, lang: str) -> str:
    """A search result or nearest passage as a card."""
    m = hit.meta
    return (f"<div class='card'><b>{n}. {html.escape(str(m.get('title') or hit.doc))}</b>"
            f"<div class='meta'>{html.escape(hit.doc)} · {html.escape(str(m.get('lang', '')))}"
            f"{html.escape(page_label(m, lang))}"
            f"{' · ' + link(str(m['source']), str(m['source'])) if m.get('source') else ''}</div>"
            f"<p>{html.escape(hit.text)}</p></div>")


def grouped_cards(hits: list, lang: str, page: int) -> tuple[str, int]:
    """Results grouped by document, one page of documents; returns the HTML and the number of pages."""
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.doc, []).append(hit)
    docs = list(groups)
    pages = max(1, -(-len(docs) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    parts = []
    for doc in docs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
        first = groups[doc][0].meta
        parts.append(f"<div class='group'><h4>{html.escape(str(first.get('title') or doc))}</h4>"
                     + "".join(hit_card(n, h, lang) for n, h in enumerate(groups[doc], 1)) + "</div>")
    body = "".join(parts) or f"<p>{html.escape(label(lang, 'no_results'))}</p>"
    return body + f"<p class='meta'>{label(lang, 'page')} {page} / {pages}</p>", pages


def safe_name(name: str) -> str:
    """A file name with no directory part and only safe characters (path traversal and control chars removed)."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base[:120] or "upload"


def shown(detail: bool):
    """Turn an unavailable index (disk full, read-only, server down) into a message in the page, not a bare 'Error'.

    Admin actions show the reason; readers get a short notice (the reason names server paths) and it is logged.
    """
    def failure(exc: IndexUnavailable) -> gr.Error:
        log.error("index unavailable: %s", exc)
        return gr.Error(str(exc) if detail else "The index is unavailable right now; the administrator can see "
                        "why in the app's log. Please try again later.")

    def decorate(func):
        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def streamed(*args, **kwargs):
                try:
                    yield from func(*args, **kwargs)
                except IndexUnavailable as exc:
                    raise failure(exc) from exc
            return streamed

        @functools.wraps(func)
        def called(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except IndexUnavailable as exc:
                raise failure(exc) from exc
        return called
    return decorate


class Refused(Exception):
    """An admin action refused (no or wrong password, locked): expected, shown as a warning, never a traceback."""


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


class App:
    """The handlers behind the UI; each calls the core API."""

    def __init__(self, assistant: Assistant, corpus: Path, uploads: Path, reports: Path) -> None:
        self.assistant = assistant
        self.corpus = corpus
        self.uploads = uploads
        self.reports = reports
        self._wrong: list[float] = []  # times of recent wrong admin passwords
        self._lock = threading.Lock()
        self.indexing = Indexing()

    def start_indexing(self, folders: list[Path]) -> threading.Thread:
        """Ingest the folders in a background thread; the app serves (from what is committed) meanwhile."""
        from assistant.loaders import find_sources

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
            return label(lang, "welcome_empty"), []
        langs = sorted({d.lang for d in docs if d.lang})
        topics: dict[str, int] = {}
        for d in docs:
            for topic in filter(None, (t.strip() for t in (d.topic or "").split(";"))):
                topics[topic] = topics.get(topic, 0) + 1
        top = sorted(topics, key=lambda t: -topics[t])[:3] or [_short(d.title, 60) for d in docs[:3]]
        text = label(lang, "welcome").format(docs=len(docs), langs=", ".join(langs),
                                             topics=", ".join(f"*{t}*" for t in top))
        return text, [label(lang, "example").format(topic=t) for t in top]

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
        text = label(lang, "indexing").format(docs=min(snap["indexed"], snap["documents"]),
                                              total=snap["documents"], pct=pct)
        bar = (f"<div id='indexing-progress'><progress max='100' value='{pct}' style='width:100%'></progress>"
               f"<p>{html.escape(text)}</p></div>")
        return f"⏳ {text}", bar

    def is_admin(self, password: str) -> bool:
        """Constant-time check of the admin password; no password configured means no admin."""
        wanted = self.assistant.settings.admin_password
        return bool(wanted) and hmac.compare_digest((password or "").encode(), wanted.encode())

    def require_admin(self, password: str, lang: str = "en") -> None:
        """Refuse unless the admin password is given; after ADMIN_TRIES wrong ones in ADMIN_WINDOW s, refuse all."""
        with self._lock:
            now = time.monotonic()
            self._wrong = [t for t in self._wrong if now - t < ADMIN_WINDOW]
            if len(self._wrong) >= ADMIN_TRIES:
                wait = int(ADMIN_WINDOW - (now - self._wrong[0])) + 1
                raise Refused(label(lang, "locked").format(wait=wait))
            if self.is_admin(password):
                return
            if password:  # an empty field is no guess
                self._wrong.append(now)
                log.warning("wrong admin password (%d in the last %d s)", len(self._wrong), ADMIN_WINDOW)
        raise Refused(label(lang, "no_admin"))

    def refused(self, exc: Refused) -> tuple[str, list[list]]:
        """An expected refusal: a warning in the page, the message as status, the table as it was (no traceback)."""
        gr.Warning(str(exc))
        return str(exc), self.documents()

    @shown(detail=False)
    def chat(self, message: str, history: list[dict], lang: str):
        """Stream the answer into the chat and show its source cards."""
        message = (message or "").strip()[:2000]
        if not message:
            yield history, "", ""
            return
        pairs = _pairs(history)
        history = [*history, {"role": "user", "content": safe_markdown(message)},
                   {"role": "assistant", "content": ""}]
        text = ""
        for piece in self.assistant.ask_stream(message, pairs):
            if isinstance(piece, str):
                text += piece
                history[-1]["content"] = safe_markdown(text)
                yield history, "", ""
            else:
                notice = f"\n\n_{label(lang, 'partial')}_" if self.indexing.running else ""
                history[-1]["content"] = safe_markdown(piece.text) + notice
                yield history, "", citation_cards(piece, lang)

    @shown(detail=False)
    def ask(self, question: str) -> dict:
        """The cited answer as JSON (the app's /ask endpoint); `partial` while indexing still runs."""
        return {**self.assistant.ask((question or "")[:2000]).as_json(), "partial": self.indexing.running}

    @shown(detail=False)
    def search(self, query: str, lang: str, site: str, doctype: str, topic: str, year: str, mode: str,
               page: int, ui: str):
        """Search with filters; results grouped by document, one page at a time."""
        filters = Filters(lang=lang or "", source=site or "", doctype=doctype or "", topic=(topic or "")[:100],
                          year=int(year) if str(year or "").isdigit() else 0)
        hits = self.assistant.search((query or "")[:2000], k=100, mode=mode or None, filters=filters)
        body, pages = grouped_cards(hits, ui, int(page or 1))
        return body, min(max(int(page or 1), 1), pages), self._csv(hits)

    def _csv(self, hits: list) -> str | None:
        if not hits:
            return None
        handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8")
        with handle:
            writer = csv.writer(handle)
            writer.writerow(["doc", "title", "lang", "page", "score", "source", "text"])
            for h in hits:
                j = h.as_json()
                writer.writerow([cell(j[key]) for key in ("doc", "title", "lang", "page", "score", "source", "text")])
        return handle.name

    def documents(self) -> list[list]:
        """The indexed documents as table rows."""
        return [[d.doc, _short(d.title, 90), d.lang, d.pages, d.chunks, d.source, d.ingested_at]
                for d in self.assistant.documents()]

    @shown(detail=True)
    def upload(self, files: list, password: str, lang: str = "en",
               progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Save uploaded files (admin only, type and size checked) and ingest them."""
        try:
            self.require_admin(password, lang)
        except Refused as exc:
            return self.refused(exc)
        limit = self.assistant.settings.max_file_bytes
        self.uploads.mkdir(parents=True, exist_ok=True)
        saved, refused = [], []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            name = safe_name(getattr(file, "orig_name", None) or path.name)
            if Path(name).suffix.lower() not in SUFFIXES:
                refused.append(f"{name}: type not allowed")
            elif path.stat().st_size > limit:
                refused.append(f"{name}: over {limit // 2**20} MB")
            else:
                target = self.uploads / name
                target.write_bytes(path.read_bytes())
                saved.append(target)
        report = self.assistant.ingest(saved, progress=lambda d, t, doc: progress((d, t), desc=doc)) if saved else None
        lines = refused + [f"{Path(p).name}: {reason}" for p, reason in (report.failed if report else [])]
        lines += [f"{Path(p).name}: indexed, but {note}" for p, note in (report.warnings if report else [])]
        summary = report.summary() if report else "nothing ingested"
        return "\n".join([summary, *lines]), self.documents()

    @shown(detail=True)
    def delete(self, doc: str, password: str, lang: str = "en"):
        """Remove a document from the index (admin only); an uploaded file is deleted too."""
        try:
            self.require_admin(password, lang)
        except Refused as exc:
            return self.refused(exc)
        if doc:
            self.assistant.remove(doc)
            upload = self.uploads / safe_name(doc)
            if upload.is_file() and doc == upload.name:
                upload.unlink()
        return f"removed {doc}", self.documents()

    @shown(detail=True)
    def reingest(self, password: str, lang: str = "en", progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Re-ingest the corpus and uploads folders, pruning documents whose files are gone (admin only)."""
        try:
            self.require_admin(password, lang)
        except Refused as exc:
            return self.refused(exc)
        folders = [p for p in (self.corpus, self.uploads) if p.is_dir()]
        report = self.assistant.ingest(folders, prune=True,
                                       progress=lambda d, t, doc: progress((d, t), desc=doc))
        return report.summary(), self.documents()

    def evaluation(self) -> tuple[str, str | None]:
        """The latest eval report and its plot, if one was written."""
        reports = sorted(self.reports.glob("*/report.md"), key=lambda p: p.stat().st_mtime, reverse=True)
        if not reports:
            return ("No evaluation report yet: run "
                    "`assistant eval evals/corpus.jsonl --mode all --report reports/corpus` (the set for corpus/; "
                    "for ../shared see evals/README.md).", None)
        text = reports[0].read_text(encoding="utf-8").replace("![hit@k per mode and language](hit_at_k.png)", "")
        plot = reports[0].parent / "hit_at_k.png"
        return text, str(plot) if plot.exists() else None

    def choices(self) -> dict:
        """Filter values present in the index."""
        docs = self.assistant.documents()
        sites = sorted({re.sub(r"^https?://(www\.)?", "", d.source).split("/")[0] for d in docs if d.source})
        return {"lang": [""] + sorted({d.lang for d in docs if d.lang}), "site": [""] + sites,
                "doctype": ["", "text", "markdown", "html", "pdf"],
                "year": [""] + [str(y) for y in sorted({d.year for d in docs if d.year}, reverse=True)],
                "docs": [d.doc for d in docs]}


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pairs(history: list[dict]) -> list[tuple[str, str]]:
    """(question, answer) pairs from the chat's messages."""
    pairs, question = [], None
    for message in history or []:
        content = _text_of(message["content"])
        if message["role"] == "user":
            question = re.sub(r"\\(.)", r"\1", content)
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


def build(app: App) -> gr.Blocks:
    """The Blocks of the web app."""
    choices = app.choices()
    with gr.Blocks(title="cluster-assistant", analytics_enabled=False) as demo:
        with gr.Row():
            header = gr.Markdown(f"# cluster-assistant\n{LABELS['en']['subtitle']}")
            ui = gr.Radio(list(LANGS), value="en", label=LABELS["en"]["ui"], scale=0, min_width=260,
                          elem_id="ui-lang")
        banner = gr.Markdown(elem_id="indexing-banner")
        with gr.Tab(LABELS["en"]["chat"], id="chat") as chat_tab:
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="cluster-assistant", height=480, elem_id="chatbot",
                                         sanitize_html=True)
                    question = gr.Textbox(label=LABELS["en"]["question"],
                                          elem_id="question")
                    send = gr.Button(LABELS["en"]["send"], variant="primary", elem_id="send")
                    gr.Examples(EXAMPLES, inputs=question)
                with gr.Column(scale=2):
                    sources_title = gr.Markdown(f"### {LABELS['en']['sources']}")
                    cards = gr.HTML(elem_id="cards")
            for trigger in (send.click, question.submit):
                trigger(app.chat, [question, chatbot, ui], [chatbot, question, cards], api_name=False)
            hidden_q = gr.Textbox(visible=False)
            hidden_json = gr.JSON(visible=False)
            hidden_q.submit(app.ask, hidden_q, hidden_json, api_name="ask")
        with gr.Tab(LABELS["en"]["search"], id="search") as search_tab:
            with gr.Row():
                query = gr.Textbox(label=LABELS["en"]["query"], scale=3, elem_id="query")
                mode = gr.Dropdown(["hybrid", "dense", "bm25", "rerank"], value=app.assistant.settings.search_mode,
                                   label=LABELS["en"]["mode"], scale=1)
            with gr.Row():
                # Values are checked by the filters, not by the choices of start-up time (indexing may still run).
                lang = gr.Dropdown(choices["lang"], value="", label=LABELS["en"]["language"], allow_custom_value=True)
                site = gr.Dropdown(choices["site"], value="", label=LABELS["en"]["site"], allow_custom_value=True)
                doctype = gr.Dropdown(choices["doctype"], value="", label=LABELS["en"]["doctype"])
                topic = gr.Textbox(label=LABELS["en"]["topic"])
                year = gr.Dropdown(choices["year"], value="", label=LABELS["en"]["year"], allow_custom_value=True)
            find = gr.Button(LABELS["en"]["find"], variant="primary")
            results = gr.HTML(elem_id="results")
            with gr.Row():
                prev = gr.Button(LABELS["en"]["prev"])
                page = gr.Number(value=1, precision=0, label=LABELS["en"]["page"], minimum=1)
                nxt = gr.Button(LABELS["en"]["next"])
                export = gr.File(label=LABELS["en"]["export"], interactive=False)
            inputs = [query, lang, site, doctype, topic, year, mode, page, ui]
            outputs = [results, page, export]
            find.click(lambda *a: app.search(*a[:7], 1, a[8]), inputs, outputs, api_name="search")
            query.submit(lambda *a: app.search(*a[:7], 1, a[8]), inputs, outputs, api_name=False)
            prev.click(lambda *a: app.search(*a[:7], int(a[7] or 1) - 1, a[8]), inputs, outputs, api_name=False)
            nxt.click(lambda *a: app.search(*a[:7], int(a[7] or 1) + 1, a[8]), inputs, outputs, api_name=False)
        with gr.Tab(LABELS["en"]["documents"], id="documents") as docs_tab:
            progress = gr.HTML(elem_id="documents-progress")
            table = gr.Dataframe(headers=["doc", "title", "lang", "pages", "chunks", "source", "ingested"],
                                 value=app.documents(), interactive=False, wrap=True, max_height=420,
                                 column_widths=["20%", "30%", "6%", "6%", "6%", "20%", "12%"], elem_id="documents-table")
            admin = bool(app.assistant.settings.admin_password)
            admin_note = gr.Markdown(LABELS["en"]["admin_off"], visible=not admin, elem_id="admin-off")
            password = gr.Textbox(label=LABELS["en"]["password"], type="password", visible=admin)
            with gr.Row(visible=admin, elem_id="admin-controls"):
                files = gr.File(label=LABELS["en"]["files"], file_count="multiple",
                                file_types=sorted(SUFFIXES), scale=2)
                with gr.Column():
                    upload = gr.Button(LABELS["en"]["upload"], variant="primary")
                    doc = gr.Dropdown(choices["docs"], label=LABELS["en"]["doc"], allow_custom_value=True)
                    delete = gr.Button(LABELS["en"]["delete"], variant="stop")
                    reingest = gr.Button(LABELS["en"]["reingest"])
            status = gr.Textbox(label="Status", interactive=False, lines=3, visible=admin)
            upload.click(app.upload, [files, password, ui], [status, table], api_name="upload")
            delete.click(app.delete, [doc, password, ui], [status, table], api_name="delete")
            reingest.click(app.reingest, [password, ui], [status, table], api_name="reingest")
            demo.load(app.documents, None, table, api_name="documents")
        with gr.Tab(LABELS["en"]["evaluation"], id="evaluation") as eval_tab:
            report = gr.Markdown()
            plot = gr.Image(label="hit@k", interactive=False)
            demo.load(app.evaluation, None, [report, plot], api_name=False)

        def relabel(code: str):
            t = LABELS.get(code, LABELS["en"])
            return [gr.update(value=f"# cluster-assistant\n{t['subtitle']}"), gr.update(label=t["ui"]),
                    gr.update(label=t["chat"]), gr.update(label=t["search"]), gr.update(label=t["documents"]),
                    gr.update(label=t["evaluation"]), gr.update(label=t["question"]), gr.update(value=t["send"]),
                    gr.update(value=f"### {t['sources']}"), gr.update(label=t["query"]),
                    gr.update(label=t["language"]), gr.update(label=t["site"]), gr.update(label=t["doctype"]),
                    gr.update(label=t["topic"]), gr.update(label=t["year"]), gr.update(value=t["find"]),
                    gr.update(value=t["prev"]), gr.update(value=t["next"]), gr.update(label=t["export"]),
                    gr.update(label=t["password"]), gr.update(value=t["upload"]), gr.update(value=t["delete"]),
                    gr.update(value=t["reingest"]), gr.update(value=t["admin_off"])]

        def refresh_choices():
            now = app.choices()
            return [gr.update(choices=now[key]) for key in ("lang", "site", "year", "docs")]

        demo.load(refresh_choices, None, [lang, site, year, doc], api_name=False)
        def welcome(code: str):
            text, examples = app.welcome(code)
            return gr.update(placeholder=text), gr.update(placeholder=examples[0] if examples else "")

        demo.load(welcome, ui, [chatbot, question], api_name=False)
        ui.change(welcome, ui, [chatbot, question], api_name=False)
        timer = gr.Timer(2.0)
        timer.tick(app.banner, ui, [banner, progress], api_name=False)
        demo.load(app.banner, ui, [banner, progress], api_name=False)
        hidden_status = gr.JSON(visible=False)
        hidden_button = gr.Button(visible=False)
        hidden_button.click(app.status, None, hidden_status, api_name="status")
        labelled = [header, ui, chat_tab, search_tab, docs_tab, eval_tab, question, send, sources_title, query, lang,
                    site, doctype, topic, year, find, prev, nxt, export, password, upload, delete, reingest,
                    admin_note]
        ui.change(relabel, ui, labelled, api_name=False)
        browser = "() => { const l = (navigator.language || 'en').slice(0, 2); " \
                  f"return {list(LANGS)!r}.includes(l) ? l : 'en'; }}"
        demo.load(lambda code: code, ui, ui, js=browser, api_name=False)
    return demo


def theme() -> gr.themes.Base:
    """The default theme with system fonts only: no request to a font CDN."""
    return gr.themes.Default(font=["system-ui", "Segoe UI", "Roboto", "sans-serif"],
                             font_mono=["ui-monospace", "Consolas", "monospace"])


def main() -> None:
    """Ingest corpus/ if needed, then serve on 127.0.0.1 (or --host)."""
    parser = argparse.ArgumentParser(description="cluster-assistant web app")
    parser.add_argument("--host", default=os.environ.get("ASSISTANT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ASSISTANT_PORT", "7860")))
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("ASSISTANT_CORPUS", CORPUS)))
    parser.add_argument("--reports", type=Path, default=Path(os.environ.get("ASSISTANT_REPORTS", ROOT / "reports")))
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    assistant = Assistant(settings)
    uploads = Path(os.environ.get("ASSISTANT_UPLOADS", settings.index_dir / "uploads"))
    app = App(assistant, args.corpus, uploads, args.reports)
    demo = build(app).queue(default_concurrency_limit=4)
    demo.launch(server_name=args.host, server_port=args.port, theme=theme(), css=CSS,
                max_file_size=settings.max_file_bytes, show_error=True, prevent_thread_lock=True)
    folders = [p for p in (args.corpus, uploads) if p.is_dir()]
    if folders and not args.no_ingest:
        # Started once the server answers (embedding takes both cores: Gradio's start-up check must pass first).
        app.start_indexing(folders)
    demo.block_thread()


if __name__ == "__main__":
    main()
