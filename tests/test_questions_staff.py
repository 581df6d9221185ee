"""The Questions report for staff (#31): a staff member sees the questions of readers whose groups are all theirs too
(their group's, the public's) that cite only documents they may see, never another group's; the admin and the
command line see every question; a public reader is refused. And keeping a question never delays its answer: it is
kept after the answer is returned, by a bounded background queue that logs what it cannot keep and is drained when
the process ends. The fake embedder answers here; the catalog and the queue are the real ones."""

from __future__ import annotations

import json
import logging
import threading

import pytest

from assistant import cli, pending, questions
from assistant.access import OPERATOR, Reader, is_staff
from assistant.api import Assistant
from assistant.config import Settings
from assistant.errors import SignInNeeded, StaffOnly
from tests.conftest import add_readers, write_corpus
from tests.fakes import HashEmbedder

KESTREL = ("# Kestrel pilot: internal board minutes\n\nThe board of the Lumivaara cluster agreed on 14 March to fund "
           "the Kestrel pilot with 740,000 euros.\n")
LEDGER = ("# Orrefors fund ledger\n\nThe Orrefors cluster fund paid 312,000 euros to the Glasbruk foundry for its "
          "furnace retrofit in 2025.\n")
ASKED = {  # who asks what, and the document the answer cites
    "anonymous": ("Wie viele Cluster fördert Hamburg?", "de/hamburg.html"),
    "pia": ("Combien de membres réunit le pôle i-Trans ?", "fr/poles-hauts-de-france.txt"),
    "ana": ("How much did the board of the Lumivaara cluster give the Kestrel pilot?", "kestrel-minutes.md"),
    "ola": ("How much did the Orrefors cluster fund pay the Glasbruk foundry?", "orrefors-ledger.md"),
    "ola public": ("Hur många partner har Inno Industry?", "sv/inno-industry.txt"),
    "admin": ("Which six regions did the European Cluster Observatory select?", "en/observatory.md"),
}


@pytest.fixture(scope="module")
def asked(tmp_path_factory):
    """An index of the fixtures (public), a staff document and a finance one; ana (staff), ola (finance), pia
    (public), a visitor and the admin have each asked their questions of ASKED. Yields (assistant, readers)."""
    tmp = tmp_path_factory.mktemp("staff")
    assistant = Assistant(Settings(index_dir=tmp / "index", collection="staff"), embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp / "corpus")])
    for name, text, group in (("kestrel-minutes.md", KESTREL, "staff"), ("orrefors-ledger.md", LEDGER, "finance")):
        (tmp / group).mkdir()
        (tmp / group / name).write_text(text, encoding="utf-8")
        assistant.ingest([tmp / group], groups=group)
    add_readers(assistant)
    assistant.users.add("ola", "ola password 123", "finance")
    readers = {name: assistant.reader_named(name) for name in ("ana", "pia", "ola")}
    readers |= {"anonymous": assistant.anonymous(), "admin": Reader("admin", None, admin=True)}
    for who, (question, doc) in ASKED.items():
        answer = assistant.ask(question, reader=readers[who.split()[0]], keep="api")
        assert doc in {c.doc for c in answer.citations}, (who, answer.text)
    assert assistant.flush_questions()
    yield assistant, readers


def questions_in(report: dict) -> set[str]:
    """Every question a report lists, in its topics."""
    return {q["question"] for group in report["topics"] for q in group["questions"]}


def test_staff_see_their_groups_and_the_public_questions_never_another_groups(asked):
    assistant, readers = asked
    mine = assistant.questions_report(reader=readers["ana"])
    assert questions_in(mine) == {ASKED[who][0] for who in ("anonymous", "pia", "ana")}
    assert mine["questions"] == 3 and mine["groups"] == ["public", "staff"]
    assert {r["doc"] for r in mine["cited"]} == {ASKED[who][1] for who in ("anonymous", "pia", "ana")}
    shown = json.dumps(mine, ensure_ascii=False)
    assert "Orrefors" not in shown and "Inno Industry" not in shown and "Observatory" not in shown
    theirs = assistant.questions_report(reader=readers["ola"])  # the finance group's: ana's question is not theirs
    assert questions_in(theirs) == {ASKED[who][0] for who in ("anonymous", "pia", "ola", "ola public")}
    for everyone in (readers["admin"], OPERATOR):  # the admin and the command line: every question
        assert questions_in(assistant.questions_report(reader=everyone)) == {q for q, _ in ASKED.values()}


def test_a_public_reader_and_a_visitor_are_refused(asked):
    assistant, readers = asked
    assert [is_staff(readers[who], ("public",)) for who in ("ana", "ola", "pia", "anonymous", "admin")] == \
        [True, True, False, False, True]
    with pytest.raises(StaffOnly) as refused:
        assistant.questions_report(reader=readers["pia"])
    assert refused.value.key == "r_staff_only"
    with pytest.raises(SignInNeeded):
        assistant.questions_report(reader=readers["anonymous"])


def test_a_question_citing_a_document_the_staff_member_may_no_longer_see_leaves_their_report(asked):
    assistant, readers = asked
    assistant.set_groups("de/hamburg.html", "finance")
    try:
        mine = assistant.questions_report(reader=readers["ana"])
        assert ASKED["anonymous"][0] not in questions_in(mine) and mine["questions"] == 2
    finally:
        assistant.set_groups("de/hamburg.html", "public")


def test_questions_kept_before_the_askers_groups_were_are_the_admins_only(tmp_path, capsys):
    index = tmp_path / "index"
    assistant = Assistant(Settings(index_dir=index), embedder=HashEmbedder())
    questions.record(assistant.catalog, [questions.Asked("Where can visitors park?", "en", True),  # no groups kept
                                         questions.Asked("Who runs the front desk?", "en", True, groups=("public",))])
    ana = Reader("ana", frozenset({"public", "staff"}))
    assert questions_in(assistant.questions_report(reader=ana)) == {"Who runs the front desk?"}
    assert cli.main(["report", "--json", "--index", str(index)]) == 0  # the operator: every question
    assert json.loads(capsys.readouterr().out)["questions"] == 2


def test_keeping_a_question_never_delays_its_answer(tmp_path, monkeypatch):
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="later"), embedder=HashEmbedder())
    assistant.ingest([write_corpus(tmp_path / "docs")])
    release = threading.Event()
    record = questions.record
    monkeypatch.setattr(questions, "record", lambda *a, **k: release.wait(30) and record(*a, **k))
    answer = assistant.ask("Wie viele Cluster fördert Hamburg?", reader=assistant.anonymous(), keep="api")
    assert answer.citations and not release.is_set()  # answered while the write still waits
    assert assistant.flush_questions(timeout=0.2) is False and kept(assistant) == 0
    release.set()
    assert assistant.flush_questions() is True and kept(assistant) == 1


def kept(assistant: Assistant) -> int:
    """How many questions the catalog keeps."""
    with assistant.catalog.connect() as conn:
        return conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]


def test_the_queue_is_bounded_logs_what_it_drops_or_fails_and_is_drained_at_the_end(caplog):
    caplog.set_level(logging.WARNING, logger="assistant.pending")
    queue = pending.Pending("keeping a test job", limit=2, idle=0.2)
    started, gate, done = threading.Event(), threading.Event(), []
    assert queue.put(lambda: (started.set(), gate.wait(30)))
    assert started.wait(10)  # the worker runs the first job: two more may wait
    assert queue.put(lambda: done.append(1)) and queue.put(lambda: done.append(2))
    assert not queue.put(lambda: done.append(3))  # past the bound: dropped, and said
    assert queue.dropped == 1 and "keeping a test job: dropped, 2 jobs wait already" in caplog.text
    assert queue.flush(timeout=0.1) is False and queue.waiting == 3
    gate.set()
    assert pending.drain(timeout=10) == 0 and done == [1, 2]  # the process' end: what waits is done first
    assert queue.put(lambda: 1 / 0) and queue.flush(10)  # a failing job is logged; the queue goes on
    assert "keeping a test job failed: division by zero" in caplog.text
    assert queue.put(lambda: done.append(4)) and queue.flush(10) and done == [1, 2, 4]
