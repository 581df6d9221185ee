"""The server: the Gradio page (chat with sources, a good-practice finder, documents, evaluation) and the JSON API
on one ASGI app behind the guard, thin over assistant.api. `assistant serve` and app.py both call `run` or `main`.

The parts: layout.py builds the Blocks, render.py turns answers and hits into HTML, actions.py holds the handlers
(the App class), rest.py the JSON API served beside the page (/api/*), guard.py the limits in front of both.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import gradio as gr
import uvicorn

from ..api import Assistant, Settings, find_sources, index_for
from ..errors import SettingError
from .actions import App
from .layout import CSS, build, theme
from .rest import create_api
from .texts import UI_LANGS, ui_text

MAX_QUEUED = 200  # page events waiting for a worker


def main(argv: list[str] | None = None, root: Path | None = None) -> None:
    """`python app.py`: serve on 127.0.0.1 (or --host) at once, then index the corpus and uploads folders in the
    background. `root` holds the default corpus/ and reports/ (the current folder unless given)."""
    root = root or Path.cwd()
    parser = argparse.ArgumentParser(description="cluster-assistant web app")
    try:
        settings = Settings.from_env()  # every ASSISTANT_* variable is read here, once
    except SettingError as exc:  # one line naming the variable and what it takes, never a traceback
        parser.exit(2, f"error: {exc}\n")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir)
    parser.add_argument("--reports", type=Path, default=settings.reports_dir or root / "reports")
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args(argv)
    if args.corpus is not None and not args.corpus.is_dir():  # a mistyped folder must not serve an empty index
        parser.error(missing_folder(args.corpus))
    args.corpus = args.corpus or root / "corpus"
    settings = own_index(settings, args.corpus, root / "corpus", bool(os.environ.get("ASSISTANT_INDEX", "").strip()))
    try:
        run(settings.with_(host=args.host, port=args.port), args.corpus, args.reports, ingest=not args.no_ingest)
    except KeyboardInterrupt:  # Ctrl-C (uvicorn re-raises it after its shutdown): one line, not a traceback
        print("stopped", file=sys.stderr)
        raise SystemExit(130) from None


def missing_folder(corpus: Path) -> str:
    """What a corpus folder that does not exist is told."""
    return f"no folder {corpus}: give --corpus (or ASSISTANT_CORPUS) a folder of documents that exists"


def own_index(settings: Settings, corpus: Path, default_corpus: Path, explicit: bool) -> Settings:
    """The settings with the served folder's own index: index/ for the default corpus, index/<folder name> for
    another (two corpora never share one index), unless the index was chosen (--index, ASSISTANT_INDEX)."""
    if explicit:
        return settings
    index = index_for(corpus, settings.index_dir, default_corpus)
    if index != settings.index_dir:
        logging.getLogger("app").info("serving %s from its own index, %s", corpus, index)
    return settings.with_(index_dir=index)


def run(settings: Settings, corpus: Path, reports: Path, ingest: bool = True) -> None:
    """Serve the page and the API with these settings; index `corpus` and the uploads folder in the background,
    after removing the documents of any other folder from the index (said in the log and the banner first)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    assistant = Assistant(settings)
    uploads = settings.uploads_dir or settings.index_dir / "uploads"
    app = App(assistant, corpus, uploads, reports)
    assistant.question_retention().start()  # questions past ASSISTANT_KEEP_QUESTIONS_DAYS go now, then daily
    folders = [p for p in (corpus, uploads) if p.is_dir()] if ingest else []
    strays = app.strays() if folders else {}
    app.indexing.running = bool(folders)  # from the first request on: /status must not say "done" before it starts
    app.indexing.documents = sum(1 for _ in find_sources(folders))  # the total, before the warm-up below
    server = asgi(app, settings.host, settings.port)
    serve(uvicorn.Server(uvicorn.Config(server, host=settings.host, port=settings.port, log_level="warning",
                                       timeout_graceful_shutdown=5)),
          lambda: (assistant.warm(), app.start_indexing(folders, strays) if folders else None))


def asgi(app: App, host: str = "127.0.0.1", port: int = 7860):
    """The whole server: the page mounted on the JSON API's FastAPI server (/api/*, docs at /api/docs), behind
    guard.Guard on every route."""
    # At most MAX_QUEUED page events wait (a flood of them is refused, not kept in memory).
    demo = build(app).queue(default_concurrency_limit=4, max_size=MAX_QUEUED)
    return gr.mount_gradio_app(create_api(app), demo, path="/", server_name=host, server_port=port, theme=theme(),
                               css=CSS, max_file_size=app.assistant.settings.max_file_bytes, show_error=True,
                               footer_links=[],  # no English-only footer (API page, Gradio link, settings)
                               i18n=gradio_texts())


def gradio_texts() -> gr.I18n:
    """Gradio's own texts that its frontend lacks: a finished event is announced to screen readers as
    "common.complete" (a key missing from Gradio's tables) unless the page gives it. A sign, not a word: Gradio
    picks it by the browser's language, which the page's language radio does not change."""
    return gr.I18n(**{code: {"common.complete": ui_text(code, "gr_complete")} for code in UI_LANGS})


def serve(server: uvicorn.Server, started: Callable[[], object]) -> None:
    """Run the server; call `started` once it answers (embedding takes both cores: start-up must come first)."""
    def when_up() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.1)
        if server.started:
            config = server.config
            print(f"serving on http://{config.host}:{config.port}/ (JSON API at /api/, schema /api/openapi.json)",
                  flush=True)  # the one line that says the app is up, also under `assistant serve`
            started()

    threading.Thread(target=when_up, name="start-indexing", daemon=True).start()
    server.run()
