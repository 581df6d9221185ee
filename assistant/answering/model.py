"""The answer's data: what was asked (worked out once), the candidates, the answer and its citations (the tuning is
the answer stage's settings, config.Tuning)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..records import Hit

QUOTE_BUDGET = 900  # characters quoted in one answer, all quotes together
QUOTE_WINDOW = 450  # a quote with its neighbours stays within this many characters


@dataclass(frozen=True)
class Asked:
    """A question as every stage reads it, worked out once (asked.understand): its language, its standalone form
    and what it asks for."""

    question: str  # as asked, stripped and cut to MAX_QUESTION characters
    lang: str  # the asker's language (a follow-up cue decides, else the question's words)
    standalone: str  # the question made to stand alone after the conversation (a follow-up resolved)
    kinds: frozenset[str] = frozenset()  # what it asks for: quantity, money, person, who, date, place
    counted: str = ""  # the counted thing of a quantity question ("partner" in "hur många partner")
    thing: str = ""  # the counted thing's words, up to two ("bonnes pratiques" in "combien de bonnes pratiques")
    years: tuple[str, ...] = ()  # the years it names
    strong_names: tuple[str, ...] = ()  # ACRONYMS, CamelCase, letters with digits: BioPro, EDIH, S3
    weak_names: tuple[str, ...] = ()  # capitalised words (perhaps translated place names: Laponie, Litauen)
    joined: tuple[str, ...] = ()  # its names of several words written as one ("Online S3" -> "OnlineS3")
    spans: tuple[str, ...] = ()  # its names as written, words side by side ("EDIH Südwest", "Arctic Smartness")
    framing: str = "en"  # the language the answer is framed in (the asker's, else English)


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
        from ..web import text_fragment

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
    problem: str = ""  # a generated reply's failed check (languages.FRAMES key why_*), "" when it passed
    signals: dict[str, float] = field(default_factory=dict)  # what decided (answerability.SIGNALS; model mode)

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
    counts: bool = False  # it counts the asked thing, in the question's words or in others close to them
    across: bool = False  # ... in other words (another language's): no sentence counts it in the question's
