"""The admin's Questions report on the JSON API: GET /api/report, the JSON of `assistant report --json`.

Its routes take the API's admin check and reader as given (assistant.ui.rest builds them), so that this module and
that one do not import each other. (No `from __future__ import annotations` here: FastAPI must read the route's
annotations as objects, and they name this module's local dependencies.)"""

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from ..api import Reader
from .common import the_app


def routes(admin: Callable, reader: Callable[..., Reader]) -> APIRouter:
    """The report's route behind the API's admin dependency (`admin`), for the request's reader (`reader`)."""
    router = APIRouter(prefix="/api")

    @router.get("/report", dependencies=[Depends(admin)])
    def report(request: Request, who: Annotated[Reader, Depends(reader)],
               since: Annotated[date | None, Query(description="only questions asked on or after this day "
                                                               "(YYYY-MM-DD, UTC)")] = None) -> dict:
        """What the questions teach (the admin's only: the admin password or an admin's token as a bearer token):
        how many were asked and not answered (`questions`, `abstained`), per day and language, the most asked
        topics and the groups of unanswered questions (`unanswered`: `label`, `count`, `questions`), the verdicts
        on their answers and the documents most cited. Kept questions hold no address or name."""
        return the_app(request).assistant.questions_report(since, reader=who)

    return router
