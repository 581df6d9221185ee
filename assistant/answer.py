"""Answering: cited answers in the asker's language — extractive by default, an LLM when one is configured."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

import numpy as np

from .chunking import sentence_spans, title_lines
from .conversation import name_spans, question_language, standalone_question
from .embeddings import has_latent, query_latent
from .lexical import query_terms
from .records import Hit
from .texts import AMOUNT, COMPANY_FORMS, FRAMES, MONEY_QUESTION, NUMBER_WORDS, PERSON_QUESTION, QUANTITY, frame

__all__ = ["FRAMES", "Answer", "Answerer", "Citation", "Tuning", "frame", "standalone_question"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_QUANTITY = re.compile(QUANTITY, re.I)
_NUMBER_WORD = re.compile(rf"\b({NUMBER_WORDS})\b", re.I)
_MONEY_QUESTION = re.compile(MONEY_QUESTION, re.I)
_AMOUNT = re.compile(AMOUNT, re.I)
_PERSON_QUESTION = re.compile(PERSON_QUESTION, re.I)
_COMPANY_FORMS = {w.casefold() for w in COMPANY_FORMS}
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
QUOTE_BUDGET = 900  # characters quoted in one answer, all quotes together


@dataclass(frozen=True)
class Tuning:
    """The answerer's constants; every value chosen on the tune split only (benchmarks/answer_sweep.py)."""

    sentence: float = 1.0  # weight of the sentence's own similarity to the question
    window: float = 0.0  # the similarity of the sentence with its neighbours
    titled: bool = False  # the window is embedded after its document's title (names the subject)
    overlap: float = 0.15  # shared (stemmed) question terms
    asked: float = 0.2  # a number followed by the counted thing ("nio partners" for "hur många partner")
    rank: float = -0.01  # per rank of the sentence's passage (negative: a penalty)
    numbers: float = 0.05
    names: float = 0.03
    quantity_number: float = 0.0  # a quantity question and a sentence that states a number
    bias: float = 0.0
    quote_window: bool = True  # quote the sentence with its neighbours (within QUOTE_WINDOW characters)
    # Order the sentences by reciprocal rank fusion of four rankings: the linear score above, the latent terms
    # shared with the sentence and with its window, and the similarity of its titled window (the model's sparse
    # head needed; without it the linear score alone orders them). The linear score still decides abstention.
    fusion: bool = True
    fusion_k: int = 10
    fused_margin: float = 0.15  # with fusion, further quotes stay within this linear-score margin of the first
    latent_terms: int = 64  # latent terms kept per question, sentence and window
    max_quotes: int = 3
    margin: float = 0.08
    require_years: bool = True  # abstain when a year of the question is in none of the passages
    require_names: bool = True  # abstain when a strong name (BioPro, EDIH, S3) of the question is nowhere in the index
    weak_name_margin: float | None = None  # a capitalised word nowhere in the index raises the threshold by this
    require_number: bool = True  # a quantity question ("how many", "combien") needs a number in the best sentence
    require_amount: bool = True  # a question about money (budget, cost, funding) needs an amount in the best quote
    require_person: bool = True  # a question about who holds a role needs a person's name in the best quote
    calibration: tuple[float, float] = (3.02, 0.8841)  # confidence = sigmoid(a * (score - b)), fitted on tune
    # With fusion, confidence is read from the first quote's fused score (how far the four rankings agree on it):
    # on tune the best linear score does not tell right answers from wrong ones (AUC 0.49), the fused one does (0.66).
    fused_calibration: tuple[float, float] = (22.29, 0.3222)  # benchmarks/answer_sweep.py --grid calibrate


QUOTE_WINDOW = 450


@dataclass
class Citation:
    """One cited passage: the quote is an exact substring of the chunk's text."""

    n: int
    doc: str
    title: str
    page: int
    source: str
    quote: str
    chunk_id: str
    lang: str
    passage: str = ""
    doctype: str = ""
    ocr: bool = False  # the passage was read from a scanned page

    def as_json(self) -> dict:
        """The public JSON shape of a citation; `link` opens a web source at the quoted sentence."""
        from .web import text_fragment

        data = {k: v for k, v in asdict(self).items() if k not in ("passage", "doctype")}
        return {**data, "link": text_fragment(self.source, self.quote)}


@dataclass
class Answer:
    """An answer with its language, a confidence in [0, 1], citations and the passages it came from."""

    text: str
    language: str
    confidence: float
    score: float = 0.0
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    question: str = ""
    standalone: str = ""
    passages: list[Hit] = field(default_factory=list)
    notice: str = ""
    uncited: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    generated: bool = False  # written by the language model (else quoted by the extractive answerer)
    problem: str = ""  # a generated reply's failed check (texts.FRAMES key why_*), "" when it passed

    def as_json(self) -> dict:
        """The public JSON shape of an answer."""
        return {"answer": self.text, "language": self.language, "confidence": round(self.confidence, 3),
                "abstained": self.abstained, "notice": self.notice, "standalone": self.standalone,
                "missing": self.missing, "generated": self.generated, "uncited": self.uncited,
                "citations": [c.as_json() for c in self.citations]}


@dataclass
class Candidate:
    """A sentence of a retrieved passage, with its neighbours' span (the window) in the same passage."""

    hit_index: int
    start: int
    end: int
    text: str
    window_start: int = 0
    window_end: int = 0
    quote_start: int = -1  # how far a quote of it may reach (the window, a title line excluded); -1: the window
    quote_end: int = -1
    score: float = 0.0  # the linear score (abstention, confidence)
    order: float = 0.0  # what orders the quotes: the fused rank score, else the linear score


def candidates(hits: list[Hit]) -> list[Candidate]:
    """Every sentence of the passages, as exact character spans of the chunk text, with its window (its neighbours,
    for the window features) and its quote span: the window within the sentence's paragraph, never starting or
    ending on a title line (a heading or date stays the passage's context). A title line is no candidate."""
    out = []
    for i, hit in enumerate(hits):
        spans = list(sentence_spans(hit.text))
        titles = title_lines(hit.text, [(s, e) for s, e, _ in spans])
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


FEATURES = ("sentence", "window", "overlap", "numbers", "names", "asked", "rank", "quantity_number", "bias")


def features(question: str, q_vector: np.ndarray, cands: list[Candidate], hits: list[Hit], embedder,
             langs: list[str], titled: bool = False, windows: bool = True, cache=None) -> np.ndarray:
    """One row of FEATURES per candidate sentence (`titled`: the window is embedded after its document's title;
    without `windows` their similarity is left at 0 and nothing more is embedded)."""
    sentence_vectors, window_vectors = candidate_vectors(cands, hits, embedder, titled, windows, cache)
    sims = sentence_vectors @ q_vector
    window_sims = window_vectors @ q_vector if windows else np.zeros(len(cands))
    terms = set(query_terms(question, langs))
    numbers = set(_NUMBER.findall(question))
    names = {w.strip("?,.!") for w in question.split()[1:] if w[:1].isupper()}
    asked = re.search(rf"(?:{_QUANTITY.pattern})\s+(\w+)", question, re.I)
    asked_terms = set(query_terms(asked.group(asked.lastindex), langs)) if asked else set()
    quantity = bool(_QUANTITY.search(question))
    rows = []
    for cand, sim, window_sim in zip(cands, sims, window_sims, strict=True):
        tokens = set(query_terms(cand.text, langs))
        rows.append([
            float(sim), float(window_sim), len(terms & tokens) / max(len(terms), 1),
            len(numbers & set(_NUMBER.findall(cand.text))), sum(1 for n in names if n and n in cand.text),
            float(bool(asked_terms) and counts_asked_thing(cand.text, asked_terms, langs)), cand.hit_index,
            float(quantity and states_a_number(cand.text)), 1.0])
    return np.asarray(rows, dtype=np.float64)


def candidate_vectors(cands: list[Candidate], hits: list[Hit], embedder, titled: bool, windows: bool,
                      cache=None) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's sentence and window vectors. With a cache (the catalog), a chunk version's vectors are
    embedded once, on its first answer, and read from then on: an answer then costs a query embedding."""
    rows, vectors = passage_rows(
        cands, hits, f"sentences-v1:titled={int(titled)}:windows={int(windows)}", embedder.dim, 2 if windows else 1,
        lambda i, ns: _embedded_texts([cands[n] for n in ns], hits[i], titled, windows),
        lambda texts: np.asarray(embedder.passages(texts), dtype=np.float32), cache)
    dim = embedder.dim
    sentence, window = np.zeros((len(cands), dim), np.float32), np.zeros((len(cands), dim), np.float32)
    for i, ns in rows.items():
        sentence[ns] = vectors[i][:len(ns)]
        if windows:
            window[ns] = vectors[i][len(ns):]
    return sentence, window


def passage_rows(cands: list[Candidate], hits: list[Hit], recipe: str, width: int, per: int,
                 texts_of: Callable[[int, list[int]], list[str]], compute: Callable[[list[str]], np.ndarray],
                 cache=None) -> tuple[dict[int, list[int]], dict[int, np.ndarray]]:
    """Each passage's candidates (by hit index) and its `per` rows of `width` floats a candidate: read from the
    cache by chunk version and recipe, else computed from `texts_of(hit index, candidates)` in one batch and kept."""
    rows: dict[int, list[int]] = {}
    for n, cand in enumerate(cands):
        rows.setdefault(cand.hit_index, []).append(n)
    stored = cache.sentence_vectors([hits[i].chunk_id for i in rows], recipe, width) if cache else {}
    found = {i: stored[hits[i].chunk_id] for i in rows if len(stored.get(hits[i].chunk_id, ())) == per * len(rows[i])}
    missing = [i for i in rows if i not in found]
    texts = [text for i in missing for text in texts_of(i, rows[i])]
    if texts:
        fresh = compute(texts)
        at = 0
        for i in missing:
            found[i], at = fresh[at:at + per * len(rows[i])], at + per * len(rows[i])
        if cache:
            cache.store_sentence_vectors({hits[i].chunk_id: found[i] for i in missing}, recipe)
    return rows, found


def _embedded_texts(cands: list[Candidate], hit: Hit, titled: bool, windows: bool) -> list[str]:
    """What is embedded for one passage's candidates: their sentences, then their windows."""
    texts = [c.text for c in cands]
    if windows:
        texts += [_titled(hit, titled) + hit.text[c.window_start:c.window_end] for c in cands]
    return texts


def _titled(hit: Hit, titled: bool) -> str:
    title = str(hit.meta.get("title") or "")
    return f"{title}\n" if titled and title else ""


def score_sentences(question: str, q_vector: np.ndarray, cands: list[Candidate], hits: list[Hit],
                    embedder, langs: list[str], tuning: Tuning, cache=None) -> None:
    """Score each candidate: a linear model over FEATURES (weights from the tune split), in place; then order
    them by the fusion of that score with the latent-term and titled-window rankings (Tuning.fusion)."""
    if not cands:
        return
    fused = fuses(tuning, embedder)
    titled = tuning.titled or fused
    matrix = features(question, q_vector, cands, hits, embedder, langs, titled,
                      windows=bool(tuning.window) or fused, cache=cache)
    weights = np.asarray([getattr(tuning, name) for name in FEATURES])
    linear = matrix @ weights
    order = linear
    if fused:
        query = query_latent(embedder, question[:4000], tuning.latent_terms)
        sentence_terms, window_terms = latent_sims(query, cands, hits, embedder, tuning.latent_terms, cache)
        rankings = (linear, sentence_terms, window_terms, matrix[:, FEATURES.index("window")])
        # rounded: equal rank sums added in another order differ in the last bits, and a tie must go to the
        # linear score (select), not to float noise
        order = np.round(sum(1.0 / (tuning.fusion_k + _ranks(r)) for r in rankings), 12)
    for cand, value, rank_score in zip(cands, linear, order, strict=True):
        cand.score, cand.order = float(value), float(rank_score)


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
        cands, hits, f"latent-v1:top={top_k}", 2 * top_k, 2,
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
    """True when a number is followed by the counted thing: "nio partners" for "hur många partner"."""
    pattern = rf"(?:{_NUMBER.pattern}|{_NUMBER_WORD.pattern})\s+(\w+)(?:\s+(\w+))?"
    for match in re.finditer(pattern, text, re.I):
        following = " ".join(match.group(i) or "" for i in range(2, (match.lastindex or 1) + 1))
        # Stems disagree across inflections (sv: partner -> partn, partners -> partner): compare prefixes.
        if any(same_stem(w, t) for w in query_terms(following, langs) for t in terms):
            return True
    return False


def same_stem(a: str, b: str) -> bool:
    """Whether two words of four letters or more share a stem, one being a prefix of the other."""
    return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))


def select(cands: list[Candidate], limit: int = 3, margin: float | None = 0.04) -> list[Candidate]:
    """The first sentences in their order, within a margin of the best linear score (None: no margin), without
    repeats."""
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.order, -c.score)):  # fused ties: the linear score decides
        if len(chosen) == limit:
            break
        if margin is not None and chosen and cand.score < chosen[0].score - margin:
            break
        words = set(cand.text.lower().split())
        if any(len(words & set(c.text.lower().split())) / max(len(words), 1) > 0.6 for c in chosen):
            continue
        if any(c.hit_index == cand.hit_index and c.window_start < cand.end and cand.start < c.window_end
               for c in chosen):
            continue  # a neighbour of a chosen sentence adds little
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


def name_parts(question: str) -> tuple[list[str], list[str]]:
    """The question's names split into strong parts (ACRONYMS, CamelCase, letters with digits) and weak ones."""
    strong, weak = [], []
    for span in name_spans(question):
        for part in re.split(r"[\s\-'’/]+", span):
            part = part.strip(".,;:!?()")
            if len(part) < 2 or part.isdigit():
                continue
            has_digit = any(ch.isdigit() for ch in part) and any(ch.isalpha() for ch in part)
            if any(ch.isupper() for ch in part[1:]) or has_digit:
                strong.append(part)
            elif part[:1].isupper() and len(part) >= 4:
                weak.append(part)
    return list(dict.fromkeys(strong)), list(dict.fromkeys(weak))


def missing_constraints(question: str, hits: list[Hit], mentions: Callable[[str], bool] | None,
                        tuning: Tuning) -> tuple[list[str], list[str]]:
    """What the question asks about that the documents lack: (certainly missing, perhaps missing).

    Certainly: a year in none of the passages, a strong name nowhere in the index. Perhaps: a capitalised
    word nowhere in the index (it may be a translated place name: Laponie, Litauen).
    """
    missing: list[str] = []
    if tuning.require_years:
        text = " ".join(h.text + " " + str(h.meta.get("title", "")) for h in hits)
        missing += [y for y in dict.fromkeys(_YEAR.findall(question)) if y not in text]
    perhaps: list[str] = []
    if mentions is not None and (tuning.require_names or tuning.weak_name_margin is not None):
        strong, weak = name_parts(question)
        if tuning.require_names:
            missing += [p for p in strong if not mentions(p)]
        if tuning.weak_name_margin is not None:
            perhaps = [p for p in weak if not mentions(p)]
    return missing, perhaps


def lacks_amount(question: str, best: Candidate, hits: list[Hit]) -> bool:
    """A question about money whose best quote states no sum (no currency, no "million"): "the budget of X" is
    not answered by a sentence that only names X."""
    return bool(_MONEY_QUESTION.search(question)) and not _AMOUNT.search(quoted_with_neighbours(best, hits))


def lacks_person(question: str, best: Candidate, hits: list[Hit]) -> bool:
    """A question about who holds a role ("Qui préside …", "Vem är ordförande …") whose best quote names nobody
    the question does not already name."""
    return bool(_PERSON_QUESTION.search(question)) and not person_names(quoted_with_neighbours(best, hits), question)


def quoted_with_neighbours(best: Candidate, hits: list[Hit]) -> str:
    """The text the best sentence would be quoted with (its neighbours included)."""
    hit = hits[best.hit_index]
    start, end = quote_span(best, hit, True)
    return hit.text[start:end]


def person_names(text: str, question: str) -> list[str]:
    """Runs of two or more capitalised words (a person's name, or a name like one) that the question does not
    contain and that are not a company ("Finpro Oy")."""
    asked = {w.casefold() for w in _WORD.findall(question)}
    runs: list[list[str]] = []
    previous = None  # the run's last word, while no other word or punctuation has broken it
    for match in _WORD.finditer(text):
        if not _capitalised(match.group()):
            previous = None
            continue
        if previous and text[previous.end():match.start()] == " ":
            runs[-1].append(match.group())
        else:
            runs.append([match.group()])
        previous = match
    return [" ".join(run) for run in runs if len(run) >= 2
            and not any(_asked(w, asked) or w.casefold() in _COMPANY_FORMS for w in run)]


def _capitalised(word: str) -> bool:
    """Capitalised like a name: 'Ulf', 'Savbäck', 'Dr' (not an ACRONYM, not lower case)."""
    return word[:1].isupper() and any(ch.islower() for ch in word[1:]) and sum(ch.isupper() for ch in word) <= 2


def _asked(word: str, asked: set[str]) -> bool:
    """Whether the question holds this word, inflected or not ('Finlandin' for 'Finland')."""
    word = word.casefold()
    return any(word == a or same_stem(word, a) for a in asked)


def states_a_number(text: str) -> bool:
    """Whether a sentence gives a quantity (digits or a number word)."""
    return bool(_NUMBER.search(text) or _NUMBER_WORD.search(text))


class Answerer:
    """Answers questions from retrieved passages; `llm` (optional) generates, the extractive path is the fallback."""

    def __init__(self, search: Callable[[str], list[Hit]], embedder, threshold: float, llm=None,
                 top_passages: int = 5, tuning: Tuning | None = None,
                 mentions: Callable[[str], bool] | None = None, strict: bool = True, cache=None) -> None:
        self.search = search
        self.strict = strict
        self.cache = cache  # sentence vectors by chunk version (the catalog), or None to embed every time
        self.embedder = embedder
        self.threshold = threshold
        self.llm = llm
        self.top = top_passages
        self.tuning = tuning or Tuning()
        self.mentions = mentions

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        """The complete answer (generated when an LLM is configured, else extractive)."""
        answer = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(self, question: str, history: list[tuple[str, str]] | None = None) -> Iterator[str | Answer]:
        """Yield text pieces as they are generated, then the final Answer."""
        question = question.strip()[:2000]
        lang = question_language(question, history)
        standalone = standalone_question(question, history) if question else ""
        if self.llm is not None and history:
            standalone = self.llm.rewrite(question, history) or standalone
        hits = self.search(standalone)[: self.top] if standalone else []
        extractive = self.extractive(question, standalone, lang, hits)
        if self.llm is None or extractive.abstained:
            yield extractive.text
            yield extractive
            return
        yield from self._generate(standalone, lang, hits, extractive)

    def _generate(self, standalone: str, lang: str, hits: list[Hit], extractive: Answer) -> Iterator[str | Answer]:
        """The language model's answer streamed through the same cleaning as the final one, then its Sources; the
        extractive answer instead when the backend fails or (strict) the reply fails a check."""
        from .llm import ReleaseGate, StreamCleaner

        words = frame(lang)
        cleaner = StreamCleaner(hits)  # per request: they hold this reply's text
        gate = ReleaseGate(lang, self.strict)
        pieces: list[str] = []
        try:
            for piece in self.llm.stream(standalone, lang, hits):
                pieces.append(piece)
                if shown := gate.admit(cleaner.feed(piece)):
                    yield shown
                if gate.problem:
                    break  # stops the generation: the reply is set aside whatever follows
            else:
                if shown := gate.admit(cleaner.flush()):
                    yield shown
            answer = self.llm.finish("".join(pieces), extractive, hits, lang)
        except Exception as exc:  # any backend failure falls back to the extractive answer
            extractive.notice = words["fallback"].format(error=self.llm.describe(exc))
            yield from _fallen_back(extractive, gate.released and bool(pieces))
            return
        answer.problem = gate.problem or answer.problem
        if answer.problem and self.strict:
            extractive.notice = words["rejected"].format(why=words[answer.problem])
            yield from _fallen_back(extractive, gate.released)
            return
        if answer.problem:
            answer.notice = words["unchecked"].format(why=words[answer.problem])
            yield "\n\n" + answer.notice
        if answer.citations:
            yield "\n\n" + sources_block(answer.citations, lang)
        yield answer

    def extractive(self, question: str, standalone: str, lang: str, hits: list[Hit]) -> Answer:
        """Quote the sentences that state the fact, cited; abstain when a constraint is unmet or scores are low."""
        framing = lang if lang in FRAMES else "en"
        answer = Answer("", framing, 0.0, question=question, standalone=standalone, passages=hits)
        answer.missing, perhaps = missing_constraints(standalone, hits, self.mentions, self.tuning) if hits else ([], [])
        threshold = self.threshold + (self.tuning.weak_name_margin or 0.0 if perhaps else 0.0)
        cands = candidates(hits)
        if cands:
            q_vector = self.embedder.query(standalone)
            langs = list(dict.fromkeys([lang] + [str(h.meta.get("lang", "")) for h in hits]))
            score_sentences(standalone, q_vector, cands, hits, self.embedder, langs, self.tuning, self.cache)
            best = max(c.score for c in cands)
            answer.score = best
            fused = fuses(self.tuning, self.embedder)
            chosen = select(cands, self.tuning.max_quotes, self.tuning.fused_margin if fused else self.tuning.margin)
            a, b = self.tuning.fused_calibration if fused else self.tuning.calibration
            answer.confidence = float(1 / (1 + np.exp(-a * ((chosen[0].order if fused else best) - b))))
            if self.tuning.require_number and _QUANTITY.search(standalone) and not states_a_number(chosen[0].text):
                threshold = float("inf")
            if self.tuning.require_amount and not answer.missing and lacks_amount(standalone, chosen[0], hits):
                answer.missing = [frame(framing)["amount"]]
            if self.tuning.require_person and not answer.missing and lacks_person(standalone, chosen[0], hits):
                answer.missing = [frame(framing)["person"]]
            if best >= threshold and not answer.missing:
                answer.citations = self._cite(chosen, hits, self.tuning.quote_window)
        if answer.missing:
            answer.confidence = 0.0
        answer.abstained = not answer.citations
        answer.text = compose(answer, framing)
        return answer

    @staticmethod
    def _cite(chosen: list[Candidate], hits: list[Hit], window: bool) -> list[Citation]:
        """Citations in order of score, one number per passage, all quotes within QUOTE_BUDGET characters."""
        spans: dict[int, list[tuple[int, int]]] = {}
        used = 0
        for cand in chosen:  # best first: the sentence that states the fact comes first
            start, end = quote_span(cand, hits[cand.hit_index], window)
            if used and used + end - start > QUOTE_BUDGET:
                continue
            mine = spans.setdefault(cand.hit_index, [])
            if any(s < end and start < e for s, e in mine):
                continue
            mine.append((start, end))
            used += end - start
        numbers = {hit_index: n for n, hit_index in enumerate(spans, 1)}
        return [make_citation(numbers[i], hits[i], hits[i].text[s:e]) for i, found in spans.items() for s, e in found]


def _fallen_back(extractive: Answer, after_text: bool) -> Iterator[str | Answer]:
    """The notice and the extractive answer, after whatever generated text was already shown."""
    yield ("\n\n" if after_text else "") + extractive.notice + "\n\n" + extractive.text
    yield extractive


def make_citation(n: int, hit: Hit, quote: str) -> Citation:
    """A citation of a quote from a retrieved passage."""
    m = hit.meta
    return Citation(n=n, doc=hit.doc, title=str(m.get("title", "")), page=int(m.get("page", 1)),
                    source=str(m.get("source", "")), quote=quote, chunk_id=hit.chunk_id,
                    lang=str(m.get("lang", "")), passage=hit.text, doctype=str(m.get("doctype", "")),
                    ocr=bool(m.get("ocr")))


def compose(answer: Answer, lang: str) -> str:
    """The answer text: framing in the asker's language, quotes in their own language with [n]."""
    words = frame(lang)
    if answer.abstained:
        docs = list(dict.fromkeys(h.doc for h in answer.passages))[:3]
        first = {d: next(h for h in answer.passages if h.doc == d) for d in docs}
        near = [f"- {first[d].meta.get('title') or d}{page_label(first[d].meta, lang)}" for d in docs]
        head = words["missing"].format(what=", ".join(answer.missing)) if answer.missing else words["none"]
        return "\n".join([head, *near])
    lines = [words["intro"]]
    for c in answer.citations:
        label = f" ({c.lang})" if c.lang and c.lang != lang else ""
        lines.append(f"- «{' '.join(c.quote.split())}»{label} [{c.n}]")  # one line, whatever the layout
    return "\n".join(lines + ["", sources_block(answer.citations, lang)])


def sources_block(citations: list[Citation], lang: str) -> str:
    """The numbered list of cited documents."""
    words = frame(lang)
    seen: dict[int, Citation] = {}
    for c in citations:
        seen.setdefault(c.n, c)
    rows = [f"[{n}] {c.title or c.doc}{page_label({'page': c.page, 'doctype': c.doctype}, lang)} — "
            f"{c.source or c.doc}" for n, c in seen.items()]
    return f"{words['sources']}:\n" + "\n".join(rows)


def page_label(meta: dict, lang: str) -> str:
    """", p. 3" in the asker's language, for paged documents (PDF) only."""
    return f", {frame(lang)['page']} {meta.get('page', 1)}" if meta.get("doctype") == "pdf" else ""
