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
        r"salar(?:y|ies)",
        r"wages?",
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
    numerals={"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
              "fifty": 50, "hundred": 100},
    # The domain's common words in this language, keyed by the English concept: a query's word in any language
    # highlights them in this language's passages (ui/snippets).
    concepts={
        "cluster": words("cluster clusters"),
        "training": words("training trainings course courses upskilling education"),
        "manager": words("manager managers management"),
        "internationalisation": words("internationalisation internationalization export exports"),
        "company": words("company companies firm firms enterprise enterprises business businesses"),
        "digitalisation": words("digitalisation digitalization digital"),
        "funding": words("funding financing grant grants budget"),
        "cooperation": words("cooperation collaboration partnership"),
        "network": words("network networks"),
        "research": words("research"),
        "skills": words("skills competence competences"),
        "practice": words("practice practices example examples"),
        "sustainability": words("sustainability sustainable green"),
        "energy": words("energy"),
        "health": words("health"),
        "member": words("member members"),
        "startup": words("startup startups start-up start-ups"),
    },
    terms={"EU": ("EU",), "GDP": ("GDP",), "SME": ("SME", "SMEs"), "ERDF": ("ERDF",), "R&D": ("R&D", "RDI"),
           "ICT": ("ICT",), "AI": ("AI",), "EC": ("EC",)},
    date_question=(r"\bwhen\b", r"\b(?:which|what) (?:year|date|month)\b", r"\bsince when\b"),
    place_question=(r"\bwhere\b", r"\b(?:which|what) (?:city|town|country|region)\b"),
    who_question=(r"\bwho\b", r"\bwhich (?:organi[sz]ation|company|university|institution)\b"),
    collection_words=words("documents document sources source texts text pages page"),
    subject_link="for",
    possessives={"its": "{}'s", "their": "{}'s"},
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
        "understood": "Understood as",
    },
)
