"""Fetching web pages politely: robots.txt, a descriptive user agent, a per-host throttle, timeouts, polite retries,
a size cap, redirects followed by hand (so a loop is named), and a clear WebError for each way a fetch can fail.

trafilatura's own fetch cannot send conditional requests (ETag / Last-Modified), tells a server error from an
unreachable host only in its log, and falls back to unverified TLS; so pages travel over urllib3 (trafilatura's HTTP
library) here, and everything after the bytes (decoding, extraction, metadata, sitemaps, feeds, links, robots.txt
rules) is trafilatura's and courlan's.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from .config import Settings
from .errors import PrivateAddress, RobotsRefused, WebError

log = logging.getLogger(__name__)

REDIRECT = (301, 302, 303, 307, 308)
RETRY_STATUS = (429, 502, 503, 504)  # worth a polite second try; a 500 is reported at once
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 2.5: a parse limit of at least 500 KiB
MAX_BACKOFF = 30.0  # seconds, for Retry-After and backoff alike
DEFAULT_INFLATE = 5 * 2**20  # bytes a compressed body may inflate to when the caller names no limit
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("xml", "rss", "atom", "text/plain", "json", "gzip")  # sitemap and feed content types (substrings)


@dataclass
class Fetched:
    """A response: the final URL after redirects, its status, headers and (capped) body."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ('' when the server sent none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self, limit: int = 0) -> str:
        """The body decoded (trafilatura's guess of the encoding); a compressed body (a .gz sitemap, or a page sent
        compressed without saying so) is inflated to at most `limit` bytes (0: DEFAULT_INFLATE), never without
        bound."""
        from trafilatura.utils import decode_file, handle_compressed_file

        limit = limit or DEFAULT_INFLATE
        inflated = handle_compressed_file(self.body, limit)
        if inflated is self.body and self.body[:3] == b"\x1f\x8b\x08" or len(inflated) > limit:
            raise WebError(f"too large once decompressed (over the {limit / 2**20:.1f} MB limit), or corrupt")
        return decode_file(inflated, limit)


def is_url(text: str) -> bool:
    """Whether a command-line argument is a web address rather than a file."""
    return str(text).lower().startswith(("http://", "https://"))


def normalize(url: str) -> str:
    """The URL without its fragment, scheme and host lower case, an empty path as '/'."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def site_of(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def text_fragment(url: str, quote_text: str) -> str:
    """The URL with a `#:~:text=` fragment that scrolls to and marks the quoted sentence in browsers that support it."""
    words = quote_text.split()
    if not words or not is_url(url):
        return url

    def enc(part: str) -> str:
        return quote(part, safe="").replace("-", "%2D")

    spec = enc(" ".join(words)) if len(words) <= 8 else f"{enc(' '.join(words[:4]))},{enc(' '.join(words[-4:]))}"
    return f"{url.split('#')[0]}#:~:text={spec}"


def parse_hosts(spec: str) -> dict[str, str]:
    """'name=address,name=address' (like curl --resolve) as a dict."""
    pairs = (item.split("=", 1) for item in spec.split(",") if "=" in item)
    return {name.strip().lower(): address.strip() for name, address in pairs}


class Fetcher:
    """GETs pages as a polite crawler; one per run (it remembers robots.txt rules and when each host was last asked)."""

    def __init__(self, settings: Settings) -> None:
        import certifi
        import urllib3

        self.settings = settings
        self.hosts = parse_hosts(settings.web_hosts)
        self.pool = urllib3.PoolManager(num_pools=20, cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
        self.timeout = urllib3.Timeout(connect=settings.web_timeout, read=settings.web_timeout)
        self._last: dict[str, float] = {}
        self._robots: dict[str, object] = {}
        self._delays: dict[str, float] = {}  # robots.txt Crawl-delay by host
        self._lock = threading.Lock()
        self.requests = 0

    @property
    def user_agent(self) -> str:
        """The User-Agent sent with every request."""
        return self.settings.web_user_agent

    def get(self, url: str, headers: dict[str, str] | None = None, kinds: tuple[str, ...] = HTML_TYPES,
            limit: int | None = None) -> Fetched:
        """GET a page, following redirects (each hop checked against robots.txt); 3xx other than redirects, 4xx and
        5xx are returned for the caller to judge. Raises WebError (RobotsRefused) with the reason."""
        seen = [normalize(url)]
        current = seen[0]
        for _ in range(MAX_REDIRECTS + 1):
            self.check_allowed(current)
            response = self.request(current, headers or {}, limit or self.settings.web_max_bytes)
            if response.status not in REDIRECT:
                if response.status == 200:
                    check_type(response, kinds)
                return response
            location = response.headers.get("location", "")
            if not location:
                raise WebError(f"redirect ({response.status}) without a Location")
            target = normalize(urljoin(current, location))
            if target in seen:
                raise WebError("redirect loop: " + " → ".join([*seen[seen.index(target):], target]))
            seen.append(target)
            current = target
        raise WebError(f"more than {MAX_REDIRECTS} redirects: " + " → ".join(seen))

    def check_allowed(self, url: str) -> None:
        """Raise RobotsRefused when the site's robots.txt forbids the URL to us, WebError while it cannot be read."""
        site = site_of(url)
        if site not in self._robots:
            self._robots[site] = self._rules(site)
            delay = getattr(self._robots[site], "crawl_delay", lambda agent: None)(self.user_agent)
            if delay:  # the site asks for more time between requests than we would leave
                self._delays[urlsplit(url).netloc.lower()] = min(float(delay), MAX_BACKOFF)
        rules = self._robots[site]
        if isinstance(rules, Unreadable):
            raise WebError(rules.reason)
        if rules is not None and not rules.can_fetch(self.user_agent, url):  # type: ignore[attr-defined]
            raise RobotsRefused(f"refused by {site}/robots.txt: {url} is disallowed for our user agent")

    def _rules(self, site: str):
        """The site's robots.txt as RFC 9309 reads it: up to MAX_REDIRECTS redirects followed; a 4xx (none there)
        allows everything; a 5xx, a 429 or no answer at all allows nothing (Unreadable) until it answers."""
        from trafilatura.spider import parse_robots

        url, seen = f"{site}/robots.txt", []
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self.request(url, {}, ROBOTS_MAX_BYTES)
            except PrivateAddress as exc:
                # this server's own setting, not an outage: the site will never "answer", so it is said as it is
                return Unreadable(str(exc))
            except WebError as exc:
                return Unreadable(f"{site}/robots.txt could not be read ({exc}): the site is not crawled until it "
                                  "answers")
            if response.status in REDIRECT and response.headers.get("location"):
                seen.append(url)
                url = normalize(urljoin(url, response.headers["location"]))
                if url in seen:
                    break
                continue
            if response.status >= 500 or response.status == 429:
                return Unreadable(f"{site}/robots.txt answered {response.status}: the site is not crawled until it "
                                  "answers")
            if response.status != 200:
                return None
            return parse_robots(url, response.text(ROBOTS_MAX_BYTES))
        log.info("robots.txt of %s redirects more than %d times: read as absent", site, MAX_REDIRECTS)
        return None

    def request(self, url: str, headers: dict[str, str], limit: int) -> Fetched:
        """One GET (no redirect followed) with the throttle, polite retries on 429/502/503/504 and timeouts."""
        retries = max(0, self.settings.web_retries)
        for attempt in range(retries + 1):
            self.throttle(url)
            try:
                response = self._send(url, headers, limit)
            except TimeoutError_ as exc:
                if attempt == retries:
                    raise WebError(f"timed out after {self.settings.web_timeout:g} s ({exc})") from None
                time.sleep(min(2.0 ** attempt, MAX_BACKOFF))
                continue
            if response.status in RETRY_STATUS and attempt < retries:
                time.sleep(retry_after(response.headers.get("retry-after", ""), 2.0 ** attempt))
                continue
            return response
        raise AssertionError("unreachable")

    def throttle(self, url: str) -> None:
        """Wait until the host's last request is `web_delay` seconds old (requests to one host never overlap)."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            delay = max(self.settings.web_delay, self._delays.get(host, 0.0))
            wait = self._last.get(host, 0.0) + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    def _send(self, url: str, headers: dict[str, str], limit: int) -> Fetched:
        import urllib3

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WebError(f"not a web address: {url}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = self.address(parts.hostname, port)
        sent = {"User-Agent": self.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "*/*;q=0.5", "Accept-Encoding": "gzip, deflate", **headers}
        try:
            # Connect to the address that was checked, never to a second resolution of the name (DNS rebinding):
            # the host name still goes in Host, in TLS SNI and in the certificate check.
            pool = self.pool.connection_from_host(address, port, parts.scheme,
                                                  pool_kwargs={"server_hostname": parts.hostname,
                                                               "assert_hostname": parts.hostname})
            response = pool.urlopen("GET", urlunsplit(("", "", parts.path or "/", parts.query, "")),
                                    headers={**sent, "Host": parts.netloc}, redirect=False, retries=False,
                                    timeout=self.timeout, preload_content=False)
        except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.NameResolutionError) as exc:
            # before timeouts: urllib3 files a refused connection under ConnectTimeoutError too
            raise WebError(f"unreachable host {parts.netloc} ({_reason(exc)})") from None
        except (urllib3.exceptions.TimeoutError, TimeoutError) as exc:
            raise TimeoutError_(str(exc)) from None
        except urllib3.exceptions.SSLError as exc:
            raise WebError(f"TLS error ({_reason(exc)})") from None
        except OSError as exc:
            raise WebError(f"unreachable host {parts.netloc} ({_reason(exc)})") from None
        except urllib3.exceptions.HTTPError as exc:
            raise WebError(f"HTTP error ({_reason(exc)})") from None
        self.requests += 1
        try:
            return Fetched(url, response.status, {k.lower(): v for k, v in response.headers.items()},
                           read_capped(response, limit))
        finally:
            response.release_conn()

    def address(self, host: str, port: int) -> str:
        """The one address to connect to for a host: its fixed address (web_hosts), or the name resolved once with
        every address it gives checked (private and loopback ones refused unless web_private: an admin's URL must
        not reach the server's own network)."""
        fixed = self.hosts.get(host.lower())
        if fixed:
            return fixed
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise WebError(f"unreachable host {host} (name not resolved: {exc.strerror})") from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not addresses:
            raise WebError(f"unreachable host {host} (the name has no address)")
        for ip in addresses if not self.settings.web_private else ():
            if not ip.is_global:
                raise PrivateAddress(f"refused by this server's settings: {host} is a private or loopback address "
                                     f"({ip}); set ASSISTANT_WEB_PRIVATE=1 to allow intranet addresses")
        return str(addresses[0])


@dataclass
class Unreadable:
    """A robots.txt that could not be read (5xx, 429, no answer): nothing of its site is fetched in this run."""

    reason: str


class TimeoutError_(Exception):
    """A request timed out (internal: retried, then a WebError)."""


def _reason(exc: BaseException) -> str:
    """The innermost useful reason of a urllib3 error, short."""
    reason = getattr(exc, "reason", None) or exc
    return str(reason).split(": ", 1)[-1][:160] if str(reason) else type(exc).__name__


def read_capped(response, limit: int) -> bytes:
    """The body, refused past `limit` bytes (Content-Length checked first, then while streaming)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise WebError(f"too large ({int(declared) / 2**20:.1f} MB; the limit is {limit / 2**20:.1f} MB)")
    data = bytearray()
    for piece in response.stream(2**16):
        data += piece
        if len(data) > limit:
            raise WebError(f"too large (over the {limit / 2**20:.1f} MB limit)")
    return bytes(data)


def check_type(response: Fetched, kinds: tuple[str, ...]) -> None:
    """Refuse a body whose content type is none of `kinds` (a missing type is judged by the body's start)."""
    ctype = response.content_type
    if not ctype:
        head = response.body[:512].lstrip().lower()
        if kinds == HTML_TYPES and not (head.startswith(b"<!doctype html") or b"<html" in head):
            raise WebError("not an HTML page (no content type, and the body is not HTML)")
        return
    if not any(kind in ctype for kind in kinds):
        raise WebError(f"not an HTML page ({ctype})" if kinds == HTML_TYPES else f"unexpected content type {ctype}")


def retry_after(value: str, default: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped at MAX_BACKOFF."""
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_BACKOFF)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return min(max(0.0, when.timestamp() - time.time()), MAX_BACKOFF)
    except (TypeError, ValueError):
        return min(default, MAX_BACKOFF)
