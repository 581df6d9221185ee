"""Web sources into the index: pages, sitemaps, feeds and small crawls, then `refresh` keeps them current.

Pages go through the file ingest's own pipeline (prepare -> embed -> pending -> vectors -> one catalog commit), so a
kill at any point leaves the old or the new version visible. A page's state (validators, hash) is saved only after
its document is committed: a rerun after a kill never takes a 304 for a version that was not stored.
A page answering 404/410 is removed once it has been gone for web_gone_hours (checked twice at least); a removed page
is checked again on refresh and comes back when it answers; a 5xx keeps the indexed version. A page the admin deleted
is skipped by the sitemap, feed or crawl that found it (it comes back only when added by its own address).
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from .catalog import Catalog
from .config import Settings
from .errors import RobotsRefused, WebError
from .ingest import Ingestor, IngestReport, Prepared, Progress, prepare
from .web import HTML_TYPES, Fetched, Fetcher, normalize
from .weblists import Listings, Seed, now  # Seed: imported from here by api.py, the CLI and tests
from .webpages import http_reason, ip_hint, links_of, web_document
from .websources import WebSourceRow

log = logging.getLogger(__name__)

SEEDS = ("page", "sitemap", "feed", "crawl")
GONE = (404, 410)
FLUSH_PAGES = 16  # changed pages embedded and committed together: a kill loses at most this much work


@dataclass
class Visit:
    """A page to fetch: its URL, the seed it came from, and whether its links are followed (a crawl)."""

    url: str
    origin: str = ""
    crawl: Seed | None = None


@dataclass
class Outcome:
    """What fetching one page gave: a row to save, and a prepared document when it changed."""

    row: WebSourceRow
    prepared: Prepared | None = None
    links: list[str] = field(default_factory=list)


class WebIngestor(Listings):
    """Fetches web sources politely and stores changed pages through an Ingestor (the caller holds the write lock)."""

    def __init__(self, settings: Settings, ingestor: Ingestor, catalog: Catalog) -> None:
        self.settings = settings
        self.ingestor = ingestor
        self.catalog = catalog
        self.fetcher = Fetcher(settings)
        self.manifest: dict[str, dict] = {}  # manifest metadata by normalized URL
        self.rows: dict[str, WebSourceRow] = {}  # the pages as this run found them, by URL
        self.seed_rows: dict[tuple[str, str], WebSourceRow] = {}  # the sitemaps, feeds and crawls by (kind, URL)
        self.committed: dict[str, str] = {}  # committed content hash by doc id
        self.skips: dict[str, set[str]] = {}  # the pages each seed no longer indexes, by seed URL

    def run(self, seeds: list[Seed], manifest: dict[str, dict] | None = None, refresh: bool = False,
            progress: Progress | None = None) -> IngestReport:
        """Index the seeds (and, with `refresh`, re-check every known source); one report line per problem."""
        started = time.perf_counter()
        report = IngestReport()
        self.ingestor.recover()
        self.manifest = {normalize(url): meta for url, meta in (manifest or {}).items()}
        sources = self.catalog.web_sources()
        self.rows = {r.url: r for r in sources if r.kind == "page"}
        self.seed_rows = {(r.kind, r.url): r for r in sources if r.kind != "page"}
        # by seed, the pages the admin deleted (Catalog.forget_page): a crawl does not index them again either
        self.skips = {r.url: set(json.loads(r.options or "{}").get("skip", [])) for r in self.seed_rows.values()}
        self.committed = self.catalog.hashes()
        self.catalog.save_web_sources([self._seed_row(s) for s in seeds if s.kind != "page"])
        if refresh:
            seeds = [*seeds, *(self._seed(r) for r in self.seed_rows.values())]
        visits = self._expand(seeds, report)
        if refresh:
            # a crawl's known pages are crawled again: a new page may hang below any of them
            crawls = {normalize(s.url): s for s in seeds if s.kind == "crawl"}
            # removed pages too: one that answers again is indexed again
            visits += [Visit(r.url, r.origin, crawls.get(r.origin)) for r in self.rows.values()]
        self._visit_all(visits, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _seed_row(self, seed: Seed) -> WebSourceRow:
        """The seed's row, keeping what an earlier run recorded."""
        row = seed.row()
        old = self.seed_rows.get((row.kind, row.url))
        if old is None:
            return row
        skip = json.loads(old.options or "{}").get("skip")  # the pages the admin deleted stay out, added again too
        return replace(old, options=json.dumps({**json.loads(row.options), **({"skip": skip} if skip else {})}))

    @staticmethod
    def _seed(row: WebSourceRow) -> Seed:
        options = json.loads(row.options or "{}")
        return Seed(row.url, row.kind, int(options.get("max_pages", 0)), bool(options.get("same_site", False)))

    def _limit(self, seed: Seed) -> int:
        return seed.max_pages or self.settings.web_max_pages

    def _expand(self, seeds: list[Seed], report: IngestReport) -> list[Visit]:
        """The pages the seeds name: a page itself, a sitemap's or feed's entries, a crawl's start page."""
        visits: list[Visit] = []
        done: set[tuple[str, str]] = set()
        for seed in seeds:
            key = (seed.kind, normalize(seed.url))
            if key in done:
                continue
            done.add(key)
            if seed.kind == "page":
                visits.append(Visit(normalize(seed.url)))
            elif seed.kind == "crawl":
                visits.append(Visit(normalize(seed.url), normalize(seed.url), seed))
                if ip_hint(seed.url):
                    report.warnings.append((seed.url, "links will not be followed" + ip_hint(seed.url)))
            else:
                urls = self._listed(seed, report)
                visits += [Visit(url, normalize(seed.url)) for url in urls]
        return visits

    def _visit_all(self, visits: list[Visit], report: IngestReport, progress: Progress | None) -> None:
        """Fetch every page once (breadth-first for crawls), storing changed ones in batches."""
        queue, queued = deque(visits), {v.url for v in visits}
        seen: set[str] = set()
        docs: dict[str, str] = {}  # doc id -> the URL that gave it in this run
        crawls: dict[str, list] = {}  # crawl seed -> [seed, pages reached, pages it may still add]
        batch: list[Outcome] = []
        while queue:
            visit = queue.popleft()
            if visit.url in seen:
                continue
            seen.add(visit.url)
            outcome = self.visit(visit, report)
            if visit.crawl:
                self._enqueue(visit, outcome, crawls, queue, queued)
            if self._keep(visit, outcome, docs, report):
                batch.append(outcome)
                if len(batch) >= FLUSH_PAGES:
                    self._flush(batch, report, progress)
                    batch = []
        self._flush(batch, report, progress)
        self._crawled(crawls)

    def _enqueue(self, visit: Visit, outcome: Outcome, crawls: dict[str, list], queue: deque[Visit],
                 queued: set[str]) -> None:
        """A crawl's next pages: the page's links on the site, while the crawl's page budget lasts."""
        assert visit.crawl is not None
        key = normalize(visit.crawl.url)
        state = crawls.setdefault(key, [visit.crawl, 0, self._limit(visit.crawl) - 1, outcome.row.message])
        state[1] += outcome.row.state in ("changed", "unchanged", "ok")
        for link in self._follow(visit.crawl, outcome.links):
            if state[2] <= 0:
                break
            if link not in queued:
                queued.add(link)
                queue.append(Visit(link, key, visit.crawl))
                state[2] -= 1

    def _keep(self, visit: Visit, outcome: Outcome, docs: dict[str, str], report: IngestReport) -> bool:
        """Whether the outcome is a changed document to store; any other outcome's row is saved at once."""
        if visit.url in self.skips.get(visit.origin, ()):  # a crawl's start page the admin deleted: only its links
            return False
        if outcome.prepared is None:
            if outcome.row.doc:
                docs.setdefault(outcome.row.doc, visit.url)
            self._save(outcome.row)
            return False
        doc = outcome.prepared.doc.doc_id
        if doc in docs:  # two addresses, one canonical page
            report.unchanged.append(doc)
            self._save(replace(outcome.row, state="ok", message=f"same page as {docs[doc]}"))
            return False
        docs[doc] = visit.url
        return True

    def _crawled(self, crawls: dict[str, list]) -> None:
        """Record on each crawl seed's row that it ran, and how many pages it reached."""
        for seed, reached, _, first in crawls.values():
            state, message = ("ok", f"{reached} pages read") if reached else ("error", first)
            self._save(replace(self._seed_row(seed), state=state, message=message, checked_at=now()))

    def _follow(self, seed: Seed, links: list[str]) -> list[str]:
        """The links a crawl follows: the same site (or host, with same_site), in a stable order."""
        start = urlsplit(seed.url)
        kept = []
        for link in sorted(set(links)):
            parts = urlsplit(link)
            if seed.same_site and (parts.scheme, parts.netloc.lower()) != (start.scheme, start.netloc.lower()):
                continue
            if normalize(link) not in self.skips.get(normalize(seed.url), ()):  # deleted by the admin
                kept.append(normalize(link))
        return kept

    def _flush(self, batch: list[Outcome], report: IngestReport, progress: Progress | None) -> None:
        """Store the batch's documents (the file ingest's crash-safe write), then remember their pages' state."""
        if not batch:
            return
        self.ingestor.write_prepared([o.prepared for o in batch if o.prepared], report, progress)
        self.catalog.save_web_sources([o.row for o in batch])
        self.rows.update({o.row.url: o.row for o in batch})
        for o in batch:
            self.committed[o.row.doc] = o.row.hash

    def _save(self, row: WebSourceRow) -> None:
        self.catalog.save_web_sources([row])
        if row.kind == "page":
            self.rows[row.url] = row
        else:
            self.seed_rows[(row.kind, row.url)] = row

    def visit(self, visit: Visit, report: IngestReport) -> Outcome:
        """Fetch one page (conditionally when its indexed version is known) and judge the answer."""
        old = self.rows.get(visit.url) or WebSourceRow(url=visit.url, kind="page", origin=visit.origin)
        row = replace(old, origin=old.origin or visit.origin, checked_at=now())
        indexed = bool(old.doc) and self.committed.get(old.doc) == old.hash and bool(old.hash)
        headers = {}
        stored = json.loads(old.options or "{}").get("meta") or {}
        fresh_meta = visit.url in self.manifest and self.manifest[visit.url] != stored
        if indexed and not visit.crawl and not fresh_meta:  # a crawl needs the page itself, for its links
            headers = {k: v for k, v in (("If-None-Match", old.etag), ("If-Modified-Since", old.modified)) if v}
        try:
            fetched = self.fetcher.get(visit.url, headers=headers, kinds=HTML_TYPES)
        except RobotsRefused as exc:
            report.failed.append((visit.url, str(exc)))
            return Outcome(replace(row, status=0, state="refused", message=str(exc)))
        except WebError as exc:
            return Outcome(self._failed(row, indexed, str(exc), report))
        row = replace(row, status=fetched.status)
        if fetched.status == 304 and indexed:
            report.unchanged.append(old.doc)
            if self.ingestor.groups and self.ingestor.regroup(old.doc, self.ingestor.wanted_groups(old.doc, {})):
                report.regrouped.append(old.doc)
            return Outcome(replace(row, state="unchanged", message=""))
        if fetched.status in GONE:
            return Outcome(self._gone(row, old, indexed, report))
        if fetched.status != 200:
            return Outcome(self._failed(row, indexed, http_reason(fetched.status), report))
        return self._page(fetched, row, visit, report)

    def _failed(self, row: WebSourceRow, indexed: bool, reason: str, report: IngestReport) -> WebSourceRow:
        """A fetch that failed (network, 5xx, other 4xx): reported; an indexed version is kept."""
        kept = "; the indexed version is kept" if indexed else ""
        report.failed.append((row.url, reason + kept))
        return replace(row, state="error", message=reason + kept)

    def _gone(self, row: WebSourceRow, old: WebSourceRow, indexed: bool, report: IngestReport) -> WebSourceRow:
        """404/410: an indexed page is kept until it has been missing for web_gone_hours (two checks at least), so
        a passing outage or two clicks of "check now" remove nothing; then it is removed."""
        options = json.loads(old.options or "{}")
        since = str(options.get("gone_since") or "") if old.state == "gone" else ""
        missing = age_hours(since)
        if indexed and (not since or missing < self.settings.web_gone_hours):
            since = since or now()
            note = (f"not found (HTTP {row.status}) since {since}; removed if still missing "
                    f"{self.settings.web_gone_hours:g} h after that")
            report.warnings.append((row.url, note))
            return replace(row, state="gone", message=note, options=json.dumps({**options, "gone_since": since}))
        if indexed:
            self.ingestor.remove(old.doc)
            report.removed.append(old.doc)
            self.committed.pop(old.doc, None)
        elif old.state != "removed":
            report.failed.append((row.url, f"not found (HTTP {row.status})"))
        return replace(row, doc="", hash="", etag="", modified="", state="removed" if indexed or old.state ==
                       "removed" else "gone", message=f"HTTP {row.status}")

    def _page(self, fetched: Fetched, row: WebSourceRow, visit: Visit, report: IngestReport) -> Outcome:
        """A 200 answer: extract, compare with the indexed version, prepare when it changed."""
        try:
            html = fetched.text(self.settings.web_max_bytes)
        except WebError as exc:
            report.failed.append((row.url, str(exc)))
            return Outcome(replace(row, state="error", message=str(exc)))
        links = links_of(html, fetched.url) if visit.crawl else []
        meta = self.manifest.get(row.url) or json.loads(row.options or "{}").get("meta") or {}
        try:
            doc = web_document(html, fetched.url, meta, self.settings)
            if not meta:
                meta = self.manifest.get(doc.doc_id, {})
                doc = web_document(html, fetched.url, meta, self.settings) if meta else doc
            doc.groups = self.ingestor.wanted_groups(doc.doc_id, meta)
            prepared = prepare(doc, self.settings)
        except WebError as exc:
            report.failed.append((row.url, str(exc)))
            return Outcome(replace(row, state="error", message=str(exc)), links=links)
        except Exception as exc:  # noqa: BLE001 (a LoadError from prepare, or a parser's crash on odd markup)
            report.failed.append((row.url, str(exc) or type(exc).__name__))
            return Outcome(replace(row, state="error", message=str(exc)), links=links)
        row = replace(row, doc=doc.doc_id, hash=doc.content_hash, etag=fetched.headers.get("etag", ""),
                      modified=fetched.headers.get("last-modified", ""), site=doc.root, message="",
                      options=json.dumps({"meta": meta} if meta else {}, ensure_ascii=False))
        if self.committed.get(doc.doc_id) == doc.content_hash:
            report.unchanged.append(doc.doc_id)
            if self.ingestor.regroup(doc.doc_id, doc.groups):
                report.regrouped.append(doc.doc_id)
            return Outcome(replace(row, state="unchanged"), links=links)
        return Outcome(replace(row, state="changed"), prepared, links)


def age_hours(stamp: str) -> float:
    """Hours since an ISO timestamp of now() (0 for none or a malformed one)."""
    try:
        return (datetime.now(UTC) - datetime.fromisoformat(stamp)).total_seconds() / 3600
    except ValueError:
        return 0.0
