"""Language detection (lingua, offline) for documents, chunks and questions."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .languages import DETECTED, FRAMES, QUESTION_WORDS


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in DETECTED]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(text: str, default: str = "", min_confidence: float = 0.2, detector=None) -> str:
    """The ISO 639-1 code of the text's language, or `default` when the text is too short or unclear.

    Short questions get low confidences spread over related languages: call with a lower min_confidence.
    `detector`: a lingua detector over fewer languages (default: every language of languages.DETECTED).
    """
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < 3:
        return default
    values = (detector or _detector()).compute_language_confidence_values(sample)
    if not values or values[0].value < min_confidence:
        return default
    return values[0].language.iso_code_639_1.name.lower()


def majority(langs_by_weight: list[tuple[str, int]], default: str = "") -> str:
    """The language carrying the most weight (e.g. characters) among (lang, weight) pairs."""
    votes: Counter[str] = Counter()
    for lang, weight in langs_by_weight:
        if lang:
            votes[lang] += weight
    return votes.most_common(1)[0][0] if votes else default


@lru_cache(maxsize=1)
def _question_detector():
    """Lingua over the languages answers are framed in: a short Swedish question is not Danish to us."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in FRAMES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


@lru_cache(maxsize=4096)
def detect_question(question: str, default: str = "en") -> str:
    """The language of a question: function-word votes first, then lingua (over the answer languages) on the
    text without names and quoted titles (a name says little about the asker's language)."""
    if question.lstrip().startswith("¿"):
        return "es"
    text = _QUOTED.sub(" ", question)
    tokens = [t.casefold() for t in re.findall(r"[^\W\d_]+", text)]
    votes = sorted(((sum(t in set(words) for t in tokens), lang) for lang, words in QUESTION_WORDS.items()),
                   reverse=True)
    if votes[0][0] >= 2 and votes[0][0] >= votes[1][0] + 2:
        return votes[0][1]
    # Words one language alone asks with ("ist", "sont", "är") settle it when only one language has any.
    own = {lang for lang, ws in QUESTION_WORDS.items()
           if any(t in ws and _only(t, lang) for t in tokens)}
    if len(own) == 1 and votes[0][0] >= 2 and next(iter(own)) == votes[0][1]:
        return votes[0][1]
    words = [w for w in re.findall(r"[^\W\d_][\w\-'’]*", text)]
    owners = [lang for lang, ws in QUESTION_WORDS.items() if words and words[0].casefold() in ws]
    if len(owners) == 1 and (votes[0][0] < 2 or votes[0][1] == owners[0]):
        return owners[0]  # an opening question word of one language only ("Vem …", "Wer …") outweighs names
    plain = [w for i, w in enumerate(words) if not _looks_like_name(w, i, words)]
    sample = " ".join(plain) if len(plain) >= 2 else " ".join(words)
    asking = {w for ws in QUESTION_WORDS.values() for w in ws}
    lower = [w for i, w in enumerate(words)
             if not any(ch.isupper() for ch in w) or (i == 0 and w.casefold() in asking)]
    if lower and (len(words) <= 4 or len(lower) >= 2):
        sample = " ".join(lower)  # capitalised words are names, whatever their place ("Düsseldorfs kvartil?")
    detector = _question_detector()
    return detect(sample, min_confidence=0.0, detector=detector) or \
        detect(question, default=default, min_confidence=0.0, detector=detector)


def _only(word: str, lang: str) -> bool:
    """Whether the word is a question word of this language and of no other."""
    return all(word not in ws for other, ws in QUESTION_WORDS.items() if other != lang)


_QUOTED = re.compile(r"[\"“”«»„][^\"“”«»„]{2,120}[\"“”«»„]")


def _looks_like_name(word: str, i: int, words: list[str]) -> bool:
    """Capitalised after the first word, CamelCase or ACRONYM, or a first word that opens a run of names."""
    if any(ch.isupper() for ch in word[1:]):
        return True
    if not word[:1].isupper():
        return False
    return i > 0 or (len(words) > 1 and words[1][:1].isupper())


def clearly_not(text: str, lang: str) -> bool:
    """Whether a text is clearly in another language than `lang`, judged on its lower-case words only (names,
    which lingua reads as evidence, aside); short texts are never judged."""
    words = [w for w in re.findall(r"[^\W\d_][\w\-'’]*", text) if not any(ch.isupper() for ch in w)]
    if len(words) < 4:
        return False
    values = {v.language.iso_code_639_1.name.lower(): v.value
              for v in _question_detector().compute_language_confidence_values(" ".join(words))}
    if lang not in values:
        return False
    top = max(values, key=values.get)
    return top != lang and values[top] >= 0.6 and values[lang] < 0.15
