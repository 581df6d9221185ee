"""Optional generative backends: an OpenAI-compatible endpoint (LangChain) or a local GGUF (llama-cpp-python)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

from .config import Settings
from .errors import LLMUnavailable
from .prompting import LANGUAGE_NAMES, REWRITE, SYSTEM, clean, passages_prompt
from .records import Hit

log = logging.getLogger(__name__)

# Where a reply ends: the template tokens of common chat formats and the prompt's own structure.
STOP = ("</passage>", "<passage", "[/INST]", "[INST]", "<end_of_turn>", "<start_of_turn>", "<|im_end|>",
        "<|eot_id|>", "\nQuestion:")
OPENAI_STOP = ("</passage>", "[/INST]", "<end_of_turn>", "\nQuestion:")  # OpenAI's API takes at most 4


class Generator:
    """Prompting and post-processing shared by the backends; subclasses only stream chat messages."""

    endpoint = "the language model"
    timeout = 60.0

    def chat(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """Stream the reply to (role, content) messages."""
        raise NotImplementedError

    def stream(self, question: str, lang: str, hits: list[Hit]) -> Iterator[str]:
        """Stream an answer grounded in the numbered passages (no state kept: `finish` is given the same hits)."""
        system = SYSTEM.format(language=LANGUAGE_NAMES.get(lang, "English"))
        yield from self.chat([("system", system), ("user", passages_prompt(question, hits, lang))])

    def rewrite(self, question: str, history: list[tuple[str, str]]) -> str:
        """A stand-alone version of a follow-up question."""
        turns = "\n".join(f"Q: {q}\nA: {a[:300]}" for q, a in history[-3:])
        text = clean("".join(self.chat([("system", REWRITE), ("user", f"{turns}\nLast question: {question}")])), [])
        return text.splitlines()[0].strip() if text else ""

    def describe(self, exc: BaseException) -> str:
        """Why a call failed, in words, naming the endpoint (for the fallback notice)."""
        return f"{self.endpoint}: {cause_in_words(exc, self.timeout)}"


def cause_in_words(exc: BaseException, timeout: float) -> str:
    """An exception from an HTTP client or llama.cpp as a short reason a user can act on."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    if "Timeout" in name:
        return f"no reply within {timeout:g} s (ASSISTANT_LLM_TIMEOUT)"
    if status == 404 or "NotFound" in name:
        return "404 Not Found: does the base URL end with /v1, and does the server know the model name?"
    if status in (405, 501):
        return f"the server answered {status} (it takes no chat completions here): does the base URL end with /v1?"
    if status in (401, 403):
        return f"the API key was refused ({status})"
    if status == 429:
        return "too many requests (429); try again later"
    if status:
        return f"the server answered {status}"
    if "Connection" in name:
        return f"cannot connect ({_root_cause(exc)})"
    return f"{name}: {str(exc)[:200]}" if str(exc) else name


def _root_cause(exc: BaseException) -> str:
    """The innermost reason in an exception chain ("[Errno 111] Connection refused"), short."""
    for _ in range(10):  # a chain, not a loop
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return (str(exc) or type(exc).__name__)[:200]


class OpenAICompatible(Generator):
    """Any chat-completions endpoint (llama.cpp server, vLLM, Ollama, hosted APIs) through langchain-openai."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import ChatOpenAI

        if not settings.llm_base_url and not settings.llm_api_key:
            raise LLMUnavailable("ASSISTANT_LLM=openai without ASSISTANT_LLM_BASE_URL talks to OpenAI's API and "
                                 "needs ASSISTANT_LLM_API_KEY (or OPENAI_API_KEY); for a local server set "
                                 "ASSISTANT_LLM_BASE_URL=http://host:port/v1")
        self.endpoint = settings.llm_base_url or "https://api.openai.com/v1"
        self.timeout = settings.llm_timeout
        # langchain-openai sends OpenAI's newer max_completion_tokens; self-hosted servers (llama.cpp, Ollama)
        # read max_tokens, so a custom endpoint gets both.
        extra = {"max_tokens": settings.llm_max_tokens} if settings.llm_base_url else None
        self.model = ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url,
                                api_key=settings.llm_api_key or "not-needed", timeout=settings.llm_timeout,
                                max_retries=0, streaming=True, temperature=0, max_tokens=settings.llm_max_tokens,
                                stop=list(OPENAI_STOP), extra_body=extra)

    def chat(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """Stream content deltas."""
        for chunk in self.model.stream(messages):
            if chunk.content:
                yield str(chunk.content)


# Chat formats for GGUF files without a template of their own, by model architecture (llama-cpp-python would
# otherwise fall back to llama-2's [INST] format, which other models answer with echoes of the tags).
ARCHITECTURE_FORMATS = {"gemma": "gemma", "gemma2": "gemma", "gemma3": "gemma", "llama": "llama-2",
                        "mistral": "mistral-instruct", "qwen2": "chatml", "qwen3": "chatml", "phi3": "chatml"}

NO_SYSTEM_ROLE = {"gemma"}  # llama-cpp-python formats that silently drop a system message


class LlamaCpp(Generator):
    """A local GGUF model through llama-cpp-python (install the `gguf` extra); llama.cpp's own log goes to
    logging (logger "llama_cpp"), not to stderr."""

    def __init__(self, settings: Settings) -> None:
        if not settings.gguf_path:
            raise LLMUnavailable("ASSISTANT_LLM=gguf needs ASSISTANT_GGUF_PATH (a .gguf file)")
        from llama_cpp import Llama

        route_llama_log()
        self.endpoint = f"the GGUF model {settings.gguf_path}"
        self.timeout = settings.llm_timeout
        self.max_tokens = settings.llm_max_tokens
        self.model = Llama(model_path=settings.gguf_path, n_ctx=settings.llm_context, verbose=False,
                           chat_format=settings.llm_chat_format)
        # llama-cpp-python's Llama is not thread-safe (one KV cache, one sampler): one generation at a time.
        self.lock = threading.Lock()
        if not settings.llm_chat_format:
            self.model.chat_format = chat_format(self.model.metadata) or self.model.chat_format
        log.info("GGUF %s: chat format %s, context %d", settings.gguf_path, self.model.chat_format or "from the file",
                 settings.llm_context)

    def chat(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """Stream content deltas."""
        if self.model.chat_format in NO_SYSTEM_ROLE:  # the format would drop the instructions: put them first
            system = "\n\n".join(content for role, content in messages if role == "system")
            messages = [(role, f"{system}\n\n{content}" if i == 0 and system else content)
                        for i, (role, content) in enumerate(m for m in messages if m[0] != "system")]
        payload = [{"role": role, "content": content} for role, content in messages]
        if not self.lock.acquire(timeout=self.timeout):
            raise TimeoutError(f"the local model was busy with other questions for {self.timeout:g} s")
        try:  # held until the stream ends or its reader goes away (the generator is closed)
            for event in self.model.create_chat_completion(messages=payload, stream=True, temperature=0,
                                                           max_tokens=self.max_tokens, stop=list(STOP)):
                delta = event["choices"][0].get("delta", {}).get("content")
                if delta:
                    yield delta
        finally:
            self.lock.release()


def chat_format(metadata: dict) -> str | None:
    """None when the GGUF carries its own chat template, else the format for its architecture (chatml when
    unknown)."""
    if metadata.get("tokenizer.chat_template"):
        return None
    return ARCHITECTURE_FORMATS.get(str(metadata.get("general.architecture", "")), "chatml")


_LOG_CALLBACK = None  # kept alive: llama.cpp holds a pointer to it


def route_llama_log() -> None:
    """Send llama.cpp's C-level log lines to logging instead of the terminal's stderr."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is not None:
        return
    import ctypes

    import llama_cpp

    llama_log = logging.getLogger("llama_cpp")

    @llama_cpp.llama_log_callback
    def _log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        line = text.decode("utf-8", "replace").rstrip()
        if line:
            llama_log.debug("%s", line)

    _LOG_CALLBACK = _log
    llama_cpp.llama_log_set(_log, ctypes.c_void_p(0))


BACKENDS: dict[str, Callable[[Settings], Generator]] = {"openai": OpenAICompatible, "gguf": LlamaCpp}


def make_generator(settings: Settings) -> Generator | None:
    """The configured backend (ASSISTANT_LLM, one of BACKENDS), or None for extractive answers only."""
    if not settings.llm:
        return None
    if settings.llm not in BACKENDS:
        raise LLMUnavailable(f"unknown LLM backend {settings.llm!r}: use one of {', '.join(BACKENDS)}")
    return BACKENDS[settings.llm](settings)
