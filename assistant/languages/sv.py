"""Swedish: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="sv",
    name="Swedish",
    stemmer="swedish",
    stopwords=words("""
        och att det som en ett är av för på med till den har de om inte vid eller från
    """),
    question_words=words("""
        vad vilken vilket vilka vem vems när var varför hur många mycket är och har hade som för i på av om
        finns det
    """),
    follow_up_cues=("och", "än", "men", "också"),
    pronouns=words("""
        den det dess de dem deras han hon hans hennes denna detta dessa
    """),
    asking=words("""
        vad vilken vilket vilka vem när var varför hur
    """),
    number_words=words("""
        två tre fyra fem sju åtta nio tio tolv tjugo hundra miljoner miljarder
    """),
    quantity=(
        "hur (många|mycket|stor)",
        "belopp",
    ),
    money_question=(
        r"lön\w*",
        r"budget\w*",
        "kostar",
        r"kostnad\w*",
        r"belopp\w*",
        r"hur mycket (?:\w+ )?(?:finansiering|pengar|stöd|bidrag)",
        r"(?:vilken|vilket) (?:\w+ )?finansiering",
    ),
    amount=(
        r"\bkronor\b",
        r"\bkr\b",
        r"\bmiljon",
        r"\bmiljard",
    ),
    person_question=(
        r"\bvem\b.*\b(ordförande|chef\w*|direktör\w*|vd|leder|ledde|ledare|generaldirektör\w*)\b",
    ),
    role_opening=(
        "ordförande",
        "vd",
        "chef",
    ),
    company_forms=words("AB"),
    numerals={"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
              "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30,
              "fyrtio": 40, "femtio": 50, "hundra": 100},
    # The domain's common words in this language, keyed by the English concept: a query's word in any language
    # highlights them in this language's passages (ui/snippets).
    concepts={
        "cluster": words("kluster klustret klustren"),
        "training": words("utbildning utbildningar fortbildning kompetensutveckling"),
        "manager": words("ledare chef chefer ledning förvaltning"),
        "internationalisation": words("internationalisering export"),
        "company": words("företag"),
        "digitalisation": words("digitalisering digital digitala"),
        "funding": words("finansiering bidrag stöd budget"),
        "cooperation": words("samarbete samverkan partnerskap"),
        "network": words("nätverk"),
        "research": words("forskning"),
        "skills": words("kompetens kompetenser"),
        "practice": words("exempel praxis"),
        "sustainability": words("hållbar hållbarhet hållbara"),
        "energy": words("energi"),
        "health": words("hälsa"),
        "member": words("medlem medlemmar"),
        "startup": words("startup nystartade"),
    },
    terms={"EU": ("EU",), "GDP": ("BNP",), "SME": ("SMF", "SMB", "SME"), "ERDF": ("ERUF",), "R&D": ("FoU", "FoUI"),
           "ICT": ("IKT", "IT"), "AI": ("AI",), "EC": ("EK",)},
    date_question=(r"\bnär\b", r"\b(?:vilket|vilka) (?:år|datum|månad)\b", r"\bsedan när\b"),
    place_question=(r"\bvar\b(?! det\b)", r"\bi vilken (?:stad|ort|region)\b", r"\bi vilket land\b"),
    who_question=(r"\bvem\b", r"\bvilk(?:en|et|a) (?:organisation|företag|universitet)\b"),
    collection_words=words("dokumenten dokument dokumentet källorna källor källa texterna texter texten sidorna sidan"),
    subject_link="för",
    phrases={
        "intro": "Enligt källorna:",
        "sources": "Källor",
        "page": "s.",
        "none": "Jag hittade inget svar på frågan i dokumenten. De närmaste avsnitten är:",
        "missing": "Dokumenten nämner inte {what}. De närmaste avsnitten är:",
        "amount": "något belopp",
        "person": "personen som efterfrågas",
        "fallback": "Språkmodellen kunde inte svara ({error}); här är det extraherade svaret.",
        "rejected": "Språkmodellens svar lades åt sidan ({why}); här är det extraherade svaret.",
        "unchecked": "Språkmodellens svar visas trots en misslyckad kontroll ({why}).",
        "why_uncited": "det hänvisar inte till något avsnitt",
        "why_language": "det är inte på svenska",
        "why_empty": "det är tomt",
        "understood": "Tolkat som",
    },
)
