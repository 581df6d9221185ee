"""What a question asks for, looked for across every retrieved passage: when the best sentence does not state the
asked kind of fact (a sum, a count of the counted thing, a person, a date), a sentence that does and that is nearly
as close to the question comes first, before the fact is called absent."""

from __future__ import annotations

import re

from ..languages import AMOUNT, COMPANY_FORMS
from ..lexical import query_terms
from .model import Asked, Candidate
from .sentences import YEAR, counts_asked_thing, numbers_in, same_stem, states_a_number

_AMOUNT = re.compile(AMOUNT, re.I)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./](?:19|20)?\d\d\b")
_COMPANY_FORMS = {w.casefold() for w in COMPANY_FORMS}
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_ACRONYM = re.compile(r"\b[A-ZÀ-Þ]{3,}\b")
# The kinds looked for, the most specific first: "how much funding" wants a sum before a number.
SOUGHT = ("money", "quantity", "person", "date", "who")


def sought(asked: Asked) -> str:
    """The kind of fact the question asks for, "" when it asks for none that a sentence visibly states."""
    return next((kind for kind in SOUGHT if kind in asked.kinds), "")


def states(kind: str, text: str, asked: Asked, langs: list[str]) -> bool:
    """Whether a sentence states a fact of this kind for this question."""
    if kind == "money":
        return bool(_AMOUNT.search(text)) and states_a_number(text)
    if kind == "quantity":
        counted = set(query_terms(asked.counted, langs)) if asked.counted else set()
        return counts_asked_thing(text, counted, langs) if counted else states_a_count(text)
    if kind in ("person", "who"):  # a person, or an organisation known by its acronym ("led by AMUEBLA")
        return bool(person_names(text, asked.standalone) or acronyms(text, asked.standalone))
    if kind == "date":
        return bool(_DATE.search(text))
    return False


def seek(asked: Asked, cands: list[Candidate], chosen: list[Candidate], langs: list[str], margin: float,
         limit: int) -> tuple[list[Candidate], bool]:
    """The quotes with a sentence of the asked kind first (the best by order among those within `margin` of the
    first quote's linear score), and whether the first quote now states the asked kind."""
    kind = sought(asked)
    if not kind or not chosen:
        return chosen, False
    if counts_here(chosen[0]) or states(kind, chosen[0].text, asked, langs):
        return chosen, True
    floor = chosen[0].score - margin
    near = [c for c in cands if c.score >= floor]
    typed = [c for c in near if counts_here(c) or states(kind, c.text, asked, langs)]
    if not typed and kind == "quantity":  # the counted thing in another language: any count will do
        typed = [c for c in near if states_a_count(c.text)]
    if not typed:
        return chosen, False
    first = max(typed, key=lambda c: (c.order, c.score))
    return [first, *without(chosen, first)][:limit], True


def counts_here(cand: Candidate) -> bool:
    """Whether a sentence counts the asked thing in the question's own words."""
    return cand.counts and not cand.across


def count_across(chosen: list[Candidate], cands: list[Candidate], margin: float, limit: int) -> list[Candidate]:
    """The quotes with the best sentence that counts the asked thing in another language's words ("30 goda
    exempel" for "bonnes pratiques") second, when it is within `margin` of the first quote's linear score and no
    quote counts the thing yet. Second, not first: the first quote's scores decide whether to answer, and a count
    this close in other words is also found for questions the documents do not answer."""
    if not chosen or any(c.counts for c in chosen):
        return chosen
    across = [c for c in cands if c.across and c.score >= chosen[0].score - margin]
    if not across:
        return chosen
    best = max(across, key=lambda c: (c.order, c.score))
    return [chosen[0], best, *without(chosen[1:], best)][:limit]


def without(chosen: list[Candidate], cand: Candidate) -> list[Candidate]:
    """The quotes but this sentence (the same sentence, or the same text in another passage)."""
    return [c for c in chosen if not (c.hit_index == cand.hit_index and c.start == cand.start)
            and c.text != cand.text]


def states_a_count(text: str) -> bool:
    """Whether a sentence states a count: a number that is not a year, or a number word."""
    return any(not YEAR.fullmatch(n) for n in numbers_in(text))


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


def acronyms(text: str, question: str) -> list[str]:
    """Words of three or more capitals (an organisation: "AMUEBLA", "ECSA") that the question does not hold."""
    asked = {w.casefold() for w in _WORD.findall(question)}
    return [w for w in _ACRONYM.findall(text) if w.casefold() not in asked]


def _capitalised(word: str) -> bool:
    """Capitalised like a name: 'Ulf', 'Savbäck', 'Dr' (not an ACRONYM, not lower case)."""
    return word[:1].isupper() and any(ch.islower() for ch in word[1:]) and sum(ch.isupper() for ch in word) <= 2


def _asked(word: str, asked: set[str]) -> bool:
    """Whether the question holds this word, inflected or not ('Finlandin' for 'Finland')."""
    word = word.casefold()
    return any(word == a or same_stem(word, a) for a in asked)
