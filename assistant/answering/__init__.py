"""Answering: cited answers in the asker's language — extractive by default, a language model when one is set.

model.py (the data) · asked.py (what a question asks, worked out once) · sentences.py (candidates, features by name,
scoring, selection) · rules.py (abstention rules, one class each) · compose.py (the answer's text) · generated.py
(a language model's answer held to the same standard) · answerer.py (the loop that ties them together).
"""

from ..config import Tuning
from .answerer import Answerer
from .compose import page_label, sources_block
from .model import Answer, Asked, Citation
from .rules import RULES

__all__ = ["RULES", "Answer", "Answerer", "Asked", "Citation", "Tuning", "page_label", "sources_block"]
