"""Percentiles shared by the benchmark scripts (linear interpolation, as numpy's default)."""


def percentile(values, q: float) -> float:
    """The ``q`` quantile (0 ≤ q ≤ 1) of ``values``; NaN for no values."""
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)
