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


def test_tracking_parameters_are_removed_from_addresses():
    text = "See https://x.org/a?utm_source=t&id=3 and https://y.org/?fbclid=abc"
    assert clean_text(text) == "See https://x.org/a?id=3 and https://y.org/"


def test_nfc_and_invisible_characters():
    decomposed = "re\u0301gion\u200b du\u202enord"
    assert clean_text(decomposed) == "région dunord"


def test_pdf_hyphenation_and_line_reflow():
    text = "Die Digitali-\nsierung der\nIndustrie ist wichtig.\n\nNeuer Absatz"
    assert clean_text(text, "pdf") == "Die Digitalisierung der Industrie ist wichtig.\n\nNeuer Absatz"


def test_hyphen_before_a_capital_is_kept_in_pdf():
    assert clean_text("Nord-\nPas de Calais", "pdf") == "Nord- Pas de Calais"
