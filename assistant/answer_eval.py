"""Answer evaluation: does the answer state the fact, cite the right document, abstain when it should?

JSON keys (stable; documented in evals/README.md): n, fact_in_answer, fact_in_cited_passage, relevant_cited,
answered, abstain_precision, abstain_recall, confident_wrong, followup_fact_in_answer, language_match,
short_language_match, citation_validity, citation_verbatim, quote_chars_p50, ece, latency_ms_p50, by_lang. Each rate is
{"value", "ci": [low, high], "n"} with a 95 % bootstrap interval over questions.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from .evaluation import Question, normalised, verbatim_form, write_jsonl
from .stats import with_ci

CONFIDENT = 0.8


@dataclass
class AnswerCheck:
    """One question's answer, checked against its gold quote and documents."""

    question: Question
    abstained: bool
    confidence: float
    fact_in_answer: bool
    fact_in_cited: bool
    relevant_cited: bool
    language_ok: bool
    valid_citations: int
    citations: int
    quote_chars: int
    seconds: float = 0.0
    standalone: str = ""
    verbatim: int = 0  # quotes found as written in their document's extracted text
    verbatim_checked: int = 0  # quotes whose document's text was at hand
    answer: object = None  # the Answer itself, for a run file
    retrieved: bool = False  # a relevant document is among the passages the answer read


def write_run(checks: list[AnswerCheck], path) -> None:
    """One JSON line per question: what was answered, cited and how confidently (two runs compare line by line)."""
    write_jsonl(path, ({"id": c.question.id, "question": c.question.question, "text": c.answer.text,
                        "abstained": c.answer.abstained, "confidence": round(c.answer.confidence, 6),
                        "citations": [[x.doc, x.page, x.quote] for x in c.answer.citations]} for c in checks))


def check_all(questions: list[Question], answer: Callable, extracted: Callable[[str], str | None]) -> list:
    """Answer (`answer(question)`) and check every question, each cited document's extracted text read once."""
    checks, sources = [], {}
    for q in questions:
        started = time.perf_counter()
        given = answer(q)
        elapsed = time.perf_counter() - started
        for doc in {c.doc for c in given.citations} - set(sources):
            sources[doc] = extracted(doc)
        result = check(q, given, sources)
        result.seconds, result.answer = elapsed, given
        checks.append(result)
    return checks


def check(question: Question, answer, sources: dict[str, str] | None = None) -> AnswerCheck:
    """Compare an Answer with the question's gold (quote inside a quoted sentence, cited documents, language);
    `sources`: documents' extracted text (before cleaning) by doc id, to check that each quote is verbatim."""
    gold = normalised(question.quote)
    quotes = [normalised(c.quote) for c in answer.citations]
    passages = [normalised(c.passage) for c in answer.citations]
    retrieved = {h.chunk_id: h.text for h in answer.passages}
    valid = sum(1 for c in answer.citations if c.quote and c.quote in retrieved.get(c.chunk_id, ""))
    known = [c for c in answer.citations if c.quote and (sources or {}).get(c.doc) is not None]
    verbatim = sum(1 for c in known if verbatim_form(c.quote) in verbatim_form(sources[c.doc]))  # type: ignore[index]
    return AnswerCheck(
        question=question, abstained=answer.abstained, confidence=answer.confidence,
        fact_in_answer=bool(gold) and any(gold in q for q in quotes),
        fact_in_cited=bool(gold) and any(gold in p for p in passages),
        relevant_cited=any(c.doc in question.relevant for c in answer.citations),
        language_ok=answer.language == question.lang, valid_citations=valid, citations=len(answer.citations),
        quote_chars=sum(len(c.quote) for c in answer.citations), standalone=answer.standalone,
        verbatim=verbatim, verbatim_checked=len(known),
        retrieved=any(h.doc in question.relevant for h in answer.passages))


def _rate(values: list[bool]) -> dict | None:
    return with_ci([float(v) for v in values]) if values else None


def ece(checks: list[AnswerCheck], bins: int = 10) -> float | None:
    """Expected calibration error of `confidence` against fact_in_answer, over the answers given."""
    given = [c for c in checks if not c.abstained]
    if not given:
        return None
    total = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [c for c in given if low <= c.confidence < high or (b == bins - 1 and c.confidence == 1.0)]
        if inside:
            accuracy = sum(c.fact_in_answer for c in inside) / len(inside)
            total += len(inside) / len(given) * abs(statistics.fmean(c.confidence for c in inside) - accuracy)
    return round(total, 4)


def metrics(checks: list[AnswerCheck], by_lang: bool = True) -> dict:
    """Every answer metric over the checks (answerable = fact and short questions; follow-ups apart)."""
    facts = [c for c in checks if c.question.answerable and c.question.kind != "followup"]
    follow = [c for c in checks if c.question.kind == "followup"]
    unanswerable = [c for c in checks if not c.question.answerable]
    abstained = [c for c in checks if c.abstained]
    cited = sum(c.citations for c in checks)
    checked = sum(c.verbatim_checked for c in checks)
    result: dict = {
        "n": len(checks), "answerable": len(facts), "unanswerable": len(unanswerable), "followups": len(follow),
        "fact_in_answer": _rate([c.fact_in_answer for c in facts]),
        "fact_in_cited_passage": _rate([c.fact_in_cited for c in facts]),
        "relevant_cited": _rate([c.relevant_cited for c in facts]),
        "answered": _rate([not c.abstained for c in facts]),
        "abstain_precision": _rate([not c.question.answerable for c in abstained]),
        "abstain_recall": _rate([c.abstained for c in unanswerable]),
        "confident_wrong": _rate([not c.abstained and c.confidence >= CONFIDENT and not c.fact_in_answer
                                  for c in checks if c.question.kind != "followup"]),
        "followup_fact_in_answer": _rate([c.fact_in_answer for c in follow]),
        # a follow-up's two steps apart: its rewrite found the document (retrieval), its answer quoted the fact
        "followup_relevant_retrieved": _rate([c.retrieved for c in follow]),
        "language_match": _rate([c.language_ok for c in checks]),
        "short_language_match": _rate([c.language_ok for c in checks if c.question.kind == "short"]),
        "citation_validity": round(sum(c.valid_citations for c in checks) / cited, 4) if cited else None,
        "citation_verbatim": round(sum(c.verbatim for c in checks) / checked, 4) if checked else None,
        "quote_chars_p50": statistics.median([c.quote_chars for c in checks if c.citations] or [0]),
        "ece": ece([c for c in checks if c.question.kind != "followup"]),
        "latency_ms_p50": round(1000 * statistics.median(c.seconds for c in checks), 1) if checks else None,
    }
    if by_lang:
        langs = sorted({c.question.lang for c in checks})
        result["by_lang"] = {lang: metrics([c for c in checks if c.question.lang == lang], by_lang=False)
                             for lang in langs}
    return result


def flat(result: dict) -> dict[str, float]:
    """The headline values only ({metric: value}), for the regression check."""
    return {k: (v["value"] if isinstance(v, dict) else v) for k, v in result.items()
            if k != "by_lang" and (isinstance(v, dict) and "value" in v or isinstance(v, int | float))}


def markdown(result: dict) -> list[str]:
    """A table of the answer metrics, overall and per language, with 95 % intervals."""
    keys = ["fact_in_answer", "fact_in_cited_passage", "relevant_cited", "answered", "abstain_recall",
            "abstain_precision", "confident_wrong", "followup_fact_in_answer", "followup_relevant_retrieved",
            "short_language_match"]
    slices = [("all", result), *result.get("by_lang", {}).items()]
    lines = ["| slice | n | " + " | ".join(keys) + " |", "|---" * (len(keys) + 2) + "|"]
    for name, m in slices:
        cells = []
        for key in keys:
            v = m.get(key)
            cells.append("–" if not v else f"{v['value']:.2f} [{v['ci'][0]:.2f}, {v['ci'][1]:.2f}] (n={v['n']})")
        lines.append(f"| {name} | {m['n']} | " + " | ".join(cells) + " |")
    lines.append(f"\nECE {result.get('ece')}, median quoted characters {result.get('quote_chars_p50')}, "
                 f"citation validity {result.get('citation_validity')}, quotes verbatim in their document "
                 f"{result.get('citation_verbatim')}")
    return lines
