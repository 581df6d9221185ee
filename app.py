"""The Gradio web app: chat with sources, a good-practice finder, documents, evaluation — thin over assistant.api.

The parts live in ui/: layout.py builds the Blocks, render.py turns answers and hits into HTML, actions.py holds
the handlers (the App class), rest.py the JSON API served beside the page (/api/*).
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings, offline_defaults

offline_defaults()

import gradio as gr  # noqa: E402
import uvicorn  # noqa: E402

from assistant.api import Assistant  # noqa: E402
from ui.actions import ADMIN_TRIES, ADMIN_WINDOW, App, safe_name  # noqa: E402
from ui.layout import CSS, build, theme  # noqa: E402
from ui.rest import create_api  # noqa: E402

__all__ = ["ADMIN_TRIES", "ADMIN_WINDOW", "App", "asgi", "build", "main", "safe_name"]
ROOT = Path(__file__).resolve().parent
MAX_QUEUED = 200  # page events waiting for a worker
CORPUS = ROOT / "corpus"


def main() -> None:
    """Serve on 127.0.0.1 (or --host) at once, then index the corpus and uploads folders in the background."""
    parser = argparse.ArgumentParser(description="cluster-assistant web app")
    settings = Settings.from_env()  # every ASSISTANT_* variable is read here, once
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir or CORPUS)
    parser.add_argument("--reports", type=Path, default=settings.reports_dir or ROOT / "reports")
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    assistant = Assistant(settings)
    uploads = settings.uploads_dir or settings.index_dir / "uploads"
    app = App(assistant, args.corpus, uploads, args.reports)
    folders = [p for p in (args.corpus, uploads) if p.is_dir()] if not args.no_ingest else []
    app.indexing.running = bool(folders)  # from the first request on: /status must not say "done" before it starts
    server = asgi(app, args.host, args.port)
    serve(uvicorn.Server(uvicorn.Config(server, host=args.host, port=args.port, log_level="warning",
                                       timeout_graceful_shutdown=5)),
          lambda: app.start_indexing(folders) if folders else None)


def asgi(app: App, host: str = "127.0.0.1", port: int = 7860):
    """The whole server: the page mounted on the JSON API's FastAPI server (/api/*, docs at /api/docs), behind
    ui.guard.Guard on every route."""
    # At most MAX_QUEUED page events wait (a flood of them is refused, not kept in memory).
    demo = build(app).queue(default_concurrency_limit=4, max_size=MAX_QUEUED)
    return gr.mount_gradio_app(create_api(app), demo, path="/", server_name=host, server_port=port, theme=theme(),
                               css=CSS, max_file_size=app.assistant.settings.max_file_bytes, show_error=True,
                               footer_links=[])  # no English-only footer (API page, Gradio link, settings)


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


if __name__ == "__main__":
    main()
