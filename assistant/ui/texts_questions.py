"""The Questions tab's texts (the report on what readers asked, for the admin and staff) and its refusals, merged
into texts.UI in every UI language (tests/test_ui_texts.py checks that each language has every key, with the same
placeholders)."""

from __future__ import annotations

QUESTIONS: dict[str, dict[str, str]] = {
    "en": {
        "q_tab": "Questions", "q_since": "Since (YYYY-MM-DD; empty: every question kept)", "q_show": "Show report",
        "r_signin_report": "The Questions report is for staff and the admin: sign in with a staff account (or send a "
                           "staff member's token or the admin password).",
        "r_staff_only": "The Questions report is for staff and the admin: your account has no access group beyond the "
                        "public ones.",
        "q_scope": "Your view: the questions of readers whose access groups are all yours too ({groups}), citing only "
                   "documents you may see.",
        "q_bad_since": "«{since}» is not a day: write it as YYYY-MM-DD.",
        "q_summary": "**{questions}**{since}, {distinct}: {answered}, {abstained} ({share} %).",
        "q_questions_one": "{n} question", "q_questions_many": "{n} questions", "q_distinct_one": "in {n} wording",
        "q_distinct_many": "in {n} different wordings", "q_answered_one": "{n} answered",
        "q_answered_many": "{n} answered", "q_abstained_one": "{n} not answered", "q_abstained_many": "{n} not answered",
        "q_days_one": "{n} day", "q_days_many": "{n} days",
        "q_since_day": " since {day}",
        "q_kept": "Questions are kept for {days}, without address or name; a reader's “{button}” removes theirs.",
        "q_none_since": "No question since {day}.",
        "q_kept_off": "Questions are not kept (ASSISTANT_KEEP_QUESTIONS=0).",
        "q_none": "No question kept yet. The page and the API keep what they are asked, for this report.",
        "q_by_lang": "By language", "q_col_asked": "Asked", "q_col_abstained": "Not answered",
        "q_topics": "Most asked topics (each named by its most central question)",
        "q_unanswered": "What the documents lack: questions they did not answer",
        "q_col_topic": "Topic", "q_col_langs": "Languages", "q_also": "also asked as: {questions}",
        "q_cited": "Documents most cited", "q_col_cited": "Citations",
        "q_plot": "Questions per day and language; the most asked unanswered groups",
        "q_plot_day": "Questions per day", "q_plot_lang": "Per language", "q_plot_unanswered": "Not answered, most asked",
        "q_answered": "answered", "q_abstained": "not answered",
        "q_group": "Group of unanswered questions", "q_candidates": "Make candidate eval questions",
        "q_candidates_file": "Candidate eval questions (JSONL)",
        "q_candidates_done": "{n} candidate eval questions from «{label}»: review them before adding them to a "
                             "question set (evals/README.md).",
        "q_pick": "Choose a group of unanswered questions first (show the report first).",
    },
    "fr": {
        "q_tab": "Questions", "q_since": "Depuis (AAAA-MM-JJ ; vide : toutes les questions conservées)",
        "q_show": "Afficher le rapport",
        "r_signin_report": "Le rapport des questions est réservé à l'équipe et à l'administrateur : connectez-vous "
                           "avec un compte de l'équipe (ou envoyez le jeton d'un membre de l'équipe ou le mot de passe "
                           "administrateur).",
        "r_staff_only": "Le rapport des questions est réservé à l'équipe et à l'administrateur : votre compte n'a "
                        "aucun groupe d'accès au-delà des groupes publics.",
        "q_scope": "Votre vue : les questions des lecteurs dont tous les groupes d'accès sont aussi les vôtres "
                   "({groups}), ne citant que des documents que vous pouvez voir.",
        "q_bad_since": "« {since} » n'est pas une date : écrivez-la AAAA-MM-JJ.",
        "q_summary": "**{questions}**{since}, {distinct} : {answered}, {abstained} ({share} %).",
        "q_questions_one": "{n} question", "q_questions_many": "{n} questions", "q_distinct_one": "en {n} formulation",
        "q_distinct_many": "en {n} formulations différentes", "q_answered_one": "{n} avec réponse",
        "q_answered_many": "{n} avec réponse", "q_abstained_one": "{n} sans réponse",
        "q_abstained_many": "{n} sans réponse", "q_days_one": "{n} jour", "q_days_many": "{n} jours",
        "q_since_day": " depuis le {day}",
        "q_kept": "Les questions sont conservées {days}, sans adresse ni nom ; « {button} » efface celles d'un "
                  "lecteur.",
        "q_none_since": "Aucune question depuis le {day}.",
        "q_kept_off": "Les questions ne sont pas conservées (ASSISTANT_KEEP_QUESTIONS=0).",
        "q_none": "Aucune question conservée pour l'instant. La page et l'API conservent ce qu'on leur demande, pour "
                  "ce rapport.",
        "q_by_lang": "Par langue", "q_col_asked": "Posées", "q_col_abstained": "Sans réponse",
        "q_topics": "Sujets les plus demandés (chacun nommé par sa question la plus centrale)",
        "q_unanswered": "Ce qui manque aux documents : les questions restées sans réponse",
        "q_col_topic": "Sujet", "q_col_langs": "Langues", "q_also": "aussi posée ainsi : {questions}",
        "q_cited": "Documents les plus cités", "q_col_cited": "Citations",
        "q_plot": "Questions par jour et par langue ; les groupes sans réponse les plus demandés",
        "q_plot_day": "Questions par jour", "q_plot_lang": "Par langue",
        "q_plot_unanswered": "Sans réponse, les plus demandées",
        "q_answered": "avec réponse", "q_abstained": "sans réponse",
        "q_group": "Groupe de questions sans réponse", "q_candidates": "Créer des questions d'évaluation candidates",
        "q_candidates_file": "Questions d'évaluation candidates (JSONL)",
        "q_candidates_done": "{n} questions d'évaluation candidates tirées de « {label} » : relisez-les avant de les "
                             "ajouter à un jeu de questions (evals/README.md).",
        "q_pick": "Choisissez d'abord un groupe de questions sans réponse (affichez d'abord le rapport).",
    },
    "sv": {
        "q_tab": "Frågor", "q_since": "Sedan (ÅÅÅÅ-MM-DD; tomt: alla sparade frågor)", "q_show": "Visa rapporten",
        "r_signin_report": "Frågerapporten är till för personalen och administratören: logga in med ett "
                           "personalkonto (eller skicka en personalmedlems token eller administratörslösenordet).",
        "r_staff_only": "Frågerapporten är till för personalen och administratören: ditt konto har ingen "
                        "åtkomstgrupp utöver de offentliga.",
        "q_scope": "Din vy: frågor från läsare vars åtkomstgrupper alla också är dina ({groups}), som bara citerar "
                   "dokument du får se.",
        "q_bad_since": "”{since}” är inget datum: skriv det som ÅÅÅÅ-MM-DD.",
        "q_summary": "**{questions}**{since}, {distinct}: {answered}, {abstained} ({share} %).",
        "q_questions_one": "{n} fråga", "q_questions_many": "{n} frågor", "q_distinct_one": "i {n} formulering",
        "q_distinct_many": "i {n} olika formuleringar", "q_answered_one": "{n} besvarad",
        "q_answered_many": "{n} besvarade", "q_abstained_one": "{n} obesvarad", "q_abstained_many": "{n} obesvarade",
        "q_days_one": "{n} dag", "q_days_many": "{n} dagar",
        "q_since_day": " sedan {day}",
        "q_kept": "Frågorna sparas i {days}, utan adress eller namn; en läsares ”{button}” tar bort läsarens "
                  "frågor.",
        "q_none_since": "Inga frågor sedan {day}.",
        "q_kept_off": "Frågorna sparas inte (ASSISTANT_KEEP_QUESTIONS=0).",
        "q_none": "Inga frågor sparade ännu. Sidan och API:et sparar det de får frågor om, för den här rapporten.",
        "q_by_lang": "Per språk", "q_col_asked": "Ställda", "q_col_abstained": "Obesvarade",
        "q_topics": "Vanligaste ämnena (vart och ett namngivet efter sin mest centrala fråga)",
        "q_unanswered": "Det som saknas i dokumenten: frågor de inte besvarade",
        "q_col_topic": "Ämne", "q_col_langs": "Språk", "q_also": "också ställd som: {questions}",
        "q_cited": "Mest citerade dokument", "q_col_cited": "Citeringar",
        "q_plot": "Frågor per dag och språk; de vanligaste obesvarade grupperna",
        "q_plot_day": "Frågor per dag", "q_plot_lang": "Per språk", "q_plot_unanswered": "Obesvarade, vanligast",
        "q_answered": "besvarade", "q_abstained": "obesvarade",
        "q_group": "Grupp av obesvarade frågor", "q_candidates": "Skapa kandidatfrågor för utvärdering",
        "q_candidates_file": "Kandidatfrågor för utvärdering (JSONL)",
        "q_candidates_done": "{n} kandidatfrågor för utvärdering från ”{label}”: granska dem innan de läggs till i "
                             "en frågeuppsättning (evals/README.md).",
        "q_pick": "Välj först en grupp av obesvarade frågor (visa rapporten först).",
    },
    "de": {
        "q_tab": "Fragen", "q_since": "Seit (JJJJ-MM-TT; leer: alle gespeicherten Fragen)",
        "q_show": "Bericht anzeigen",
        "r_signin_report": "Der Fragenbericht ist für das Team und den Administrator: Melden Sie sich mit einem "
                           "Teamkonto an (oder senden Sie das Token eines Teammitglieds oder das Administratorpasswort).",
        "r_staff_only": "Der Fragenbericht ist für das Team und den Administrator: Ihr Konto hat keine Zugriffsgruppe "
                        "über die öffentlichen hinaus.",
        "q_scope": "Ihre Ansicht: die Fragen von Lesern, deren Zugriffsgruppen alle auch Ihre sind ({groups}), die "
                   "nur Dokumente zitieren, die Sie sehen dürfen.",
        "q_bad_since": "„{since}“ ist kein Datum: Schreiben Sie es als JJJJ-MM-TT.",
        "q_summary": "**{questions}**{since}, {distinct}: {answered}, {abstained} ({share} %).",
        "q_questions_one": "{n} Frage", "q_questions_many": "{n} Fragen", "q_distinct_one": "in {n} Formulierung",
        "q_distinct_many": "in {n} verschiedenen Formulierungen", "q_answered_one": "{n} beantwortet",
        "q_answered_many": "{n} beantwortet", "q_abstained_one": "{n} unbeantwortet",
        "q_abstained_many": "{n} unbeantwortet", "q_days_one": "{n} Tag", "q_days_many": "{n} Tage",
        "q_since_day": " seit dem {day}",
        "q_kept": "Fragen werden {days} lang gespeichert, ohne Adresse oder Namen; „{button}“ entfernt die "
                  "Fragen eines Lesers.",
        "q_none_since": "Keine Fragen seit dem {day}.",
        "q_kept_off": "Fragen werden nicht gespeichert (ASSISTANT_KEEP_QUESTIONS=0).",
        "q_none": "Noch keine Fragen gespeichert. Die Seite und die API speichern, was sie gefragt werden, für diesen "
                  "Bericht.",
        "q_by_lang": "Nach Sprache", "q_col_asked": "Gestellt", "q_col_abstained": "Unbeantwortet",
        "q_topics": "Häufigste Themen (jedes nach seiner zentralsten Frage benannt)",
        "q_unanswered": "Was den Dokumenten fehlt: Fragen, die sie nicht beantwortet haben",
        "q_col_topic": "Thema", "q_col_langs": "Sprachen", "q_also": "auch gefragt als: {questions}",
        "q_cited": "Am häufigsten zitierte Dokumente", "q_col_cited": "Zitate",
        "q_plot": "Fragen pro Tag und Sprache; die häufigsten unbeantworteten Gruppen",
        "q_plot_day": "Fragen pro Tag", "q_plot_lang": "Nach Sprache",
        "q_plot_unanswered": "Unbeantwortet, am häufigsten",
        "q_answered": "beantwortet", "q_abstained": "unbeantwortet",
        "q_group": "Gruppe unbeantworteter Fragen", "q_candidates": "Kandidatenfragen für die Evaluation erstellen",
        "q_candidates_file": "Kandidatenfragen für die Evaluation (JSONL)",
        "q_candidates_done": "{n} Kandidatenfragen für die Evaluation aus „{label}“: Prüfen Sie sie, bevor Sie sie "
                             "einem Fragensatz hinzufügen (evals/README.md).",
        "q_pick": "Wählen Sie zuerst eine Gruppe unbeantworteter Fragen (zeigen Sie zuerst den Bericht an).",
    },
}
