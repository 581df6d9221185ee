"""The leak suite (#28): a staff-only document beside public ones, and every path that shows text asked for it by an
anonymous reader, a public-only user and a staff user, through the JSON API, the page's own endpoints, the CLI and
LangChain (the browser's paths are in test_access_browser.py).

The staff documents hold invented sentences (in no eval file), in English and Swedish; the probes ask their exact
words and paraphrase them in other languages. Whoever may not see the staff group gets nothing of them: no quote,
title, file name, snippet, count, example question or suggestion. The staff user gets them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from assistant.api import Assistant, Reader
from assistant.config import Settings
from assistant.ui.actions import App
from assistant.ui.common import READER
from tests.conftest import add_readers, served, write_corpus

PASSWORD = "admin password for the leak suite"
STAFF_DOCS = {
    "kestrel-minutes-en.md": (
        "# Kestrel pilot: internal board minutes\n\n"
        "The board of the Lumivaara cluster agreed on 14 March to fund the Kestrel pilot with 740,000 euros. "
        "The pilot is led by Ronja Halvorsen and tests shared hydrogen storage for twelve member companies in "
        "Tornio.\n"),
    "kestrel-protokoll-sv.md": (
        "# Kestrel-piloten: styrelsens interna protokoll\n\n"
        "Styrelsen för Lumivaaraklustret beslutade den 14 mars att finansiera Kestrel-piloten med 740 000 euro. "
        "Piloten leds av Ronja Halvorsen och prövar delad vätgaslagring för tolv medlemsföretag i Torneå.\n"),
}
# What only the staff documents say (never in a probe): none of it may reach a reader outside the staff group.
MARKERS = ("740", "Halvorsen", "Torne", "vätgas", "hydrogen storage", "kestrel-minutes", "kestrel-protokoll",
           "board minutes", "interna protokoll", "Kestrel-piloten")
PROBES = [  # the exact words, then paraphrases in other languages
    "How much money did the board of the Lumivaara cluster give the Kestrel pilot?",
    "Who leads the Kestrel pilot of the Lumivaara cluster?",
    "Quel budget le conseil du cluster Lumivaara a-t-il accordé au projet pilote Kestrel ?",
    "Wer leitet das Kestrel-Pilotprojekt zur Wasserstoffspeicherung?",
    "Hur mycket pengar fick Kestrel-piloten av styrelsen?",
]


def leaked(value: object) -> list[str]:
    """The staff markers found in a reply (its JSON, or its text)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [m for m in MARKERS if m.lower() in text.lower()]


def shown(answer: dict) -> dict:
    """An answer's JSON without the question as the reader typed it (echoing it back leaks nothing)."""
    return {k: v for k, v in answer.items() if k not in ("question", "standalone")}


@pytest.fixture(scope="module")
def index(tmp_path_factory, e5):
    """An index of the public fixtures and the two staff documents; users ana (staff) and pia (public) with tokens.
    Yields (settings, tokens by user name, the tmp folder)."""
    tmp = tmp_path_factory.mktemp("access")
    corpus = write_corpus(tmp / "corpus")
    staff = tmp / "staff"
    staff.mkdir()
    for name, text in STAFF_DOCS.items():
        (staff / name).write_text(text, encoding="utf-8")
    (staff / "manifest.jsonl").write_text("\n".join(json.dumps({"file": name, "topic": "hydrogen storage pilot"})
                                                    for name in STAFF_DOCS), encoding="utf-8")
    settings = Settings(index_dir=tmp / "index", collection="access", admin_password=PASSWORD, api_rate_limit=0)
    assistant = Assistant(settings, embedder=e5)
    assistant.ingest([corpus])
    report = assistant.ingest([staff], groups="staff")
    assert sorted(report.indexed) == sorted(STAFF_DOCS)
    yield settings, add_readers(assistant), tmp


@pytest.fixture(scope="module")
def server(index, e5):
    """The whole server (API, page, sign-in) over the index, in a thread."""
    settings, tokens, tmp = index
    app = App(Assistant(settings, embedder=e5), tmp / "corpus", tmp / "uploads", tmp / "reports")
    with served(app) as url:
        yield url, app


def signed_in(app, name: str) -> str:
    """The Cookie header of a user signed in to the page."""
    stamp = app.signin.stamp(app.assistant.users.get(name).stamp)
    return "ca_session=" + app.signin.cookie({"kind": "local", "name": name, "stamp": stamp})


def headers(tokens: dict, who: str) -> dict:
    """The request headers of a reader: anonymous, or a user's personal token."""
    return {} if who == "anonymous" else {"Authorization": f"Bearer {tokens[who]}"}


def test_groups_are_listed_with_counts_and_changed_without_reembedding(index, e5):
    settings, _, _ = index
    assistant = Assistant(settings, embedder=e5)
    counts = assistant.groups()
    assert counts["staff"] == 2 and counts["public"] == len(assistant.documents()) - 2
    # "the documents never mention X" is decided over what the reader may see (no existence oracle in abstentions)
    assert assistant.retriever.mentions("Ronja Halvorsen", ("staff",))
    assert not assistant.retriever.mentions("Ronja Halvorsen", ("public",))
    public = assistant.anonymous()
    assert assistant.stats(reader=public)["chunks"] == sum(d.chunks for d in assistant.documents(reader=public))
    passes = e5.passages
    calls = []
    e5.passages = lambda texts: calls.append(texts) or passes(texts)
    try:
        assert assistant.set_groups("kestrel-minutes-en.md", "staff,board")
        assert assistant.groups()["board"] == 1
        board = Reader(name="b", groups=frozenset({"board"}))
        assert {h.doc for h in assistant.search("Kestrel pilot budget", k=5, reader=board)} == \
            {"kestrel-minutes-en.md"}
        assert assistant.set_groups("kestrel-minutes-en.md", "staff")
        assert not assistant.search("Kestrel pilot budget", k=5, reader=board)
        assert not assistant.set_groups("kestrel-minutes-en.md", "staff")  # already so
    finally:
        e5.passages = passes
    assert calls == []  # nothing embedded again
    with pytest.raises(ValueError, match="access group name"):
        assistant.set_groups("kestrel-minutes-en.md", "Staff Team!")


@pytest.mark.parametrize("who", ["anonymous", "pia"])
def test_the_api_shows_nothing_of_a_staff_document_to_whoever_may_not_see_it(server, index, who):
    url, _ = server
    _, tokens, _ = index
    with httpx.Client(base_url=url, headers=headers(tokens, who), timeout=300) as http:
        for probe in PROBES:
            answer = http.post("/api/ask", json={"question": probe}).json()
            assert not leaked(shown(answer)), (probe, leaked(shown(answer)))
            assert answer["abstained"] or not any(c["doc"].startswith("kestrel") for c in answer["citations"])
            streamed = http.post("/api/ask?stream=true", json={"question": probe}).text
            assert not leaked(streamed.replace(probe, "")), probe
            found = http.get("/api/search", params={"q": probe, "k": 100}).json()
            assert not leaked(found), probe
        follow = http.post("/api/ask", json={"question": "And who leads it?",
                                             "previous": ["What is the Kestrel pilot?"]}).json()
        assert not leaked(shown(follow))
        documents = http.get("/api/documents").json()
        assert not leaked(documents) and all(d["groups"] == ["public"] for d in documents)
        health = http.get("/api/health").json()
        assert health["documents"] == len(documents) and health["chunks"] == sum(d["chunks"] for d in documents)
        assert health["indexing"]["summary"] is None  # "indexed 7, …" would count the staff documents
        missing = {"question": "q", "rating": "down", "reason": "missing"}
        hidden = http.post("/api/feedback", json={**missing, "doc": "kestrel-minutes-en.md"})
        nowhere = http.post("/api/feedback", json={**missing, "doc": "no-such-file.md"})
        assert hidden.status_code == nowhere.status_code == 422 and hidden.json() == nowhere.json()
        assert http.get("/api/me").json() == {"name": "" if who == "anonymous" else who, "groups": ["public"],
                                              "admin": False}


def test_a_staff_user_finds_the_staff_facts_from_another_language(server, index):
    url, tokens, _ = server[0], index[1], None
    with httpx.Client(base_url=url, headers=headers(tokens, "ana"), timeout=300) as http:
        answer = http.post("/api/ask", json={"question": PROBES[2]}).json()  # French, over en and sv documents
        assert not answer["abstained"]
        assert {c["doc"] for c in answer["citations"]} & set(STAFF_DOCS)
        assert "740" in answer["answer"]
        found = http.get("/api/search", params={"q": PROBES[3]}).json()
        assert {h["doc"] for h in found} & set(STAFF_DOCS)
        documents = http.get("/api/documents").json()
        assert set(STAFF_DOCS) <= {d["doc"] for d in documents}
        assert http.get("/api/health").json()["documents"] == len(documents)
        assert http.get("/api/me").json()["groups"] == ["public", "staff"]


def test_an_anonymous_abstention_names_no_staff_document(server):
    url, _ = server
    answer = httpx.post(url + "/api/ask", json={"question": PROBES[0]}, timeout=300).json()
    assert answer["abstained"] and not leaked(shown(answer))


def test_a_wrong_token_is_refused_and_the_admin_password_reads_everything(server):
    url, _ = server
    wrong = httpx.get(url + "/api/documents", headers={"Authorization": "Bearer ca_nobody"}, timeout=30)
    assert wrong.status_code == 401 and "unknown token" in wrong.json()["detail"].lower()
    admin = httpx.get(url + "/api/documents", headers={"Authorization": f"Bearer {PASSWORD}"}, timeout=30).json()
    assert set(STAFF_DOCS) <= {d["doc"] for d in admin}


def test_the_pages_own_endpoints_and_handlers_keep_to_the_readers_groups(server, index):
    """/ask and /search of the page (Gradio's API), and the handlers behind the welcome, examples, filters' choices,
    documents table, banner and feedback passages, as each reader."""
    from gradio_client import Client

    from assistant.ui import feedback

    url, app = server
    settings, tokens, _ = index
    for who in ("anonymous", "pia"):
        cookie = {} if who == "anonymous" else {"Cookie": signed_in(app, who)}
        client = Client(url + "/", verbose=False, headers=cookie)
        for probe in PROBES[:3]:
            assert not leaked(shown(client.predict(probe, api_name="/ask"))), (who, probe)
            html, _, csv_file = client.predict(probe, "", "", "", "", "", "hybrid", 1, "en", api_name="/search")
            assert not leaked(html) and (csv_file is None or not leaked(Path(csv_file).read_text()))
        reader = app.reader(type("R", (), {"headers": cookie and {"cookie": cookie["Cookie"]}})())
        token = READER.set(reader)
        try:
            public = len(app.assistant.documents(reader=Reader(groups=frozenset({"public"}))))
            welcome, examples = app.welcome("en")
            assert f"**{public} documents**" in welcome and not leaked([welcome, examples])
            assert not leaked(app.choices("en")) and not leaked(app.documents("en"))
            assert not leaked(feedback.passages(app, PROBES[1], "en"))
            assert app.health()["documents"] == app.health(Reader(groups=frozenset({"public"})))["documents"]
        finally:
            READER.reset(token)
    staff = app.reader(type("R", (), {"headers": {"cookie": signed_in(app, "ana")}})())
    token = READER.set(staff)
    try:
        assert leaked(app.documents("en")) and leaked(feedback.passages(app, PROBES[1], "en"))
    finally:
        READER.reset(token)


def cli(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`assistant` over the suite's index."""
    return subprocess.run([sys.executable, "-m", "assistant", *args, "--index", str(settings.index_dir),
                           "--collection", settings.collection], capture_output=True, text=True, timeout=600,
                          input=stdin)


def test_the_cli_reads_as_a_user(index, server, tmp_path):
    settings, tokens, _ = index
    url, _ = server
    for who in ("anonymous", "pia"):
        for command in (["ask", PROBES[2], "--json"], ["search", PROBES[3], "--json"], ["stats", "--json"]):
            result = cli(settings, *command, "--as", who)
            assert result.returncode == 0, result.stderr
            assert not leaked(result.stdout.replace(PROBES[2], "")), (who, command)
        chat = cli(settings, "chat", "--as", who, stdin="What is the Kestrel pilot?\nWho leads it?\n\n")
        assert chat.returncode == 0 and not leaked(chat.stdout.replace("Kestrel pilot", ""))
    staff = cli(settings, "ask", PROBES[2], "--as", "ana", "--json")
    assert "740" in json.loads(staff.stdout)["answer"]
    unknown = cli(settings, "ask", "x", "--as", "nobody")
    assert unknown.returncode == 2 and "no user named 'nobody'" in unknown.stderr
    # feedback on a staff answer is exported to staff only
    rated = httpx.post(url + "/api/feedback", headers=headers(tokens, "ana"), timeout=60, json={
        "question": PROBES[0], "rating": "up", "answer": "740,000 euros",
        "citations": [{"n": 1, "doc": "kestrel-minutes-en.md", "quote": "740,000 euros"}]})
    assert rated.status_code == 201
    for who, sees in (("pia", False), ("ana", True)):
        out = tmp_path / f"{who}.jsonl"
        assert cli(settings, "feedback", "export", "--out", str(out), "--as", who).returncode == 0
        assert bool(leaked(out.read_text() if out.exists() else "")) is sees


def test_the_cli_manages_groups_and_users(index, server, tmp_path):
    settings, _, _ = index
    url, _ = server
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "extra-note.txt").write_text("A note on the Saimaa cluster's shared laboratory.", encoding="utf-8")
    ingested = cli(settings, "ingest", str(extra), "--group", "staff", "--group", "board")
    assert ingested.returncode == 0 and "indexed 1" in ingested.stdout, ingested.stderr
    listed = cli(settings, "groups")
    assert "board\t1 documents" in listed.stdout and "staff\t3 documents" in listed.stdout
    assert "extra-note.txt" not in cli(settings, "search", "Saimaa laboratory", "--as", "pia").stdout
    again = cli(settings, "ingest", str(extra))  # no --group: it keeps the groups it has
    assert "unchanged 1" in again.stdout and "regrouped" not in again.stdout
    regrouped = cli(settings, "ingest", str(extra), "--group", "public")
    assert "regrouped 1" in regrouped.stdout and "indexed 0" in regrouped.stdout
    assert "extra-note.txt" in cli(settings, "search", "Saimaa laboratory", "--as", "pia").stdout
    assert "extra-note.txt" in httpx.get(url + "/api/search", params={"q": "Saimaa laboratory"}, timeout=60).text
    assert cli(settings, "groups", "set", "extra-note.txt", "staff").returncode == 0  # while the server runs
    for mode in ("dense", "hybrid", "bm25", "latent"):  # the server's own Chroma still holds the public vectors
        found = httpx.get(url + "/api/search", params={"q": "Saimaa laboratory", "mode": mode}, timeout=60).text
        assert "extra-note.txt" not in found and "Saimaa" not in found, mode
    assert cli(settings, "groups", "set", "extra-note.txt", "Bad Name").returncode == 1
    emptied = cli(settings, "groups", "set", "extra-note.txt", " , ")
    assert emptied.returncode == 2 and "at least one access group" in emptied.stderr
    assert "extra-note.txt\tstaff" in cli(settings, "groups", "--docs").stdout
    for reserved in ("admin", "anonymous"):
        refused = cli(settings, "users", "add", reserved, stdin="a long password\n")
        assert refused.returncode == 2 and "reserved" in refused.stderr
    added = cli(settings, "users", "add", "tove", "--groups", "board", stdin="tove's long password\n")
    assert added.returncode == 0 and "added tove: groups board" in added.stdout, added.stderr
    assert cli(settings, "users", "add", "tove", stdin="another password\n").returncode == 2
    assert cli(settings, "users", "add", "x", stdin="short\n").returncode == 2  # under 8 characters
    token = cli(settings, "users", "token", "tove").stdout.strip()
    assert token.startswith("ca_") and "tove\tboard\ttoken" in cli(settings, "users", "list").stdout
    assert "hamburg.html" in cli(settings, "search", "Clusterpolitik Hamburg", "--as", "tove").stdout  # public too
    not_admin = httpx.delete(url + "/api/documents/x.txt", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert not_admin.status_code == 403 and "tove is not an admin" in not_admin.json()["detail"]
    assert cli(settings, "users", "remove", "tove").returncode == 0
    assert Assistant(settings).users.by_token(token) is None


def test_langchain_serves_the_public_unless_told_whom(index, e5):
    pytest.importorskip("langchain_core")
    from assistant.integrations.langchain import HybridRetriever

    settings, _, _ = index
    assistant = Assistant(settings, embedder=e5)
    for retriever in (HybridRetriever(assistant=assistant, k=20), HybridRetriever(assistant=assistant, user="pia")):
        docs = retriever.invoke(PROBES[0])
        assert not leaked([d.page_content for d in docs] + [d.metadata for d in docs])
    staff = HybridRetriever(assistant=assistant, user="ana").invoke(PROBES[0])
    assert {d.metadata["doc"] for d in staff} & set(STAFF_DOCS)


def test_users_passwords_tokens_and_sign_in(server, index):
    url, app = server
    users = app.assistant.users
    assert [u.name for u in users.list()] == ["ana", "pia"]
    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as http:
        wrong = http.post("/signin", data={"name": "ana", "password": "nope"})
        assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
        form = http.post("/signin?lang=fr", data={"name": "pia", "password": "nope"})
        assert "ou mot de passe incorrect" in form.text and form.status_code == 401
        elsewhere = http.post("/signin", data={"name": "ana", "password": "ana password 123"},
                              headers={"Origin": "https://evil.example"})
        assert elsewhere.status_code == 403
        ok = http.post("/signin", data={"name": "ana", "password": "ana password 123"})
        assert ok.status_code == 303 and "httponly" in ok.headers["set-cookie"].lower()
        assert "samesite=lax" in ok.headers["set-cookie"].lower()
        assert http.get("/api/me").json()["name"] == "ana"
        users.passwd("ana", "ana password 456")  # a password change ends the sign-in
        assert http.get("/api/me").json()["name"] == ""
        forged = app.signin.cookie({"kind": "sso", "name": "x", "groups": ["staff"], "admin": True, "issuer": None})
        assert http.get("/api/me", headers={"Cookie": "ca_session=" + forged}).json()["name"] == ""  # SSO is off
        http.post("/signin", data={"name": "admin", "password": PASSWORD})
        assert http.get("/api/me").json() == {"name": "admin", "groups": None, "admin": True}
        http.get("/signout")
        assert http.get("/api/me").json()["name"] == ""
    token = users.new_token("pia")
    assert users.by_token(token).name == "pia" and users.by_token(index[1]["pia"]) is None  # the old one is gone
    index[1]["pia"] = token  # for the tests after this one
    stored = app.assistant.catalog.connect
    with stored() as conn:
        assert token not in json.dumps(conn.execute("SELECT * FROM users").fetchall())  # kept as a digest only
    users.passwd("ana", "ana password 123")


def page_text(page) -> str:
    """What the page shows and holds: its visible text, and its inputs' placeholders and values."""
    return page.inner_text("body") + json.dumps(page.evaluate(
        "[...document.querySelectorAll('textarea, input')].map(e => [e.placeholder, e.value])"))


def ask_in_page(page, question: str) -> str:
    """Ask in the chat and wait for the answer (its source cards, or an abstention's text)."""
    page.get_by_role("tab", name="Chat").click()
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function("document.querySelector('#fb-ask') || document.querySelector('#cards .card')",
                           timeout=120000)
    page.wait_for_timeout(500)
    return page_text(page)


def test_the_browser_shows_a_staff_document_to_staff_only(browser, server):
    url, _ = server
    for who in ("anonymous", "pia", "ana"):
        context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        if who != "anonymous":
            page.goto(url + "/signin", wait_until="load")
            page.fill("#name", who)
            page.fill("#password", f"{who} password 123")
            page.click("#signin-submit")
        page.goto(url + "/", wait_until="load")
        page.wait_for_selector("#chatbot :text('The index holds')", timeout=30000)
        page.wait_for_selector("#who", timeout=30000)
        assert ("Signed in as" in page.inner_text("#who")) is (who != "anonymous")
        seen = page_text(page)  # the welcome: what the index holds, example questions
        page.get_by_role("tab", name="Documents").click()
        page.wait_for_selector("#documents-table [role=row]", timeout=30000)
        seen += page_text(page)
        page.get_by_role("tab", name="Good practices").click()
        page.fill("#query textarea", "Lumivaara Kestrel pilot hydrogen")
        page.keyboard.press("Enter")
        page.wait_for_selector("#results .doc-card, #results :text('No results'), #results :text('Nothing matches')",
                               timeout=60000)
        seen += page_text(page)
        seen += ask_in_page(page, PROBES[2])  # French, about the English and Swedish staff documents
        seen = seen.replace(PROBES[2], "")
        if who == "ana":
            assert "740" in page.inner_text("#chatbot") and "kestrel-" in page.inner_text("#cards")
            assert "kestrel-minutes-en.md" in seen
        else:
            assert not leaked(seen), (who, leaked(seen))
        context.close()


def test_uploads_take_their_access_groups(server, index, tmp_path):
    """The API's upload form field and the page's upload form (an admin account signed in needs no password)."""
    url, app = server
    _, tokens, _ = index
    admin = {"Authorization": f"Bearer {PASSWORD}"}
    files = {"files": ("vega-memo.txt", b"Internal memo: the Vega pilot of the Lumivaara cluster starts in 2031.")}
    bad = httpx.post(url + "/api/documents", headers=admin, files=files, data={"groups": "Not A Group!"}, timeout=300)
    assert bad.status_code == 422 and "access group name" in bad.text
    done = httpx.post(url + "/api/documents", headers=admin, files=files, data={"groups": "staff"}, timeout=300)
    assert done.status_code == 200 and done.json()["indexed"] == ["vega-memo.txt"], done.text
    public = httpx.get(url + "/api/documents", timeout=30).json()
    staff = httpx.get(url + "/api/documents", headers=headers(tokens, "ana"), timeout=30).json()
    assert "vega-memo.txt" not in {d["doc"] for d in public}
    assert {"doc": "vega-memo.txt", "groups": ["staff"]}.items() <= next(d for d in staff
                                                                         if d["doc"] == "vega-memo.txt").items()
    note = tmp_path / "orion-note.txt"
    note.write_text("Internal note: the Orion pilot is paused.", encoding="utf-8")
    app.assistant.users.add("olga", "olga's long password", "staff", admin=True)
    as_user = {name: type("Request", (), {"headers": {"cookie": signed_in(app, name)}})() for name in ("olga", "pia")}
    refused, _ = app.upload([str(note)], "", "staff", lang="en", request=as_user["pia"])
    assert "needs the admin password" in refused
    status, table = app.upload([str(note)], "", "staff", lang="en", request=as_user["olga"])
    assert status.startswith("indexed 1") and "orion-note.txt" in json.dumps(table)  # the admin sees every group
    assert "orion-note.txt" not in {d.doc for d in app.assistant.documents(reader=app.assistant.anonymous())}
    app.assistant.users.remove("olga")


def test_signing_in_to_an_account_of_ones_own_buys_no_more_guesses(index, e5):
    """Wrong passwords count per client; a right one for one's own account does not reset the count."""
    settings, _, tmp = index
    app = App(Assistant(settings, embedder=e5), tmp / "corpus", tmp / "uploads", tmp / "reports")
    with served(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        for _ in range(9):
            assert http.post("/signin", data={"name": "admin", "password": "guess"}).status_code == 401
        assert http.post("/signin", data={"name": "pia", "password": "pia password 123"},
                         follow_redirects=False).status_code == 303
        assert http.post("/signin", data={"name": "admin", "password": "guess"}).status_code == 401
        locked = http.post("/signin", data={"name": "admin", "password": PASSWORD})
        assert locked.status_code == 429 and "Too many wrong passwords" in locked.text
