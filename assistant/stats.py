"""Uncertainty of eval figures: bootstrap confidence intervals and a paired bootstrap test."""

from __future__ import annotations

import numpy as np

ROUNDS = 2000


def mean_ci(values: list[float], rounds: int = ROUNDS, seed: int = 0) -> tuple[float, float, float]:
    """The mean and its 95 % percentile-bootstrap interval (resampling questions)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, (rounds, data.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(data.mean()), float(low), float(high)


def paired(a: list[float], b: list[float], rounds: int = ROUNDS, seed: int = 0) -> dict:
    """Paired bootstrap of mean(a) - mean(b) over the same questions: difference, 95 % interval, two-sided p."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape or x.size == 0:
        raise ValueError("a paired comparison needs two non-empty score lists over the same questions")
    diff = x - y
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, diff.size, (rounds, diff.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    # p: how often the resampled difference falls on the other side of zero (two-sided, shifted bootstrap).
    centred = means - diff.mean()
    p = float(np.mean(np.abs(centred) >= abs(diff.mean()))) if diff.any() else 1.0
    return {"diff": round(float(diff.mean()), 4), "ci": [round(float(low), 4), round(float(high), 4)],
            "p": round(p, 4), "n": int(diff.size)}


def with_ci(values: list[float]) -> dict:
    """{"value", "ci": [low, high], "n"} rounded for reports."""
    mean, low, high = mean_ci(values)
    return {"value": round(mean, 4), "ci": [round(low, 4), round(high, 4)], "n": len(values)}
