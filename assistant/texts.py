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


# The web app's texts, one table for every visible string of the UI (app.py and ui/): labels, placeholders,
# choices, table headers, notices, warnings, errors and empty states. A key missing in a language falls back to
# English; tests/test_ui_language.py renders each language and fails on any string of another.
UI_LANGS = ("en", "fr", "sv", "de")
UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "cluster-assistant", "subtitle": "Ask in your language; every answer cites its sources.",
        "ui": "Interface language", "chat": "Chat", "search": "Good practices", "documents": "Documents",
        "evaluation": "Evaluation", "question": "Your question", "send": "Ask", "sources": "Sources",
        "examples": "Examples", "placeholder": "Ask a question about the documents",
        "open": "Show passage",
        "welcome": "The index holds **{docs} documents** in {langs}, on {topics}. Ask in your language; the answer "
                   "quotes the documents, whatever their language.",
        "welcome_empty": "The index is empty so far: documents appear here as they are indexed.",
        "example": "What do the documents say about {topic}?",
        "partial": "Indexing is still running: this answer comes from the documents indexed so far.",
        "indexing": "Indexing in the background: {docs} of {total} documents searchable ({pct} % of passages "
                    "embedded).",
        "query": "Search", "query_placeholder": "For example: training programmes for cluster managers",
        "mode": "Mode", "mode_hybrid": "Hybrid (words + meaning)", "mode_dense": "Meaning", "mode_bm25": "Words",
        "mode_rerank": "Hybrid, re-ranked", "mode_latent": "Latent terms",
        "language": "Language", "site": "Source site",
        "doctype": "Document type", "topic": "Topic", "year": "Year", "any": "(all)", "type_text": "Plain text",
        "type_markdown": "Markdown", "type_html": "Web page", "type_pdf": "PDF", "find": "Find",
        "prev": "◀ Previous", "next": "Next ▶", "page": "Page", "page_of": "Page {page} of {pages}",
        "found": "{docs} documents, {passages} matching passages.",
        "more": "More from this document ({n})", "no_results": "No results.",
        "no_match": "Nothing matches closely enough: try other words or fewer filters.",
        "export": "Export CSV", "password": "Admin password", "files": "Files (.txt .md .html .pdf)",
        "upload": "Upload", "doc": "Document", "delete": "Delete", "reingest": "Re-ingest", "status": "Status",
        "col_doc": "Document", "col_title": "Title", "col_lang": "Language", "col_pages": "Pages",
        "col_chunks": "Passages", "col_source": "Source", "col_ingested": "Indexed",
        "ocr": "OCR", "ocr_title": "text read from a scanned page (OCR)",
        "web_sources": "Web sources", "web_url": "Web address (https://…)", "add_page": "Add web page",
        "add_sitemap": "Add sitemap", "refresh_web": "Check web sources now",
        "no_url": "Enter a web address that starts with http:// or https://",
        "col_url": "Address", "col_kind": "Kind", "col_state": "Status", "col_checked": "Last check",
        "col_message": "Details", "kind_page": "page", "kind_sitemap": "sitemap", "kind_feed": "feed",
        "kind_crawl": "crawl", "state_ok": "read", "state_changed": "indexed", "state_unchanged": "unchanged",
        "state_gone": "missing (removed if still missing next time)", "state_removed": "removed", "state_error": "failed",
        "state_refused": "refused by robots.txt",
        "no_admin": "Changing the index needs the admin password.",
        "wrong_admin": "Wrong admin password.",
        "fb_quota": "Too much feedback from this address for now: please try again later.",
        "upload_taken": "{name}: a document of that name is already indexed from another source; rename the file.",
        "locked": "Too many wrong admin passwords: admin actions are locked for {wait} s.",
        "admin_off": "Uploading, deleting and re-indexing are off: set ASSISTANT_ADMIN_PASSWORD and restart the app "
                     "to enable them.",
        "summary": "indexed {indexed}, unchanged {unchanged}, removed {removed}, failed {failed}",
        "nothing": "nothing ingested", "removed": "removed {doc}", "type_refused": "{name}: type not allowed",
        "too_big": "{name}: over {mb} MB", "indexed_but": "{name}: indexed, but {note}",
        "warning": "Warning", "error": "Error",
        "unavailable": "The index is unavailable right now; the administrator can see why in the app's log. "
                       "Please try again later.",
        "no_report": "No evaluation report yet. To write one over the documents of corpus/, run:",
        "no_report_more": "For ../shared, see evals/README.md.",
        "report_title": "Retrieval evaluation: {name}", "plot": "hit@k",
        "report_mode": "mode", "report_slice": "slice", "report_metric": "metric",
        "report_paired": "paired vs dense", "report_difference": "difference [95 % CI]",
        "fb_which": "Answer rated",
        "fb_ask": "Was this answer helpful?", "fb_up": "👍 Yes", "fb_down": "👎 No",
        "fb_reason": "What is wrong with it?", "fb_wrong": "Wrong",
        "fb_missing": "Missing information", "fb_comment": "Comment (optional; no personal data, please)",
        "fb_absent": "The documents do not contain this information",
        "fb_find": "Find the passage that answers", "fb_passage": "The passage that answers",
        "fb_quote": "The sentence of that passage that answers (optional)", "fb_send": "Send feedback",
        "fb_thanks": "Thank you: your feedback is stored with the question and the answer (nothing about you).",
        "fb_invalid": "Feedback not stored: {reason}",
        "fb_rate": "**Reader feedback**: {n} answers rated, {up} % 👍; 👎: {wrong} wrong answers, {missing} with "
                   "missing information.",
        "fb_rate_lang": "{lang}: {n} rated, {up} % 👍", "fb_none": "**Reader feedback**: no answer rated yet.",
    },
    "fr": {
        "title": "cluster-assistant",
        "subtitle": "Posez vos questions dans votre langue ; chaque réponse cite ses sources.",
        "ui": "Langue de l'interface", "chat": "Dialogue", "search": "Bonnes pratiques", "documents": "Documents",
        "evaluation": "Évaluation", "question": "Votre question", "send": "Demander", "sources": "Sources",
        "examples": "Exemples", "placeholder": "Posez une question sur les documents",
        "open": "Afficher le passage",
        "welcome": "L'index contient **{docs} documents** en {langs}, sur {topics}. Posez votre question dans votre "
                   "langue ; la réponse cite les documents, quelle que soit leur langue.",
        "welcome_empty": "L'index est encore vide : les documents apparaissent ici au fil de l'indexation.",
        "example": "Que disent les documents sur {topic} ?",
        "partial": "L'indexation continue : cette réponse vient des documents déjà indexés.",
        "indexing": "Indexation en arrière-plan : {docs} documents sur {total} interrogeables ({pct} % des "
                    "passages vectorisés).",
        "query": "Rechercher",
        "query_placeholder": "Par exemple : formations pour les animateurs de clusters",
        "mode": "Mode", "mode_hybrid": "Hybride (mots + sens)", "mode_dense": "Sens", "mode_bm25": "Mots",
        "mode_rerank": "Hybride, reclassé", "mode_latent": "Termes latents",
        "language": "Langue", "site": "Site source",
        "doctype": "Type de document", "topic": "Thème", "year": "Année", "any": "(tous)",
        "type_text": "Texte brut", "type_markdown": "Markdown", "type_html": "Page web", "type_pdf": "PDF",
        "find": "Chercher", "prev": "◀ Précédent", "next": "Suivant ▶", "page": "Page",
        "page_of": "Page {page} sur {pages}", "found": "{docs} documents, {passages} passages pertinents.",
        "more": "Plus de ce document ({n})", "no_results": "Aucun résultat.",
        "no_match": "Rien ne correspond d'assez près : essayez d'autres mots ou moins de filtres.",
        "export": "Exporter en CSV", "password": "Mot de passe administrateur",
        "files": "Fichiers (.txt .md .html .pdf)", "upload": "Téléverser", "doc": "Document",
        "delete": "Supprimer", "reingest": "Réindexer", "status": "État",
        "col_doc": "Document", "col_title": "Titre", "col_lang": "Langue", "col_pages": "Pages",
        "col_chunks": "Passages", "col_source": "Source", "col_ingested": "Indexé le",
        "ocr": "OCR", "ocr_title": "texte lu sur une page numérisée (OCR)",
        "web_sources": "Sources web", "web_url": "Adresse web (https://…)", "add_page": "Ajouter une page web",
        "add_sitemap": "Ajouter un plan de site", "refresh_web": "Vérifier les sources web maintenant",
        "no_url": "Saisissez une adresse web commençant par http:// ou https://",
        "col_url": "Adresse", "col_kind": "Type", "col_state": "État", "col_checked": "Dernière vérification",
        "col_message": "Détails", "kind_page": "page", "kind_sitemap": "plan de site", "kind_feed": "flux",
        "kind_crawl": "exploration", "state_ok": "lu", "state_changed": "indexée", "state_unchanged": "inchangée",
        "state_gone": "introuvable (retirée si toujours absente la prochaine fois)", "state_removed": "retirée",
        "state_error": "échec", "state_refused": "refusée par robots.txt",
        "no_admin": "Modifier l'index demande le mot de passe administrateur.",
        "wrong_admin": "Mot de passe administrateur erroné.",
        "fb_quota": "Trop d'avis envoyés depuis cette adresse pour le moment : réessayez plus tard.",
        "upload_taken": "{name} : un document de ce nom est déjà indexé depuis une autre source ; renommez le fichier.",
        "locked": "Trop de mots de passe erronés : les actions d'administration sont bloquées pendant {wait} s.",
        "admin_off": "Téléverser, supprimer et réindexer sont désactivés : définissez ASSISTANT_ADMIN_PASSWORD et "
                     "relancez l'application pour les activer.",
        "summary": "indexés {indexed}, inchangés {unchanged}, retirés {removed}, en échec {failed}",
        "nothing": "rien n'a été indexé", "removed": "retiré : {doc}",
        "type_refused": "{name} : type de fichier refusé", "too_big": "{name} : plus de {mb} Mo",
        "indexed_but": "{name} : indexé, mais {note}", "warning": "Attention", "error": "Erreur",
        "unavailable": "L'index est indisponible pour le moment ; l'administrateur en voit la raison dans le "
                       "journal de l'application. Réessayez plus tard.",
        "no_report": "Pas encore de rapport d'évaluation. Pour en écrire un sur les documents de corpus/, lancez :",
        "no_report_more": "Pour ../shared, voir evals/README.md.",
        "report_title": "Évaluation de la recherche : {name}", "plot": "hit@k",
        "report_mode": "mode", "report_slice": "tranche", "report_metric": "mesure",
        "report_paired": "apparié avec dense", "report_difference": "différence [IC 95 %]",
        "fb_which": "Réponse évaluée",
        "fb_ask": "Cette réponse vous a-t-elle aidé ?", "fb_up": "👍 Oui", "fb_down": "👎 Non",
        "fb_reason": "Qu'est-ce qui ne va pas ?",
        "fb_wrong": "Fausse", "fb_missing": "Information manquante",
        "fb_comment": "Commentaire (facultatif ; pas de données personnelles, s'il vous plaît)",
        "fb_absent": "Les documents ne contiennent pas cette information",
        "fb_find": "Trouver le passage qui répond", "fb_passage": "Le passage qui répond",
        "fb_quote": "La phrase de ce passage qui répond (facultatif)", "fb_send": "Envoyer l'avis",
        "fb_thanks": "Merci : votre avis est enregistré avec la question et la réponse (rien sur vous).",
        "fb_invalid": "Avis non enregistré : {reason}",
        "fb_rate": "**Avis des lecteurs** : {n} réponses évaluées, {up} % 👍 ; 👎 : {wrong} fausses, {missing} avec "
                   "une information manquante.",
        "fb_rate_lang": "{lang} : {n} évaluées, {up} % 👍",
        "fb_none": "**Avis des lecteurs** : aucune réponse évaluée pour l'instant.",
    },
    "sv": {
        "title": "cluster-assistant", "subtitle": "Fråga på ditt språk; varje svar anger sina källor.",
        "ui": "Gränssnittets språk", "chat": "Chatt", "search": "Goda exempel", "documents": "Dokument",
        "evaluation": "Utvärdering", "question": "Din fråga", "send": "Fråga", "sources": "Källor",
        "examples": "Exempelfrågor", "placeholder": "Ställ en fråga om dokumenten",
        "open": "Visa avsnittet",
        "welcome": "Indexet innehåller **{docs} dokument** på {langs}, om {topics}. Fråga på ditt språk; svaret "
                   "citerar dokumenten, oavsett språk.",
        "welcome_empty": "Indexet är ännu tomt: dokumenten visas här allteftersom de indexeras.",
        "example": "Vad säger dokumenten om {topic}?",
        "partial": "Indexeringen pågår: svaret bygger på de dokument som hittills indexerats.",
        "indexing": "Indexerar i bakgrunden: {docs} av {total} dokument sökbara ({pct} % av avsnitten inbäddade).",
        "query": "Sök", "query_placeholder": "Till exempel: utbildning för klusterledare",
        "mode": "Läge", "mode_hybrid": "Hybrid (ord + betydelse)", "mode_dense": "Betydelse", "mode_bm25": "Ord",
        "mode_rerank": "Hybrid, omrangordnad", "mode_latent": "Latenta termer",
        "language": "Språk", "site": "Källwebbplats",
        "doctype": "Dokumenttyp", "topic": "Ämne", "year": "År", "any": "(alla)", "type_text": "Ren text",
        "type_markdown": "Markdown", "type_html": "Webbsida", "type_pdf": "PDF", "find": "Sök",
        "prev": "◀ Föregående", "next": "Nästa ▶", "page": "Sida", "page_of": "Sida {page} av {pages}",
        "found": "{docs} dokument, {passages} träffande avsnitt.",
        "more": "Mer från detta dokument ({n})", "no_results": "Inga träffar.",
        "no_match": "Inget stämmer tillräckligt väl: prova andra ord eller färre filter.",
        "export": "Exportera CSV", "password": "Administratörslösenord", "files": "Filer (.txt .md .html .pdf)",
        "upload": "Ladda upp", "doc": "Dokument", "delete": "Ta bort", "reingest": "Indexera om", "status": "Status",
        "col_doc": "Dokument", "col_title": "Titel", "col_lang": "Språk", "col_pages": "Sidor",
        "col_chunks": "Avsnitt", "col_source": "Källa", "col_ingested": "Indexerat",
        "ocr": "OCR", "ocr_title": "text läst från en skannad sida (OCR)",
        "web_sources": "Webbkällor", "web_url": "Webbadress (https://…)", "add_page": "Lägg till webbsida",
        "add_sitemap": "Lägg till webbplatskarta", "refresh_web": "Kontrollera webbkällorna nu",
        "no_url": "Ange en webbadress som börjar med http:// eller https://",
        "col_url": "Adress", "col_kind": "Typ", "col_state": "Status", "col_checked": "Senast kontrollerad",
        "col_message": "Detaljer", "kind_page": "sida", "kind_sitemap": "webbplatskarta", "kind_feed": "flöde",
        "kind_crawl": "genomsökning", "state_ok": "läst", "state_changed": "indexerad", "state_unchanged": "oförändrad",
        "state_gone": "saknas (tas bort om den fortfarande saknas nästa gång)", "state_removed": "borttagen",
        "state_error": "misslyckades", "state_refused": "nekad av robots.txt",
        "no_admin": "Att ändra indexet kräver administratörslösenordet.",
        "wrong_admin": "Fel administratörslösenord.",
        "fb_quota": "För mycket återkoppling från den här adressen just nu: försök igen senare.",
        "upload_taken": "{name}: ett dokument med det namnet är redan indexerat från en annan källa; byt namn på filen.",
        "locked": "För många felaktiga lösenord: administrationen är låst i {wait} s.",
        "admin_off": "Uppladdning, borttagning och omindexering är avstängda: sätt ASSISTANT_ADMIN_PASSWORD och "
                     "starta om appen för att slå på dem.",
        "summary": "indexerade {indexed}, oförändrade {unchanged}, borttagna {removed}, misslyckade {failed}",
        "nothing": "inget indexerades", "removed": "borttaget: {doc}", "type_refused": "{name}: filtypen tillåts inte",
        "too_big": "{name}: över {mb} MB", "indexed_but": "{name}: indexerat, men {note}",
        "warning": "Varning", "error": "Fel",
        "unavailable": "Indexet är inte tillgängligt just nu; administratören ser orsaken i appens logg. "
                       "Försök igen senare.",
        "no_report": "Ingen utvärderingsrapport ännu. Kör detta för att skriva en över dokumenten i corpus/:",
        "no_report_more": "För ../shared, se evals/README.md.",
        "report_title": "Utvärdering av sökningen: {name}", "plot": "hit@k",
        "report_mode": "läge", "report_slice": "del", "report_metric": "mått",
        "report_paired": "parvis mot dense", "report_difference": "skillnad [95 % KI]",
        "fb_which": "Svar som bedöms",
        "fb_ask": "Var svaret till hjälp?", "fb_up": "👍 Ja", "fb_down": "👎 Nej",
        "fb_reason": "Vad är fel?", "fb_wrong": "Felaktigt",
        "fb_missing": "Information saknas", "fb_comment": "Kommentar (frivillig; inga personuppgifter, tack)",
        "fb_absent": "Dokumenten innehåller inte den här informationen",
        "fb_find": "Hitta avsnittet som svarar", "fb_passage": "Avsnittet som svarar",
        "fb_quote": "Meningen i avsnittet som svarar (frivillig)", "fb_send": "Skicka omdöme",
        "fb_thanks": "Tack: ditt omdöme sparas med frågan och svaret (inget om dig).",
        "fb_invalid": "Omdömet sparades inte: {reason}",
        "fb_rate": "**Läsarnas omdömen**: {n} svar bedömda, {up} % 👍; 👎: {wrong} felaktiga, {missing} med "
                   "information som saknas.",
        "fb_rate_lang": "{lang}: {n} bedömda, {up} % 👍", "fb_none": "**Läsarnas omdömen**: inga svar bedömda ännu.",
    },
    "de": {
        "title": "cluster-assistant", "subtitle": "Fragen Sie in Ihrer Sprache; jede Antwort nennt ihre Quellen.",
        "ui": "Sprache der Oberfläche", "chat": "Chat", "search": "Gute Praxis", "documents": "Dokumente",
        "evaluation": "Evaluation", "question": "Ihre Frage", "send": "Fragen", "sources": "Quellen",
        "examples": "Beispiele", "placeholder": "Stellen Sie eine Frage zu den Dokumenten",
        "open": "Passage zeigen",
        "welcome": "Der Index enthält **{docs} Dokumente** in {langs}, zu {topics}. Fragen Sie in Ihrer Sprache; "
                   "die Antwort zitiert die Dokumente, in welcher Sprache auch immer.",
        "welcome_empty": "Der Index ist noch leer: Dokumente erscheinen hier, sobald sie indexiert sind.",
        "example": "Was sagen die Dokumente über {topic}?",
        "partial": "Die Indexierung läuft noch: diese Antwort stammt aus den bisher indexierten Dokumenten.",
        "indexing": "Indexierung im Hintergrund: {docs} von {total} Dokumenten durchsuchbar ({pct} % der Passagen "
                    "eingebettet).",
        "query": "Suche", "query_placeholder": "Zum Beispiel: Weiterbildung für Clustermanager",
        "mode": "Modus", "mode_hybrid": "Hybrid (Wörter + Bedeutung)", "mode_dense": "Bedeutung",
        "mode_bm25": "Wörter", "mode_rerank": "Hybrid, neu gereiht", "mode_latent": "Latente Begriffe",
        "language": "Sprache", "site": "Quellseite",
        "doctype": "Dokumenttyp", "topic": "Thema", "year": "Jahr", "any": "(alle)", "type_text": "Nur Text",
        "type_markdown": "Markdown", "type_html": "Webseite", "type_pdf": "PDF", "find": "Suchen",
        "prev": "◀ Zurück", "next": "Weiter ▶", "page": "Seite", "page_of": "Seite {page} von {pages}",
        "found": "{docs} Dokumente, {passages} passende Passagen.",
        "more": "Mehr aus diesem Dokument ({n})", "no_results": "Keine Treffer.",
        "no_match": "Nichts passt nah genug: versuchen Sie andere Wörter oder weniger Filter.",
        "export": "CSV exportieren", "password": "Admin-Passwort", "files": "Dateien (.txt .md .html .pdf)",
        "upload": "Hochladen", "doc": "Dokument", "delete": "Löschen", "reingest": "Neu indexieren",
        "status": "Status",
        "col_doc": "Dokument", "col_title": "Titel", "col_lang": "Sprache", "col_pages": "Seiten",
        "col_chunks": "Passagen", "col_source": "Quelle", "col_ingested": "Indexiert",
        "ocr": "OCR", "ocr_title": "Text aus einer gescannten Seite gelesen (OCR)",
        "web_sources": "Webquellen", "web_url": "Webadresse (https://…)", "add_page": "Webseite hinzufügen",
        "add_sitemap": "Sitemap hinzufügen", "refresh_web": "Webquellen jetzt prüfen",
        "no_url": "Geben Sie eine Webadresse ein, die mit http:// oder https:// beginnt",
        "col_url": "Adresse", "col_kind": "Art", "col_state": "Status", "col_checked": "Zuletzt geprüft",
        "col_message": "Details", "kind_page": "Seite", "kind_sitemap": "Sitemap", "kind_feed": "Feed",
        "kind_crawl": "Crawl", "state_ok": "gelesen", "state_changed": "indexiert", "state_unchanged": "unverändert",
        "state_gone": "nicht gefunden (wird entfernt, wenn sie beim nächsten Mal noch fehlt)",
        "state_removed": "entfernt", "state_error": "fehlgeschlagen", "state_refused": "von robots.txt abgelehnt",
        "no_admin": "Änderungen am Index brauchen das Admin-Passwort.",
        "wrong_admin": "Falsches Admin-Passwort.",
        "fb_quota": "Zu viele Rückmeldungen von dieser Adresse: bitte später erneut versuchen.",
        "upload_taken": "{name}: Ein Dokument dieses Namens ist bereits aus einer anderen Quelle indexiert; "
                        "bitte die Datei umbenennen.",
        "locked": "Zu viele falsche Admin-Passwörter: Admin-Aktionen sind für {wait} s gesperrt.",
        "admin_off": "Hochladen, Löschen und Neu-Indexieren sind aus: setzen Sie ASSISTANT_ADMIN_PASSWORD und "
                     "starten Sie die App neu, um sie einzuschalten.",
        "summary": "indexiert {indexed}, unverändert {unchanged}, entfernt {removed}, fehlgeschlagen {failed}",
        "nothing": "nichts indexiert", "removed": "entfernt: {doc}", "type_refused": "{name}: Dateityp nicht erlaubt",
        "too_big": "{name}: über {mb} MB", "indexed_but": "{name}: indexiert, aber {note}",
        "warning": "Warnung", "error": "Fehler",
        "unavailable": "Der Index ist gerade nicht verfügbar; der Administrator sieht den Grund im Log der App. "
                       "Bitte versuchen Sie es später erneut.",
        "no_report": "Noch kein Evaluationsbericht. Um einen über die Dokumente in corpus/ zu schreiben, führen Sie "
                     "aus:",
        "no_report_more": "Für ../shared siehe evals/README.md.",
        "report_title": "Evaluation der Suche: {name}", "plot": "hit@k",
        "report_mode": "Modus", "report_slice": "Teilmenge", "report_metric": "Maß",
        "report_paired": "gepaart gegen dense", "report_difference": "Differenz [95 %-KI]",
        "fb_which": "Bewertete Antwort",
        "fb_ask": "War diese Antwort hilfreich?", "fb_up": "👍 Ja", "fb_down": "👎 Nein",
        "fb_reason": "Was stimmt nicht?", "fb_wrong": "Falsch",
        "fb_missing": "Information fehlt", "fb_comment": "Kommentar (freiwillig; bitte keine persönlichen Daten)",
        "fb_absent": "Die Dokumente enthalten diese Information nicht",
        "fb_find": "Die Passage finden, die antwortet", "fb_passage": "Die Passage, die antwortet",
        "fb_quote": "Der Satz dieser Passage, der antwortet (freiwillig)", "fb_send": "Rückmeldung senden",
        "fb_thanks": "Danke: Ihre Rückmeldung ist mit Frage und Antwort gespeichert (nichts über Sie).",
        "fb_invalid": "Rückmeldung nicht gespeichert: {reason}",
        "fb_rate": "**Rückmeldungen der Leser**: {n} Antworten bewertet, {up} % 👍; 👎: {wrong} falsch, {missing} "
                   "mit fehlender Information.",
        "fb_rate_lang": "{lang}: {n} bewertet, {up} % 👍",
        "fb_none": "**Rückmeldungen der Leser**: noch keine Antwort bewertet.",
    },
}


def ui_text(lang: str, key: str) -> str:
    """A UI string in the chosen language (English when the language or the key is missing)."""
    return UI.get(lang, UI["en"]).get(key) or UI["en"][key]
