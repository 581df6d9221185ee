"""English: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="en",
    name="English",
    stemmer="english",
    stopwords=words("""
        a an and are as at be by for from has have in is it its of on or that the this to was were will with
        which
    """),
    question_words=words("""
        what which who whom whose when where why how many much is are was were the of does do did in and
        about there
    """),
    follow_up_cues=("and", "what about", "how about", "also"),
    pronouns=words("""
        it its they them their this that these those he she his her
    """),
    asking=words("""
        what which who when where why how
    """),
    number_words=words("""
        two three four five six seven eight nine ten twelve twenty hundred million millions
    """),
    quantity=(
        "how (many|much)",
        "budget",
    ),
    money_question=(
        r"budget\w*",
        "costs?",
        "cost(ed|ing)",
        r"how much (?:\w+ )?(?:funding|money|financing)",
        r"(?:what|which) (?:\w+ )?funding",
    ),
    amount=(
        r"\bmillion",
        r"\bbillion",
    ),
    person_question=(
        r"\bwho\b.*\b(president|chair\w*|director|head|chief|ceo|leader|manager|mayor|minister|coordinator)s?\b",
        r"\bwho (leads|led|heads|headed|chairs|chaired|directs|directed|manages|managed|presides)\b",
    ),
    role_opening=(
        "president",
        "chair",
        "director",
        "head",
        "ceo",
        "leader",
    ),
    company_forms=words("Ltd Inc Plc"),
    phrases={
        "intro": "According to the sources:",
        "sources": "Sources",
        "page": "p.",
        "none": "I could not find an answer to this in the documents. The nearest passages are:",
        "missing": "The documents do not mention {what}. The nearest passages are:",
        "amount": "an amount",
        "person": "the person asked about",
        "fallback": "The language model could not answer ({error}); here is the extractive answer.",
        "rejected": "The language model's answer was set aside ({why}); here is the extractive answer.",
        "unchecked": "The language model's answer is shown although it failed a check ({why}).",
        "why_uncited": "it cites no passage",
        "why_language": "it is not in English",
        "why_empty": "it says nothing",
    },
)
