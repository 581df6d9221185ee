"""Abstention rules: each checks one thing the question asks for against the evidence, and says what is missing
or how far the score threshold moves. A new rule is a class here, its name in RULES, a phrase in each language
(assistant/languages) when it names what is missing, and a test."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from ..config import Tuning
from ..languages import AMOUNT, frame, spellings
from ..records import Hit
from .model import Asked, Candidate
from .sentences import quoted_with_neighbours, states_a_number
from .typed import person_names

_AMOUNT = re.compile(AMOUNT, re.I)
# Where a name written as one word may be split: "OnlineS3" -> "Online S3", "Industry4.0" -> "Industry 4.0".
_JOINT = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])|(?<=[a-zà-ÿ]{2})(?=\d)")


@dataclass
class Evidence:
    """What a rule may look at: the passages, the best sentence (None before any is scored), the index's names."""

    hits: list[Hit]
    best: Candidate | None = None
    mentions: Callable[[str], bool] | None = None  # whether a word is anywhere in the index
    tuning: Tuning = field(default_factory=Tuning)


@dataclass(frozen=True)
class Verdict:
    """A rule's finding: what the documents lack (named in the answer) and how far the score threshold rises."""

    missing: tuple[str, ...] = ()
    raise_by: float = 0.0
    fired: tuple[str, ...] = ()  # the rules that found something (the answerability model's signals)


class Rule(Protocol):
    """One abstention rule. `needs_best`: checked only once a best sentence is chosen; `unless_missing`: skipped
    when an earlier rule already found something missing (one missing thing is named, the most specific)."""

    name: ClassVar[str]
    needs_best: ClassVar[bool]
    unless_missing: ClassVar[bool]

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        """The finding, or None when the rule has nothing to say."""


class Years:
    """A year of the question in none of the passages: the documents do not cover that year."""

    name, needs_best, unless_missing = "years", False, False

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        text = " ".join(h.text + " " + str(h.meta.get("title", "")) for h in evidence.hits)
        missing = tuple(y for y in asked.years if y not in text)
        return Verdict(missing) if missing else None


class Names:
    """A strong name of the question (BioPro, EDIH, S3) nowhere in the index."""

    name, needs_best, unless_missing = "names", False, False

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        if evidence.mentions is None:
            return None
        missing = tuple(p for p in asked.strong_names if not any(evidence.mentions(v) for v in variants(p))
                        and not any(p in j and evidence.mentions(j) for j in asked.joined))
        return Verdict(missing) if missing else None


def coined(name: str) -> bool:
    """A coined name (NordWood, S34Growth, i-Trans: inner capitals or digits), written alike in every language,
    unlike an acronym that a translation changes (BRP for GRP, GD for DG)."""
    inner = any(ch.isupper() for ch in name[1:]) and any(ch.islower() for ch in name)
    return inner or (any(ch.isdigit() for ch in name) and any(ch.isalpha() for ch in name))


class WeakNames:
    """A capitalised word of the question nowhere in the index (perhaps a translated place name: Laponie) raises
    the threshold by Tuning.weak_name_margin (off by default: it did not help on tune)."""

    name, needs_best, unless_missing = "weak_names", False, False

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        if evidence.mentions is None or not any(not evidence.mentions(p) for p in asked.weak_names):
            return None
        return Verdict(raise_by=evidence.tuning.weak_name_margin)


class Number:
    """A quantity question ("how many", "combien") whose best sentence states no number: no answer."""

    name, needs_best, unless_missing = "number", True, False

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        if "quantity" in asked.kinds and not states_a_number(evidence.best.text):
            return Verdict(raise_by=float("inf"))
        return None


class Amount:
    """A question about money whose best quote states no sum (no currency, no "million"): "the budget of X" is not
    answered by a sentence that only names X."""

    name, needs_best, unless_missing = "amount", True, True

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        if "money" in asked.kinds and not _AMOUNT.search(quoted_with_neighbours(evidence.best, evidence.hits)):
            return Verdict((frame(asked.framing)["amount"],))
        return None


class Person:
    """A question about who holds a role ("Qui préside …", "Vem är ordförande …") whose best quote names nobody
    the question does not already name."""

    name, needs_best, unless_missing = "person", True, True

    def check(self, asked: Asked, evidence: Evidence) -> Verdict | None:
        quote = quoted_with_neighbours(evidence.best, evidence.hits)
        if "person" in asked.kinds and not person_names(quote, asked.standalone):
            return Verdict((frame(asked.framing)["person"],))
        return None


# Every rule, in the order they are checked (the missing things are named in this order).
RULES: dict[str, Rule] = {rule.name: rule for rule in (Years(), Names(), WeakNames(), Number(), Amount(), Person())}


def in_force(names: tuple[str, ...]) -> list[Rule]:
    """The rules of these names, in RULES' order; an unknown name is an error that lists the known ones."""
    unknown = set(names) - set(RULES)
    if unknown:
        raise ValueError(f"unknown answer rule(s) {sorted(unknown)}; the rules are {list(RULES)}")
    return [rule for name, rule in RULES.items() if name in names]


def verdict(rules: list[Rule], asked: Asked, evidence: Evidence) -> Verdict:
    """Every rule's finding together: the missing things in order (one per rule, the first rules' first), the
    threshold's rise summed, and every rule that found something."""
    missing: list[str] = []
    raise_by = 0.0
    fired: list[str] = []
    for rule in rules:
        if rule.needs_best and evidence.best is None:
            continue
        found = rule.check(asked, evidence)
        if not found:
            continue
        fired.append(rule.name)
        if not (rule.unless_missing and missing):
            missing += found.missing
            raise_by += found.raise_by
    return Verdict(tuple(missing), raise_by, tuple(fired))


def variants(name: str) -> list[str]:
    """The ways a document may write a name of the question: as asked, in every language's spelling ("UE": EU,
    UE), and split where it is joined ("OnlineS3": Online S3)."""
    split = _JOINT.sub(" ", name)
    return list(dict.fromkeys([name, *sorted(spellings(name)), *([split] if split != name else [])]))
