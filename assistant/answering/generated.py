"""A language model's answer held to the extractive answer's standard: cleaned while it streams, released only
once it cites a passage in the asker's language, its citations quoted exactly, and what it fails named."""

from __future__ import annotations

import re

from ..chunking import sentence_spans
from ..language import clearly_not
from ..lexical import query_terms
from ..prompting import FINAL, LANGUAGE_NAMES, MARKER, QUOTED, REWRITE, SYSTEM, TRAILING_MARKERS, clean
from ..records import Hit
from .compose import make_citation, sources_block
from .model import Answer, Citation

# Not a sentence splitter (chunking.sentence_spans is the one): where a reply still being written may be cut, a
# sentence end with its citation markers and the space after it, before the next sentence has arrived.
_SENTENCE_END = re.compile(r"[.!?…](?:\s*\[\d+\])*\s|\n")


def _safe_cut(text: str) -> int:
    """How much of a streamed reply can be cleaned now: whole sentences (so that an echo of our instructions is
    recognised), up to a point that no tag, bracket or citation range spans."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    cut = ends[-1] if ends else 0
    while cut > 0:
        head = text[:cut]
        opened = _unclosed(head)
        trailing = TRAILING_MARKERS.search(head)
        if opened >= 0:
            cut = opened
        elif trailing and trailing.start() < cut:
            cut = trailing.start()
        else:
            break
    return max(cut, 0)


def _unclosed(head: str) -> int:
    """Where the last tag or bracket still open in `head` starts, or -1."""
    return max((head.rfind(o) for o, c in ("<>", "[]", "()") if head.rfind(o) > head.rfind(c)), default=-1)


class StreamCleaner:
    """`clean` applied to a reply while it streams (one per request: it holds that request's text)."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.buffer = ""
        self.started = False
        self.space = False  # a space held back: dropped if the next text opens with punctuation

    def feed(self, piece: str) -> str:
        """The cleaned text that can be shown after this piece."""
        self.buffer += piece
        cut = _safe_cut(self.buffer)
        out, self.buffer = self.buffer[:cut], self.buffer[cut:]
        return self._emit(_kept(clean(out, self.hits, final=False)))

    def flush(self) -> str:
        """The rest, once the reply has ended."""
        out, self.buffer = self.buffer, ""
        return self._emit(_kept(clean(out, self.hits)))

    def _emit(self, text: str) -> str:
        if not self.started:
            text = text.lstrip()
            self.started = bool(text)
        body = text.rstrip(" \t")
        trailing = len(body) < len(text)
        if not body:
            self.space = self.space or trailing
            return ""
        if self.space and body[0] not in ".,;:!?" and not body[0].isspace():
            body = " " + body
        self.space = trailing
        return body


def verdict(text: str, citations: list[Citation], lang: str) -> str:
    """What is wrong with a cleaned reply, as a FRAMES key ("why_empty", "why_uncited", "why_language"), or ""."""
    plain = MARKER.sub("", text)
    if len(re.findall(r"[^\W\d_]{2,}", plain)) < 3:
        return "why_empty"
    if not citations:
        return "why_uncited"
    return language_problem(text, lang)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


_INSTRUCTIONS = " | ".join(_normal(f"{SYSTEM} {FINAL}".format(language=name)) for name in LANGUAGE_NAMES.values()) \
    + " | " + _normal(REWRITE)


def _echo(sentence: str) -> bool:
    """A sentence of two words or more copied from our own instructions."""
    normal = _normal(sentence)
    return len(normal.split()) >= 2 and normal in _INSTRUCTIONS


def drop_echoes(text: str) -> str:
    """The reply without sentences copied from our own instructions (a weak model's echo of the prompt)."""
    spans = list(sentence_spans(text))
    kept = [text[s:e] for s, e, _ in spans if not _echo(text[s:e])]
    return " ".join(kept) if len(kept) < len(spans) else text


def _kept(text: str) -> str:
    """Streamed text (whole sentences) without echoes of the instructions, its spacing kept."""
    body = text.strip()
    kept = drop_echoes(body) if body else body
    if kept == body:
        return text
    return kept + " " if kept.strip() else ""


def language_problem(text: str, lang: str) -> str:
    """"why_language" when enough of the text (quotes aside) is clearly in another language than the asker's."""
    own = QUOTED.sub("", MARKER.sub("", text))  # quotes may rightly be in the passage's language
    return "why_language" if lang and clearly_not(own, lang) else ""


class ReleaseGate:
    """Holds a reply back until it has cited a passage in the asker's language, so that strict mode never shows
    text it will set aside; a wrong language stops the generation early."""

    def __init__(self, lang: str, strict: bool) -> None:
        self.lang = lang
        self.held = ""
        self.released = not strict
        self.problem = ""

    def admit(self, text: str) -> str:
        """What can be shown of the reply so far."""
        if self.released:
            return text
        self.held += text
        if not MARKER.search(self.held):
            return ""
        self.problem = language_problem(self.held, self.lang)
        if self.problem:
            return ""
        self.released = True
        out, self.held = self.held, ""
        return out



def finish(text: str, extractive: Answer, hits: list[Hit], lang: str) -> Answer:
    """Keep citations only to the passages this request gave, quote them exactly, flag uncited sentences and
    say in `problem` what fails the extractive answer's standard (no citation, another language, nothing)."""
    text = drop_echoes(clean(text, hits))
    sentences = [text[s:e] for s, e, _ in sentence_spans(text)]
    uncited = [s for s in sentences if not MARKER.search(s) and len(s) > 20]
    citations: list[Citation] = []
    for n in sorted({int(m) for m in MARKER.findall(text)}):
        claims = " ".join(s for s in sentences if f"[{n}]" in s)
        citations.append(make_citation(n, hits[n - 1], best_quote(hits[n - 1].text, claims, lang)))
    body = text + ("\n\n" + sources_block(citations, lang) if citations else "")
    return Answer(body, lang, extractive.confidence, extractive.score, citations, abstained=False,
                  question=extractive.question, standalone=extractive.standalone, passages=hits, uncited=uncited,
                  generated=True, problem=verdict(text, citations, lang))


def best_quote(passage: str, claim: str, lang: str) -> str:
    """The sentence of the passage sharing most terms with the claim (an exact substring of the passage)."""
    claim_terms = set(query_terms(claim, [lang]))
    spans = list(sentence_spans(passage)) or [(0, len(passage), True)]
    start, end, _ = max(spans, key=lambda s: len(claim_terms & set(query_terms(passage[s[0]:s[1]], [lang]))))
    return passage[start:end]
