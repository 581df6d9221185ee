"""The JSON API fuzzed from its own OpenAPI schema (schemathesis, a bounded number of examples per route): no
input gets a 5xx, and no reply is larger than the API's description promises (MAX_REPLY)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui.actions import App
from assistant.ui.rest import MAX_REPLY
from tests.conftest import served, write_corpus
from tests.fakes import HashEmbedder

DOCUMENT_ROW = 2048  # bytes one /api/documents row takes at most (its fields are bounded)


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory):
    """The whole server over the fixtures, without a rate limit (the fuzzer is one client asking fast)."""
    tmp = tmp_path_factory.mktemp("fuzz")
    settings = Settings(index_dir=tmp / "index", collection="fuzz", admin_password="fuzz admin", api_rate_limit=0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    with served(App(assistant, tmp / "corpus", tmp / "uploads", tmp / "reports")) as url:
        yield url, len(assistant.documents())


@pytest.fixture(scope="module")
def api_schema(fuzzed_server):
    url, _ = fuzzed_server
    return schemathesis.openapi.from_url(url + "/api/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_gets_a_server_error_or_an_oversized_reply(case, fuzzed_server):
    _, documents = fuzzed_server
    response = case.call(timeout=60)
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    limit = max(MAX_REPLY, documents * DOCUMENT_ROW) if case.path == "/api/documents" else MAX_REPLY
    assert len(response.content) <= limit, (case.method, case.path, len(response.content))
