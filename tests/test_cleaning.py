"""Cleaning by general rules."""

from assistant.cleaning import clean_text, is_boilerplate


def test_furniture_lines_are_dropped():
    text = ("fbpx\nTranslated by Google Translate\nShare on LinkedIn\nPartager\n"
            "This website uses cookies to improve your experience.\nHome > News > Clusters\n"
            "Skip to content\nClusters matter.")
    assert clean_text(text) == "Clusters matter."


def test_content_mentioning_cookies_at_length_is_kept():
    line = "Cookies " + "are part of a long sentence about bakery clusters in Normandy and their exports. " * 4
    assert not is_boilerplate(line)


def test_question_marks_ampersands_and_addresses_are_kept_as_written():
    text = ("What is the Nordic Robotics Hub?\nResearch & Development & Testing?\n"
            "See https://x.org/a?utm_source=t&id=3 and https://y.org/? & more")
    assert clean_text(text) == text


def test_nfc_and_invisible_characters():
    decomposed = "re\u0301gion\u200b du\u202enord"
    assert clean_text(decomposed) == "région dunord"


def test_pdf_hyphenation_and_line_reflow():
    text = "Die Digitali-\nsierung der\nIndustrie ist wichtig.\n\nNeuer Absatz"
    assert clean_text(text, "pdf") == "Die Digitalisierung der Industrie ist wichtig.\n\nNeuer Absatz"


def test_hyphen_before_a_capital_is_kept_in_pdf():
    assert clean_text("Nord-\nPas de Calais", "pdf") == "Nord- Pas de Calais"


def test_sharing_newsletter_and_credit_lines_are_dropped_in_every_language():
    furniture = [
        "Vous aimez ? Partagez l'info… Share on Facebook", "Tweet about this on Twitter", "Gefällt mir · Teilen auf X",
        "Abonnez-vous à notre lettre d'information", "Prenumerera på vårt nyhetsbrev", "Tilaa uutiskirje tästä",
        "Temps de lecture estimé : 4 minutes", "Lesezeit: 3 Minuten", "Foto: © Jana Berg / bildwerk.example",
        "Bildrechte: www.example.org", "Crédit photo : Région Bretagne",
    ]
    body = "Le pôle réunit 240 adhérents, dont 180 PME."
    assert clean_text("\n".join([*furniture, body])) == body


def test_sentences_that_only_mention_sharing_or_newsletters_stay():
    kept = ["Partners share good practices on cluster internationalisation.",
            "The cluster publishes a quarterly newsletter for its 120 members.",
            "Le photographe a exposé ses images lors du salon."]
    for line in kept:
        assert not is_boilerplate(line), line
