"""Rules as evidence (#29): names across languages, numbers as words, a sentence of the asked kind looked for across
the passages, the answerability model's signals, and no sentence quoted twice. Every sentence here is invented (in
no eval file)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answering.answerability import SIGNALS, probability, signals, unnamed
from assistant.answering.asked import understand
from assistant.answering.compose import cite
from assistant.answering.rules import Evidence, Names, variants
from assistant.answering.sentences import (
    candidates,
    count_words,
    counts_of,
    numbers_in,
    quote_span,
    select,
    with_spellings,
)
from assistant.answering.typed import count_across, seek, sought, states
from assistant.config import Tuning
from assistant.records import Hit


def hit(n: int, text: str, doc: str = "en-fjord.txt") -> Hit:
    return Hit(f"{doc}#{n}", text, 1.0 / (n + 1), {"doc": doc, "title": "Fjord cluster", "lang": "en"})


def scored(cands, scores):
    for cand, score in zip(cands, scores, strict=True):
        cand.score = cand.order = score
    return cands


@pytest.mark.parametrize("asked,written", [("UE", "EU"), ("PIB", "GDP"), ("BIP", "BNP"), ("PME", "SME"), ("KMU", "SMF"),
                                           ("FEDER", "ERDF"), ("EFRE", "ERUF"), ("OnlineS3", "Online S3")])
def test_a_name_written_differently_in_another_language_is_not_missing(asked, written):
    assert written in variants(asked)
    index = {"EU", "GDP", "BNP", "SME", "SMF", "ERDF", "ERUF", "Online S3", "Fjordia"}
    evidence = Evidence([], mentions=lambda text: text in index)
    question = understand(f"Quel est le rôle de {asked} pour Fjordia ?")
    assert Names().check(question, evidence) is None


def test_a_name_split_in_the_question_and_joined_in_the_documents_is_not_missing():
    evidence = Evidence([], mentions=lambda text: text in {"OnlineS3", "Fjordia"})
    assert Names().check(understand("What does Online S3 offer Fjordia?"), evidence) is None


def test_a_name_nowhere_in_any_spelling_is_still_missing():
    evidence = Evidence([], mentions=lambda text: text in {"EU"})
    assert Names().check(understand("What did KestrelNet receive from the EU?"), evidence).missing == ("KestrelNet",)


@pytest.mark.parametrize("text", ["ett projekt med nio partner", "neuf partenaires", "neun Partner",
                                  "nine partners", "9 partners"])
def test_a_count_written_as_a_word_is_a_number(text):
    assert "9" in numbers_in(text)


def test_question_terms_carry_every_languages_spelling():
    assert {"GDP", "BIP", "BNP"} <= set(with_spellings("Quel est le PIB de Fjordia ?").split())


@pytest.mark.parametrize("question,kind", [
    ("Quel est le budget du cluster Fjordia ?", "money"), ("Wie viele Mitglieder hat Fjordia?", "quantity"),
    ("Vem leder Fjordia?", "person"), ("When did Fjordia start?", "date"), ("Wann wurde Fjordia gegründet?", "date"),
    ("Who coordinates Fjordia?", "who"), ("What is Fjordia?", "")])
def test_what_a_question_asks_for(question, kind):
    assert sought(understand(question)) == kind


def test_the_sentence_stating_the_asked_sum_is_quoted_first():
    hits = [hit(0, "The Fjordia cluster links boatyards and sail makers along the coast. It works with the port "
                   "authority on training."),
            hit(1, "For its second phase Fjordia received a budget of 2.5 million euros from the region.")]
    asked = understand("What budget did Fjordia receive?")
    cands = scored(candidates(hits), [0.95, 0.90, 0.88])
    chosen, typed = seek(asked, cands, cands[:2], ["en"], margin=0.1, limit=3)
    assert typed and "2.5 million euros" in chosen[0].text
    assert states("money", chosen[0].text, asked, ["en"])


def test_a_sum_far_below_the_best_sentence_is_not_promoted():
    hits = [hit(0, "The Fjordia cluster links boatyards and sail makers along the coast."),
            hit(1, "An unrelated fund once paid 3 million euros to another region entirely.")]
    cands = scored(candidates(hits), [0.95, 0.70])
    chosen, typed = seek(understand("What budget did Fjordia receive?"), cands, cands[:1], ["en"], 0.1, 3)
    assert not typed and chosen[0] is cands[0]


def test_a_count_in_another_language_is_found_for_a_count_question():
    hits = [hit(0, "Fjordia arbetar med varv och segelmakare längs kusten sedan länge. Klustret samlar nu "
                   "tjugo företag i regionen.", doc="sv-fjord.txt")]
    asked = understand("Combien d'entreprises compte Fjordia ?")
    cands = scored(candidates(hits), [0.95, 0.93])
    chosen, typed = seek(asked, cands, cands[:1], ["fr", "sv"], 0.1, 3)
    assert typed and "tjugo företag" in chosen[0].text


def test_a_count_across_languages_joins_the_quotes_second_and_never_first():
    hits = [hit(0, "Klustret Fjordia arbetar med varv och segelmakare längs kusten. Partnerna delade 30 goda "
                   "exempel från hela Europa.", doc="sv-fjord.txt")]
    cands = scored(candidates(hits), [0.95, 0.82])
    cands[1].counts = cands[1].across = True  # "30 goda exempel" for "bonnes pratiques" (counts_of, across)
    assert [c.text for c in count_across(cands[:1], cands, margin=0.15, limit=3)] == [c.text for c in cands]
    assert count_across(cands[:1], cands, margin=0.1, limit=3) == cands[:1]  # too far below the first quote
    cands[0].counts = True  # a quote that counts it in the question's words: nothing added
    assert count_across(cands[:1], cands, margin=0.15, limit=3) == cands[:1]


def test_signals_name_every_rule_and_the_model_needs_every_weight():
    hits = [hit(0, "Fjordia received a grant of 2 million euros in 2021 from the regional fund.")]
    asked = understand("How much did Fjordia receive in 2019?")
    cands = scored(candidates(hits), [0.9])
    named = signals(asked, cands, cands, hits, ["en"], {"years"}, typed=True, mentions=lambda text: True)
    assert set(named) == set(SIGNALS) and named["years"] == 1.0 and named["amount"] == 0.0
    assert named["unfound"] == 0.0 and named["unnamed"] == 0.0
    with pytest.raises(ValueError, match="refit"):
        probability((0.0,) * (len(SIGNALS) - 1), named)


def test_the_fitted_model_abstains_on_a_year_the_documents_do_not_cover():
    tuning = Tuning()
    hits = [hit(0, "Fjordia received a grant of 2 million euros in 2021 from the regional fund.")]
    asked = understand("How much did Fjordia receive in 2031?")
    cands = scored(candidates(hits), [0.95])
    base = signals(asked, cands, cands, hits, ["en"], set(), True, lambda text: True)
    year = signals(asked, cands, cands, hits, ["en"], {"years"}, True, lambda text: True)
    assert probability(tuning.answerable, year) < probability(tuning.answerable, base)


def test_unnamed_counts_the_question_names_a_passage_lacks():
    asked = understand("Does Fjordia work with Kestrel?")
    assert unnamed(asked, "Fjordia and Kestrel signed an agreement.") == 0.0
    assert unnamed(asked, "Fjordia signed an agreement.") == 0.5


def test_a_sentence_of_two_overlapping_passages_is_quoted_once():
    shared = "Fjordia trains forty apprentices a year in wooden boat building."
    hits = [hit(0, "The cluster began in a harbour town. " + shared), hit(1, shared + " Its school opened later.")]
    cands = candidates(hits)
    chosen = scored([c for c in cands if c.text == shared], [0.95, 0.94])
    quotes = [c.quote for c in cite(chosen, hits, window=True)]
    assert sum(q.count("forty apprentices") for q in quotes) == 1


def test_a_markdown_heading_is_never_quoted():
    hits = [hit(0, "# Article 24\n\nThe Fjordia competitiveness cluster gathers firms, schools and laboratories "
                   "of one territory.\n\n## Section 2\n\nIts members share a research programme on hull design.")]
    cands = candidates(hits)
    assert all("#" not in c.text for c in cands)
    quotes = [c.quote for c in cite(scored(cands, [0.9] * len(cands)), hits, window=True)]
    assert quotes and all("#" not in q for q in quotes)


def test_a_line_that_repeats_the_documents_title_is_never_quoted():
    text = ("Fjord cluster\n\n///Fjord cluster\n2019/03/02|News|\n\n"
            "Fjordia gathers twelve boatyards and two sail makers along the western coast.")
    hits = [Hit("en-fjord.txt#0", text, 1.0, {"doc": "en-fjord.txt", "title": "Fjord cluster (Coastal Hub – News)",
                                                "lang": "en"})]
    assert [c.text for c in candidates(hits)] == [
        "Fjordia gathers twelve boatyards and two sail makers along the western coast."]


def test_a_neighbour_outside_the_chosen_quote_is_chosen_too():
    listing = ("Three pilot harbours were chosen from 31 applications after an open call in 2019, namely Vik "
               "(Norway), Skagen (Denmark), Lysekil (Sweden) and Hel (Poland), each with its own boatyard school "
               "and a team of advisers who visited it twice, once in spring and once in autumn, to meet boat builders, "
               "schools, the port authority and the regional council (see also the first newsletter of the programme).")
    hits = [hit(0, listing + " The harbours received advice from the Fjordia team between 2020 and 2021.")]
    cands = scored(candidates(hits), [0.9, 0.95])
    window = select(cands, 3, 0.1)  # a neighbour inside the chosen sentence's window is left out
    quoted = select(cands, 3, 0.1, lambda c: quote_span(c, hits[c.hit_index], True))
    assert len(window) == 1 and len(quoted) == 2


@pytest.mark.parametrize("question,thing", [("Combien de bonnes pratiques ont été échangées ?", "bonnes pratiques"),
                                            ("How many of the harbours were chosen?", "harbours"),
                                            ("Hur många partner har Fjordia?", "partner")])
def test_the_counted_thing_is_its_first_two_words_that_are_no_function_words(question, thing):
    assert understand(question).thing == thing


def test_what_a_count_counts_stops_at_a_function_word_and_a_year_counts_nothing():
    assert count_words("De delade över 30 goda exempel från hela Europa under 2022 och nio av dem") == {
        "goda exempel"}
    assert count_words("Under två år har partners arbetat. Six model pilot harbours were chosen.") == {
        "år", "model pilot harbours"}


def test_a_count_of_the_thing_in_other_words_is_the_counted_thing(e5):
    hits = [hit(0, "Partnerna delade 30 goda exempel från hela Europa. Projektet varade i fyra år med tre möten.",
                doc="sv-fjord.txt")]
    asked = understand("Combien de bonnes pratiques ont été partagées ?")
    cands = candidates(hits)
    none = np.zeros(len(cands))  # no sentence counts "bonnes pratiques" in the question's words
    assert counts_of(asked, none, cands, e5, across=0.9) == [1.0, 0.0]
    assert counts_of(asked, none, cands, e5, across=0.0) == [0.0, 0.0]


def test_the_documents_themselves_are_no_name_in_any_language():
    assert understand("Was sagen die Dokumente über Fjordia?").weak_names == ("Fjordia",)


def test_a_title_read_from_a_documents_first_sentence_is_still_quoted():
    sentence = "Fjordia supports eight clusters of small firms in the maritime sector."
    hits = [Hit("fjord.txt#0", sentence, 1.0, {"doc": "fjord.txt", "title": sentence, "lang": "en"})]
    assert [c.text for c in candidates(hits)] == [sentence]
