"""Overlapped ingest: documents are parsed in a thread while the model embeds, with the same index as before."""

from __future__ import annotations

import os
import threading
from dataclasses import replace

import numpy as np
import pytest

from assistant.api import Assistant
from assistant.ingest import overlapped


def _index(assistant: Assistant) -> dict[str, tuple[str, np.ndarray]]:
    got = assistant.store.collection.get(include=["documents", "embeddings"])
    return {i: (t, np.asarray(e)) for i, t, e in zip(got["ids"], got["documents"], got["embeddings"], strict=True)}


def test_overlapped_ingest_equals_the_sequential_one(corpus_dir, settings, e5, tmp_path):
    (corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    reports, indexes = [], []
    for overlap in (False, True):
        mine = replace(settings, index_dir=tmp_path / f"index-{overlap}", ingest_overlap=overlap)
        assistant = Assistant(mine, embedder=e5)
        reports.append(assistant.ingest([corpus_dir]))
        indexes.append(_index(assistant))
    sequential, overlapping = reports
    assert sorted(overlapping.indexed) == sorted(sequential.indexed) and len(sequential.indexed) == 5
    assert overlapping.failed == sequential.failed and overlapping.failed[0][0].endswith("broken.pdf")
    assert overlapping.chunks == sequential.chunks
    assert indexes[0].keys() == indexes[1].keys()
    for chunk_id, (text, vector) in indexes[0].items():
        assert indexes[1][chunk_id][0] == text
        assert np.allclose(indexes[1][chunk_id][1], vector, atol=1e-5)


def test_a_failure_while_parsing_reaches_the_writer():
    def items():
        yield "first"
        raise RuntimeError("disk gone while reading")

    got = []
    with pytest.raises(RuntimeError, match="disk gone"):
        for item in overlapped(items()):
            got.append(item)
    assert got == ["first"]


def test_the_parser_stops_when_the_writer_does():
    produced = []

    def items():
        for n in range(1000):
            produced.append(n)
            yield n

    before = threading.active_count()
    for item in overlapped(items(), depth=2):
        if item == 3:
            break
    assert threading.active_count() == before  # the parsing thread has ended
    assert len(produced) <= 3 + 1 + 2 + 1  # consumed, the one in hand, the queue, one waiting to be put


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="threads have their own nice value on Linux only")
def test_only_the_parser_runs_at_the_lowest_priority():
    def priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    mine = priority()

    def items():
        yield priority()

    assert list(overlapped(items())) == [19]  # the parsing thread takes the time the model leaves
    assert priority() == mine  # the thread that embeds keeps its own
