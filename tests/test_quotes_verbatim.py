"""Text quoted as written: cleaning changes nothing inside a line but whitespace, so every sentence the index holds
stands verbatim in the extracted source; a heading or date line is a unit of its own, never the start of a quote.

The sentences here are invented for these tests (none is in an eval file)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answering.sentences import candidates, quote_span
from assistant.chunking import sentence_spans, title_lines
from assistant.cleaning import clean_text, heading_line, is_date
from assistant.evaluation import verbatim_form
from assistant.records import Hit
from tests.conftest import ROOT

WORDS = st.sampled_from(["cluster", "Research", "&", "Development", "R&D", "SMEs", "what", "is", "the", "Hub",
                         "grant?", "budget", "€", "2,4", "M€", "Nordic", "Robotics", "é", "ö", "Q&A", "(see", "notes)",
                         "https://example.org/a?utm_source=x&id=3", "https://e.example/?", "x&y", "?", "&", "#", "-"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join).map(lambda s: s + st_end(s))
HEADING = st.lists(st.sampled_from(["What", "is", "the", "Nordic", "Robotics", "Hub", "Grants", "&", "Funding"]),
                   min_size=1, max_size=6).map(" ".join)
DATE = st.sampled_from(["martes, 4 de marzo de 2025", "12.03.2024", "March 3, 2021", "27. Juni 2023"])


def st_end(text: str) -> str:
    """A sentence's end mark, chosen by its length (deterministic, so shrinking stays simple)."""
    return (".", "?", "!", "")[len(text) % 4]


def lines_strategy():
    """Lines of generated text: sentences, headings and dates, with odd spacing."""
    furniture = st.sampled_from(["Share on Facebook", "Skip to content", "Tweet", "Read more"])  # dropped lines
    line = st.one_of(SENTENCE, HEADING, DATE, furniture, st.lists(SENTENCE, min_size=2, max_size=4).map(" ".join))
    return st.lists(st.tuples(line, st.sampled_from(["\n", "\n\n", "  \n", "\n \n"])), min_size=1, max_size=12)


def sentences_of(text: str) -> list[str]:
    """Every sentence the chunker finds in a text."""
    return [text[s:e] for s, e, _ in sentence_spans(text)]


@settings(max_examples=300, deadline=None)
@given(lines_strategy())
def test_every_cleaned_sentence_stands_verbatim_in_the_source(lines):
    source = "".join(text + gap for text, gap in lines)
    for doctype in ("text", "html", "markdown"):
        cleaned = clean_text(source, doctype)
        for sentence in sentences_of(cleaned):
            assert verbatim_form(sentence) in verbatim_form(source), (sentence, source)
        hit = Hit(chunk_id="c", text=cleaned, score=1.0, meta={"doc": "d.txt"})
        for cand in candidates([hit]):  # a quote with its neighbours never joins lines a dropped line stood between
            start, end = quote_span(cand, hit, window=True)
            assert verbatim_form(cleaned[start:end]) in verbatim_form(source), (cleaned[start:end], source)


def test_the_seeds_are_quoted_as_written():
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        for sentence in sentences_of(clean_text(source)):
            assert verbatim_form(sentence) in verbatim_form(source), (path.name, sentence)


def test_question_marks_and_ampersands_stay():
    text = "What is the Nordic Robotics Hub?\nIt funds Research & Development & testing? Yes & no."
    assert clean_text(text) == text


def test_a_pdf_heading_or_date_line_keeps_its_own_line():
    body = ("The Nordic Robotics Hub brings together forty firms from three countries and runs\n"
            "a joint testing programme for warehouse robots with an annual budget of two million\n"
            "euros, shared between the partner regions according to their number of members.")
    page = f"Tuesday, 4 March 2025\nAbout the Nordic Robotics Hub\n{body}"
    cleaned = clean_text(page, "pdf")
    assert cleaned.split("\n")[:2] == ["Tuesday, 4 March 2025", "About the Nordic Robotics Hub"]
    assert "runs a joint testing programme" in cleaned  # the body's own line breaks are still reflowed


def test_what_is_a_heading():
    assert heading_line("About the Nordic Robotics Hub") and heading_line("martes, 4 de marzo de 2025")
    assert not heading_line("The hub was founded in 2019.") and not heading_line("• academics and researchers")
    assert is_date("12.03.2024") and not is_date("The hub opened on 12.03.2024 with ten members.")
    text = "About the hub\nThe hub has forty members.\nMembers 40\nFirms 12"
    spans = [(s, e) for s, e, _ in sentence_spans(text)]
    assert title_lines(text, spans) == [True, False, False, False]  # a list of unpunctuated facts is no title


def test_a_quote_never_starts_with_a_heading_or_date():
    passage = ("Tuesday, 4 March 2025\n\nWhat is the Nordic Robotics Hub\n\n"
               "The Nordic Robotics Hub is a network of forty robotics firms in three countries. "
               "It runs a joint testing programme for warehouse robots.")
    hit = Hit(chunk_id="c1", text=passage, score=1.0, meta={"doc": "hub.txt"})
    cands = candidates([hit])
    assert cands and all(not c.text.startswith(("Tuesday", "What is")) for c in cands)
    for cand in cands:
        start, end = quote_span(cand, hit, window=True)
        assert passage[start:end].startswith("The Nordic Robotics Hub") or passage[start:end].startswith("It runs")


def test_the_readme_example_document_is_not_changed_inside_a_line():
    source = Path(ROOT / "corpus" / "en-six-model-demonstrator-regions.txt").read_text(encoding="utf-8")
    cleaned_lines = {line.strip() for line in clean_text(source).split("\n") if line.strip()}
    source_lines = {" ".join(line.split()) for line in source.split("\n")}
    assert cleaned_lines <= source_lines


def test_a_quote_that_stops_inside_a_sentence_is_marked_as_cut():
    from assistant.answering.compose import stops_mid_sentence

    passage = ("The harbour board meets twice a year.\nOpening hours\nThe board invites the ferry owners, "
               "who share their plans for the winter as a source of inspiration to improve the")
    assert stops_mid_sentence("who share their plans for the winter as a source of inspiration to improve the",
                              passage)  # the passage was cut there
    assert stops_mid_sentence("The board invites the ferry owners,", passage)  # the sentence goes on
    assert not stops_mid_sentence("The harbour board meets twice a year.", passage)
    assert not stops_mid_sentence("Opening hours", passage)  # a line of its own
    assert not stops_mid_sentence("not in it", passage)
