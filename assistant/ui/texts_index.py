"""The page's texts about the index itself, merged into texts.UI: which corpus it serves and when it is empty,
deleting safely, web sources, the Good practices export and the Evaluation tab's explanations (in every UI
language; tests/test_ui_texts.py checks that each language has every key the code uses)."""

from __future__ import annotations

MORE: dict[str, dict[str, str]] = {
    "en": {
        "upload_pick": "Choose a file first (.txt .md .html .pdf), then click Upload.",
        "admin_ok": "Signed in as admin.",
        "welcome_none": "The index is empty: no document has been indexed. The administrator adds documents on the "
                        "Documents tab (upload, or a web address), or builds the index with `{command}`.",
        "web_robots_unread": "{site}/robots.txt could not be read ({reason}): the site is not crawled until it answers",
        "web_robots_status": "{site}/robots.txt answered {status}: the site is not crawled until it answers",
        "web_private": "refused by this server's settings: {host} is a private or loopback address ({ip}); set "
                       "ASSISTANT_WEB_PRIVATE=1 to allow intranet addresses",
        "web_unreachable": "unreachable host {host} ({detail})",
        "web_timeout": "timed out after {seconds} s ({detail})", "web_tls": "TLS error ({detail})",
        "web_http_error": "HTTP error ({detail})", "web_too_large": "too large ({size} MB; the limit is {limit} MB)",
        "web_over_limit": "too large (over the {limit} MB limit)",
        "web_inflated": "too large once decompressed (over the {limit} MB limit), or corrupt",
        "web_no_type": "not an HTML page (no content type, and the body is not HTML)",
        "web_not_html": "not an HTML page ({type})", "web_type": "unexpected content type {type}",
        "web_server_error": "server error (HTTP {status})", "web_forbidden": "refused by the server (HTTP {status})",
        "web_answer": "answer (HTTP {status})", "web_not_found": "not found (HTTP {status})",
        "web_gone": "not found (HTTP {status}) since {since}; removed if still missing {hours} h after that",
        "web_redirect_bare": "redirect ({status}) without a Location", "web_redirect_loop": "redirect loop: {chain}",
        "web_redirects": "more than {n} redirects: {chain}", "web_no_pages": "no page address found in this {kind}",
        "web_no_pages_host": "no page address found in this {kind}: sitemaps and crawls need a host name, not {host} "
                             "(e.g. {hosts} and {address})",
        "web_no_feed": "not a feed, or a feed without entries", "web_unparsable": "unparsable HTML ({error})",
        "web_no_text": "no main text found in the page", "web_not_url": "not a web address: {url}",
        "web_kept": "the indexed version is kept", "web_pages": "{n} pages", "web_pages_read": "{n} pages read",
        "web_same_page": "same page as {url}",
        "report_passage": "passage hit@5",
        "plot_hits_title": "hit@k per mode and question language", "plot_hits_x": "k (documents read)",
        "plot_hits_y": "hit@k (share of questions)", "plot_runs_title": "latest run beside the previous one, per mode",
        "plot_runs_y": "score (1.0 is perfect)", "plot_previous": "previous", "plot_latest": "latest",
        "eta_none": "estimating the time left", "eta_minutes": "about {n} min left",
        "eta_soon": "less than a minute left",
        "embedding_now": "{n} more passages are being embedded.",
        "strays": "This index also held {n} documents from another folder ({folders}): they are removed from it, "
                  "as it serves {corpus} only.",
        "empty_indexing": "Nothing is searchable yet: the documents are being indexed. Please ask again in a moment.",
        "empty_index": "The index holds no documents yet. The administrator builds it with `{command}` (or adds "
                       "files on the Documents tab).",
        "gr_complete": "✓", "drop_files": "Drop files here, or click to choose them",
        "delete_ask": "Delete «{title}»? This removes it from the index for every reader.",
        "delete_yes": "Yes, delete it", "delete_no": "Cancel", "delete_pick": "Choose the document to delete first.",
        "delete_cancelled": "Nothing deleted.",
        "web_failed": "Failed web source", "web_remove": "Remove from the list",
        "web_pick": "Choose a failed web source to remove first.", "web_removed": "removed {url}",
        "csv_match": "Match with the search", "match_strong": "strong", "match_good": "good", "match_partial": "partial",
        "col_page": "Page", "col_text": "Passage",
        "report_corpus": "Measured on the documents of **{folders}** ({when}).",
        "report_other": "⚠ This report measures {folders}, not {corpus}, which this app serves: run the command "
                        "below to measure {corpus}.",
        "report_ci": "[95 % CI]", "slice_all": "all", "slice_same": "same language", "slice_cross": "cross-language",
        "report_compare": "Latest run beside the previous one",
        "report_help": "**What the figures mean** (1.0 is perfect; the guides are rough):",
        "m_hit1": "**hit@1**: share of questions whose right document comes first. Good: above 0.6.",
        "m_hit5": "**hit@5** (and @10): … is among the first 5 (10). Good: above 0.8 (0.9).",
        "m_mrr": "**MRR@10**: 1 / the right document's rank, averaged (0 beyond 10). Good: above 0.7.",
        "m_ndcg": "**nDCG@10**: how high all the right documents rank together. Good: above 0.7.",
        "m_passage": "**passage hit@5**: share of questions whose answering passage is among the first 5. Good: "
                     "above 0.7.",
        "m_ci": "**{ci}**: where the score would likely fall with other questions of the same kind; narrow "
                "with many questions.",
        "m_slices": "**{same} / {cross}**: the questions asked in the language of the document that "
                    "answers them, and those asked in another.",
        "web_robots": "refused by {site}/robots.txt: the site does not let our crawler read this address",
        "m_ms": "**p50 / p95 ms**: median and slowest-in-20 search time. Good: under 100 / 300 ms.",
        "no_report": "No evaluation report yet for {corpus}. To write one over its documents, run:",
    },
    "fr": {
        "upload_pick": "Choisissez d'abord un fichier (.txt .md .html .pdf), puis cliquez sur Téléverser.",
        "admin_ok": "Connecté en tant qu'administrateur.",
        "welcome_none": "L'index est vide : aucun document n'a été indexé. L'administrateur ajoute des documents dans "
                        "l'onglet Documents (téléversement, ou une adresse web), ou construit l'index avec "
                        "`{command}`.",
        "web_robots_unread": "{site}/robots.txt n'a pas pu être lu ({reason}) : le site n'est pas parcouru tant qu'il "
                             "ne répond pas",
        "web_robots_status": "{site}/robots.txt a répondu {status} : le site n'est pas parcouru tant qu'il ne répond "
                             "pas",
        "web_private": "refusée par les réglages de ce serveur : {host} est une adresse privée ou locale ({ip}) ; "
                       "définissez ASSISTANT_WEB_PRIVATE=1 pour autoriser les adresses intranet",
        "web_unreachable": "hôte injoignable {host} ({detail})",
        "web_timeout": "pas de réponse après {seconds} s ({detail})", "web_tls": "erreur TLS ({detail})",
        "web_http_error": "erreur HTTP ({detail})",
        "web_too_large": "trop volumineuse ({size} Mo ; la limite est de {limit} Mo)",
        "web_over_limit": "trop volumineuse (au-delà de la limite de {limit} Mo)",
        "web_inflated": "trop volumineuse une fois décompressée (au-delà de la limite de {limit} Mo), ou corrompue",
        "web_no_type": "pas une page HTML (aucun type de contenu, et le contenu n'est pas du HTML)",
        "web_not_html": "pas une page HTML ({type})", "web_type": "type de contenu inattendu {type}",
        "web_server_error": "erreur du serveur (HTTP {status})",
        "web_forbidden": "refusée par le serveur (HTTP {status})", "web_answer": "réponse inattendue (HTTP {status})",
        "web_not_found": "introuvable (HTTP {status})",
        "web_gone": "introuvable (HTTP {status}) depuis {since} ; retirée si elle manque encore {hours} h plus tard",
        "web_redirect_bare": "redirection ({status}) sans adresse (Location)",
        "web_redirect_loop": "boucle de redirections : {chain}", "web_redirects": "plus de {n} redirections : {chain}",
        "web_no_pages": "aucune adresse de page trouvée ({kind})",
        "web_no_pages_host": "aucune adresse de page trouvée ({kind}) : les plans de site et les explorations "
                             "demandent un nom d'hôte, pas {host} (par ex. {hosts} et {address})",
        "web_no_feed": "pas un flux, ou un flux sans entrées", "web_unparsable": "HTML illisible ({error})",
        "web_no_text": "aucun texte principal trouvé dans la page", "web_not_url": "pas une adresse web : {url}",
        "web_kept": "la version indexée est conservée", "web_pages": "{n} pages", "web_pages_read": "{n} pages lues",
        "web_same_page": "même page que {url}",
        "report_passage": "hit@5 du passage",
        "plot_hits_title": "hit@k par mode et langue de la question", "plot_hits_x": "k (documents lus)",
        "plot_hits_y": "hit@k (part des questions)",
        "plot_runs_title": "dernière exécution à côté de la précédente, par mode",
        "plot_runs_y": "score (1,0 est parfait)", "plot_previous": "précédente", "plot_latest": "dernière",
        "eta_none": "temps restant en cours d'estimation", "eta_minutes": "encore environ {n} min",
        "eta_soon": "moins d'une minute restante",
        "embedding_now": "{n} autres passages sont en cours de vectorisation.",
        "strays": "Cet index contenait aussi {n} documents d'un autre dossier ({folders}) : ils en sont retirés, "
                  "car il ne sert que {corpus}.",
        "empty_indexing": "Rien n'est encore interrogeable : les documents sont en cours d'indexation. Reposez la "
                          "question dans un instant.",
        "empty_index": "L'index ne contient encore aucun document. L'administrateur le construit avec `{command}` "
                       "(ou ajoute des fichiers dans l'onglet Documents).",
        "gr_complete": "✓", "drop_files": "Déposez les fichiers ici, ou cliquez pour les choisir",
        "delete_ask": "Supprimer « {title} » ? Il disparaît de l'index pour tous les lecteurs.",
        "delete_yes": "Oui, supprimer", "delete_no": "Annuler",
        "delete_pick": "Choisissez d'abord le document à supprimer.", "delete_cancelled": "Rien n'a été supprimé.",
        "web_failed": "Source web en échec", "web_remove": "Retirer de la liste",
        "web_pick": "Choisissez d'abord une source web en échec à retirer.", "web_removed": "retirée : {url}",
        "csv_match": "Correspondance avec la recherche",
        "match_strong": "forte", "match_good": "bonne", "match_partial": "partielle",
        "col_page": "Page", "col_text": "Passage",
        "report_corpus": "Mesuré sur les documents de **{folders}** ({when}).",
        "report_other": "⚠ Ce rapport mesure {folders}, pas {corpus}, que sert cette application : lancez la "
                        "commande ci-dessous pour mesurer {corpus}.",
        "report_ci": "[IC 95 %]", "slice_all": "toutes", "slice_same": "même langue", "slice_cross": "autre langue",
        "report_compare": "Dernière exécution à côté de la précédente",
        "report_help": "**Ce que disent les chiffres** (1,0 est parfait ; les repères sont indicatifs) :",
        "m_hit1": "**hit@1** : part des questions dont le bon document vient en premier. Bon : plus de 0,6.",
        "m_hit5": "**hit@5** (et @10) : … figure parmi les 5 (10) premiers. Bon : plus de 0,8 (0,9).",
        "m_mrr": "**MRR@10** : 1 / rang du bon document, en moyenne (0 au-delà de 10). Bon : plus de 0,7.",
        "m_ndcg": "**nDCG@10** : à quel point tous les bons documents sont bien classés. Bon : plus de 0,7.",
        "m_passage": "**hit@5 du passage** : part des questions dont le passage qui répond figure parmi les 5 "
                     "premiers. Bon : plus de 0,7.",
        "m_ci": "**{ci}** : où le score tomberait probablement avec d'autres questions du même genre ; étroit "
                "avec beaucoup de questions.",
        "m_slices": "**{same} / {cross}** : les questions posées dans la langue du document qui y répond, "
                    "et celles posées dans une autre.",
        "web_robots": "refusée par {site}/robots.txt : le site ne laisse pas notre robot lire cette adresse",
        "m_ms": "**p50 / p95 ms** : durée de recherche médiane et la plus lente sur 20. Bon : moins de 100 / 300 ms.",
        "no_report": "Pas encore de rapport d'évaluation pour {corpus}. Pour en écrire un sur ses documents, "
                     "lancez :",
    },
    "sv": {
        "upload_pick": "Välj först en fil (.txt .md .html .pdf) och klicka sedan på Ladda upp.",
        "admin_ok": "Inloggad som administratör.",
        "welcome_none": "Indexet är tomt: inga dokument har indexerats. Administratören lägger till dokument under "
                        "fliken Dokument (uppladdning eller en webbadress), eller bygger indexet med `{command}`.",
        "web_robots_unread": "{site}/robots.txt kunde inte läsas ({reason}): webbplatsen genomsöks inte förrän den "
                             "svarar",
        "web_robots_status": "{site}/robots.txt svarade {status}: webbplatsen genomsöks inte förrän den svarar",
        "web_private": "nekad av den här serverns inställningar: {host} är en privat eller lokal adress ({ip}); "
                       "sätt ASSISTANT_WEB_PRIVATE=1 för att tillåta intranätadresser",
        "web_unreachable": "kan inte nå värden {host} ({detail})",
        "web_timeout": "inget svar inom {seconds} s ({detail})", "web_tls": "TLS-fel ({detail})",
        "web_http_error": "HTTP-fel ({detail})", "web_too_large": "för stor ({size} MB; gränsen är {limit} MB)",
        "web_over_limit": "för stor (över gränsen på {limit} MB)",
        "web_inflated": "för stor uppackad (över gränsen på {limit} MB), eller skadad",
        "web_no_type": "inte en HTML-sida (ingen innehållstyp, och innehållet är inte HTML)",
        "web_not_html": "inte en HTML-sida ({type})", "web_type": "oväntad innehållstyp {type}",
        "web_server_error": "serverfel (HTTP {status})", "web_forbidden": "nekad av servern (HTTP {status})",
        "web_answer": "oväntat svar (HTTP {status})", "web_not_found": "hittades inte (HTTP {status})",
        "web_gone": "hittades inte (HTTP {status}) sedan {since}; tas bort om den fortfarande saknas {hours} h "
                    "därefter",
        "web_redirect_bare": "omdirigering ({status}) utan adress (Location)",
        "web_redirect_loop": "omdirigeringsslinga: {chain}", "web_redirects": "fler än {n} omdirigeringar: {chain}",
        "web_no_pages": "ingen sidadress hittades ({kind})",
        "web_no_pages_host": "ingen sidadress hittades ({kind}): webbplatskartor och genomsökningar behöver ett "
                             "värdnamn, inte {host} (t.ex. {hosts} och {address})",
        "web_no_feed": "inte ett flöde, eller ett flöde utan poster", "web_unparsable": "oläsbar HTML ({error})",
        "web_no_text": "ingen huvudtext hittades på sidan", "web_not_url": "inte en webbadress: {url}",
        "web_kept": "den indexerade versionen behålls", "web_pages": "{n} sidor", "web_pages_read": "{n} sidor lästa",
        "web_same_page": "samma sida som {url}",
        "report_passage": "hit@5 för avsnitt",
        "plot_hits_title": "hit@k per läge och frågans språk", "plot_hits_x": "k (lästa dokument)",
        "plot_hits_y": "hit@k (andel frågor)", "plot_runs_title": "senaste körningen bredvid den förra, per läge",
        "plot_runs_y": "poäng (1,0 är perfekt)", "plot_previous": "förra", "plot_latest": "senaste",
        "eta_none": "beräknar återstående tid", "eta_minutes": "cirka {n} min kvar",
        "eta_soon": "mindre än en minut kvar",
        "embedding_now": "{n} avsnitt till håller på att bäddas in.",
        "strays": "Indexet innehöll också {n} dokument från en annan mapp ({folders}): de tas bort, eftersom det "
                  "bara visar {corpus}.",
        "empty_indexing": "Inget är sökbart ännu: dokumenten indexeras. Fråga igen om en liten stund.",
        "empty_index": "Indexet innehåller inga dokument ännu. Administratören bygger det med `{command}` (eller "
                       "lägger till filer under fliken Dokument).",
        "gr_complete": "✓", "drop_files": "Släpp filerna här, eller klicka för att välja dem",
        "delete_ask": "Ta bort «{title}»? Det försvinner ur indexet för alla läsare.",
        "delete_yes": "Ja, ta bort", "delete_no": "Avbryt", "delete_pick": "Välj först dokumentet som ska tas bort.",
        "delete_cancelled": "Inget togs bort.",
        "web_failed": "Misslyckad webbkälla", "web_remove": "Ta bort ur listan",
        "web_pick": "Välj först en misslyckad webbkälla att ta bort.", "web_removed": "borttagen: {url}",
        "csv_match": "Träff mot sökningen", "match_strong": "stark", "match_good": "god", "match_partial": "delvis",
        "col_page": "Sida", "col_text": "Avsnitt",
        "report_corpus": "Mätt på dokumenten i **{folders}** ({when}).",
        "report_other": "⚠ Rapporten mäter {folders}, inte {corpus} som appen visar: kör kommandot nedan för att "
                        "mäta {corpus}.",
        "report_ci": "[95 % KI]", "slice_all": "alla", "slice_same": "samma språk", "slice_cross": "annat språk",
        "report_compare": "Senaste körningen bredvid den förra",
        "report_help": "**Vad siffrorna betyder** (1,0 är perfekt; riktvärdena är ungefärliga):",
        "m_hit1": "**hit@1**: andel frågor där rätt dokument kommer först. Bra: över 0,6.",
        "m_hit5": "**hit@5** (och @10): … finns bland de 5 (10) första. Bra: över 0,8 (0,9).",
        "m_mrr": "**MRR@10**: 1 / rätt dokuments plats, i genomsnitt (0 efter plats 10). Bra: över 0,7.",
        "m_ndcg": "**nDCG@10**: hur högt alla rätta dokument hamnar tillsammans. Bra: över 0,7.",
        "m_passage": "**hit@5 för avsnitt**: andel frågor där avsnittet som svarar finns bland de 5 första. Bra: "
                     "över 0,7.",
        "m_ci": "**{ci}**: där måttet troligen hamnar med andra frågor av samma slag; smalt med många frågor.",
        "m_slices": "**{same} / {cross}**: frågorna som ställs på språket i dokumentet som besvarar dem, "
                    "och de som ställs på ett annat.",
        "web_robots": "nekad av {site}/robots.txt: webbplatsen låter inte vår sökrobot läsa den här adressen",
        "m_ms": "**p50 / p95 ms**: sökningens mediantid och den långsammaste av 20. Bra: under 100 / 300 ms.",
        "no_report": "Ingen utvärderingsrapport ännu för {corpus}. Kör detta för att skriva en över dess dokument:",
    },
    "de": {
        "upload_pick": "Wählen Sie zuerst eine Datei (.txt .md .html .pdf) und klicken Sie dann auf Hochladen.",
        "admin_ok": "Als Administrator angemeldet.",
        "welcome_none": "Der Index ist leer: es wurde kein Dokument indexiert. Der Administrator fügt im Reiter "
                        "Dokumente Dokumente hinzu (Hochladen oder eine Webadresse) oder baut den Index mit "
                        "`{command}`.",
        "web_robots_unread": "{site}/robots.txt konnte nicht gelesen werden ({reason}): die Website wird erst "
                             "durchsucht, wenn sie antwortet",
        "web_robots_status": "{site}/robots.txt antwortete {status}: die Website wird erst durchsucht, wenn sie "
                             "antwortet",
        "web_private": "von den Einstellungen dieses Servers abgelehnt: {host} ist eine private oder lokale Adresse "
                       "({ip}); setzen Sie ASSISTANT_WEB_PRIVATE=1, um Intranet-Adressen zu erlauben",
        "web_unreachable": "Host {host} nicht erreichbar ({detail})",
        "web_timeout": "keine Antwort nach {seconds} s ({detail})", "web_tls": "TLS-Fehler ({detail})",
        "web_http_error": "HTTP-Fehler ({detail})",
        "web_too_large": "zu groß ({size} MB; die Grenze liegt bei {limit} MB)",
        "web_over_limit": "zu groß (über der Grenze von {limit} MB)",
        "web_inflated": "entpackt zu groß (über der Grenze von {limit} MB) oder beschädigt",
        "web_no_type": "keine HTML-Seite (kein Inhaltstyp, und der Inhalt ist kein HTML)",
        "web_not_html": "keine HTML-Seite ({type})", "web_type": "unerwarteter Inhaltstyp {type}",
        "web_server_error": "Serverfehler (HTTP {status})", "web_forbidden": "vom Server abgelehnt (HTTP {status})",
        "web_answer": "unerwartete Antwort (HTTP {status})", "web_not_found": "nicht gefunden (HTTP {status})",
        "web_gone": "nicht gefunden (HTTP {status}) seit {since}; wird entfernt, wenn sie {hours} h danach noch fehlt",
        "web_redirect_bare": "Weiterleitung ({status}) ohne Adresse (Location)",
        "web_redirect_loop": "Weiterleitungsschleife: {chain}",
        "web_redirects": "mehr als {n} Weiterleitungen: {chain}",
        "web_no_pages": "keine Seitenadresse gefunden ({kind})",
        "web_no_pages_host": "keine Seitenadresse gefunden ({kind}): Sitemaps und Crawls brauchen einen Hostnamen, "
                             "nicht {host} (z. B. {hosts} und {address})",
        "web_no_feed": "kein Feed, oder ein Feed ohne Einträge", "web_unparsable": "nicht lesbares HTML ({error})",
        "web_no_text": "kein Haupttext auf der Seite gefunden", "web_not_url": "keine Webadresse: {url}",
        "web_kept": "die indexierte Version bleibt erhalten", "web_pages": "{n} Seiten",
        "web_pages_read": "{n} Seiten gelesen", "web_same_page": "dieselbe Seite wie {url}",
        "report_passage": "Passagen-hit@5",
        "plot_hits_title": "hit@k je Modus und Sprache der Frage", "plot_hits_x": "k (gelesene Dokumente)",
        "plot_hits_y": "hit@k (Anteil der Fragen)", "plot_runs_title": "letzter Lauf neben dem vorherigen, je Modus",
        "plot_runs_y": "Wert (1,0 ist perfekt)", "plot_previous": "vorheriger", "plot_latest": "letzter",
        "eta_none": "verbleibende Zeit wird geschätzt", "eta_minutes": "noch etwa {n} Minuten",
        "eta_soon": "noch weniger als eine Minute",
        "embedding_now": "{n} weitere Passagen werden gerade eingebettet.",
        "strays": "Dieser Index enthielt auch {n} Dokumente aus einem anderen Ordner ({folders}): sie werden "
                  "entfernt, da er nur {corpus} bereitstellt.",
        "empty_indexing": "Noch ist nichts durchsuchbar: die Dokumente werden indexiert. Bitte fragen Sie gleich "
                          "noch einmal.",
        "empty_index": "Der Index enthält noch keine Dokumente. Der Administrator baut ihn mit `{command}` (oder "
                       "lädt Dateien im Reiter Dokumente hoch).",
        "gr_complete": "✓", "drop_files": "Dateien hier ablegen oder klicken, um sie auszuwählen",
        "delete_ask": "«{title}» löschen? Es verschwindet für alle Leser aus dem Index.",
        "delete_yes": "Ja, löschen", "delete_no": "Abbrechen",
        "delete_pick": "Wählen Sie zuerst das Dokument, das gelöscht werden soll.",
        "delete_cancelled": "Nichts gelöscht.",
        "web_failed": "Fehlgeschlagene Webquelle", "web_remove": "Aus der Liste entfernen",
        "web_pick": "Wählen Sie zuerst eine fehlgeschlagene Webquelle zum Entfernen.", "web_removed": "entfernt: {url}",
        "csv_match": "Übereinstimmung mit der Suche",
        "match_strong": "stark", "match_good": "gut", "match_partial": "teilweise",
        "col_page": "Seite", "col_text": "Passage",
        "report_corpus": "Gemessen an den Dokumenten von **{folders}** ({when}).",
        "report_other": "⚠ Dieser Bericht misst {folders}, nicht {corpus}, das diese App bereitstellt: führen Sie "
                        "den Befehl unten aus, um {corpus} zu messen.",
        "report_ci": "[95 %-KI]", "slice_all": "alle", "slice_same": "gleiche Sprache",
        "slice_cross": "andere Sprache",
        "report_compare": "Letzter Lauf neben dem vorherigen",
        "report_help": "**Was die Zahlen bedeuten** (1,0 ist perfekt; die Richtwerte sind grob):",
        "m_hit1": "**hit@1**: Anteil der Fragen, deren richtiges Dokument zuerst kommt. Gut: über 0,6.",
        "m_hit5": "**hit@5** (und @10): … unter den ersten 5 (10) ist. Gut: über 0,8 (0,9).",
        "m_mrr": "**MRR@10**: 1 / Rang des richtigen Dokuments, gemittelt (0 nach Rang 10). Gut: über 0,7.",
        "m_ndcg": "**nDCG@10**: wie weit oben alle richtigen Dokumente zusammen stehen. Gut: über 0,7.",
        "m_passage": "**Passagen-hit@5**: Anteil der Fragen, deren antwortende Passage unter den ersten 5 ist. Gut: "
                     "über 0,7.",
        "m_ci": "**{ci}**: wo der Wert mit anderen Fragen derselben Art wahrscheinlich läge; schmal bei vielen "
                "Fragen.",
        "m_slices": "**{same} / {cross}**: die Fragen in der Sprache des Dokuments, das sie "
                    "beantwortet, und die in einer anderen.",
        "web_robots": "von {site}/robots.txt abgelehnt: die Website lässt unseren Crawler diese Adresse nicht lesen",
        "m_ms": "**p50 / p95 ms**: mittlere und langsamste von 20 Suchzeiten. Gut: unter 100 / 300 ms.",
        "no_report": "Noch kein Evaluationsbericht für {corpus}. Um einen über seine Dokumente zu schreiben, führen "
                     "Sie aus:",
    },
}
# The Evaluation tab's help lines, in this order.
METRICS = ("m_hit1", "m_hit5", "m_mrr", "m_ndcg", "m_passage", "m_ci", "m_slices", "m_ms")
