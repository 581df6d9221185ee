"""The JSON API on the app's server (/api/*, OpenAPI docs at /api/docs): ask, search, documents, feedback, health.

Thin over assistant.api like the page: the answer JSON is `Answer.as_json()`, the one `assistant ask --json` prints,
and a hit is `Hit.as_json()`, the one `assistant search --json` prints.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, StringConstraints

from assistant.catalog import IndexUnavailable
from assistant.config import MODES
from assistant.feedback import MAX_ANSWER, MAX_CITATIONS, MAX_TEXT, Feedback, InvalidFeedback
from assistant.loaders import SUFFIXES
from assistant.retrieval import Filters
from assistant.texts import ui_text
from assistant.writer import WriterBusy
from ui.actions import App, Refused, safe_name

log = logging.getLogger("app.api")
MAX_QUESTION = 2000  # characters; the answerer reads no more
MAX_K = 100  # hits a search returns at most
MAX_PREVIOUS = 20  # earlier questions of a conversation
MAX_BODY = 256 * 1024  # bytes of a JSON body
LANG_PATTERN = r"^([a-z]{2,3}(-[A-Za-z]{2,4})?)?$"  # an ISO code such as "fr" or "pt-BR", or nothing
MAX_UPLOAD_FILES = 20  # files one upload request may carry at the size limit each

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)]
Lang = Annotated[str, StringConstraints(max_length=8, pattern=r"^[a-z]{0,3}(-[A-Za-z]{2,4})?$")]
Mode = Literal[MODES]  # type: ignore[valid-type]


class AskBody(BaseModel):
    """A question, the earlier questions of its conversation (oldest first), and a passage-language filter."""

    question: Text
    previous: list[Annotated[str, StringConstraints(max_length=MAX_QUESTION)]] = Field(
        default_factory=list, max_length=MAX_PREVIOUS)
    lang: Lang = Field("", description="only passages in this language (ISO code); the answer's own language "
                                       "follows the question")


class FeedbackBody(BaseModel):
    """A reader's verdict on an answer: the answer JSON's fields, the rating, and for 'missing' the passage."""

    question: Text
    rating: Literal["up", "down"]
    reason: Literal["", "wrong", "missing"] = ""
    answer: str = Field("", max_length=MAX_ANSWER)
    language: Lang = ""
    abstained: bool = False
    citations: list[dict] = Field(default_factory=list, max_length=MAX_CITATIONS)
    previous: list[Annotated[str, StringConstraints(max_length=MAX_QUESTION)]] = Field(
        default_factory=list, max_length=MAX_PREVIOUS)
    comment: str = Field("", max_length=MAX_TEXT)
    doc: str = Field("", max_length=500, description="the document that answers (reason 'missing')")
    chunk_id: str = Field("", max_length=200, description="the passage that answers, from /api/search")
    quote: str = Field("", max_length=MAX_TEXT, description="the sentence of that passage that answers")
    unanswerable: bool = Field(False, description="the documents do not hold the answer")


class RateLimit:
    """At most `limit` requests per client address in any `window` seconds (a sliding window)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float | None:
        """Seconds until this client may ask again, or None when this request is within the limit (and counted)."""
        if self.limit <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10000:  # forget clients whose window has passed
                self._seen = {c: q for c, q in self._seen.items() if q and now - q[-1] < self.window}
            seen = self._seen.setdefault(client, deque())
            while seen and now - seen[0] >= self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return self.window - (now - seen[0])
            seen.append(now)
            return None


def the_app(request: Request) -> App:
    """The App (handlers, index, indexing state) the server was built around."""
    return request.app.state.app


def limited(request: Request) -> None:
    """Refuse with 429 and Retry-After when this client address is over the rate limit."""
    wait = request.app.state.limit.retry_after(request.client.host if request.client else "?")
    if wait is not None:
        raise HTTPException(429, "too many requests from this address: retry after the number of seconds in "
                                 "the Retry-After header", headers={"Retry-After": str(max(1, math.ceil(wait)))})


bearer = HTTPBearer(auto_error=False, description="the admin password (ASSISTANT_ADMIN_PASSWORD)")


def admin(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Let only the admin password through (the page's lockout after repeated wrong passwords applies too)."""
    app = the_app(request)
    if not app.assistant.settings.admin_password:
        raise HTTPException(403, "changing the index is off: the server has no ASSISTANT_ADMIN_PASSWORD")
    try:
        app.require_admin(credentials.credentials if credentials else "")
    except Refused as exc:
        raise HTTPException(401, f"{exc} Send it as 'Authorization: Bearer <password>'.",
                            headers={"WWW-Authenticate": "Bearer"}) from exc


router = APIRouter(prefix="/api", dependencies=[Depends(limited)])
Admin = [Depends(admin)]


@router.get("/health")
def health(request: Request) -> dict:
    """The index, the embedding model, how many documents and passages it holds, and the background indexing."""
    app = the_app(request)
    stats = app.assistant.stats()
    return {"status": "ok", "index": stats["index"], "model": stats["model"], "documents": stats["documents"],
            "chunks": stats["chunks"], "llm": app.assistant.settings.llm or None, "indexing": app.status()}


@router.post("/ask", response_model=None)
def ask(body: AskBody, request: Request, stream: bool = False) -> dict | StreamingResponse:
    """A cited answer in the question's language (or an abstention); with `?stream=true`, server-sent events:
    `piece` events of text as it is generated (one with the whole text for an extractive answer), then one
    `answer` event with the answer JSON."""
    assistant = the_app(request).assistant
    history = [(q, "") for q in body.previous] or None
    filters = Filters(lang=body.lang) if body.lang else None
    if not stream:
        return assistant.ask(body.question, history, filters).as_json()
    events = sse(assistant.ask_stream(body.question, history, filters))
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def event(name: str, data: dict) -> str:
    """One server-sent event (its JSON data on one line)."""
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def sse(pieces: Iterator) -> Iterator[str]:
    """Answer pieces as server-sent events; an unavailable index ends the stream with an `error` event."""
    try:
        for piece in pieces:
            yield event("piece", {"text": piece}) if isinstance(piece, str) else event("answer", piece.as_json())
    except IndexUnavailable as exc:
        log.error("index unavailable: %s", exc)
        yield event("error", {"detail": ui_text("en", "unavailable")})


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=MAX_QUESTION, description="the query")],
           k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
           lang: Annotated[str, Query(max_length=8, pattern=LANG_PATTERN)] = "",
           mode: Mode | None = None, doc: Annotated[str, Query(max_length=500)] = "",
           source: Annotated[str, Query(max_length=500)] = "", topic: Annotated[str, Query(max_length=100)] = "",
           per_doc: bool = False) -> list[dict]:
    """The best passages for a query (the JSON of `assistant search --json`), with the same filters."""
    if not q.strip():
        raise HTTPException(422, "q: the query is empty")
    filters = Filters(lang=lang, doc=doc, source=source, topic=topic)
    hits = the_app(request).assistant.search(q, k=k, mode=mode, filters=filters, per_doc=per_doc)
    return [h.as_json() for h in hits]


@router.get("/documents")
def documents(request: Request) -> list[dict]:
    """The indexed documents."""
    return [d.as_dict() for d in the_app(request).assistant.documents()]


@router.post("/documents", dependencies=Admin)
def upload(request: Request, files: list[UploadFile]) -> dict:
    """Add or replace documents (.txt .md .html .pdf) and index them; needs the admin password as a bearer token."""
    app = the_app(request)
    saved, refused = save_uploads(app, files)
    report = app.assistant.ingest(saved) if saved else None
    return {"summary": report.summary() if report else "nothing to index", "refused": refused,
            "indexed": report.indexed if report else [], "unchanged": report.unchanged if report else [],
            "failed": [{"file": f, "reason": r} for f, r in (report.failed if report else [])]}


def save_uploads(app: App, files: list[UploadFile]) -> tuple[list, list[dict]]:
    """Write the acceptable files into the uploads folder (name made safe, type and size checked)."""
    limit = app.assistant.settings.max_file_bytes
    app.uploads.mkdir(parents=True, exist_ok=True)
    saved, refused = [], []
    for file in files:
        name = safe_name(file.filename or "")
        data = file.file.read(limit + 1)
        if not name.lower().endswith(tuple(SUFFIXES)):
            refused.append({"file": name, "reason": f"type not indexed (only {', '.join(sorted(SUFFIXES))})"})
        elif len(data) > limit:
            refused.append({"file": name, "reason": f"larger than {limit // 2**20} MB"})
        else:
            (app.uploads / name).write_bytes(data)
            saved.append(app.uploads / name)
    return saved, refused


@router.delete("/documents/{doc:path}", dependencies=Admin)
def delete(doc: str, request: Request) -> dict:
    """Remove a document from the index (and its uploaded file); needs the admin password as a bearer token."""
    app = the_app(request)
    if doc not in {d.doc for d in app.assistant.documents()}:
        raise HTTPException(404, f"no document {doc!r} in the index")
    app.assistant.remove(doc)
    upload = app.uploads / safe_name(doc)
    if upload.is_file() and doc == upload.name:
        upload.unlink()
    return {"removed": doc}


@router.post("/feedback", status_code=201)
def feedback(body: FeedbackBody, request: Request) -> dict:
    """Store a reader's 👍/👎 on an answer (for 'missing': the passage that answers, from /api/search)."""
    item = Feedback(**body.model_dump(), channel="api")
    return {"id": the_app(request).assistant.record_feedback(item)}


def unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 for an index that cannot answer now (the reason, which names server paths, goes to the log)."""
    log.error("index unavailable: %s", exc)
    status = 409 if isinstance(exc, WriterBusy) else 503
    return JSONResponse({"detail": str(exc) if status == 409 else ui_text("en", "unavailable")}, status_code=status)


def invalid(request: Request, exc: Exception) -> JSONResponse:
    """422 with the field and reason of a feedback item that cannot be stored."""
    return JSONResponse({"detail": str(exc)}, status_code=422)


class BodyLimit:
    """Refuse an /api request whose declared body is too large (413) before any of it is read."""

    def __init__(self, app, json_limit: int, upload_limit: int) -> None:
        self.app, self.json_limit, self.upload_limit = app, json_limit, upload_limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            limit = self.upload_limit if scope["path"] == "/api/documents" else self.json_limit
            length = dict(scope["headers"]).get(b"content-length", b"0")
            if not length.isdigit() or int(length) > limit:
                reply = JSONResponse({"detail": f"the request body is over {limit} bytes"}, status_code=413)
                await reply(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_api(app: App) -> FastAPI:
    """A FastAPI server with the /api routes over this App; the Gradio page is mounted on it at '/'."""
    settings = app.assistant.settings
    server = FastAPI(title="cluster-assistant API", version="1", docs_url="/api/docs", redoc_url=None,
                     openapi_url="/api/openapi.json",
                     description="Ask, search and list the indexed documents; send feedback on answers. "
                                 f"At most {settings.api_rate_limit} requests per {settings.api_rate_window:g} s "
                                 "per client address (0: no limit).")
    server.state.app = app
    server.state.limit = RateLimit(settings.api_rate_limit, settings.api_rate_window)
    server.include_router(router)
    server.add_exception_handler(IndexUnavailable, unavailable)
    server.add_exception_handler(InvalidFeedback, invalid)
    server.add_middleware(BodyLimit, json_limit=MAX_BODY, upload_limit=MAX_UPLOAD_FILES * settings.max_file_bytes)
    return server
