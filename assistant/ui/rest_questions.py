"""The Questions report on the JSON API: GET /api/report, the JSON of `assistant report --json`, for the admin (every
question) and for staff (the questions of readers within their groups, citing documents they may see); a visitor
gets a 401, a signed-in reader with the public groups only a 403 (assistant.ui.rest_conversations' handlers).

Its route takes the API's reader as given (assistant.ui.rest builds it), so that this module and that one do not
import each other. (No `from __future__ import annotations` here: FastAPI must read the route's annotations as
objects, and they name this module's local dependencies.)"""

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ..api import Reader
from .common import the_app


def routes(reader: Callable[..., Reader]) -> APIRouter:
    """The report's route for the request's reader (`reader`, the API's dependency: a personal token, the admin
    password as a bearer token, or the sign-in cookie)."""
    router = APIRouter(prefix="/api")

    @router.get("/report")
    def report(request: Request, who: Annotated[Reader, Depends(reader)],
               since: Annotated[date | None, Query(description="only questions asked on or after this day "
                                                               "(YYYY-MM-DD, UTC)")] = None) -> dict:
        """What the questions teach, for the admin (the admin password or an admin's token as a bearer token: every
        question) and staff (a staff member's token: the questions of readers whose groups are all theirs too, citing
        only documents they may see; `groups` names them): how many were asked and not answered (`questions`,
        `abstained`), per day and language, the most asked topics and the groups of unanswered questions
        (`unanswered`: `label`, `count`, `questions`), the verdicts on their answers and the documents most cited.
        Kept questions hold no address or name."""
        return the_app(request).assistant.questions_report(since, reader=who)

    return router
