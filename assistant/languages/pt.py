"""Portuguese: everything the project knows of the language (see assistant/languages/__init__.py)."""

from ._language import Language, words

LANGUAGE = Language(
    code="pt",
    name="Portuguese",
    stemmer="portuguese",
    stopwords=words("""
        o os as e do da dos das um uma em para com por que no na nos nas ao
    """),
    question_words=words("""
        qual quais quem quando onde porque como quantos quantas quanto é são o os as de da do e em foi tem
    """),
    follow_up_cues=("e", "e quanto", "mas"),
    pronouns=words("""
        ele ela eles elas seu sua seus suas dele dela deles este esta isso
    """),
    asking=words("""
        qual quais quem quando onde porque como quantos quantas quanto
    """),
    number_words=words("""
        dois duas três quatro cinco seis milhões
    """),
    quantity=(
        "quant[oa]s?",
    ),
    money_question=(
        r"salários?",
        r"orçamento\w*",
        r"custos?",
        r"quanto (?:\w+ )?(?:financiamento|dinheiro)",
        r"(?:qual|que) (?:\w+ )?financiamento",
    ),
    amount=(
        r"\bmilhões",
    ),
    person_question=(
        r"\bquem\b.*\b(presidente|preside|diretor\w*|dirige|lidera|chefe|coordenador\w*)\b",
    ),
    role_opening=(
        "presidente",
        r"diretor\w*",
    ),
    company_forms=words("Lda"),
    numerals={"dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
              "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "quinze": 15, "vinte": 20, "trinta": 30,
              "quarenta": 40, "cinquenta": 50, "cem": 100},
    terms={"EU": ("UE",), "GDP": ("PIB",), "SME": ("PME", "PMEs"), "ERDF": ("FEDER",), "R&D": ("I&D", "I&D+i"),
           "ICT": ("TIC",), "AI": ("IA",), "EC": ("CE",)},
    date_question=(r"\bquando\b", r"\bem que ano\b", r"\bdesde quando\b"),
    place_question=(r"\bonde\b", r"\bem que (?:cidade|país|região)\b"),
    who_question=(r"\bquem\b", r"\bque (?:organização|empresa|universidade)\b"),
    collection_words=words("documentos documento fontes fonte textos texto páginas página"),
    subject_link="para",
    phrases={
        "intro": "Segundo as fontes:",
        "sources": "Fontes",
        "page": "p.",
        "none": "Não encontrei resposta a esta pergunta nos documentos. As passagens mais próximas:",
        "missing": "Os documentos não mencionam {what}. As passagens mais próximas:",
        "amount": "nenhum montante",
        "person": "a pessoa perguntada",
        "fallback": "O modelo de linguagem não pôde responder ({error}); eis a resposta extraída.",
        "rejected": "A resposta do modelo de linguagem foi descartada ({why}); eis a resposta extraída.",
        "unchecked": "A resposta do modelo de linguagem é mostrada apesar de uma verificação falhada ({why}).",
        "why_uncited": "não cita nenhuma passagem",
        "why_language": "não está em português",
        "why_empty": "está vazia",
        "understood": "Entendido como",
    },
)
