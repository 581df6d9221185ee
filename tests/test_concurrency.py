"""Concurrency: parallel LLM answers each cite their own passages; one reopen of a Chroma client after an outage."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.store import VectorStore
from tests.conftest import chroma_run, free_port, indexed_fixtures, write_corpus
from tests.fakes import ChatCompletions, chat_server

QUESTIONS = [
    "Welche Cluster fördert Hamburg?",
    "How many clusters are there in Lapland?",
    "How many partners does Inno Industry have?",
    "Combien de membres compte le pôle i-Trans?",
]
PARALLEL = 8


class PerQuestion(ChatCompletions):
    """Answers each question with its own words and a citation of passage 1, once every request has arrived."""

    arrived: threading.Barrier | None = None

    def reply_for(self, body: dict) -> str:
        prompt = body["messages"][-1]["content"]
        question = next(line for line in prompt.splitlines() if line.startswith("Question: ")).split(": ", 1)[1]
        return f"«{question}» [1]."  # quoted, so in the asker's language whatever it is

    def before_streaming(self, body: dict) -> None:
        assert self.arrived is not None
        self.arrived.wait()  # every request is in flight before any reply: their generations overlap


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, e5):
    """An index of the multilingual fixtures (real model)."""
    return indexed_fixtures(tmp_path_factory, e5, "concurrency")


@pytest.fixture
def per_question_server():
    """A real chat-completions HTTP server on loopback that holds replies until PARALLEL requests are in."""
    PerQuestion.arrived = threading.Barrier(PARALLEL, timeout=300)
    with chat_server(PerQuestion) as url:
        yield f"{url}/v1"


def test_parallel_llm_answers_cite_their_own_passages(indexed, e5, per_question_server):
    assistant = Assistant(indexed.with_(llm="openai", llm_base_url=per_question_server, llm_model="stub"),
                          embedder=e5)
    first = {q: assistant.search(q, k=5)[0].chunk_id for q in QUESTIONS}
    assert len(set(first.values())) == len(QUESTIONS)  # each question has its own best passage
    asked = [QUESTIONS[i % len(QUESTIONS)] for i in range(PARALLEL)]
    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(assistant.ask, asked))
    assert len(PerQuestion.requests) == PARALLEL
    for question, answer in zip(asked, answers, strict=True):
        assert not answer.notice, answer.notice  # generated, not the extractive fallback
        assert question in answer.text
        assert [c.n for c in answer.citations] == [1]
        assert answer.citations[0].chunk_id == first[question] == answer.passages[0].chunk_id
        assert answer.citations[0].quote in answer.passages[0].text


class CountingStore(VectorStore):
    """The real store, counting how often it opens a client."""

    opened = 0

    def _open(self) -> None:
        type(self).opened += 1
        super()._open()


def test_one_reopen_after_an_outage_while_threads_query(corpus_dir, tmp_path, fake_embedder, chroma_server):
    port = free_port()
    data = tmp_path / "server-data"
    other = Assistant(Settings(index_dir=tmp_path / "other", collection="bystander", chroma_url=chroma_server),
                      embedder=fake_embedder)
    other.ingest([corpus_dir])
    with chroma_run(data, port) as (url, proc):
        settings = Settings(index_dir=tmp_path / "local", collection="reopen", chroma_url=url)
        assistant = Assistant(settings, embedder=fake_embedder)
        assistant.ingest([corpus_dir])
        assistant._store = CountingStore(settings, fake_embedder.name, fake_embedder.dim)
        proc.kill()
        proc.wait()
        with pytest.raises(IndexUnavailable):
            assistant.search("Hamburg Cluster", mode="dense")
    CountingStore.opened = 0
    with chroma_run(data, port):
        start = threading.Barrier(PARALLEL, timeout=120)

        def search(_: int) -> str:
            start.wait()
            return assistant.search("Hamburg Cluster Luftfahrt", k=1, mode="dense")[0].doc

        with ThreadPoolExecutor(PARALLEL) as pool:
            docs = list(pool.map(search, range(PARALLEL)))
    assert docs == ["de/hamburg.html"] * PARALLEL
    assert CountingStore.opened == 1  # one thread reopened; the others waited and used its client
    # Another index's client in the same process was not dropped by the reopen.
    assert other.search("Hamburg Cluster Luftfahrt", k=1, mode="dense")[0].doc == "de/hamburg.html"


def test_parallel_asks_through_the_app_cite_their_own_passages(tmp_path, per_question_server, launched_app):
    import httpx

    corpus = write_corpus(tmp_path / "docs")
    env = {"ASSISTANT_LLM": "openai", "ASSISTANT_LLM_BASE_URL": per_question_server, "ASSISTANT_LLM_MODEL": "stub"}
    with launched_app(tmp_path, corpus, **env) as url:
        asked = [QUESTIONS[i % len(QUESTIONS)] for i in range(PARALLEL)]
        with httpx.Client(base_url=url.rstrip("/"), timeout=300) as http:
            best = {q: http.get("/api/search", params={"q": q, "k": 1}).json()[0]["chunk_id"] for q in QUESTIONS}
            with ThreadPoolExecutor(PARALLEL) as pool:  # all in flight at once: the stub waits for the eighth
                replies = list(pool.map(lambda q: http.post("/api/ask", json={"question": q}), asked))
    assert len(PerQuestion.requests) == PARALLEL
    for question, reply in zip(asked, replies, strict=True):
        answer = reply.json()
        assert reply.status_code == 200 and answer["generated"] and not answer["notice"], answer
        assert question in answer["answer"]
        assert [c["chunk_id"] for c in answer["citations"]] == [best[question]]
