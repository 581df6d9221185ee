"""Per-language texts of answers and questions in one place: add a language here (and a stemmer in lexical.py).

FRAMES: the answer's framing. QUESTION_WORDS: function words that tell a short question's language.
FOLLOW_UP_CUES: words that open a follow-up ("and …", "och …"). PRONOUNS: words that point back to the
previous subject. ASKING: question words that make a follow-up a new aspect ("and what did it cost?").
"""

from __future__ import annotations

FRAMES: dict[str, dict[str, str]] = {
    "en": {"intro": "According to the sources:", "sources": "Sources", "page": "p.",
           "none": "I could not find an answer to this in the documents. The nearest passages are:",
           "missing": "The documents do not mention {what}. The nearest passages are:",
           "amount": "an amount", "person": "the person asked about",
           "fallback": "The language model could not answer ({error}); here is the extractive answer.",
           "rejected": "The language model's answer was set aside ({why}); here is the extractive answer.",
           "unchecked": "The language model's answer is shown although it failed a check ({why}).",
           "why_uncited": "it cites no passage",
           "why_language": "it is not in English", "why_empty": "it says nothing"},
    "fr": {"intro": "D'après les sources :", "sources": "Sources", "page": "p.",
           "none": "Je n'ai pas trouvé de réponse à cette question dans les documents. Les passages les plus proches :",
           "missing": "Les documents ne mentionnent pas {what}. Les passages les plus proches :",
           "amount": "de montant", "person": "la personne demandée",
           "fallback": "Le modèle de langue n'a pas pu répondre ({error}) ; voici la réponse extractive.",
           "rejected": "La réponse du modèle de langue a été écartée ({why}) ; voici la réponse extractive.",
           "unchecked": "La réponse du modèle de langue est affichée malgré un contrôle échoué ({why}).",
           "why_uncited": "elle ne cite aucun passage",
           "why_language": "elle n'est pas en français", "why_empty": "elle est vide"},
    "sv": {"intro": "Enligt källorna:", "sources": "Källor", "page": "s.",
           "none": "Jag hittade inget svar på frågan i dokumenten. De närmaste avsnitten är:",
           "missing": "Dokumenten nämner inte {what}. De närmaste avsnitten är:",
           "amount": "något belopp", "person": "personen som efterfrågas",
           "fallback": "Språkmodellen kunde inte svara ({error}); här är det extraherade svaret.",
           "rejected": "Språkmodellens svar lades åt sidan ({why}); här är det extraherade svaret.",
           "unchecked": "Språkmodellens svar visas trots en misslyckad kontroll ({why}).",
           "why_uncited": "det hänvisar inte till något avsnitt",
           "why_language": "det är inte på svenska", "why_empty": "det är tomt"},
    "de": {"intro": "Laut den Quellen:", "sources": "Quellen", "page": "S.",
           "none": "Ich habe in den Dokumenten keine Antwort auf diese Frage gefunden. Die nächsten Passagen:",
           "missing": "Die Dokumente erwähnen {what} nicht. Die nächsten Passagen:",
           "amount": "einen Betrag", "person": "die gefragte Person",
           "fallback": "Das Sprachmodell konnte nicht antworten ({error}); hier ist die extraktive Antwort.",
           "rejected": "Die Antwort des Sprachmodells wurde verworfen ({why}); hier ist die extraktive Antwort.",
           "unchecked": "Die Antwort des Sprachmodells wird trotz einer fehlgeschlagenen Prüfung gezeigt ({why}).",
           "why_uncited": "sie zitiert keine Passage",
           "why_language": "sie ist nicht auf Deutsch", "why_empty": "sie ist leer"},
    "fi": {"intro": "Lähteiden mukaan:", "sources": "Lähteet", "page": "s.",
           "none": "En löytänyt asiakirjoista vastausta tähän kysymykseen. Lähimmät kohdat:",
           "missing": "Asiakirjoissa ei mainita: {what}. Lähimmät kohdat:",
           "amount": "summaa", "person": "kysyttyä henkilöä",
           "fallback": "Kielimalli ei voinut vastata ({error}); tässä poimittu vastaus.",
           "rejected": "Kielimallin vastaus hylättiin ({why}); tässä poimittu vastaus.",
           "unchecked": "Kielimallin vastaus näytetään, vaikka tarkistus epäonnistui ({why}).",
           "why_uncited": "se ei viittaa yhteenkään kohtaan",
           "why_language": "se ei ole suomeksi", "why_empty": "se on tyhjä"},
    "pt": {"intro": "Segundo as fontes:", "sources": "Fontes", "page": "p.",
           "none": "Não encontrei resposta a esta pergunta nos documentos. As passagens mais próximas:",
           "missing": "Os documentos não mencionam {what}. As passagens mais próximas:",
           "amount": "nenhum montante", "person": "a pessoa perguntada",
           "fallback": "O modelo de linguagem não pôde responder ({error}); eis a resposta extraída.",
           "rejected": "A resposta do modelo de linguagem foi descartada ({why}); eis a resposta extraída.",
           "unchecked": "A resposta do modelo de linguagem é mostrada apesar de uma verificação falhada ({why}).",
           "why_uncited": "não cita nenhuma passagem",
           "why_language": "não está em português", "why_empty": "está vazia"},
    "es": {"intro": "Según las fuentes:", "sources": "Fuentes", "page": "p.",
           "none": "No encontré respuesta a esta pregunta en los documentos. Los pasajes más cercanos:",
           "missing": "Los documentos no mencionan {what}. Los pasajes más cercanos:",
           "amount": "ningún importe", "person": "a la persona por la que se pregunta",
           "fallback": "El modelo de lenguaje no pudo responder ({error}); esta es la respuesta extractiva.",
           "rejected": "La respuesta del modelo de lenguaje se descartó ({why}); esta es la respuesta extractiva.",
           "unchecked": "La respuesta del modelo de lenguaje se muestra aunque falló una comprobación ({why}).",
           "why_uncited": "no cita ningún pasaje",
           "why_language": "no está en español", "why_empty": "está vacía"},
}

QUESTION_WORDS: dict[str, list[str]] = {
    "en": "what which who whom whose when where why how many much is are was were the of does do did in and "
          "about there".split(),
    "fr": "quel quelle quels quelles qu est sont le la les de des du combien qui comment où quand pourquoi "
          "pour et en au aux a ont".split(),
    "sv": "vad vilken vilket vilka vem vems när var varför hur många mycket är och har hade som för i på av "
          "om finns det".split(),
    "de": "was welche welcher welches wer wem wen wann wo warum wie viele viel ist sind der die das und hat "
          "haben von in für im gibt es".split(),
    "fi": "mikä mitkä mitä kuka ketkä milloin missä miksi miten kuinka monta paljon on ovat ja oli".split(),
    "pt": "qual quais quem quando onde porque como quantos quantas quanto é são o os as de da do e em foi "
          "tem".split(),
    "es": "qué cuál cuáles quién quiénes cuándo dónde por cómo cuántos cuántas cuánto es son el los las "
          "del y en fue tiene".split(),
}

# A cue opens the question as a whole word followed by a space: "E-commerce" is not the cue "e".
FOLLOW_UP_CUES: dict[str, list[str]] = {
    "en": ["and", "what about", "how about", "also"],
    "fr": ["et", "et pour", "et en", "mais", "aussi"],
    "sv": ["och", "än", "men", "också"],
    "de": ["und", "aber", "auch", "was ist mit"],
    "fi": ["entä", "ja", "mutta"],
    "pt": ["e", "e quanto", "mas"],
    "es": ["y", "y en", "pero"],
}

PRONOUNS: dict[str, list[str]] = {
    "en": "it its they them their this that these those he she his her".split(),
    "fr": "il elle ils elles son sa ses leur leurs lui celui celle ce cette ces y l'".split(),
    "sv": "den det dess de dem deras han hon hans hennes denna detta dessa".split(),
    "de": "es sie er ihn ihm ihnen ihr ihre ihren ihrem ihrer sein seine seinen seinem seiner dessen deren dieser "
          "diese dieses".split(),
    "fi": "se sen ne niiden sitä niitä hän hänen tämä tämän".split(),
    "pt": "ele ela eles elas seu sua seus suas dele dela deles este esta isso".split(),
    "es": "él ella ellos ellas su sus este esta eso lo la".split(),
}

ASKING: dict[str, list[str]] = {
    "en": "what which who when where why how".split(),
    "fr": "quel quelle quels quelles qui quand où pourquoi comment combien que qu".split(),
    "sv": "vad vilken vilket vilka vem när var varför hur".split(),
    "de": "was welche welcher welches wer wann wo warum wie".split(),
    "fi": "mikä mitkä mitä kuka milloin missä miksi miten kuinka".split(),
    "pt": "qual quais quem quando onde porque como quantos quantas quanto".split(),
    "es": "cuál cuáles quién cuándo dónde cómo cuántos cuántas cuánto qué".split(),
}

# Questions asking for a quantity, and number words (a count stated in words: "nio partners").
QUANTITY = (r"how (many|much)|hur (många|mycket|stor)|combien|wie (viele|hoch|groß)|quant[oa]s?|cuánt[oa]s?|"
            r"kuinka (monta|paljon)|budget|montant|belopp|betrag")
# Questions asking for a sum of money (chosen on the tune split), and what states one: a currency or a magnitude.
MONEY_QUESTION = (r"\b(budget\w*|costs?|cost(ed|ing)|co[uû]t\w*|kostet|kosten|kostar|kostnad\w*|montant|belopp\w*|betrag|"
                  r"how much (?:\w+ )?(?:funding|money|financing)|"
                  r"hur mycket (?:\w+ )?(?:finansiering|pengar|stöd|bidrag)|"
                  r"wie viel (?:\w+ )?(?:geld|förderung|fördermittel)|combien (?:d'argent|de financement)|quelle somme|"
                  r"quanto (?:\w+ )?(?:financiamento|dinheiro)|cuánto (?:\w+ )?(?:dinero|financiación)|"
                  r"(?:what|which|quel\w*|vilken|vilket|welche\w*|qué|que|qual) (?:\w+ )?"
                  r"(?:funding|financement|finansiering|förderung|financiación|financiamento))\b")
AMOUNT = (r"€|\bEUR\b|\beuros?\b|\bSEK\b|\bkronor\b|\bkr\b|\bmillion|\bmiljon|\bMio\b|\bM€|\bmilliard|\bmiljard|"
          r"\bbillion|\bUSD\b|\$|£|\bmilhões|\bmillones|\bk€|\bMSEK\b|\bMEUR\b")
# Questions asking who holds a role (chosen on the tune split): their answer must name a person. A role word
# after the question word, or a role noun that opens a short question ("Leiter Nord France Invest?").
PERSON_QUESTION = "|".join([
    r"\bwho\b.*\b(president|chair\w*|director|head|chief|ceo|leader|manager|mayor|minister|coordinator)s?\b",
    r"\bwho (leads|led|heads|headed|chairs|chaired|directs|directed|manages|managed|presides)\b",
    r"\bqui\b.*\b(présid\w*|directeur|directrice|dirige\w*|chef|maire|ministre)\b",
    r"\bvem\b.*\b(ordförande|chef\w*|direktör\w*|vd|leder|ledde|ledare|generaldirektör\w*)\b",
    r"\bwer\b.*\b(vorsitz\w*|präsident\w*|direktor\w*|leite[nt]\w*|leiter\w*|chef\w*|geschäftsführ\w*|bürgermeister\w*)\b",
    r"\bkuka\b.*\b(puheenjohtaja\w*|johtaja\w*|pääjohtaja\w*|toimitusjohtaja\w*|johtaa|johti)\b",
    r"\bquem\b.*\b(presidente|preside|diretor\w*|dirige|lidera|chefe|coordenador\w*)\b",
    r"\bqui[eé]n\b.*\b(presidente|preside|director\w*|dirige|lidera|jefe|coordinador\w*)\b",
    r"^\W*(president|chair|director|head|ceo|leader|président\w*|directeur|directrice|ordförande|vd|chef|leiter\w*|"
    r"vorsitzende\w*|geschäftsführer\w*|puheenjohtaja|johtaja|pääjohtaja|presidente|diretor\w*|director\w*)\b",
])
# Legal forms: a capitalised pair that ends in one names a company, not a person ("Finpro Oy").
COMPANY_FORMS = "Oy Oyj AB GmbH AG SA SAS SARL Ltd Inc Plc eV asbl vzw Srl SpA BV NV Lda SL".split()
NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|"
                r"deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|vingt|cent|"
                r"två|tre|fyra|fem|sju|åtta|nio|tio|tolv|tjugo|hundra|"
                r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|zwanzig|hundert|"
                r"kaksi|kolme|neljä|viisi|kuusi|dois|duas|três|quatro|cinco|seis|dos|tres|cuatro|"
                r"million|millions|miljoner|millionen|milliards?|miljarder|milliarden|milhões|millones")


def frame(lang: str) -> dict[str, str]:
    """The framing texts in the asker's language (English when there are none for it)."""
    return FRAMES.get(lang, FRAMES["en"])


def all_words(table: dict[str, list[str]]) -> set[str]:
    """Every word of a per-language table, case-folded."""
    return {w.casefold() for words in table.values() for phrase in words for w in phrase.split()}
