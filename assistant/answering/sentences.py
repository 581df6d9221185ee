"""Sentences of the retrieved passages: candidates, their features by name, scoring (linear, then fused with the
latent-term and titled-window rankings), the vector cache per chunk version, selection and the span to quote."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import numpy as np

from ..chunking import sentence_spans, title_lines
from ..cleaning import ends_sentence
from ..config import Tuning
from ..embeddings import cached_rows, has_latent, query_latent
from ..languages import NUMBER_WORDS, NUMERALS, STOPWORDS, spellings, with_spellings
from ..lexical import query_terms
from ..limits import MAX_EMBEDDED
from ..records import Hit
from .model import QUOTE_WINDOW, Asked, Candidate

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_NUMBER_WORD = re.compile(rf"\b({NUMBER_WORDS})\b", re.I)
_COUNT = re.compile(rf"({_NUMBER.pattern}|\b(?:{NUMBER_WORDS})\b)((?:\s+[^\W\d_]+){{1,3}})", re.I)
YEAR = re.compile(r"(?:19|20)\d\d")  # a year: no count


def candidates(hits: list[Hit]) -> list[Candidate]:
    """Every sentence of the passages, as exact character spans of the chunk text, with its window (its neighbours,
    for the window features) and its quote span: the window within the sentence's paragraph, never starting or
    ending on a title line (a heading or date stays the passage's context). A title line is no candidate, nor is
    a line that repeats the document's title without ending as a sentence does (it names the page, it states
    nothing; a title read from a document's first sentence is that sentence)."""
    out = []
    for i, hit in enumerate(hits):
        spans = list(sentence_spans(hit.text))
        titles = title_lines(hit.text, [(s, e) for s, e, _ in spans])
        named = _title_forms(str(hit.meta.get("title", "")))
        titles = [t or _bare(hit.text[s:e]) in named and not ends_sentence(hit.text[s:e])
                  for t, (s, e, _) in zip(titles, spans, strict=True)]
        for j, (start, end, opens) in enumerate(spans):
            if end - start < 25 or titles[j]:
                continue
            before, after = j > 0, j + 1 < len(spans)
            out.append(Candidate(i, start, end, hit.text[start:end], spans[j - 1][0] if before else start,
                                 spans[j + 1][1] if after else end,
                                 quote_start=spans[j - 1][0] if before and not (titles[j - 1] or opens) else start,
                                 quote_end=spans[j + 1][1] if after and not (titles[j + 1] or spans[j + 1][2])
                                 else end))
    return out


def _title_forms(title: str) -> set[str]:
    """A document's title as a line may repeat it: whole, or before its source's name ("Progress of … (France
    Clusters – Hub …)", "Inno Industry – utvecklar …")."""
    head = re.split(r"\s+[(–—|]\s*|\s+-\s+", title, maxsplit=1)[0]
    return {form for form in (_bare(title), _bare(head)) if form}


def _bare(line: str) -> str:
    """A line's words only, case-folded: "///Progress of the Six …" and "Progress of the six …" agree."""
    return " ".join(re.findall(r"\w+", line.casefold()))


FEATURES = ("sentence", "window", "overlap", "numbers", "names", "asked", "rank", "quantity_number", "bias")


def features(asked: Asked, q_vector: np.ndarray, cands: list[Candidate], hits: list[Hit], embedder,
             langs: list[str], titled: bool = False, windows: bool = True, cache=None) -> dict[str, np.ndarray]:
    """Each feature of FEATURES by name, one value per candidate sentence (`titled`: the window is embedded after
    its document's title; without `windows` their similarity is left at 0 and nothing more is embedded)."""
    question = asked.standalone
    sentence_vectors, window_vectors = candidate_vectors(cands, hits, embedder, titled, windows, cache)
    terms = set(query_terms(with_spellings(question), langs))
    numbers = set(_NUMBER.findall(question))  # digits only: "six" in a question matched every "six" on tune
    names = [spellings(w.strip("?,.!")) for w in question.split()[1:] if w[:1].isupper()]
    counted = set(query_terms(asked.counted, langs)) if asked.counted else set()
    quantity = "quantity" in asked.kinds
    tokens = [set(query_terms(cand.text, langs)) for cand in cands]
    column = {
        "sentence": sentence_vectors @ q_vector,
        "window": window_vectors @ q_vector if windows else np.zeros(len(cands)),
        "overlap": [len(terms & t) / max(len(terms), 1) for t in tokens],
        "numbers": [len(numbers & set(_NUMBER.findall(c.text))) for c in cands],
        "names": [sum(1 for spelt in names if any(n and n in c.text for n in spelt)) for c in cands],
        "asked": [float(bool(counted) and counts_asked_thing(c.text, counted, langs)) for c in cands],
        "rank": [c.hit_index for c in cands],
        "quantity_number": [float(quantity and states_a_number(c.text)) for c in cands],
        "bias": np.ones(len(cands)),
    }
    return {name: np.asarray(column[name], dtype=np.float64) for name in FEATURES}


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, in digits: written as words too ("nio partners", "neuf partenaires": 9)."""
    found = set(_NUMBER.findall(text))
    found.update(str(NUMERALS[w.casefold()]) for w in _NUMBER_WORD.findall(text) if w.casefold() in NUMERALS)
    return found


def linear_scores(named: dict[str, np.ndarray], tuning: Tuning) -> np.ndarray:
    """The linear score of each candidate: the features weighed by the tuning's weight of the same name."""
    matrix = np.column_stack([named[name] for name in FEATURES])
    return matrix @ np.asarray([getattr(tuning, name) for name in FEATURES])


def candidate_vectors(cands: list[Candidate], hits: list[Hit], embedder, titled: bool, windows: bool,
                      cache=None) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's sentence and window vectors. With a cache (the catalog), a chunk version's vectors are
    embedded once, on its first answer, and read from then on: an answer then costs a query embedding."""
    rows, vectors = passage_rows(
        cands, hits, f"sentences-v1:titled={int(titled)}:windows={int(windows)}", embedder.dim,
        lambda i, ns: _embedded_texts([cands[n] for n in ns], hits[i], titled, windows),
        lambda texts: np.asarray(embedder.passages(texts), dtype=np.float32), cache)
    dim = embedder.dim
    sentence, window = np.zeros((len(cands), dim), np.float32), np.zeros((len(cands), dim), np.float32)
    for i, ns in rows.items():
        sentence[ns] = vectors[i][:len(ns)]
        if windows:
            window[ns] = vectors[i][len(ns):]
    return sentence, window


def passage_rows(cands: list[Candidate], hits: list[Hit], recipe: str, width: int,
                 texts_of: Callable[[int, list[int]], list[str]], compute: Callable[[list[str]], np.ndarray],
                 cache=None) -> tuple[dict[int, list[int]], dict[int, np.ndarray]]:
    """Each passage's candidates (by hit index) and its rows of `width` floats, one per text `texts_of(hit index,
    candidates)` gives for them: embeddings.cached_rows by chunk version and recipe."""
    rows: dict[int, list[int]] = {}
    for n, cand in enumerate(cands):
        rows.setdefault(cand.hit_index, []).append(n)
    found = cached_rows([hits[i].chunk_id for i in rows], [texts_of(i, ns) for i, ns in rows.items()], recipe, width,
                        compute, cache)
    return rows, dict(zip(rows, found, strict=True))


def _embedded_texts(cands: list[Candidate], hit: Hit, titled: bool, windows: bool) -> list[str]:
    """What is embedded for one passage's candidates: their sentences, then their windows."""
    texts = [c.text for c in cands]
    if windows:
        texts += [_titled(hit, titled) + hit.text[c.window_start:c.window_end] for c in cands]
    return texts


def _titled(hit: Hit, titled: bool) -> str:
    title = str(hit.meta.get("title") or "")
    return f"{title}\n" if titled and title else ""


def score_sentences(asked: Asked, q_vector: np.ndarray, cands: list[Candidate], hits: list[Hit],
                    embedder, langs: list[str], tuning: Tuning, cache=None) -> None:
    """Score each candidate: a linear model over FEATURES (weights from the tune split), in place; then order
    them by the fusion of that score with the latent-term and titled-window rankings (Tuning.fusion)."""
    if not cands:
        return
    fused = fuses(tuning, embedder)
    titled = tuning.titled or fused
    named = features(asked, q_vector, cands, hits, embedder, langs, titled, windows=bool(tuning.window) or fused,
                     cache=cache)
    linear = linear_scores(named, tuning)
    order = linear
    if fused:
        query = query_latent(embedder, asked.standalone[:MAX_EMBEDDED], tuning.latent_terms)
        sentence_terms, window_terms = latent_sims(query, cands, hits, embedder, tuning.latent_terms, cache)
        rankings = (linear, sentence_terms, window_terms, named["window"])
        # rounded: equal rank sums added in another order differ in the last bits, and a tie must go to the
        # linear score (select), not to float noise
        order = np.round(sum(1.0 / (tuning.fusion_k + _ranks(r)) for r in rankings), 12)
    # A count across languages joins the quotes (typed.count_across) but adds nothing to the score: as a score it also
    # found near counts for questions the documents do not answer, and the score decides whether to answer.
    counted = counts_of(asked, named["asked"], cands, embedder, tuning.counted_across)
    across = not named["asked"].any()
    for cand, value, rank_score, counts in zip(cands, linear, order, counted, strict=True):
        cand.score, cand.order, cand.counts = float(value), float(rank_score), bool(counts)
        cand.across = cand.counts and across


def fuses(tuning: Tuning, embedder) -> bool:
    """Whether the quotes are ordered by the fused rankings (the tuning asks for it and the model has latent terms)."""
    return tuning.fusion and has_latent(embedder)


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the highest value, 1 for the next, …"""
    ranks = np.empty(len(values))
    ranks[np.argsort(-np.asarray(values), kind="stable")] = np.arange(len(values))
    return ranks


def latent_sims(query: tuple[np.ndarray, np.ndarray], cands: list[Candidate], hits: list[Hit], embedder,
                top_k: int, cache=None) -> tuple[np.ndarray, np.ndarray]:
    """The dot product of the question's latent terms with each sentence's and each window's (kept per chunk
    version in the cache, as rows of term ids then weights)."""
    rows, packed = passage_rows(
        cands, hits, f"latent-v1:top={top_k}", 2 * top_k,
        lambda i, ns: [cands[n].text for n in ns] + [hits[i].text[cands[n].window_start:cands[n].window_end]
                                                      for n in ns],
        lambda texts: np.stack([_pack(t, w, top_k) for t, w in embedder.latent(texts, top_k)]), cache)
    weights = dict(zip(np.asarray(query[0]).tolist(), np.asarray(query[1]).tolist(), strict=True))
    sentence, window = np.zeros(len(cands)), np.zeros(len(cands))
    for i, ns in rows.items():
        for k, n in enumerate(ns):
            sentence[n] = _dot(weights, packed[i][k], top_k)
            window[n] = _dot(weights, packed[i][len(ns) + k], top_k)
    return sentence, window


def _pack(terms: np.ndarray, weights: np.ndarray, top_k: int) -> np.ndarray:
    """Term ids then weights in one float32 row of 2 * top_k (ids below 2**24 are exact; unused slots weigh 0)."""
    row = np.zeros(2 * top_k, np.float32)
    n = min(len(terms), top_k)
    row[:n], row[top_k:top_k + n] = np.asarray(terms[:n], np.float32), np.asarray(weights[:n], np.float32)
    return row


def _dot(query: dict[int, float], row: np.ndarray, top_k: int) -> float:
    return float(sum(query.get(int(t), 0.0) * float(w) for t, w in zip(row[:top_k], row[top_k:], strict=True) if w))


def counts_asked_thing(text: str, terms: set[str], langs: list[str]) -> bool:
    """True when a count's words hold the counted thing: "nio partners" for "hur många partner"."""
    # Stems disagree across inflections (sv: partner -> partn, partners -> partner): compare prefixes.
    return any(same_stem(w, t) for phrase in count_words(text) for w in query_terms(phrase, langs) for t in terms)


def counts_of(asked: Asked, found: np.ndarray, cands: list[Candidate], embedder, across: float) -> list[float]:
    """1.0 for each sentence that counts the asked thing: in the question's words (`found`: "nio partners"), else,
    when no sentence does, in other words close to them ("30 goda exempel" for "bonnes pratiques", `across`
    similarity; 0: never)."""
    found = [float(v) for v in found]
    if any(found) or not across or not asked.thing:
        return found
    phrases = [count_words(c.text) for c in cands]
    distinct = sorted({p for found_ in phrases for p in found_})  # as many as the passages' counts
    if not distinct:
        return found
    vectors = embedder.passages([asked.thing, *distinct])
    close = {p for p, sim in zip(distinct, vectors[1:] @ vectors[0], strict=True) if sim >= across}
    return [float(bool(close.intersection(p))) for p in phrases]


def count_words(text: str) -> set[str]:
    """What each count of a sentence counts: the words after the number up to a function word, three at most
    ("model demonstrator regions" in "Six model demonstrator regions were", "åren" in "två åren har partners");
    a year counts nothing."""
    out = set()
    for match in _COUNT.finditer(text):
        if YEAR.fullmatch(match.group(1)):
            continue
        words = list(itertools.takewhile(lambda w: w.casefold() not in STOPWORDS, match.group(2).split()))
        if words:
            out.add(" ".join(words))
    return out


def same_stem(a: str, b: str) -> bool:
    """Whether two words of four letters or more share a stem, one being a prefix of the other."""
    return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))


def select(cands: list[Candidate], limit: int = 3, margin: float | None = 0.04,
           reach: Callable[[Candidate], tuple[int, int]] | None = None) -> list[Candidate]:
    """The first sentences in their order, within a margin of the best linear score (None: no margin), without
    repeats; a sentence inside what a chosen one's quote reaches (`reach`: its span; None: its window) is one."""
    reach = reach or (lambda c: (c.window_start, c.window_end))
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.order, -c.score)):  # fused ties: the linear score decides
        if len(chosen) == limit:
            break
        if margin is not None and chosen and cand.score < chosen[0].score - margin:
            break
        words = set(cand.text.lower().split())
        if any(len(words & set(c.text.lower().split())) / max(len(words), 1) > 0.6 for c in chosen):
            continue
        if any(c.hit_index == cand.hit_index and reach(c)[0] < cand.end and cand.start < reach(c)[1]
               for c in chosen):
            continue  # a neighbour that a chosen sentence's quote holds adds nothing
        chosen.append(cand)
    return chosen


def quote_span(cand: Candidate, hit: Hit, window: bool) -> tuple[int, int]:
    """The span to quote: the sentence, or with its neighbours (no title line) while they fit in QUOTE_WINDOW
    characters."""
    if not window:
        return cand.start, cand.end
    start, end = cand.start, cand.end
    reach_back = cand.quote_start if cand.quote_start >= 0 else cand.window_start
    reach_on = cand.quote_end if cand.quote_end >= 0 else cand.window_end
    if reach_on - start <= QUOTE_WINDOW:
        end = max(end, reach_on)
    if end - reach_back <= QUOTE_WINDOW:
        start = min(start, reach_back)
    return start, end


def quoted_with_neighbours(best: Candidate, hits: list[Hit]) -> str:
    """The text the best sentence would be quoted with (its neighbours included)."""
    hit = hits[best.hit_index]
    start, end = quote_span(best, hit, True)
    return hit.text[start:end]


def states_a_number(text: str) -> bool:
    """Whether a sentence gives a quantity (digits or a number word)."""
    return bool(_NUMBER.search(text) or _NUMBER_WORD.search(text))
