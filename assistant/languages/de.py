"""German: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="de",
    name="German",
    stemmer="german",
    stopwords=words("""
        der die das und ist in den dem des ein eine einer zu mit von auf für im sich nicht es als auch an
        bei wie
    """),
    question_words=words("""
        was welche welcher welches wer wem wen wann wo warum wie viele viel ist sind der die das und hat
        haben von in für im gibt es
    """),
    follow_up_cues=("und", "aber", "auch", "was ist mit"),
    pronouns=words("""
        es sie er ihn ihm ihnen ihr ihre ihren ihrem ihrer sein seine seinen seinem seiner dessen deren
        dieser diese dieses
    """),
    asking=words("""
        was welche welcher welches wer wann wo warum wie
    """),
    number_words=words("""
        zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig hundert millionen milliarden
    """),
    quantity=(
        "wie (viele|hoch|groß)",
        "betrag",
    ),
    money_question=(
        r"gehalt\w*",
        r"gehält\w*",
        r"lohn\w*",
        r"budget\w*",
        "kostet",
        "kosten",
        "betrag",
        r"wie viel (?:\w+ )?(?:geld|förderung|fördermittel)",
        r"welche\w* (?:\w+ )?förderung",
    ),
    amount=(
        r"\bMio\b",
        r"\bmillion",
    ),
    person_question=(
        r"\bwer\b.*\b(vorsitz\w*|präsident\w*|direktor\w*|leite[nt]\w*|leiter\w*|chef\w*|geschäftsführ\w*|bürgermeister\w*)\b",
    ),
    role_opening=(
        r"leiter\w*",
        r"vorsitzende\w*",
        r"geschäftsführer\w*",
    ),
    company_forms=words("GmbH AG eV"),
    numerals={"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
              "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "fünfzehn": 15,
              "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100},
    # The domain's common words in this language, keyed by the English concept: a query's word in any language
    # highlights them in this language's passages (ui/snippets).
    concepts={
        "cluster": words("Cluster"),
        "training": words("Weiterbildung Schulung Schulungen Fortbildung Qualifizierung Ausbildung"),
        "manager": words("Manager Management Leiter Leitung Geschäftsführer"),
        "internationalisation": words("Internationalisierung Export"),
        "company": words("Unternehmen Firma Firmen Betrieb Betriebe"),
        "digitalisation": words("Digitalisierung digital digitale"),
        "funding": words("Förderung Finanzierung Zuschuss Zuschüsse Budget"),
        "cooperation": words("Zusammenarbeit Kooperation Partnerschaft"),
        "network": words("Netzwerk Netzwerke"),
        "research": words("Forschung"),
        "skills": words("Kompetenz Kompetenzen Fähigkeiten"),
        "practice": words("Praxis Beispiel Beispiele"),
        "sustainability": words("Nachhaltigkeit nachhaltig nachhaltige"),
        "energy": words("Energie"),
        "health": words("Gesundheit"),
        "member": words("Mitglied Mitglieder"),
        "startup": words("Gründung Gründungen Start-up Start-ups"),
    },
    terms={"EU": ("EU",), "GDP": ("BIP",), "SME": ("KMU",), "ERDF": ("EFRE",), "R&D": ("F&E", "FuE"),
           "ICT": ("IKT",), "AI": ("KI",), "EC": ("EK",)},
    date_question=(r"\bwann\b", r"\bin welchem jahr\b", r"\bseit wann\b", r"\ban welchem (?:tag|datum)\b"),
    place_question=(r"\bwo\b", r"\bin welche[mr] (?:stadt|land|region)\b"),
    who_question=(r"\bwer\b", r"\bwelche[rs]? (?:organisation|unternehmen|hochschule|universität)\b"),
    collection_words=words("Dokumente Dokumenten Dokument Unterlagen Quellen Quelle Texte Texten Text Seiten Seite"),
    subject_link="für",
    phrases={
        "intro": "Laut den Quellen:",
        "sources": "Quellen",
        "page": "S.",
        "none": "Ich habe in den Dokumenten keine Antwort auf diese Frage gefunden. Die nächsten Passagen:",
        "missing": "Die Dokumente erwähnen {what} nicht. Die nächsten Passagen:",
        "amount": "einen Betrag",
        "person": "die gefragte Person",
        "fallback": "Das Sprachmodell konnte nicht antworten ({error}); hier ist die extraktive Antwort.",
        "rejected": "Die Antwort des Sprachmodells wurde verworfen ({why}); hier ist die extraktive Antwort.",
        "unchecked": "Die Antwort des Sprachmodells wird trotz einer fehlgeschlagenen Prüfung gezeigt ({why}).",
        "why_uncited": "sie zitiert keine Passage",
        "why_language": "sie ist nicht auf Deutsch",
        "why_empty": "sie ist leer",
        "understood": "Verstanden als",
    },
)
