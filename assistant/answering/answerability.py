"""Whether to answer, and how sure to be: the rules' findings are evidence, not vetoes. Two logistic models over
the same signals, fitted on the tune split only (benchmarks/answerability.py): the chance that the documents answer
the question (below Tuning.answerable_threshold the answer abstains, naming what a rule found missing) and the chance
that the first quote states the fact (the answer's confidence)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..lexical import query_terms
from ..records import Hit
from .model import Asked, Candidate
from .rules import variants
from .sentences import with_spellings
from .typed import sought

# The signals, by name, in the order of the weights (Tuning.answerable, Tuning.correct).
SIGNALS = ("bias", "score", "top", "order", "rank", "unfound", "coverage", "unnamed", "phrase", "years", "names",
           "weak_names", "number", "amount", "person")


def signals(asked: Asked, chosen: list[Candidate], cands: list[Candidate], hits: list[Hit], langs: list[str],
            fired: set[str], typed: bool, mentions: Callable[[str], bool] | None = None) -> dict[str, float]:
    """Each signal of SIGNALS for one answer: the first quote's linear and fused scores and its passage's rank,
    the best linear score of any sentence, whether the question asks for a kind of fact no quote states (what kind
    it asks for is left out: that says how a question is written, not whether the documents answer it), the share
    of the question's terms in the passages, the share of its names that the first quote's passage does not hold,
    whether one of its names of several words is nowhere in the index as written, and each rule that found
    something missing."""
    first = chosen[0] if chosen else None
    kind = bool(sought(asked))
    return {
        "bias": 1.0,
        "score": first.score if first else 0.0,
        "top": max((c.score for c in cands), default=0.0),
        "order": first.order if first else 0.0,
        "rank": float(first.hit_index) if first else 5.0,
        "unfound": float(kind and not typed),
        "coverage": coverage(asked.standalone, hits, langs),
        "unnamed": unnamed(asked, hits[first.hit_index].text) if first else 1.0,
        "phrase": float(mentions is not None and any(not any(mentions(v) for v in variants(span))
                                                     for span in asked.spans if " " in span)),
        **{name: float(name in fired) for name in SIGNALS[9:]},
    }


def coverage(question: str, hits: list[Hit], langs: list[str]) -> float:
    """The share of the question's terms (its names in every language's spelling counted once) that the passages
    hold."""
    terms = set(query_terms(with_spellings(question), langs))
    if not terms:
        return 0.0
    held = set(query_terms(" ".join(h.text for h in hits), langs))
    return len(terms & held) / len(terms)


def unnamed(asked: Asked, passage: str) -> float:
    """The share of the question's names (in any language's spelling) that a passage does not hold."""
    names = [*asked.strong_names, *asked.weak_names]
    if not names:
        return 0.0
    text = passage.casefold()
    return sum(not any(v.casefold() in text for v in variants(n)) for n in names) / len(names)


def probability(weights: tuple[float, ...], named: dict[str, float]) -> float:
    """The logistic model's probability for these signals."""
    if len(weights) != len(SIGNALS):
        raise ValueError(f"{len(weights)} weights for {len(SIGNALS)} signals {SIGNALS}: refit them with "
                         "benchmarks/answerability.py")
    z = float(np.dot(weights, [named[name] for name in SIGNALS]))
    return float(1 / (1 + np.exp(-np.clip(z, -50, 50))))
