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
