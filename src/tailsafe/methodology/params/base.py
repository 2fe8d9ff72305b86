"""What a parameter set names: its terms, classes, answers, operators, and its error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

ParameterSet = dict[str, Any]
"""A validated, normalised parameter set (plain nested dicts/lists, numbers as float)."""

DEFAULT_PARAMETER_SET: Final = "provisional-1"
"""Name of the parameter set shipped with the platform (``parameter_sets/<name>.yaml``)."""

THI_TERMS: Final[tuple[str, ...]] = ("toxicity", "management", "flood", "seismic", "dam")
"""Categorical THI terms (capacity, log10 of the volume, needs no table)."""

TRI_TERMS: Final[tuple[str, ...]] = ("e_pop", "e_water", "e_eco", "e_trans")
"""TRI exposure terms (methodology.md, TRI table)."""

GISTM_CLASSES: Final[tuple[str, ...]] = ("Low", "Significant", "High", "Very High", "Extreme")
"""GISTM (2020, Annex 2) consequence classes, lowest first."""

CHECKLIST_ANSWERS: Final[tuple[str, ...]] = ("compliant", "partly", "not")
CHECKLIST_CREDIBILITY: Final[tuple[str, ...]] = ("verified", "stated", "none")
BIN_OPERATORS: Final[tuple[str, ...]] = ("lt", "le", "ge", "gt")
GOST_CLASSES: Final[tuple[str, ...]] = ("I", "II", "III", "IV")
"""GOST 12.1.007 hazard classes, I extremely hazardous ... IV low hazard (methodology.md)."""
GOST_KEY: Final = "gost_12_1_007"


class ParameterSetError(ValueError):
    """A parameter set is malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str], name: str | None = None) -> None:
        self.problems: list[str] = list(problems)
        label = f"parameter set {name!r}" if name else "parameter set"
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"invalid {label} ({len(self.problems)} problem(s)):\n{listing}")
