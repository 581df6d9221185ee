"""Abstention when the question's constraints are not met — on questions that are in no eval file (real model)."""

from __future__ import annotations

import pytest

from assistant.answer import name_parts
from assistant.api import Assistant
from assistant.config import Settings
from tests.conftest import write_corpus


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, e5):
    settings = Settings(index_dir=tmp_path_factory.mktemp("ix"), collection="abstain")
    assistant = Assistant(settings, embedder=e5)
    assistant.ingest([write_corpus(tmp_path_factory.mktemp("docs"))])
    return assistant


def test_names_split_into_strong_and_weak_parts():
    strong, weak = name_parts("Wie viele Mitglieder hat das Netzwerk BioPro in Baden-Württemberg laut EDIH-S3?")
    assert {"BioPro", "EDIH", "S3"} <= set(strong)
    assert "Baden" in weak and "Wie" not in weak + strong


def test_an_entity_the_index_does_not_hold_is_named_in_the_abstention(assistant):
    answer = assistant.ask("How many members does the NordWood network have?")
    assert answer.abstained and answer.missing == ["NordWood"] and not answer.citations
    assert answer.text.startswith("The documents do not mention NordWood.")
    assert answer.confidence == 0.0 and answer.passages


def test_a_year_no_passage_holds_abstains(assistant):
    answer = assistant.ask("Combien de membres réunissait le pôle i-Trans en 2031 ?")
    assert answer.abstained and "2031" in answer.missing
    assert answer.text.startswith("Les documents ne mentionnent pas 2031.")


def test_a_quantity_answer_must_state_a_number():
    from assistant.answer import states_a_number

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
