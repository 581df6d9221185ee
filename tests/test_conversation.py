"""Follow-ups made to stand alone, and the asker's language — on questions that are in no eval file."""

from __future__ import annotations

import pytest

from assistant.conversation import question_language, standalone_question

PREVIOUS = [("How many members does the Wood Cluster of Galicia have?", "…")]


@pytest.mark.parametrize(("question", "history", "expected"), [
    # ellipsis: the new place or year takes the old one's slot
    ("and in Portugal?", [("How many furniture clusters are there in Spain?", "…")],
     "How many furniture clusters are there in Portugal?"),
    ("Och i Norrbotten?", [("Hur många kluster finns i Västerbotten?", "…")], "Hur många kluster finns i Norrbotten?"),
    ("Et en 2012 ?", [("Combien d'entreprises le pôle Mer Bretagne comptait-il en 2009 ?", "…")],
     "Combien d'entreprises le pôle Mer Bretagne comptait-il en 2012?"),
    # pronouns point back to the previous subject
    ("Who chairs it?", PREVIOUS, "Who chairs Wood Cluster of Galicia?"),
    ("Wer finanziert ihn?", [("Was ist der Fonds Bayern Kapital?", "…")], "Wer finanziert Fonds Bayern Kapital?"),
    # a new aspect of the same subject replaces the question part
    ("Et quel est son budget ?", PREVIOUS, "Quel est Wood Cluster of Galicia budget ?"),
    ("And what does it cost?", [("What is the Textile Lab Prato?", "…")], "What does Textile Lab Prato cost?"),
])
def test_follow_ups_are_rewritten(question, history, expected):
    assert standalone_question(question, history) == expected


@pytest.mark.parametrize("question", [
    "What is Tillväxtverket?",
    "E-commerce clusters in Portugal?",
    "Eco-innovation hubs in Lisbon?",
    "Welche Rolle spielt die IHK Nürnberg für Cluster?",
    "Combien de start-up accompagne Euratechnologies ?",
])
def test_complete_questions_are_never_rewritten(question):
    assert standalone_question(question, PREVIOUS) == question


def test_an_earlier_follow_up_is_resolved_first():
    history = [("How many clusters are there in Austria?", "…"), ("and in Slovenia?", "…")]
    assert standalone_question("and in 2015?", history) == "How many clusters are there in Slovenia in 2015?"


@pytest.mark.parametrize(("question", "lang"), [
    ("Vem leder det?", "sv"), ("Hur många partner?", "sv"), ("Qui finance le pôle ?", "fr"),
    ("Wer leitet es?", "de"), ("Kuka johtaa hanketta?", "fi"), ("Quantos parceiros?", "pt"),
])
def test_short_questions_get_their_language(question, lang):
    assert question_language(question) == lang


@pytest.mark.parametrize(("question", "lang"), [
    ("Vem grundade Nordic Robotics Hub?", "sv"), ("Wann startete Baltic Maker Lab?", "de"),
    ("Malmös andel kvinnor?", "sv"), ("Lyon financement régional ?", "fr"),
    ("Porto Digital Hub founding year?", "en"),
])
def test_names_do_not_decide_the_language(question, lang):
    """An opening question word of one language, or the lower-case words, outweigh names in any place."""
    assert question_language(question) == lang


def test_a_cue_decides_the_language_of_a_follow_up():
    assert question_language("Och Tyskland?", [("How many clusters in France?", "…")]) == "sv"


def test_cli_ask_previous_and_chat(tmp_path, e5):
    import json
    import subprocess
    import sys

    from assistant.api import Assistant
    from assistant.config import Settings
    from tests.conftest import ROOT, write_corpus

    index = tmp_path / "ix"
    Assistant(Settings(index_dir=index), embedder=e5).ingest([write_corpus(tmp_path / "docs")])
    run = [sys.executable, "-m", "assistant"]
    asked = subprocess.run([*run, "ask", "and in Lapland?", "--previous", "How many clusters are there in Hamburg?",
                            "--json", "--index", str(index)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert asked.returncode == 0, asked.stderr
    data = json.loads(asked.stdout)
    assert data["standalone"] == "How many clusters are there in Lapland?"
    assert "en/lapland.pdf" in {c["doc"] for c in data["citations"]}
    conversation = "Wie viele Cluster fördert Hamburg?\nUnd in Lappland?\n\n"
    chat = subprocess.run([*run, "chat", "--index", str(index)], input=conversation, capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.count("Laut den Quellen:") + chat.stdout.count("Die nächsten Passagen") == 2
    assert "(Verstanden als: Wie viele Cluster fördert Lappland?)" in chat.stderr  # labelled in her language
    empty = subprocess.run([*run, "ask", "  ", "--index", str(index)], capture_output=True, text=True, cwd=ROOT)
    assert empty.returncode == 2 and "empty" in empty.stderr


@pytest.mark.parametrize(("question", "previous", "expected"), [
    # #29: rewrites a reader can read — a link word, a possessive, a qualifying name moved to a place slot
    ("Et combien de partenaires ?", "Qu'est-ce que le pôle Aqua Valley ?", "Combien de partenaires pour Aqua Valley?"),
    ("When did its pilot phase end?", "What is the Baltic Wood Agency?",
     "When did Baltic Wood Agency's pilot phase end?"),
    ("And in Norway?", "Which Danish port joined the Blue Harbour network?",
     "Which port joined the Blue Harbour network in Norway?"),
    ("Och när öppnade dess kontor?", "Vad gör Tornedalens Innovationshus?",
     "När öppnade Tornedalens Innovationshus kontor?"),
])
def test_follow_ups_are_rewritten_into_readable_questions(question, previous, expected):
    assert standalone_question(question, [(previous, "…")]) == expected


def test_a_whole_question_after_a_cue_is_not_a_slot_to_fill():
    question = "Och sedan när finansierar landskapet de regionala hubbarna Polar Makers och Fjällhub?"
    assert standalone_question(question, [("Vem samordnar Baltic Wood Agency?", "…")]) == question


@pytest.mark.parametrize("question", ["Was ist Polar Makers?", "Was macht die Baltic Wood Agency?"])
def test_a_german_first_question_is_german(question):
    """'Was' is an English word too: 'ist' or 'macht' (German only) settles it."""
    assert question_language(question) == "de"
