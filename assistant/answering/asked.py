"""What a question asks, worked out once: its language, its standalone form, and the kinds of fact it wants."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from ..conversation import name_spans, question_language, standalone_question
from ..languages import (
    DATE_QUESTION,
    FRAMES,
    MONEY_QUESTION,
    PERSON_QUESTION,
    PLACE_QUESTION,
    QUANTITY,
    STOPWORDS,
    WHO_QUESTION,
)
from ..limits import MAX_QUESTION
from .model import Asked

QUANTITY_ASKED = re.compile(QUANTITY, re.I)
MONEY_ASKED = re.compile(MONEY_QUESTION, re.I)
PERSON_ASKED = re.compile(PERSON_QUESTION, re.I)
# What a question asks for, by kind: each kind's sentences are looked for before a fact is called absent.
KINDS = {"quantity": QUANTITY_ASKED, "money": MONEY_ASKED, "person": PERSON_ASKED,
         "who": re.compile(WHO_QUESTION, re.I), "date": re.compile(DATE_QUESTION, re.I),
         "place": re.compile(PLACE_QUESTION, re.I)}
# The counted thing: the word after "how many", past a "de"/"d'" ("combien de bonnes pratiques": bonnes).
_COUNTED = re.compile(rf"(?:{QUANTITY})\s+(?:(?:de|d'|d’|of)\s*)?(\w+)", re.I)
# ... and its words: the first two after it that are no function words ("régions modèles", "partners" in "how many
# of the partners are").
_THING = re.compile(rf"(?:{QUANTITY})\s+((?:[^\W\d_][\w'’]*\s*){{1,4}})", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def understand(question: str, history: list[tuple[str, str]] | None = None,
               rewrite: Callable[[str, list[tuple[str, str]]], str] | None = None) -> Asked:
    """The question as every stage reads it. `rewrite` (a language model's) makes a follow-up stand alone when
    given; the rule-based rewrite is the fallback."""
    question = question.strip()[:MAX_QUESTION]
    lang = question_language(question, history)
    standalone = standalone_question(question, history, lang) if question else ""
    if rewrite is not None and history:
        standalone = rewrite(question, history) or standalone
    kinds = {kind for kind, pattern in KINDS.items() if pattern.search(standalone)}
    counted = _COUNTED.search(standalone)
    strong, weak = name_parts(standalone)
    spans = tuple(dict.fromkeys(name_spans(standalone)))
    joined = tuple("".join(span.split()) for span in spans if " " in span.strip())
    return Asked(question, lang, standalone, frozenset(kinds), counted.group(counted.lastindex) if counted else "",
                 counted_words(standalone), tuple(dict.fromkeys(_YEAR.findall(standalone))), tuple(strong),
                 tuple(weak), joined, spans, lang if lang in FRAMES else "en")


def _function(word: str) -> bool:
    return word.casefold() in STOPWORDS or word.casefold() in ("d", "l")


def counted_words(question: str) -> str:
    """The counted thing of a quantity question, its words up to the first function word ("" when none)."""
    found = _THING.search(question)
    if not found:
        return ""
    words = itertools.dropwhile(_function, re.findall(r"[^\W\d_]+", found.group(found.lastindex)))
    kept = list(itertools.takewhile(lambda w: not _function(w), words))[:2]
    return " ".join(kept)


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
