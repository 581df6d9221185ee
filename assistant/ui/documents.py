"""The Documents tab: the index as a table and, for the admin, upload, delete, re-ingest and the web sources (add,
check now, remove with a confirmation); its relabellings in each UI language."""

from __future__ import annotations

import gradio as gr

from ..api import SUFFIXES
from .actions import App
from .common import Relabel, as_reader, labelled
from .texts import ui_text


def documents_tab(app: App, ui: gr.Radio) -> tuple[list[Relabel], gr.HTML]:
    """The Documents tab: the index as a table, and (with an admin password set) upload, delete, re-ingest; its
    relabellings and its progress bar."""
    with gr.Tab(ui_text("en", "documents"), id="documents") as tab:
        progress = gr.HTML(elem_id="documents-progress")
        table = gr.Dataframe(value=app.documents("en"), interactive=False, wrap=True, max_height=640,
                             column_widths=["19%", "28%", "7%", "7%", "9%", "18%", "12%"], elem_id="documents-table")
        # The admin controls show when someone may use them: the admin password is set, or an admin account exists.
        admin = bool(app.assistant.settings.admin_password) or any(u.admin for u in app.assistant.users.list())
        note = gr.Markdown(ui_text("en", "admin_off"), visible=not admin, elem_id="admin-off")
        password = gr.Textbox(label=ui_text("en", "password"), type="password", visible=admin)
        with gr.Row(visible=admin, elem_id="admin-controls"):
            files = gr.File(label=ui_text("en", "files"), file_count="multiple", file_types=sorted(SUFFIXES),
                            scale=2, elem_id="upload-files")
            with gr.Column():
                upload = gr.Button(ui_text("en", "upload"), variant="primary", elem_id="upload")
                # Nothing chosen at first (Gradio would choose the first document): a delete names what it deletes.
                doc = gr.Dropdown(app.choices("en")["docs"], value=None, label=ui_text("en", "doc"),
                                  allow_custom_value=True, elem_id="delete-doc")
                delete = gr.Button(ui_text("en", "delete"), variant="stop", elem_id="delete")
                reingest = gr.Button(ui_text("en", "reingest"))
        with gr.Row(visible=False, elem_id="delete-confirm") as confirm:  # the second step: "Delete «title»?"
            question = gr.Markdown(elem_id="delete-question")
            yes = gr.Button(ui_text("en", "delete_yes"), variant="stop", elem_id="delete-yes", scale=0)
            no = gr.Button(ui_text("en", "delete_no"), elem_id="delete-no", scale=0)
        groups = gr.Textbox("", label=ui_text("en", "groups_field"), visible=admin, elem_id="upload-groups",
                            max_length=400)  # a default: programs may leave it out (`/upload` with files and password)
        with gr.Row(visible=admin, elem_id="web-controls"):
            url = gr.Textbox(label=ui_text("en", "web_url"), scale=3, elem_id="web-url")
            add_page = gr.Button(ui_text("en", "add_page"))
            add_sitemap = gr.Button(ui_text("en", "add_sitemap"))
            refresh = gr.Button(ui_text("en", "refresh_web"))
        status = gr.Textbox(label=ui_text("en", "status"), interactive=False, lines=3, visible=admin,
                            elem_id="admin-status")
        web_head = gr.Markdown(f"### {ui_text('en', 'web_sources')}")
        web = gr.Dataframe(value=app.web_sources("en"), interactive=False, wrap=True, max_height=400,
                           column_widths=["38%", "10%", "16%", "14%", "22%"], elem_id="web-sources")
        with gr.Row(visible=admin, elem_id="web-remove"):
            # every web source (a page, sitemap, feed or crawl, failed or not), or an address from the table
            sources = gr.Dropdown(app.removable_web(), value=None, label=ui_text("en", "web_choose"), scale=3,
                                  allow_custom_value=True, elem_id="web-source")
            forget = gr.Button(ui_text("en", "web_remove"), elem_id="web-forget")
        with gr.Row(visible=False, elem_id="web-confirm") as web_confirm:  # "Remove «…» (sitemap)? Its 3 pages …"
            web_question = gr.Markdown(elem_id="web-question")
            web_yes = gr.Button(ui_text("en", "web_yes"), variant="stop", elem_id="web-yes", scale=0)
            web_no = gr.Button(ui_text("en", "delete_no"), elem_id="web-no", scale=0)

        # the page's Upload empties the Files box once its files went in; programs' /upload (gradio_client) keeps its
        # two outputs
        for uploaded in (upload.click(app.upload_page, [files, password, groups, ui], [status, table, files],
                                      api_name=False),
                         gr.Button(visible=False).click(app.upload, [files, password, groups, ui], [status, table],
                                                        api_name="upload")):
            uploaded.then(app.delete_choices, None, doc, api_name=False)  # the uploaded documents may be deleted at once
        delete.click(app.ask_delete, [doc, password, ui], [status, confirm, question], api_name=False)
        # a deleted web page leaves the web sources table and list at once, not at the next reload
        yes.click(app.confirm_delete, [doc, password, ui], [status, table, doc, confirm, web, sources], api_name=False)
        no.click(lambda lang: (ui_text(lang, "delete_cancelled"), gr.update(visible=False)), ui, [status, confirm],
                 api_name=False)
        doc.change(lambda: gr.update(visible=False), None, confirm, api_name=False)  # asked about another one
        programs = gr.Button(visible=False)  # /delete for programs (gradio_client): one call, no confirmation
        programs.click(app.delete, [doc, password, ui], [status, table], api_name="delete")
        forget.click(app.ask_remove_web, [sources, password, ui], [status, web_confirm, web_question], api_name=False)
        web_no.click(lambda lang: (ui_text(lang, "web_cancelled"), gr.update(visible=False)), ui,
                     [status, web_confirm], api_name=False)
        sources.change(lambda: gr.update(visible=False), None, web_confirm, api_name=False)
        for event in (add_page.click(app.add_page, [url, password, groups, ui], [status, table, web, sources],
                                     api_name=False),
                      add_sitemap.click(app.add_sitemap, [url, password, groups, ui], [status, table, web, sources],
                                        api_name=False),
                      refresh.click(app.refresh_web, [password, ui], [status, table, web, sources], api_name=False),
                      web_yes.click(app.confirm_remove_web, [sources, password, ui],
                                    [status, table, web, sources, web_confirm], api_name=False),
                      reingest.click(app.reingest, [password, ui], [status, table], api_name="reingest")):
            event.then(app.delete_choices, None, doc, api_name=False)
        # After a reload the admin is a visitor until the password is typed again: then every web source (failed
        # ones too) and every document show, for this page session (a wrong password changes nothing, and counts).
        for typed in (password.submit, password.blur):
            typed(app.admin_view, [password, ui, status], [status, web, sources, doc], api_name=False)
        listing = gr.Button(visible=False)
        listing.click(as_reader(app, lambda: app.documents("en")), None, table, api_name="documents")

    def documents(lang: str) -> dict:
        # A reloaded page chooses nothing either (not the document chosen, maybe deleted, before the reload); the
        # admin's page (the password given in it) keeps the admin's lists in another language.
        seen = app.signin.admin() if app.admin_page() else None
        docs = app.doc_choices() if seen else app.choices(lang)["docs"]
        return {table: app.documents(lang, seen), doc: gr.update(choices=docs, value=None, label=ui_text(lang, "doc")),
                web: app.web_sources(lang, seen), confirm: gr.update(visible=False),
                web_confirm: gr.update(visible=False),
                sources: gr.update(choices=app.removable_web(seen), value=None, label=ui_text(lang, "web_choose"))}

    return [labelled(tab, "documents"), documents, labelled(note, "admin_off", "value"),
            labelled(yes, "delete_yes", "value"), labelled(no, "delete_no", "value"),
            labelled(forget, "web_remove", "value"), labelled(web_yes, "web_yes", "value"),
            labelled(web_no, "delete_no", "value"),
            labelled(password, "password"), labelled(files, "files"), labelled(groups, "groups_field"),
            labelled(upload, "upload", "value"),
            labelled(delete, "delete", "value"), labelled(reingest, "reingest", "value"),
            labelled(status, "status"), labelled(url, "web_url"), labelled(add_page, "add_page", "value"),
            labelled(add_sitemap, "add_sitemap", "value"), labelled(refresh, "refresh_web", "value"),
            labelled(web_head, "web_sources", "value", "### {}")], progress
