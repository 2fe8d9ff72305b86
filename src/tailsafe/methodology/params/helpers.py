"""Reading numbers and yes/no values out of a parameter set, and its bin lookup."""

from __future__ import annotations

import decimal
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

# --------------------------------------------------------------------------- input helpers


def as_number(
    value: object, what: str, *, minimum: float | None = None, strict: bool = False
) -> float:
    """Return ``value`` as a finite float or raise ``ValueError`` naming ``what``.

    Accepts ``int``, ``float``, ``fractions.Fraction`` and ``decimal.Decimal`` (not ``bool``, not
    strings). ``minimum`` is inclusive unless ``strict`` (then the value must exceed it).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        raise ValueError(f"{what} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    if minimum is not None and (number <= minimum if strict else number < minimum):
        sign = ">" if strict else ">="
        raise ValueError(f"{what} must be {sign} {minimum:g}, got {number:g}")
    return number


def as_optional_bool(value: object, what: str) -> bool | None:
    """Return ``value`` if it is ``True``, ``False`` or ``None``; else raise ``ValueError``."""
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"{what} must be true, false or unknown (None), got {value!r}")


# --------------------------------------------------------------------------- bin lookup


def bin_lookup(bins: Sequence[Mapping[str, Any]], x: float) -> Mapping[str, Any]:
    """Return the first bin of ``bins`` that ``x`` falls in (module docstring: bins).

    ``bins`` must be a validated bins list (its last bin has no bound, so a bin always matches).
    """
    for b in bins:
        if "lt" in b:
            if x < b["lt"]:
                return b
        elif "le" in b:
            if x <= b["le"]:
                return b
        elif "ge" in b:
            if x >= b["ge"]:
                return b
        elif "gt" in b:
            if x > b["gt"]:
                return b
        else:
            return b
    raise ValueError("bins list has no catch-all last bin")  # unreachable for a valid set
