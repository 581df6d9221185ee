"""True progress (#30 item 2): documents done of the total and passages embedded, counted from what the catalog has
committed; the same numbers in the CLI's bar, the app's banner, its progress bar and /api/health; the time left in
the reader's language."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.api import Assistant, Tally
from assistant.config import Settings
from assistant.progress import Tracker
from tests.fakes import HashEmbedder

PARAGRAPH = "Region {i} runs programme {j} for regional innovation, skills and the exports of small firms."


def write_regions(folder: Path, count: int, paragraphs: int = 30) -> Path:
    """`count` documents of a few passages each (about 3 with the default chunk size)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = "\n\n".join(PARAGRAPH.format(i=i, j=j) for j in range(paragraphs))
        (folder / f"region-{i:02}.txt").write_text(text, encoding="utf-8")
    return folder


def test_each_tally_counts_what_the_catalog_has_committed(tmp_path):
    corpus = write_regions(tmp_path / "docs", 6)
    (corpus / "empty.txt").write_text("   ", encoding="utf-8")  # fails: not one of the documents to make searchable
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="progress", write_batch=1),
                          embedder=HashEmbedder())
    seen: list[tuple[Tally, int, int]] = []

    def progress(tally: Tally) -> None:  # called as the catalog commits: read it there and then
        seen.append((tally, len(assistant.catalog.documents()), assistant.catalog.chunk_count()))

    report = assistant.ingest([corpus], progress=progress)
    assert len(report.indexed) == 6 and len(report.failed) == 1
    assert seen[0][0].total == 7 and seen[-1][0].total == 6  # the failed document leaves the total
    for tally, documents, chunks in seen:
        assert (tally.done, tally.passages) == (documents, chunks)
    final = seen[-1][0]
    assert final.done == final.total == 6 and final.eta == 0
    assert [t.done for t, _, _ in seen] == sorted(t.done for t, _, _ in seen)
    assert any(0 < t.done < t.total for t, _, _ in seen)  # never a full bar before the end


def test_a_rerun_counts_unchanged_documents_as_done_at_once(tmp_path):
    corpus = write_regions(tmp_path / "docs", 4)
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="progress"), embedder=HashEmbedder())
    assistant.ingest([corpus])
    (corpus / "region-04.txt").write_text(PARAGRAPH.format(i=4, j=0), encoding="utf-8")
    seen: list[Tally] = []
    assistant.ingest([corpus], progress=seen.append)
    assert [(t.done, t.total, t.written) for t in seen][-1] == (5, 5, 1)
    assert seen[-1].passages == 1  # the run's passages: the new document's only


def test_the_time_left_comes_from_the_rate_so_far():
    assert Tally(done=0, total=10).eta is None  # nothing written yet: no rate
    assert Tally(done=4, total=10, written=2, seconds=20).eta == pytest.approx(60)  # 10 s a document, 6 left
    assert Tally(done=10, total=10, written=10, seconds=100).eta == 0
    assert Tally(done=4, total=10, written=2, seconds=20.4).as_json() == {
        "done": 4, "total": 10, "passages": 0, "embedding": 0, "eta_seconds": 61}


def test_the_time_left_counts_down_between_commits_and_then_follows_the_slower_rate():
    import time

    now = time.monotonic()
    assert Tally(done=4, total=10, written=2, seconds=20, stamp=now - 4).eta == pytest.approx(56, abs=1)
    # past the 10 s the rate gave the document at work: no longer counting down, and the 5 documents after it
    # are estimated at the rate with that overrun (20 s + 90 s for 2 documents): a stall shows as time growing
    assert Tally(done=4, total=10, written=2, seconds=20, stamp=now - 10).eta == pytest.approx(50, abs=1)
    assert Tally(done=4, total=10, written=2, seconds=20, stamp=now - 100).eta == pytest.approx(275, abs=1)
    assert Tally(done=4, total=10, written=2, seconds=20, stamp=now - 60).eta < \
        Tally(done=4, total=10, written=2, seconds=20, stamp=now - 100).eta


def test_a_long_documents_embedded_passages_show_before_its_commit():
    seen: list[Tally] = []
    tracker = Tracker(seen.append)
    tracker.found(1)
    tracker.embedded(32, "big.pdf")
    tracker.embedded(32, "big.pdf")
    assert (seen[-1].passages, seen[-1].embedding, seen[-1].doc) == (0, 64, "big.pdf")
    tracker.committed([("big.pdf", 70)])
    assert (seen[-1].passages, seen[-1].embedding) == (70, 0)
    from assistant.ui.indexing import progress_text

    assert "being embedded" not in progress_text("en", {**seen[-1].as_json(), "indexed": 1})


def test_a_tracker_counts_found_failed_and_committed_documents():
    seen: list[Tally] = []
    tracker = Tracker(seen.append)
    tracker.found(3)
    tracker.failed("broken.pdf")
    tracker.committed([("a.txt", 4), ("b.txt", 2)])
    assert (seen[-1].done, seen[-1].total, seen[-1].passages, seen[-1].doc) == (2, 2, 6, "b.txt")


@pytest.mark.parametrize("lang", ["en", "fr", "sv", "de"])
def test_the_banner_says_the_numbers_and_the_time_left_in_the_readers_language(lang):
    from assistant.ui.indexing import eta_text, progress_bar, progress_text
    from assistant.ui.texts import ui_text

    status = {"done": 3, "total": 123, "passages": 41, "embedding": 17, "eta_seconds": 300, "indexed": 3}
    text = progress_text(lang, status)
    assert all(str(n) in text for n in (3, 123, 41, 5, 17)) and ui_text(lang, "eta_minutes").format(n=5) in text
    assert ui_text(lang, "embedding_now").format(n=17) in text
    assert "max='123' value='3'" in progress_bar(status, text)
    assert {eta_text(lang, None), eta_text(lang, 20), eta_text(lang, 600)} == {
        ui_text(lang, "eta_none"), ui_text(lang, "eta_soon"), ui_text(lang, "eta_minutes").format(n=10)}
    assert len({ui_text(code, "eta_none") for code in ("en", "fr", "sv", "de")}) == 4  # said in each language


def test_a_reader_of_some_groups_sees_no_count_of_the_run():
    from assistant.ui.indexing import progress_bar, progress_text

    status = {"done": None, "total": None, "passages": None, "eta_seconds": None, "indexed": 2}
    text = progress_text("en", status)
    assert "2 documents searchable so far" in text and "value=" not in progress_bar(status, text)


@pytest.mark.slow
def test_the_progress_bar_shows_the_numbers_of_health_while_indexing(tmp_path, e5, browser):
    """The real model, the whole server and the page: the ingest held still by a question (the questions-first
    gate), the bar and /api/health compared at that moment, then at the end."""
    import httpx

    from assistant.ui.actions import App
    from tests.conftest import served

    corpus = write_regions(tmp_path / "corpus", 8, paragraphs=12)
    assistant = Assistant(Settings(index_dir=tmp_path / "index", collection="bar", write_batch=1, api_rate_limit=0),
                          embedder=e5)  # no rate limit: the test polls /api/health
    assistant.gate.longest = None  # a held question holds the ingest until it is let go
    app = App(assistant, corpus, tmp_path / "uploads", tmp_path / "reports")
    with served(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        page = browser.new_page(locale="en-US")
        page.goto(url, wait_until="load")
        app.start_indexing([corpus])
        health, hold = held_after(app, http, documents=2)
        try:
            running = health["indexing"]
            assert running["running"] and 2 <= running["done"] < running["total"] == 8
            assert running["done"] == len(assistant.catalog.documents())  # counted from what is committed
            assert running["passages"] == assistant.catalog.chunk_count()
            page.get_by_role("tab", name="Documents").click()
            bar = page.locator("#documents-progress progress")
            bar.wait_for(timeout=30000)
            page.wait_for_function("([done, total]) => { const p = document.querySelector("
                                   "'#documents-progress progress'); return p && p.value == done && p.max == total; }",
                                   arg=[running["done"], running["total"]], timeout=30000)
            later = http.get("/api/health").json()["indexing"]  # still held: nothing moved meanwhile
            assert {**later, "eta_seconds": None} == {**running, "eta_seconds": None}
            # the estimate is read as of now (it counts down, then grows once the held document overruns its share:
            # test_the_time_left_counts_down_between_commits_and_then_follows_the_slower_rate), never left empty
            assert later["eta_seconds"] is not None and running["eta_seconds"] is not None
            banner = page.locator("#indexing-banner").inner_text()
            assert f"{running['done']} of 8 documents searchable ({running['passages']} passages embedded)" in banner
        finally:
            hold.__exit__(None, None, None)
        deadline = time.time() + 300
        while http.get("/api/health").json()["indexing"]["running"]:
            assert time.time() < deadline, "indexing did not finish"
            time.sleep(0.5)
        time.sleep(1.1)  # the catalog's counts kept a second (HEALTH_SECONDS): read afresh
        final = http.get("/api/health").json()
        assert final["indexing"]["done"] == final["indexing"]["total"] == final["documents"] == 8
        assert final["indexing"]["passages"] == final["chunks"] and final["indexing"]["eta_seconds"] == 0
        page.close()


def held_after(app, http, documents: int) -> tuple[dict, object]:
    """/api/health once the background ingest has committed `documents` documents and then stopped before its next
    batch, and the question that holds it there (open: the caller closes it)."""
    deadline = time.time() + 300
    while http.get("/api/health").json()["indexing"]["done"] < documents:
        assert time.time() < deadline, "the first documents were not committed"
        time.sleep(0.2)
    hold = app.assistant.gate.question()
    hold.__enter__()
    while not app.assistant.gate.waiting:  # the ingest has reached its next turn: nothing moves now
        assert time.time() < deadline, "the ingest did not stop for the question"
        time.sleep(0.05)
    time.sleep(1.1)  # health's catalog counts are kept a second (HEALTH_SECONDS): let them be read afresh
    return http.get("/api/health").json(), hold


def test_the_time_left_is_counted_in_passages_estimated_from_each_files_size():
    seen: list[Tally] = []
    tracker = Tracker(seen.append)
    tracker.found(3, [("a.txt", 1000, ".txt"), ("b.txt", 1000, ".txt"), ("big.pdf", 100_000, ".pdf")])
    tracker.chunked("a.txt", 2)
    tracker.embedded(2, "a.txt")
    tracker.committed([("a.txt", 2)])  # a text file's byte gave 0.002 passages: the only rate learnt yet
    tracker.chunked("b.txt", 2)
    # no PDF done yet: its bytes say little of its text (a 100 kB PDF is not 200 passages at the text files'
    # rate), so it counts as an average document so far until one is
    assert (seen[-1].work_left, seen[-1].work_after) == (pytest.approx(4), pytest.approx(2))
    tracker.found(1, [("small.pdf", 50_000, ".pdf")])
    tracker.chunked("small.pdf", 10)
    tracker.embedded(10, "small.pdf")
    tracker.committed([("small.pdf", 10)])  # a PDF's byte gave 0.0002 passages
    assert tracker.tally().work_left == pytest.approx(2 + 20)
    tracker.chunked("big.pdf", 150)  # chunked: its passages are known
    assert tracker.tally().work_left == 152
    # a short page took 10 s for its 2 passages: the long PDF after it is not one more "document" of 10 s
    moment = Tally(done=1, total=3, written=1, passages=2, seconds=10, work_left=152, work_after=150)
    assert moment.eta == pytest.approx(760) and Tally(done=1, total=3, written=1, seconds=10).eta == 20
    tracker.embedded(2, "b.txt")
    tracker.committed([("b.txt", 2)])
    tracker.embedded(50, "big.pdf")  # a third of it embedded
    assert tracker.tally().work_left == 100


def test_the_cli_bar_says_the_apps_time_left_and_the_passages_being_embedded():
    from assistant.cli import ingest_postfix

    moment = Tally(done=4, total=10, written=2, passages=20, seconds=20, embedding=5, work_left=100, doc="a.pdf")
    assert ingest_postfix(moment) == "20 passages (+5 being embedded), ~1 min left a.pdf"  # 0.8 s a passage
    assert ingest_postfix(Tally(done=0, total=10)) == "0 passages"  # no rate yet: no guess


def test_without_a_terminal_the_cli_says_its_progress_in_plain_lines(tmp_path, monkeypatch, capsys):
    from assistant import cli

    docs = write_regions(tmp_path / "docs", 3)
    args = cli.build_parser().parse_args(["ingest", str(docs), "--index", str(tmp_path / "ix")])
    assistant = Assistant(Settings(index_dir=tmp_path / "ix", collection="plain"), embedder=HashEmbedder())
    monkeypatch.setattr(cli, "PLAIN_PROGRESS_SECONDS", 0.01)  # 30 s by default
    assert cli.cmd_ingest(assistant, args) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("indexing: ")]
    assert all(line[len("indexing: "):].split(" ")[0].endswith("/3") for line in lines), lines
    # a long document commits nothing for minutes: the lines go on meanwhile, read as of their moment
    held = [Tally(done=1, total=3, written=1, passages=10, seconds=10, work_left=20, stamp=time.monotonic(),
                  doc="en-a-very-long-report-on-regional-innovation-strategies-2016.pdf")]
    with cli.plain_ticker(held, enabled=True):
        time.sleep(0.2)
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("indexing: 1/3 documents")]
    assert len(said) >= 2 and said[0].endswith(" …regional-innovation-strategies-2016.pdf"), said
