"""The web app's texts: one table for every visible string of the page and the JSON API's refusals."""

from __future__ import annotations

from .texts_api import API
from .texts_history import HISTORY
from .texts_index import MORE
from .texts_questions import QUESTIONS

# The web app's texts, one table for every visible string of the UI (assistant/ui/): labels, placeholders,
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
        "welcome_plain": "The index holds **{docs} documents** in {langs}. Ask in your language; the answer quotes "
                         "the documents, whatever their language.",
        "welcome_empty": "The index is empty so far: documents appear here as they are indexed.",
        "example": "What do the documents say about “{topic}”?",
        "partial": "Indexing is still running: this answer comes from the documents indexed so far.",
        "indexing": "Indexing in the background: {done} of {total} documents searchable ({passages} passages "
                    "embedded); {eta}.",
        "query": "Search", "query_placeholder": "For example: training programmes for cluster managers",
        "mode": "Mode", "mode_hybrid": "Hybrid (words + meaning)", "mode_dense": "Meaning", "mode_bm25": "Words",
        "mode_rerank": "Hybrid, re-ranked", "mode_latent": "Latent terms",
        "language": "Language", "site": "Source site",
        "doctype": "Document type", "topic": "Topic", "year": "Year", "any": "(all)", "type_text": "Plain text",
        "type_markdown": "Markdown", "type_html": "Web page", "type_pdf": "PDF", "find": "Find",
        "prev": "◀ Previous", "next": "Next ▶", "page": "Page", "page_of": "Page {page} of {pages}",
        "found": "Documents: {docs} · matching passages: {passages}",
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
        "busy_indexing": "The documents are being indexed: the index can be changed once that is done (see the "
                         "progress above). Please try again then.",
        "busy_writing": "Another change to the documents is under way: please try again in a moment.",
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
        "no_report_more": "For ../shared, see evals/README.md.",
        "indexing_some": "Indexing in the background: {docs} documents searchable so far.",
        "signin": "Sign in", "signout": "Sign out", "user_name": "User name", "password_field": "Password",
        "signin_button": "Sign in", "signin_sso": "Sign in with your organisation's account", "back": "Back to the app",
        "signin_help": "Staff see the documents of their groups too. Anyone may read the public documents without "
                       "signing in.",
        "visitor": "You read the documents of the groups: {groups}.",
        "signed_in": "Signed in as <b>{name}</b>: searching the documents of the groups {groups}.",
        "all_groups": "all groups", "wrong_signin": "Wrong user name or password.",
        "signin_locked": "Too many wrong passwords from this address: try again in {wait} s.",
        "groups_field": "Access groups (comma-separated; empty: public)",
        "sso_failed": "Single sign-on failed: {reason}",
        "report_title": "Retrieval evaluation: {name}", "plot": "hit@k",
        "report_mode": "mode", "report_slice": "slice", "report_metric": "metric",
        "report_paired": "paired vs dense", "report_difference": "difference",
        "fb_which": "Answer rated",
        "fb_ask": "Was this answer helpful?", "fb_up": "✓ Yes", "fb_down": "✗ No",
        "fb_reason": "What is wrong with it?", "fb_wrong": "Wrong",
        "fb_missing": "Missing information", "fb_comment": "Comment (optional; no personal data, please)",
        "fb_absent": "The documents do not contain this information",
        "fb_find": "Find the passage that answers", "fb_passage": "The passage that answers",
        "fb_quote": "The sentence of that passage that answers (optional)", "fb_send": "Send feedback",
        "fb_thanks": "Thank you: your feedback is stored with the question and the answer (nothing about you).",
        "fb_invalid": "Feedback not stored: {reason}",
        "fb_rate": "**Reader feedback**: {n} answers rated, {up} % helpful; not helpful: {wrong} wrong answers, "
                   "{missing} with missing information.",
        "fb_rate_lang": "{lang}: {n} rated, {up} % helpful", "fb_none": "**Reader feedback**: no answer rated yet.",
    },
    "fr": {
        "title": "cluster-assistant",
        "subtitle": "Posez vos questions dans votre langue ; chaque réponse cite ses sources.",
        "ui": "Langue de l'interface", "chat": "Dialogue", "search": "Bonnes pratiques", "documents": "Documents",
        "evaluation": "Évaluation", "question": "Votre question", "send": "Demander", "sources": "Sources",
        "examples": "Exemples", "placeholder": "Posez une question sur les documents",
        "open": "Afficher le passage",
        "welcome": "L'index contient **{docs} documents** ({langs}), sur {topics}. Posez votre question dans votre "
                   "langue ; la réponse cite les documents, quelle que soit leur langue.",
        "welcome_plain": "L'index contient **{docs} documents** ({langs}). Posez votre question dans votre langue ; "
                         "la réponse cite les documents, quelle que soit leur langue.",
        "welcome_empty": "L'index est encore vide : les documents apparaissent ici au fil de l'indexation.",
        "example": "Que disent les documents sur « {topic} » ?",
        "partial": "L'indexation continue : cette réponse vient des documents déjà indexés.",
        "indexing": "Indexation en arrière-plan : {done} documents sur {total} interrogeables ({passages} "
                    "passages vectorisés) ; {eta}.",
        "query": "Rechercher",
        "query_placeholder": "Par exemple : formations pour les animateurs de clusters",
        "mode": "Mode", "mode_hybrid": "Hybride (mots + sens)", "mode_dense": "Sens", "mode_bm25": "Mots",
        "mode_rerank": "Hybride, reclassé", "mode_latent": "Termes latents",
        "language": "Langue", "site": "Site source",
        "doctype": "Type de document", "topic": "Thème", "year": "Année", "any": "(tous)",
        "type_text": "Texte brut", "type_markdown": "Markdown", "type_html": "Page web", "type_pdf": "PDF",
        "find": "Chercher", "prev": "◀ Précédent", "next": "Suivant ▶", "page": "Page",
        "page_of": "Page {page} sur {pages}", "found": "Documents : {docs} · passages pertinents : {passages}",
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
        "busy_indexing": "Les documents sont en cours d'indexation : l'index pourra être modifié une fois "
                         "celle-ci terminée (voir la progression ci-dessus). Réessayez alors.",
        "busy_writing": "Une autre modification des documents est en cours : réessayez dans un instant.",
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
        "no_report_more": "Pour ../shared, voir evals/README.md.",
        "indexing_some": "Indexation en arrière-plan : {docs} documents interrogeables pour l'instant.",
        "signin": "Se connecter", "signout": "Se déconnecter", "user_name": "Nom d'utilisateur",
        "password_field": "Mot de passe", "signin_button": "Se connecter",
        "signin_sso": "Se connecter avec le compte de votre organisation", "back": "Retour à l'application",
        "signin_help": "Le personnel voit aussi les documents de ses groupes. Chacun peut lire les documents publics "
                       "sans se connecter.",
        "visitor": "Vous lisez les documents des groupes : {groups}.",
        "signed_in": "Connecté en tant que <b>{name}</b> : recherche dans les documents des groupes {groups}.",
        "all_groups": "tous les groupes", "wrong_signin": "Nom d'utilisateur ou mot de passe incorrect.",
        "signin_locked": "Trop de mots de passe erronés depuis cette adresse : réessayez dans {wait} s.",
        "groups_field": "Groupes d'accès (séparés par des virgules ; vide : public)",
        "sso_failed": "La connexion unique a échoué : {reason}",
        "report_title": "Évaluation de la recherche : {name}", "plot": "hit@k",
        "report_mode": "mode", "report_slice": "tranche", "report_metric": "mesure",
        "report_paired": "apparié avec dense", "report_difference": "différence",
        "fb_which": "Réponse évaluée",
        "fb_ask": "Cette réponse vous a-t-elle aidé ?", "fb_up": "✓ Oui", "fb_down": "✗ Non",
        "fb_reason": "Qu'est-ce qui ne va pas ?",
        "fb_wrong": "Fausse", "fb_missing": "Information manquante",
        "fb_comment": "Commentaire (facultatif ; pas de données personnelles, s'il vous plaît)",
        "fb_absent": "Les documents ne contiennent pas cette information",
        "fb_find": "Trouver le passage qui répond", "fb_passage": "Le passage qui répond",
        "fb_quote": "La phrase de ce passage qui répond (facultatif)", "fb_send": "Envoyer l'avis",
        "fb_thanks": "Merci : votre avis est enregistré avec la question et la réponse (rien sur vous).",
        "fb_invalid": "Avis non enregistré : {reason}",
        "fb_rate": "**Avis des lecteurs** : {n} réponses évaluées, {up} % utiles ; pas utiles : {wrong} fausses, "
                   "{missing} avec une information manquante.",
        "fb_rate_lang": "{lang} : {n} évaluées, {up} % utiles",
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
        "welcome_plain": "Indexet innehåller **{docs} dokument** på {langs}. Fråga på ditt språk; svaret citerar "
                         "dokumenten, oavsett språk.",
        "welcome_empty": "Indexet är ännu tomt: dokumenten visas här allteftersom de indexeras.",
        "example": "Vad säger dokumenten om ”{topic}”?",
        "partial": "Indexeringen pågår: svaret bygger på de dokument som hittills indexerats.",
        "indexing": "Indexerar i bakgrunden: {done} av {total} dokument sökbara ({passages} avsnitt inbäddade); "
                    "{eta}.",
        "query": "Sök", "query_placeholder": "Till exempel: utbildning för klusterledare",
        "mode": "Läge", "mode_hybrid": "Hybrid (ord + betydelse)", "mode_dense": "Betydelse", "mode_bm25": "Ord",
        "mode_rerank": "Hybrid, omrangordnad", "mode_latent": "Latenta termer",
        "language": "Språk", "site": "Källwebbplats",
        "doctype": "Dokumenttyp", "topic": "Ämne", "year": "År", "any": "(alla)", "type_text": "Ren text",
        "type_markdown": "Markdown", "type_html": "Webbsida", "type_pdf": "PDF", "find": "Sök",
        "prev": "◀ Föregående", "next": "Nästa ▶", "page": "Sida", "page_of": "Sida {page} av {pages}",
        "found": "Dokument: {docs} · träffande avsnitt: {passages}",
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
        "busy_indexing": "Dokumenten indexeras: indexet kan ändras när det är klart (se förloppet ovan). "
                         "Försök igen då.",
        "busy_writing": "En annan ändring av dokumenten pågår: försök igen om en liten stund.",
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
        "no_report_more": "För ../shared, se evals/README.md.",
        "indexing_some": "Indexerar i bakgrunden: hittills {docs} dokument sökbara.",
        "signin": "Logga in", "signout": "Logga ut", "user_name": "Användarnamn", "password_field": "Lösenord",
        "signin_button": "Logga in", "signin_sso": "Logga in med din organisations konto",
        "back": "Tillbaka till appen",
        "signin_help": "Personalen ser även dokumenten i sina grupper. Alla kan läsa de offentliga dokumenten utan "
                       "att logga in.",
        "visitor": "Du läser dokumenten i grupperna: {groups}.",
        "signed_in": "Inloggad som <b>{name}</b>: söker i dokumenten i grupperna {groups}.",
        "all_groups": "alla grupper", "wrong_signin": "Fel användarnamn eller lösenord.",
        "signin_locked": "För många felaktiga lösenord från den här adressen: försök igen om {wait} s.",
        "groups_field": "Åtkomstgrupper (kommaseparerade; tomt: public)",
        "sso_failed": "Enkel inloggning misslyckades: {reason}",
        "report_title": "Utvärdering av sökningen: {name}", "plot": "hit@k",
        "report_mode": "läge", "report_slice": "del", "report_metric": "mått",
        "report_paired": "parvis mot dense", "report_difference": "skillnad",
        "fb_which": "Svar som bedöms",
        "fb_ask": "Var svaret till hjälp?", "fb_up": "✓ Ja", "fb_down": "✗ Nej",
        "fb_reason": "Vad är fel?", "fb_wrong": "Felaktigt",
        "fb_missing": "Information saknas", "fb_comment": "Kommentar (frivillig; inga personuppgifter, tack)",
        "fb_absent": "Dokumenten innehåller inte den här informationen",
        "fb_find": "Hitta avsnittet som svarar", "fb_passage": "Avsnittet som svarar",
        "fb_quote": "Meningen i avsnittet som svarar (frivillig)", "fb_send": "Skicka omdöme",
        "fb_thanks": "Tack: ditt omdöme sparas med frågan och svaret (inget om dig).",
        "fb_invalid": "Omdömet sparades inte: {reason}",
        "fb_rate": "**Läsarnas omdömen**: {n} svar bedömda, {up} % till hjälp; inte till hjälp: {wrong} felaktiga, "
                   "{missing} med information som saknas.",
        "fb_rate_lang": "{lang}: {n} bedömda, {up} % till hjälp",
        "fb_none": "**Läsarnas omdömen**: inga svar bedömda ännu.",
    },
    "de": {
        "title": "cluster-assistant", "subtitle": "Fragen Sie in Ihrer Sprache; jede Antwort nennt ihre Quellen.",
        "ui": "Sprache der Oberfläche", "chat": "Chat", "search": "Gute Praxis", "documents": "Dokumente",
        "evaluation": "Evaluation", "question": "Ihre Frage", "send": "Fragen", "sources": "Quellen",
        "examples": "Beispiele", "placeholder": "Stellen Sie eine Frage zu den Dokumenten",
        "open": "Passage zeigen",
        "welcome": "Der Index enthält **{docs} Dokumente** in {langs}, zu {topics}. Fragen Sie in Ihrer Sprache; "
                   "die Antwort zitiert die Dokumente, in welcher Sprache auch immer.",
        "welcome_plain": "Der Index enthält **{docs} Dokumente** in {langs}. Fragen Sie in Ihrer Sprache; die "
                         "Antwort zitiert die Dokumente, in welcher Sprache auch immer.",
        "welcome_empty": "Der Index ist noch leer: Dokumente erscheinen hier, sobald sie indexiert sind.",
        "example": "Was sagen die Dokumente über „{topic}“?",
        "partial": "Die Indexierung läuft noch: diese Antwort stammt aus den bisher indexierten Dokumenten.",
        "indexing": "Indexierung im Hintergrund: {done} von {total} Dokumenten durchsuchbar ({passages} Passagen "
                    "eingebettet); {eta}.",
        "query": "Suche", "query_placeholder": "Zum Beispiel: Weiterbildung für Clustermanager",
        "mode": "Modus", "mode_hybrid": "Hybrid (Wörter + Bedeutung)", "mode_dense": "Bedeutung",
        "mode_bm25": "Wörter", "mode_rerank": "Hybrid, neu gereiht", "mode_latent": "Latente Begriffe",
        "language": "Sprache", "site": "Quellseite",
        "doctype": "Dokumenttyp", "topic": "Thema", "year": "Jahr", "any": "(alle)", "type_text": "Nur Text",
        "type_markdown": "Markdown", "type_html": "Webseite", "type_pdf": "PDF", "find": "Suchen",
        "prev": "◀ Zurück", "next": "Weiter ▶", "page": "Seite", "page_of": "Seite {page} von {pages}",
        "found": "Dokumente: {docs} · passende Passagen: {passages}",
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
        "busy_indexing": "Die Dokumente werden indexiert: Der Index kann geändert werden, sobald das fertig ist "
                         "(siehe Fortschritt oben). Bitte versuchen Sie es dann erneut.",
        "busy_writing": "Eine andere Änderung an den Dokumenten läuft gerade: bitte gleich noch einmal versuchen.",
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
        "no_report_more": "Für ../shared siehe evals/README.md.",
        "indexing_some": "Indexierung im Hintergrund: bisher {docs} Dokumente durchsuchbar.",
        "signin": "Anmelden", "signout": "Abmelden", "user_name": "Benutzername", "password_field": "Passwort",
        "signin_button": "Anmelden", "signin_sso": "Mit dem Konto Ihrer Organisation anmelden",
        "back": "Zurück zur App",
        "signin_help": "Mitarbeitende sehen auch die Dokumente ihrer Gruppen. Die öffentlichen Dokumente kann jeder "
                       "ohne Anmeldung lesen.",
        "visitor": "Sie lesen die Dokumente der Gruppen: {groups}.",
        "signed_in": "Angemeldet als <b>{name}</b>: Suche in den Dokumenten der Gruppen {groups}.",
        "all_groups": "alle Gruppen", "wrong_signin": "Falscher Benutzername oder falsches Passwort.",
        "signin_locked": "Zu viele falsche Passwörter von dieser Adresse: versuchen Sie es in {wait} s erneut.",
        "groups_field": "Zugriffsgruppen (durch Kommas getrennt; leer: public)",
        "sso_failed": "Die Einmalanmeldung ist fehlgeschlagen: {reason}",
        "report_title": "Evaluation der Suche: {name}", "plot": "hit@k",
        "report_mode": "Modus", "report_slice": "Teilmenge", "report_metric": "Maß",
        "report_paired": "gepaart gegen dense", "report_difference": "Differenz",
        "fb_which": "Bewertete Antwort",
        "fb_ask": "War diese Antwort hilfreich?", "fb_up": "✓ Ja", "fb_down": "✗ Nein",
        "fb_reason": "Was stimmt nicht?", "fb_wrong": "Falsch",
        "fb_missing": "Information fehlt", "fb_comment": "Kommentar (freiwillig; bitte keine persönlichen Daten)",
        "fb_absent": "Die Dokumente enthalten diese Information nicht",
        "fb_find": "Die Passage finden, die antwortet", "fb_passage": "Die Passage, die antwortet",
        "fb_quote": "Der Satz dieser Passage, der antwortet (freiwillig)", "fb_send": "Rückmeldung senden",
        "fb_thanks": "Danke: Ihre Rückmeldung ist mit Frage und Antwort gespeichert (nichts über Sie).",
        "fb_invalid": "Rückmeldung nicht gespeichert: {reason}",
        "fb_rate": "**Rückmeldungen der Leser**: {n} Antworten bewertet, {up} % hilfreich; nicht hilfreich: {wrong} "
                   "falsch, {missing} mit fehlender Information.",
        "fb_rate_lang": "{lang}: {n} bewertet, {up} % hilfreich",
        "fb_none": "**Rückmeldungen der Leser**: noch keine Antwort bewertet.",
    },
}

for _code, _texts in MORE.items():  # the texts about the index, kept apart (one module per 400 lines)
    UI[_code].update(_texts)
for _code, _texts in QUESTIONS.items():  # the Questions tab's
    UI[_code].update(_texts)
for _code, _texts in HISTORY.items():  # the conversation list's and the permalink page's
    UI[_code].update(_texts)
for _code, _texts in API.items():  # the JSON API's refusals
    UI[_code].update(_texts)


def ui_text(lang: str, key: str) -> str:
    """A UI string in the chosen language (English when the language or the key is missing)."""
    return UI.get(lang, UI["en"]).get(key) or UI["en"][key]


def preferred(accept_language: str) -> str:
    """The UI language a browser asks for first (its Accept-Language header), English when it asks for none of ours."""
    ranked = []
    for n, part in enumerate(accept_language.split(",")[:16]):  # a hostile header is long: its first entries do
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, n, tag.strip().split("-")[0].lower()))
    return next((code for _, _, code in sorted(ranked) if code in UI_LANGS), "en")


def asked_lang(lang: str, accept_language: str) -> str:
    """A request's UI language: its `lang` parameter when it is one of ours, else its Accept-Language's."""
    asked = str(lang or "")[:8].split("-")[0].lower()
    return asked if asked in UI_LANGS else preferred(accept_language or "")


def counted(lang: str, key: str, n: int) -> str:
    """A count with its words, `key`_one or `key`_many by the language's rule (French says 0 and 1 in the singular)."""
    one = n == 1 or (lang == "fr" and n == 0)
    return ui_text(lang, f"{key}_{'one' if one else 'many'}").format(n=n)
