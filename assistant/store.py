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
from .records import PUBLIC

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
    """The chunk vectors in Chroma, one collection per access group, tied to the embedding model that built them.

    A reader's search runs in the collections of their groups only, unfiltered by group inside each (Chroma's
    filtered search costs 10-20x its plain one: BENCHMARKS.md "Access groups"); a document in two groups has its
    vectors in both. The group "public" keeps the collection's own name (an index made before groups is its public
    collection); another group G lives in "<collection>.G".
    """

    def __init__(self, settings: Settings, model_name: str, dim: int) -> None:
        self.settings = settings
        self.model_name = model_name
        self.dim = dim
        self._broken = False
        self._reopen_lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        with failures(self.settings):
            self.client = connect(self.settings)
            self._groups: dict[str, object] = {}
            self.collection = self._collection(PUBLIC, create=True)
        self.batch = max(1, self.client.get_max_batch_size())

    def name(self, group: str) -> str:
        """The Chroma collection of an access group."""
        return self.settings.collection if group == PUBLIC else f"{self.settings.collection}.{group}"

    def _collection(self, group: str, create: bool = False):
        """The group's collection (cached), created when `create`; None when it does not exist."""
        if group in self._groups:
            return self._groups[group]
        name = self.name(group)
        try:
            collection = self.client.get_collection(name, embedding_function=None)
        except Exception:  # NotFoundError (server) or ValueError (embedded) when missing; else create fails too
            if not create:
                return None
            collection = self.client.create_collection(
                name, metadata={"hnsw:space": "cosine", "embedding_model": self.model_name, "dim": self.dim},
                configuration={"hnsw": {"space": "cosine", "sync_threshold": HNSW_SYNC_THRESHOLD}},
                embedding_function=None)
        built_with = (collection.metadata or {}).get("embedding_model")
        if built_with and built_with != self.model_name:
            where = self.settings.chroma_url or self.settings.index_dir
            raise ModelMismatch(
                f"the index at {where} (collection {name!r}) was built with {built_with}, "
                f"not {self.model_name}. Use the same model (--model / ASSISTANT_MODEL), or rebuild: choose a new "
                f"--index folder (or --collection), or delete {where} and run `assistant ingest` again."
            )
        self._groups[group] = collection
        return collection

    def groups(self) -> list[str]:
        """The access groups that have a collection."""
        with self._call():
            names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        prefix = f"{self.settings.collection}."
        return [PUBLIC, *sorted(n[len(prefix):] for n in names if n.startswith(prefix))]

    def _current(self) -> None:
        """After a failure exactly one caller reopens the client, the others wait for it."""
        with self._reopen_lock:
            if self._broken:
                # An embedded client that failed (disk full...) can hang if reused; in-flight calls keep the old one.
                forget_client(self.client)
                self._open()
                self._broken = False

    @contextmanager
    def _call(self, group: str = PUBLIC, create: bool = False) -> Iterator:
        """One Chroma call on one consistent client (the old or the reopened one, never a mix), with the group's
        collection (None when it has none and `create` is off)."""
        self._current()
        client = self.client
        try:
            with failures(self.settings):
                yield self._collection(group, create)
        except IndexUnavailable:
            with self._reopen_lock:
                if self.client is client:  # a failure of an old client must not discard a newer one
                    self._broken = True
            raise

    def settle(self) -> None:
        """Bring an older collection to HNSW_SYNC_THRESHOLD (the writer calls it). Best effort: a collection that
        keeps its old setting still answers, only not always with the same top 20 in every process."""
        self._current()
        collection = self.collection
        try:
            hnsw = (collection.configuration or {}).get("hnsw") or {}
            if int(hnsw.get("sync_threshold") or 0) > HNSW_SYNC_THRESHOLD:
                collection.modify(configuration={"hnsw": {"sync_threshold": HNSW_SYNC_THRESHOLD}})
        except Exception as exc:  # a server or version without the setting: the index works as before
            log.info("HNSW sync threshold left as it is: %s", exc)

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict], texts: list[str],
               groups: list[tuple[str, ...]] | None = None) -> None:
        """Write vectors into the collection of each of their chunk's groups (all public when None), in batches
        under Chroma's maximum batch size."""
        groups = groups or [(PUBLIC,)] * len(ids)
        for group in sorted({g for gs in groups for g in gs}):
            rows = [i for i, gs in enumerate(groups) if group in gs]
            for i in range(0, len(rows), self.batch):
                part = rows[i:i + self.batch]
                with self._call(group, create=True) as collection:
                    collection.upsert(ids=[ids[r] for r in part], embeddings=vectors[part].tolist(),
                                      metadatas=[metadatas[r] for r in part], documents=[texts[r] for r in part])

    def copy(self, doc: str, source: tuple[str, ...], targets: tuple[str, ...]) -> None:
        """Copy one document's vectors from a collection of `source` groups into those of `targets` (a change of
        its groups: no re-embedding)."""
        got = None
        for group in source:
            with self._call(group) as collection:
                if collection is not None:
                    got = collection.get(where={"doc": doc}, include=["embeddings", "metadatas", "documents"])
            if got and got["ids"]:
                break
        if not got or not got["ids"]:
            return
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        for group in targets:
            self.upsert(got["ids"], vectors, got["metadatas"], got["documents"], [(group,)] * len(got["ids"]))

    def delete_stale(self, keep: dict[str, str], groups: dict[str, tuple[str, ...]] | None = None) -> None:
        """Delete the vectors of these documents except those of the version to keep ('' keeps none) in the
        collections of their groups (`groups`; every version from any other group's collection)."""
        for group in self.groups() if keep else []:
            clauses = [{"$and": [{"doc": doc}, {"doc_hash": {"$ne": digest}}]}
                       if digest and group in (groups or {}).get(doc, (PUBLIC,)) else {"doc": doc}
                       for doc, digest in keep.items()]
            for i in range(0, len(clauses), 100):  # bounded `where` size per call
                part = clauses[i:i + 100]
                with self._call(group) as collection:
                    if collection is not None:
                        collection.delete(where=part[0] if len(part) == 1 else {"$or": part})

    def query(self, vector: np.ndarray, k: int, where: dict | None,
              groups: tuple[str, ...] | None = None) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, best first, from the collections of these access groups (None:
        every group's)."""
        found: dict[str, float] = {}
        for group in self.groups() if groups is None else groups:
            with self._call(group) as collection:
                if collection is None:
                    continue
                result = collection.query(query_embeddings=[vector.tolist()], n_results=k, where=where or None,
                                          include=["distances"])
            for cid, d in zip(result["ids"][0], result["distances"][0], strict=True):
                found[cid] = max(found.get(cid, -2.0), 1.0 - float(d))
        return sorted(found.items(), key=lambda item: -item[1])[:k]

    def count(self) -> int:
        """Number of vectors stored in every group's collection (committed or not; a chunk in two groups twice)."""
        total = 0
        for group in self.groups():
            with self._call(group) as collection:
                total += collection.count() if collection is not None else 0
        return total
