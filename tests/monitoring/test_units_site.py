"""The units tailings sites need besides concentrations (methodology.md, the list of units),
in the spellings laboratories and dam engineers use, and uranium mass <-> activity."""

from __future__ import annotations

import pytest

from tailsafe.monitoring.units import (
    UNITS,
    URANIUM_BQ_PER_MG,
    IncompatibleUnits,
    convert,
    dimension,
    normalise_unit,
    uranium_bq_per_mg,
)

SPELLINGS = [
    # pH (no unit)
    ("pH", "pH"),
    ("рН", "pH"),  # Cyrillic р
    ("ед. pH", "pH"),
    ("ед. рН", "pH"),
    # electrical conductivity
    ("uS/cm", "uS/cm"),
    ("µS/cm", "uS/cm"),
    ("μS/cm", "uS/cm"),
    ("мкСм/см", "uS/cm"),
    ("mS/cm", "mS/cm"),
    ("мСм/см", "mS/cm"),
    ("S/m", "S/m"),
    ("См/м", "S/m"),
    # temperature
    ("°C", "degC"),
    ("degC", "degC"),
    ("℃", "degC"),
    ("°С", "degC"),  # Cyrillic С
    ("град", "degC"),
    # turbidity
    ("NTU", "NTU"),
    # solids and sediment
    ("mg/kg", "mg/kg"),
    ("мг/кг", "mg/kg"),
    ("ug/kg", "ug/kg"),
    ("µg/kg", "ug/kg"),
    ("мкг/кг", "ug/kg"),
    ("g/kg", "g/kg"),
    ("г/кг", "g/kg"),
    ("Bq/kg", "Bq/kg"),
    ("Бк/кг", "Bq/kg"),
    ("Bq/g", "Bq/g"),
    ("Бк/г", "Bq/g"),
    # radon in air
    ("Bq/m3", "Bq/m3"),
    ("Bq/m³", "Bq/m3"),
    ("Бк/м3", "Bq/m3"),
    ("Бк/м³", "Bq/m3"),
    # gamma dose rate
    ("uSv/h", "uSv/h"),
    ("µSv/h", "uSv/h"),
    ("мкЗв/ч", "uSv/h"),
    ("nSv/h", "nSv/h"),
    ("нЗв/ч", "nSv/h"),
    ("mSv/h", "mSv/h"),
    ("мЗв/ч", "mSv/h"),
    # pore pressure
    ("kPa", "kPa"),
    ("кПа", "kPa"),
    ("MPa", "MPa"),
    ("МПа", "MPa"),
    ("Pa", "Pa"),
    ("Па", "Pa"),
    ("m H2O", "mH2O"),
    ("м вод. ст.", "mH2O"),
    # displacement, level, flow
    ("mm", "mm"),
    ("мм", "mm"),
    ("m", "m"),
    ("м", "m"),
    ("L/s", "L/s"),
    ("л/с", "L/s"),
    ("m3/s", "m3/s"),
    ("м³/с", "m3/s"),
    ("m3/h", "m3/h"),
    ("м3/ч", "m3/h"),
    # concentrations
    ("mg/L", "mg/L"),
    ("мг/л", "mg/L"),
    ("µg/L", "ug/L"),
    ("мкг/л", "ug/L"),
    ("Bq/L", "Bq/L"),
    ("Бк/л", "Bq/L"),
]


@pytest.mark.parametrize(("text", "canonical"), SPELLINGS)
def test_spelling(text: str, canonical: str) -> None:
    assert normalise_unit(text) == canonical
    assert convert(1.5, text, canonical) == 1.5


def test_every_canonical_unit_normalises_to_itself_and_has_a_dimension() -> None:
    for unit in UNITS:
        assert normalise_unit(unit) == unit
        assert dimension(unit)
        assert convert(2.0, unit, unit) == 2.0


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (1500.0, "мкСм/см", "mS/cm", 1.5),
        (1.0, "mS/cm", "S/m", 0.1),
        (250.0, "nSv/h", "мкЗв/ч", 0.25),
        (0.2, "uSv/h", "nSv/h", 200.0),
        (0.15, "МПа", "кПа", 150.0),
        (1.0, "m H2O", "kPa", 9.80665),
        (1.0, "Bq/L", "Bq/m3", 1000.0),
        (200.0, "Бк/м3", "Bq/L", 0.2),
        (1.0, "g/kg", "mg/kg", 1000.0),
        (500.0, "мкг/кг", "mg/kg", 0.5),
        (1.0, "Bq/g", "Bq/kg", 1000.0),
        (3.6, "m3/h", "L/s", 1.0),
        (0.1, "µg/L", "mg/L", 1e-4),
    ],
)
def test_conversions(value: float, source: str, target: str, expected: float) -> None:
    assert convert(value, source, target) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("pH", "mg/L"),
        ("NTU", "mg/L"),
        ("°C", "pH"),
        ("мкСм/см", "mg/L"),
        ("Bq/kg", "Bq/L"),  # a norm in Bq/kg is never read as Bq/L
        ("mg/kg", "mg/L"),
        ("kPa", "m"),
        ("uSv/h", "Bq/L"),
        ("mg/L", "Bq/L"),  # mass and activity only with a stated factor
    ],
)
def test_incompatible(source: str, target: str) -> None:
    with pytest.raises(IncompatibleUnits):
        convert(1.0, source, target)
    assert issubclass(IncompatibleUnits, ValueError)


def test_uranium_factors_as_stated() -> None:
    assert URANIUM_BQ_PER_MG == {
        "uranium": 25.0,
        "uranium-238": 12.4,
        "uranium-234": 12.4,
        "uranium-235": 0.6,
    }
    assert uranium_bq_per_mg("uranium") == 25.0
    assert uranium_bq_per_mg("uranium", "uranium-238") == 12.4
    assert uranium_bq_per_mg("u238", "uranium") == 12.4
    assert uranium_bq_per_mg("arsenic") is None
    assert uranium_bq_per_mg("arsenic", "lead") is None


def test_uranium_mass_activity_both_ways() -> None:
    # 0.03 mg/L natural uranium is 0.75 Bq/L of total activity, 0.372 Bq/L of U-238
    assert convert(0.03, "mg/L", "Bq/L", bq_per_mg=25.0) == pytest.approx(0.75)
    assert convert(0.03, "мг/л", "Bq/L", bq_per_mg=12.4) == pytest.approx(0.372)
    # the WHO U-238 guidance level of 10 Bq/L as a mass of natural uranium
    assert convert(10.0, "Bq/L", "mg/L", bq_per_mg=12.4) == pytest.approx(10 / 12.4)
    assert convert(30.0, "ug/L", "mBq/L", bq_per_mg=25.0) == pytest.approx(750.0)
    assert convert(1.0, "mg/kg", "Bq/kg", bq_per_mg=25.0) == pytest.approx(25.0)
    with pytest.raises(IncompatibleUnits):
        convert(1.0, "mg/L", "Bq/kg", bq_per_mg=25.0)  # per litre is not per kilogram


@pytest.mark.parametrize("text", ["mpa", "MBq/L", "Sv", "°F", ""])
def test_unknown_units_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        normalise_unit(text)
