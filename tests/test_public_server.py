"""The server in front of a hostile public: bodies counted in bytes received, refusals that echo nothing, a lockout
per client, bounded rate limits and feedback, uploads and deletes that cannot clobber or leak, no server paths.

The whole server of app.py (Guard, API, page) runs in a thread over the fake embedder: these are the server's
rules, not the model's."""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.retrieval import parse_year
from assistant.ui.actions import ADMIN_TRIES, App
from assistant.ui.common import safe_name
from assistant.ui.guard import MAX_JSON_BODY, Guard, Lockout, RateLimit, client_address, client_key, networks
from tests.conftest import make_pdf, served, write_corpus
from tests.fakes import HashEmbedder

PASSWORD = "pässwörd ünïcode ✓"  # non-ASCII on purpose: it must work through the API's header too


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server over the fixtures (ingested), trusting 127.0.0.1 as a proxy so tests can speak for many clients."""
    tmp = tmp_path_factory.mktemp("public")
    corpus = write_corpus(tmp / "corpus")
    (corpus / "malta.txt").write_text("Malta supports eight clusters of small firms.", encoding="utf-8")
    settings = Settings(index_dir=tmp / "index", collection="public", admin_password=PASSWORD,
                        api_rate_limit=0, trusted_proxies="127.0.0.1", max_file_mb=1.0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([corpus])
    app = App(assistant, corpus, tmp / "uploads", tmp / "reports")
    with served(app) as url:
        yield url, app, tmp


def as_client(address: str, token: str = "") -> dict[str, str | bytes]:
    """Headers of a request relayed by the trusted local proxy for `address` (the token sent as UTF-8, as curl and
    browsers send it)."""
    headers: dict[str, str | bytes] = {"X-Forwarded-For": address}
    if token:
        headers["Authorization"] = ("Bearer " + token).encode()
    return headers


def raw_request(url: str, head: str, body_chunks) -> tuple[str, int]:
    """Send a request over a raw socket, body in the given chunks, stopping as soon as the server answers or closes;
    the status line and headers of the reply, and how many body bytes were sent before it came."""
    host, port = url.split("//")[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=60)
    sock.sendall(head.encode())
    sent, reply = 0, b""
    try:
        for chunk in body_chunks:
            if select.select([sock], [], [], 0)[0]:  # the server answered (or closed) before the whole body
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        while b"\r\n\r\n" not in reply:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            reply += piece
    finally:
        sock.close()
    return reply.decode("latin-1"), sent


def chunked(total: int, size: int = 2**20):
    """A chunked body of `total` bytes, in chunks of `size` bytes, then its end."""
    piece = b"x" * size
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + piece + b"\r\n"
    yield b"0\r\n\r\n"


def chunked_head(path: str, ctype: str, extra: str = "") -> str:
    """The head of a chunked POST (no Content-Length: only the bytes received can be counted)."""
    return f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nTransfer-Encoding: chunked\r\n{extra}\r\n"


def test_a_chunked_body_is_counted_and_stopped_at_the_cap(server):
    url, _, _ = server
    reply, sent = raw_request(url, chunked_head("/api/ask", "application/json"), chunked(200 * 2**20))
    assert reply.startswith("HTTP/1.1 413"), reply[:200]
    assert sent < 20 * 2**20, f"the server read {sent} bytes of a body capped at {MAX_JSON_BODY}"


def test_a_declared_oversized_body_is_refused_before_it_is_read(server):
    url, _, _ = server
    head = "POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 300000\r\n\r\n"
    reply, _ = raw_request(url, head, [])  # the headers alone get the answer
    assert reply.startswith("HTTP/1.1 413")


def multipart_files(count: int, size: int):
    """A chunked multipart body of `count` files of `size` bytes each (each under Gradio's own per-file limit)."""
    for n in range(count):
        part = (f'--b\r\nContent-Disposition: form-data; name="files"; filename="f{n}.txt"\r\n'
                "Content-Type: text/plain\r\n\r\n").encode() + b"x" * size + b"\r\n"
        yield f"{len(part):x}\r\n".encode() + part + b"\r\n"
    yield b"5\r\n--b--\r\n0\r\n\r\n"


def test_the_page_upload_route_counts_bytes_too(server):
    url, app, _ = server
    cap = 20 * app.assistant.settings.max_file_bytes  # 20 files at the size limit
    size = app.assistant.settings.max_file_bytes * 9 // 10
    head = chunked_head("/gradio_api/upload", "multipart/form-data; boundary=b")
    reply, _ = raw_request(url, head, multipart_files(cap // size + 10, size))
    assert reply.startswith("HTTP/1.1 413"), reply[:200]  # each file is under Gradio's own limit: the Guard counted


def test_an_upload_without_the_password_is_refused_before_its_body_is_read(server):
    url, app, tmp = server
    head = chunked_head("/api/documents", "multipart/form-data; boundary=b", "X-Forwarded-For: 198.51.100.7\r\n")
    reply, sent = raw_request(url, head, chunked(100 * 2**20))
    assert reply.startswith("HTTP/1.1 401"), reply[:200]
    assert sent < 20 * 2**20
    assert not (tmp / "uploads").exists() or not any((tmp / "uploads").iterdir())


def test_a_refusal_never_echoes_the_input(server):
    url, _, _ = server
    marker = "Z" * 3000  # over the question's 2,000 characters, under the body cap
    for path, body in (("/api/ask", {"question": marker}), ("/api/feedback", {"question": "q", "rating": marker}),
                       ("/api/ask", {"question": "q", "previous": [marker]})):
        reply = httpx.post(url + path, json=body, timeout=30)
        assert reply.status_code == 422 and "ZZZZ" not in reply.text and len(reply.text) < 2000, reply.text[:300]
        assert reply.json()["detail"][0]["loc"]
    reply = httpx.delete(url + "/api/documents/" + "Q" * 500, headers=as_client("192.0.2.70", PASSWORD), timeout=30)
    assert reply.status_code == 404 and "QQQQ" not in reply.text


def test_wrong_passwords_lock_out_their_client_only(server):
    url, _, _ = server
    attacker, admin = "203.0.113.9", "192.0.2.44"
    for _ in range(ADMIN_TRIES):
        reply = httpx.delete(url + "/api/documents/x.txt", headers=as_client(attacker, "guess"), timeout=30)
        assert reply.status_code == 401 and "Wrong admin password" in reply.json()["detail"]
    locked = httpx.delete(url + "/api/documents/x.txt", headers=as_client(attacker, PASSWORD), timeout=30)
    assert locked.status_code == 401 and "locked" in locked.json()["detail"]
    # the admin elsewhere is not locked out, and a non-ASCII password works through the header
    fine = httpx.delete(url + "/api/documents/x.txt", headers=as_client(admin, PASSWORD), timeout=30)
    assert fine.status_code == 404, fine.text


def test_the_lockout_backs_off_and_is_bounded():
    lock = Lockout(tries=3, window=10, most=100)
    for _ in range(3):
        lock.failed("a", now=0)
    assert lock.locked_for("a", now=1) == 9 and lock.locked_for("b", now=1) == 0
    for _ in range(3):
        lock.failed("a", now=20)
    assert lock.locked_for("a", now=21) == 19  # locked again: twice as long
    for n in range(1000):
        lock.failed(f"10.0.{n // 256}.{n % 256}", now=30)
    assert len(lock._clients) <= 100


def test_the_rate_limit_is_per_client_bounded_and_groups_ipv6():
    limit = RateLimit(3, 60, most=1000)
    assert [limit.retry_after("a", now=0) for _ in range(4)][:3] == [None, None, None]
    assert limit.retry_after("a", now=1) is not None and limit.retry_after("b", now=1) is None
    assert limit.retry_after("a", now=125) is None  # two windows later: forgotten
    for n in range(20_000):
        limit.retry_after(f"198.18.{n // 256}.{n % 256}", now=130)
    assert len(limit) <= 1000
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"


def test_the_page_events_of_one_client_are_rate_limited_too():
    """Gradio's own event routes (POST /gradio_api/…) are limited per client, so that one client cannot fill the
    page's shared queue; the event stream (GET) and other clients are not held back."""
    import asyncio

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def run() -> list[int]:
        guard = Guard(app, trusted=networks("127.0.0.1"), limit=RateLimit(100, 60), page_limit=RateLimit(5, 60))
        transport = httpx.ASGITransport(app=guard, client=("127.0.0.1", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://page") as client:
            one = {"X-Forwarded-For": "203.0.113.7"}
            codes = [(await client.post("/gradio_api/queue/join", headers=one)).status_code for _ in range(6)]
            codes.append((await client.get("/gradio_api/queue/data", headers=one)).status_code)
            codes.append((await client.post("/gradio_api/queue/join",
                                            headers={"X-Forwarded-For": "203.0.113.8"})).status_code)
            return codes

    assert asyncio.run(run()) == [200] * 5 + [429, 200, 200]


def test_forwarded_for_is_believed_from_trusted_proxies_only():
    trusted = networks("127.0.0.1, 10.0.0.0/8")
    assert client_address("127.0.0.1", ["203.0.113.5"], trusted) == "203.0.113.5"
    assert client_address("127.0.0.1", ["198.51.100.1, 10.1.2.3"], trusted) == "198.51.100.1"  # two proxies
    assert client_address("203.0.113.5", ["127.0.0.1"], trusted) == "203.0.113.5"  # forged by a client
    assert client_address("127.0.0.1", ["6.6.6.6, 203.0.113.5"], trusted) == "203.0.113.5"  # forged head ignored
    assert client_address("127.0.0.1", ["203.0.113.5"], ()) == "127.0.0.1"
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        networks("not-an-address")


def test_feedback_is_typed_sized_and_under_quota(server):
    url, app, _ = server
    nested = {"question": "q", "rating": "up", "citations": [{"doc": {"evil": ["x"]}}]}
    assert httpx.post(url + "/api/feedback", json=nested, timeout=30).status_code == 422
    assert httpx.post(url + "/api/feedback", json={"question": "q", "rating": "up", "doc": {"a": 1}},
                      timeout=30).status_code == 422
    big = {"question": "q", "rating": "up", "answer": "a" * 300_000}
    assert httpx.post(url + "/api/feedback", json=big, timeout=30).status_code == 413
    french = httpx.post(url + "/api/feedback?lang=fr", json=big, timeout=30).json()
    assert french["message"].startswith("Le corps de la requête dépasse"), french  # said in the reader's language
    replies = [httpx.post(url + "/api/feedback", json={"question": f"q{n}", "rating": "up"},
                          headers={**as_client("198.51.100.20"), "Accept-Language": "sv"}, timeout=30)
               for n in range(35)]
    codes = [reply.status_code for reply in replies]
    assert codes.count(201) == 30 and codes[-1] == 429
    assert replies[-1].json()["message"].startswith("För mycket återkoppling"), replies[-1].text
    assert httpx.post(url + "/api/feedback", json={"question": "q", "rating": "up"},
                      headers=as_client("198.51.100.21"), timeout=30).status_code == 201  # another client
    assert app.assistant.feedback_stats()["n"] == 31


def test_health_and_documents_name_no_server_path(server):
    url, app, tmp = server
    health = httpx.get(url + "/api/health", timeout=30).text
    docs = httpx.get(url + "/api/documents", timeout=30).json()
    assert str(tmp) not in health and "index" not in json.loads(health)
    assert docs and all("path" not in d and "root" not in d for d in docs)
    assert str(tmp) not in json.dumps(docs)
    app.indexing.error = f"disk full at {tmp}/index"
    try:
        assert httpx.get(url + "/api/health", timeout=30).json()["indexing"]["error"] is True
    finally:
        app.indexing.error = ""


def test_uploads_keep_their_extension_never_replace_a_corpus_document_and_leave_no_failure(server, tmp_path):
    url, app, tmp = server
    auth = as_client("192.0.2.50", PASSWORD)
    long_name = "a" * 200 + ".md"
    files = [("files", (long_name, b"# Long\n\nGozo has a maritime cluster of twelve firms.", "text/markdown")),
             ("files", ("malta.txt", b"Replaced text.", "text/plain")),
             ("files", ("broken.pdf", b"%PDF-1.4 not really a pdf", "application/pdf"))]
    reply = httpx.post(url + "/api/documents", files=files, headers=auth, timeout=120)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert safe_name(long_name) in body["indexed"] and safe_name(long_name).endswith(".md")
    assert [r["file"] for r in body["refused"]] == ["malta.txt"] and "another source" in body["refused"][0]["reason"]
    assert [f["file"] for f in body["failed"]] == ["broken.pdf"]
    assert str(tmp) not in reply.text and "/" not in "".join(body["indexed"])
    assert sorted(p.name for p in (tmp / "uploads").iterdir()) == [safe_name(long_name)]
    assert "malta.txt" in {d.doc for d in app.assistant.documents()}
    assert (tmp / "corpus" / "malta.txt").read_text(encoding="utf-8") != "Replaced text."
    gone = httpx.delete(url + "/api/documents/" + safe_name(long_name), headers=auth, timeout=60)
    assert gone.status_code == 200 and not (tmp / "uploads" / safe_name(long_name)).exists()


def test_an_admin_write_during_indexing_is_refused_at_once(server):
    url, app, _ = server
    held = threading.Event()
    release = threading.Event()

    def indexing() -> None:  # the background ingest's hold on the writer
        with app.assistant._writing():
            app.indexing.running = True
            held.set()
            release.wait(30)
            app.indexing.running = False

    thread = threading.Thread(target=indexing)
    thread.start()
    held.wait(10)
    try:
        started = time.monotonic()
        reply = httpx.delete(url + "/api/documents/malta.txt", headers=as_client("192.0.2.60", PASSWORD),
                             timeout=30)
        waited = time.monotonic() - started
        french = httpx.delete(url + "/api/documents/malta.txt?lang=fr", headers=as_client("192.0.2.60", PASSWORD),
                              timeout=30)
        before = sorted(p.name for p in app.uploads.glob("*")) if app.uploads.is_dir() else []
        upload = httpx.post(url + "/api/documents", headers=as_client("192.0.2.60", PASSWORD), timeout=30,
                            files=[("files", ("gozo.txt", b"Gozo has a maritime cluster.", "text/plain"))])
        after = sorted(p.name for p in app.uploads.glob("*")) if app.uploads.is_dir() else []
    finally:
        release.set()
        thread.join()
    assert reply.status_code == 409 and "being indexed" in reply.json()["detail"]
    assert french.status_code == 409 and french.json()["message"].startswith("Les documents sont en cours"), french.text
    assert waited < 3, f"the refusal took {waited:.1f} s"
    assert upload.status_code == 409 and after == before  # refused before a file was written


def test_an_admin_write_during_another_admins_change_is_refused_in_the_readers_language(server):
    url, app, _ = server
    with app.assistant._writing():  # another admin's upload still running, not the background indexing
        reply = httpx.delete(url + "/api/documents/malta.txt", headers={**as_client("192.0.2.61", PASSWORD),
                                                                        "Accept-Language": "fr"}, timeout=30)
    assert reply.status_code == 409 and reply.json()["message"].startswith("Une autre modification des documents")
    assert "malta.txt" in {d.doc for d in app.assistant.documents()}


@pytest.mark.parametrize("typed", ["99999999999999999999", "²", "٢٠٢٤", "-1", "20 24", "2024.5", ""])
def test_a_typed_year_never_raises(typed, server):
    _, app, _ = server
    assert parse_year(typed) == 0
    body, page, _ = app.search("cluster", "", "", "", "", typed, "hybrid", 1, "en")
    assert page == 1 and "card" in body
    assert parse_year(" 2024 ") == 2024


def test_safe_names():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("x" * 300 + ".PDF").endswith(".PDF") and len(safe_name("x" * 300 + ".PDF")) == 120
    assert safe_name("...") == "upload" and safe_name("a\x00b.txt") == "a_b.txt"


def test_a_pdf_upload_through_the_page_handler_uses_the_same_check(server, tmp_path):
    _, app, tmp = server
    pdf = make_pdf(tmp_path / "good.pdf", ["Valletta hosts a fintech cluster of forty members."])
    other = tmp_path / "notes.exe"
    other.write_bytes(b"MZ")
    status, _ = app.upload([str(pdf), str(other)], PASSWORD, lang="en")
    assert "indexed 1" in status and "notes.exe" in status and str(tmp_path) not in status
    assert (tmp / "uploads" / "good.pdf").exists()
    app.remove_document("good.pdf")
    assert not (tmp / "uploads" / "good.pdf").exists()


def test_the_local_model_generates_one_answer_at_a_time():
    from assistant.llm import LlamaCpp

    class Model:  # llama-cpp-python's Llama is not thread-safe: overlapping calls must never happen
        chat_format = "chatml"
        inside = 0
        overlaps = 0

        def create_chat_completion(self, **kwargs):
            Model.inside += 1
            Model.overlaps += Model.inside > 1
            for word in ("one ", "two "):
                time.sleep(0.05)
                yield {"choices": [{"delta": {"content": word}}]}
            Model.inside -= 1

    generator = object.__new__(LlamaCpp)
    generator.model, generator.max_tokens, generator.timeout = Model(), 10, 30.0
    generator.lock = threading.Lock()
    outputs: list[str] = []
    threads = [threading.Thread(target=lambda: outputs.append("".join(generator.chat([("user", "q")]))))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outputs == ["one two "] * 4 and Model.overlaps == 0


def test_uploads_folder_paths_are_not_in_the_page_status(server, tmp_path):
    _, app, tmp = server
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    status, _ = app.upload([str(bad)], PASSWORD, lang="en")
    assert "bad.pdf" in status and str(tmp) not in status and not (tmp / "uploads" / "bad.pdf").exists()
    assert Path(tmp / "uploads").is_dir()
