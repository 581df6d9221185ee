"""French: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="fr",
    name="French",
    stemmer="french",
    stopwords=words("""
        le la les de des du un une et est en que qui dans pour par sur au aux ce ces il elle ils sont ou se
        ne pas plus
    """),
    question_words=words("""
        quel quelle quels quelles qu est sont le la les de des du combien qui comment où quand pourquoi pour
        et en au aux a ont
    """),
    follow_up_cues=("et", "et pour", "et en", "mais", "aussi"),
    pronouns=words("""
        il elle ils elles son sa ses leur leurs lui celui celle ce cette ces y l'
    """),
    asking=words("""
        quel quelle quels quelles qui quand où pourquoi comment combien que qu
    """),
    number_words=words("""
        deux trois quatre cinq six sept huit neuf dix douze vingt cent million millions milliard milliards
    """),
    quantity=(
        "combien",
        "montant",
    ),
    money_question=(
        r"salaires?",
        r"rémunération\w*",
        r"budget\w*",
        r"co[uû]t\w*",
        "montant",
        "combien (?:d'argent|de financement)",
        "quelle somme",
        r"(?:quel\w*|que) (?:\w+ )?financement",
    ),
    amount=(
        r"\bmillion",
        r"\bmilliard",
    ),
    person_question=(
        r"\bqui\b.*\b(présid\w*|directeur|directrice|dirige\w*|chef|maire|ministre)\b",
    ),
    role_opening=(
        r"président\w*",
        "directeur",
        "directrice",
        "chef",
    ),
    company_forms=words("SA SAS SARL asbl"),
    numerals={"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
              "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
              "quarante": 40, "cinquante": 50, "cent": 100},
    # The domain's common words in this language, keyed by the English concept: a query's word in any language
    # highlights them in this language's passages (ui/snippets).
    concepts={
        "cluster": words("cluster clusters pôle pôles"),
        "training": words("formation formations"),
        "manager": words("gestionnaire gestionnaires animateur animateurs gestion manager managers"),
        "internationalisation": words("internationalisation exportation export"),
        "company": words("entreprise entreprises société sociétés"),
        "digitalisation": words("numérique numérisation digitalisation"),
        "funding": words("financement financements subvention subventions budget"),
        "cooperation": words("coopération collaboration partenariat"),
        "network": words("réseau réseaux"),
        "research": words("recherche"),
        "skills": words("compétences compétence"),
        "practice": words("pratique pratiques exemple exemples"),
        "sustainability": words("durable durabilité"),
        "energy": words("énergie"),
        "health": words("santé"),
        "member": words("membre membres adhérent adhérents"),
        "startup": words("start-up jeunes pousses"),
    },
    terms={"EU": ("UE",), "GDP": ("PIB",), "SME": ("PME",), "ERDF": ("FEDER",), "R&D": ("R&D", "R-D"),
           "ICT": ("TIC",), "AI": ("IA",), "EC": ("CE",)},
    date_question=(r"\bquand\b", r"\ben quelle année\b", r"\b(?:quelle|à quelle) date\b", r"\bdepuis quand\b"),
    place_question=(r"\boù\b", r"\b(?:dans )?quel(?:le)? (?:ville|pays|région)\b"),
    who_question=(r"\bqui\b", r"\bquel(?:le)? (?:organisation|organisme|entreprise|université)\b"),
    collection_words=words("documents document sources source textes texte pages page"),
    subject_link="pour",
    phrases={
        "intro": "D'après les sources :",
        "sources": "Sources",
        "page": "p.",
        "none": "Je n'ai pas trouvé de réponse à cette question dans les documents. Les passages les plus proches :",
        "missing": "Les documents ne mentionnent pas {what}. Les passages les plus proches :",
        "amount": "de montant",
        "person": "la personne demandée",
        "fallback": "Le modèle de langue n'a pas pu répondre ({error}) ; voici la réponse extractive.",
        "rejected": "La réponse du modèle de langue a été écartée ({why}) ; voici la réponse extractive.",
        "unchecked": "La réponse du modèle de langue est affichée malgré un contrôle échoué ({why}).",
        "why_uncited": "elle ne cite aucun passage",
        "why_language": "elle n'est pas en français",
        "why_empty": "elle est vide",
        "understood": "Compris comme",
    },
)
