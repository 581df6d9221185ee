"""A signed-in reader's kept conversations on the JSON API (/api/conversations…), the permalinks to one answer
(/api/share/TOKEN as JSON, /share/TOKEN as a read-only page) and their refusals' statuses, said in the reader's
language: another reader's conversation is a 404 like one never made (an id is no oracle), an anonymous reader gets
a 401 that says to sign in.

Its routes take the API's reader as given (assistant.ui.rest builds it), so that this module and that one do not
import each other. (No `from __future__ import annotations` here: FastAPI must read the routes' annotations as
objects, and they name this module's local dependencies.)"""

import json
import re
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, StringConstraints

from ..api import MAX_ID, MAX_TITLE, MAX_TURNS, Reader
from ..errors import NotFound, SignInNeeded, StaffOnly, TooMany
from . import share
from .common import refusal, request_lang, the_app
from .rest_errors import refuse
from .texts import ui_text

ID_PATTERN = r"^[A-Za-z0-9_-]+$"  # a conversation id or a permalink token (secrets.token_urlsafe)
Id = Annotated[str, Path(min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]
Lang = Annotated[str, Query(max_length=8)]


class RenameBody(BaseModel):
    """A conversation's new title (one line; longer ones are cut to MAX_TITLE characters)."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE * 4)]


class ShareBody(BaseModel):
    """Which turn of the conversation the permalink shows (1: its first question)."""

    turn: int = Field(ge=1, le=MAX_TURNS)


def routes(reader: Callable[..., Reader]) -> APIRouter:
    """The conversations' and permalinks' routes for the request's reader (`reader`, the API's dependency)."""
    router = APIRouter()
    Reading = Annotated[Reader, Depends(reader)]

    @router.get("/api/conversations")
    def conversations(request: Request, who: Reading) -> list[dict]:
        """The signed-in reader's kept conversations, the latest first: `id`, `title`, `created`, `updated`,
        `turns`. Anonymous readers keep none on the server (401)."""
        return the_app(request).assistant.conversations(reader=who)

    @router.delete("/api/conversations")
    def delete_all(request: Request, who: Reading) -> dict:
        """Delete every conversation and permalink of the reader, and their questions from the Questions report."""
        return {"deleted": the_app(request).assistant.delete_conversations(reader=who)}

    @router.get("/api/conversations/{conversation}", response_model=None)
    def conversation(conversation: Id, request: Request, who: Reading,
                     format: Literal["", "markdown", "json"] = "") -> dict | Response:
        """One of the reader's conversations: its turns (question, standalone question, answer, citations) as JSON;
        `format=markdown` or `format=json` downloads it as a file (Markdown: numbered sources with links)."""
        assistant = the_app(request).assistant
        kept = assistant.conversation(conversation, reader=who)
        if not format:
            return JSONResponse(content=json.loads(assistant.export_conversation(kept, "json")))
        suffix, media = ("md", "text/markdown") if format == "markdown" else ("json", "application/json")
        return Response(assistant.export_conversation(kept, format), media_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename(kept["title"], suffix)}"'})

    @router.patch("/api/conversations/{conversation}")
    def rename(conversation: Id, body: RenameBody, request: Request, who: Reading) -> dict:
        """Rename one of the reader's conversations."""
        try:
            title = the_app(request).assistant.rename_conversation(conversation, body.title, reader=who)
        except ValueError as exc:  # a title of blanks only
            raise refuse(("body", "title"), str(exc), "string_too_short", min_length=1) from exc
        return {"id": conversation, "title": title}

    @router.delete("/api/conversations/{conversation}")
    def delete(conversation: Id, request: Request, who: Reading) -> dict:
        """Delete one of the reader's conversations (and the permalinks made from it)."""
        the_app(request).assistant.delete_conversation(conversation, reader=who)
        return {"deleted": conversation}

    @router.post("/api/conversations/{conversation}/share", status_code=201)
    def make_share(conversation: Id, body: ShareBody, request: Request, who: Reading) -> dict:
        """A permalink to one answer of the reader's conversation: a frozen copy (question, answer, sources, index
        version) that whoever opens it sees with only the sources they may see."""
        token = the_app(request).assistant.share(conversation, body.turn, reader=who)
        return {"token": token, "url": f"/share/{token}"}

    @router.get("/api/share/{token}")
    def shared(token: Id, request: Request, who: Reading, lang: Lang = "") -> dict:
        """A permalink's answer as this reader may see it: sources they may not see are left out
        (`hidden_sources` counts them) and their quotes in the answer give way to a notice in `lang`."""
        said = request_lang(request)  # its `lang`, else the browser's
        return the_app(request).assistant.shared(token, reader=who, hidden=ui_text(said, "share_hidden"))

    @router.get("/share/{token}", include_in_schema=False)
    def shared_page(token: Id, request: Request, who: Reading, lang: Lang = "") -> HTMLResponse:
        """The permalink's read-only page, in the UI language (the link's, else the browser's)."""
        said = request_lang(request)  # its `lang`, else the browser's
        try:
            view = the_app(request).assistant.shared(token, reader=who, hidden=ui_text(said, "share_hidden"))
        except NotFound:
            return HTMLResponse(share.missing(said), status_code=404)
        return HTMLResponse(share.page(view, said), headers={"Cache-Control": "private, no-store"})

    return router


def filename(title: str, suffix: str) -> str:
    """A download's file name from the conversation's title (ASCII letters, digits and hyphens)."""
    stem = "-".join(re.findall(r"[A-Za-z0-9]+", title))[:60] or "conversation"
    return f"{stem}.{suffix}"


def keeping(pieces: Iterator, assistant, conversation: str, who: Reader, unkept: str = "") -> Iterator:
    """An answer's streamed pieces, its final Answer kept as a turn of `conversation` ("new": a new one) and
    handed on with the conversation's id in its JSON; a visitor's answer to "new" handed on as not kept (`unkept`
    says why, in their language)."""
    for piece in pieces:
        if isinstance(piece, str):
            yield piece
        elif not who.name:  # a visitor keeps their conversations in their own browser: this one is not kept
            yield Kept(piece, None, unkept)
        else:
            yield Kept(piece, assistant.keep_turn(None if conversation == "new" else conversation, piece,
                                                  reader=who))


class Kept:
    """An answer kept in a conversation (or, for a visitor, said not to be): its JSON says which, and why not."""

    def __init__(self, answer, conversation: str | None, notice: str = "") -> None:
        self.answer, self.conversation, self.notice = answer, conversation, notice

    def __getattr__(self, name: str):
        return getattr(self.answer, name)  # read as the answer it wraps (its language, text, citations…)

    def as_json(self) -> dict:
        said = {} if self.conversation else {"kept_notice": self.notice}
        return {**self.answer.as_json(), "conversation": self.conversation, "kept": bool(self.conversation), **said}


def handlers(server: FastAPI) -> None:
    """The statuses of the conversations' and the report's refusals, each said in the request's language (its `lang`,
    else its Accept-Language): 404 not found (or another reader's), 401 sign in, 403 staff only, 409 a limit."""
    for error, status in ((NotFound, 404), (SignInNeeded, 401), (StaffOnly, 403), (TooMany, 409)):
        server.add_exception_handler(error, lambda request, exc, status=status: JSONResponse(
            {"detail": refusal(exc, request_lang(request))}, status_code=status,
            headers={"WWW-Authenticate": "Bearer"} if status == 401 else None))
