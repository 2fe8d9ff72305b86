"""Units and laboratory values for monitoring data (methodology.md T6, T7). Pure: no Django.

Readings are compared with norms and TARP thresholds (see :mod:`tailsafe.monitoring.thresholds`),
so a reading and its limit must be in the same unit. This module is a facade: it recognises the
spellings laboratories and dam engineers use (Russian, Tajik and English files) and names each
unit by one canonical symbol; the conversion factors come from the units library ``pint``.

Canonical units (what :func:`normalise_unit` returns, grouped by dimension), after the list of
units in methodology.md ("Comparing a reading with its limit"):

* mass concentration: ``g/L``, ``mg/L``, ``ug/L``, ``ng/L`` (also ``µ``/``μ``/``mcg``, ``мг/л``,
  ``мкг/л``, ``нг/л``, ``г/л`` and per ``dm3``/``дм3``, which is a litre);
* activity concentration: ``Bq/L``, ``mBq/L``, ``Bq/m3`` (radon in air; ``Бк/л``, ``Бк/м3``);
* mass fraction (solids, sediment): ``g/kg``, ``mg/kg``, ``ug/kg`` (``мг/кг``, ``мкг/кг``);
* specific activity (solids): ``Bq/kg``, ``Bq/g`` (``Бк/кг``, ``Бк/г``);
* electrical conductivity: ``uS/cm``, ``mS/cm``, ``S/m`` (``мкСм/см``, ``мСм/см``);
* temperature: ``degC`` (``°C``, ``℃``, ``°С``, ``град``);
* turbidity: ``NTU``;
* pH: ``pH`` (no unit; ``рН`` with a Cyrillic р, ``ед. pH``);
* dose rate: ``uSv/h``, ``nSv/h``, ``mSv/h`` (``мкЗв/ч``, ``нЗв/ч``, ``мЗв/ч``);
* pressure: ``Pa``, ``kPa``, ``MPa``, ``mH2O`` (metres of water; ``кПа``, ``МПа``, ``м вод. ст.``);
* length: ``m``, ``cm``, ``mm`` (``м``, ``см``, ``мм``);
* volumetric flow: ``L/s``, ``m3/s``, ``m3/h`` (``л/с``, ``м3/с``, ``м3/ч``).

Unit symbols are case-sensitive because SI prefixes are (``mBq`` is not ``MBq``, ``мПа`` is not
``МПа``); only the litre may be written ``L``, ``l``, ``л`` or ``Л``. Whitespace is ignored.

Natural uranium is reported both as a mass and as an activity. :data:`URANIUM_BQ_PER_MG` holds
the specific activities of natural uranium in equilibrium that :func:`convert` uses when given
``bq_per_mg``; see :func:`uranium_bq_per_mg`.
"""

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final


class IncompatibleUnits(ValueError):
    """Raised when converting between units of different dimensions (e.g. mg/L to m)."""


# canonical symbol: (dimension, pint expression)
_UNITS: Final[dict[str, tuple[str, str]]] = {
    "g/L": ("mass concentration", "g/L"),
    "mg/L": ("mass concentration", "mg/L"),
    "ug/L": ("mass concentration", "ug/L"),
    "ng/L": ("mass concentration", "ng/L"),
    "Bq/L": ("activity concentration", "Bq/L"),
    "mBq/L": ("activity concentration", "mBq/L"),
    "Bq/m3": ("activity concentration", "Bq/m**3"),
    "g/kg": ("mass fraction", "g/kg"),
    "mg/kg": ("mass fraction", "mg/kg"),
    "ug/kg": ("mass fraction", "ug/kg"),
    "Bq/kg": ("specific activity", "Bq/kg"),
    "Bq/g": ("specific activity", "Bq/g"),
    "uS/cm": ("electrical conductivity", "uS/cm"),
    "mS/cm": ("electrical conductivity", "mS/cm"),
    "S/m": ("electrical conductivity", "S/m"),
    "degC": ("temperature", "degC"),
    "NTU": ("turbidity", "NTU"),
    "pH": ("pH", "pH_unit"),
    "uSv/h": ("dose rate", "uSv/hour"),
    "nSv/h": ("dose rate", "nSv/hour"),
    "mSv/h": ("dose rate", "mSv/hour"),
    "Pa": ("pressure", "Pa"),
    "kPa": ("pressure", "kPa"),
    "MPa": ("pressure", "MPa"),
    "mH2O": ("pressure", "m_H2O"),
    "m": ("length", "m"),
    "cm": ("length", "cm"),
    "mm": ("length", "mm"),
    "m3/s": ("volumetric flow", "m**3/s"),
    "m3/h": ("volumetric flow", "m**3/hour"),
    "L/s": ("volumetric flow", "L/s"),
}

UNITS: Final[tuple[str, ...]] = tuple(_UNITS)
"""The canonical unit symbols this module knows."""

DIMENSIONS: Final[tuple[str, ...]] = tuple(dict.fromkeys(d for d, _e in _UNITS.values()))

URANIUM_BQ_PER_MG: Final[dict[str, float]] = {
    "uranium": 25.0,
    "uranium-238": 12.4,
    "uranium-234": 12.4,
    "uranium-235": 0.6,
}
"""Activity per milligram of natural uranium in secular equilibrium (Bq/mg), by what is
counted: all of it (about 25), or one isotope. Source: methodology.md, "Comparing a reading
with its limit" (U-238 12.4 Bq/mg + U-234 12.4 Bq/mg + U-235 0.6 Bq/mg; about 25 Bq per mg)."""

URANIUM_FACTOR_SOURCE: Final = (
    "natural uranium in equilibrium: about 25 Bq/mg (U-238 12.4 + U-234 12.4 + U-235 0.6 "
    "Bq/mg), methodology.md"
)

_URANIUM_NAMES: Final[dict[str, str]] = {
    "uranium": "uranium",
    "u": "uranium",
    "уран": "uranium",
    "uranium-238": "uranium-238",
    "u238": "uranium-238",
    "u-238": "uranium-238",
    "уран-238": "uranium-238",
    "uranium-234": "uranium-234",
    "u234": "uranium-234",
    "u-234": "uranium-234",
    "уран-234": "uranium-234",
    "uranium-235": "uranium-235",
    "u235": "uranium-235",
    "u-235": "uranium-235",
    "уран-235": "uranium-235",
}


def uranium_bq_per_mg(*names: str) -> float | None:
    """The Bq-per-mg factor linking a uranium mass and a uranium activity, or None.

    ``names`` are the parameters on each side (a parameter code such as ``"uranium"`` or
    ``"u238"``, or a norm's published name such as ``"uranium-238"``). With no uranium name the
    answer is None (no conversion between mass and activity); an isotope named on either side
    gives that isotope's factor (a U-238 activity norm applies 12.4 Bq/mg to a natural uranium
    mass); otherwise natural uranium's 25 Bq/mg (:data:`URANIUM_BQ_PER_MG`).
    """
    found = [_URANIUM_NAMES.get(n.strip().lower()) for n in names]
    if not any(found):
        return None
    isotopes = [f for f in found if f and f != "uranium"]
    return URANIUM_BQ_PER_MG[isotopes[0] if isotopes else "uranium"]


_LITRE = ("L", "l", "л", "Л", "dm3", "дм3")
_SECOND = ("s", "с", "sec", "сек")
_HOUR = ("h", "ч", "hr", "час")


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {u: u for u in _UNITS}
    mass = {"g": ("g", "г"), "mg": ("mg", "мг"), "ug": ("ug", "mcg", "мкг"), "ng": ("ng", "нг")}
    for canonical, spellings in mass.items():
        for num in spellings:
            for den in _LITRE:
                aliases[f"{num}/{den}"] = f"{canonical}/L"
            if canonical != "ng":
                for den in ("kg", "кг"):
                    aliases[f"{num}/{den}"] = f"{canonical}/kg"
    for canonical, spellings in {"Bq": ("Bq", "Бк"), "mBq": ("mBq", "мБк")}.items():
        for num in spellings:
            for den in _LITRE:
                aliases[f"{num}/{den}"] = f"{canonical}/L"
    for num in ("Bq", "Бк"):
        for den in ("m3", "м3", "m^3", "м^3"):
            aliases[f"{num}/{den}"] = "Bq/m3"
        aliases[f"{num}/kg"] = aliases[f"{num}/кг"] = "Bq/kg"
        aliases[f"{num}/g"] = aliases[f"{num}/г"] = "Bq/g"
    for canonical, spellings in {"uS": ("uS", "мкСм"), "mS": ("mS", "мСм")}.items():
        for num in spellings:
            for den in ("cm", "см"):
                aliases[f"{num}/{den}"] = f"{canonical}/cm"
    aliases["См/м"] = "S/m"
    for spelling in ("°C", "℃", "°С", "C°", "degC", "град", "градС", "град.С", "oC"):
        aliases[spelling] = "degC"
    for spelling in ("NTU", "ntu", "НТУ"):
        aliases[spelling] = "NTU"
    for spelling in ("pH", "рН", "ед.pH", "ед.рН", "pHunits", "unitspH"):
        aliases[spelling] = "pH"
    for canonical, spellings in {
        "uSv": ("uSv", "мкЗв"),
        "nSv": ("nSv", "нЗв"),
        "mSv": ("mSv", "мЗв"),
    }.items():
        for num in spellings:
            for den in _HOUR:
                aliases[f"{num}/{den}"] = f"{canonical}/h"
    for canonical, spellings in {
        "Pa": ("Pa", "Па"),
        "kPa": ("kPa", "кПа"),
        "MPa": ("MPa", "МПа"),
    }.items():
        for spelling in spellings:
            aliases[spelling] = canonical
    for spelling in ("mH2O", "mH₂O", "mwater", "м.вод.ст.", "мвод.ст.", "мвод.ст", "м.в.ст."):
        aliases[spelling] = "mH2O"
    for canonical, spellings in {"m": ("m", "м"), "cm": ("cm", "см"), "mm": ("mm", "мм")}.items():
        for spelling in spellings:
            aliases[spelling] = canonical
    for num in _LITRE[:4]:
        for den in _SECOND:
            aliases[f"{num}/{den}"] = "L/s"
    for num in ("m3", "м3"):
        for den in _SECOND:
            aliases[f"{num}/{den}"] = "m3/s"
        for den in _HOUR:
            aliases[f"{num}/{den}"] = "m3/h"
    return aliases


_ALIASES: Final[dict[str, str]] = _build_aliases()
_TRANSLATE: Final = str.maketrans({"µ": "u", "μ": "u", "³": "3", "·": "", "⁄": "/"})


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
    return _UNITS[normalise_unit(unit)][0]


@cache
def _registry() -> Any:
    """The pint registry, built once per process (about half a second) and only when needed."""
    import pint

    registry = pint.UnitRegistry()
    registry.define("NTU = [turbidity]")
    registry.define("pH_unit = [acidity]")
    return registry


@cache
def _factor(source: str, target: str) -> float:
    """The factor from one canonical unit to another of the same dimension, by pint, rounded
    to 15 significant digits so that decimal prefixes stay exact (1 ug/L is 0.001 mg/L)."""
    registry = _registry()
    factor = float(registry.Quantity(1.0, _UNITS[source][1]).to(_UNITS[target][1]).magnitude)
    return float(f"{factor:.15g}")


_MASS_TO_ACTIVITY: Final[dict[str, str]] = {
    "mass concentration": "activity concentration",
    "mass fraction": "specific activity",
}
_MASS_BASE: Final[dict[str, str]] = {"mass concentration": "mg/L", "mass fraction": "mg/kg"}
_ACTIVITY_BASE: Final[dict[str, str]] = {
    "activity concentration": "Bq/L",
    "specific activity": "Bq/kg",
}


def convert(value: float, from_unit: str, to_unit: str, *, bq_per_mg: float | None = None) -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit`` (any accepted spelling).

    Raises :class:`IncompatibleUnits` across dimensions and ``ValueError`` for an unknown unit.
    With ``bq_per_mg`` (see :func:`uranium_bq_per_mg`) a mass concentration converts to an
    activity concentration and back (mg/L <-> Bq/L; mg/kg <-> Bq/kg) at that many Bq per mg.
    Temperatures have one unit (degC), so no conversion needs an offset.
    """
    source, target = normalise_unit(from_unit), normalise_unit(to_unit)
    if source == target:
        return float(value)
    dim_s, dim_t = _UNITS[source][0], _UNITS[target][0]
    if dim_s == dim_t:
        factor = _factor(source, target)
        return float(value) if factor == 1.0 else float(value) * factor
    if bq_per_mg is not None and math.isfinite(bq_per_mg) and bq_per_mg > 0:
        if _MASS_TO_ACTIVITY.get(dim_s) == dim_t:
            in_mg = convert(value, source, _MASS_BASE[dim_s])
            return convert(in_mg * bq_per_mg, _ACTIVITY_BASE[dim_t], target)
        if _MASS_TO_ACTIVITY.get(dim_t) == dim_s:
            in_bq = convert(value, source, _ACTIVITY_BASE[dim_s])
            return convert(in_bq / bq_per_mg, _MASS_BASE[dim_t], target)
    raise IncompatibleUnits(f"Cannot convert {from_unit!r} ({dim_s}) to {to_unit!r} ({dim_t}).")


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
