"""What the project knows of one language: the `Language` record every entry of assistant/languages fills in."""

from __future__ import annotations

from dataclasses import dataclass, field


def words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of a text block, in order."""
    return tuple(text.split())


@dataclass(frozen=True)
class Language:
    """One language. A document language needs a code (and a stemmer when Snowball has one); an answer language
    (one questions are asked and answers framed in) fills in every field (tests/test_languages.py checks it).

    Regular-expression fields hold fragments: each table of assistant.languages joins every language's fragments
    into one pattern, so a question in any language is recognised whatever language it is detected as."""

    code: str  # ISO 639-1
    name: str  # in English, as a prompt names it ("Answer in Swedish")
    stemmer: str | None = None  # the Snowball algorithm's name (PyStemmer), None: words are not stemmed
    stopwords: tuple[str, ...] = ()  # function words left out of BM25 and of question terms (all languages at once)
    question_words: tuple[str, ...] = ()  # function words that tell a short question's language
    follow_up_cues: tuple[str, ...] = ()  # words that open a follow-up ("and …", "och …")
    pronouns: tuple[str, ...] = ()  # words that point back to the previous subject
    asking: tuple[str, ...] = ()  # question words that make a follow-up a new aspect ("and what did it cost?")
    number_words: tuple[str, ...] = ()  # a count stated in words ("nio partners")
    quantity: tuple[str, ...] = ()  # a question asking for a quantity ("how many", "combien")
    money_question: tuple[str, ...] = ()  # a question asking for a sum of money (budget, cost, funding)
    amount: tuple[str, ...] = ()  # what states a sum, beside the currencies every language shares
    person_question: tuple[str, ...] = ()  # a question asking who holds a role
    role_opening: tuple[str, ...] = ()  # role nouns that open a short question ("Leiter Nord France Invest?")
    company_forms: tuple[str, ...] = ()  # legal forms: a capitalised pair ending in one is a company ("Finpro Oy")
    numerals: dict[str, int] = field(default_factory=dict)  # counts written as words, with their value ("nio": 9)
    # Names that differ by language, keyed by the English one: this language's spellings ("GDP": ("PIB",)).
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The domain's common words, keyed by the English concept ("training": Weiterbildung, Schulung, …): a search's
    # word highlights its concept's words in every language's passages.
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_question: tuple[str, ...] = ()  # a question asking when ("wann", "en quelle année")
    place_question: tuple[str, ...] = ()  # a question asking where
    who_question: tuple[str, ...] = ()  # a question asking who (a person or an organisation)
    # What a question calls the documents themselves ("Was sagen die Dokumente über …"): never a name.
    collection_words: tuple[str, ...] = ()
    subject_link: str = ""  # joins a follow-up to the earlier subject: "Combien de partenaires" pour "INNO Industry"
    possessives: dict[str, str] = field(default_factory=dict)  # "its" -> "{}'s" (optional: where a suffix will do)
    phrases: dict[str, str] = field(default_factory=dict)  # the answer's framing (keys: see ANSWER_PHRASES)
