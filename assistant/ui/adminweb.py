"""The admin's handlers for web sources: add a page or a sitemap, check them all now, and remove any of them (a page,
sitemap, feed or crawl) with its pages, after a confirmation naming it; a mixin of AdminActions, behind its password."""

from __future__ import annotations

import gradio as gr

from ..api import MAX_URL, OPERATOR, Seed, Tally, is_url
from . import render
from .common import Refused, short, shown, summarised
from .texts import ui_text
from .webwords import said


def pages_word(lang: str, n: int, key: str, **values: str) -> str:
    """`key`_none, `key`_one or `key`_many by how many indexed pages a web source has, filled with n and values."""
    return ui_text(lang, f"{key}_{'none' if not n else 'one' if n == 1 else 'many'}").format(n=n, **values)


def counted(progress: gr.Progress):
    """An ingest's progress callback that moves Gradio's bar: documents committed of the total, the last one named."""
    def show(tally: Tally) -> None:
        if tally.total:
            progress((tally.done, tally.total), desc=tally.doc, unit="documents")
    return show


class WebAdmin:
    """The web sources of the Documents tab (AdminActions gives require_writer, refused, tables and the readers)."""

    def web_sources(self, lang: str = "en", reader=None) -> dict:
        """The web sources the reader may see as a table: address, kind, status, last check, details (headers in
        the UI language). A page is listed to whoever may see its document; a sitemap, feed or crawl, which may list
        any group's pages, to a reader who sees every group."""
        reader = reader or self.current()
        visible = None if reader.sees_all else {d.doc for d in self.assistant.documents(reader=reader)}
        rows = [[w.url, ui_text(lang, f"kind_{w.kind}"), ui_text(lang, f"state_{w.state}") if w.state else "",
                 w.checked_at, short(said(w.message, lang), 120)]
                for w in self.assistant.web_sources()
                if visible is None or (w.kind == "page" and w.doc in visible)]
        return render.web_table(rows, lang)

    @shown(detail=True)
    def add_web(self, url: str, kind: str, password: str, groups: str = "", lang: str = "en",
                request: gr.Request = None, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Index a web page or a sitemap (admin only), seen by these access groups; it is then kept fresh by "check
        web sources". The status, both tables and the web sources the admin may remove."""
        try:
            self.require_writer(password, lang, request=request)
            chosen = self.groups_given(groups)
        except Refused as exc:
            return (*self.refused(exc, lang, request), self.web_sources(lang, self.reader(request)), gr.skip())
        url = (url or "").strip()
        if not is_url(url) or len(url) > MAX_URL:
            return ui_text(lang, "no_url"), *self.tables(lang), gr.skip()
        report = self.assistant.ingest_web([Seed(url, "sitemap" if kind == "sitemap" else "page")],
                                           progress=counted(progress), groups=chosen)
        return self._web_status(report, lang), *self.tables(lang), self.web_choices()

    def add_page(self, url: str, password: str, groups: str = "", lang: str = "en", request: gr.Request = None,
                 progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """The "Add web page" button."""
        return self.add_web(url, "page", password, groups, lang, request, progress)

    def add_sitemap(self, url: str, password: str, groups: str = "", lang: str = "en", request: gr.Request = None,
                    progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """The "Add sitemap" button."""
        return self.add_web(url, "sitemap", password, groups, lang, request, progress)

    @shown(detail=True)
    def refresh_web(self, password: str, lang: str = "en", request: gr.Request = None,
                    progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Re-check every web source now (admin only)."""
        try:
            self.require_writer(password, lang, request=request)
        except Refused as exc:
            return (*self.refused(exc, lang, request), self.web_sources(lang, self.reader(request)), gr.skip())
        report = self.assistant.refresh(progress=counted(progress))
        return self._web_status(report, lang), *self.tables(lang), self.web_choices()

    def _web_status(self, report, lang: str) -> str:
        """The summary, then one line per failure or warning (in the reader's language where its kind is known)."""
        lines = [f"{url}: {said(reason, lang)}" for url, reason in [*report.failed, *report.warnings]]
        return "\n".join([summarised(report, lang), *lines])

    def removable_web(self, reader=None) -> list[str]:
        """Every web source in the reader's web sources table (a page, sitemap, feed or crawl, failed or not), by
        address: those the page offers to remove."""
        reader = reader or self.current()
        visible = None if reader.sees_all else {d.doc for d in self.assistant.documents(reader=reader)}
        return list(dict.fromkeys(w.url for w in self.assistant.web_sources()
                                  if visible is None or (w.kind == "page" and w.doc in visible)))

    def web_choices(self, **more) -> dict:
        """The list of web sources to remove, as the admin (who just proved to be one) sees it."""
        return gr.update(choices=self.removable_web(OPERATOR), **more)

    def _indexed(self, pages: list) -> list[str]:
        """The documents of these web pages that are in the index."""
        return sorted(self.assistant.catalog.hashes_of([p.doc for p in pages if p.doc]))

    @shown(detail=True)
    def ask_remove_web(self, url: str, password: str, lang: str = "en", request: gr.Request = None):
        """The first step of removing a web source: the password checked, then "Remove the sitemap «…»?" asked with
        what leaves the index (nothing removed yet); the status, the confirmation row and its question."""
        hidden = gr.update(visible=False)
        try:
            self.require_writer(password, lang, request=request)
        except Refused as exc:
            return self.refused(exc, lang, request)[0], hidden, ""
        row, pages = self.assistant.catalog.source_pages((url or "").strip())
        if row is None:
            return ui_text(lang, "web_pick"), hidden, ""
        question = ui_text(lang, "web_ask").format(kind=ui_text(lang, f"kind_{row.kind}"),
                                                   url=render.markdown_text(row.url))
        return "", gr.update(visible=True), f"**{question}**  \n{pages_word(lang, len(self._indexed(pages)), 'web_ask')}"

    @shown(detail=True)
    def remove_web(self, url: str, password: str, lang: str = "en", request: gr.Request = None):
        """Take a web source off the list and its pages out of the index (admin only; the page's confirmed step):
        the status, both tables and the list of web sources."""
        try:
            self.require_writer(password, lang, request=request)
        except Refused as exc:
            status, table = self.refused(exc, lang, request)
            return status, table, self.web_sources(lang, self.reader(request)), gr.skip()
        url = (url or "").strip()
        removed = self.assistant.forget_web_source(url) if url else None
        if removed is None:
            return ui_text(lang, "web_pick"), *self.tables(lang), self.web_choices()
        return pages_word(lang, len(removed), "web_removed", url=url), *self.tables(lang), self.web_choices(value=None)

    def confirm_remove_web(self, url: str, password: str, lang: str = "en", request: gr.Request = None):
        """The page's second step: remove, then the status, both tables, the list of web sources with nothing chosen
        and the confirmation row hidden."""
        return (*self.remove_web(url, password, lang, request), gr.update(visible=False))

    def kept_out(self, doc: str, lang: str) -> str:
        """What a delete's question adds for a web page a sitemap, feed or crawl found: that its checks skip it from
        now on ('' for any other document)."""
        sources = self.assistant.web_sources()
        origins = {w.origin for w in sources if w.kind == "page" and w.doc == doc and w.origin}
        seed = next((w for w in sources if w.kind != "page" and w.url in origins), None)
        if seed is None:
            return ""
        return ui_text(lang, "web_kept_out").format(kind=ui_text(lang, f"kind_{seed.kind}"),
                                                    url=render.markdown_text(seed.url))
