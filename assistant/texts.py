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
           "fallback": "The language model could not answer ({error}); here is the extractive answer."},
    "fr": {"intro": "D'après les sources :", "sources": "Sources", "page": "p.",
           "none": "Je n'ai pas trouvé de réponse à cette question dans les documents. Les passages les plus proches :",
           "missing": "Les documents ne mentionnent pas {what}. Les passages les plus proches :",
           "fallback": "Le modèle de langue n'a pas pu répondre ({error}) ; voici la réponse extractive."},
    "sv": {"intro": "Enligt källorna:", "sources": "Källor", "page": "s.",
           "none": "Jag hittade inget svar på frågan i dokumenten. De närmaste avsnitten är:",
           "missing": "Dokumenten nämner inte {what}. De närmaste avsnitten är:",
           "fallback": "Språkmodellen kunde inte svara ({error}); här är det extraherade svaret."},
    "de": {"intro": "Laut den Quellen:", "sources": "Quellen", "page": "S.",
           "none": "Ich habe in den Dokumenten keine Antwort auf diese Frage gefunden. Die nächsten Passagen:",
           "missing": "Die Dokumente erwähnen {what} nicht. Die nächsten Passagen:",
           "fallback": "Das Sprachmodell konnte nicht antworten ({error}); hier ist die extraktive Antwort."},
    "fi": {"intro": "Lähteiden mukaan:", "sources": "Lähteet", "page": "s.",
           "none": "En löytänyt asiakirjoista vastausta tähän kysymykseen. Lähimmät kohdat:",
           "missing": "Asiakirjoissa ei mainita: {what}. Lähimmät kohdat:",
           "fallback": "Kielimalli ei voinut vastata ({error}); tässä poimittu vastaus."},
    "pt": {"intro": "Segundo as fontes:", "sources": "Fontes", "page": "p.",
           "none": "Não encontrei resposta a esta pergunta nos documentos. As passagens mais próximas:",
           "missing": "Os documentos não mencionam {what}. As passagens mais próximas:",
           "fallback": "O modelo de linguagem não pôde responder ({error}); eis a resposta extraída."},
    "es": {"intro": "Según las fuentes:", "sources": "Fuentes", "page": "p.",
           "none": "No encontré respuesta a esta pregunta en los documentos. Los pasajes más cercanos:",
           "missing": "Los documentos no mencionan {what}. Los pasajes más cercanos:",
           "fallback": "El modelo de lenguaje no pudo responder ({error}); esta es la respuesta extractiva."},
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
        "no_admin": "Changing the index needs the admin password.",
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
        "no_admin": "Modifier l'index demande le mot de passe administrateur.",
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
        "no_admin": "Att ändra indexet kräver administratörslösenordet.",
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
        "no_admin": "Änderungen am Index brauchen das Admin-Passwort.",
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
    },
}


def ui_text(lang: str, key: str) -> str:
    """A UI string in the chosen language (English when the language or the key is missing)."""
    return UI.get(lang, UI["en"]).get(key) or UI["en"][key]
