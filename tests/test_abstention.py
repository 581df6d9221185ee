"""Abstention when the question's constraints are not met — on questions that are in no eval file (real model)."""

from __future__ import annotations

import pytest

from assistant.answering.asked import name_parts
from assistant.answering.rules import person_names
from assistant.api import Assistant
from assistant.config import Settings
from tests.conftest import write_corpus


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, e5):
    settings = Settings(index_dir=tmp_path_factory.mktemp("ix"), collection="abstain")
    assistant = Assistant(settings, embedder=e5)
    docs = write_corpus(tmp_path_factory.mktemp("docs"))
    (docs / "en" / "robotics-hub.txt").write_text(ROBOTICS_HUB, encoding="utf-8")
    assistant.ingest([docs])
    return assistant


ROBOTICS_HUB = (
    "The Nordic Robotics Hub\n\n"
    "The Nordic Robotics Hub was founded in Luleå in 2018 by four universities and a steel company. "
    "Its board is chaired by Maria Lindqvist, a former process engineer, and the hub employs eleven people.\n\n"
    "The hub runs a test bed for welding robots and a summer school on machine vision."
)


def test_names_split_into_strong_and_weak_parts():
    strong, weak = name_parts("Wie viele Mitglieder hat das Netzwerk BioPro in Baden-Württemberg laut EDIH-S3?")
    assert {"BioPro", "EDIH", "S3"} <= set(strong)
    assert "Baden" in weak and "Wie" not in weak + strong


@pytest.mark.parametrize(("question", "missing", "opening"), [
    ("How many members does the NordWood network have?", "NordWood", "The documents do not mention NordWood."),
    # a question about who holds a role, answered by no quote that names a person
    ("Qui préside le pôle i-Trans ?", "la personne demandée",
     "Les documents ne mentionnent pas la personne demandée."),
])
def test_what_the_documents_lack_is_named_in_the_abstention(assistant, question, missing, opening):
    answer = assistant.ask(question)
    assert answer.abstained and answer.missing == [missing] and not answer.citations
    assert answer.text.startswith(opening)
    assert answer.confidence == 0.0 and answer.passages


def test_a_year_no_passage_holds_abstains(assistant):
    answer = assistant.ask("Combien de membres réunissait le pôle i-Trans en 2031 ?")
    assert answer.abstained and "2031" in answer.missing
    assert answer.text.startswith("Les documents ne mentionnent pas 2031.")


def test_a_quantity_answer_must_state_a_number():
    from assistant.answering.sentences import states_a_number

    assert states_a_number("Projektet har nio partners.") and states_a_number("a budget of 2.4 million euros")
    assert not states_a_number("The pole works on sea food and coastal tourism.")


def test_the_same_question_with_its_constraints_met_is_answered(assistant):
    answer = assistant.ask("Combien de membres réunit le pôle i-Trans ?")
    assert not answer.abstained and any("180 membres" in c.quote for c in answer.citations)
    assert 0.0 < answer.confidence < 1.0


def test_an_abstention_lists_each_nearest_document_once(assistant):
    answer = assistant.ask("Vem grundade NordWood-nätverket?")
    listed = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert answer.abstained and len(listed) == len(set(listed)) >= 1
    assert "Dokumenten nämner inte" in answer.text


def test_a_money_question_whose_best_quote_states_no_sum_abstains(assistant):
    answer = assistant.ask("What was the total budget of the Inno Industry project?")
    assert answer.abstained and answer.missing == ["an amount"] and not answer.citations
    assert answer.text.startswith("The documents do not mention an amount.")
    assert answer.confidence == 0.0 and any(h.doc == "sv/inno-industry.txt" for h in answer.passages)


@pytest.mark.parametrize(("question", "amount"), [
    ("Quel était le budget du programme Arctic Smartness ?", "2.4 million euros"),
    ("Wie viel Geld verteilt die Hamburger Behörde jährlich an Projekte?", "5 Millionen Euro"),
])
def test_a_money_question_is_answered_when_a_quote_states_the_sum(assistant, question, amount):
    answer = assistant.ask(question)
    assert not answer.abstained and amount in answer.citations[0].quote


def test_what_asks_for_money_and_what_states_it():
    import re

    from assistant.languages import AMOUNT, MONEY_QUESTION

    asks = ["Hur mycket pengar fick klustret?", "Combien coûte le programme ?", "Which funding did the hub get?",
            "Wie hoch ist das Budget?", "¿Cuánto dinero recibió el clúster?"]
    other = ["Which hubs were funded by the region?", "Who leads Nord Invest?", "How many members does it have?"]
    assert all(re.search(MONEY_QUESTION, q, re.I) for q in asks)
    assert not any(re.search(MONEY_QUESTION, q, re.I) for q in other)
    assert all(re.search(AMOUNT, s, re.I) for s in ["12 millions d'euros", "SEK 40 m", "€3.5m", "EUR 200 000"])
    assert not re.search(AMOUNT, "The project has nine partners from seven countries.", re.I)


def test_the_role_question_is_answered_when_the_quote_names_the_person(assistant):
    answer = assistant.ask("Who chairs the board of the Nordic Robotics Hub?")
    assert not answer.abstained and "Maria Lindqvist" in answer.citations[0].quote


def test_what_asks_for_a_person_and_what_names_one():
    import re

    from assistant.languages import PERSON_QUESTION

    asks = ["Who is the president of the cluster?", "Qui dirige l'agence ?", "Vem är ordförande i föreningen?",
            "Wer leitet das Kompetenzzentrum?", "Kuka on liiton puheenjohtaja?", "Quem é o diretor do polo?",
            "¿Quién preside la asociación?", "Geschäftsführer der Agentur?"]
    other = ["Who funds the hub?", "What does the director's report say?", "Vem äger bolaget?",
             "How many members does the board have?"]
    assert all(re.search(PERSON_QUESTION, q, re.I) for q in asks)
    assert not any(re.search(PERSON_QUESTION, q, re.I) for q in other)
    question = "Who was the director of the Baltic Wood Agency before Peter Holm?"
    assert person_names("Peter Holm heads the Baltic Wood Agency since May.", question) == []
    assert person_names("The agency was founded by Stora Timber Oy in Turku.", question) == []
    assert person_names("Before him, Dr Anna Varga led the agency.", question) == ["Dr Anna Varga"]
