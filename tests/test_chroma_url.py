"""ASSISTANT_CHROMA_URL forms: scheme, host, port (defaults by scheme), path prefix; a URL without a scheme is
refused; one form against a real server."""

from __future__ import annotations

import pytest
from chromadb.api.base_http_client import BaseHTTPClient

from assistant.api import Assistant
from assistant.config import Settings
from assistant.store import server_address


def chroma_api_url(url: str) -> str:
    """The API address chromadb's own HTTP client builds from our host, port and ssl."""
    address = server_address(url)
    return BaseHTTPClient.resolve_url(address["host"], address["ssl"], "/api/v2", address["port"])


@pytest.mark.parametrize(("url", "expected"), [
    ("https://chroma.example.org", "https://chroma.example.org:443/api/v2"),
    ("http://chroma.example.org", "http://chroma.example.org:80/api/v2"),
    ("http://127.0.0.1:8123", "http://127.0.0.1:8123/api/v2"),
    ("https://chroma.example.org:9443/", "https://chroma.example.org:9443/api/v2"),
    ("https://proxy.example.org/chroma", "https://proxy.example.org:443/chroma/api/v2"),
    ("http://proxy.example.org:8080/team/chroma/", "http://proxy.example.org:8080/team/chroma/api/v2"),
])
def test_url_forms(url, expected):
    assert chroma_api_url(url) == expected


def test_https_means_tls_on_443():
    assert server_address("https://chroma.example.org") == {"host": "chroma.example.org", "port": 443, "ssl": True}


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://chroma.example.org", "cannot read the Chroma URL"),
    ("http://", "cannot read the Chroma URL"),
    ("http://chroma.example.org:99999", "invalid port"),
    ("http://user:secret@chroma.example.org", "ASSISTANT_CHROMA_TOKEN"),
    ("http://chroma.example.org/?tenant=x", "query"),
    ("chroma.internal:8000", "has no scheme: write http://chroma.internal:8000"),
    ("chroma.internal", "has no scheme"),
    ("127.0.0.1:8000", "has no scheme"),
])
def test_unusable_urls_are_refused_clearly(url, message):
    with pytest.raises(ValueError, match=message):
        server_address(url)


def test_an_http_url_with_a_port_reaches_the_real_server(chroma_server, corpus_dir, tmp_path, fake_embedder):
    settings = Settings(index_dir=tmp_path / "local", collection="url_forms", chroma_url=chroma_server + "/")
    assistant = Assistant(settings, embedder=fake_embedder)
    assert assistant.ingest([corpus_dir]).summary() == "indexed 5, unchanged 0, removed 0, failed 0"
    assert assistant.search("Hamburg Cluster Luftfahrt", k=1, mode="dense")[0].doc == "de/hamburg.html"
