"""Web fetching against a hostile or flaky web: one DNS answer checked and connected to (no rebinding), bounded
inflation of compressed pages, robots.txt read as RFC 9309 says, and pages removed only after they stay gone."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.errors import WebError
from assistant.web import Fetcher
from assistant.webingest import Seed
from tests.websites import HOST, web_settings

REBIND = "rebind.example"
PUBLIC = "93.184.215.14"  # a global address: nothing is ever sent to it (the connection is intercepted)


def test_a_name_is_resolved_once_and_the_checked_address_is_the_one_connected(monkeypatch, site):
    import urllib3.util.connection

    real = socket.getaddrinfo
    answers = iter([PUBLIC, "127.0.0.1", "127.0.0.1", "127.0.0.1"])  # public first, then loopback (rebinding)
    looked_up, connected = [], []

    def getaddrinfo(host, port, *args, **kwargs):
        if host == REBIND:
            address = next(answers)
            looked_up.append(address)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        connected.append(address[0])
        if address[0] == PUBLIC:
            raise OSError("intercepted: no traffic leaves this machine")
        return real_create(address, *args, **kwargs)

    real_create = urllib3.util.connection.create_connection
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    fetcher = Fetcher(Settings(web_delay=0, web_retries=0, web_timeout=5))
    with pytest.raises(WebError):
        fetcher.request(f"http://{REBIND}:{site.port}/en/clusters.html", {}, 2**20)
    assert looked_up == [PUBLIC] and connected == [PUBLIC]  # never a second answer, never the loopback site
    assert not [p for _, p, _, _ in site.requests if p == "/en/clusters.html"]


def test_every_resolved_address_is_checked(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))])
    with pytest.raises(WebError, match="private or loopback address"):
        Fetcher(Settings()).address("mixed.example", 80)


def test_every_redirect_hop_is_checked_again(site, tmp_path, fake_embedder):
    # cluster.test is pinned to 127.0.0.1 by web_hosts (the admin's own setting); the hop it redirects to is not
    assistant = Assistant(web_settings(tmp_path / "index", web_private=False), embedder=fake_embedder)
    report = assistant.ingest_web([Seed(site.url("/to-loopback"))])
    assert "private or loopback address (127.0.0.1)" in dict(report.failed)[site.url("/to-loopback")]
    assert report.indexed == []


@pytest.mark.parametrize("path", ["/gzip-bomb.html", "/gzip-unsaid.html"])
def test_a_compressed_page_is_capped_on_what_it_inflates_to(site, tmp_path, fake_embedder, path):
    assistant = Assistant(web_settings(tmp_path / "index", web_max_mb=1.0), embedder=fake_embedder)
    report = assistant.ingest_web([Seed(site.url(path))])
    reason = dict(report.failed)[site.url(path)]
    assert "too large" in reason and report.indexed == []


@pytest.mark.parametrize(("answer", "allowed"), [
    ((302, "/moved/robots.txt"), False),  # followed: the moved robots.txt forbids /en/
    ((404, ""), True),  # none there: everything allowed
    ((503, ""), False),  # a server error: nothing until it answers
    ((429, ""), False),
    ((0, ""), False),  # no answer in time
])
def test_robots_txt_is_read_as_rfc_9309_says(site, tmp_path, fake_embedder, answer, allowed):
    site.robots_answer = answer
    assistant = Assistant(web_settings(tmp_path / "index", web_timeout=1.0, web_retries=0), embedder=fake_embedder)
    report = assistant.ingest_web([Seed(site.url("/en/clusters.html"))])
    assert (report.indexed == [site.url("/en/clusters.html")]) is allowed, report.failed
    if not allowed:
        assert "robots.txt" in dict(report.failed)[site.url("/en/clusters.html")]


def test_a_vanished_page_is_kept_until_it_stays_gone_and_comes_back_when_it_returns(site, tmp_path, fake_embedder):
    settings = web_settings(tmp_path / "index", web_gone_hours=24.0)
    assistant = Assistant(settings, embedder=fake_embedder)
    url = site.url("/old/vanishing.html")
    assistant.ingest_web([Seed(url)])
    page = site.pages.pop("/old/vanishing.html")
    for _ in range(3):  # three clicks of "check now" within seconds remove nothing
        report = assistant.refresh()
        assert report.removed == [] and url in {d.doc for d in assistant.documents()}
    assert "removed if still missing 24 h after" in dict(report.warnings)[url]
    # a day later (the clock moved by rewriting when it was first seen gone), the next check removes it
    rows = {r.url: r for r in assistant.web_sources()}
    options = json.loads(rows[url].options)
    options["gone_since"] = (datetime.now(UTC) - timedelta(hours=25)).isoformat(timespec="seconds")
    assistant.catalog.save_web_sources([rows[url].__class__(**{**rows[url].__dict__,
                                                               "options": json.dumps(options)})])
    assert assistant.refresh().removed == [url]
    assert url not in {d.doc for d in assistant.documents()}
    site.pages["/old/vanishing.html"] = page  # the page returns: the next refresh indexes it again
    assert assistant.refresh().indexed == [url]
    assert url in {d.doc for d in assistant.documents()}
    assert HOST in url
