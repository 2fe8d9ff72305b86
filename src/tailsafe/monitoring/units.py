"""Units and laboratory values for monitoring data (methodology.md T7). Pure: no Django import.

Readings are compared with TARP thresholds (see :mod:`tailsafe.monitoring.thresholds`), so a
reading and its threshold must be in the same unit. This module converts between the units
used by the monitoring network and parses laboratory result cells as they arrive from
Russian-, Tajik- and English-language laboratories.

Canonical units (what :func:`normalise_unit` returns):

* mass concentration: ``mg/L``, ``g/L``, ``ug/L``, ``ng/L`` (also written with ``µ``/``μ``,
  ``mcg``, Cyrillic ``мг/л``, ``мкг/л``, ``нг/л``, ``г/л``, and per ``dm3``/``дм3``, which is a
  litre);
* activity concentration: ``Bq/L``, ``mBq/L`` (also ``Бк/л``, ``мБк/л``);
* length: ``m``, ``cm``, ``mm`` (also ``м``, ``см``, ``мм``);
* volumetric flow: ``L/s``, ``m3/s`` (also ``m³/s``, ``л/с``, ``м3/с``).

Unit symbols are case-sensitive because SI prefixes are (``mBq`` is not ``MBq``); only the
litre may be written ``L``, ``l``, ``л`` or ``Л``. Whitespace inside a unit is ignored.
"""

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Final


class IncompatibleUnits(ValueError):
    """Raised when converting between units of different dimensions (e.g. mg/L to m)."""


@dataclass(frozen=True)
class _Unit:
    dimension: str
    factor: Fraction  # multiply a value in this unit by factor to get the dimension's base unit


_UNITS: Final[dict[str, _Unit]] = {
    "g/L": _Unit("mass concentration", Fraction(1000)),
    "mg/L": _Unit("mass concentration", Fraction(1)),
    "ug/L": _Unit("mass concentration", Fraction(1, 1000)),
    "ng/L": _Unit("mass concentration", Fraction(1, 1_000_000)),
    "Bq/L": _Unit("activity concentration", Fraction(1)),
    "mBq/L": _Unit("activity concentration", Fraction(1, 1000)),
    "m": _Unit("length", Fraction(1)),
    "cm": _Unit("length", Fraction(1, 100)),
    "mm": _Unit("length", Fraction(1, 1000)),
    "m3/s": _Unit("volumetric flow", Fraction(1)),
    "L/s": _Unit("volumetric flow", Fraction(1, 1000)),
}

UNITS: Final[tuple[str, ...]] = tuple(_UNITS)
"""The canonical unit symbols this module knows."""

_LITRE = ("L", "l", "л", "Л", "dm3", "дм3")
_SECOND = ("s", "с", "sec")
_MASS_PREFIXES = {
    "g": ("g", "г"),
    "mg": ("mg", "мг"),
    "ug": ("ug", "mcg", "мкг"),
    "ng": ("ng", "нг"),
}


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for canonical, spellings in _MASS_PREFIXES.items():
        for num in spellings:
            for den in _LITRE:
                aliases[f"{num}/{den}"] = f"{canonical}/L"
    for canonical, spellings in {"Bq": ("Bq", "Бк"), "mBq": ("mBq", "мБк")}.items():
        for num in spellings:
            for den in _LITRE:
                aliases[f"{num}/{den}"] = f"{canonical}/L"
    for canonical, spellings in {"m": ("m", "м"), "cm": ("cm", "см"), "mm": ("mm", "мм")}.items():
        for spelling in spellings:
            aliases[spelling] = canonical
    for num in _LITRE[:4]:
        for den in _SECOND:
            aliases[f"{num}/{den}"] = "L/s"
    for num in ("m3", "м3"):
        for den in _SECOND:
            aliases[f"{num}/{den}"] = "m3/s"
    return aliases


_ALIASES: Final[dict[str, str]] = _build_aliases()
_TRANSLATE: Final = str.maketrans({"µ": "u", "μ": "u", "³": "3"})


def normalise_unit(text: str) -> str:
    """Return the canonical symbol of a unit (see the module docstring), or raise ValueError.

    >>> normalise_unit(" мкг/л ")
    'ug/L'
    """
    key = re.sub(r"\s+", "", text).translate(_TRANSLATE)
    try:
        return _ALIASES[key]
    except KeyError:
        raise ValueError(f"Unknown unit {text!r}; known units: {', '.join(UNITS)}.") from None


def dimension(unit: str) -> str:
    """Return the dimension of a unit, e.g. ``"mass concentration"`` for ``"мг/л"``."""
    return _UNITS[normalise_unit(unit)].dimension


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit`` (any accepted spelling).

    The conversion factor is computed exactly (as a fraction) and applied with one float
    multiplication. Raises :class:`IncompatibleUnits` across dimensions and ``ValueError`` for
    an unknown unit.
    """
    source = _UNITS[normalise_unit(from_unit)]
    target = _UNITS[normalise_unit(to_unit)]
    if source.dimension != target.dimension:
        raise IncompatibleUnits(
            f"Cannot convert {from_unit!r} ({source.dimension}) to {to_unit!r} "
            f"({target.dimension})."
        )
    ratio = source.factor / target.factor
    if ratio == 1:
        return float(value)
    return float(value) * float(ratio)


@dataclass(frozen=True)
class ParsedValue:
    """A laboratory result: a number, possibly censored (below/above a limit).

    ``censored`` is ``None`` for a plain value, ``"<"`` for a result below the reported limit
    (``value`` is that limit) and ``">"`` for a result above it. ``value`` is ``None`` only for
    "not detected" results without a stated limit (``"н/о"``, ``"n.d."``, ``"<DL"``): the
    importer must then take the detection limit of the analytical method.
    """

    value: float | None
    censored: str | None = None

    @property
    def needs_detection_limit(self) -> bool:
        """True for a "not detected" result whose detection limit was not reported."""
        return self.censored == "<" and self.value is None


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_NOT_DETECTED: Final = frozenset(
    {
        "н/о",
        "н/о.",
        "н.о.",
        "н.о",
        "не обн.",
        "не обн",
        "не обнаружено",
        "не обнаружен",
        "n.d.",
        "n.d",
        "nd",
        "n/d",
        "not detected",
        "bdl",
    }
)
_LIMIT_WORDS: Final = frozenset({"dl", "lod", "loq", "mdl", "по", "п.о.", "предел обнаружения"})
_NUMBER = re.compile(
    r"""
    (?P<sign>[-+])?
    (?P<int>[0-9]{1,3}(?:\ [0-9]{3})+|[0-9]+)?
    (?:[.,](?P<frac>[0-9]*))?
    (?:[eE](?P<exp>[-+]?[0-9]+))?
    """,
    re.VERBOSE,
)


def parse_lab_value(text: str) -> ParsedValue:
    """Parse a laboratory result cell.

    Accepts a decimal comma or point (``"0,015"``), spaces as thousands separators
    (``"1 234,5"``; groups of three digits only), exponents (``"1,5E-3"``), a leading ``"<"``
    or ``">"`` for censored values (``"< 0,001"`` gives ``ParsedValue(0.001, "<")``), and
    "not detected" notes (``"н/о"``, ``"не обн."``, ``"n.d."``, ``"<DL"``, ``"<LOD"``) giving
    ``ParsedValue(None, "<")``. Negative values are allowed (the importer decides).
    A comma is always a decimal separator, so ``"1,234.5"`` is rejected rather than guessed.
    Raises ``ValueError`` for an empty cell or anything else.
    """
    cleaned = " ".join(text.translate(_SPACES).translate(_MINUS).split())
    if not cleaned:
        raise ValueError("Empty laboratory value.")
    lowered = cleaned.lower()
    if lowered in _NOT_DETECTED:
        return ParsedValue(None, "<")
    censored: str | None = None
    rest = cleaned
    if cleaned[0] in "<>":
        censored, rest = cleaned[0], cleaned[1:].strip()
        if not rest:
            raise ValueError(f"Laboratory value {text!r} has {censored!r} but no number.")
        if censored == "<" and rest.lower() in _LIMIT_WORDS:
            return ParsedValue(None, "<")
    match = _NUMBER.fullmatch(rest)
    digits = (match["int"] or "") if match else ""
    bad_grouping = " " in digits and digits.startswith("0")  # "0 015" is not a number
    if match is None or not (digits or match["frac"]) or bad_grouping:
        raise ValueError(
            f"Cannot read laboratory value {text!r}: expected a number such as '0,015', "
            "'1 234.5', '<0.001' or a not-detected note such as 'н/о' or 'n.d.'."
        )
    number = f"{match['sign'] or ''}{(match['int'] or '0').replace(' ', '')}.{match['frac'] or '0'}"
    if match["exp"]:
        number += f"e{match['exp']}"
    value = float(number)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"Laboratory value {text!r} is out of range.")
    return ParsedValue(value, censored)
