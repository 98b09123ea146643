"""Numbers as text for figures and reports: NaN, None and non-numbers give an en dash, never 'nan'."""
from __future__ import annotations

import math


def number(value, digits: int = 1, signed: bool = False) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(value):
        return "–"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def digits(*values) -> int:
    """Decimals that keep about three significant figures for the largest finite value (1 by default)."""
    finite = []
    for v in values:
        try:
            v = abs(float(v))
        except (TypeError, ValueError):
            continue
        if math.isfinite(v):
            finite.append(v)
    v = max(finite, default=10.0)
    return 1 if v >= 10 else 2 if v >= 2 else 3
