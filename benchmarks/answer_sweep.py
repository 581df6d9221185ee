"""Sweep the answerer's constants on the TUNE split only, reusing one retrieval and one embedding per text.

    python benchmarks/answer_sweep.py evals/heldout.jsonl --index /path/to/index [--split tune]

Prints, per setting, fact_in_answer, relevant_cited, answered, abstain_recall and confident_wrong; also
`--grid fusion` compares the fused sentence order with the linear one (paired); `--grid person`, answers with and
without the rule that a question about a role needs a person in the quote (paired); `--grid calibrate` refits the
confidence of fused answers (Tuning.fused_calibration) on the split's answers; `--grid rules`, every abstention
rule switched off in turn by its name (answering/rules.py RULES), and the ones off by default switched on;
`--grid across`, the similarity at which a count's words are the counted thing in another language.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import answer_eval  # noqa: E402
from assistant.answering import Answerer, Tuning  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Split, load_questions, normalised  # noqa: E402


class CachedEmbedder:
    """The real embedder with a memory of every text it embedded."""

    def __init__(self, embedder) -> None:
        self.inner, self.seen, self.queries, self.terms = embedder, {}, {}, {}
        self.name, self.dim = embedder.name, embedder.dim

    def passages(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if todo:
            self.seen.update(zip(todo, self.inner.passages(todo), strict=True))
        return np.stack([self.seen[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def query(self, text: str) -> np.ndarray:
        if text not in self.queries:
            self.queries[text] = self.inner.query(text)
        return self.queries[text]

    def latent(self, texts: list[str], top_k: int) -> list:
        todo = [t for t in dict.fromkeys(texts) if (t, top_k) not in self.terms]
        if todo:
            self.terms.update(zip([(t, top_k) for t in todo], self.inner.latent(todo, top_k), strict=True))
        return [self.terms[(t, top_k)] for t in texts]


def cached(function):
    """Memoise a one-argument function."""
    memory: dict = {}

    def call(arg):
        if arg not in memory:
            memory[arg] = function(arg)
        return memory[arg]

    return call


def run(assistant, embedder, search, mentions, questions, threshold: float, tuning: Tuning, keep=None,
        top: int = 5) -> list:
    """Answer every question with one setting; the checks (sentence signals read from and kept in the catalog).
    `keep(check, answer)`, when given, sees each answer and returns what to list."""
    cache = assistant.catalog if assistant.settings.sentence_cache else None
    answerer = Answerer(search, embedder, threshold, tuning=tuning, mentions=mentions, cache=cache, top_passages=top)
    out = []
    for q in questions:
        answer = answerer.ask(q.question, [(p, "") for p in q.previous] or None)
        check = answer_eval.check(q, answer)
        out.append(keep(check, answer) if keep else check)
    return out


def row(label: str, checks: list) -> str:
    m = answer_eval.metrics(checks, by_lang=False)
    cells = [m[k]["value"] if m.get(k) else float("nan") for k in
             ("fact_in_answer", "fact_in_cited_passage", "relevant_cited", "answered", "abstain_recall",
              "confident_wrong", "followup_fact_in_answer", "short_language_match")]
    return f"| {label} | " + " | ".join(f"{c:.3f}" for c in cells) + f" | {m['quote_chars_p50']} |"


def fit_calibration(checks: list, scores: dict[str, float]) -> tuple[float, float]:
    """Logistic fit of fact_in_answer on a score (answers given to answerable questions): (a, b) of
    sigmoid(a * (score - b))."""
    given = [c for c in checks if not c.abstained and c.question.answerable]
    x = np.array([[scores[c.question.id], 1.0] for c in given])
    w = logistic(x, np.array([float(c.fact_in_answer) for c in given]), l2=0.0)
    return round(float(w[0]), 2), round(float(-w[1] / w[0]), 4)


def logistic(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """An L2-regularised logistic regression (the last column is the unpenalised bias), by Newton's method."""
    w = np.zeros(x.shape[1])
    ridge = l2 * len(y) * np.diag(np.r_[np.ones(x.shape[1] - 1), 0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + ridge
        w -= np.linalg.solve(hessian, x.T @ (p - y) + ridge @ w)
    return w


def calibrate(assistant, embedder, search, mentions, questions) -> None:
    """Refit the fused confidence on these (tune) questions: the first quote's fused score against fact_in_answer."""
    probe = replace(Tuning(), fused_calibration=(1.0, 0.0))  # confidence = sigmoid(order): order = logit
    checks = run(assistant, embedder, search, mentions, questions, assistant.settings.answer_threshold, probe)
    given = [c for c in checks if not c.abstained]
    orders = {c.question.id: float(np.log(c.confidence / (1 - c.confidence))) for c in given}
    fitted = fit_calibration(checks, orders)
    print(f"fused_calibration fitted on {sum(c.question.answerable for c in given)} answers: {fitted} "
          f"(in the code: {Tuning().fused_calibration})")
    x = [orders[c.question.id] for c in given if c.question.answerable]
    y = [c.fact_in_answer for c in given if c.question.answerable]
    print(f"AUC of the fused score for the fact: {auc(x, y):.3f}")


def auc(scores: list[float], labels: list[bool]) -> float:
    """The probability that a right answer scores above a wrong one (ties count half)."""
    right = [s for s, y in zip(scores, labels, strict=True) if y]
    wrong = [s for s, y in zip(scores, labels, strict=True) if not y]
    pairs = [(r > w) + 0.5 * (r == w) for r in right for w in wrong]
    return float(np.mean(pairs)) if pairs else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    parser.add_argument("--grid", default="main")
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    split = Split.load(Path(__file__).resolve().parents[1] / "evals" / "split.json")
    questions = [q for f in args.files for q in split.select(load_questions(f), f.name, args.split)]
    print(f"{len(questions)} questions ({args.split} split)")
    embedder = CachedEmbedder(assistant.embedder)
    search = cached(lambda q: assistant.search(q, k=5))
    mentions = cached(assistant.retriever.mentions)
    base = Tuning()

    def without(tuning: Tuning, *names: str) -> Tuning:
        """The tuning with these rules (answering.rules.RULES) switched off."""
        return replace(tuning, rules=tuple(r for r in tuning.rules if r not in names))

    def adding(tuning: Tuning, *names: str) -> Tuning:
        """The tuning with these rules switched on as well."""
        return replace(tuning, rules=(*tuning.rules, *names))

    rules = without(base, "number")
    chosen = replace(adding(rules, "number"), quote_window=True)
    from assistant.answering import RULES

    grids = {
        # every rule switched off in turn, by name, then the weak-names rule switched on (answering/rules.py)
        "rules": [("now (defaults)", assistant.settings.answer_threshold, base)]
        + [(f"without {name}", assistant.settings.answer_threshold, without(base, name)) for name in base.rules]
        + [(f"with {name}", assistant.settings.answer_threshold, adding(base, name)) for name in RULES
           if name not in base.rules],
        "compare": [
            ("before (sentence alone, threshold 0.875, no constraint rules)", 0.875,
             replace(without(base, "years", "names", "number"), rank=0.0, quote_window=False, margin=0.04,
                     calibration=(5.0, 0.875))),
            ("now (defaults)", assistant.settings.answer_threshold, base),
        ],
        "fusion": [  # quotes ordered by the fusion of the linear score, latent terms and titled windows (tune)
            ("before (linear score orders the quotes)", assistant.settings.answer_threshold,
             replace(base, fusion=False)),
            ("now (defaults)", assistant.settings.answer_threshold, base),
        ],
        "amount": [  # a question about money needs a sum in the best quote (chosen on tune)
            ("before (no amount rule)", assistant.settings.answer_threshold, without(base, "amount")),
            ("now (defaults)", assistant.settings.answer_threshold, base),
        ],
        "person": [  # a question about who holds a role needs a person's name in the best quote (chosen on tune)
            ("before (no person rule)", assistant.settings.answer_threshold, without(base, "person")),
            ("now (defaults)", assistant.settings.answer_threshold, base),
        ],
        "rank": [  # re-checked after latent terms made the first passages better
            ("now", 0.85, base),
            ("rank -0.03", 0.85, replace(base, rank=-0.03)),
            ("rank -0.05", 0.85, replace(base, rank=-0.05)),
            ("rank -0.03, thr 0.84", 0.84, replace(base, rank=-0.03)),
            ("max quotes 2", 0.85, replace(base, max_quotes=2)),
        ],
        "local": [
            ("now", 0.85, base),
            ("overlap 0.3", 0.85, replace(base, overlap=0.3)),
            ("overlap 0.3, thr 0.87", 0.87, replace(base, overlap=0.3)),
            ("numbers 0.1", 0.85, replace(base, numbers=0.1)),
            ("titled window 0.5", 0.85, replace(base, window=0.5, titled=True)),
            ("titled window 0.5, thr 0.86", 0.86, replace(base, window=0.5, titled=True)),
            ("rank -0.03", 0.85, replace(base, rank=-0.03)),
            ("max quotes 2", 0.85, replace(base, max_quotes=2)),
        ],
        "across": [  # a count's words as the counted thing in another language, at this similarity (tune)
            (f"counted_across {t}", assistant.settings.answer_threshold, replace(base, counted_across=t))
            for t in (0.0, 0.88, 0.9)
        ],
        "main": [
            ("current", 0.875, base),
            ("rules+number, quote window, thr 0.85", 0.85, chosen),
            ("  margin 0.08", 0.85, replace(chosen, margin=0.08)),
            ("  margin 0.12", 0.85, replace(chosen, margin=0.12)),
            ("  margin 0.08, window 1:1", 0.85, replace(chosen, margin=0.08, window=1.0)),
            ("  margin 0.08, thr 0.86", 0.86, replace(chosen, margin=0.08)),
            ("  margin 0.08, thr 0.84", 0.84, replace(chosen, margin=0.08)),
            ("  margin 0.08, weak 0.03", 0.85, replace(adding(chosen, "weak_names"), margin=0.08,
                                                                weak_name_margin=0.03)),
            ("  margin 0.08, rank -0.01", 0.85, replace(chosen, margin=0.08, rank=-0.01)),
        ],
    }
    if args.grid == "calibrate":
        calibrate(assistant, embedder, search, mentions, questions)
        return
    print("| setting | fact_in_answer | fact_in_cited | relevant_cited | answered | abstain_recall | confident_wrong "
          "| followup_fact | short_lang | quote chars p50 |\n|---|---|---|---|---|---|---|---|---|---|")
    if args.grid in ("fit2", "fit2-titled"):
        titled = args.grid == "fit2-titled"
        weights = fit_weights(assistant, embedder, search, questions, titled=titled)
        scale = weights["sentence"] + weights["window"]
        scaled = {k: round(v / scale, 3) for k, v in weights.items() if k != "bias"}
        print("scaled", scaled)
        fitted = replace(chosen, titled=titled, **scaled)
        grids[args.grid] = [(f"fitted scaled, thr {t}, margin {m}", t, replace(fitted, margin=m))
                            for t in (0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.25) for m in (0.08,)]
    if args.grid == "fit":
        weights = fit_weights(assistant, embedder, search, questions)
        print(weights)
        fitted = replace(rules, quote_window=True, **weights)
        grids["fit"] = [(f"fitted, p >= {t}", float(np.log(t / (1 - t))), fitted)
                        for t in (0.05, 0.08, 0.1, 0.12, 0.15, 0.2)]
    runs = []
    for label, threshold, tuning in grids[args.grid]:
        checks = run(assistant, embedder, search, mentions, questions, threshold, tuning)
        runs.append(checks)
        print(row(label, checks), flush=True)
    if args.grid in ("compare", "amount", "fusion", "person"):
        from assistant.stats import paired

        before, now = runs
        for name, pick in (("fact_in_answer", lambda c: c.fact_in_answer),
                           ("relevant_cited", lambda c: c.relevant_cited), ("answered", lambda c: not c.abstained)):
            facts = [i for i, c in enumerate(now) if c.question.answerable and c.question.kind != "followup"]
            print(f"paired now - before, {name}:",
                  paired([float(pick(now[i])) for i in facts], [float(pick(before[i])) for i in facts]))
        unanswerable = [i for i, c in enumerate(now) if not c.question.answerable]
        print("paired now - before, abstain_recall:", paired([float(now[i].abstained) for i in unanswerable],
                                                             [float(before[i].abstained) for i in unanswerable]))


def fit_weights(assistant, embedder, search, questions, window: bool = True, l2: float = 1e-3,
                titled: bool = False) -> dict:
    """Logistic regression of "this sentence's quote holds the gold fact" on FEATURES, over tune questions."""
    from assistant.answering.asked import understand
    from assistant.answering.sentences import FEATURES, candidates, features, quote_span

    xs, ys = [], []
    for q in questions:
        if not q.answerable:
            continue
        asked = understand(q.question, [(p, "") for p in q.previous] or None)
        hits = search(asked.standalone)[:5]
        cands = candidates(hits)
        if not cands:
            continue
        langs = list(dict.fromkeys([asked.lang] + [str(h.meta.get("lang", "")) for h in hits]))
        named = features(asked, embedder.query(asked.standalone), cands, hits, embedder, langs, titled)
        matrix = np.column_stack([named[name] for name in FEATURES])
        gold = normalised(q.quote)
        for cand, row in zip(cands, matrix, strict=True):
            start, end = quote_span(cand, hits[cand.hit_index], window)
            xs.append(row)
            ys.append(float(gold in normalised(hits[cand.hit_index].text[start:end])))
    x, y = np.asarray(xs), np.asarray(ys)
    w = logistic(x, y, l2)
    print(f"fitted on {len(y)} sentences, {int(y.sum())} holding the fact")
    return {name: round(float(v), 3) for name, v in zip(FEATURES, w, strict=True)}


if __name__ == "__main__":
    main()
