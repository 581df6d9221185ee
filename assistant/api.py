"""The core API every interface calls: ingest, search, stats, documents (and later ask, eval)."""

from __future__ import annotations

import threading
from pathlib import Path

from .catalog import Catalog, DocumentRow
from .config import Settings, offline_defaults
from .embeddings import Embedder, make_embedder, model_name
from .evaluation import Question, Report, check_quotes, evaluate, load_questions
from .ingest import Ingestor, IngestReport, Progress
from .records import Hit
from .retrieval import Filters, Retriever
from .store import ModelMismatch, VectorStore


class Assistant:
    """cluster-assistant over one index; the embedding model and vector store open on first use."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        offline_defaults()
        self.settings = settings or Settings.from_env()
        self.catalog = Catalog(self.settings.index_dir)
        self._check_model(embedder.name if embedder else model_name(self.settings.model))
        self._embedder = embedder
        self._store: VectorStore | None = None
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()

    def _check_model(self, name: str) -> None:
        built_with = self.catalog.get_meta("embedding_model")
        if built_with and built_with != name:
            raise ModelMismatch(
                f"the index at {self.settings.index_dir} was built with {built_with}, not {name}. "
                f"Use the same model (--model / ASSISTANT_MODEL), or rebuild: pick a new --index folder, "
                f"or delete {self.settings.index_dir} and run `assistant ingest` again."
            )

    @property
    def embedder(self) -> Embedder:
        """The embedding model (loaded once)."""
        with self._lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings.model)
            return self._embedder

    @property
    def store(self) -> VectorStore:
        """The Chroma collection (opened once)."""
        embedder = self.embedder
        with self._lock:
            if self._store is None:
                self._store = VectorStore(self.settings, embedder.name, embedder.dim)
            return self._store

    @property
    def retriever(self) -> Retriever:
        """A retriever over this index."""
        return Retriever(self.settings, self.catalog, self.store, lambda: self.embedder)

    def ingest(self, paths: list[Path | str], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        """Ingest files and folders into the index (one ingest at a time per process)."""
        with self._write_lock:
            self.catalog.set_meta("embedding_model", self.embedder.name)
            ingestor = Ingestor(self.settings, self.embedder, self.store, self.catalog)
            return ingestor.run([Path(p) for p in paths], prune=prune, progress=progress)

    def remove(self, doc: str) -> None:
        """Remove one document from the index."""
        with self._write_lock:
            Ingestor(self.settings, self.embedder, self.store, self.catalog).remove(doc)

    def search(self, query: str, k: int = 10, mode: str | None = None, filters: Filters | None = None,
               per_doc: bool = False) -> list[Hit]:
        """The best chunks for a query."""
        return self.retriever.search(query, k=k, mode=mode, filters=filters, per_doc=per_doc)

    def evaluate(self, questions: list[Question], mode: str | None = None, depth: int = 50) -> Report:
        """Retrieval metrics of one mode over a question set."""
        doc_langs = {d.doc: d.lang for d in self.catalog.documents()}
        mode = mode or self.settings.search_mode
        return evaluate(questions, lambda q, m: self.search(q, k=depth, mode=m), mode, doc_langs, depth)

    def check_questions(self, path: Path) -> tuple[list[Question], list[str]]:
        """Load a question set and list its problems (unknown documents, quotes not found verbatim)."""
        questions = load_questions(path)
        return questions, check_quotes(questions, self.catalog.document_texts())

    def documents(self) -> list[DocumentRow]:
        """The indexed documents."""
        return self.catalog.documents()

    def stats(self) -> dict:
        """Documents, chunks by language, and the model that built the index."""
        docs = self.catalog.documents()
        return {
            "documents": len(docs),
            "chunks": self.catalog.chunk_count(),
            "chunks_by_lang": self.catalog.chunks_by_lang(),
            "documents_by_lang": _count(d.lang for d in docs),
            "model": self.catalog.get_meta("embedding_model") or model_name(self.settings.model),
            "index": str(self.settings.chroma_url or self.settings.index_dir),
        }


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
