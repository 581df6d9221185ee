"""Spanish: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="es",
    name="Spanish",
    stemmer="spanish",
    stopwords=words("""
        a de la en que un o para por se no es
    """),
    question_words=words("""
        qué cuál cuáles quién quiénes cuándo dónde por cómo cuántos cuántas cuánto es son el los las del y
        en fue tiene
    """),
    follow_up_cues=("y", "y en", "pero"),
    pronouns=words("""
        él ella ellos ellas su sus este esta eso lo la
    """),
    asking=words("""
        cuál cuáles quién cuándo dónde cómo cuántos cuántas cuánto qué
    """),
    number_words=words("""
        dos tres cuatro cinco seis millones
    """),
    quantity=(
        "cuánt[oa]s?",
    ),
    money_question=(
        r"salarios?",
        r"sueldos?",
        r"presupuesto\w*",
        r"cost[eo]s?",
        r"cuánto (?:\w+ )?(?:dinero|financiación)",
        r"(?:qué|que) (?:\w+ )?financiación",
    ),
    amount=(
        r"\bmillones",
    ),
    person_question=(
        r"\bqui[eé]n\b.*\b(presidente|preside|director\w*|dirige|lidera|jefe|coordinador\w*)\b",
    ),
    role_opening=(
        "presidente",
        r"director\w*",
    ),
    company_forms=words("SL"),
    numerals={"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
              "nueve": 9, "diez": 10, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
              "cuarenta": 40, "cincuenta": 50, "cien": 100},
    terms={"EU": ("UE",), "GDP": ("PIB",), "SME": ("PYME", "pyme", "pymes"), "ERDF": ("FEDER",), "R&D": ("I+D", "I+D+i"),
           "ICT": ("TIC",), "AI": ("IA",), "EC": ("CE",)},
    date_question=(r"\bcuándo\b", r"\ben qué año\b", r"\bdesde cuándo\b"),
    place_question=(r"\bdónde\b", r"\ben qué (?:ciudad|país|región)\b"),
    who_question=(r"\bqui[eé]n(?:es)?\b", r"\bqué (?:organización|empresa|universidad)\b"),
    collection_words=words("documentos documento fuentes fuente textos texto páginas página"),
    subject_link="para",
    phrases={
        "intro": "Según las fuentes:",
        "sources": "Fuentes",
        "page": "p.",
        "none": "No encontré respuesta a esta pregunta en los documentos. Los pasajes más cercanos:",
        "missing": "Los documentos no mencionan {what}. Los pasajes más cercanos:",
        "amount": "ningún importe",
        "person": "a la persona por la que se pregunta",
        "fallback": "El modelo de lenguaje no pudo responder ({error}); esta es la respuesta extractiva.",
        "rejected": "La respuesta del modelo de lenguaje se descartó ({why}); esta es la respuesta extractiva.",
        "unchecked": "La respuesta del modelo de lenguaje se muestra aunque falló una comprobación ({why}).",
        "why_uncited": "no cita ningún pasaje",
        "why_language": "no está en español",
        "why_empty": "está vacía",
        "understood": "Entendido como",
    },
)
