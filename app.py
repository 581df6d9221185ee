"""The Gradio web app: a thin interface over assistant.api (ingests corpus/ on start when needed)."""

from __future__ import annotations

import argparse
import html
import logging
import os
from pathlib import Path

from assistant.config import Settings, offline_defaults

offline_defaults()

import gradio as gr  # noqa: E402

from assistant.api import Assistant  # noqa: E402
from assistant.retrieval import Filters  # noqa: E402

log = logging.getLogger("app")
CORPUS = Path(__file__).resolve().parent / "corpus"


def _card(n: int, hit) -> str:
    m = hit.meta
    source = html.escape(str(m.get("source", "")), quote=True)
    link = f' · <a href="{source}" target="_blank" rel="noopener noreferrer">source</a>' if source.startswith(
        ("http://", "https://")) else ""
    return (
        f"<div class='card'><b>{n}. {html.escape(str(m.get('title') or hit.doc))}</b>"
        f"<br><small>{html.escape(hit.doc)} · {html.escape(str(m.get('lang', '')))} · p. {int(m.get('page', 1))}"
        f" · score {hit.score:.3f}{link}</small><p>{html.escape(hit.text)}</p></div>"
    )


def build(assistant: Assistant) -> gr.Blocks:
    """The app's Blocks over one Assistant."""

    def search(query: str, lang: str, mode: str) -> str:
        hits = assistant.search(query[:2000], k=10, mode=mode, filters=Filters(lang=lang or ""))
        return "\n".join(_card(n, h) for n, h in enumerate(hits, 1)) or "<p>No results.</p>"

    def stats() -> list[list]:
        return [[d.doc, d.title, d.lang, d.pages, d.chunks, d.source, d.ingested_at] for d in assistant.documents()]

    with gr.Blocks(title="cluster-assistant", analytics_enabled=False) as demo:
        gr.Markdown("# cluster-assistant\nMultilingual search over cluster and innovation policy documents.")
        with gr.Tab("Search"):
            with gr.Row():
                query = gr.Textbox(label="Query", placeholder="Hur många partner har INNO Industry?", scale=4)
                lang = gr.Dropdown(["", "en", "fr", "de", "sv", "fi", "pt", "ro"], value="", label="Language")
                mode = gr.Dropdown(["hybrid", "dense", "bm25", "rerank"], value=assistant.settings.search_mode,
                                   label="Mode")
            button = gr.Button("Search", variant="primary")
            results = gr.HTML()
            button.click(search, [query, lang, mode], results, api_name="search")
            query.submit(search, [query, lang, mode], results)
        with gr.Tab("Documents"):
            table = gr.Dataframe(headers=["doc", "title", "lang", "pages", "chunks", "source", "ingested"],
                                 interactive=False)
            demo.load(stats, None, table, api_name="documents")
    return demo


def main() -> None:
    """Ingest corpus/ if needed, then serve on 127.0.0.1 (or --host)."""
    parser = argparse.ArgumentParser(description="cluster-assistant web app")
    parser.add_argument("--host", default=os.environ.get("ASSISTANT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ASSISTANT_PORT", "7860")))
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder ingested at start (incremental)")
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    assistant = Assistant(Settings.from_env())
    if not args.no_ingest and args.corpus.is_dir():
        report = assistant.ingest([args.corpus])
        log.info("corpus %s: %s", args.corpus, report.summary())
    build(assistant).launch(server_name=args.host, server_port=args.port)


if __name__ == "__main__":
    main()
