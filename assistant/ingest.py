"""Ingest: files -> cleaned, language-tagged chunks -> vectors and lexical rows, incrementally and resumably.

Like `llm embed-multi`: hash each document, skip what is already there, embed the rest in batches.
Documents are written in batches: vectors (marked pending) -> one catalog commit (now visible) -> stale vectors
removed. A kill at any point leaves either the old or the new version visible, and the next run sweeps.
Storage failures (read-only folder, full disk) come from the catalog and the store as one clear IndexUnavailable.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .access import PUBLIC, group_names
from .catalog import Catalog, Latent
from .chunking import chunk_document, sentence_spans
from .cleaning import clean_text, clean_title, cut_at_word
from .config import Settings
from .embeddings import Embedder, has_latent
from .errors import LoadError
from .language import detect, majority
from .lexical import tokenize
from .loaders import Source, find_sources, parse, read
from .priority import QuestionsFirst
from .progress import Progress, Tally, Tracker
from .records import Chunk, Document, Page
from .store import VectorStore

log = logging.getLogger(__name__)

__all__ = ["IngestReport", "Ingestor", "Prepared", "Progress", "Tally", "prepare"]
# Chunks shorter than this take their document's language: detection on a few words is unreliable.
MIN_DETECT_CHARS = 200
MIN_SENTENCE_CHARS = 40  # a sentence long enough to vote on a mixed chunk's language
# A batch is stored at least this often, so a kill loses little embedding work on a slow machine.
FLUSH_SECONDS = 10.0


@dataclass
class IngestReport:
    """What an ingest did, per document."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    regrouped: list[str] = field(default_factory=list)  # unchanged, but now seen by other access groups
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # indexed, but with something left out
    chunks: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """The one-line summary printed at the end of an ingest."""
        regrouped = f", regrouped {len(self.regrouped)}" if self.regrouped else ""
        return (f"indexed {len(self.indexed)}, unchanged {len(self.unchanged)}{regrouped}, "
                f"removed {len(self.removed)}, failed {len(self.failed)}")


@dataclass
class Prepared:
    """A document ready to embed: its chunks and their lexical tokens."""

    doc: Document
    chunks: list[Chunk]
    tokens: list[list[str]]
    latent: list[Latent] | None = None


def prepare(doc: Document, settings: Settings) -> Prepared:
    """Clean pages, chunk them, and tag each chunk (and the document) with its language."""
    doc.pages = [Page(p.number, clean_text(p.text, doc.doctype)) for p in doc.pages]
    if not any(p.text.strip() for p in doc.pages):
        raise LoadError("no text could be extracted (scanned or empty document?)")
    doc.title = clean_title(doc.title)  # a page's or a PDF's own: no bidi override or newline reaches the page
    doc.title_read = not doc.title
    doc.title = doc.title or _first_line(doc.pages[0].text) or Path(doc.doc_id).stem
    chunks = chunk_document(doc, settings.chunk_chars, settings.chunk_overlap_chars)
    doc_lang = doc.lang or detect(" ".join(p.text for p in doc.pages)[:5000], default="")
    for chunk in chunks:
        chunk.lang = chunk_language(chunk.text, doc_lang)
    doc.lang = doc.lang or majority([(c.lang, len(c.text)) for c in chunks], default="")
    tokens = [tokenize(f"{doc.title}\n{c.text}" if c.index == 0 else c.text, c.lang) for c in chunks]
    return Prepared(doc, chunks, tokens)


def _size(path: Path) -> int:
    """A file's bytes (0 when it cannot be read: it fails later, with its reason)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def chunk_language(text: str, doc_lang: str) -> str:
    """A chunk's language: lingua's on the whole chunk, or, when that is not the document's, the language of most
    of its characters sentence by sentence (an English page whose footnotes cite Finnish titles stays English; a
    Finnish passage in an English report is Finnish)."""
    if len(text) < MIN_DETECT_CHARS:
        return doc_lang
    whole = detect(text, default=doc_lang) or doc_lang
    if not doc_lang or whole == doc_lang:
        return whole
    sentences = [text[s:e] for s, e, _ in sentence_spans(text) if e - s >= MIN_SENTENCE_CHARS]
    return majority([(detect(t, default=""), len(t)) for t in sentences], default=whole)


def _first_line(text: str) -> str:
    """A text's first non-blank line (cut near 150 characters): the title of a document that gives none."""
    return cut_at_word(next((line.strip() for line in text.splitlines() if line.strip()), ""), 150)


def embedding_text(doc: Document, chunk: Chunk) -> str:
    """What the model embeds for a chunk: the document title gives a passage its context."""
    return f"{doc.title}\n{chunk.text}" if doc.title else chunk.text


# Prepared documents waiting for the model: enough to keep it busy, few enough to bound memory.
OVERLAP_QUEUE = 8


def overlapped(items: Iterator[Prepared], depth: int = OVERLAP_QUEUE) -> Iterator[Prepared]:
    """Run the producer in a thread, so reading, parsing and language detection overlap the embedding (the model
    releases the GIL); its exceptions are raised here, and it stops when the consumer does."""
    box: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(value) -> bool:
        while not stop.is_set():
            try:
                box.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        _parse_in_idle_time()
        try:
            for item in items:
                if not put(item):
                    return
            put(done)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)

    thread = threading.Thread(target=produce, name="ingest-parse", daemon=True)
    thread.start()
    try:
        while (value := box.get()) is not done:
            if isinstance(value, BaseException):
                raise value
            yield value
    finally:
        stop.set()
        thread.join()


def _parse_in_idle_time() -> None:
    """Give the calling (parsing) thread the lowest CPU priority, on Linux, where a thread has its own nice value.

    The model's worker threads fill every core: a parser at equal priority preempts one of them, and each of the
    model's parallel steps then waits for it (on the full shared corpus, overlapped ingest ran at 90 % of the model's
    rate against 94 % parsing first). At nice 19 parsing takes the idle time, and all of it when the model waits."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):  # not Linux, or not allowed: parse at the usual priority
        pass


class Ingestor:
    """Runs ingests against one catalog, vector store and embedder."""

    def __init__(self, settings: Settings, embedder: Embedder, store: VectorStore, catalog: Catalog,
                 groups: tuple[str, ...] | None = None, gate: QuestionsFirst | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.catalog = catalog
        self.latent = settings.latent_weight > 0 and has_latent(embedder)
        self.groups = groups  # the access groups of documents whose manifest names none (None: those they have)
        self._committed_groups: dict[str, tuple[str, ...]] | None = None  # read once a run (recover resets it)
        self.gate = gate or QuestionsFirst(enabled=False)  # questions of this process go before each batch
        self._tracker: Tracker | None = None  # the progress of this run (web ingests: of this progress callback)

    def run(self, paths: list[Path], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        """Ingest files and folders; failures are reported per file and never stop the rest."""
        started = time.perf_counter()
        report = IngestReport()
        self.recover()
        committed = self.catalog.hashes()
        seen: dict[str, Source] = {}
        regroups: list[tuple[str, tuple[str, ...]]] = []
        sources = list(find_sources(paths))  # counted first: the progress's total from the start
        self._tracker = Tracker(progress)
        self._tracker.found(len(sources), [(s.doc_id, _size(s.path), s.path.suffix.lower()) for s in sources])
        if self.settings.ingest_overlap:
            todo: Iterable[Prepared] = overlapped(self._collect(sources, committed, report, seen, regroups))
        else:
            todo = list(self._collect(sources, committed, report, seen, regroups))
        self._write(todo, report)
        report.failed += [(str(path), "no such file or folder") for path in paths if not path.exists()]
        known = self.committed_groups()  # most unchanged documents keep their groups: no lookup for them
        report.regrouped += [doc for doc, groups in regroups
                             if known.get(doc) != groups and self.regroup(doc, groups)]
        if prune:
            self._prune(paths, seen, report)
        report.seconds = time.perf_counter() - started
        return report

    def recover(self) -> None:
        """Remove vectors left by an interrupted run: any version other than the committed one; bring an older
        vector index to the settings that make its searches the same in every process."""
        self.store.settle()
        self._committed_groups = None
        committed = self.catalog.hashes()
        docs = sorted({doc for doc, _ in self.catalog.pending()})
        if docs:
            self.store.delete_stale({doc: committed.get(doc) or "" for doc in docs}, self.catalog.groups_of(docs))
            self.catalog.sweep_lexical({doc: committed.get(doc) or "" for doc in docs})
            self.catalog.relist_lexical([doc for doc in docs if doc in committed])  # a change of groups cut short
            self.catalog.clear_pending(docs)

    def wanted_groups(self, doc: str, manifest: dict) -> tuple[str, ...]:
        """A document's access groups: its manifest's, else this run's, else those it has, else public."""
        if manifest.get("groups"):
            return group_names(manifest["groups"])
        if self.groups:
            return group_names(self.groups)
        return self.committed_groups().get(doc) or (PUBLIC,)

    def committed_groups(self) -> dict[str, tuple[str, ...]]:
        """Every committed document's access groups, read once a run (not one query a document)."""
        if self._committed_groups is None:
            self._committed_groups = self.catalog.groups_of(list(self.catalog.hashes()))
        return self._committed_groups

    def regroup(self, doc: str, groups: tuple[str, ...]) -> bool:
        """Make a committed document visible to these access groups instead of its own, without re-embedding:
        its vectors copied into the new groups' collections, the catalog committed (the moment it changes), then
        the old groups' vectors deleted; a crash in between is swept by `recover`. False when nothing changed."""
        old = self.catalog.groups_of([doc]).get(doc)
        digest = self.catalog.hashes_of([doc]).get(doc)
        if old is None or digest is None or tuple(sorted(old)) == tuple(sorted(groups)):
            return False
        self.catalog.mark_pending([(doc, digest)])
        self.store.copy(doc, old, tuple(g for g in groups if g not in old))
        self.catalog.set_groups(doc, groups)
        self.store.delete_stale({doc: digest}, {doc: tuple(groups)})
        self.catalog.clear_pending([doc])
        return True

    def _collect(self, sources: list[Source], committed: dict[str, str], report: IngestReport,
                 seen: dict[str, Source], regroups: list) -> Iterator[Prepared]:
        """Read, parse and prepare each new or changed document, one at a time (failures go to the report); an
        unchanged one goes to `regroups` with the access groups it should have."""
        tracker = self._tracker or Tracker(None)
        for source in sources:
            if source.doc_id in seen:
                report.failed.append((str(source.path), f"doc id {source.doc_id!r} is already used by "
                                                         f"{seen[source.doc_id].path} in this run"))
                tracker.failed(source.doc_id)
                continue
            seen[source.doc_id] = source
            try:
                data, content_hash = read(source, self.settings)
                groups = self.wanted_groups(source.doc_id, source.meta)
                if committed.get(source.doc_id) == content_hash:
                    report.unchanged.append(source.doc_id)
                    tracker.unchanged(source.doc_id)
                    regroups.append((source.doc_id, groups))  # applied by the writing thread, after the writes
                    continue
                doc = parse(source, data, content_hash, self.settings)
                doc.groups = groups
                for note in doc.notes:
                    log.warning("%s: %s", source.path, note)
                    report.warnings.append((str(source.path), note))
                item = prepare(doc, self.settings)
                tracker.chunked(source.doc_id, len(item.chunks))
            except LoadError as exc:
                report.failed.append((str(source.path), str(exc)))
                tracker.failed(source.doc_id)
                continue
            yield item

    def write_prepared(self, todo: list[Prepared], report: IngestReport, progress: Progress | None = None) -> None:
        """Embed and store prepared documents (files or web pages) with the crash-safe batched write; the progress
        counts every document handed in with the same callback as one run."""
        if self._tracker is None or self._tracker.callback is not progress:
            self._tracker = Tracker(progress)
        self._tracker.found(len(todo))
        for item in todo:
            self._tracker.chunked(item.doc.doc_id, len(item.chunks))
        self._write(todo, report)

    def _write(self, todo: Iterable[Prepared], report: IngestReport) -> None:
        """Embed document by document; store in batches of about `write_batch` chunks or FLUSH_SECONDS of work."""
        batch: list[tuple[Prepared, np.ndarray]] = []
        since = time.monotonic()
        for item in todo:
            texts = [embedding_text(item.doc, c) for c in item.chunks]
            batch.append((item, self._embed(item, texts)))
            if sum(len(i.chunks) for i, _ in batch) >= self.settings.write_batch or \
                    time.monotonic() - since > FLUSH_SECONDS:
                self._flush(batch, report)
                batch, since = [], time.monotonic()
        self._flush(batch, report)

    def _embed(self, item: Prepared, texts: list[str]) -> np.ndarray:
        """A document's passage vectors (and latent terms), in batches that wait for this process's questions."""
        vectors = []
        for start, end in self.gate.sliced(len(texts), self.settings.embed_batch):  # a turn before each batch
            vectors.append(self.embedder.passages(texts[start:end]))
            if self._tracker:  # a long document shows its progress before its commit
                self._tracker.embedded(end - start, item.doc.doc_id)
        if self.latent:  # a second model pass per passage: it waits its turn too
            item.latent = [term for start, end in self.gate.sliced(len(texts), self.settings.embed_batch)
                           for term in self.embedder.latent(texts[start:end],  # type: ignore[attr-defined]
                                                            self.settings.latent_terms)]
        return np.concatenate(vectors).reshape(len(texts), -1)

    def _flush(self, batch: list[tuple[Prepared, np.ndarray]], report: IngestReport) -> None:
        if batch:
            self.write(batch)
            report.indexed.extend(item.doc.doc_id for item, _ in batch)
            report.chunks += sum(len(item.chunks) for item, _ in batch)
            if self._tracker:  # counted once the catalog has committed them: searchable now
                self._tracker.committed([(item.doc.doc_id, len(item.chunks)) for item, _ in batch])

    def write(self, batch: list[tuple[Prepared, np.ndarray]]) -> None:
        """Store embedded documents: pending -> vectors -> one catalog commit (visible) -> stale vectors swept."""
        docs = [item.doc for item, _ in batch]
        chunks = [(item.doc, c) for item, _ in batch for c in item.chunks]
        self.catalog.mark_pending([(d.doc_id, d.content_hash) for d in docs])
        self.store.upsert([c.chunk_id for _, c in chunks], np.concatenate([v for _, v in batch]).astype(np.float32),
                          [c.metadata(doc) for doc, c in chunks], [c.text for _, c in chunks],
                          [doc.groups for doc, _ in chunks])
        self.catalog.commit_documents([(item.doc, item.chunks, item.tokens, item.latent) for item, _ in batch])
        self.store.delete_stale({d.doc_id: d.content_hash for d in docs}, {d.doc_id: d.groups for d in docs})
        self.catalog.clear_pending([d.doc_id for d in docs])

    def _prune(self, paths: list[Path], seen: dict[str, Source], report: IngestReport) -> None:
        roots = {str(p.resolve()) for p in paths if p.is_dir()}
        for row in self.catalog.documents():
            if row.doc.startswith(("http://", "https://")):
                continue  # a web page: `assistant refresh` judges it, not the files on disk
            gone = row.doc not in seen and (row.root in roots or not Path(row.path).exists())
            if gone:
                self.remove(row.doc)
                report.removed.append(row.doc)

    def remove(self, doc: str) -> None:
        """Remove one document: invisible first (catalog), then its vectors."""
        self.catalog.mark_pending([(doc, "")])
        self.catalog.remove_document(doc)
        self.store.delete_stale({doc: ""})
        self.catalog.clear_pending([doc])
