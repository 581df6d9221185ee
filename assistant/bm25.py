"""BM25 in a tantivy index beside the catalog: top-k with block-max WAND pruning instead of scoring every chunk
that shares a term with the query (SQLite FTS5), over the same stemmed tokens.

The catalog stays the source of truth. A version's postings are added before its catalog commit and the older
versions' are deleted after it, so a crash leaves at worst postings of versions the catalog does not hold; a
search maps its hits through the catalog snapshot, which drops them (retrieval.Retriever.lexical), and the next
commit or recovery of the document sweeps them.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .records import PUBLIC

log = logging.getLogger(__name__)

FIELDS = ("chunk_id", "version", "doc", "lang", "doctype", "groups")  # exact-match fields (raw tokenizer)


def version(doc: str, content_hash: str) -> str:
    """The name of one version of a document in the index."""
    return f"{doc}#{content_hash[:12]}"


class TantivyBM25:
    """The BM25 index of one catalog; writers are opened per commit (one writer per index, as for the catalog)."""

    def __init__(self, folder: Path) -> None:
        import tantivy

        self.folder = folder
        self._tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        for name in FIELDS:
            builder.add_text_field(name, stored=name == "chunk_id", tokenizer_name="raw")
        builder.add_integer_field("year", indexed=True)
        # The tokens are already stemmed and folded \w runs (lexical.tokenize): split on spaces only. Term
        # frequencies without positions: ranking needs no phrases (lexical.mentions stays on FTS5).
        builder.add_text_field("tokens", tokenizer_name="ws", index_option="freq")
        self.schema = builder.build()
        if not _has_fields(folder):  # an index of an older schema (no access groups): rebuilt from the catalog
            shutil.rmtree(folder, ignore_errors=True)
        self.created = not (folder / "meta.json").exists()
        folder.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        self.index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self._lock = threading.Lock()

    def add(self, rows: Iterable[tuple[str, str, str, str, str, int, str, tuple[str, ...]]]) -> None:
        """Add chunks (chunk_id, version, doc, lang, doctype, year, tokens, access groups) and commit; postings a
        version already had (an interrupted or repeated write, or a change of groups) are replaced, never doubled."""
        seen: set[str] = set()
        with self._writer() as writer:
            for chunk_id, ver, doc, lang, doctype, year, tokens, *groups in rows:  # groups: public if not given
                if ver not in seen:  # a delete applies to what was added before it, not to what follows
                    seen.add(ver)
                    writer.delete_documents_by_term("version", ver)
                writer.add_document(self._tantivy.Document(
                    chunk_id=chunk_id, version=ver, doc=doc, lang=lang or "", doctype=doctype or "",
                    year=int(year or 0), tokens=tokens, groups=list(groups[0] if groups else (PUBLIC,))))

    def keep_only(self, versions: dict[str, str]) -> None:
        """Delete every version of these documents but the given one ("" deletes them all)."""
        query = self._tantivy.Query
        with self._writer() as writer:
            for doc, keep in versions.items():
                clauses = [(self._tantivy.Occur.Must, query.term_query(self.schema, "doc", doc))]
                if keep:
                    clauses.append((self._tantivy.Occur.MustNot,
                                    query.term_query(self.schema, "version", version(doc, keep))))
                writer.delete_documents_by_query(query.boolean_query(clauses))

    def search(self, terms: list[str], k: int, lang: str = "", doc: str = "", doctype: str = "",
               year: int = 0, groups: tuple[str, ...] | None = None) -> list[tuple[str, float]]:
        """The k best (chunk_id, score) for the OR of the terms, within the exact-match filters and, unless
        `groups` is None, the chunks of documents in one of these access groups."""
        if not terms:
            return []
        query, occur = self._tantivy.Query, self._tantivy.Occur
        clauses = [(occur.Should, query.term_query(self.schema, "tokens", t)) for t in dict.fromkeys(terms)]
        bm25 = query.boolean_query(clauses)
        filters = [(occur.Must, query.term_query(self.schema, name, value))
                   for name, value in (("lang", lang), ("doc", doc), ("doctype", doctype)) if value]
        if year:
            filters.append((occur.Must, query.term_query(self.schema, "year", int(year))))
        if groups is not None:  # one of the reader's groups (none: nothing matches)
            filters.append((occur.Must, query.term_set_query(self.schema, "groups", list(groups))
                            if groups else query.empty_query()))
        if filters:  # filters select, they do not score
            bm25 = query.boolean_query([(occur.Must, bm25),
                                        *[(o, query.const_score_query(q, 0.0)) for o, q in filters]])
        with self._lock:
            self.index.reload()  # see what other processes committed
            searcher = self.index.searcher()
        result = searcher.search(bm25, limit=k, count=False)
        return [(searcher.doc(address)["chunk_id"][0], float(score)) for score, address in result.hits]

    def clear(self) -> None:
        """Delete every posting (before a rebuild from the catalog)."""
        with self._writer() as writer:
            writer.delete_all_documents()

    def count(self) -> int:
        """Documents (chunks, all versions) in the index."""
        with self._lock:
            self.index.reload()
            return self.index.searcher().num_docs

    @contextmanager
    def _writer(self) -> Iterator:
        """A tantivy writer held for one commit (its own lock file keeps a second process' writer out)."""
        writer = self.index.writer(heap_size=64_000_000, num_threads=1)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        else:
            writer.commit()
        finally:
            writer.wait_merging_threads()


def _has_fields(folder: Path) -> bool:
    """Whether the index in `folder` (if any) has every field of FIELDS (an older one lacks the access groups)."""
    meta = folder / "meta.json"
    if not meta.exists():
        return True
    try:
        names = {f["name"] for f in json.loads(meta.read_text(encoding="utf-8"))["schema"]}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return set(FIELDS) <= names
