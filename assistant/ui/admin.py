"""The admin's handlers (upload, delete, re-index, web sources): each behind the admin password, with a lockout
per client; the App class takes them in as a mixin."""

from __future__ import annotations

import hmac
import re
import shutil
import threading
from pathlib import Path
from typing import BinaryIO

import gradio as gr

from ..api import OPERATOR, SUFFIXES, group_names
from ..errors import WriterBusy
from . import render
from .adminweb import WebAdmin, counted
from .common import SESSION, Refused, log, request_client, safe_name, short, shown, summarised
from .guard import client_key
from .texts import UI_LANGS, ui_text


def forget_cached(name: str) -> None:
    """Delete the copies of an uploaded file of this name that the page's file box left in Gradio's cache (served
    from there for up to an hour otherwise, after the document itself is gone)."""
    from gradio.utils import get_upload_folder

    for path in Path(get_upload_folder()).glob("*/*"):
        if path.is_file() and safe_name(path.name) == name:
            path.unlink(missing_ok=True)
            log.info("removed the cached upload %s", path)


def password_refusal(text: str) -> bool:
    """Whether a status says a refused admin password (wrong, missing or locked out), in any UI language."""
    for lang in UI_LANGS:
        for key in ("wrong_admin", "no_admin", "locked"):
            pattern = re.escape(ui_text(lang, key)).replace(re.escape("{wait}"), r"\d+")
            if re.fullmatch(pattern, text.strip()):
                return True
    return False


ADMIN_PAGES = 1000  # page sessions remembered as the admin's (the oldest forgotten first)
_PAGES = threading.Lock()


class AdminActions(WebAdmin):
    """Upload, delete, re-index and web sources: the handlers that change the index."""

    def is_admin(self, password: str) -> bool:
        """Constant-time check of the admin password; no password configured means no admin."""
        wanted = self.assistant.settings.admin_password
        return bool(wanted) and hmac.compare_digest((password or "").encode(), wanted.encode())

    def require_admin(self, password: str, lang: str = "en", client: str = "?", request=None) -> None:
        """Refuse unless the admin password is given, or the page's reader (`request`, a page event, whose client it
        is) signed in as an admin; a client that sent ADMIN_TRIES wrong passwords in ADMIN_WINDOW s is refused for a
        while (that client only: the right password from elsewhere still works)."""
        if request is not None:
            if not password and self.reader(request).admin:
                return
            client = self.client(request)
        key = client_key(client)
        wait = self.lockout.locked_for(key)
        if wait:
            raise Refused(ui_text(lang, "locked").format(wait=wait))
        if self.is_admin(password):
            self.lockout.succeeded(key)
            self._admin_page(request)
            return
        if password:  # an empty field is no guess
            self.lockout.failed(key)
            log.warning("wrong admin password from %s", key)
            raise Refused(ui_text(lang, "wrong_admin"))
        raise Refused(ui_text(lang, "no_admin"))

    def require_writer(self, password: str, lang: str = "en", request=None) -> None:
        """require_admin, and the index free to change (require_free): a change is refused at once, in the page's
        language and as a status (the writer would refuse it later, as an error over every output)."""
        self.require_admin(password, lang, request=request)
        try:
            self.require_free()
        except WriterBusy as exc:  # said in the status, not as an Error over the tab
            raise Refused(ui_text(lang, exc.key)) from None

    def require_free(self) -> None:
        """WriterBusy (keyed for the reader's language) while this server's indexing or another admin's change (a
        second click too) holds the index."""
        if self.indexing.running:
            raise WriterBusy("the documents are being indexed in this server; try again when that is done",
                             "busy_indexing")
        if self.assistant.is_writing:
            raise WriterBusy("another change to the index is under way in this server; try again in a moment",
                             "busy_writing")

    def _admin_page(self, request) -> None:
        """Remember that the admin password was given in this page session (until the page is reloaded)."""
        session = getattr(request, "session_hash", None)
        if session:
            with _PAGES:
                self.admin_pages.pop(session, None)
                self.admin_pages[session] = None
                while len(self.admin_pages) > ADMIN_PAGES:
                    self.admin_pages.pop(next(iter(self.admin_pages)))

    def admin_page(self, request=None) -> bool:
        """Whether the page of this event (`request`, else the event being handled) is the admin's: its reader
        signed in as an admin, or the admin password was given in its session."""
        reader = self.reader(request) if request is not None else self.current()
        session = getattr(request, "session_hash", None) if request is not None else SESSION.get()
        return reader.admin or (bool(session) and session in self.admin_pages)

    def admin_view(self, password: str, lang: str = "en", request: gr.Request = None, shown: str = ""):
        """The password typed (Enter, or the field left): the admin's view of the Documents tab in this page session
        (every web source, failed ones too, to see and remove, and every document to delete); nothing changes for a
        wrong one. The status box (`shown`) says "Signed in as admin" when it was empty or said a password refusal (a
        wrong password typed before the right one), else keeps what an action said."""
        keep = gr.skip()
        if not password:
            return keep, keep, keep, keep
        try:
            self.require_admin(password, lang, request=request)
        except Refused as exc:  # said in the status box (the button clicked next warns too)
            return str(exc), keep, keep, keep
        status = ui_text(lang, "admin_ok") if not (shown or "").strip() or password_refusal(shown) else keep
        return status, self.web_sources(lang, self.signin.admin()), self.web_choices(), gr.update(
            choices=self.doc_choices())

    def delete_choices(self, request: gr.Request = None):
        """The Delete list after an action that changed the documents: every document on the admin's page, else
        left as it is."""
        return gr.update(choices=self.doc_choices()) if self.admin_page(request) else gr.skip()

    def client(self, request) -> str:
        """The client address of a page event."""
        return request_client(request, self.trusted)

    def refused(self, exc: Refused, lang: str, request=None) -> tuple[str, dict]:
        """An expected refusal: a warning in the page, the message as status, the table as it was (no traceback)."""
        gr.Warning(str(exc), title=ui_text(lang, "warning"))
        return str(exc), self.documents(lang, self.reader(request))

    @shown(detail=True)
    def upload(self, files: list, password: str, groups: str = "", lang: str = "en", request: gr.Request = None,
               progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Save uploaded files (admin only, type and size checked) and ingest them, seen by these access groups
        (programs' /upload): the status and the table."""
        return self._upload(files, password, groups, lang, request, progress)[:2]

    @shown(detail=True)
    def upload_page(self, files: list, password: str, groups: str = "", lang: str = "en", request: gr.Request = None,
                    progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """The page's Upload button: as `upload`, then the Files box emptied once its files went in (a second click
        would add them again, even after their document was deleted); kept after a refusal, for another try."""
        status, table, done = self._upload(files, password, groups, lang, request, progress)
        return status, table, gr.update(value=None) if done else gr.skip()

    def _upload(self, files: list, password: str, groups: str, lang: str, request, progress) -> tuple[str, dict, bool]:
        """An upload from the page or a program: the status, the table, and whether the files were taken in."""
        try:
            self.require_writer(password, lang, request=request)
            chosen = self.groups_given(groups)
        except Refused as exc:
            return (*self.refused(exc, lang, request), False)
        if not files:  # Upload clicked with the Files box empty: say what to do, not "nothing ingested"
            return ui_text(lang, "upload_pick"), self.tables(lang)[0], False
        given = []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            given.append((getattr(file, "orig_name", None) or path.name, path))
        result = self.upload_files(given, lang, progress=counted(progress), groups=chosen)
        lines = result["refused_text"] + [f"{f['file']}: {f['reason']}" for f in result["failed"]]
        lines += [ui_text(lang, "indexed_but").format(name=w["file"], note=w["note"]) for w in result["warnings"]]
        return "\n".join([result["summary_text"], *lines]), self.tables(lang)[0], True

    @staticmethod
    def groups_given(text: str | None) -> tuple[str, ...] | None:
        """The access groups typed in the form (None: none typed); Refused says what is wrong with them."""
        try:
            return group_names((text or "")[:400], default=()) or None
        except ValueError as exc:
            raise Refused(str(exc)) from None

    def upload_files(self, files: list[tuple[str, Path | BinaryIO]], lang: str = "en", progress=None,
                     groups: tuple[str, ...] | None = None) -> dict:
        """The one upload check, for the page and the API: each (name, file or stream) made safe, typed, sized and
        refused when its name is a document from another source; the accepted ones ingested; a file that fails to
        index is not kept. What is said names files, never server paths."""
        self.require_free()  # before any file is written: a refused upload leaves uploads/ as it was
        limit = self.assistant.settings.max_file_bytes
        self.uploads.mkdir(parents=True, exist_ok=True)
        others = {d.doc for d in self.assistant.documents(reader=OPERATOR) if not self._is_upload(d)}
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
            if target.exists():  # the upload it replaces, kept until the new one is in
                target.replace(target.with_name(f".{name}.old"))
            partial.replace(target)
            saved.append(target)
        try:
            report = self.assistant.ingest(saved, progress=progress, groups=groups or None) if saved else None
        except WriterBusy:  # another change began after the check: the files put back as they were
            for target in saved:
                old = target.with_name(f".{target.name}.old")
                if old.exists():
                    old.replace(target)
                else:
                    target.unlink(missing_ok=True)
            raise
        for target in saved:
            target.with_name(f".{target.name}.old").unlink(missing_ok=True)
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
        """The one delete, for the page and the API: the document leaves the index, and its uploaded file goes too,
        with the copies the page's file box left in Gradio's cache (only when the document is that upload, never a
        corpus file of the same name)."""
        self.require_free()  # said in the reader's language (the API's 409), like the one upload
        row = self._row(doc)
        self.assistant.remove(doc)
        if row is not None and self._is_upload(row):
            (self.uploads / safe_name(doc)).unlink(missing_ok=True)
            forget_cached(safe_name(doc))

    def _row(self, doc: str):
        """The indexed document of this id (None: none)."""
        return next((d for d in self.assistant.documents(reader=OPERATOR) if d.doc == doc), None) if doc else None

    @shown(detail=True)
    def delete(self, doc: str, password: str, lang: str = "en", request: gr.Request = None):
        """Remove a document from the index (admin only; programs' /delete, the page's confirmed delete); an
        uploaded file is deleted too."""
        try:
            self.require_writer(password, lang, request=request)
        except Refused as exc:
            return self.refused(exc, lang, request)
        if not self._row(doc):
            return ui_text(lang, "delete_pick"), self.tables(lang)[0]
        self.remove_document(doc)
        return ui_text(lang, "removed").format(doc=doc), self.tables(lang)[0]

    @shown(detail=True)
    def ask_delete(self, doc: str, password: str, lang: str = "en", request: gr.Request = None):
        """The page's first step of a delete: the password checked, then "Delete «title»?" asked (nothing deleted
        yet); the status, the confirmation row and its question."""
        hidden = gr.update(visible=False)
        try:
            self.require_writer(password, lang, request=request)
        except Refused as exc:
            return self.refused(exc, lang, request)[0], hidden, ""
        row = self._row(doc)
        if row is None:
            return ui_text(lang, "delete_pick"), hidden, ""
        title = render.markdown_text(short(row.title or row.doc, 120).strip("«» "))  # the prompt adds its own «»
        skipped = self.kept_out(row.doc, lang)  # a sitemap's page: said that its checks will not bring it back
        return "", gr.update(visible=True), f"**{ui_text(lang, 'delete_ask').format(title=title)}**  \n" \
                                            f"{render.markdown_text(row.doc)}" + (f"  \n{skipped}" if skipped else "")

    def confirm_delete(self, doc: str, password: str, lang: str = "en", request: gr.Request = None):
        """The page's second step: delete, then the status, the table, the list of documents with nothing chosen,
        the confirmation row hidden, and the web sources table and list (a deleted web page leaves them)."""
        status, table = self.delete(doc, password, lang, request)
        admin = self.is_admin(password) or self.admin_page(request)  # the lists are the admin's only
        listed = gr.update(choices=self.doc_choices(), value=None) if admin else gr.skip()
        web = self.web_sources(lang, self.signin.admin() if admin else self.reader(request))
        return status, table, listed, gr.update(visible=False), web, self.web_choices() if admin else gr.skip()

    def doc_choices(self) -> list[str]:
        """The documents an admin (who just proved to be one) may delete, by id."""
        return [d.doc for d in self.assistant.documents(reader=OPERATOR)]

    @shown(detail=True)
    def reingest(self, password: str, lang: str = "en", request: gr.Request = None,
                 progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Re-ingest the corpus and uploads folders, pruning documents whose files are gone (admin only)."""
        try:
            self.require_writer(password, lang, request=request)
        except Refused as exc:
            return self.refused(exc, lang, request)
        folders = [p for p in (self.corpus, self.uploads) if p.is_dir()]
        report = self.assistant.ingest(folders, prune=True,
                                       progress=counted(progress))
        return summarised(report, lang), self.tables(lang)[0]

    def tables(self, lang: str) -> tuple[dict, dict]:
        """The Documents and web sources tables after an admin action: as the admin (who just proved to be one)
        sees them."""
        return self.documents(lang, self.signin.admin()), self.web_sources(lang, self.signin.admin())
