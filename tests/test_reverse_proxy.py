"""Behind a real reverse proxy (Debian's nginx, started by the test on loopback): rate limits and lockouts apply per
real client, X-Forwarded-For is believed only from the trusted proxy, and a client cannot forge its way out.

Clients are told apart by their source address in 127.0.0.0/8 (127.0.0.2, 127.0.0.3, …), as nginx sees them."""

from __future__ import annotations

import shutil
import subprocess
import time
from contextlib import contextmanager

import httpx
import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.ui.actions import ADMIN_TRIES, App
from tests.conftest import ROOT, free_port, served, write_corpus
from tests.fakes import HashEmbedder

PASSWORD = "proxy admin password"
RATE = 15  # above the lockout's 10 tries, so the lockout test meets the lockout first
NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
"""


def location(upstream: str) -> str:
    """The README's nginx location block (the one a reader copies), pointed at the app under test."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```nginx\n", 1)[1].split("```", 1)[0]
    return block.replace("http://127.0.0.1:7860", upstream)


@contextmanager
def nginx(tmp, upstream: str):
    """nginx in the foreground on a free loopback port in front of `upstream`; yields its URL."""
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, location=location(upstream)), encoding="utf-8")
    proc = subprocess.Popen([exe, "-c", str(conf), "-p", str(tmp)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 20
        while True:
            try:
                httpx.get(url + "/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "nginx exited"
                assert time.time() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """The app trusting 127.0.0.1 (where nginx connects from), and nginx in front of it."""
    if not (shutil.which("nginx") or shutil.os.path.exists("/usr/sbin/nginx")):
        pytest.fail("Debian's nginx is not installed: apt-get install nginx (make test installs it)")
    tmp = tmp_path_factory.mktemp("proxy")
    settings = Settings(index_dir=tmp / "index", collection="proxied", admin_password=PASSWORD,
                        api_rate_limit=RATE, api_rate_window=60, trusted_proxies="127.0.0.1")
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    app = App(assistant, tmp / "corpus", tmp / "uploads", tmp / "reports")
    with served(app) as upstream, nginx(tmp, upstream) as url:
        yield url, upstream


def client(source: str) -> httpx.Client:
    """An HTTP client whose requests leave from `source` (an address of 127.0.0.0/8)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=30)


def test_the_rate_limit_counts_each_real_client_behind_the_proxy(proxied):
    url, _ = proxied
    with client("127.0.0.2") as a, client("127.0.0.3") as b:
        codes = [a.get(url + "/api/health").status_code for _ in range(RATE + 2)]
        assert codes[:RATE] == [200] * RATE and codes[-1] == 429
        forged = [a.get(url + "/api/health", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                  for n in range(5)]
        assert forged == [429] * 5  # nginx appends the real address: a forged head is not believed
        assert b.get(url + "/api/health").status_code == 200  # another client is not limited
        assert "retry-after" in {k.lower() for k in a.get(url + "/api/health").headers}


def test_a_forged_header_straight_to_the_app_is_ignored(proxied):
    _, upstream = proxied
    with client("127.0.0.4") as direct:  # not the trusted proxy: its X-Forwarded-For means nothing
        codes = [direct.get(upstream + "/api/health", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                 for n in range(RATE + 2)]
    assert codes[-1] == 429


def test_the_lockout_locks_the_guessing_client_only(proxied):
    url, _ = proxied
    with client("127.0.0.5") as attacker, client("127.0.0.6") as admin:
        for _ in range(ADMIN_TRIES):
            reply = attacker.delete(url + "/api/documents/none.txt", headers={"Authorization": "Bearer guess"})
            assert reply.status_code == 401
        locked = attacker.delete(url + "/api/documents/none.txt", headers={"Authorization": f"Bearer {PASSWORD}"})
        assert locked.status_code == 401 and "locked" in locked.json()["detail"]
        fine = admin.delete(url + "/api/documents/none.txt", headers={"Authorization": f"Bearer {PASSWORD}"})
        assert fine.status_code == 404  # the admin's password still works from another address
