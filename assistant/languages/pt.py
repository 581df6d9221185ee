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
    },
)
