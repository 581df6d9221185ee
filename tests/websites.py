"""A real local website for the web tests: http.server in a thread, pages in several languages, robots.txt, a sitemap,
a feed, ETags, and the bad cases (redirect loop, binary, huge page, sitemap bomb). Its pages can change between runs."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from assistant.config import Settings

HOST = "cluster.test"  # a name courlan accepts (it refuses an IP with a port); mapped to 127.0.0.1 by web_hosts


def web_settings(index: Path, **overrides) -> Settings:
    """Settings for the local site: its host name mapped to 127.0.0.1, a short throttle (the tests' server is ours),
    and a vanished page removed on the check after the one that first found it gone (no 24 h wait)."""
    base = dict(index_dir=index, collection="test", web_delay=0.02, web_retries=1, web_timeout=10.0,
                web_hosts=f"{HOST}=127.0.0.1", web_gone_hours=0.0)
    return Settings(**{**base, **overrides})


def article(title: str, lang: str, paragraphs: list[str], canonical: str = "") -> str:
    """An HTML page with navigation and footer around its main text."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{link}'
            f'<meta name="date" content="2025-05-12"></head><body><nav><a href="/">Home</a> '
            f'<a href="/en/clusters.html">EN</a> <a href="/fr/poles.html">FR</a> <a href="/sv/kluster.html">SV</a> '
            f'<a href="/de/cluster.html">DE</a> <a href="/private/secret.html">Intern</a> '
            f'<a href="/news/changing.html">News</a> <a href="/old/vanishing.html">Archive</a></nav>'
            f"<article><h1>{title}</h1>{body}</article><footer>© Cluster network</footer></body></html>")


PAGES = {
    "/en/clusters.html": article("Cluster excellence in Europe", "en", [
        "The European Cluster Collaboration Platform lists more than one thousand cluster organisations across "
        "Europe. It helps clusters find partners in other regions and countries for joint innovation projects.",
        "The platform awards the Cluster Excellence label after an independent benchmarking of management "
        "quality, services to members, and financial sustainability of each cluster organisation."]),
    "/fr/poles.html": article("Les pôles de compétitivité en Occitanie", "fr", [
        "La région Occitanie soutient treize pôles de compétitivité, dont Aerospace Valley pour l'aéronautique et "
        "le spatial, qui rassemble plus de huit cents membres entre Toulouse et Bordeaux.",
        "Chaque pôle accompagne ses entreprises adhérentes dans le montage de projets collaboratifs de recherche "
        "et développement, financés en partie par l'État et par la région."]),
    "/sv/kluster.html": article("Klusterprogram i Västra Götaland", "sv", [
        "Västra Götalandsregionen finansierar tolv klusterinitiativ inom bland annat fordonsindustri, life science "
        "och maritima näringar. Programmet startade 2016 och har en årlig budget på 40 miljoner kronor.",
        "Klusterorganisationerna hjälper små och medelstora företag att hitta partner för forskning och "
        "innovation, både i Sverige och i andra europeiska länder."]),
    "/de/cluster.html": article("Clusterpolitik in Baden-Württemberg", "de", [
        "Baden-Württemberg fördert mehr als hundert Clusterinitiativen und Netzwerke. Die Clusteragentur des Landes "
        "berät die Clustermanagements und organisiert jährlich einen Clusterkongress in Stuttgart.",
        "Im Wettbewerb Cluster-Exzellenz Baden-Württemberg werden Clusterinitiativen mit bis zu 500.000 Euro für "
        "die Professionalisierung ihres Managements unterstützt."]),
    "/private/secret.html": article("Internal notes", "en", [
        "These internal notes of the cluster secretariat must never be indexed by a crawler, robots.txt forbids "
        "them. The budget figures here are drafts that change every week and are not public.",
        "Anyone reading this in a search result has found a crawler that ignores robots.txt."]),
    "/news/changing.html": article("Call for cluster projects 2025", "en", [
        "The 2025 call for cluster projects opens in March. Consortia of at least three clusters from two "
        "countries can apply for up to 200,000 euros of support for a joint internationalisation strategy.",
        "Applications are assessed by an independent panel of experts in cluster management."]),
    "/old/vanishing.html": article("Cluster mapping 2019 archive", "en", [
        "The 2019 cluster mapping identified forty-two emerging industries in Europe, from blue biotechnology to "
        "experience industries, and measured their employment in every region of the Union.",
        "This archived page will be taken offline once the new mapping is published."]),
    "/broken/500.html": "",  # always a server error
    "/flaky.html": article("Cluster services for start-ups", "en", [
        "Many clusters offer start-ups a soft-landing package: a desk in the cluster house, introductions to "
        "large member companies and coaching for their first public funding application.",
        "The package is free for the first six months for start-ups that join the cluster as members."]),
}
CHANGED = article("Call for cluster projects 2026", "en", [
    "The 2026 call for cluster projects opens in September. Consortia of at least four clusters from three "
    "countries can apply for up to 350,000 euros of support for joint green transition projects.",
    "Applications are assessed by an independent panel of experts in cluster management. Finnish clusters "
    'have <a href="/news/new-call.html">a call of their own</a>.'])
NEW = article("Kutsu klusterihankkeisiin 2026", "fi", [
    "Uusi kutsu klusterihankkeisiin avataan syyskuussa 2026. Hakijoina voivat olla vähintään kolmen klusterin "
    "konsortiot kahdesta maasta, ja tukea myönnetään enintään 300 000 euroa yhteistä vihreää siirtymää varten.",
    "Hakemukset arvioi riippumaton asiantuntijapaneeli, ja päätökset tehdään joulukuussa."])
LISTED = ["/en/clusters.html", "/fr/poles.html", "/sv/kluster.html", "/de/cluster.html", "/private/secret.html",
          "/news/changing.html", "/old/vanishing.html", "/broken/500.html", "/flaky.html"]


class Site:
    """The website's state: what each path answers, and a log of the requests it received."""

    def __init__(self) -> None:
        self.pages = dict(PAGES)
        self.errors: dict[str, int] = {"/broken/500.html": 500}
        self.requests: list[tuple[float, str, str, str]] = []  # time, path, user agent, If-None-Match
        self.port = 0
        self.crawl_delay = 0  # robots.txt Crawl-delay in seconds (0: none)
        self.robots_answer: tuple[int, str] | None = None  # (status, Location) instead of the robots.txt
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        """The site's address (its host name mapped to 127.0.0.1)."""
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        """The full URL of a path on the site."""
        return self.base + path

    def change(self) -> None:
        """The second state: one page changed, one gone, one failing with 500."""
        self.pages["/news/changing.html"] = CHANGED
        del self.pages["/old/vanishing.html"]
        self.errors["/flaky.html"] = 500
        self.pages["/news/new-call.html"] = NEW  # linked from the changed page only

    def robots(self) -> str:
        delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
        return f"User-agent: *\n{delay}Disallow: /private/\n\nSitemap: {self.base}/sitemap.xml\n"

    def sitemap(self) -> str:
        entries = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in LISTED)
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')

    def feed(self) -> str:
        items = "".join(f"<item><title>{p}</title><link>{self.base}{p}</link></item>"
                        for p in ("/news/changing.html", "/de/cluster.html"))
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'

    def home(self) -> str:
        links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in LISTED)
        return article("Cluster network", "en", [
            "Welcome to the cluster network, which connects cluster organisations of many European regions and "
            "publishes their programmes, calls and good practices in their own languages."]).replace(
            "</article>", f"<ul>{links}</ul></article>")


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """The request handler class bound to a Site."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?")[0]
            with site.lock:
                site.requests.append((time.monotonic(), path, self.headers.get("User-Agent", ""),
                                      self.headers.get("If-None-Match", "")))
            special = {"/robots.txt": (site.robots, "text/plain"), "/sitemap.xml": (site.sitemap, "application/xml"),
                       "/feed.xml": (site.feed, "application/rss+xml"), "/": (site.home, "text/html; charset=utf-8")}
            if path == "/robots.txt" and site.robots_answer:
                status, location = site.robots_answer
                if status == 0:  # no answer in time
                    time.sleep(3)
                    status = 200
                return self.send(status, b"", "text/plain", **({"Location": location} if location else {}))
            if path == "/moved/robots.txt":  # where a redirected robots.txt lies
                return self.send(200, b"User-agent: *\nDisallow: /en/\n", "text/plain")
            if path in special:
                make, ctype = special[path]
                return self.send(200, make().encode(), ctype)
            if path in site.errors:
                return self.send(site.errors[path], b"<html><body>Internal Server Error</body></html>")
            if path in site.pages:
                body = site.pages[path].encode()
                etag = '"' + hashlib.md5(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return self.send(200, body, ETag=etag)
            return self.bad(path)

        def bad(self, path: str) -> None:
            """The hostile corners of the site."""
            if path == "/to-loopback":  # a redirect from the named site to a loopback address
                return self.send(302, b"", Location=f"http://127.0.0.1:{site.port}/en/clusters.html")
            if path == "/loop/a":
                return self.send(302, b"", Location="/loop/b")
            if path == "/loop/b":
                return self.send(302, b"", Location="/loop/a")
            if path == "/slow.html":  # never answers in time
                time.sleep(3)
                return self.send(200, PAGES["/en/clusters.html"].encode())
            if path == "/busy.html":  # 503 with Retry-After the first time, then the page
                if sum(1 for _, p, _, _ in site.requests if p == path) == 1:
                    return self.send(503, b"busy", Retry_After="1")
                return self.send(200, PAGES["/sv/kluster.html"].replace("Västra Götaland", "Skåne").encode())
            if path in ("/gzip-bomb.html", "/gzip-unsaid.html"):  # 15 MB of markup compressed to ~15 KB, chunked
                body = gzip.compress(b"<html><body><p>" + b"cluster " * (15 * 2**20 // 8) + b"</p></body></html>")
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                if path == "/gzip-bomb.html":
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                for at in range(0, len(body), 4096):
                    piece = body[at:at + 4096]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                self.close_connection = True
                return None
            if path == "/report.bin":
                return self.send(200, bytes(range(256)) * 64, "application/octet-stream")
            if path == "/huge.html":
                return self.stream(b"<p>" + b"cluster " * 8000 + b"</p>", 40 * 2**20)  # 40 MB, no length sent
            if path == "/bomb/index.xml":  # a sitemap index naming 1000 sitemaps, each naming 1000 more
                return self.send(200, index(site.base, "/bomb/nested", 1000).encode(), "application/xml")
            if path.startswith("/bomb/nested"):
                return self.send(200, index(site.base, path + "-", 1000).encode(), "application/xml")
            if path == "/bomb/million.xml":  # one million URLs (about 60 MB), streamed
                return self.million()
            return self.send(404, b"<html><body>Not found</body></html>")

        def stream(self, piece: bytes, total: int, ctype: str = "text/html") -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Connection", "close")
            self.end_headers()
            sent = 0
            try:
                while sent < total:
                    self.wfile.write(piece)
                    sent += len(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def million(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
                for start in range(0, 1_000_000, 10_000):
                    self.wfile.write("".join(f"<url><loc>{site.base}/p/{i}.html</loc></url>"
                                             for i in range(start, start + 10_000)).encode())
                self.wfile.write(b"</urlset>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

    return Handler


def index(base: str, prefix: str, n: int) -> str:
    """A sitemap index naming n sitemaps."""
    entries = "".join(f"<sitemap><loc>{base}{prefix}{i}.xml</loc></sitemap>" for i in range(n))
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</sitemapindex>")


class Server:
    """The Site served on a free loopback port in a thread (a context manager)."""

    def __init__(self, site: Site | None = None) -> None:
        self.site = site or Site()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(self.site))
        self.httpd.daemon_threads = True
        self.site.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self.site

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
