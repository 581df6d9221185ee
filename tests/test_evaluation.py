"""Evaluation: metrics, question sets, and the corpus/ eval against its expected scores (real model)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.config import MODES
from assistant.evaluation import Outcome, Question, Report, check_quotes, compare, load_questions
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
    summary = json.loads(result.stdout)
    assert set(summary) == {*MODES, "paired"}
    assert set(summary["paired"]["hybrid-dense"]["mrr@10"]) == {"diff", "ci", "p", "n"}
    hybrid = summary["hybrid"]
    assert hybrid["ci95"]["mrr@10"][0] <= hybrid["mrr@10"] <= hybrid["ci95"]["mrr@10"][1]
    assert {"n", "hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "by_lang"} <= set(hybrid)
    assert hybrid["n"] == 10 and set(hybrid["by_lang"]) == {"sv", "fr", "de", "en"}
    assert (reports / "report.md").exists() and (reports / "hit_at_k.png").stat().st_size > 1000


def test_a_set_naming_unknown_documents_is_refused(tmp_path):
    index = tmp_path / "index"
    run = [sys.executable, "-m", "assistant"]
    assert subprocess.run([*run, "ingest", str(ROOT / "corpus"), "--index", str(index)], capture_output=True,
                          cwd=ROOT).returncode == 0
    result = subprocess.run([*run, "eval", "evals/shared.jsonl", "--index", str(index)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 2
    assert "name documents this index does not hold" in result.stderr and "evals/corpus.jsonl" in result.stderr
