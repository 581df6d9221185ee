"""Web sources in the catalog (assistant.webingest): the pages, sitemaps, feeds and crawls to keep fresh."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass
class WebSourceRow:
    """A web address to keep fresh: a page (kind 'page') or a seed that lists pages ('sitemap', 'feed', 'crawl')."""

    url: str
    kind: str
    origin: str = ""  # the seed a page was found through ('' for a page given directly)
    doc: str = ""  # the indexed document (canonical URL) of a page
    options: str = "{}"  # JSON: manifest metadata of a page; max_pages, same_site and skip of a seed
    etag: str = ""
    modified: str = ""  # Last-Modified as sent by the server
    hash: str = ""  # the content hash of the indexed version
    status: int = 0  # the HTTP status of the last check (0: no answer)
    state: str = ""  # ok, unchanged, changed, gone, error, refused
    message: str = ""
    site: str = ""  # the site name from the page's metadata
    checked_at: str = ""


class WebSources:
    """The catalog's web_sources table (a mixin of catalog.Catalog, which gives `connect`)."""

    def web_sources(self) -> list[WebSourceRow]:
        """Every web source, seeds first, then pages by URL."""
        with self.connect() as conn:
            rows = conn.execute(f"SELECT {', '.join(WebSourceRow.__dataclass_fields__)} FROM web_sources "
                                "ORDER BY kind = 'page', url")
            return [WebSourceRow(*row) for row in rows]

    def save_web_sources(self, rows: list[WebSourceRow]) -> None:
        """Insert or replace web sources in one transaction."""
        fields = WebSourceRow.__dataclass_fields__
        with self.connect() as conn:
            conn.executemany(f"INSERT OR REPLACE INTO web_sources({', '.join(fields)}) VALUES "
                             f"({', '.join('?' * len(fields))})", [tuple(asdict(r).values()) for r in rows])

    def delete_web_sources(self, rows: list[WebSourceRow]) -> None:
        """Forget these web sources in one transaction."""
        with self.connect() as conn:
            conn.executemany("DELETE FROM web_sources WHERE url = ? AND kind = ?", [(r.url, r.kind) for r in rows])

    def forget_page(self, doc: str) -> None:
        """The admin deleted this document: its pages leave the list, and the sitemap, feed or crawl that found each
        skips it from now on (its next check would index it again otherwise: a delete that silently comes back)."""
        sources = self.web_sources()
        pages = [s for s in sources if s.kind == "page" and s.doc == doc]
        seeds = []
        for seed in sources:
            skipped = {p.url for p in pages if p.origin == seed.url and seed.kind != "page"}
            if skipped:
                options = json.loads(seed.options or "{}")
                options["skip"] = sorted({*options.get("skip", []), *skipped})
                seeds.append(WebSourceRow(**{**asdict(seed), "options": json.dumps(options)}))
        self.save_web_sources(seeds)
        self.delete_web_sources(pages)

    def source_pages(self, url: str) -> tuple[WebSourceRow | None, list[WebSourceRow]]:
        """A web source (None: none of this address) and the pages that go with it: a page itself, or every page a
        sitemap, feed or crawl found."""
        sources = self.web_sources()
        row = next((s for s in sources if s.url == url), None)
        if row is None or row.kind == "page":
            return row, [row] if row else []
        return row, [s for s in sources if s.kind == "page" and s.origin == url]
