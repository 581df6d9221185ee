"""What the questions teach (#31, parts 3 and 4): the page and the API keep what they are asked (no address, no name;
after the answer is returned, in the background), the Questions report (CLI, API, the page's tab) counts them and
groups them by meaning across languages, for the admin (every question) and staff (the questions of readers within
their groups, citing documents they may see), a public visitor never sees it, the daily clean-up deletes what the
setting no longer keeps, and a reader's "delete all" removes their questions. The paraphrases below are invented for
this test: none is in an eval file."""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from datetime import UTC, date, datetime, timedelta

import httpx
import numpy as np
import pytest

from assistant import cli, questions, topics
from assistant.access import OPERATOR, Reader
from assistant.api import Assistant, Feedback
from assistant.catalog import Catalog
from assistant.config import Settings
from assistant.errors import SignInNeeded, StaffOnly
from assistant.ui import questions as tab
from assistant.ui.common import reading_as
from tests.conftest import PASSWORD, VISIBLE, add_readers, leftovers, served_fake, shots, write_corpus
from tests.fakes import HashEmbedder

ADMIN = {"Authorization": f"Bearer {PASSWORD}"}
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
# Four questions the fixture documents do not answer, each asked in en, fr, sv, de and once more in other English words.
PARAPHRASES = {
    "wifi": ["What is the Wi-Fi password at the innovation hub?",
             "Quel est le mot de passe du wifi au pôle d'innovation ?",
             "Vad är lösenordet till wifi-nätet på innovationshubben?",
             "Wie lautet das WLAN-Passwort im Innovationszentrum?",
             "Which password do I need for the hub's wireless internet?"],
    "reception": ["When is the cluster's reception desk open?",
                  "À quelles heures l'accueil du cluster est-il ouvert ?",
                  "Vilka öppettider har klustrets reception?",
                  "Wann ist der Empfang des Clusters geöffnet?",
                  "What are the opening hours of the cluster's front desk?"],
    "successor": ["Who will succeed the cluster's director when she retires?",
                  "Qui succédera à la directrice du cluster lors de son départ à la retraite ?",
                  "Vem efterträder klustrets direktör när hon går i pension?",
                  "Wer wird Nachfolgerin der Clusterdirektorin, wenn sie in Rente geht?",
                  "Who is going to replace the cluster director after her retirement?"],
    "dogs": ["Are dogs allowed in the cluster's offices?",
             "Les chiens sont-ils autorisés dans les bureaux du cluster ?",
             "Får man ta med hund till klustrets kontor?",
             "Sind Hunde in den Büros des Clusters erlaubt?",
             "Can employees bring their dog to work at the cluster?"],
}
WORDED_IN = ("en", "fr", "sv", "de", "en")
ANSWERED = [("How many members does the i-Trans cluster have?", "en", "fr/poles-hauts-de-france.txt"),
            ("Combien de régions modèles l'observatoire a-t-il choisies ?", "fr", "en/observatory.md"),
            ("Hur många partner har Inno Industry?", "sv", "sv/inno-industry.txt"),
            ("Wie viel Geld verteilt die Behörde jedes Jahr?", "de", "de/hamburg.html")]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """A fake-embedder index of the fixtures, an admin password, a staff user ana and a public user pia with tokens;
    yields (settings, tokens by name, tmp)."""
    tmp = tmp_path_factory.mktemp("questions")
    settings = Settings(index_dir=tmp / "index", collection="questions", admin_password=PASSWORD, api_rate_limit=0)
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    yield settings, add_readers(assistant), tmp


@pytest.fixture(scope="module")
def server(index):
    """The whole server (API, page) over the index, in a thread; yields (URL, App)."""
    settings, _, tmp = index
    with served_fake(settings, tmp) as running:
        yield running


def kept_rows(settings: Settings) -> list[dict]:
    """Every kept question as the catalog holds it."""
    conn = sqlite3.connect(settings.index_dir / "catalog.sqlite")
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM questions ORDER BY id")]
    finally:
        conn.close()


def test_the_api_and_the_page_keep_what_they_are_asked_without_address_or_name(server, index):
    url, app = server
    settings, tokens, _ = index
    token = tokens["pia"]
    before = len(kept_rows(settings))
    with httpx.Client(base_url=url, timeout=60) as http:
        assert http.post("/api/ask", json={"question": "Wie viele Cluster fördert Hamburg?"}).status_code == 200
        reply = http.post("/api/ask", json={"question": "Where can visitors park at the cluster office?"},
                          headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": "203.0.113.7"})
        assert reply.status_code == 200
    with reading_as(app.signin.anonymous):
        list(app.chat("Hur många partner har Inno Industry?", [], "sv"))
    assert app.assistant.flush_questions()  # kept after the answers, in the background
    rows = kept_rows(settings)[before:]
    assert [r["channel"] for r in rows] == ["api", "api", "app"]
    anonymous, pia, page = rows
    assert anonymous["lang"] == "de" and not anonymous["abstained"] and json.loads(anonymous["docs"]) == \
        ["de/hamburg.html"]
    assert pia["abstained"] and json.loads(pia["docs"]) == []
    assert anonymous["owner"] is None and page["owner"] is None
    assert json.loads(anonymous["asker_groups"]) == ["public"] == json.loads(pia["asker_groups"])
    assert pia["owner"] == questions.owner_key(app.assistant.catalog, "pia") and len(pia["owner"]) == 32
    assert len(np.frombuffer(pia["vector"], np.float16)) == HashEmbedder.dim
    for row in rows:  # no address, no name, in any column
        assert not {"pia", "127.0.0.1", "203.0.113.7"} & {str(v) for v in row.values()}
        assert "127.0.0.1" not in json.dumps({k: str(v) for k, v in row.items()})
        assert "pia" not in (row["question"] + row["typed"] + row["docs"]).lower()


def test_a_public_visitor_never_sees_the_report(server, index):
    url, app = server
    _, tokens, _ = index
    with httpx.Client(base_url=url, timeout=60) as http:
        visitor = http.get("/api/report", headers={"Accept-Language": "sv-SE"})
        assert visitor.status_code == 401 and visitor.json()["detail"] == tab.ui_text("sv", "r_signin_report")
        pia = http.get("/api/report", headers={"Authorization": f"Bearer {tokens['pia']}"}, params={"lang": "de"})
        assert pia.status_code == 403 and pia.json()["detail"] == tab.ui_text("de", "r_staff_only")
        assert http.get("/api/report", headers={"Authorization": "Bearer guess"}).status_code == 401
        staff = http.get("/api/report", headers={"Authorization": f"Bearer {tokens['ana']}"})
        assert staff.status_code == 200 and staff.json()["groups"] == ["public", "staff"]
        reply = http.get("/api/report", headers=ADMIN)
        assert reply.status_code == 200, reply.text
        report = reply.json()
        assert report["questions"] >= 1 and {"abstained", "unanswered", "topics", "by_lang"} <= set(report)
        assert http.get("/api/report", params={"since": "not a day"}, headers=ADMIN).status_code == 422
        assert http.get("/api/report", params={"since": "2999-01-01"}, headers=ADMIN).json()["questions"] == 0
        assert report["groups"] is None  # the admin's: every group
    with pytest.raises(StaffOnly):
        app.assistant.questions_report(reader=Reader(name="pia"))
    with pytest.raises(SignInNeeded):
        app.assistant.questions_report(reader=app.assistant.anonymous())
    for reader, key in ((app.signin.anonymous, "r_signin_report"), (Reader("pia"), "r_staff_only")):
        with reading_as(reader):  # the page's tab: hidden, and its handlers refuse too, in the page's language
            shown = tab.show(app, "", "fr")
            assert shown[0] == tab.ui_text("fr", key) and shown[3] is None
            assert tab.candidates(app, report, 0, "fr")[:2] == (tab.ui_text("fr", key), None)


def test_the_report_counts_days_languages_verdicts_and_cited_documents(tmp_path):
    settings = Settings(index_dir=tmp_path / "index", collection="report")
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp_path / "docs")])
    embed = HashEmbedder()
    parking = "Where can visitors park at the cluster office?"
    asked = [questions.Asked(parking, "en", True, vector=embed.query(parking), at=T0),
             questions.Asked(parking, "en", True, vector=embed.query(parking), at=T0 + timedelta(days=1)),
             questions.Asked("=HYPERLINK(\"x\") parking?", "en", True, at=T0 + timedelta(days=1))]
    asked += [questions.Asked(q, lang, False, 0.9, [doc], embed.query(q), at=T0 + timedelta(days=1))
              for q, lang, doc in ANSWERED]
    questions.record(assistant.catalog, asked)
    assistant.record_feedback(Feedback(question=parking, rating="down", reason="missing", abstained=True,
                                       unanswerable=True))
    assistant.record_feedback(Feedback(question=ANSWERED[0][0], rating="up"))
    report = assistant.questions_report()
    assert (report["questions"], report["abstained"], report["answered"]) == (7, 3, 4)
    assert report["by_day"] == [{"day": "2026-03-02", "questions": 1, "abstained": 1},
                                {"day": "2026-03-03", "questions": 6, "abstained": 2}]
    assert report["by_lang"][0] == {"lang": "en", "questions": 4, "abstained": 3}
    first = report["unanswered"][0]
    assert first["label"] == parking and first["count"] == 2 and first["questions"] == [
        {"question": parking, "count": 2, "lang": "en"}]
    assert (first["down"], first["missing"], first["up"]) == (1, 1, 0)
    assert any(g["label"] == ANSWERED[0][0] and g["up"] == 1 for g in report["topics"])
    assert {r["doc"]: r["title"] for r in report["cited"]}["de/hamburg.html"] == "Clusterpolitik in Hamburg"
    since = assistant.questions_report(date(2026, 3, 3))
    assert since["questions"] == 6 and since["unanswered"][0]["count"] == 1


def test_the_cli_report_as_text_and_csv_where_a_typed_formula_stays_text(tmp_path, capsys):
    index = tmp_path / "index"
    questions.record(Catalog(index), [questions.Asked("=HYPERLINK(\"http://x\") where to park?", "en", True),
                                      questions.Asked("Wie viele Cluster fördert Hamburg?", "de", False, 0.9,
                                                      ["de/hamburg.html"])])
    assert cli.main(["report", "--csv", "--index", str(index)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["kind", "rank", "label", "count"] and len(rows) == 4  # two topics, one unanswered
    assert all(r[2].startswith("'=HYPERLINK") for r in rows if "HYPERLINK" in r[2])
    assert cli.main(["report", "--index", str(index), "--since", "2000-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 questions since 2000-01-01") and "de/hamburg.html" in out
    assert "(1 group):" in out and "(s)" not in out  # singular and plural, never "question(s)"
    assert cli.main(["report", "--index", str(index), "--since", "2999-12-07"]) == 0
    assert capsys.readouterr().out == "no question since 2999-12-07 (2 questions kept in all)\n"  # no empty sections
    assert cli.main(["report", "--index", str(index), "--since", "2000-01-01", "--candidates",
                     str(tmp_path / "c.jsonl")]) == 0
    assert "1 candidate from 1 unanswered group written to" in capsys.readouterr().err


def test_the_cli_needs_an_index_and_a_day(tmp_path, capsys):
    assert cli.main(["report", "--index", str(tmp_path / "none")]) == 2
    assert "no index" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "--since", "yesterday", "--index", str(tmp_path / "none")])
    assert exit_.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_the_daily_clean_up_deletes_what_the_setting_no_longer_keeps(tmp_path):
    assistant = Assistant(Settings(index_dir=tmp_path / "index", keep_questions_days=90), embedder=HashEmbedder())
    questions.record(assistant.catalog, [questions.Asked("old question?", "en", at=T0),
                                         questions.Asked("younger question?", "en", at=T0 + timedelta(days=60))])
    daily = assistant.question_retention()
    assert daily.run(now=T0 + timedelta(days=89)) == 0  # at start: nothing older than 90 days yet
    assert daily.run(now=T0 + timedelta(days=89, hours=23)) is None  # not a day later: not due
    assert daily.run(now=T0 + timedelta(days=90, hours=1)) == 1  # the next day: the old question is gone
    assert [r["question"] for r in kept_rows(assistant.settings)] == ["younger question?"]
    report = assistant.questions_report()  # a read, never a clean-up: the daily one decides
    assert report["questions"] == 1 and report["kept_days"] == 90


def test_keep_questions_0_keeps_none(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("ASSISTANT_KEEP_QUESTIONS", "0")
    monkeypatch.setenv("ASSISTANT_KEEP_QUESTIONS_DAYS", "7")
    settings = Settings.from_env(index_dir=tmp_path / "index", collection="off")
    assert settings.keep_questions is False and settings.keep_questions_days == 7
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp_path / "docs")])
    questions.record(assistant.catalog, [questions.Asked("kept before it was turned off?", "en")])
    assistant.ask("Wie viele Cluster fördert Hamburg?", keep="api")
    list(assistant.ask_stream("Hur många partner har Inno Industry?", keep="app"))
    assert [r["question"] for r in kept_rows(settings)] == ["kept before it was turned off?"]
    assert assistant.questions_report()["kept_days"] is None and kept_rows(settings)  # the report deletes nothing
    with caplog.at_level(logging.INFO, logger="assistant.questions"):
        assert assistant.question_retention().run() == 1 and not kept_rows(settings)
    assert caplog.messages == ["removed 1 question: keeping questions is off (ASSISTANT_KEEP_QUESTIONS=0)"]


def test_the_report_never_deletes_whatever_the_shells_settings_and_refuses_a_bad_one(tmp_path, monkeypatch,
                                                                                     capsys, caplog):
    """The trial: `ASSISTANT_KEEP_QUESTIONS_DAYS=0 assistant report` deleted every kept question, =1 a 2-day-old one.
    A report is a read; a period of 0 or less, or no number, is refused naming the variable (exit 2, one line)."""
    index = tmp_path / "index"
    now = questions.now_utc()
    questions.record(Catalog(index), [questions.Asked("asked two days ago?", "en", at=now - timedelta(days=2)),
                                      questions.Asked("asked today?", "en", at=now)])
    monkeypatch.setenv("ASSISTANT_KEEP_QUESTIONS_DAYS", "1")
    assert cli.main(["report", "--index", str(index)]) == 0 and "2 questions" in capsys.readouterr().out
    for variable, value in (("ASSISTANT_KEEP_QUESTIONS_DAYS", "0"), ("ASSISTANT_KEEP_QUESTIONS_DAYS", "-5"),
                            ("ASSISTANT_KEEP_QUESTIONS_DAYS", "abc"), ("ASSISTANT_KEEP_QUESTIONS", "maybe")):
        monkeypatch.setenv(variable, value)
        for command in (["report"], ["stats"], ["report", "--json"]):
            assert cli.main([*command, "--index", str(index)]) == 2
            err = capsys.readouterr().err
            assert err.startswith(f"error: {variable}=") and err.count("\n") == 1 and "Traceback" not in err
            assert ("above 0" in err) if variable.endswith("DAYS") else ("1 or 0" in err)
        monkeypatch.delenv(variable)
    monkeypatch.setenv("ASSISTANT_KEEP_QUESTIONS", "0")
    assert cli.main(["report", "--index", str(index)]) == 0
    assert len(kept_rows(Settings(index_dir=index))) == 2  # every question still there
    with pytest.raises(ValueError, match="above 0"):
        Settings(keep_questions_days=0)
    with caplog.at_level(logging.INFO, logger="assistant.questions"):  # the server's clean-up, with a reason
        Assistant(Settings(index_dir=index, keep_questions_days=1.5), embedder=HashEmbedder()).question_retention().run()
    assert caplog.messages == ["removed 1 question: older than the kept period of 1.5 days"]


def test_the_tab_says_only_what_is_true_and_names_the_delete_all_button_as_it_reads(tmp_path):
    off = {"since": None, "questions": 0, "kept_days": None, "groups": None, "topics": [], "unanswered": [],
           "cited": []}
    for lang in ("en", "fr", "sv", "de"):
        text = "\n".join(tab.summary(off, lang) + tab.groups(off, "topics", lang) + tab.cited(off, lang))
        assert text == tab.ui_text(lang, "q_kept_off") and "|" not in text  # keeping off: that alone, no table
        kept = "\n".join(tab.summary({**off, "kept_days": 90}, lang))
        assert f"{tab.ui_text(lang, 'h_delete_all')}" in kept and tab.ui_text(lang, "q_none") in kept
        since = "\n".join(tab.summary({**off, "kept_days": 90, "since": "2026-12-07"}, lang))
        assert "2026-12-07" in since and tab.ui_text(lang, "q_none") not in since


def test_delete_all_removes_a_readers_questions_from_the_report(tmp_path):
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="forget"), embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp_path / "docs")])
    pia, ola = Reader(name="pia"), Reader(name="ola")
    for reader in (pia, pia, ola, assistant.anonymous()):
        assistant.ask("Where can visitors park at the cluster office?", reader=reader, keep="api")
    assert assistant.questions_report()["questions"] == 4
    assert assistant.forget_questions(pia) == 2
    assert assistant.forget_questions(assistant.anonymous()) == 0  # an anonymous reader owns no question
    report = assistant.questions_report()
    assert report["questions"] == 2 and report["unanswered"][0]["count"] == 2


def test_paraphrases_of_one_unanswered_question_group_together_in_any_language(tmp_path, e5, capsys):
    """The real model: four unanswered questions, each asked five ways in four languages (one of them three times),
    beside answered ones; the report puts each question's wordings in one group and no two questions together."""
    catalog = Catalog(tmp_path / "index")
    asked = [questions.Asked(text, WORDED_IN[i], True, vector=e5.query(text))
             for texts in PARAPHRASES.values() for i, text in enumerate(texts)]
    asked += [questions.Asked(PARAPHRASES["dogs"][1], "fr", True, vector=e5.query(PARAPHRASES["dogs"][1]))] * 2
    asked += [questions.Asked(q, lang, False, 0.9, [doc], e5.query(q)) for q, lang, doc in ANSWERED]
    questions.record(catalog, asked)
    assert cli.main(["report", "--json", "--index", str(tmp_path / "index"),
                     "--candidates", str(tmp_path / "candidates.jsonl")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["questions"], report["abstained"]) == (26, 22)
    assert len(report["unanswered"]) == 4, [g["label"] for g in report["unanswered"]]
    found = {}
    for group in report["unanswered"]:
        names = {name for name, texts in PARAPHRASES.items() for q in group["questions"] if q["question"] in texts}
        assert len(names) == 1, group  # no two questions in one group
        found[names.pop()] = group
    assert set(found) == set(PARAPHRASES)
    for name, group in found.items():  # every wording of a question in its one group, named by one of them
        assert {q["question"] for q in group["questions"]} == set(PARAPHRASES[name])
        assert group["label"] in PARAPHRASES[name] and set(group["languages"]) == {"en", "fr", "sv", "de"}
    assert report["unanswered"][0] == found["dogs"] and found["dogs"]["count"] == 7
    items = [json.loads(line) for line in (tmp_path / "candidates.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) == 20 and all(i["kind"] == "unanswerable" and i["unanswerable"] for i in items)
    assert {i["lang"] for i in items} == {"en", "fr", "sv", "de"}


def test_the_tab_turns_a_group_into_candidate_eval_questions_in_one_click(server):
    _, app = server
    with reading_as(app.signin.admin()):
        text, image, choices, report = tab.show(app, "", "fr")
        assert report is not None and "questions" in text and image["visible"]
        assert tab.show(app, "2026-13-01", "fr")[0].startswith("«")  # not a day: said, nothing else changed
        note, path, said = tab.candidates(app, report, 0, "fr")
        german = tab.relang(app, report, said, "de")  # the interface's language changed: the note and report too
    items = [json.loads(line) for line in open(path, encoding="utf-8")]
    assert items and all(i["kind"] == "unanswerable" for i in items) and note.startswith(str(len(items)))
    assert items[0]["question"] == report["unanswered"][0]["questions"][0]["question"]
    assert note.startswith(f"{len(items)} questions d'évaluation candidates")
    assert german[2].startswith(f"{len(items)} Kandidatenfragen für die Evaluation aus „")
    assert "Was den Dokumenten fehlt" in german[0] and german[1]["label"] == tab.ui_text("de", "q_plot")
    with reading_as(app.signin.anonymous):  # no report to relabel for a reader who may not see it
        assert tab.relang(app, report, None, "de")[0] == tab.gr.skip()


def test_grouping_in_rounds_attaches_what_one_round_cannot_hold(monkeypatch):
    """More distinct questions than one round links (topics.LINKED): the later ones join the groups made when close
    enough, and the groups are those of one round."""
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(6, 32))
    x = topics._unit(np.concatenate([c + rng.normal(scale=0.3, size=(20, 32)) for c in centres]).astype(np.float32))
    whole = {tuple(g.members) for g in topics.group(x, threshold=0.5)}
    monkeypatch.setattr(topics, "LINKED", 25)
    assert {tuple(g.members) for g in topics.group(x, threshold=0.5)} == whole
    assert len(whole) == 6 and sorted(len(m) for m in whole) == [20] * 6


def test_an_operator_at_the_command_line_is_no_reader_whose_questions_are_kept(index):
    settings, _, _ = index
    assistant = Assistant(settings, embedder=HashEmbedder())
    before = len(kept_rows(settings))
    assistant.ask("Wie viele Cluster fördert Hamburg?", reader=OPERATOR)  # `assistant ask`, the evaluations
    assert len(kept_rows(settings)) == before


def test_the_browser_shows_the_questions_tab_to_the_admin_and_staff_only(browser, server):
    url, _ = server
    httpx.post(url + "/api/ask", json={"question": "Where can visitors park at the cluster office?"}, timeout=60)
    for who, password in (("anonymous", ""), ("ana", "ana password 123"), ("admin", PASSWORD)):
        context = browser.new_context(locale="sv-SE", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        if password:
            page.goto(url + "/signin", wait_until="load")
            page.fill("#name", who)
            page.fill("#password", password)
            page.click("#signin-submit")
        page.goto(url + "/", wait_until="load")
        page.wait_for_selector("#who", timeout=30000)
        page.wait_for_selector("#chatbot :text('Indexet')", timeout=30000)  # the page relabelled in Swedish
        questions_tab = page.get_by_role("tab", name="Frågor")
        if who == "anonymous":
            assert questions_tab.count() == 0 and "Frågor" not in page.inner_text("body")
        else:
            questions_tab.click()
            page.wait_for_selector("#questions-report :text('frågor')", timeout=60000)
            page.wait_for_selector("#questions-plot img", timeout=30000)
            assert "Det som saknas i dokumenten" in page.inner_text("#questions-report")
            # staff: their view said (the questions of readers within their groups); the admin: every question
            assert ("Din vy" in page.inner_text("#questions-report")) == (who == "ana")
            assert leftovers(page.evaluate(VISIBLE), "sv") == []  # every text of the tab in Swedish
            page.screenshot(path=str(shots() / f"questions-tab-sv-{who}.png"), full_page=True)
            if who == "admin":  # the candidates' note and the report follow a change of the interface's language
                page.click("#questions-group input")
                page.locator("#questions-group [role=option]").first.click()
                page.click("#questions-candidates")
                page.wait_for_selector("#questions-note :text('kandidatfrågor')", timeout=30000)
                page.locator("#ui-lang input[value=de]").check()
                page.wait_for_selector("#questions-note :text('Kandidatenfragen')", timeout=30000)
                page.wait_for_selector("#questions-report :text('Was den Dokumenten fehlt')", timeout=30000)
                assert "kandidatfrågor" not in page.inner_text("#questions-note")
        context.close()
