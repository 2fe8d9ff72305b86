"""Readings as people write them (issue 16, item 8). Pure: no Django import.

A value stored as a float carries binary noise (0.0052 is kept as 0.005200000000000001 after a
unit conversion). :func:`readable` shows the digits the laboratory reported: the value rounded
to :data:`SIGNIFICANT` significant digits (far more than any laboratory reports, far fewer than
the noise), trailing zeros dropped, never in exponent notation. :func:`rounded` shows a computed
value with a few significant digits.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Final

SIGNIFICANT: Final = 12
"""Digits kept by :func:`readable`: binary noise starts around the 16th."""

EMPTY: Final = "—"


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def readable(value: float | None, decimal: str = ".") -> str:
    """``value`` with the precision the laboratory reported, without float noise.

    >>> readable(0.005200000000000001)
    '0.0052'
    >>> readable(1234.5, ",")
    '1234,5'
    >>> readable(1e-7)
    '0.0000001'
    """
    if value is None:
        return EMPTY
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    text = _plain(Decimal(f"{number:.{SIGNIFICANT}g}"))
    return text.replace(".", decimal) if decimal != "." else text


def rounded(value: float | None, digits: int = 3, decimal: str = ".") -> str:
    """A computed value with ``digits`` significant digits (3 by default), e.g. a limit
    converted between units: ``rounded(0.80645161)`` is ``'0.806'``."""
    if value is None:
        return EMPTY
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    text = _plain(Decimal(f"{number:.{max(1, digits)}g}"))
    return text.replace(".", decimal) if decimal != "." else text


def with_censor(value: float | None, censored: str = "", decimal: str = ".") -> str:
    """A reading with its censoring sign: ``'<0.0001'``; a "not detected" reading without a
    known limit is ``'<DL'``."""
    if value is None:
        return "<DL" if censored == "<" else EMPTY
    return f"{censored or ''}{readable(value, decimal)}"
