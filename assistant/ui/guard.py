"""What stands between a hostile client and the server: who the client is (behind trusted proxies), how often it may
ask (rate limits), how much it may send (body caps counted in bytes received), and how often it may guess the admin
password (a lockout per client, with back-off).

Every structure here is O(1) per request and bounded in memory, whatever the number of addresses.
"""

from __future__ import annotations

import ipaddress
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

from starlette.exceptions import HTTPException
from starlette.requests import Request

from .texts import asked_lang, ui_text

MAX_CLIENTS = 50_000  # clients a limiter remembers at most; the least recently seen are forgotten first
MAX_JSON_BODY = 256 * 1024  # bytes of a JSON request to /api/*
MAX_PAGE_BODY = 1024 * 1024  # bytes of one of the page's own requests (a long conversation's messages)
MAX_UPLOAD_FILES = 20  # files one upload request may carry at the size limit each
UPLOAD_PATHS = ("/api/documents", "/gradio_api/upload")  # routes whose bodies are files
# Page events (a click, the 2 s banner timer) one client may send per API rate window: ten a second, far above a
# reader's pace (an open page ticks once every 2 s), so that one client cannot fill the page's shared queue.
PAGE_EVENTS_PER_WINDOW_FACTOR = 10
LOCK_TRIES, LOCK_WINDOW = 10, 300  # wrong admin passwords one client may send per window of seconds
LOCK_MAX = 3600  # seconds: the longest lockout, reached by doubling while a client keeps guessing


def networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """'127.0.0.1, 10.0.0.0/8' as networks (ASSISTANT_TRUSTED_PROXIES); a wrong entry is a ValueError that says so."""
    out = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"ASSISTANT_TRUSTED_PROXIES: {item!r} is not an address or network "
                             "(e.g. 127.0.0.1 or 10.0.0.0/8)") from None
    return tuple(out)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]").split("%")[0])
    except ValueError:
        return None


def client_address(peer: str, forwarded_for: Iterable[str], trusted: tuple) -> str:
    """The real client: the peer, or, when the peer is a trusted proxy, the nearest X-Forwarded-For address that is
    not a trusted proxy (read right to left: only what trusted proxies appended is believed)."""
    current = peer
    hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
    while trusted and hops:
        address = _address(current)
        if address is None or not any(address in net for net in trusted):
            break
        nxt = hops.pop()
        if _address(nxt) is None:  # a forged, unparsable entry: the proxy that appended it is the client
            break
        current = nxt
    return current


def client_key(address: str) -> str:
    """What limits count by: an IPv4 address, or an IPv6 address's /64 (one subscriber holds a whole /64)."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and not parsed.ipv4_mapped:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed) if parsed else address[:64]


class RateLimit:
    """At most `limit` requests per client in any `window` seconds: a sliding-window counter (the current window's
    count plus the previous one's, weighted by how much of it still overlaps), O(1) per request, `most` clients."""

    def __init__(self, limit: int, window: float, most: int = MAX_CLIENTS) -> None:
        self.limit, self.window, self.most = limit, window, most
        self._seen: OrderedDict[str, list[float]] = OrderedDict()  # key -> [window number, count, previous count]
        self._lock = threading.Lock()

    def retry_after(self, client: str, now: float | None = None) -> float | None:
        """Seconds until this client may ask again, or None when this request is within the limit (and counted)."""
        if self.limit <= 0:
            return None
        now = time.monotonic() if now is None else now
        number = math.floor(now / self.window)
        elapsed = now - number * self.window
        with self._lock:
            entry = self._seen.pop(client, None)
            if entry is None or entry[0] < number - 1:
                entry = [number, 0, 0]
            elif entry[0] == number - 1:
                entry = [number, 0, entry[1]]
            self._seen[client] = entry  # the most recently seen last
            self._forget(number)
            previous = entry[2] * (1 - elapsed / self.window)
            if previous + entry[1] >= self.limit:
                if entry[1] >= self.limit or not entry[2]:
                    return self.window - elapsed
                # the previous window's weight must fall until one more request fits
                return max(0.001, self.window * (1 - (self.limit - entry[1] - 1) / entry[2]) - elapsed)
            entry[1] += 1
            return None

    def _forget(self, number: int) -> None:
        """Drop clients idle for two windows, and the least recently seen past `most` (amortised O(1))."""
        while self._seen:
            first = next(iter(self._seen.values()))
            if first[0] >= number - 1 and len(self._seen) <= self.most:
                break
            self._seen.popitem(last=False)

    def __len__(self) -> int:
        return len(self._seen)


class Lockout:
    """Wrong admin passwords counted per client: after `tries` in `window` seconds that client (only) is refused for
    `window` seconds, doubled at each further lockout up to LOCK_MAX; the right password elsewhere still works."""

    def __init__(self, tries: int = LOCK_TRIES, window: float = LOCK_WINDOW, most: int = MAX_CLIENTS) -> None:
        self.tries, self.window, self.most = tries, window, most
        self._clients: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def locked_for(self, client: str, now: float | None = None) -> int:
        """Seconds this client stays locked out (0: it may try)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            state = self._clients.get(client)
            return max(0, math.ceil(state["until"] - now)) if state else 0

    def failed(self, client: str, now: float | None = None) -> None:
        """Count a wrong password from this client; lock it out at the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            state = self._clients.pop(client, None) or {"times": [], "until": 0.0, "lockouts": 0}
            if state["lockouts"] and now - state["until"] > LOCK_MAX:  # quiet for an hour: start again
                state["lockouts"] = 0
            state["times"] = [t for t in state["times"] if now - t < self.window] + [now]
            if len(state["times"]) >= self.tries:
                state["until"] = now + min(self.window * 2 ** state["lockouts"], LOCK_MAX)
                state["lockouts"] += 1
                state["times"] = []
            self._clients[client] = state
            while len(self._clients) > self.most:
                self._clients.popitem(last=False)

    def succeeded(self, client: str) -> None:
        """The right password: this client's count starts again."""
        with self._lock:
            self._clients.pop(client, None)


class BodyTooLarge(HTTPException):
    """A request body over its cap, found while it was being received."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit} bytes")
        self.limit = limit


class Guard:
    """ASGI middleware on every route: the client's address resolved once (trusted proxies); /api/*, the page's
    upload route and its event routes rate-limited per client before any body is read; each body counted in bytes
    actually received (chunked or not) and stopped at its cap with 413."""

    def __init__(self, app, trusted: tuple = (), limit: RateLimit | None = None, upload_bytes: int = 0,
                 page_limit: RateLimit | None = None) -> None:
        self.app, self.trusted, self.limit, self.upload_bytes = app, trusted, limit, upload_bytes
        self.page_limit = page_limit  # the page's own event routes (POST /gradio_api/…), per client

    def cap(self, path: str) -> int:
        """The body cap of a route."""
        if path in UPLOAD_PATHS:
            return self.upload_bytes
        return MAX_JSON_BODY if path.startswith("/api/") else MAX_PAGE_BODY

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers") or []
        peer = (scope.get("client") or ("?", 0))[0]
        forwarded = [v.decode("latin-1") for k, v in headers if k == b"x-forwarded-for"]
        address = client_address(peer, forwarded, self.trusted)
        scope.setdefault("state", {})["client"] = address
        path = scope["path"]
        limit = self.limit if path.startswith(("/api/", "/signin")) or path in UPLOAD_PATHS else \
            self.page_limit if path.startswith("/gradio_api/") and scope.get("method") == "POST" else None
        if limit is not None:
            wait = limit.retry_after(client_key(address))
            if wait is not None:
                seconds = max(1, math.ceil(wait))
                await refuse(send, 429, rate_refusal(scope, seconds), {"retry-after": str(seconds)}, said=True)
                return
        limit = self.cap(path)
        declared = [v for k, v in headers if k == b"content-length"]
        if declared and (not declared[0].isdigit() or int(declared[0]) > limit):
            await refuse(send, 413, size_refusal(scope, limit), said=True)
            return
        await self._counted(scope, receive, send, limit)

    async def _counted(self, scope, receive, send, limit: int) -> None:
        """Run the app with a receive that stops at `limit` bytes; a 413 is sent if nothing was sent yet."""
        received, started = 0, False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracked_send(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as exc:
            if not started:
                await refuse(send, 413, size_refusal(scope, exc.limit), said=True)


def request_lang(request) -> str:
    """The UI language of an API request: its `lang` query parameter when it is one of ours, else its browser's
    (Accept-Language), else English."""
    return asked_lang(str(request.query_params.get("lang", "")), request.headers.get("accept-language", ""))


def scope_lang(scope) -> str:
    """A request's language, read in the middleware before any route."""
    return request_lang(Request(scope))


def rate_refusal(scope, seconds: int) -> str:
    """The rate limit's refusal in the request's language."""
    return ui_text(scope_lang(scope), "api_rate").format(wait=seconds)


def size_refusal(scope, limit: int) -> str:
    """The body cap's refusal (413) in the request's language."""
    return ui_text(scope_lang(scope), "api_too_large").format(limit=limit)


async def refuse(send, status: int, detail: str, headers: dict[str, str] | None = None, said: bool = False) -> None:
    """A JSON refusal sent straight from the middleware (nothing of the request in it); the connection closes. One
    `said` in the reader's language leads with it as `message` too, like the API's other refusals."""
    body = json.dumps({"message": detail, "detail": detail} if said else {"detail": detail}).encode()
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *extra]})
    await send({"type": "http.response.body", "body": body})
