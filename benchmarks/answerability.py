"""Fit the answerability and confidence models (answering/answerability.py) on the TUNE split only.

    python benchmarks/answerability.py evals/heldout.jsonl evals/second.jsonl --index /path/to/index [--l2 0.01]

Every tune question is answered once with the quotes given whatever the signals say (so that each answer's quote
is known), its signals recorded. Two L2-regularised logistic regressions are fitted on them: whether the documents
answer the question (kind is not `unanswerable`) and whether the first quotes state the fact (fact_in_answer). The
threshold is the lowest whose abstain_recall on tune (each question's probability from the model fitted on the
other four fifths) is at least the rules' (every rule a veto, the score against
answer_threshold: the answerer before #29, whose decisions the same answers' signals give): as many answers as
possible without abstaining on fewer unanswerable questions than before. Prints the table of thresholds, the
weights as Tuning lines, and the tune ECE of the confidence.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from answer_sweep import CachedEmbedder, cached, logistic, run  # noqa: E402

from assistant.answering.answerability import SIGNALS  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Split, load_questions  # noqa: E402


def matrix(signals: list[dict]) -> np.ndarray:
    """The signals as rows, the bias last (logistic() leaves the last column unpenalised)."""
    names = [n for n in SIGNALS if n != "bias"]
    return np.array([[s.get(n, 0.0) for n in names] + [1.0] for s in signals])


def to_weights(w: np.ndarray) -> tuple[float, ...]:
    """The fitted vector in SIGNALS' order (bias first)."""
    names = [n for n in SIGNALS if n != "bias"]
    by_name = dict(zip(names, w[:-1], strict=True)) | {"bias": w[-1]}
    return tuple(round(float(by_name[n]), 4) for n in SIGNALS)


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of probabilities p against outcomes y."""
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == b].mean() - y[idx == b].mean()) * (idx == b).mean() for b in range(bins)
                     if (idx == b).any()))


def table_row(label: str, answered: np.ndarray, y_ans: np.ndarray, y_fact: np.ndarray) -> float:
    """Print one row of the table; its abstain_recall."""
    abst = ~answered
    recall = (abst & (y_ans == 0)).sum() / max((y_ans == 0).sum(), 1)
    precision = (abst & (y_ans == 0)).sum() / max(abst.sum(), 1)
    fact = (answered & (y_fact == 1) & (y_ans == 1)).sum() / max((y_ans == 1).sum(), 1)
    print(f"| {label} | {answered[y_ans == 1].mean():.3f} | {fact:.3f} | {recall:.3f} | {precision:.3f} |")
    return float(recall)


def out_of_fold(x: np.ndarray, y: np.ndarray, l2: float, folds: int = 5) -> np.ndarray:
    """Each question's probability from the model fitted on the other folds."""
    fold = np.arange(len(y)) % folds
    out = np.zeros(len(y))
    for f in range(folds):
        w = logistic(x[fold != f], y[fold != f], l2)
        out[fold == f] = 1 / (1 + np.exp(-(x[fold == f] @ w)))
    return out


def chosen_ridge(x: np.ndarray, y: np.ndarray, folds: int = 5) -> float:
    """The ridge with the lowest log-loss in a 5-fold cross-validation (folds by position, fixed)."""
    best = (float("inf"), 0.0)
    fold = np.arange(len(y)) % folds
    for l2 in (0.0003, 0.001, 0.003, 0.01, 0.03):
        loss = 0.0
        for f in range(folds):
            w = logistic(x[fold != f], y[fold != f], l2)
            p = np.clip(1 / (1 + np.exp(-(x[fold == f] @ w))), 1e-6, 1 - 1e-6)
            loss -= float(np.sum(y[fold == f] * np.log(p) + (1 - y[fold == f]) * np.log(1 - p)))
        best = min(best, (loss, l2))
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--l2", type=float, default=0.0, help="the ridge (default: chosen by 5-fold CV on tune)")
    parser.add_argument("--mode", default=None, help="the search mode the answerer reads (default: the settings')")
    parser.add_argument("--k", type=int, default=5, help="passages the answerer reads")
    parser.add_argument("--dump", type=Path, help="write each question's signals and labels (JSON lines)")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    split = Split.load(Path(__file__).resolve().parents[1] / "evals" / "split.json")
    questions = [q for f in args.files for q in split.select(load_questions(f), f.name, "tune")]
    embedder = CachedEmbedder(assistant.embedder)
    search = cached(lambda q: assistant.search(q, k=args.k, mode=args.mode))
    mentions = cached(assistant.retriever.mentions)
    always = replace(assistant.settings.tuning, abstention="model", answerable_threshold=-1.0)
    answers: list = []

    def keep(check, answer):
        answers.append(answer)
        return check

    checks = run(assistant, embedder, search, mentions, questions, 0.0, always, keep, top=args.k)
    signals = [a.signals for a in answers]
    x = matrix(signals)
    y_ans = np.array([float(c.question.answerable) for c in checks])
    y_fact = np.array([float(c.fact_in_answer) for c in checks])
    l2_ans = args.l2 or chosen_ridge(x, y_ans)
    l2_fact = args.l2 or chosen_ridge(x, y_fact)
    print(f"ridge: answerable {l2_ans}, correct {l2_fact}")
    w_ans = logistic(x, y_ans, l2_ans)
    w_fact = logistic(x, y_fact, l2_fact)
    p_ans = 1 / (1 + np.exp(-(x @ w_ans)))
    p_fact = 1 / (1 + np.exp(-(x @ w_fact)))
    if args.dump:
        with args.dump.open("w") as out:
            for c, s, pa, pf in zip(checks, signals, p_ans, p_fact, strict=True):
                out.write(json.dumps({"id": c.question.id, "kind": c.question.kind, "answerable": c.question.answerable,
                                      "fact": c.fact_in_answer, "p_answerable": round(float(pa), 4),
                                      "p_fact": round(float(pf), 4), **s}) + "\n")
    n_ans, n_un = int(y_ans.sum()), int(len(y_ans) - y_ans.sum())
    vetoed = set(assistant.settings.tuning.rules)
    rules = np.array([s["top"] >= assistant.settings.answer_threshold and not any(s.get(r) for r in vetoed)
                      for s in signals])
    print(f"{len(checks)} tune questions: {n_ans} answerable, {n_un} unanswerable")
    print("| threshold | answered | fact_in_answer | abstain_recall | abstain_precision |")
    print("|---|---|---|---|---|")
    floor = table_row("rules", rules, y_ans, y_fact)
    chosen = None
    held_out = out_of_fold(x, y_ans, l2_ans)  # the threshold is read from predictions on questions not fitted on
    for t in np.round(np.arange(0.30, 0.96, 0.025), 3):
        if table_row(f"{t:.3f}", held_out >= t, y_ans, y_fact) >= floor and chosen is None:
            chosen = float(t)
    chosen = 0.95 if chosen is None else chosen
    given = p_ans >= chosen
    decided = held_out >= chosen
    plain = np.array([c.question.kind in ("fact", "short") for c in checks])
    follow = np.array([c.question.kind == "followup" for c in checks])
    cited = np.array([float(c.relevant_cited) for c in checks])
    print(f"\nat {chosen} (out of fold): fact_in_answer {np.mean((y_fact * decided)[plain]):.3f}, relevant_cited "
          f"{np.mean((cited * decided)[plain]):.3f}, answered {np.mean(decided[plain]):.3f}, follow-ups "
          f"{np.mean((y_fact * decided)[follow]):.3f} (n={int(follow.sum())})")
    print(f"\nanswerable = {to_weights(w_ans)}\nanswerable_threshold = {chosen}\ncorrect = {to_weights(w_fact)}")
    print(f"tune ECE of the confidence over the answers given: {ece(p_fact[given], y_fact[given]):.3f}")
    print("signals:", SIGNALS)


if __name__ == "__main__":
    main()
