"""The examples we show stay right: every question the README asks (the CLI's `assistant ask` and the API's
`/api/ask`), the app's example questions and evals/corpus.jsonl, answered over the default corpus with the real
model, state their fact."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.config import Settings
from assistant.evaluation import load_questions, normalised
from assistant.ui.actions import App

ROOT = Path(__file__).resolve().parents[1]
# What each README question must quote (whitespace- and case-normalised), over the default corpus/.
README_FACTS = {
    "Hur många partner har INNO Industry?": "samarbetsprojekt med nio partners",
    "Combien de régions modèles ont été choisies ?": "Six model demonstrator regions were selected",
    "When did its second phase start?": "februari 2022",
    "And in Sweden?": "Stockholm (Sweden)",
    "What is INNO Industry?": "INNO Industry",
}
# Known failures, open in #29 (strict: one that starts passing fails here until it is removed from this list).
GAPS: set[str] = set()
# README questions about documents the default corpus does not hold, with the test that answers them.
ELSEWHERE = {"Who leads the Kestrel pilot?": "tests/test_access.py (a staff-only document of its own)"}


def readme_questions() -> list[tuple[str, list[str]]]:
    """Every question the README asks: (question, earlier questions)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        if line.lstrip().startswith("assistant ask "):
            words = shlex.split(line.split("#")[0].strip())
            previous = [words[i + 1] for i, w in enumerate(words) if w == "--previous"]
            found.append((words[2], previous))
        elif match := re.search(r"-d '(\{\"question\".*\})'", line):
            body = json.loads(match.group(1))
            found.append((body["question"], body.get("previous", [])))
    return found


def gap(request, key: str) -> None:
    """Mark a known failure (GAPS) as a strict expected failure."""
    if key in GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="a known wrong answer, open in #29"))


@pytest.fixture(scope="module")
def default_corpus(tmp_path_factory, e5):
    """The default corpus/ ingested with the real model."""
    index = tmp_path_factory.mktemp("examples") / "index"
    assistant = Assistant(Settings(index_dir=index, collection="examples"), embedder=e5)
    assistant.ingest([ROOT / "corpus"])
    return assistant


def test_every_readme_question_has_its_fact():
    asked = {q for q, _ in readme_questions()}
    assert asked == set(README_FACTS) | set(ELSEWHERE), "a README question without its fact here"


@pytest.mark.parametrize("question,previous", readme_questions())
def test_readme_questions_are_answered_with_their_fact(request, default_corpus, question, previous):
    if question in ELSEWHERE:
        pytest.skip(f"answered in {ELSEWHERE[question]}")
    gap(request, question)
    answer = default_corpus.ask(question, [(p, "") for p in previous] or None)
    assert not answer.abstained, answer.text
    quotes = normalised(" ".join(c.quote for c in answer.citations))
    assert normalised(README_FACTS[question]) in quotes, answer.text


@pytest.mark.parametrize("question", load_questions(ROOT / "evals" / "corpus.jsonl"), ids=lambda q: q.id)
def test_corpus_questions_are_answered_with_their_fact(request, default_corpus, question):
    gap(request, question.id)
    answer = default_corpus.ask(question.question)
    assert not answer.abstained, answer.text
    assert any(normalised(question.quote) in normalised(c.quote) for c in answer.citations), answer.text


@pytest.mark.parametrize("lang", ["en", "fr", "sv", "de"])
def test_the_apps_example_questions_are_answered_from_their_topic(request, default_corpus, tmp_path, lang):
    gap(request, lang)
    app = App(default_corpus, ROOT / "corpus", tmp_path / "up", tmp_path / "rep")
    _, examples = app.welcome(lang)
    assert examples
    topics = {d.doc: (d.topic or "").casefold() for d in default_corpus.documents()}
    for example in examples:
        answer = default_corpus.ask(example)
        assert not answer.abstained, (example, answer.text)
        topic = next(t for t in topics.values() if t and any(w.strip() in example.casefold() for w in t.split(";")))
        assert any(topic == topics[c.doc] for c in answer.citations), (example, answer.text)
