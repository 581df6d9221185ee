"""Readers' feedback: stored in the catalog (a migration), exported as eval candidates the eval loader reads,
counted by language and week; and in the browser: 👎 + "missing", a passage picked, the export holds it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from assistant.api import Assistant
from assistant.catalog import Catalog
from assistant.config import Settings
from assistant.errors import InvalidFeedback
from assistant.evaluation import check_quotes, load_questions
from assistant.feedback import Feedback
from assistant.migrations import MIGRATIONS
from tests.conftest import VISIBLE, leftovers, shots, write_corpus

HAMBURG = "Hamburg fördert acht Cluster, darunter die Luftfahrt, die Logistik und die Erneuerbaren Energien."
OBSERVATORY = "The European Cluster Observatory selected six model demonstrator regions in 2014 from 44 applications."


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, e5) -> Assistant:
    """An index of the multilingual fixtures (real model)."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("fb") / "index", collection="feedback")
    assistant = Assistant(settings, embedder=e5)
    assistant.ingest([write_corpus(tmp_path_factory.mktemp("docs"))])
    return assistant


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    """The `assistant` command over this index."""
    return subprocess.run([sys.executable, "-m", "assistant", *args, "--index", str(settings.index_dir),
                           "--collection", settings.collection], capture_output=True, text=True, timeout=300)


def on(assistant: Assistant, question: str, rating: str, **given) -> int:
    """Ask, then store feedback on the answer."""
    answer = assistant.ask(question).as_json()
    return assistant.record_feedback(Feedback.of_answer({**answer, "question": question}, rating, **given))


def test_export_writes_eval_items_the_eval_loader_reads(assistant, tmp_path):
    hamburg = assistant.search("Hamburg Luftfahrt Logistik", k=1)[0]
    on(assistant, "Welche Branchen fördert Hamburg?", "down", reason="missing", chunk_id=hamburg.chunk_id,
       quote=HAMBURG, comment="the answer left out the sectors")
    on(assistant, "How large is the cluster budget of Malta?", "down", reason="missing", unanswerable=True)
    on(assistant, "How many partners does Inno Industry have?", "up")
    on(assistant, "Who runs the moon cluster?", "down", reason="wrong")
    assistant.record_feedback(Feedback(question="And how many members?", rating="down", reason="missing", language="en",
                                       previous=["What is the pôle i-Trans?"], doc="fr/poles-hauts-de-france.txt"))
    out = tmp_path / "candidates.jsonl"
    done = cli(assistant.settings, "feedback", "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "4 candidate(s) from 5 feedback item(s)" in done.stdout
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert items[0] == {"id": items[0]["id"], "question": "Welche Branchen fördert Hamburg?", "lang": "de",
                        "kind": "fact", "relevant": ["de/hamburg.html"], "quote": HAMBURG,
                        "feedback": {**items[0]["feedback"], "rating": "down", "reason": "missing",
                                     "comment": "the answer left out the sectors"}}
    assert items[1]["unanswerable"] is True and items[1]["relevant"] == [] and items[1]["kind"] == "unanswerable"
    assert items[2]["relevant"] == ["sv/inno-industry.txt"] and "quote" not in items[2]
    assert items[3]["kind"] == "followup" and items[3]["previous"] == ["What is the pôle i-Trans?"]
    questions = load_questions(out)  # the eval format, as `assistant eval` reads it
    assert [q.answerable for q in questions] == [True, False, True, True]
    assert check_quotes(questions, assistant.catalog.document_texts()) == []


def test_stats_count_by_language_and_week(assistant):
    done = cli(assistant.settings, "feedback", "stats", "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["n"] == 5 and stats["up"] == 1 and stats["missing"] == 3 and stats["wrong"] == 1
    assert stats["by_lang"]["de"]["n"] == 1 and stats["by_lang"]["en"]["up_rate"] == round(1 / 4, 4)
    year, week, _ = datetime.now(UTC).isocalendar()
    assert list(stats["by_week"]) == [f"{year}-W{week:02d}"]
    table = cli(assistant.settings, "feedback", "stats").stdout
    assert table.splitlines()[2].startswith("| all | 5 | 1 | 4 | 1 | 3 |")


@pytest.mark.parametrize(("given", "field"), [
    ({"question": " "}, "question"), ({"rating": "meh"}, "rating"), ({"reason": "wrong"}, "reason"),
    ({"rating": "down", "chunk_id": "nowhere#0001"}, "chunk_id"),
    ({"rating": "down", "doc": "nowhere.txt"}, "doc"), ({"rating": "down", "quote": "floating quote"}, "quote"),
    ({"rating": "down", "unanswerable": True, "doc": "de/hamburg.html"}, "unanswerable"),
    ({"comment": "x" * 2001}, "comment"),
])
def test_invalid_feedback_is_refused_by_field(assistant, given, field):
    with pytest.raises(InvalidFeedback, match=f"^{field}:"):
        assistant.record_feedback(Feedback(**{"question": "Hamburg?", "rating": "up", **given}))


def test_the_feedback_migration_is_appended_to_an_older_catalog(tmp_path):
    conn = sqlite3.connect(tmp_path / "catalog.sqlite")
    for number, script in enumerate(MIGRATIONS[:2], 1):  # a catalog from before feedback existed
        conn.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
    conn.close()
    catalog = Catalog(tmp_path)
    with catalog.connect() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
    assert {"question", "answer", "citations", "language", "created_at"} <= columns
    assert not columns & {"ip", "address", "user", "session", "user_agent"}  # nothing about the reader


@pytest.fixture(scope="module")
def app(tmp_path_factory, launched_app):
    """The app over the multilingual fixtures; yields (URL, its temp folder)."""
    tmp = tmp_path_factory.mktemp("fb-app")
    with launched_app(tmp, write_corpus(tmp / "corpus")) as url:
        yield url, tmp


def ask(page, question: str) -> None:
    """Ask in the chat and wait for the answer and the feedback buttons under it."""
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_selector("#fb-down", state="visible", timeout=120000)


def test_browser_thumbs_down_missing_with_a_picked_passage_reaches_the_export(browser, app):
    url, tmp = app
    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1200})
    page.goto(url, wait_until="load")
    page.wait_for_selector("#chatbot :text('The index holds')", timeout=30000)
    question = "Which regions were chosen as model demonstrators?"
    ask(page, question)
    page.click("#fb-down")
    page.get_by_label("Missing information").check()
    page.wait_for_selector("#fb-passage label", timeout=60000)  # already searched with the question
    page.fill("#fb-query textarea", "model demonstrator regions 44 applications")
    page.click("#fb-search")
    option = page.locator("#fb-passage label", has_text="European Cluster Observatory").first
    option.wait_for(timeout=60000)
    option.click()
    page.fill("#fb-quote textarea", OBSERVATORY)
    page.fill("#fb-comment textarea", "the six regions are in the observatory text")
    page.screenshot(path=str(shots() / "feedback.png"), full_page=True)
    page.click("#fb-send")
    page.wait_for_selector("#fb-note :text('Thank you')", timeout=30000)
    assert page.locator("#fb-down").is_hidden()
    ask(page, "How many partners does Inno Industry have?")
    assert page.locator("#fb-note").inner_text().strip() == ""  # a new answer, a new verdict
    page.click("#fb-up")
    page.wait_for_selector("#fb-note :text('Thank you')", timeout=30000)
    # An earlier answer of the conversation can be rated too: pick it, then 👎 "wrong".
    page.click("#fb-which input")
    page.get_by_role("option", name=f"1. {question}").click()
    page.click("#fb-down")
    page.get_by_label("Wrong").check()
    page.fill("#fb-comment textarea", "second thoughts on the first answer")
    page.click("#fb-send")
    page.wait_for_function("document.querySelectorAll('#fb-note p').length > 0")
    page.get_by_role("tab", name="Evaluation").click()
    page.reload(wait_until="load")  # the tab reads the feedback when the page loads
    page.get_by_role("tab", name="Evaluation").click()
    page.wait_for_selector("#feedback-rate :text('3 answers rated, 33 % helpful')", timeout=30000)
    page.close()

    settings = Settings(index_dir=tmp / "index", collection="app_test")
    out = tmp / "candidates.jsonl"
    done = cli(settings, "feedback", "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    picked = [i for i in items if i["question"] == question]
    assert len(picked) == 1 and picked[0]["relevant"] == ["en/observatory.md"] and picked[0]["quote"] == OBSERVATORY
    assert picked[0]["lang"] == "en" and picked[0]["feedback"]["reason"] == "missing"
    assert any(i["question"] == "How many partners does Inno Industry have?" and i["relevant"] for i in items)
    with Catalog(tmp / "index").connect() as conn:
        later = conn.execute("SELECT question, reason, previous FROM feedback ORDER BY id").fetchall()
    assert later[-1][0] == question and later[-1][1] == "wrong" and json.loads(later[-1][2]) == []


def test_browser_the_feedback_panel_speaks_each_ui_language(browser, app):
    from assistant.ui.texts import UI, UI_LANGS

    page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1200})
    page.goto(app[0], wait_until="load")
    page.wait_for_selector("#chatbot :text('The index holds')", timeout=30000)
    ask(page, "Welche Cluster fördert Hamburg?")
    page.click("#fb-down")
    page.get_by_label("Missing information").check()
    page.wait_for_selector("#fb-passage label", timeout=60000)
    for lang in [*UI_LANGS[1:], "en"]:
        t = UI[lang]
        page.locator(f"#ui-lang input[value={lang}]").check()
        page.get_by_role("button", name=t["fb_send"]).wait_for(timeout=30000)
        deadline = time.monotonic() + 30  # the relabels of one switch land one by one: wait for the last
        while leftovers(text := page.evaluate(VISIBLE), lang) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert leftovers(text, lang) == [], lang
        for key in ("fb_ask", "fb_up", "fb_down", "fb_reason", "fb_wrong", "fb_missing", "fb_absent", "fb_find",
                    "fb_passage", "fb_quote", "fb_comment", "fb_send"):
            assert t[key] in text, (lang, key)
    page.close()
