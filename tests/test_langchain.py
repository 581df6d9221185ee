"""The LangChain retriever over a real index (real model, real Chroma): the Documents of `assistant search --json`,
and a chain with a chat model served by a real local OpenAI-compatible HTTP server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from tests.conftest import write_corpus
from tests.fakes import ChatCompletions, chat_server

pytest.importorskip("langchain_core", reason="the [langchain] extra (langchain-core) is not installed")

from assistant.integrations.langchain import HybridRetriever  # noqa: E402


@pytest.fixture(scope="module")
def index(tmp_path_factory, e5) -> Settings:
    """An index of the multilingual fixtures."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("lc") / "index", collection="langchain")
    Assistant(settings, embedder=e5).ingest([write_corpus(tmp_path_factory.mktemp("docs"))])
    return settings


def search_json(settings: Settings, query: str, *flags: str) -> list[dict]:
    """What `assistant search --json` prints over this index."""
    done = subprocess.run([sys.executable, "-m", "assistant", "search", query, "--json", "--index",
                           str(settings.index_dir), "--collection", settings.collection, *flags],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("query", "options", "flags"), [
    ("Welche Cluster fördert Hamburg?", {"k": 5}, ["--k", "5"]),
    ("Vilka partner har INNO Industry?", {"k": 3, "lang": "sv", "mode": "hybrid"},
     ["--k", "3", "--lang", "sv", "--mode", "hybrid"]),
    ("kluster Industri 4.0", {"k": 4, "per_doc": True, "mode": "bm25", "source": "propell"},
     ["--k", "4", "--per-doc", "--mode", "bm25", "--source", "propell"]),
    ("Lapland digital innovation hub", {"k": 3, "doc": "en/lapland.pdf"}, ["--k", "3", "--doc", "en/lapland.pdf"]),
])
def test_the_retriever_returns_the_hits_of_assistant_search_json(index, e5, query, options, flags):
    retriever = HybridRetriever(assistant=Assistant(index, embedder=e5), **options)
    documents = retriever.invoke(query)
    expected = search_json(index, query, *flags)
    assert documents and len(documents) == len(expected)
    for document, hit in zip(documents, expected, strict=True):
        assert document.page_content == hit["text"]
        assert document.id == hit["chunk_id"]
        assert document.metadata == {key: value for key, value in hit.items() if key != "text"}
    assert set(documents[0].metadata) == {"doc", "title", "page", "source", "lang", "chunk_id", "score", "ocr"}


def test_the_filters_hold(index, e5):
    retriever = HybridRetriever(assistant=Assistant(index, embedder=e5), k=10, lang="de")
    assert {d.metadata["lang"] for d in retriever.invoke("clusters")} == {"de"}
    pdf = HybridRetriever(assistant=Assistant(index, embedder=e5), doc="en/lapland.pdf").invoke("budget")
    assert {d.metadata["doc"] for d in pdf} == {"en/lapland.pdf"} and {d.metadata["page"] for d in pdf} <= {1, 2}


class Cited(ChatCompletions):
    """The chat-completions stub answering from the first passage."""

    reply = "Hamburg fördert acht Cluster [1]."


def test_a_chain_with_a_chat_model(index, e5):
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnablePassthrough
    from langchain_openai import ChatOpenAI

    with chat_server(Cited) as url:
        retriever = HybridRetriever(assistant=Assistant(index, embedder=e5), k=3)
        model = ChatOpenAI(base_url=f"{url}/v1", api_key="none", model="stub")
        prompt = ChatPromptTemplate.from_messages([("system", "Answer from the numbered passages, cite [n]."),
                                                   ("user", "{context}\n\nQuestion: {question}")])

        def numbered(documents) -> str:
            return "\n\n".join(f"[{n}] {d.page_content}" for n, d in enumerate(documents, 1))

        chain = {"context": retriever | numbered, "question": RunnablePassthrough()} | prompt | model | StrOutputParser()
        assert chain.invoke("Welche Cluster fördert Hamburg?") == Cited.reply
    sent = Cited.requests[-1]["messages"][-1]["content"]
    assert sent.startswith("[1] ") and "Hamburg fördert acht Cluster" in sent  # the retrieved passages went in
