"""Intervals for batches and paired studies (numbers from SciPy, not hand-rolled tables).

Every comparison in this project is paired: playthrough ``i`` of side A and of side B use the
same seed, so each pair differs only by the change being studied (and what that change does
to chance downstream). The interval for a mean difference is therefore the paired-t interval
on the per-seed differences; for a yes/no outcome (a win), McNemar's exact test on the
discordant pairs gives the p-value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CONFIDENCE = 0.95


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default); (0, 1) when ``n`` is 0."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class PairedEstimate:
    """The mean of a metric on sides A and B over the same seeds, and B − A with its interval."""

    a: float
    b: float
    diff: float
    low: float
    high: float
    n: int
    p_value: float

    @property
    def significant(self) -> bool:
        """Whether the interval excludes zero."""
        return self.low > 0 or self.high < 0

    def to_dict(self, digits: int = 4) -> dict[str, float | int | bool | list[float]]:
        """A JSON-ready dict."""
        return {
            "a": round(self.a, digits),
            "b": round(self.b, digits),
            "diff": round(self.diff, digits),
            "ci95": [round(self.low, digits), round(self.high, digits)],
            "n": self.n,
            "p": round(self.p_value, 6),
            "significant": self.significant,
        }


def paired(
    a: Sequence[float], b: Sequence[float], *, binary: bool = False, confidence: float = CONFIDENCE
) -> PairedEstimate:
    """Compare two metrics measured on the same seeds: B − A with a paired-t interval.

    ``binary`` (0/1 outcomes such as "Israel won") takes the p-value from McNemar's exact test.
    When every pair differs by the same amount the interval is that single value.
    """
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length: {len(a)} and {len(b)}")
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    n = len(x)
    if n == 0:
        return PairedEstimate(0.0, 0.0, 0.0, 0.0, 0.0, 0, 1.0)
    # SciPy is imported here, not at the top: it costs half a second that every command
    # would pay, studies or not.
    from scipy import stats as _stats

    d = y - x
    mean = float(d.mean())
    if n < 2 or float(d.std()) == 0.0:
        low = high = mean
        p_value = 1.0 if mean == 0 else 0.0
    else:
        test = _stats.ttest_rel(y, x)
        interval = test.confidence_interval(confidence)
        low, high = float(interval.low), float(interval.high)
        p_value = float(test.pvalue)
    if binary:
        up = int(np.count_nonzero(d > 0))
        down = int(np.count_nonzero(d < 0))
        p_value = float(_stats.binomtest(up, up + down, 0.5).pvalue) if up + down else 1.0
    return PairedEstimate(float(x.mean()), float(y.mean()), mean, low, high, n, p_value)


__all__ = ["CONFIDENCE", "PairedEstimate", "paired", "wilson"]
