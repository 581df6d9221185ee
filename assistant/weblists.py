"""What to index (a Seed), and the sitemaps and feeds that list a site's pages (a mixin of webingest.WebIngestor):
their page addresses read with trafilatura, capped, and those the admin deleted left out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from .errors import WebError
from .ingest import IngestReport
from .web import XML_TYPES, normalize, site_of
from .webpages import ip_hint
from .websources import WebSourceRow


def now() -> str:
    """The current UTC time, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Seed:
    """What to index: a page, or a sitemap, feed or crawl start that lists pages."""

    url: str
    kind: str = "page"
    max_pages: int = 0  # 0: the settings' web_max_pages
    same_site: bool = False  # crawl: only this scheme and host (otherwise: the same domain, subdomains too)

    def row(self) -> WebSourceRow:
        """The catalog row that remembers this seed."""
        options = {"max_pages": self.max_pages, "same_site": self.same_site} if self.kind != "page" else {}
        return WebSourceRow(url=normalize(self.url), kind=self.kind, options=json.dumps(options))


class Listings:
    """Reads sitemaps and feeds for WebIngestor, which gives settings, fetcher, _seed_row, _save and _limit."""

    def _listed(self, seed: Seed, report: IngestReport) -> list[str]:
        """The page URLs of a sitemap or feed, at most max_pages; its row records how that went."""
        row = self._seed_row(seed)
        try:
            urls, notes = (self._sitemap if seed.kind == "sitemap" else self._feed)(seed)
            for note in notes:
                report.warnings.append((seed.url, note))
            if not urls:
                raise WebError(f"no page address found in this {seed.kind}" + ip_hint(seed.url))
            # the pages the admin deleted stay out (Catalog.forget_page): listed again, never indexed again
            skip = set(json.loads(row.options or "{}").get("skip", []))
            kept = [url for url in urls if url not in skip]
            said = f"{len(kept)} pages" + (f"; deleted by the admin, not indexed again: {len(urls) - len(kept)}"
                                           if len(kept) < len(urls) else "")
            row = replace(row, state="ok", status=200, message=said + "".join(f"; {n}" for n in notes),
                          checked_at=now())
            urls = kept
        except WebError as exc:
            urls = []
            row = replace(row, state="error", message=str(exc), checked_at=now())
            report.failed.append((seed.url, str(exc)))
        self._save(row)
        return urls

    def _sitemap(self, seed: Seed) -> tuple[list[str], list[str]]:
        """A sitemap's page URLs with trafilatura's sitemap reader, nested sitemaps followed up to web_max_sitemaps."""
        from trafilatura.sitemaps import SitemapObject

        limit, most, notes = self._limit(seed), self.settings.web_max_sitemaps, []
        sitemap = SitemapObject(site_of(seed.url), urlsplit(seed.url).hostname or "", [normalize(seed.url)])
        skipped = 0  # nested sitemaps named beyond the limit (never kept: a bomb names millions)
        while sitemap.sitemap_urls and len(sitemap.urls) < limit:
            sitemap.current_url = sitemap.sitemap_urls.pop(0)
            sitemap.seen.add(sitemap.current_url)
            try:
                sitemap.content = self._xml(sitemap.current_url)
            except WebError as exc:
                if len(sitemap.seen) == 1:
                    raise
                notes.append(f"sitemap {sitemap.current_url}: {exc}")
                continue
            sitemap.process()
            sitemap.urls = sitemap.urls[:limit + 1]  # one more tells _capped that some were left
            fresh = [s for s in dict.fromkeys(sitemap.sitemap_urls) if s not in sitemap.seen]
            room = max(0, most - len(sitemap.seen))
            skipped += max(0, len(fresh) - room)
            sitemap.sitemap_urls = fresh[:room]
        if skipped:
            notes.append(f"{skipped} nested sitemaps not read (the limit is {most} sitemaps)")
        return self._capped(sitemap.urls, limit, notes), notes

    def _feed(self, seed: Seed) -> tuple[list[str], list[str]]:
        """A feed's (RSS, Atom, JSON Feed) entry URLs with trafilatura's feed reader."""
        from trafilatura.feeds import FeedParameters, extract_links

        content = self._xml(seed.url)
        parts = urlsplit(seed.url)
        links = extract_links(content, FeedParameters(site_of(seed.url), parts.hostname or "", normalize(seed.url)))
        if not links:
            raise WebError("not a feed, or a feed without entries")
        notes: list[str] = []
        return self._capped(links, self._limit(seed), notes), notes

    def _xml(self, url: str) -> str:
        """A sitemap or feed body as text (an error status is a WebError)."""
        fetched = self.fetcher.get(url, kinds=XML_TYPES)
        if fetched.status != 200:
            raise WebError(f"HTTP {fetched.status}")
        return fetched.text(self.settings.web_max_bytes)

    @staticmethod
    def _capped(urls: Iterable[str], limit: int, notes: list[str]) -> list[str]:
        unique = list(dict.fromkeys(normalize(u) for u in urls))
        if len(unique) > limit:
            notes.append(f"more than {limit} pages listed; only the first {limit} are taken (--max-pages)")
        return unique[:limit]
