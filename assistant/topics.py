"""Questions grouped by meaning, whatever their language: what the Questions report counts as one topic.

Two steps. First each language's mean vector is taken away (`neutral`): multilingual-e5's question vectors lie
closer by language than by meaning (on our invented paraphrase sets two French questions on different topics reach
0.94, the same question in English and German 0.81), and centring each language removes most of that (Libovický et
al. 2020, "On the language neutrality of pre-trained multilingual representations"). Then average linkage
(`group`): two groups merge while the mean similarity of their questions, every pair counted, is at least the
threshold. With unit vectors that mean is the dot product of the groups' summed vectors over the product of their
sizes, so merges need no pairwise list: a nearest-neighbour chain over one matrix of sums, O(m²) for m distinct
questions, at most LINKED at a time (more are attached to the groups made, or grouped in the next round).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Chosen on invented paraphrase sets (benchmarks/questions_threshold.py, BENCHMARKS.md: 8 questions, each worded
# twice in each of en/fr/sv/de, none from an eval file): after centring, a set's questions are 0.47-0.69 similar on
# average, two sets' groups at most 0.14. 0.175 is the largest threshold that kept all 8 sets whole, and no two
# together, in all four ways of asking the sweep tried (every wording; one per language; three languages of four;
# beside 200 questions of the generated log); from 0.2 on a set splits (an annual fee / the price of joining),
# at 0.15 and below two sets share a group. Under it the four held-out sets of tests/test_questions_report.py group right
# from 0.15 to 0.3.
THRESHOLD = 0.175
LINKED = 3000  # distinct questions linked in one round (a LINKED² float64 matrix: 72 MB)
SHRINK = 4  # a language's mean counts as this many questions of the overall mean (few questions: a noisy mean)


@dataclass
class Group:
    """Questions of one topic: their positions in the input, and the most central one's (the group's name)."""

    members: list[int]
    centre: int
    weight: float  # how often its questions were asked


def neutral(vectors: np.ndarray, langs: Sequence[str]) -> np.ndarray:
    """Unit vectors with their language's mean taken away (a language with few questions: its mean drawn towards
    the overall mean, SHRINK questions' worth), so that one question in four languages lies in one place."""
    x = _unit(np.asarray(vectors, dtype=np.float32))
    if not len(x):
        return x
    overall = x.mean(axis=0)
    codes = np.asarray(langs, dtype=object)
    out = np.empty_like(x)
    for lang in set(langs):
        mine = codes == lang
        count = int(mine.sum())
        mean = (x[mine].sum(axis=0) + SHRINK * overall) / (count + SHRINK)
        out[mine] = x[mine] - mean
    return _unit(out)


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0)


def group(vectors: np.ndarray, weights: Sequence[float] | None = None, threshold: float = THRESHOLD) -> list[Group]:
    """Average-linkage groups of unit vectors (each row a distinct question, `weights` how often it was asked), the
    most asked first."""
    x = np.asarray(vectors, dtype=np.float32)
    w = np.ones(len(x), np.float32) if weights is None else np.asarray(weights, dtype=np.float32)
    order = np.argsort(-w, kind="stable")  # the most asked questions are linked in the first round
    groups = _rounds(x, w, order, threshold)
    return sorted((_named(x, w, members) for members in groups), key=lambda g: (-g.weight, g.centre))


def _rounds(x: np.ndarray, w: np.ndarray, order: np.ndarray, threshold: float) -> list[list[int]]:
    """Link LINKED questions at a time; the rest join a group they are close enough to on average, or wait for the
    next round (a question below the threshold to every group of a round is below it to their unions too)."""
    done: list[list[int]] = []
    left = order
    while len(left):
        linked, left = left[:LINKED], left[LINKED:]
        made = [[int(linked[i]) for i in members] for members in _link(x[linked], w[linked], threshold)]
        left = _attach(x, w, made, left, threshold)
        done += made
    return done


def _attach(x: np.ndarray, w: np.ndarray, groups: list[list[int]], rest: np.ndarray, threshold: float) -> np.ndarray:
    """Put each of `rest` into the group whose mean vector it is most similar to, when at least the threshold; the
    positions left over."""
    if not len(rest) or not groups:
        return rest
    means = np.stack([(x[g] * w[g, None]).sum(axis=0) / w[g].sum() for g in groups])
    left = []
    for start in range(0, len(rest), 1024):
        block = rest[start:start + 1024]
        sims = x[block] @ means.T
        best = sims.argmax(axis=1)
        for row, (i, b) in enumerate(zip(block, best, strict=True)):
            if sims[row, b] >= threshold:
                groups[b].append(int(i))
            else:
                left.append(int(i))
    return np.asarray(left, dtype=np.int64)


def _link(x: np.ndarray, w: np.ndarray, threshold: float) -> list[list[int]]:
    """Average linkage by a nearest-neighbour chain, merging while the best pair's mean similarity reaches the
    threshold (reciprocal nearest neighbours below it are final: no merge can bring either one closer)."""
    m = len(x)
    sums = x * w[:, None]
    dots = (sums @ sums.T).astype(np.float64)  # dots[i, j] = sum_i · sum_j: the similarity of i and j times their sizes
    size = w.astype(np.float64).copy()
    active = np.ones(m, bool)
    members: list[list[int]] = [[i] for i in range(m)]
    final: list[list[int]] = []
    chain: list[int] = []
    while active.any():
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        sims = np.where(active, dots[a] / (size * size[a]), -np.inf)
        sims[a] = -np.inf
        b = int(sims.argmax())
        if len(chain) > 1 and sims[chain[-2]] >= sims[b]:
            b = chain[-2]  # ties go back down the chain: no cycle
        if not np.isfinite(sims[b]):  # the last one left
            final.append(members[a])
            active[a] = False
            chain.clear()
        elif len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            if sims[b] < threshold:
                final += [members[a], members[b]]
                active[[a, b]] = False
                chain.clear()
            else:
                dots[a] += dots[b]
                dots[:, a] = dots[a]
                size[a] += size[b]
                members[a] += members[b]
                active[b] = False
        else:
            chain.append(b)
    return final


def _named(x: np.ndarray, w: np.ndarray, members: list[int]) -> Group:
    """A group with its most central question: the one most similar on average to the group's questions."""
    total = (x[members] * w[members, None]).sum(axis=0)
    centre = members[int((x[members] @ total).argmax())]
    return Group(sorted(members), centre, float(w[members].sum()))
