"""What the page's handlers share: the reader's language of a call, refusals and failures shown in it, the
client's address, and the small formatters of names and cells."""

from __future__ import annotations

import functools
import inspect
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import gradio as gr

from ..errors import IndexMissing, IndexUnavailable, WriterBusy
from .guard import client_address, request_lang  # noqa: F401 (the API's modules take it from here)
from .texts import ui_text

log = logging.getLogger("app")
MAX_NAME = 120  # characters of an uploaded file's name (its extension kept)
# The reader of the page event being handled: set by `as_reader` around each handler, read by App.current (an
# unset one reads as anonymous, so a handler that forgot to set it shows less, never more).
READER: ContextVar = ContextVar("reader", default=None)
SESSION: ContextVar = ContextVar("session", default="")  # the page session (Gradio's session hash) of that event
_DONE = object()  # the end of a streamed handler's pieces


def as_reader(app, func):
    """A page handler that runs as the reader of its event (their sign-in cookie): Gradio passes the request as
    one more positional argument (the signature below asks for it), the handler gets the others."""
    signature = _with_request(func)

    def split(args: tuple) -> tuple[tuple, object]:
        requests = [a for a in args if isinstance(a, gr.Request)]
        return tuple(a for a in args if not isinstance(a, gr.Request)), requests[0] if requests else None

    if inspect.isgeneratorfunction(func):
        @functools.wraps(func)
        def streamed(*args):
            args, request = split(args)
            reader, session = app.reader(request), getattr(request, "session_hash", None) or ""
            pieces = func(*args)
            while True:  # set around each step: Gradio may run each one in another thread and context
                with reading_as(reader, session):
                    piece = next(pieces, _DONE)
                if piece is _DONE:
                    return
                yield piece
        streamed.__signature__ = signature  # type: ignore[attr-defined]
        streamed.__annotations__ = {"request": gr.Request}  # Gradio reads the type hints to pass the request
        return streamed

    @functools.wraps(func)
    def handler(*args):
        args, request = split(args)
        with reading_as(app.reader(request), getattr(request, "session_hash", None) or ""):
            return func(*args)
    handler.__signature__ = signature  # type: ignore[attr-defined]
    handler.__annotations__ = {"request": gr.Request}
    return handler


def _with_request(func) -> inspect.Signature:
    """func's positional parameters plus `request: gr.Request` (how Gradio knows to pass the request)."""
    try:
        params = [p for p in inspect.signature(func).parameters.values()
                  if p.name != "request" and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return inspect.Signature([*params, inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                         annotation=gr.Request)])


def the_app(request):
    """The App (handlers, index, indexing state) a FastAPI request's server was built around."""
    return request.app.state.app


def client(request) -> str:
    """The real client address of a FastAPI request (the Guard middleware resolved it once, trusted proxies
    considered)."""
    return getattr(request.state, "client", None) or (request.client.host if request.client else "?")


@contextmanager
def reading_as(reader, session: str = "") -> Iterator[None]:
    """Run the enclosed code as this reader (App.current reads it), in this page session."""
    token, page = READER.set(reader), SESSION.set(session)
    try:
        yield
    finally:
        READER.reset(token)
        SESSION.reset(page)


def safe_name(name: str) -> str:
    """A file name with no directory part and only safe characters (path traversal and control chars removed),
    at most MAX_NAME characters with its extension kept."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    suffix = Path(base).suffix if len(Path(base).suffix) <= 10 else ""
    stem = base[: len(base) - len(suffix)] if suffix else base
    return (stem[: MAX_NAME - len(suffix)].strip(" .") + suffix if stem.strip(" .") else "") or "upload"


def _ui_lang(func, args: tuple, kwargs: dict) -> str:
    """The UI language a handler was called with (its `lang` or `ui` argument), English otherwise."""
    try:
        bound = inspect.signature(func).bind_partial(*args, **kwargs).arguments
    except TypeError:
        return "en"
    return str(bound.get("ui") or bound.get("lang") or "en")


def shown(detail: bool):
    """Turn an unavailable index (disk full, read-only, server down) into a message in the page, not a bare 'Error'.

    Admin actions show the reason; readers get a short notice in their language (the reason names server paths),
    and it is logged.
    """
    def failure(exc: IndexUnavailable, lang: str) -> gr.Error:
        if isinstance(exc, IndexMissing):  # an empty index: the message is the reader's own (App.require_searchable)
            return gr.Error(str(exc), title=ui_text(lang, "error"))
        if isinstance(exc, WriterBusy) and exc.key:  # a change that began just after the check: in their language
            return gr.Error(refusal(exc, lang), title=ui_text(lang, "warning"))
        log.error("index unavailable: %s", exc)
        return gr.Error(str(exc) if detail else ui_text(lang, "unavailable"), title=ui_text(lang, "error"))

    def decorate(func):
        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def streamed(*args, **kwargs):
                try:
                    yield from func(*args, **kwargs)
                except IndexUnavailable as exc:
                    raise failure(exc, _ui_lang(func, args, kwargs)) from exc
            return streamed

        @functools.wraps(func)
        def called(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except IndexUnavailable as exc:
                raise failure(exc, _ui_lang(func, args, kwargs)) from exc
        return called
    return decorate


class Refused(Exception):
    """An admin action refused (no or wrong password, locked): expected, shown as a warning, never a traceback."""


def refusal(exc: Exception, lang: str) -> str:
    """A refusal (errors.Refusal: not found, sign in, too many, staff only) in the reader's language: its text in the
    UI table by its key, filled with its values; its own English message when it has no key."""
    key = getattr(exc, "key", "")
    if not key:
        return str(exc)
    try:
        return ui_text(lang, key).format(**getattr(exc, "values", {}))
    except (KeyError, IndexError, ValueError):  # a key or a placeholder the table lacks: the English message
        return str(exc)


def request_client(request, trusted: tuple) -> str:
    """The client address of a page event (Gradio's request), trusted proxies considered like the API's Guard."""
    if request is None:
        return "?"
    peer = getattr(getattr(request, "client", None), "host", None) or "?"
    headers = getattr(request, "headers", None) or {}
    forwarded = [headers.get("x-forwarded-for", "")] if hasattr(headers, "get") else []
    return client_address(peer, [f for f in forwarded if f], trusted)


def summarised(report, lang: str) -> str:
    """An ingest's one-line summary in the UI language."""
    return ui_text(lang, "summary").format(indexed=len(report.indexed), unchanged=len(report.unchanged),
                                           removed=len(report.removed), failed=len(report.failed))


def slug(text: str, limit: int = 40) -> str:
    """The query as a file-name part: ASCII letters and digits joined by hyphens ("search" when none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "search"


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


Relabel = Callable[[str], dict]  # a page's texts in a UI language: the updates of the components it relabels


def labelled(component: gr.components.Component, key: str, attr: str = "label", form: str = "{}") -> Relabel:
    """How a component is relabelled: its `attr` set to the text of `key` (shaped by `form`)."""
    return lambda lang: {component: gr.update(**{attr: form.format(ui_text(lang, key))})}
