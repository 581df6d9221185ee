"""Every language in one place: one module per answer language (en.py, fr.py, sv.py, de.py, fi.py, pt.py, es.py),
the document-only languages in others.py. Adding an answer language is one module and one line in ANSWER below;
tests/test_languages.py checks that each has every part. The tables below are derived from the entries."""

from __future__ import annotations

from . import de, en, es, fi, fr, others, pt, sv
from ._language import Language, words

__all__ = ["AMOUNT", "ANSWER", "ASKING", "COLLECTION_WORDS", "COMPANY_FORMS", "DATE_QUESTION", "DETECTED",
           "FOLLOW_UP_CUES", "FRAMES",
           "LANGUAGES", "Language", "MONEY_QUESTION", "NUMBER_WORDS", "NUMERALS", "PERSON_QUESTION",
           "PLACE_QUESTION", "POSSESSIVES", "PRONOUNS", "QUANTITY", "QUESTION_WORDS", "SPELLINGS", "STEMMERS",
           "STOPWORDS", "SUBJECT_LINKS", "WHO_QUESTION", "all_words", "concept_words", "frame", "named_concepts",
           "same_word", "spellings",
           "with_spellings", "words"]

# Answer languages, in the order their tables are read (a follow-up cue shared by two goes to the first).
ANSWER: tuple[Language, ...] = tuple(m.LANGUAGE for m in (en, fr, sv, de, fi, pt, es))
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (*ANSWER, *others.LANGUAGES)}
# The languages lingua tells apart in documents and chunks.
DETECTED = ("en", "fr", "de", "sv", "fi", "pt", "ro", "es", "it", "nl", "da", "nb", "pl", "et", "lt", "lv", "cs")
ANSWER_PHRASES = ("intro", "sources", "page", "none", "missing", "amount", "person", "fallback", "rejected",
                  "unchecked", "why_uncited", "why_language", "why_empty", "understood")

FRAMES: dict[str, dict[str, str]] = {lang.code: lang.phrases for lang in ANSWER}
QUESTION_WORDS: dict[str, list[str]] = {lang.code: list(lang.question_words) for lang in ANSWER}
FOLLOW_UP_CUES: dict[str, list[str]] = {lang.code: list(lang.follow_up_cues) for lang in ANSWER}
PRONOUNS: dict[str, list[str]] = {lang.code: list(lang.pronouns) for lang in ANSWER}
ASKING: dict[str, list[str]] = {lang.code: list(lang.asking) for lang in ANSWER}
COLLECTION_WORDS: dict[str, list[str]] = {lang.code: list(lang.collection_words) for lang in ANSWER}
SUBJECT_LINKS: dict[str, str] = {lang.code: lang.subject_link for lang in ANSWER}
POSSESSIVES: dict[str, dict[str, str]] = {lang.code: dict(lang.possessives) for lang in ANSWER}
STEMMERS: dict[str, str] = {code: lang.stemmer for code, lang in LANGUAGES.items() if lang.stemmer}
STOPWORDS: frozenset[str] = frozenset(w for lang in LANGUAGES.values() for w in lang.stopwords)
COMPANY_FORMS: frozenset[str] = frozenset(w for lang in LANGUAGES.values() for w in lang.company_forms)

# Currencies and magnitudes every language writes alike.
_CURRENCIES = (r"€", r"\bEUR\b", r"\beuros?\b", r"\bSEK\b", r"\bMSEK\b", r"\bMEUR\b", r"\bUSD\b", r"\$", r"£",
               r"\bk€", r"\bM€")


def _either(fragments) -> str:
    """One alternation of the fragments, each once, in the languages' order."""
    return "|".join(dict.fromkeys(fragments))


QUANTITY = _either(f for lang in ANSWER for f in lang.quantity)
NUMBER_WORDS = _either([*(w for lang in ANSWER for w in lang.number_words),
                        *(w for lang in ANSWER for w in lang.numerals)])
MONEY_QUESTION = r"\b(" + _either(f for lang in ANSWER for f in lang.money_question) + r")\b"
AMOUNT = _either([*_CURRENCIES, *(f for lang in ANSWER for f in lang.amount)])
PERSON_QUESTION = _either([*(f for lang in ANSWER for f in lang.person_question),
                           r"^\W*(" + _either(f for lang in ANSWER for f in lang.role_opening) + r")\b"])
DATE_QUESTION = _either(f for lang in ANSWER for f in lang.date_question)
PLACE_QUESTION = _either(f for lang in ANSWER for f in lang.place_question)
WHO_QUESTION = _either(f for lang in ANSWER for f in lang.who_question)
# A count written as a word, in any answer language, to its value ("nio", "neuf", "neun": 9). A word two languages
# read differently keeps the first language's value.
NUMERALS: dict[str, int] = {}
for _lang in ANSWER:
    for _word, _value in _lang.numerals.items():
        NUMERALS.setdefault(_word.casefold(), _value)


def _spelling_groups() -> dict[str, frozenset[str]]:
    """Each spelling of a name that differs by language (case-folded) to every spelling of it in any language."""
    groups: dict[str, set[str]] = {}
    for lang in ANSWER:
        for key, spelt in lang.terms.items():
            groups.setdefault(key, {key}).update(spelt)
    return {s.casefold(): frozenset(group) for group in groups.values() for s in group}


SPELLINGS = _spelling_groups()


def spellings(name: str) -> frozenset[str]:
    """Every language's spelling of a name ("UE" -> EU, UE; "PIB" -> GDP, PIB, BIP, BNP, BKT); the name alone when
    it does not differ by language."""
    return SPELLINGS.get(name.casefold(), frozenset({name}))


def _concept_groups() -> dict[str, dict[str, frozenset[str]]]:
    """Each concept's words by language (case-folded), keyed by the English concept."""
    groups: dict[str, dict[str, frozenset[str]]] = {}
    for lang in ANSWER:
        for key, written in lang.concepts.items():
            groups.setdefault(key, {})[lang.code] = frozenset(w.casefold() for w in written)
    return groups


CONCEPTS = _concept_groups()


def concept_words(text: str) -> dict[str, list[str]]:
    """By language, the words for the domain's concepts a text names ("training" -> de: Weiterbildung, …; fr:
    formation, …), none of the text's own: to highlight a query's meaning in passages of other languages (each
    stemmed in its own language only: "formation" stemmed as English would mark German "Formate")."""
    asked = {w.casefold().strip("?,.!;:()\"'") for w in text.split()}
    out: dict[str, list[str]] = {}
    for by_lang in CONCEPTS.values():
        if any(same_word(a, w) for a in asked for group in by_lang.values() for w in group):
            for code, group in by_lang.items():
                out.setdefault(code, []).extend(sorted(group - asked))
    return out


def _term_groups() -> dict[str, dict[str, frozenset[str]]]:
    """Each name that differs by language, its spellings by language (case-folded), keyed by the English one."""
    groups: dict[str, dict[str, frozenset[str]]] = {}
    for lang in ANSWER:
        for key, spelt in lang.terms.items():
            groups.setdefault(key, {})[lang.code] = frozenset(s.casefold() for s in spelt)
    return groups


TERM_GROUPS = _term_groups()


def named_concepts(text: str) -> tuple[list[dict[str, frozenset[str]]], set[str]]:
    """The domain's concepts and the names spelt by language that a text names, each as its words by language,
    and the text's words they cover ("training of cluster managers": three concepts; "SMEs": KMU, PME, …)."""
    asked = {w.casefold().strip("?,.!;:()\"'") for w in text.split()} - {""}
    named, covered = [], set()
    for by_lang in [*CONCEPTS.values(), *TERM_GROUPS.values()]:
        hit = {a for a in asked for group in by_lang.values() for w in group if same_word(a, w)}
        if hit:
            named.append(by_lang)
            covered |= hit
    return named, covered


def same_word(a: str, b: str) -> bool:
    """Two words that are one word inflected: equal, or one a prefix of the other from five letters on
    ("manager" / "managers", "region" / "regional")."""
    return a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)))


def with_spellings(text: str) -> str:
    """The text followed by the other languages' spellings of its names ("PIB" adds GDP, BIP, BNP, BKT)."""
    extra = [v for w in text.split() for v in sorted(spellings(w.strip("?,.!()"))) if v != w.strip("?,.!()")]
    return " ".join([text, *extra])


def frame(lang: str) -> dict[str, str]:
    """The framing texts in the asker's language (English when there are none for it)."""
    return FRAMES.get(lang, FRAMES["en"])


def all_words(table: dict[str, list[str]]) -> set[str]:
    """Every word of a per-language table, case-folded."""
    return {w.casefold() for words_ in table.values() for phrase in words_ for w in phrase.split()}
