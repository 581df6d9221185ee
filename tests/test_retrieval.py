"""Retrieval: lexical tokens, BM25, dense, fusion, filters in every mode, cross-lingual search with the real model."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.lexical import fold, query_terms, tokenize
from assistant.retrieval import MODES, Filters, rrf


def test_tokens_are_stemmed_per_language_and_folded():
    assert tokenize("Les pôles de compétitivité", "fr") == ["pol", "competit"]
    assert tokenize("Klustren och klusterpolitiken", "sv")[0] == "klustr"
    assert fold("Région") == "region"
    assert "2019" in tokenize("en 2019", "fr")


def test_query_terms_union_over_languages():
    terms = query_terms("clusters", ["en", "fr"])
    assert "cluster" in terms


def test_rrf_rewards_agreement_and_respects_weights():
    scores = rrf([["a", "b"], ["b", "c"]], [1.0, 1.0], 60)
    assert max(scores, key=scores.get) == "b"
    only_second = rrf([["a"], ["c"]], [0.0, 1.0], 60)
    assert only_second["c"] > only_second["a"]


@pytest.fixture(scope="module")
def real(tmp_path_factory, e5):
    """The multilingual fixtures ingested once with the real model."""
    from assistant.config import Settings
    from tests.conftest import write_corpus

    root = write_corpus(tmp_path_factory.mktemp("docs"))
    assistant = Assistant(Settings(index_dir=tmp_path_factory.mktemp("ix"), collection="retrieval"), embedder=e5)
    assistant.ingest([root])
    return assistant


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_finds_a_name_lookup(real, mode):
    hits = real.search("i-Trans pôle ferroviaire membres", k=3, mode=mode)
    assert hits[0].doc == "fr/poles-hauts-de-france.txt"


@pytest.mark.parametrize("question,doc", [
    ("Hur många pôles de compétitivité finns i Hauts-de-France?", "fr/poles-hauts-de-france.txt"),
    ("Which clusters does Hamburg support?", "de/hamburg.html"),
    ("Welche Regionen wurden als Modellregionen ausgewählt?", "en/observatory.md"),
    ("Combien de partenaires compte le projet Inno Industry ?", "sv/inno-industry.txt"),
])
def test_cross_lingual_questions_find_the_document(real, question, doc):
    assert real.search(question, k=1, mode="hybrid")[0].doc == doc


@pytest.mark.parametrize("mode", MODES)
def test_filters_apply_in_every_mode(real, mode):
    for hit in real.search("clusters innovation region", k=10, mode=mode, filters=Filters(lang="de")):
        assert hit.meta["lang"] == "de"
    for hit in real.search("clusters innovation region", k=10, mode=mode, filters=Filters(topic="industry 4.0")):
        assert hit.doc == "sv/inno-industry.txt"
    for hit in real.search("clusters", k=10, mode=mode, filters=Filters(doc="en/lapland.pdf")):
        assert hit.doc == "en/lapland.pdf"
    assert all(h.meta["source"].startswith("https://propell")
               for h in real.search("clusters", k=10, mode=mode, filters=Filters(source="propell")))


def test_one_result_per_document(real):
    hits = real.search("clusters", k=10, mode="hybrid", per_doc=True)
    assert len({h.doc for h in hits}) == len(hits) == 5


def test_empty_and_huge_queries(real):
    assert real.search("   ", k=5) == []
    assert len(real.search("cluster " * 2000, k=3, mode="hybrid")) == 3


def test_unknown_mode_is_refused(real):
    with pytest.raises(ValueError, match="unknown search mode"):
        real.search("x", mode="magic")
