"""The JSON API's own texts in every UI language, merged into texts.UI: what a refused request's fields take (a 422,
assistant.ui.rest_errors), the bearer token's refusals, the rate limit's 429 (assistant.ui.guard), and an answer a
visitor asked to keep in a conversation (tests/test_ui_texts.py checks that each language has every key, with the same
placeholders)."""

from __future__ import annotations

API: dict[str, dict[str, str]] = {
    "en": {
        "api_invalid": "The request was refused: {problems}.", "api_body": "the body",
        "api_missing": "{field} is required", "api_empty": "{field} is empty",
        "api_short": "{field} takes at least {n} characters", "api_long": "{field} takes at most {n} characters",
        "api_items": "{field} takes at most {n} items", "api_choice": "{field} takes one of {choices}",
        "api_day": "{field} takes a day as YYYY-MM-DD, e.g. 2026-01-31", "api_whole": "{field} takes a whole number",
        "api_number": "{field} takes a number", "api_min": "{field} takes a number of at least {n}",
        "api_max": "{field} takes a number of at most {n}", "api_bool": "{field} takes true or false",
        "api_lang": "{field} takes a language code such as fr or pt-BR",
        "api_form": "{field} is not in the form it takes ({pattern})", "api_text": "{field} takes text",
        "api_list": "{field} takes a list", "api_object": "{field} takes a JSON object",
        "api_json": "the body is not valid JSON", "api_unknown": "{field} is not a field this route takes",
        "api_other": "{field}: {reason}",
        "api_unknown_token": "Unknown token: send a personal token (`assistant users token NAME`) or the admin "
                             "password as 'Authorization: Bearer <token>'.",
        "api_bearer": "Send it as 'Authorization: Bearer <password>'.",
        "api_not_admin": "{name} is not an admin: changing the index needs an admin's token (`assistant users add "
                         "NAME --admin`) or the admin password.",
        "api_admin_off": "Changing the index is off: the server has no ASSISTANT_ADMIN_PASSWORD.",
        "api_rate": "Too many requests from this address: retry in {wait} s (the Retry-After header says the "
                    "same).",
        "api_too_large": "The request body is over {limit} bytes: send a smaller one.",
        "api_no_document": "No such document in the index (GET /api/documents lists them).",
        "api_not_kept": "Not signed in: this answer is not kept in a conversation (conversations are kept for "
                        "signed-in readers: send a personal token as 'Authorization: Bearer <token>').",
    },
    "fr": {
        "api_invalid": "Requête refusée : {problems}.", "api_body": "le corps de la requête",
        "api_missing": "{field} est obligatoire", "api_empty": "{field} est vide",
        "api_short": "{field} doit compter au moins {n} caractères",
        "api_long": "{field} doit compter au plus {n} caractères", "api_items": "{field} compte au plus {n} éléments",
        "api_choice": "{field} prend l'une de ces valeurs : {choices}",
        "api_day": "{field} prend une date sous la forme AAAA-MM-JJ, par exemple 2026-01-31",
        "api_whole": "{field} prend un nombre entier", "api_number": "{field} prend un nombre",
        "api_min": "{field} prend un nombre d'au moins {n}", "api_max": "{field} prend un nombre d'au plus {n}",
        "api_bool": "{field} prend true ou false", "api_lang": "{field} prend un code de langue comme fr ou pt-BR",
        "api_form": "{field} n'a pas la forme attendue ({pattern})", "api_text": "{field} prend du texte",
        "api_list": "{field} prend une liste", "api_object": "{field} prend un objet JSON",
        "api_json": "le corps de la requête n'est pas du JSON valide",
        "api_unknown": "{field} n'est pas un champ de cette route", "api_other": "{field} : {reason}",
        "api_unknown_token": "Jeton inconnu : envoyez un jeton personnel (`assistant users token NOM`) ou le mot de "
                             "passe administrateur comme « Authorization: Bearer <jeton> ».",
        "api_bearer": "Envoyez-le comme « Authorization: Bearer <mot de passe> ».",
        "api_not_admin": "{name} n'est pas administrateur : modifier l'index demande le jeton d'un administrateur "
                         "(`assistant users add NOM --admin`) ou le mot de passe administrateur.",
        "api_admin_off": "La modification de l'index est désactivée : le serveur n'a pas de "
                         "ASSISTANT_ADMIN_PASSWORD.",
        "api_rate": "Trop de requêtes depuis cette adresse : réessayez dans {wait} s (l'en-tête Retry-After "
                    "dit la même chose).",
        "api_too_large": "Le corps de la requête dépasse {limit} octets : envoyez-en un plus petit.",
        "api_no_document": "Ce document n'est pas dans l'index (GET /api/documents les liste).",
        "api_not_kept": "Vous n'êtes pas connecté : cette réponse n'est pas gardée dans une conversation (les "
                        "conversations sont gardées pour les lecteurs connectés : envoyez un jeton personnel comme "
                        "« Authorization: Bearer <jeton> »).",
    },
    "sv": {
        "api_invalid": "Begäran avvisades: {problems}.", "api_body": "begärans innehåll",
        "api_missing": "{field} krävs", "api_empty": "{field} är tomt",
        "api_short": "{field} måste ha minst {n} tecken", "api_long": "{field} får ha högst {n} tecken",
        "api_items": "{field} får ha högst {n} element", "api_choice": "{field} tar ett av värdena {choices}",
        "api_day": "{field} tar ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-01-31", "api_whole": "{field} tar ett heltal",
        "api_number": "{field} tar ett tal", "api_min": "{field} tar ett tal som är minst {n}",
        "api_max": "{field} tar ett tal som är högst {n}", "api_bool": "{field} tar true eller false",
        "api_lang": "{field} tar en språkkod som fr eller pt-BR",
        "api_form": "{field} har inte den väntade formen ({pattern})", "api_text": "{field} tar text",
        "api_list": "{field} tar en lista", "api_object": "{field} tar ett JSON-objekt",
        "api_json": "begärans innehåll är inte giltig JSON", "api_unknown": "{field} är inget fält som den här vägen tar",
        "api_other": "{field}: {reason}",
        "api_unknown_token": "Okänd token: skicka en personlig token (`assistant users token NAMN`) eller "
                             "administratörslösenordet som ”Authorization: Bearer <token>”.",
        "api_bearer": "Skicka det som ”Authorization: Bearer <lösenord>”.",
        "api_not_admin": "{name} är ingen administratör: att ändra indexet kräver en administratörs token "
                         "(`assistant users add NAMN --admin`) eller administratörslösenordet.",
        "api_admin_off": "Att ändra indexet är avstängt: servern har inget ASSISTANT_ADMIN_PASSWORD.",
        "api_rate": "För många förfrågningar från den här adressen: försök igen om {wait} s (huvudet "
                    "Retry-After säger detsamma).",
        "api_too_large": "Förfrågans innehåll är större än {limit} byte: skicka ett mindre.",
        "api_no_document": "Dokumentet finns inte i indexet (GET /api/documents listar dem).",
        "api_not_kept": "Inte inloggad: svaret sparas inte i något samtal (samtal sparas för inloggade läsare: "
                        "skicka en personlig token som ”Authorization: Bearer <token>”).",
    },
    "de": {
        "api_invalid": "Die Anfrage wurde abgelehnt: {problems}.", "api_body": "der Inhalt der Anfrage",
        "api_missing": "{field} ist erforderlich", "api_empty": "{field} ist leer",
        "api_short": "{field} muss mindestens {n} Zeichen haben", "api_long": "{field} darf höchstens {n} Zeichen haben",
        "api_items": "{field} darf höchstens {n} Einträge haben",
        "api_choice": "{field} nimmt einen dieser Werte: {choices}",
        "api_day": "{field} nimmt ein Datum als JJJJ-MM-TT, zum Beispiel 2026-01-31",
        "api_whole": "{field} nimmt eine ganze Zahl", "api_number": "{field} nimmt eine Zahl",
        "api_min": "{field} nimmt eine Zahl von mindestens {n}", "api_max": "{field} nimmt eine Zahl von höchstens {n}",
        "api_bool": "{field} nimmt true oder false", "api_lang": "{field} nimmt einen Sprachcode wie fr oder pt-BR",
        "api_form": "{field} hat nicht die erwartete Form ({pattern})", "api_text": "{field} nimmt Text",
        "api_list": "{field} nimmt eine Liste", "api_object": "{field} nimmt ein JSON-Objekt",
        "api_json": "der Inhalt der Anfrage ist kein gültiges JSON", "api_unknown": "{field} ist kein Feld dieser Route",
        "api_other": "{field}: {reason}",
        "api_unknown_token": "Unbekanntes Token: Senden Sie ein persönliches Token (`assistant users token NAME`) "
                             "oder das Administratorpasswort als „Authorization: Bearer <Token>“.",
        "api_bearer": "Senden Sie es als „Authorization: Bearer <Passwort>“.",
        "api_not_admin": "{name} ist kein Administrator: Das Ändern des Index braucht das Token eines Administrators "
                         "(`assistant users add NAME --admin`) oder das Administratorpasswort.",
        "api_admin_off": "Das Ändern des Index ist ausgeschaltet: Der Server hat kein ASSISTANT_ADMIN_PASSWORD.",
        "api_rate": "Zu viele Anfragen von dieser Adresse: Versuchen Sie es in {wait} s erneut (der Header "
                    "Retry-After sagt dasselbe).",
        "api_too_large": "Der Inhalt der Anfrage ist größer als {limit} Byte: Senden Sie einen kleineren.",
        "api_no_document": "Dieses Dokument ist nicht im Index (GET /api/documents listet sie auf).",
        "api_not_kept": "Nicht angemeldet: Diese Antwort wird in keinem Gespräch gespeichert (Gespräche werden für "
                        "angemeldete Leser gespeichert: Senden Sie ein persönliches Token als „Authorization: Bearer "
                        "<Token>“).",
    },
}
