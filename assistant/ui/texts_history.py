"""The conversation list's and the permalink page's texts, the refusals of both (NotFound, SignInNeeded, TooMany:
their `key`) and the header's line for a reader of every group, merged into texts.UI in every UI language
(tests/test_ui_texts.py checks that each language has every key, with the same placeholders)."""

from __future__ import annotations

HISTORY: dict[str, dict[str, str]] = {
    "en": {
        "h_list": "Your conversations", "h_new": "New conversation", "h_title": "Title", "h_rename": "Rename",
        "h_delete": "Delete", "h_delete_all": "Delete all",
        "h_delete_all_ask": "Delete all your conversations, their permalinks and your questions in the report?",
        "h_delete_all_yes": "Yes, delete all", "h_export": "Export (Markdown, JSON)",
        "h_files": "Exported conversation", "h_share": "Permalink to the last answer", "h_link": "Permalink",
        "h_kept": "Kept on the server for you. “{button}” removes them, and your questions from the report.",
        "h_browser": "Not signed in: your conversations are kept in this browser only. Sign in to keep them on the "
                     "server and to make permalinks.",
        "h_delete_all_ask_browser": "Delete all the conversations kept in this browser? Your questions stay in the "
                                    "Questions report, which keeps them without your name (you were not signed in).",
        "h_info": "Note", "signed_in_all": "Signed in as <b>{name}</b>: searching the documents of every group.",
        "h_signin_share": "Sign in to make a permalink: it is made from your kept conversation.",
        "h_pick": "Choose a conversation first, or ask a question.",
        "h_empty_title": "The title is empty: give the conversation a name.",
        "h_delete_ask": "Delete “{title}”? Its permalinks stop working.",
        "h_delete_ask_browser": "Delete “{title}” from this browser?", "h_delete_yes": "Yes, delete",
        "h_kept_unkept": "Kept on the server for you. “{button}” removes them.",
        "h_delete_all_ask_unkept": "Delete all your conversations and their permalinks?",
        "h_delete_all_ask_browser_unkept": "Delete all the conversations kept in this browser?",
        "h_deleted_all_unkept": "Conversations deleted: {n}.",
        "h_not_kept": "This answer was not kept in your history: it is full (at most {conversations} conversations of "
                      "{turns} questions). Delete old conversations, or start a new one.",
        "h_deleted_all": "Conversations deleted: {n}. Your questions left the report with them.",
        "share_title": "Shared answer",
        "share_readonly": "A read-only copy of an answer given on {day} (index version {version}).",
        "share_hidden": "[a source you may not see]",
        "share_hidden_note": "Sources left out: {n} (you may not see them).",
        "share_missing": "No such permalink: it was deleted with its conversation, or its address is mistyped.",
        "share_question": "Question", "share_open": "Open the assistant",
        "r_signin_conversations": "Conversations are kept for signed-in readers only: sign in (/signin), or send a "
                                  "personal token (`assistant users token NAME`) as 'Authorization: Bearer <token>'.",
        "r_no_conversation": "No such conversation: GET /api/conversations lists yours.",
        "r_no_turn": "This conversation has no question {n}: its questions are numbered 1 to {turns}.",
        "r_too_many_conversations": "You keep {count} conversations, the most there may be: delete old ones to keep "
                                    "new ones.",
        "r_too_many_turns": "This conversation holds {n} questions, the most there may be: start a new one.",
        "r_too_many_shares": "You have made {count} permalinks, the most there may be: delete old conversations.",
    },
    "fr": {
        "h_list": "Vos conversations", "h_new": "Nouvelle conversation", "h_title": "Titre", "h_rename": "Renommer",
        "h_delete": "Supprimer", "h_delete_all": "Tout supprimer",
        "h_delete_all_ask": "Supprimer toutes vos conversations, leurs liens permanents et vos questions du rapport ?",
        "h_delete_all_yes": "Oui, tout supprimer", "h_export": "Exporter (Markdown, JSON)",
        "h_files": "Conversation exportée", "h_share": "Lien permanent vers la dernière réponse",
        "h_link": "Lien permanent",
        "h_kept": "Gardées pour vous sur le serveur. « {button} » les efface, ainsi que vos questions du rapport.",
        "h_browser": "Vous n'êtes pas connecté : vos conversations ne sont gardées que dans ce navigateur. "
                     "Connectez-vous pour les garder sur le serveur et créer des liens permanents.",
        "h_delete_all_ask_browser": "Supprimer toutes les conversations gardées dans ce navigateur ? Vos questions "
                                    "restent dans le rapport des questions, qui les garde sans votre nom (vous "
                                    "n'étiez pas connecté).",
        "h_info": "Information",
        "signed_in_all": "Connecté en tant que <b>{name}</b> : recherche dans les documents de tous les groupes.",
        "h_signin_share": "Connectez-vous pour créer un lien permanent : il est fait à partir de votre conversation "
                          "gardée.",
        "h_pick": "Choisissez d'abord une conversation, ou posez une question.",
        "h_empty_title": "Le titre est vide : donnez un nom à la conversation.",
        "h_delete_ask": "Supprimer « {title} » ? Ses liens permanents cesseront de fonctionner.",
        "h_delete_ask_browser": "Supprimer « {title} » de ce navigateur ?", "h_delete_yes": "Oui, supprimer",
        "h_kept_unkept": "Gardées pour vous sur le serveur. « {button} » les efface.",
        "h_delete_all_ask_unkept": "Supprimer toutes vos conversations et leurs liens permanents ?",
        "h_delete_all_ask_browser_unkept": "Supprimer toutes les conversations gardées dans ce navigateur ?",
        "h_deleted_all_unkept": "Conversations supprimées : {n}.",
        "h_not_kept": "Cette réponse n'a pas été gardée dans votre historique : il est plein (au plus {conversations} "
                      "conversations de {turns} questions). Supprimez d'anciennes conversations, ou commencez-en une "
                      "nouvelle.",
        "h_deleted_all": "Conversations supprimées : {n}. Vos questions ont quitté le rapport avec elles.",
        "share_title": "Réponse partagée",
        "share_readonly": "Copie en lecture seule d'une réponse donnée le {day} (version de l'index {version}).",
        "share_hidden": "[une source que vous ne pouvez pas voir]",
        "share_hidden_note": "Sources omises : {n} (vous ne pouvez pas les voir).",
        "share_missing": "Ce lien permanent n'existe pas : il a été supprimé avec sa conversation, ou son adresse "
                         "est mal saisie.",
        "share_question": "Question posée", "share_open": "Ouvrir l'assistant",
        "r_signin_conversations": "Les conversations ne sont gardées que pour les lecteurs connectés : "
                                  "connectez-vous (/signin), ou envoyez un jeton personnel (`assistant users token "
                                  "NOM`) comme « Authorization: Bearer <jeton> ».",
        "r_no_conversation": "Cette conversation n'existe pas : GET /api/conversations liste les vôtres.",
        "r_no_turn": "Cette conversation n'a pas de question {n} : ses questions sont numérotées de 1 à {turns}.",
        "r_too_many_conversations": "Vous gardez {count} conversations, le maximum possible : supprimez-en "
                                    "d'anciennes pour en garder de nouvelles.",
        "r_too_many_turns": "Cette conversation compte {n} questions, le maximum possible : commencez-en une "
                            "nouvelle.",
        "r_too_many_shares": "Vous avez créé {count} liens permanents, le maximum possible : supprimez d'anciennes "
                             "conversations.",
    },
    "sv": {
        "h_list": "Dina samtal", "h_new": "Nytt samtal", "h_title": "Rubrik", "h_rename": "Byt namn",
        "h_delete": "Radera", "h_delete_all": "Radera alla",
        "h_delete_all_ask": "Radera alla dina samtal, deras permanenta länkar och dina frågor i rapporten?",
        "h_delete_all_yes": "Ja, radera alla", "h_export": "Exportera (Markdown, JSON)",
        "h_files": "Exporterat samtal", "h_share": "Permanent länk till senaste svaret", "h_link": "Permanent länk",
        "h_kept": "Sparas åt dig på servern. ”{button}” tar bort dem, och dina frågor ur rapporten.",
        "h_browser": "Inte inloggad: dina samtal sparas bara i den här webbläsaren. Logga in för att spara dem på "
                     "servern och skapa permanenta länkar.",
        "h_delete_all_ask_browser": "Radera alla samtal som sparats i den här webbläsaren? Dina frågor finns kvar i "
                                    "frågerapporten, som sparar dem utan ditt namn (du var inte inloggad).",
        "h_info": "Information",
        "signed_in_all": "Inloggad som <b>{name}</b>: söker i dokumenten i alla grupper.",
        "h_signin_share": "Logga in för att skapa en permanent länk: den skapas ur ditt sparade samtal.",
        "h_pick": "Välj ett samtal först, eller ställ en fråga.",
        "h_empty_title": "Rubriken är tom: ge samtalet ett namn.",
        "h_delete_ask": "Radera ”{title}”? Dess permanenta länkar slutar fungera.",
        "h_delete_ask_browser": "Radera ”{title}” från den här webbläsaren?", "h_delete_yes": "Ja, radera",
        "h_kept_unkept": "Sparas åt dig på servern. ”{button}” tar bort dem.",
        "h_delete_all_ask_unkept": "Radera alla dina samtal och deras permanenta länkar?",
        "h_delete_all_ask_browser_unkept": "Radera alla samtal som sparats i den här webbläsaren?",
        "h_deleted_all_unkept": "Raderade samtal: {n}.",
        "h_not_kept": "Svaret sparades inte i din historik: den är full (högst {conversations} samtal med {turns} "
                      "frågor). Radera gamla samtal, eller börja ett nytt.",
        "h_deleted_all": "Raderade samtal: {n}. Dina frågor togs bort ur rapporten med dem.",
        "share_title": "Delat svar",
        "share_readonly": "En skrivskyddad kopia av ett svar från {day} (indexversion {version}).",
        "share_hidden": "[en källa du inte får se]",
        "share_hidden_note": "Utelämnade källor: {n} (du får inte se dem).",
        "share_missing": "Ingen sådan permanent länk: den raderades med sitt samtal, eller adressen är felskriven.",
        "share_question": "Frågan", "share_open": "Öppna assistenten",
        "r_signin_conversations": "Samtal sparas bara för inloggade läsare: logga in (/signin), eller skicka en "
                                  "personlig token (`assistant users token NAMN`) som ”Authorization: Bearer "
                                  "<token>”.",
        "r_no_conversation": "Inget sådant samtal: GET /api/conversations listar dina.",
        "r_no_turn": "Samtalet har ingen fråga {n}: dess frågor är numrerade 1 till {turns}.",
        "r_too_many_conversations": "Du sparar {count} samtal, det högsta antalet: radera gamla för att spara nya.",
        "r_too_many_turns": "Samtalet har {n} frågor, det högsta antalet: börja ett nytt.",
        "r_too_many_shares": "Du har skapat {count} permanenta länkar, det högsta antalet: radera gamla samtal.",
    },
    "de": {
        "h_list": "Ihre Gespräche", "h_new": "Neues Gespräch", "h_title": "Titel", "h_rename": "Umbenennen",
        "h_delete": "Löschen", "h_delete_all": "Alle löschen",
        "h_delete_all_ask": "Alle Ihre Gespräche, ihre Dauerlinks und Ihre Fragen im Bericht löschen?",
        "h_delete_all_yes": "Ja, alle löschen", "h_export": "Exportieren (Markdown, JSON)",
        "h_files": "Exportiertes Gespräch", "h_share": "Dauerlink zur letzten Antwort", "h_link": "Dauerlink",
        "h_kept": "Für Sie auf dem Server gespeichert. „{button}“ entfernt sie und Ihre Fragen aus dem Bericht.",
        "h_browser": "Nicht angemeldet: Ihre Gespräche bleiben nur in diesem Browser. Melden Sie sich an, um sie auf "
                     "dem Server zu speichern und Dauerlinks zu erstellen.",
        "h_delete_all_ask_browser": "Alle in diesem Browser gespeicherten Gespräche löschen? Ihre Fragen bleiben im "
                                    "Fragenbericht, der sie ohne Ihren Namen speichert (Sie waren nicht angemeldet).",
        "h_info": "Hinweis",
        "signed_in_all": "Angemeldet als <b>{name}</b>: Suche in den Dokumenten aller Gruppen.",
        "h_signin_share": "Melden Sie sich an, um einen Dauerlink zu erstellen: Er entsteht aus Ihrem gespeicherten "
                          "Gespräch.",
        "h_pick": "Wählen Sie zuerst ein Gespräch, oder stellen Sie eine Frage.",
        "h_empty_title": "Der Titel ist leer: Geben Sie dem Gespräch einen Namen.",
        "h_delete_ask": "„{title}“ löschen? Seine Dauerlinks funktionieren dann nicht mehr.",
        "h_delete_ask_browser": "„{title}“ aus diesem Browser löschen?", "h_delete_yes": "Ja, löschen",
        "h_kept_unkept": "Für Sie auf dem Server gespeichert. „{button}“ entfernt sie.",
        "h_delete_all_ask_unkept": "Alle Ihre Gespräche und ihre Dauerlinks löschen?",
        "h_delete_all_ask_browser_unkept": "Alle in diesem Browser gespeicherten Gespräche löschen?",
        "h_deleted_all_unkept": "Gelöschte Gespräche: {n}.",
        "h_not_kept": "Diese Antwort wurde nicht in Ihrem Verlauf gespeichert: Er ist voll (höchstens {conversations} "
                      "Gespräche mit je {turns} Fragen). Löschen Sie alte Gespräche, oder beginnen Sie ein neues.",
        "h_deleted_all": "Gelöschte Gespräche: {n}. Ihre Fragen wurden mit ihnen aus dem Bericht entfernt.",
        "share_title": "Geteilte Antwort",
        "share_readonly": "Eine schreibgeschützte Kopie einer Antwort vom {day} (Indexversion {version}).",
        "share_hidden": "[eine Quelle, die Sie nicht sehen dürfen]",
        "share_hidden_note": "Ausgelassene Quellen: {n} (Sie dürfen sie nicht sehen).",
        "share_missing": "Diesen Dauerlink gibt es nicht: Er wurde mit seinem Gespräch gelöscht, oder die Adresse "
                         "ist falsch geschrieben.",
        "share_question": "Frage", "share_open": "Den Assistenten öffnen",
        "r_signin_conversations": "Gespräche werden nur für angemeldete Leser gespeichert: Melden Sie sich an "
                                  "(/signin), oder senden Sie ein persönliches Token (`assistant users token NAME`) "
                                  "als „Authorization: Bearer <Token>“.",
        "r_no_conversation": "Dieses Gespräch gibt es nicht: GET /api/conversations listet Ihre auf.",
        "r_no_turn": "Dieses Gespräch hat keine Frage {n}: Seine Fragen sind von 1 bis {turns} nummeriert.",
        "r_too_many_conversations": "Sie speichern {count} Gespräche, die Höchstzahl: Löschen Sie alte, um neue zu "
                                    "speichern.",
        "r_too_many_turns": "Dieses Gespräch umfasst {n} Fragen, die Höchstzahl: Beginnen Sie ein neues.",
        "r_too_many_shares": "Sie haben {count} Dauerlinks erstellt, die Höchstzahl: Löschen Sie alte Gespräche.",
    },
}
