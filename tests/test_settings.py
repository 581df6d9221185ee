"""Settings by stage, read in one loop: every field from its ASSISTANT_* variable, booleans by one parser, a bad
value refused with the variable's name, and the answer tuning settable like the rest."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from assistant.config import STAGES, Settings, Tuning


def test_every_field_belongs_to_one_stage():
    staged = [f.name for kind in STAGES.values() for f in fields(kind)]
    assert len(staged) == len(set(staged)) and set(staged) == {f.name for f in fields(Settings)}
    settings = Settings(index_dir=Path("/tmp/x"), rrf_k=7)
    assert settings.stage("index").index_dir == Path("/tmp/x") and settings.stage("search").rrf_k == 7
    assert not hasattr(settings.stage("search"), "index_dir")


def test_every_variable_is_read_by_its_name_and_type():
    environ = {"ASSISTANT_INDEX": "/tmp/ix", "ASSISTANT_RRF_K": "30", "ASSISTANT_DENSE_WEIGHT": "0.5",
               "ASSISTANT_CHROMA_URL": "", "ASSISTANT_CORPUS": "docs", "ASSISTANT_WEB_PRIVATE": "on",
               "ASSISTANT_LLM_STRICT": "0", "ASSISTANT_SEARCH_MODE": "bm25", "OPENAI_API_KEY": "sk-1"}
    s = Settings.from_env(environ)
    assert (s.index_dir, s.rrf_k, s.dense_weight, s.chroma_url, s.corpus_dir) == (Path("/tmp/ix"), 30, 0.5, None,
                                                                                  Path("docs"))
    assert s.web_private is True and s.llm_strict is False and s.search_mode == "bm25" and s.llm_api_key == "sk-1"
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env(environ, index_dir="/tmp/other", rrf_k=None).index_dir == Path("/tmp/other")


@pytest.mark.parametrize("raw,value", [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False),
                                       ("false", False), ("no", False), ("off", False)])
def test_one_boolean_parser_for_every_yes_no_setting(raw, value):
    for name in ("INGEST_OVERLAP", "SENTENCE_CACHE", "LLM_STRICT", "WEB_PRIVATE"):
        s = Settings.from_env({f"ASSISTANT_{name}": raw})
        assert getattr(s, name.lower()) is value


def test_an_empty_variable_leaves_the_default():
    """As before the settings were read in one loop: `ASSISTANT_X=` is the same as no ASSISTANT_X at all."""
    names = ("INGEST_OVERLAP", "SENTENCE_CACHE", "LLM_STRICT", "WEB_PRIVATE", "INDEX", "CHROMA_URL", "RRF_K",
             "ANSWER_MARGIN", "ANSWER_RULES")
    assert Settings.from_env({f"ASSISTANT_{name}": "" for name in names}) == Settings()


@pytest.mark.parametrize("name,raw", [("WEB_PRIVATE", "maybe"), ("RRF_K", "twenty"), ("ANSWER_MARGIN", "wide")])
def test_a_value_that_does_not_parse_is_refused_with_the_variable(name, raw):
    with pytest.raises(ValueError, match=f"ASSISTANT_{name}"):
        Settings.from_env({f"ASSISTANT_{name}": raw})


def test_the_answer_tuning_is_settable_like_the_rest():
    s = Settings.from_env({"ASSISTANT_ANSWER_MARGIN": "0.1", "ASSISTANT_ANSWER_RULES": "years, names",
                           "ASSISTANT_ANSWER_CALIBRATION": "2.5,0.9", "ASSISTANT_ANSWER_FUSION": "no"})
    assert s.tuning == Tuning(margin=0.1, rules=("years", "names"), calibration=(2.5, 0.9), fusion=False)
    assert Settings.from_env({}).tuning == Tuning()


def test_an_unknown_rule_name_says_which_rules_there_are():
    from assistant.answering.rules import in_force

    with pytest.raises(ValueError, match="the rules are"):
        in_force(("years", "colour"))


@pytest.mark.parametrize(("name", "raw", "takes"), [("KEEP_QUESTIONS_DAYS", "abc", "a number of days above 0"),
                                                     ("KEEP_QUESTIONS_DAYS", "0", "a number of days above 0"),
                                                     ("KEEP_QUESTIONS", "maybe", "1 or 0"),
                                                     ("RRF_K", "twenty", "a whole number")])
def test_a_bad_value_stops_the_server_with_one_line_too(name, raw, takes, monkeypatch, capsys):
    """`assistant serve` and `python app.py` say it as every command does: one line, exit 2, no traceback."""
    from assistant import cli
    from assistant.ui import server

    monkeypatch.setenv(f"ASSISTANT_{name}", raw)
    assert cli.main(["serve"]) == 2
    with pytest.raises(SystemExit) as stopped:
        server.main([])
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(said.startswith(f"error: ASSISTANT_{name}=") and takes in said for said in lines)
