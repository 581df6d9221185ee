"""Answering: cited answers in the asker's language — extractive by default, an LLM when one is configured."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

import numpy as np

from .chunking import sentence_spans
from .language import detect, detect_question
from .lexical import query_terms
from .records import Hit

FRAMES = {
    "en": {"intro": "According to the sources:", "sources": "Sources", "page": "p.",
           "none": "I could not find an answer to this in the documents. The nearest passages are:",
           "fallback": "The language model could not answer ({error}); here is the extractive answer."},
    "fr": {"intro": "D'après les sources :", "sources": "Sources", "page": "p.",
           "none": "Je n'ai pas trouvé de réponse à cette question dans les documents. Les passages les plus proches :",
           "fallback": "Le modèle de langue n'a pas pu répondre ({error}) ; voici la réponse extractive."},
    "sv": {"intro": "Enligt källorna:", "sources": "Källor", "page": "s.",
           "none": "Jag hittade inget svar på frågan i dokumenten. De närmaste avsnitten är:",
           "fallback": "Språkmodellen kunde inte svara ({error}); här är det extraherade svaret."},
    "de": {"intro": "Laut den Quellen:", "sources": "Quellen", "page": "S.",
           "none": "Ich habe in den Dokumenten keine Antwort auf diese Frage gefunden. Die nächsten Passagen:",
           "fallback": "Das Sprachmodell konnte nicht antworten ({error}); hier ist die extraktive Antwort."},
}
# Follow-ups that lean on the previous question ("and in Sweden?", "et en France ?", "und in Hamburg?").
_FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|och|än|et|und|e|ja|entä|mais|aber|also)\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Questions asking for a quantity, and number words, in the framed languages.
_QUANTITY = re.compile(r"how (many|much)|hur (många|mycket|stor)|combien|wie (viele|hoch|groß)|quant[oa]s?|"
                       r"kuinka (monta|paljon)|budget|montant|belopp|betrag", re.I)
_NUMBER_WORD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|"
                          r"deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|vingt|cent|"
                          r"två|tre|fyra|fem|sju|åtta|nio|tio|tolv|tjugo|hundra|"
                          r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|zwanzig|hundert|"
                          r"million|millions|miljoner|millionen|milliards?|miljarder|milliarden)\b", re.I)


def frame(lang: str) -> dict[str, str]:
    """The framing texts in the asker's language (English when there are none for it)."""
    return FRAMES.get(lang, FRAMES["en"])


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

    def as_json(self) -> dict:
        """The public JSON shape of a citation."""
        return {k: v for k, v in asdict(self).items() if k != "passage"}


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

    def as_json(self) -> dict:
        """The public JSON shape of an answer."""
        return {"answer": self.text, "language": self.language, "confidence": round(self.confidence, 3),
                "abstained": self.abstained, "notice": self.notice,
                "citations": [c.as_json() for c in self.citations]}


def standalone_question(question: str, history: list[tuple[str, str]] | None) -> str:
    """Rewrite a follow-up to stand alone using the previous question (no LLM needed).

    A new name in the follow-up replaces the previous one: "How many clusters are there in France?" +
    "and in Sweden?" -> "How many clusters are there in Sweden?".
    """
    if not history or (not _FOLLOW_UP.match(question) and len(question.split()) > 4):
        return question
    previous = history[-1][0].strip().rstrip(" ?!.")
    rest = _FOLLOW_UP.sub("", question).strip(" ?!.,").split()
    if not rest:
        return question
    if not any(w[:1].isupper() for w in rest):
        return f"{previous} {' '.join(rest)}?"
    words = previous.split()
    lead = rest[0].casefold()
    at = next((i for i in range(len(words) - 1) if words[i].casefold() == lead and words[i + 1][:1].isupper()), None)
    if at is not None:  # "... in France ..." -> "... in Sweden ..."
        end = at + 1
        while end < len(words) and words[end][:1].isupper():
            end += 1
        return " ".join(words[:at] + rest + words[end:]) + "?"
    if detect(previous, min_confidence=0.05) == "de":  # German capitalises every noun: drop the trailing name
        while len(words) > 1 and words[-1][:1].isupper():
            words.pop()
    else:
        words = [w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()]
    return " ".join(words + rest) + "?"


@dataclass
class Candidate:
    """A sentence of a retrieved passage, with its position in the passage."""

    hit_index: int
    start: int
    end: int
    text: str
    score: float = 0.0


def candidates(hits: list[Hit]) -> list[Candidate]:
    """Every sentence of the passages, as exact character spans of the chunk text."""
    out = []
    for i, hit in enumerate(hits):
        for start, end, _ in sentence_spans(hit.text):
            if end - start >= 25:
                out.append(Candidate(i, start, end, hit.text[start:end]))
    return out


def score_sentences(question: str, q_vector: np.ndarray, cands: list[Candidate], vectors: np.ndarray,
                    langs: list[str]) -> None:
    """Score = similarity to the question + shared terms + shared numbers and names (in place)."""
    terms = set(query_terms(question, langs))
    numbers = set(_NUMBER.findall(question))
    names = {w.strip("?,.!") for w in question.split()[1:] if w[:1].isupper()}
    asked = re.search(rf"(?:{_QUANTITY.pattern})\s+(\w+)", question, re.I)
    asked_terms = set(query_terms(asked.group(asked.lastindex), langs)) if asked else set()
    sims = vectors @ q_vector if len(cands) else np.zeros(0)
    for cand, sim in zip(cands, sims, strict=True):
        tokens = set(query_terms(cand.text, langs))
        overlap = len(terms & tokens) / max(len(terms), 1)
        bonus = 0.05 * len(numbers & set(_NUMBER.findall(cand.text)))
        bonus += 0.03 * sum(1 for n in names if n and n in cand.text)
        if asked_terms:
            bonus += 0.2 * counts_asked_thing(cand.text, asked_terms, langs)
        cand.score = float(sim) + 0.15 * overlap + bonus


def counts_asked_thing(text: str, terms: set[str], langs: list[str]) -> bool:
    """True when a number is followed by the counted thing: "nio partners" for "hur många partner"."""
    pattern = rf"(?:{_NUMBER.pattern}|{_NUMBER_WORD.pattern})\s+(\w+)(?:\s+(\w+))?"
    for match in re.finditer(pattern, text, re.I):
        following = " ".join(match.group(i) or "" for i in range(2, (match.lastindex or 1) + 1))
        # Stems disagree across inflections (sv: partner -> partn, partners -> partner): compare prefixes.
        if any(w.startswith(t) or t.startswith(w) for w in query_terms(following, langs) for t in terms
               if min(len(w), len(t)) >= 4):
            return True
    return False


def select(cands: list[Candidate], limit: int = 3, margin: float = 0.04) -> list[Candidate]:
    """The best sentences within a margin of the best one, without repeats."""
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: -c.score):
        if len(chosen) == limit or (chosen and cand.score < chosen[0].score - margin):
            break
        words = set(cand.text.lower().split())
        if any(len(words & set(c.text.lower().split())) / max(len(words), 1) > 0.6 for c in chosen):
            continue
        chosen.append(cand)
    return chosen


class Answerer:
    """Answers questions from retrieved passages; `llm` (optional) generates, the extractive path is the fallback."""

    def __init__(self, search: Callable[[str], list[Hit]], embedder, threshold: float, llm=None,
                 top_passages: int = 5) -> None:
        self.search = search
        self.embedder = embedder
        self.threshold = threshold
        self.llm = llm
        self.top = top_passages

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
        lang = detect_question(question) if question else "en"
        standalone = standalone_question(question, history)
        if self.llm is not None and history:
            standalone = self.llm.rewrite(question, history) or standalone
        hits = self.search(standalone)[: self.top] if standalone else []
        extractive = self.extractive(question, standalone, lang, hits)
        if self.llm is None or extractive.abstained:
            yield extractive.text
            yield extractive
            return
        try:
            pieces = []
            for piece in self.llm.stream(standalone, lang, hits):
                pieces.append(piece)
                yield piece
            yield self.llm.finish("".join(pieces), extractive)
        except Exception as exc:  # any backend failure falls back to the extractive answer
            notice = frame(lang)["fallback"].format(error=type(exc).__name__)
            extractive.notice = notice
            yield "\n" + notice + "\n" + extractive.text
            yield extractive

    def extractive(self, question: str, standalone: str, lang: str, hits: list[Hit]) -> Answer:
        """Pick the answering sentences from the top passages and cite each; abstain below the threshold."""
        framing = lang if lang in FRAMES else "en"
        answer = Answer("", framing, 0.0, question=question, standalone=standalone, passages=hits)
        cands = candidates(hits)
        if cands:
            q_vector = self.embedder.query(standalone)
            vectors = self.embedder.passages([c.text for c in cands])
            langs = list(dict.fromkeys([lang] + [str(h.meta.get("lang", "")) for h in hits]))
            score_sentences(standalone, q_vector, cands, vectors, langs)
            best = max(c.score for c in cands)
            answer.score = best
            answer.confidence = float(np.clip((best - self.threshold + 0.1) / 0.2, 0.0, 1.0))
            if best >= self.threshold:
                answer.citations = self._cite(select(cands), hits)
        answer.abstained = not answer.citations
        answer.text = compose(answer, framing)
        return answer

    @staticmethod
    def _cite(chosen: list[Candidate], hits: list[Hit]) -> list[Citation]:
        numbers: dict[int, int] = {}
        citations = []
        for cand in sorted(chosen, key=lambda c: (c.hit_index, c.start)):
            hit = hits[cand.hit_index]
            n = numbers.setdefault(cand.hit_index, len(numbers) + 1)
            citations.append(make_citation(n, hit, cand.text))
        return citations


def make_citation(n: int, hit: Hit, quote: str) -> Citation:
    """A citation of a quote from a retrieved passage."""
    m = hit.meta
    return Citation(n=n, doc=hit.doc, title=str(m.get("title", "")), page=int(m.get("page", 1)),
                    source=str(m.get("source", "")), quote=quote, chunk_id=hit.chunk_id,
                    lang=str(m.get("lang", "")), passage=hit.text)


def compose(answer: Answer, lang: str) -> str:
    """The answer text: framing in the asker's language, quotes in their own language with [n]."""
    words = frame(lang)
    if answer.abstained:
        near = [f"- {h.meta.get('title') or h.doc} ({h.doc}, {words['page']} {h.meta.get('page', 1)})"
                for h in answer.passages[:3]]
        return "\n".join([words["none"], *near])
    lines = [words["intro"]]
    for c in answer.citations:
        label = f" ({c.lang})" if c.lang and c.lang != lang else ""
        lines.append(f"- «{c.quote}»{label} [{c.n}]")
    return "\n".join(lines + ["", sources_block(answer.citations, lang)])


def sources_block(citations: list[Citation], lang: str) -> str:
    """The numbered list of cited documents."""
    words = frame(lang)
    seen: dict[int, Citation] = {}
    for c in citations:
        seen.setdefault(c.n, c)
    rows = [f"[{n}] {c.title or c.doc}, {words['page']} {c.page} — {c.source or c.doc}" for n, c in seen.items()]
    return f"{words['sources']}:\n" + "\n".join(rows)
