"""Follow-up questions made to stand alone (no LLM): rewrite only what is a follow-up, never a complete question."""

from __future__ import annotations

import re

from .language import detect_question
from .languages import (
    ASKING,
    COLLECTION_WORDS,
    FOLLOW_UP_CUES,
    POSSESSIVES,
    PRONOUNS,
    QUESTION_WORDS,
    SUBJECT_LINKS,
    all_words,
)

_TOKEN = re.compile(r"[^\W_][\w\-'’.&]*[^\W_]|[^\W_]")
_CONNECTORS = {"of", "de", "du", "des", "la", "le", "del", "da", "do", "dos", "für", "för", "and", "&", "-"}
_ASKING_ALL = all_words(ASKING)
_FUNCTION = (all_words(QUESTION_WORDS) | all_words(ASKING) | all_words(PRONOUNS) | all_words(FOLLOW_UP_CUES)
             | all_words(COLLECTION_WORDS))


def cue_of(question: str) -> tuple[str, str, str]:
    """(cue language, cue, rest) when the question opens with a follow-up cue as a whole word, else ('', '', q)."""
    text = question.strip()
    best = ("", "", text)
    for lang, cues in FOLLOW_UP_CUES.items():
        for cue in cues:
            match = re.match(rf"{re.escape(cue)}[\s,]+", text, re.I)
            if match and len(cue) > len(best[1]):
                best = (lang, cue, text[match.end():])
    return best


def name_spans(text: str) -> list[str]:
    """Proper names of a question: capitalised words after the first, ACRONYMS and CamelCase, joined into spans."""
    tokens = _TOKEN.findall(text)
    spans: list[list[str]] = []
    current: list[str] = []
    for i, token in enumerate(tokens):
        if is_name(token, first=(i == 0)):
            current.append(token)
        elif current and token.casefold() in _CONNECTORS and i + 1 < len(tokens) and is_name(tokens[i + 1], False):
            current.append(token)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    return [" ".join(span) for span in spans]


def is_name(token: str, first: bool) -> bool:
    """A token that names something: 'BioPro', 'INNO', 'i-Trans', 'Hamburg' (not the question's first word)."""
    if token.casefold() in _FUNCTION or token.isdigit():
        return False
    inner_upper = any(ch.isupper() for ch in token[1:])
    if inner_upper or (any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token)):
        return True
    return token[:1].isupper() and not first


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _pronoun_at(rest: str, lang: str) -> re.Match | None:
    words = PRONOUNS.get(lang, []) + (PRONOUNS["en"] if lang != "en" else [])
    alternatives = "|".join(re.escape(w) + ("" if w.endswith("'") else r"\b")
                            for w in sorted(words, key=len, reverse=True))
    return re.search(rf"\b({alternatives})", rest, re.I)


def subject_of(question: str) -> str:
    """What a question is about: a quoted title, its names, or failing that its last words."""
    quoted = re.search(r"[\"“«„]([^\"”»“]{3,80})[\"”»“]|(?<!\w)['‘](.{3,80}?)['’](?!\w)", question)
    if quoted:
        return (quoted.group(1) or quoted.group(2)).strip()
    names = name_spans(question)
    if names:
        return " ".join(names)
    words = [w for w in _words(question) if w.casefold() not in _FUNCTION]
    return " ".join(words[-3:])


def rewrite(question: str, previous: str, lang: str = "") -> str:
    """The follow-up `question` made to stand alone after the (already standalone) `previous` question (`lang`: the
    question's language when already known)."""
    lang_of_cue, cue, rest = cue_of(question)
    lang = lang_of_cue or lang or detect_question(question)
    rest = rest.strip()
    tokens = _words(rest)
    names = name_spans(rest)
    pronoun = _pronoun_at(rest, lang) if not names else None
    content = [t for t in tokens if t.casefold() not in _FUNCTION]
    # A question of its own: a name, a number, or more than a couple of words that say what it is about ("Wie hoch
    # war das Budget?" is not: its few content words need the earlier subject).
    own = names or any(ch.isdigit() for ch in rest) or (len(tokens) > 4 and len(content) > 3)
    if not cue and pronoun is None and own:
        return question
    if not tokens:
        return question
    subject = subject_of(previous)
    if pronoun is not None:
        word = pronoun.group(1)
        if word.endswith("'"):  # "Qui l'a lancé ?" -> "Qui a lancé go-cluster ?"
            return _capital(rest[:pronoun.start()] + rest[pronoun.end():].rstrip(" ?!.") + " " + subject + "?")
        owner = POSSESSIVES.get(lang, {}).get(word.casefold(), "{}")  # "its second phase" -> "INNO Industry's …"
        return _capital(rest[:pronoun.start()] + owner.format(subject) + rest[pronoun.end():])
    asks = tokens[0].casefold() in _ASKING_ALL
    if cue and not asks and (names or any(ch.isdigit() for ch in rest)):
        if len(content) > 4:  # "Och sedan när har delstaten finansierat …": a whole question after the cue
            return question
        return replace_slot(previous, rest)
    link = SUBJECT_LINKS.get(lang, "")  # "Combien de partenaires" + "pour" + "INNO Industry"
    return _capital(" ".join(filter(None, [rest.rstrip(" ?!."), link, subject])) + "?")


def replace_slot(previous: str, rest: str) -> str:
    """Ellipsis: "… in France?" + "in Sweden" -> "… in Sweden?"; a year replaces a year, a name the likest name."""
    words = previous.rstrip(" ?!.").split()
    new = rest.strip(" ?!.,").split()
    lead = new[0].casefold()
    at = next((i for i in range(len(words) - 1) if words[i].casefold() == lead and _is_slot(words[i + 1])), None)
    same_kind = at is not None and _yearlike(words[at + 1]) == _yearlike(new[-1])
    if at is not None and same_kind and len(new) > 1 and all(_is_slot(w) for w in new[1:]):
        end = at + 1
        while end < len(words) and _is_slot(words[end]):
            end += 1
        return " ".join(words[:at] + new + words[end:]) + "?"
    years = [w.strip(",.?") for w in new if _YEARLIKE.fullmatch(w.strip(",.?"))]
    names = name_spans(" ".join(w for w in new if not _YEARLIKE.fullmatch(w.strip(",.?"))))
    if not years and not names:
        return " ".join(words + new) + "?"
    for year in years:
        spots = [i for i, w in enumerate(words) if _YEARLIKE.fullmatch(w.strip(",.?!"))]
        if spots:
            words[spots[-1]] = year
        elif not names:  # "and in 2015?" after a question without a year: keep its words
            return " ".join(words + new) + "?"
        else:
            words.append(year)
    for name in names:
        runs = _name_runs(words)
        if not runs:
            words += name.split()
            continue
        qualifying = [(a, b) for a, b in runs if 0 < a and words[a - 1].casefold() in _ASKING_ALL
                      and b < len(words) and words[b][:1].islower()]
        if qualifying and not years and len(names) == 1:
            # the name qualifies a noun ("Which Portuguese region" + "in Sweden"): the new place goes after
            a, b = qualifying[0]
            return " ".join(words[:a] + words[b:] + rest.strip(" ?!.,").split()) + "?"
        start, end = max(runs, key=lambda r: (_common_prefix(" ".join(words[r[0]:r[1]]), name), r[0]))
        words[start:end] = name.split()
    return " ".join(words) + "?"


def _name_runs(words: list[str]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, word in enumerate(words + [""]):
        named = bool(word) and is_name(word.strip(",.?!:;"), first=(i == 0))
        if named and start is None:
            start = i
        elif not named and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.casefold(), b.casefold(), strict=False):
        if x != y:
            break
        n += 1
    return n


_YEARLIKE = re.compile(r"(?:19|20)\d\d")


def _yearlike(word: str) -> bool:
    return _YEARLIKE.fullmatch(word.strip(",.?!:;")) is not None


def _is_slot(word: str) -> bool:
    w = word.strip(",.?!:;")
    return bool(w) and (w[:1].isupper() or any(ch.isdigit() for ch in w))


def _capital(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def standalone_question(question: str, history: list[tuple[str, str]] | None, lang: str = "") -> str:
    """Rewrite a follow-up to stand alone, resolving each earlier question against the one before it (`lang`: the
    question's own language, question_language's, when already known)."""
    if not history:
        return question
    previous = ""
    for asked, _ in history:
        previous = rewrite(asked, previous) if previous else asked
    return rewrite(question, previous, lang)


def question_language(question: str, history: list[tuple[str, str]] | None = None) -> str:
    """The asker's language: a follow-up cue decides ('och' -> sv), else the question's own words."""
    lang, _, _ = cue_of(question)
    if lang and history:
        return lang
    return detect_question(question) if question else "en"
