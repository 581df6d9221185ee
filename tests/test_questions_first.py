"""Questions first (#30 item 3): while an ingest runs in the same process, a question's embedding and answer go
before the ingest's next embedding batch. Threads and events only: the order is checked, never a duration
(the latencies are benchmarks/load.py --background-ingest's)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.priority import SLICE, QuestionsFirst
from tests.fakes import HashEmbedder

SECONDS = 60  # the most any step may wait for another thread before the test fails (never reached when it passes)


class HeldEmbedder(HashEmbedder):
    """The fake embedder, logging who embeds what; the ingest's first batch and the first question's embedding
    each wait for the test to let them go."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.batch_started, self.batch_go = threading.Event(), threading.Event()
        self.asked, self.answer_go = threading.Event(), threading.Event()
        self.holding = False  # set once the index has its first document: the holds are for the second ingest

    def passages(self, texts: list[str]):
        if threading.current_thread().name == "background-ingest":
            self.log.append("batch")
            if self.holding and not self.batch_started.is_set():
                self.batch_started.set()
                assert self.batch_go.wait(SECONDS)
        return super().passages(texts)

    def query(self, text: str):
        if self.holding and not self.asked.is_set():
            self.log.append("question embedded")
            self.asked.set()
            assert self.answer_go.wait(SECONDS)
        return super().query(text)


def until(condition, what: str) -> None:
    """Wait for another thread to reach a state (polling; a failure names the state never reached)."""
    deadline = time.monotonic() + SECONDS
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def long_documents(folder: Path, count: int) -> Path:
    """Documents of several embedding batches each."""
    folder.mkdir(parents=True)
    for i in range(count):
        text = "\n\n".join(f"Region {i} funds programme {j} for cluster managers and regional innovation in small "
                           f"firms, with training and exports." for j in range(60))
        (folder / f"region-{i}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("enabled", [True, False])
def test_a_question_during_an_ingest_batch_is_answered_before_the_next_batch(tmp_path, enabled):
    embedder = HeldEmbedder()
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="first"), embedder=embedder)
    assistant.gate = QuestionsFirst(enabled=enabled, longest=None)
    first = tmp_path / "first"
    first.mkdir()
    (first / "malta.txt").write_text("Malta supports eight clusters of small firms.", encoding="utf-8")
    assistant.ingest([first])
    embedder.holding, embedder.log[:] = True, []
    ingest = threading.Thread(target=assistant.ingest, args=([long_documents(tmp_path / "more", 2)],),
                              name="background-ingest")
    ingest.start()
    assert embedder.batch_started.wait(SECONDS)  # the ingest's first batch is in the model

    def question() -> None:
        answer = assistant.ask("How many clusters does Malta support?")
        embedder.log.append("answered" if answer.text else "no answer")

    asking = threading.Thread(target=question, name="question")
    asking.start()
    assert embedder.asked.wait(SECONDS)  # the question is embedding while the batch is still in the model
    embedder.batch_go.set()  # the batch in flight ends; what comes next: the question's answer, or the next batch?
    if enabled:
        until(lambda: assistant.gate.waiting == 1, "the ingest did not wait for the question")
    else:
        until(lambda: embedder.log.count("batch") >= 2, "the ingest stopped without the gate")
    embedder.answer_go.set()
    asking.join(SECONDS)
    ingest.join(SECONDS)
    answered = embedder.log.index("answered")
    second_batch = [i for i, entry in enumerate(embedder.log) if entry == "batch"][1]
    assert embedder.log[:2] == ["batch", "question embedded"]
    assert (answered < second_batch) is enabled
    assert len(assistant.documents()) == 3 and assistant.gate.waits == int(enabled)


def test_the_ingest_embeds_in_small_batches_while_the_gate_is_on(tmp_path):
    sizes: list[int] = []

    class Counting(HashEmbedder):
        def passages(self, texts):
            sizes.append(len(texts))
            return super().passages(texts)

    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="first", embed_batch=16),
                          embedder=Counting())
    assistant.ingest([long_documents(tmp_path / "docs", 1)])
    assert max(sizes) == SLICE and sum(sizes) == assistant.stats()["chunks"]


def test_a_steady_stream_of_questions_does_not_stop_the_ingest_for_good():
    gate = QuestionsFirst(longest=0.0)
    with gate.question():
        gate.turn()  # returns: one batch goes through after `longest` seconds of questions
    assert gate.waits == 1 and gate.waiting == 0


def test_the_gate_waits_only_while_a_question_is_being_answered():
    gate = QuestionsFirst(longest=None)
    gate.turn()  # no question: no wait
    passed = threading.Event()
    with gate.question(), gate.question():  # nested (an answer's own searches): still one question
        waiter = threading.Thread(target=lambda: (gate.turn(), passed.set()))
        waiter.start()
        until(lambda: gate.waiting == 1, "the batch did not wait")
        assert not passed.is_set()
    waiter.join(SECONDS)
    assert passed.is_set() and gate.waits == 1


def test_the_switch_turns_the_gate_off(monkeypatch):
    monkeypatch.setenv("ASSISTANT_QUESTIONS_FIRST", "0")
    gate = QuestionsFirst.from_env()
    assert not gate.enabled and gate.slice is None
    with gate.question():
        gate.turn()  # off: never waits
    monkeypatch.delenv("ASSISTANT_QUESTIONS_FIRST")
    assert QuestionsFirst.from_env().enabled
