"""Every language in one place (assistant/languages): each answer language has every part, every fragment compiles,
and the shared tables are built from the entries."""

from __future__ import annotations

import re
import string

import pytest

from assistant.languages import ANSWER, ANSWER_PHRASES, DETECTED, FRAMES, LANGUAGES, STEMMERS, STOPWORDS

PARTS = ("stemmer", "stopwords", "question_words", "follow_up_cues", "pronouns", "asking", "number_words", "quantity",
         "money_question", "amount", "person_question", "role_opening", "company_forms", "numerals", "terms",
         "date_question", "place_question", "who_question", "subject_link", "phrases")
# Parts known to be missing, to be filled as a quality change measured on the tune split (issue #29), not in a
# refactoring that must leave every answer as it was: strict, so that filling one fails here until it is removed.
GAPS: set[tuple[str, str]] = set()


@pytest.mark.parametrize("lang,part", [(lang.code, part) for lang in ANSWER for part in PARTS])
def test_every_answer_language_has_every_part(lang, part):
    if (lang, part) in GAPS:
        pytest.xfail(f"{lang} has no {part} yet (#29)")
    assert getattr(LANGUAGES[lang], part), f"{lang}: {part} is empty"


def test_the_known_gaps_are_still_gaps():
    """A gap filled is a gap to remove from GAPS (and the tune/test figures that come with it)."""
    assert all(not getattr(LANGUAGES[lang], part) for lang, part in GAPS)


@pytest.mark.parametrize("lang", [lang.code for lang in ANSWER])
def test_every_answer_phrase_is_there_with_its_placeholders(lang):
    phrases = LANGUAGES[lang].phrases
    assert set(phrases) == set(ANSWER_PHRASES)
    for key, text in phrases.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert fields == {name for _, name, _, _ in string.Formatter().parse(FRAMES["en"][key]) if name}, (lang, key)


def test_every_fragment_is_a_regular_expression_of_its_own():
    for lang in ANSWER:
        for part in ("quantity", "money_question", "amount", "person_question", "role_opening"):
            for fragment in getattr(lang, part):
                re.compile(fragment)


def test_every_stemmer_is_one_pystemmer_has_and_every_language_is_detected():
    import Stemmer

    assert set(STEMMERS.values()) <= set(Stemmer.algorithms())
    assert set(LANGUAGES) == set(DETECTED)
    assert [lang.code for lang in ANSWER] == list(FRAMES)


def test_the_shared_tables_are_the_entries_together():
    assert all(w in STOPWORDS for lang in LANGUAGES.values() for w in lang.stopwords)
    assert {"och", "der", "le", "the"} <= STOPWORDS
