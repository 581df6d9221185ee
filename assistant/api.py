"""The core API every interface calls: ingest, search, ask, evaluate, documents, stats. The interfaces (the CLI,
assistant/ui, LangChain) import from here only: the Assistant, and the data types, limits and text helpers below."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import feedback, plots
from .access import OPERATOR, PUBLIC, Reader, anonymous, group_names, signed_in
from .across import MIN_COMPOUND, joins
from .answering import Answer, Answerer, Citation, page_label
from .catalog import Catalog, DocumentRow
from .config import MODES, Settings, offline_defaults
from .conversations import MAX_ID, answer_of, snapshot
from .corpora import SERVED, build_command, foreign, index_for, record_folders, require_documents, served_folders
from .embeddings import Embedder, make_embedder, model_name
from .errors import ModelMismatch, UserError, WriterBusy
from .evaluation import Question, Report, check_quotes, evaluate, load_questions
from .export import FORMATS as EXPORT_FORMATS
from .export import markdown_text, understood
from .feedback import MAX_ANSWER, MAX_CITATIONS, MAX_FIELD, MAX_QUOTE, MAX_TEXT, Feedback
from .history import History
from .ingest import Ingestor, IngestReport, Progress, Tally
from .kept import KeptQuestions
from .lexical import fold, tokenize
from .limits import MAX_CONVERSATIONS, MAX_QUESTION, MAX_TITLE, MAX_TURNS, MAX_URL
from .loaders import DOCTYPES, SUFFIXES, find_sources
from .priority import QuestionsFirst
from .question_report import candidates as question_candidates
from .records import Hit
from .retrieval import MAX_TOPIC, Filters, Retriever
from .runs import PLOT as RUNS_PLOT
from .runs import read_about
from .sheets import cell
from .store import VectorStore
from .users import User, Users
from .web import is_url, text_fragment
from .webingest import Seed
from .writer import writer_lock

log = logging.getLogger(__name__)

# The interfaces' whole view of the core: the Assistant, its data types, its limits and the helpers that show text.
__all__ = ["DOCTYPES", "MAX_ANSWER", "MAX_CITATIONS", "MAX_FIELD", "MAX_QUESTION", "MAX_QUOTE", "MAX_TEXT", "MAX_TOPIC",
           "MAX_URL", "MIN_COMPOUND", "MODES", "SUFFIXES", "Answer", "Assistant", "Citation", "DocumentRow", "Feedback",
           "Filters", "Hit", "IngestReport", "OPERATOR", "PUBLIC", "Question", "Reader", "Seed", "Settings", "User",
           "RUNS_PLOT", "find_sources", "foreign", "group_names", "index_for", "is_url", "page_label", "read_about",
           "signed_in", "Tally", "cell", "fold", "joins", "question_candidates", "text_fragment", "tokenize",
           "EXPORT_FORMATS", "MAX_CONVERSATIONS", "MAX_ID", "MAX_TITLE", "MAX_TURNS", "answer_of", "markdown_text",
           "snapshot", "understood", "plots", "build_command"]


class Assistant(KeptQuestions, History):
    """cluster-assistant over one index; the embedding model and vector store open on first use."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        offline_defaults()
        self.settings = settings or Settings.from_env()
        try:
            group_names(self.settings.public_groups, default=())
        except ValueError as exc:
            raise ValueError(f"ASSISTANT_PUBLIC_GROUPS: {exc}") from None
        self.catalog = Catalog(self.settings.index_dir)
        self._check_model(embedder.name if embedder else model_name(self.settings.model))
        self._embedder = embedder
        self._store: VectorStore | None = None
        self._retriever: Retriever | None = None
        self._generator = None
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.users = Users(self.catalog)
        self.gate = QuestionsFirst.from_env()  # this process's questions before its ingests' next batch

    def require_documents(self) -> None:
        """IndexMissing when the index holds no document yet; its message names the command that adds them."""
        require_documents(self.catalog, self.settings.index_dir)

    def anonymous(self) -> Reader:
        """The reader who has not signed in (the groups of ASSISTANT_PUBLIC_GROUPS)."""
        return anonymous(self.settings.public_groups)

    def reader_named(self, name: str) -> Reader:
        """The reader a local user is ("anonymous" or "-": the reader who has not signed in); UserError if none."""
        if name in ("anonymous", "-", ""):
            return self.anonymous()
        user = self.users.get(name)
        if user is None:
            raise UserError(f"no user named {name!r}: `assistant users list` shows them, `assistant users add` "
                            f"adds one")
        return signed_in(user.reader(), self.settings.public_groups)

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
        """The retriever over this index (one per Assistant, so a cross-encoder loads once)."""
        store = self.store
        with self._lock:
            if self._retriever is None:
                self._retriever = Retriever(self.settings, self.catalog, store, lambda: self.embedder)
            return self._retriever

    @property
    def answerer(self) -> Answerer:
        """The answerer over this index (with the configured LLM backend, if any)."""
        return self.answerer_for(None)

    def answerer_for(self, filters: Filters | None, reader: Reader = OPERATOR) -> Answerer:
        """The answerer over the passages these filters let through (all when None) of the documents the reader may
        see: its searches and its check that a name is mentioned at all."""
        from .llm import make_generator

        with self._lock:
            if self._generator is None and self.settings.llm:
                self._generator = make_generator(self.settings)
        scoped = reader.scope(filters)
        return Answerer(lambda q: self.search(q, k=5, filters=scoped, reader=reader), self.embedder,
                        self.settings.answer_threshold, llm=self._generator,
                        mentions=lambda text: self.retriever.mentions(text, scoped.groups),
                        strict=self.settings.llm_strict, tuning=self.settings.tuning,
                        cache=self.catalog if self.settings.sentence_cache else None)

    def ask(self, question: str, history: list[tuple[str, str]] | None = None,
            filters: Filters | None = None, reader: Reader = OPERATOR, keep: str = "") -> Answer:
        """A cited answer in the asker's language (or an abstention with the nearest passages), from the documents
        the reader may see; `keep` ("app", "api"): the channel to keep the question under for the Questions report
        ("": not kept, as for the CLI and the evaluations)."""
        with self.gate.question():
            answer = self.answerer_for(filters, reader).ask(question, history)
        self.keep_question(answer, question, reader, keep)
        return answer

    def ask_stream(self, question: str, history: list[tuple[str, str]] | None = None,
                   filters: Filters | None = None, reader: Reader = OPERATOR, keep: str = ""):
        """Yield answer text pieces as they come, then the final Answer (kept as `ask` keeps it, before it is
        yielded: a reader who stops reading there still leaves it kept)."""
        with self.gate.question():
            for piece in self.answerer_for(filters, reader).stream(question, history):
                if not isinstance(piece, str):
                    self.keep_question(piece, question, reader, keep)
                yield piece

    def ingest(self, paths: list[Path | str], prune: bool = False, progress: Progress | None = None,
               wait: bool = False, groups: str | list[str] | None = None) -> IngestReport:
        """Ingest files and folders into the index (one writer per index: while another process writes, wait or
        raise WriterBusy). `groups`: the access groups of documents whose manifest names none (None: those they
        have, public for a new one)."""
        chosen = group_names(groups) if groups else None
        with self._writing(wait), writer_lock(self.settings.index_dir, wait):
            self.catalog.set_meta("embedding_model", self.embedder.name)
            record_folders(self.catalog, [Path(p) for p in paths])  # before the run: an interrupted one counts too
            ingestor = Ingestor(self.settings, self.embedder, self.store, self.catalog, chosen, self.gate)
            return ingestor.run([Path(p) for p in paths], prune=prune, progress=progress)

    def warm(self) -> None:
        """Load what a first question needs (the model, the language detectors, the indexes) before one is asked:
        the first reader does not wait for it."""
        from .language import detect, detect_question

        detect_question("What do the documents say about clusters?")
        detect("A sentence long enough for the document language detector to load every language it tells apart.")
        try:
            self.search("cluster", k=1)
        except Exception as exc:  # an empty or missing index: the first question says so itself
            log.debug("warm-up search: %s", exc)

    def serving(self, folder: Path) -> list[str]:
        """Record that an app serves this folder from the index; the folders apps served from it before (whose
        documents it no longer shows: one corpus, one index). Folders added with `assistant ingest` are not
        among them: an operator's deliberate addition, such as a staff folder, stays."""
        before = [f for f in served_folders(self.catalog) if Path(f) != folder.expanduser().resolve()]
        record_folders(self.catalog, [folder], SERVED)
        return before

    def ingest_web(self, seeds: list, manifest: dict[str, dict] | None = None, refresh: bool = False,
                   progress: Progress | None = None, wait: bool = False,
                   groups: str | list[str] | None = None) -> IngestReport:
        """Index web pages, sitemaps, feeds and crawls (webingest.Seed); with `refresh`, re-check every known web
        source too. Under the same write lock as a file ingest; `groups` as for `ingest`."""
        from .webingest import WebIngestor

        chosen = group_names(groups) if groups else None
        with self._writing(wait), writer_lock(self.settings.index_dir, wait):
            self.catalog.set_meta("embedding_model", self.embedder.name)
            ingestor = Ingestor(self.settings, self.embedder, self.store, self.catalog, chosen, self.gate)
            return WebIngestor(self.settings, ingestor, self.catalog).run(seeds, manifest, refresh, progress)

    def set_groups(self, doc: str, groups: str | list[str], wait: bool = False) -> bool:
        """Change which access groups see a document (no re-embedding); False when it had these already.
        UserError when no such document."""
        chosen = group_names(groups, default=())
        if not chosen:
            raise UserError("give at least one access group (e.g. staff, or public to publish it)")
        with self._writing(wait), writer_lock(self.settings.index_dir, wait):
            if doc not in self.catalog.hashes_of([doc]):
                raise UserError(f"no document {doc!r} in the index: give its id as `assistant groups --docs` lists "
                                f"it (its path relative to the folder ingested)")
            return Ingestor(self.settings, self.embedder, self.store, self.catalog).regroup(doc, chosen)

    def groups(self) -> dict[str, int]:
        """Every access group with its number of documents."""
        return self.catalog.group_counts()

    def refresh(self, progress: Progress | None = None, wait: bool = False) -> IngestReport:
        """Re-check every web source: changed pages re-indexed, gone ones removed after a second check."""
        return self.ingest_web([], refresh=True, progress=progress, wait=wait)

    def forget_web_source(self, url: str, wait: bool = False) -> list[str] | None:
        """Take a web source off the list (a page, sitemap, feed or crawl: refresh no longer reads it), and its
        indexed documents out of the index (a page's, or every page a sitemap, feed or crawl found): those removed.
        None when there is no such source. The source goes last: a kill midway leaves it listed, to remove again."""
        row, pages = self.catalog.source_pages(url)
        if row is None:
            return None
        with self._writing(wait), writer_lock(self.settings.index_dir, wait):
            indexed = sorted(self.catalog.hashes_of([p.doc for p in pages if p.doc]))
            ingestor = Ingestor(self.settings, self.embedder, self.store, self.catalog)
            for doc in indexed:
                ingestor.remove(doc)
            self.catalog.delete_web_sources([*pages, row])  # the source and its pages in one transaction
        return indexed

    def web_sources(self) -> list:
        """The web sources (pages and the sitemaps, feeds and crawls that list them) with their last check."""
        return self.catalog.web_sources()

    @property
    def is_writing(self) -> bool:
        """Whether this process is changing the index now (its indexing, or an admin's change)."""
        return self._write_lock.locked()

    @contextmanager
    def _writing(self, wait: bool = False) -> Iterator[None]:
        """This process's write lock: taken at once or, unless `wait`, WriterBusy at once (an admin's delete during
        the background ingest or another admin's change is refused, not left hanging)."""
        if not self._write_lock.acquire(blocking=wait):
            raise WriterBusy("the index is being changed in this server (indexing, or another change); try again "
                             "when it has finished", "busy_writing")
        try:
            yield
        finally:
            self._write_lock.release()

    def remove(self, doc: str, wait: bool = False) -> None:
        """Remove one document from the index (under the same write lock as ingest)."""
        with self._writing(wait), writer_lock(self.settings.index_dir, wait):
            Ingestor(self.settings, self.embedder, self.store, self.catalog).remove(doc)
            self.catalog.forget_page(doc)  # not fetched again: neither as a page nor from its sitemap, feed or crawl

    def search(self, query: str, k: int = 10, mode: str | None = None, filters: Filters | None = None,
               per_doc: bool = False, reader: Reader = OPERATOR, across: bool = False) -> list[Hit]:
        """The k best chunks for a query among the documents the reader may see: the whole ranking, as the answerer
        and the evaluations read it (`across`: with the query's concepts searched in the other languages, as a
        reader is shown)."""
        with self.gate.question():
            return self.retriever.search(query, k=k, mode=mode, filters=reader.scope(filters), per_doc=per_doc,
                                         across=across)

    def find(self, query: str, k: int = 10, mode: str | None = None, filters: Filters | None = None,
             per_doc: bool = False, reader: Reader = OPERATOR) -> list[Hit]:
        """The passages a reader is shown for a query, the same list on every interface (the page's good practices,
        /api/search, `assistant search`, LangChain): the ranking cut to the passages close enough to the best."""
        found = self.search(query, k, mode, filters, per_doc, reader, across=True)
        return self.relevant(query, found, filters, mode, reader)

    def relevant(self, query: str, hits: list[Hit], filters: Filters | None = None,
                 mode: str | None = None, reader: Reader = OPERATOR) -> list[Hit]:
        """The hits close enough to the query to show (retrieval.Retriever.relevant), measured against the best
        passage the reader may see."""
        dense = hits if (mode or self.settings.search_mode) == "dense" else None
        with self.gate.question():
            return self.retriever.relevant(query, hits, reader.scope(filters), dense)

    def query_terms(self, query: str) -> set[str]:
        """The query's terms as the index holds them, to highlight in what is shown."""
        return self.retriever.query_terms(query)

    def evaluate(self, questions: list[Question], mode: str | None = None, depth: int = 50) -> Report:
        """Retrieval metrics of one mode over a question set."""
        doc_langs = {d.doc: d.lang for d in self.catalog.documents()}
        mode = mode or self.settings.search_mode
        return evaluate(questions, lambda q, m: self.search(q, k=depth, mode=m), mode, doc_langs, depth)

    def evaluate_answers(self, questions: list[Question]) -> list:
        """Answer every question (follow-ups after their `previous` questions) and check each answer."""
        from .answer_eval import check_all

        return check_all(questions, lambda q: self.ask(q.question, history=[(p, "") for p in q.previous] or None),
                         self.extracted_text)

    def extracted_text(self, doc: str) -> str | None:
        """A file document's text as its loader extracts it, before any cleaning (None: no longer on disk, or a
        web page)."""
        from .loaders import find_sources, parse, read

        row = next((d for d in self.catalog.documents() if d.doc == doc), None)
        if row is None or not Path(row.path).is_file():
            return None
        source = next((s for s in find_sources([Path(row.path)])), None)
        if source is None:
            return None
        try:
            data, digest = read(source, self.settings)
            return "\n\n".join(p.text for p in parse(source, data, digest, self.settings).pages)
        except Exception:  # noqa: BLE001 (a file changed since it was indexed: not checked)
            return None

    def check_questions(self, path: Path) -> tuple[list[Question], list[str]]:
        """Load a question set and list its problems (unknown documents, quotes not found verbatim)."""
        questions = load_questions(path)
        return questions, check_quotes(questions, self.catalog.document_texts())

    def documents(self, reader: Reader = OPERATOR) -> list[DocumentRow]:
        """The indexed documents the reader may see."""
        return self.catalog.documents(reader.searched)

    def record_feedback(self, item: Feedback, reader: Reader = OPERATOR) -> int:
        """Store a reader's feedback on an answer (InvalidFeedback when a field is wrong, or names a passage the reader
        may not see); its id."""
        return feedback.record(self.catalog, item, reader.searched)

    def feedback(self, reader: Reader = OPERATOR) -> Iterator[dict]:
        """Every stored feedback item the reader may see, oldest first (read a page at a time): an item that cites
        or names a document outside the reader's groups is left out."""
        if reader.sees_all:
            return feedback.items(self.catalog)
        visible = {d.doc for d in self.documents(reader)}
        return (item for item in feedback.items(self.catalog)
                if {item.get("doc") or "", *(c.get("doc") or "" for c in item.get("citations") or [])} - {""}
                <= visible)

    def feedback_stats(self) -> dict:
        """Feedback counts and 👍 rates overall, by language and by week, counted by the database."""
        return feedback.counted(self.catalog)

    def stats(self, reader: Reader = OPERATOR) -> dict:
        """Documents, chunks by language (those the reader may see), and the model that built the index."""
        groups = reader.searched
        docs = self.catalog.documents(groups)
        return {
            "documents": len(docs),
            "chunks": self.catalog.chunk_count(groups),
            "chunks_by_lang": self.catalog.chunks_by_lang(groups),
            "documents_by_lang": _count(d.lang for d in docs),
            "languages": _languages(docs),  # by the documents' language: their count and their passages
            "model": self.catalog.get_meta("embedding_model") or model_name(self.settings.model),
            "index": str(self.settings.chroma_url or self.settings.index_dir),
        }


def _languages(docs: list[DocumentRow]) -> dict[str, dict[str, int]]:
    """Documents and their passages by document language, most documents first."""
    out: dict[str, dict[str, int]] = {}
    for d in docs:
        entry = out.setdefault(d.lang or "", {"documents": 0, "chunks": 0})
        entry["documents"] += 1
        entry["chunks"] += d.chunks
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["documents"], kv[0])))


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
