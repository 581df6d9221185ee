"""Quotes ordered by the fusion of four rankings: the linear score, the latent terms shared with the sentence and
with its window, and the titled window's similarity; a model without a sparse head keeps the linear order."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.answering.asked import understand
from assistant.answering.sentences import _ranks, candidates, score_sentences, select
from assistant.config import Tuning
from assistant.records import Hit

PASSAGE = ("Beekeeping on the Øresund coast\n\nThe cooperative was founded by six families. Its hives stand on "
           "the cliffs above the harbour. Each summer the cooperative harvests about 4,300 kilograms of heather "
           "honey. The honey is sold in the market hall on Saturdays.")
QUESTION = "Combien de kilos de miel la coopérative récolte-t-elle chaque été ?"


class DenseOnly:
    """The real model without its sparse head (as a sentence-transformers model would be)."""

    def __init__(self, e5) -> None:
        self.name, self.dim = e5.name, e5.dim
        self.passages, self.query = e5.passages, e5.query


def scored(embedder, tuning: Tuning):
    hits = [Hit("bees.txt#0", PASSAGE, 1.0, {"doc": "bees.txt", "title": "Beekeeping on the Øresund coast",
                                             "lang": "en"})]
    cands = candidates(hits)
    score_sentences(understand(QUESTION), embedder.query(QUESTION), cands, hits, embedder, ["fr", "en"], tuning)
    return cands


def test_ranks_count_from_the_highest_value():
    assert _ranks(np.array([0.2, 0.9, 0.5])).tolist() == [2.0, 0.0, 1.0]


def test_fused_order_puts_the_sentence_that_states_the_fact_first(e5):
    cands = scored(e5, Tuning())
    first = select(cands, 3, None)[0]
    assert "4,300 kilograms" in first.text
    assert all(c.order > 0 for c in cands)  # a fused rank score, not the linear one
    assert len({round(c.score, 6) for c in cands}) == len(cands)


def test_without_a_sparse_head_the_linear_score_orders_the_sentences(e5):
    cands = scored(DenseOnly(e5), Tuning())
    assert [c.order for c in cands] == [c.score for c in cands]
    linear = scored(e5, replace(Tuning(), fusion=False))
    assert [round(c.score, 5) for c in cands] == [round(c.score, 5) for c in linear]
