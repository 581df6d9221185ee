"""Questions first: while an ingest runs in the same process, a question's embedding and answer go before the
ingest's next embedding batch.

The question and the ingest share one model and the machine's cores: side by side, each model pass of a question
waits behind the ingest's (answers took 7-55 s in the browser during the app's start-up indexing). The ingest's
embedding loop takes a turn before each small batch (`SLICE` passages) and waits while any question is being
answered, so that a question waits for one small batch in flight at most. A stream of questions does not stop the
ingest for good: after `LONGEST` seconds of waiting it embeds one batch anyway.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

# Passages the ingest embeds between two turns: the model's time per passage is about the same in batches of 1, 4 or
# 16 (0.41-0.45 s each on 2 busy cores), and one batch in flight is what a question may have to wait for (4 gave
# /ask p95 5.3-5.6 s during the start-up ingest on a loaded machine, BENCHMARKS.md "Questions first").
SLICE = 2
# The longest an ingest batch waits for questions (under a steady stream of them, one batch goes through each time).
LONGEST = 10.0
SWITCH = "ASSISTANT_QUESTIONS_FIRST"  # 0 turns the gate off (the before of benchmarks/load.py --background-ingest)


class QuestionsFirst:
    """The gate between questions and an ingest's embedding batches in one process."""

    def __init__(self, enabled: bool = True, longest: float | None = LONGEST) -> None:
        self.enabled = enabled
        self.longest = longest  # None: wait as long as questions come (tests hold the ingest with a question)
        self._turns = threading.Condition()
        self._asking = 0  # questions being answered now (nested calls of one question count again: harmless)
        self.waiting = 0  # ingest loops waiting for their turn now
        self.waits = 0  # turns that had to wait, since the start

    @classmethod
    def from_env(cls) -> QuestionsFirst:
        """The gate, on unless ASSISTANT_QUESTIONS_FIRST=0."""
        return cls(enabled=os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"})

    @property
    def slice(self) -> int | None:
        """Passages per embedding batch while the gate is on (None: the ingest's own batch size)."""
        return SLICE if self.enabled else None

    @contextmanager
    def question(self) -> Iterator[None]:
        """Hold the ingest's next batches while a question is being answered."""
        with self._turns:
            self._asking += 1
        try:
            yield
        finally:
            with self._turns:
                self._asking -= 1
                if not self._asking:
                    self._turns.notify_all()

    def turn(self) -> None:
        """Called by an ingest before each embedding batch: return once no question is being answered (or after
        `longest` seconds)."""
        if not self.enabled:
            return
        with self._turns:
            if not self._asking:
                return
            self.waits += 1
            self.waiting += 1
            try:
                if not self._turns.wait_for(lambda: not self._asking, timeout=self.longest):
                    log.debug("questions kept coming for %.0f s: one ingest batch goes through", self.longest)
            finally:
                self.waiting -= 1

    def sliced(self, count: int, batch: int) -> Iterator[tuple[int, int]]:
        """The (start, end) of each embedding batch over `count` texts, a turn taken before each."""
        size = min(batch, self.slice or batch)
        for start in range(0, count, size):
            self.turn()
            yield start, min(start + size, count)
