"""Storing vectors in Chroma (embedded PersistentClient or a `chroma run` server), cosine space, batched."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import numpy as np

from .catalog import storage_error
from .config import Settings
from .errors import IndexUnavailable, ModelMismatch

log = logging.getLogger(__name__)


def connect(settings: Settings):
    """A Chroma client for the settings: HTTP when a server URL is given, else a local persistent one."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        # Chroma Cloud and Chroma's token auth read x-chroma-token; a reverse proxy in front of a server may want Bearer
        token = settings.chroma_token
        headers = {"x-chroma-token": token, "Authorization": f"Bearer {token}"} if token else None
        return chromadb.HttpClient(**server_address(settings.chroma_url), headers=headers, settings=chroma_settings)
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def server_address(url: str) -> dict:
    """HttpClient's host, port and ssl for a Chroma URL: https://host is port 443, http://host port 80."""
    if "://" not in url:  # `chroma.internal:8000` would otherwise read as a scheme "chroma.internal"
        raise ValueError(f"the Chroma URL {url!r} has no scheme: write http://{url} (or https://{url} for TLS)")
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"cannot read the Chroma URL {url!r}: use http(s)://HOST[:PORT][/PREFIX]")
    if parts.query or parts.fragment or parts.username:
        raise ValueError(f"the Chroma URL {url!r} has a query, fragment or user name: give scheme, host, port "
                         f"and path only (the token goes in ASSISTANT_CHROMA_TOKEN)")
    ssl = parts.scheme == "https"
    try:
        port = parts.port or (443 if ssl else 80)
    except ValueError as exc:
        raise ValueError(f"the Chroma URL {url!r} has an invalid port ({exc})") from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    prefix = parts.path.rstrip("/")
    if prefix:
        # Chroma's client keeps a path only when the host is given as a whole URL (it then ignores `port`).
        return {"host": f"{parts.scheme}://{host}:{port}{prefix}", "port": port, "ssl": ssl}
    return {"host": host, "port": port, "ssl": ssl}


def forget_clients() -> None:
    """Drop every cached in-process Chroma client (tests that hand a folder from one client to another)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def forget_client(client) -> None:
    """Drop this client's cached system only, so the next connect builds a fresh one; other clients keep theirs."""
    from chromadb.api.client import SharedSystemClient

    admin = getattr(client, "_admin_client", None)
    with SharedSystemClient._refcount_lock:
        for owner in (client, admin):
            identifier = getattr(owner, "_identifier", None)
            SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or while handling (Chroma wraps its HTTP errors in ValueError)."""
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


@contextmanager
def failures(settings: Settings) -> Iterator[None]:
    """Turn Chroma and file-system failures into one clear IndexUnavailable (read-only, disk full, server down)."""
    import httpx

    try:
        yield
    except Exception as exc:
        chain = _chain(exc)
        if not any(isinstance(e, OSError | httpx.HTTPError) or type(e).__module__.startswith("chromadb")
                   for e in chain):
            raise
        url = settings.chroma_url
        if any(isinstance(e, httpx.TransportError) for e in chain):
            raise IndexUnavailable(
                f"the Chroma server at {url} does not answer ({exc}). Start it (`chroma run --path DIR --port P`) "
                f"or check ASSISTANT_CHROMA_URL / --chroma-url; nothing in the index was changed.") from exc
        if any(isinstance(e, httpx.HTTPStatusError) and e.response.status_code in (401, 403) for e in chain):
            raise IndexUnavailable(
                f"the Chroma server at {url} refused access: set ASSISTANT_CHROMA_TOKEN to its token.") from exc
        if url:
            raise IndexUnavailable(f"the Chroma server at {url} failed: {exc}") from exc
        raise storage_error(settings.index_dir, exc) from exc


# Chroma keeps the HNSW graph of its last vectors only in its log until this many have been added (1000 by
# default), and every process rebuilds that graph in parallel threads: a different graph, so a different top 20
# for some queries from one run to the next. A graph written every 100 vectors is read back the same everywhere
# (the last <100 are searched by brute force).
HNSW_SYNC_THRESHOLD = 100


class VectorStore:
    """One Chroma collection of chunk vectors, tied to the embedding model that built it."""

    def __init__(self, settings: Settings, model_name: str, dim: int) -> None:
        self.settings = settings
        self.model_name = model_name
        self.dim = dim
        self._broken = False
        self._reopen_lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        settings = self.settings
        with failures(settings):
            self.client = connect(settings)
            try:
                self.collection = self.client.get_collection(settings.collection, embedding_function=None)
            except Exception:  # NotFoundError (server) or ValueError (embedded) when missing; else create fails too
                self.collection = self.client.create_collection(
                    settings.collection,
                    metadata={"hnsw:space": "cosine", "embedding_model": self.model_name, "dim": self.dim},
                    configuration={"hnsw": {"space": "cosine", "sync_threshold": HNSW_SYNC_THRESHOLD}},
                    embedding_function=None,
                )
        built_with = (self.collection.metadata or {}).get("embedding_model")
        if built_with and built_with != self.model_name:
            where = settings.chroma_url or settings.index_dir
            raise ModelMismatch(
                f"the index at {where} (collection {settings.collection!r}) was built with {built_with}, "
                f"not {self.model_name}. Use the same model (--model / ASSISTANT_MODEL), or rebuild: choose a new "
                f"--index folder (or --collection), or delete {where} and run `assistant ingest` again."
            )
        self.batch = max(1, self.client.get_max_batch_size())

    def _current(self):
        """The collection to use for one call; after a failure exactly one caller reopens, the others wait for it."""
        with self._reopen_lock:
            if self._broken:
                # An embedded client that failed (disk full...) can hang if reused; in-flight calls keep the old one.
                forget_client(self.client)
                self._open()
                self._broken = False
            return self.collection

    @contextmanager
    def _call(self) -> Iterator:
        """One Chroma call on one consistent collection (the old or the reopened one, never a mix)."""
        collection = self._current()
        try:
            with failures(self.settings):
                yield collection
        except IndexUnavailable:
            with self._reopen_lock:
                if self.collection is collection:  # a failure of an old client must not discard a newer one
                    self._broken = True
            raise

    def settle(self) -> None:
        """Bring an older collection to HNSW_SYNC_THRESHOLD (the writer calls it). Best effort: a collection that
        keeps its old setting still answers, only not always with the same top 20 in every process."""
        collection = self._current()
        try:
            hnsw = (collection.configuration or {}).get("hnsw") or {}
            if int(hnsw.get("sync_threshold") or 0) > HNSW_SYNC_THRESHOLD:
                collection.modify(configuration={"hnsw": {"sync_threshold": HNSW_SYNC_THRESHOLD}})
        except Exception as exc:  # a server or version without the setting: the index works as before
            log.info("HNSW sync threshold left as it is: %s", exc)

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict], texts: list[str]) -> None:
        """Write vectors in batches under Chroma's maximum batch size."""
        for i in range(0, len(ids), self.batch):
            j = i + self.batch
            with self._call() as collection:
                collection.upsert(ids=ids[i:j], embeddings=vectors[i:j].tolist(),
                                       metadatas=metadatas[i:j], documents=texts[i:j])

    def delete_stale(self, keep: dict[str, str]) -> None:
        """Delete the vectors of these documents except those of the version to keep ('' keeps none)."""
        clauses = [{"$and": [{"doc": doc}, {"doc_hash": {"$ne": digest}}]} if digest else {"doc": doc}
                   for doc, digest in keep.items()]
        for i in range(0, len(clauses), 100):  # bounded `where` size per call
            part = clauses[i:i + 100]
            with self._call() as collection:
                collection.delete(where=part[0] if len(part) == 1 else {"$or": part})

    def query(self, vector: np.ndarray, k: int, where: dict | None) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, best first."""
        with self._call() as collection:
            result = collection.query(query_embeddings=[vector.tolist()], n_results=k, where=where or None,
                                           include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def count(self) -> int:
        """Number of vectors stored (committed or not)."""
        with self._call() as collection:
            return collection.count()
