"""The relevance cut-off across languages (retrieval.LANGUAGE_MARGIN), chosen on the TUNE split only.

    python benchmarks/relevance_languages.py evals/heldout.jsonl evals/second.jsonl --index /path/to/index

For each margin: the share of questions whose relevant document is among the passages a reader is shown (the
Good practices list, /api/search: Assistant.find), how many documents are shown per query, and how many of them
are in a language other than the question's. Unanswerable questions (no relevant document) count the documents
shown for a question the documents do not answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import retrieval  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Split, load_questions  # noqa: E402

# (LANGUAGE_MARGIN, FLOOR_LANGUAGE_MARGIN, UNKNOWN_WORDS_FLOOR): the margins, the floor kept whole for every
# query, and the floor kept whole only for a query none of whose words the index holds (the default)
SETTINGS = [(m, m, False) for m in (0.0, 0.02, 0.03)] + [(0.03, f, False) for f in (0.0, 0.01, 0.02)] + [
    (0.03, 0.03, True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env(index_dir=args.index))
    split = Split.load(Path(__file__).resolve().parents[1] / "evals" / "split.json")
    questions = [q for f in args.files for q in split.select(load_questions(f), f.name, args.split)
                 if not q.previous]
    langs = {d.doc: d.lang for d in assistant.catalog.documents()}
    ranked = {q.id: assistant.search(q.question, k=100) for q in questions}
    print(f"{len(questions)} questions ({args.split} split), {sum(bool(q.relevant) for q in questions)} with a "
          "relevant document\n")
    print("| language margin | floor lowered by | unknown words: floor whole | relevant shown | documents shown (median) "
          "| in another language (mean) | shown for unanswerable (median) | unanswerable with any shown |\n"
          "|---|---|---|---|---|---|---|---|")
    for margin, floor, off in SETTINGS:
        retrieval.LANGUAGE_MARGIN, retrieval.FLOOR_LANGUAGE_MARGIN, retrieval.UNKNOWN_WORDS_FLOOR = margin, floor, off
        found, shown, other, unanswerable = [], [], [], []
        for q in questions:
            docs = list(dict.fromkeys(h.doc for h in assistant.relevant(q.question, ranked[q.id])))
            if q.relevant:
                found.append(any(d in docs for d in q.relevant))
                shown.append(len(docs))
                other.append(sum(langs.get(d) != q.lang for d in docs))
            else:
                unanswerable.append(len(docs))
        print(f"| {margin} | {floor} | {off} | {statistics.mean(found):.3f} | {statistics.median(shown)} | "
              f"{statistics.mean(other):.2f} | {statistics.median(unanswerable) if unanswerable else '-'} | "
              f"{sum(n > 0 for n in unanswerable)}/{len(unanswerable)} |")


if __name__ == "__main__":
    main()
