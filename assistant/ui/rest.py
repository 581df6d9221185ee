"""The JSON API on the app's server (/api/*, OpenAPI docs at /api/docs): ask, search, documents, feedback, health.

Thin over assistant.api like the page: the answer JSON is `Answer.as_json()`, the one `assistant ask --json` prints,
and a hit is `Hit.as_json()`, the one `assistant search --json` prints.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from ..api import (
    DOCTYPES,
    MAX_ANSWER,
    MAX_CITATIONS,
    MAX_FIELD,
    MAX_ID,
    MAX_QUESTION,
    MAX_QUOTE,
    MAX_TEXT,
    MAX_TOPIC,
    MAX_URL,
    MODES,
    OPERATOR,
    Feedback,
    Filters,
    Reader,
    group_names,
)
from ..errors import IndexMissing, IndexUnavailable, InvalidFeedback, OverQuota, WriterBusy
from .accounts import router as accounts
from .actions import App
from .auth import SSO_COOKIE, SSO_PATH, Unauthorized
from .common import Refused, client, refusal, request_lang, the_app
from .guard import MAX_UPLOAD_FILES, PAGE_EVENTS_PER_WINDOW_FACTOR, Guard, RateLimit, client_key
from .rest_conversations import handlers as conversation_errors
from .rest_conversations import keeping
from .rest_conversations import routes as conversation_routes
from .rest_errors import refuse, said, unprocessable
from .rest_questions import routes as question_routes
from .texts import ui_text

log = logging.getLogger("app.api")
MAX_K = 100  # hits a search returns at most
MAX_REPLY = 1024 * 1024  # bytes of any reply but the documents list (documented in the API's description)
MAX_PREVIOUS = 20  # earlier questions of a conversation
LANG_PATTERN = r"^([a-z]{2,3}(-[A-Za-z]{2,4})?)?$"  # an ISO code such as "fr" or "pt-BR", or nothing

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)]
Lang = Annotated[str, StringConstraints(max_length=8, pattern=r"^[a-z]{0,3}(-[A-Za-z]{2,4})?$")]
Mode = Literal[MODES]  # type: ignore[valid-type]
DocType = Literal[DOCTYPES]  # type: ignore[valid-type]


class AskBody(BaseModel):
    """A question, the earlier questions of its conversation (oldest first), and a passage-language filter."""

    question: Text
    previous: list[Annotated[str, StringConstraints(max_length=MAX_QUESTION)]] = Field(
        default_factory=list, max_length=MAX_PREVIOUS)
    lang: Lang = Field("", description="only passages in this language (ISO code); the answer's own language "
                                       "follows the question")
    conversation: Annotated[str, StringConstraints(max_length=MAX_ID, pattern=r"^[A-Za-z0-9_-]*$")] = Field(
        "", description="a signed-in reader's conversation to add this turn to (its earlier turns make the "
                        "follow-up's history, instead of `previous`), or 'new' to start one; the answer names it")


Short = Annotated[str, StringConstraints(max_length=MAX_FIELD)]


class CitationBody(BaseModel):
    """One citation of the rated answer, as the answer JSON gives it (unknown keys refused)."""

    model_config = ConfigDict(extra="forbid")
    n: int = Field(0, ge=0, le=100)
    doc: Short = ""
    title: Short = ""
    page: int | None = Field(None, ge=0, le=100_000)
    source: Annotated[str, StringConstraints(max_length=MAX_URL)] = ""
    quote: Annotated[str, StringConstraints(max_length=MAX_QUOTE)] = ""
    chunk_id: Annotated[str, StringConstraints(max_length=200)] = ""
    lang: Lang = ""
    ocr: bool = False
    link: Annotated[str, StringConstraints(max_length=4000)] = Field("", description="not stored")


class FeedbackBody(BaseModel):
    """A reader's verdict on an answer: the answer JSON's fields, the rating, and for 'missing' the passage."""

    question: Text
    rating: Literal["up", "down"]
    reason: Literal["", "wrong", "missing"] = ""
    answer: str = Field("", max_length=MAX_ANSWER)
    language: Lang = ""
    abstained: bool = False
    citations: list[CitationBody] = Field(default_factory=list, max_length=MAX_CITATIONS)
    previous: list[Annotated[str, StringConstraints(max_length=MAX_QUESTION)]] = Field(
        default_factory=list, max_length=MAX_PREVIOUS)
    comment: str = Field("", max_length=MAX_TEXT)
    doc: str = Field("", max_length=500, description="the document that answers (reason 'missing')")
    chunk_id: str = Field("", max_length=200, description="the passage that answers, from /api/search")
    quote: str = Field("", max_length=MAX_TEXT, description="the sentence of that passage that answers")
    unanswerable: bool = Field(False, description="the documents do not hold the answer")


bearer = HTTPBearer(auto_error=False, description="the admin password (ASSISTANT_ADMIN_PASSWORD)")


def bearer_token(request: Request) -> str:
    """The bearer token as the client sent it: header bytes read as UTF-8 (Starlette decodes them as Latin-1, which
    turns a non-ASCII password into another string)."""
    raw = request.headers.get("authorization", "")
    try:
        raw = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    scheme, _, token = raw.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def reader(request: Request) -> Reader:
    """Who the request is (auth.SignIn.reader): a personal token or the admin password as a bearer token, else the
    sign-in cookie, else anonymous. A bearer token that is no one's is refused (401) and counts towards the
    client's lockout, like a wrong admin password."""
    app = the_app(request)
    key = client_key(client(request))
    token = bearer_token(request)
    wait = app.lockout.locked_for(key) if token else 0
    try:  # a locked-out client's bearer is never tried as the admin password (a personal token still works)
        return app.signin.reader(request.headers, token, admin=not wait)
    except Unauthorized as exc:
        if wait:
            raise HTTPException(429, said(request, "locked", wait=wait), headers={"Retry-After": str(wait)}) from exc
        app.lockout.failed(key)
        raise HTTPException(401, said(request, "api_unknown_token"), headers={"WWW-Authenticate": "Bearer"}) from exc


Reading = Annotated[Reader, Depends(reader)]


def admin(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Let only the admin through: the admin password, or an admin user's personal token; wrong ones lock out the
    client that sent them (see ui.guard.Lockout)."""
    app = the_app(request)
    user = app.assistant.users.by_token(bearer_token(request))
    if user is not None:  # a personal token: its owner is an admin, or is told they are not
        if user.admin:
            return
        raise HTTPException(403, said(request, "api_not_admin", name=user.name))
    if not app.assistant.settings.admin_password:
        raise HTTPException(403, said(request, "api_admin_off"))
    try:
        app.require_admin(bearer_token(request), lang=request_lang(request), client=client(request))
    except Refused as exc:
        raise HTTPException(401, f"{exc} {said(request, 'api_bearer')}", headers={"WWW-Authenticate": "Bearer"}) from exc


router = APIRouter(prefix="/api")
Admin = [Depends(admin)]


@router.get("/health")
def health(request: Request, who: Reading) -> dict:
    """The embedding model, how many documents and passages the index holds, and the background indexing: `done`
    documents searchable of the `total` it will make searchable and `passages` embedded, counted as the catalog
    commits them (the page's progress bar shows the same numbers), and `eta_seconds` left at the rate so far (where
    the index lives and why an indexing failed are the server log's, not the public's). The index's counts may be a
    second old: a public route reads the catalog at most once a second, however often it is called."""
    return the_app(request).health(who)


@router.get("/me")
def me(who: Reading) -> dict:
    """Who the API takes this request to be: the name ('' for anonymous), the access groups searched (null: all)
    and whether it may change the index."""
    return {"name": who.name, "groups": None if who.groups is None else sorted(who.groups), "admin": who.admin}


@router.post("/ask", response_model=None)
def ask(body: AskBody, request: Request, who: Reading, stream: bool = False) -> dict | StreamingResponse:
    """A cited answer in the question's language (or an abstention); with `?stream=true`, server-sent events:
    `piece` events of text as it is generated (one with the whole text for an extractive answer), then one
    `answer` event with the answer JSON. With `conversation` (a signed-in reader's), the turn is kept in it and the
    answer JSON names it (`kept: true`); a visitor's "new" is answered and not kept (`kept: false`, `kept_notice`
    saying why in the reader's language)."""
    the_app(request).require_searchable(request_lang(request), reader=who)
    assistant = the_app(request).assistant
    history = [(q, "") for q in body.previous] or None
    # A conversation is checked before answering: another reader's is a 404, one named by a visitor a 401.
    if body.conversation == "new":
        history = None
    elif body.conversation:
        history = assistant.conversation_pairs(body.conversation, reader=who)
    filters = Filters.of(lang=body.lang) if body.lang else None
    unkept = said(request, "api_not_kept")
    if not stream:
        answer = assistant.ask(body.question, history or None, filters, reader=who, keep="api")
        kept = keeping(iter([answer]), assistant, body.conversation, who, unkept) if body.conversation else \
            iter([answer])
        return {**next(kept).as_json(), **the_app(request).partial(answer)}
    pieces = assistant.ask_stream(body.question, history or None, filters, reader=who, keep="api")
    if body.conversation:
        pieces = keeping(pieces, assistant, body.conversation, who, unkept)
    events = sse(pieces, the_app(request).partial)
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def event(name: str, data: dict) -> str:
    """One server-sent event (its JSON data on one line)."""
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def sse(pieces: Iterator, extra: Callable[[Any], dict] = lambda answer: {}) -> Iterator[str]:
    """Answer pieces as server-sent events (the answer's JSON with `extra`'s fields); an unavailable index ends the
    stream with an `error` event."""
    try:
        for piece in pieces:
            yield event("piece", {"text": piece}) if isinstance(piece, str) else \
                event("answer", {**piece.as_json(), **extra(piece)})
    except IndexUnavailable as exc:
        log.error("index unavailable: %s", exc)
        yield event("error", {"detail": ui_text("en", "unavailable")})


@router.get("/search")
def search(request: Request, who: Reading,
           q: Annotated[str, Query(max_length=MAX_QUESTION, description="the query")],
           k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
           lang: Annotated[str, Query(max_length=8, pattern=LANG_PATTERN)] = "",
           mode: Mode | None = None, doc: Annotated[str, Query(max_length=500)] = "",
           source: Annotated[str, Query(max_length=500)] = "", topic: Annotated[str, Query(max_length=MAX_TOPIC)] = "",
           type: DocType | None = None, year: Annotated[int | None, Query(ge=1000, le=9999)] = None,
           per_doc: bool = False) -> list[dict]:
    """The passages a reader is shown for a query (the JSON of `assistant search --json`, the page's good
    practices), with the same filters."""
    if not q.strip():
        raise refuse(("query", "q"), "the query is empty", "string_too_short", min_length=1)
    the_app(request).require_searchable(request_lang(request), reader=who)
    filters = Filters.of(lang=lang, doc=doc, source=source, topic=topic, doctype=type, year=year)
    hits = the_app(request).assistant.find(q, k=k, mode=mode, filters=filters, per_doc=per_doc, reader=who)
    return [h.as_json() for h in hits]


@router.get("/documents")
def documents(request: Request, who: Reading) -> list[dict]:
    """The indexed documents the reader may see (their public fields and access groups: no server path)."""
    return [d.public() for d in the_app(request).assistant.documents(reader=who)]


UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "maxItems": MAX_UPLOAD_FILES,
                             "items": {"type": "string", "format": "binary"}},
                   "groups": {"type": "string", "maxLength": 400,
                              "description": "access groups, comma-separated (default: public)"}}}}}}}


@router.post("/documents", dependencies=Admin, openapi_extra=UPLOAD_BODY)
async def upload(request: Request) -> dict:
    """Add or replace documents (.txt .md .html .pdf) and index them, seen by the access groups of the form's
    `groups` field (default: public); needs the admin password (or an admin's token) as a bearer token, checked
    before any of the body is read."""
    app = the_app(request)
    try:
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=MAX_UPLOAD_FILES + 1)
    except HTTPException:
        raise
    except Exception as exc:  # noqa: BLE001 (a broken multipart body)
        raise HTTPException(400, "the body is not a multipart form with 'files'") from exc
    files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload)]
    if not files:
        raise refuse(("body", "files"), "send one or more files as multipart form field 'files'", "missing")
    uploads = [(f.filename or "", f.file) for f in files]
    raw_groups = form.get("groups")
    try:
        groups = group_names(raw_groups[:400] if isinstance(raw_groups, str) else "", default=()) or None
    except ValueError as exc:
        await form.close()
        raise refuse(("body", "groups"), str(exc)) from exc
    result = await run_in_threadpool(app.upload_files, uploads, "en", None, groups)
    await form.close()
    return result


@router.delete("/documents/{doc:path}", dependencies=Admin)
def delete(doc: str, request: Request) -> dict:
    """Remove a document from the index (and its uploaded file); needs the admin password as a bearer token."""
    app = the_app(request)
    if doc not in {d.doc for d in app.assistant.documents(reader=OPERATOR)}:
        raise HTTPException(404, ui_text(request_lang(request), "api_no_document"))
    app.remove_document(doc)
    return {"removed": doc}


@router.post("/feedback", status_code=201)
def feedback(body: FeedbackBody, request: Request, who: Reading) -> dict:
    """Store a reader's 👍/👎 on an answer (for 'missing': the passage that answers, from /api/search); at most
    FEEDBACK_PER_CLIENT per client and FEEDBACK_PER_SERVER in all per hour."""
    app = the_app(request)
    app.feedback_quota(client(request), request_lang(request))
    fields = body.model_dump()
    fields["citations"] = [c.model_dump(exclude={"link", "ocr"}) for c in body.citations]
    item = Feedback(**fields, channel="api")
    return {"id": app.assistant.record_feedback(item, reader=who)}


def unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 for an index that cannot answer now (the reason, which names server paths, goes to the log; an empty
    index's is written for the reader)."""
    if isinstance(exc, IndexMissing):
        return JSONResponse({"detail": str(exc)}, status_code=503)
    if isinstance(exc, WriterBusy):
        log.info("change refused: %s", exc)
        said = refusal(exc, request_lang(request))  # by its UI key (App.require_free says which writer), else as raised
        return JSONResponse({"message": said, "detail": said}, status_code=409)
    log.error("index unavailable: %s", exc)
    return JSONResponse({"detail": ui_text("en", "unavailable")}, status_code=503)


def invalid(request: Request, exc: Exception) -> JSONResponse:
    """422 with the field and reason of a feedback item that cannot be stored."""
    return JSONResponse({"detail": str(exc)}, status_code=422)


def refused(request: Request, exc: Exception) -> JSONResponse:
    """429 with Retry-After for a quota (feedback per client or per server)."""
    return JSONResponse({"message": str(exc), "detail": str(exc)}, status_code=429,
                        headers={"Retry-After": str(getattr(exc, "retry_after", 60))})


class SsoSession:
    """Starlette's session (a signed cookie) on the single sign-on routes only, where authlib keeps the round
    trip's state and nonce: on the page's routes it broke Gradio's event stream."""

    def __init__(self, app, secret_key: str, https: bool = False) -> None:
        from starlette.middleware.sessions import SessionMiddleware

        self.app = app
        self.session = SessionMiddleware(app, secret_key=secret_key, session_cookie=SSO_COOKIE, max_age=600,
                                         path=SSO_PATH, same_site="lax", https_only=https)

    async def __call__(self, scope, receive, send) -> None:
        inside = scope["type"] == "http" and scope.get("path", "").startswith(SSO_PATH)
        await (self.session if inside else self.app)(scope, receive, send)


def create_api(app: App) -> FastAPI:
    """A FastAPI server with the /api routes over this App; the Gradio page is mounted on it at '/'."""
    settings = app.assistant.settings
    server = FastAPI(title="cluster-assistant API", version="1", docs_url="/api/docs", redoc_url=None,
                     openapi_url="/api/openapi.json",
                     description="Ask, search and list the indexed documents; send feedback on answers. "
                                 f"At most {settings.api_rate_limit} requests per {settings.api_rate_window:g} s "
                                 "per client address (0: no limit); request bodies of at most 256 KB (uploads: "
                                 f"{MAX_UPLOAD_FILES} files of {settings.max_file_mb:g} MB). A reply is at most "
                                 f"{MAX_REPLY // 1024} KB, but for /api/documents (about 1 KB a document).")
    server.state.app = app
    server.include_router(router)
    server.include_router(question_routes(reader))
    server.include_router(conversation_routes(reader))
    server.include_router(accounts)
    if settings.oidc_issuer:  # the provider round trip keeps its state and nonce in a signed cookie of its own
        server.add_middleware(SsoSession, secret_key=app.signin.secret,
                              https=(settings.public_url or "").startswith("https://"))
    server.add_exception_handler(IndexUnavailable, unavailable)
    server.add_exception_handler(InvalidFeedback, invalid)
    server.add_exception_handler(RequestValidationError, unprocessable)
    server.add_exception_handler(OverQuota, refused)
    conversation_errors(server)
    window = settings.api_rate_window
    server.add_middleware(Guard, trusted=app.trusted, limit=RateLimit(settings.api_rate_limit, window),
                          upload_bytes=MAX_UPLOAD_FILES * settings.max_file_bytes,
                          page_limit=RateLimit(settings.api_rate_limit * PAGE_EVENTS_PER_WINDOW_FACTOR, window))
    return server
