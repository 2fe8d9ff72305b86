"""Tests for monitoring units and laboratory value parsing (methodology.md T7)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tailsafe.monitoring.units import (
    UNITS,
    IncompatibleUnits,
    ParsedValue,
    convert,
    dimension,
    normalise_unit,
    parse_lab_value,
)

# --- normalise_unit ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mg/L", "mg/L"),
        ("mg/l", "mg/L"),
        ("мг/л", "mg/L"),
        ("мг/дм3", "mg/L"),
        ("mg/dm³", "mg/L"),
        (" mg / L ", "mg/L"),
        ("ug/L", "ug/L"),
        ("µg/L", "ug/L"),  # micro sign U+00B5
        ("μg/L", "ug/L"),  # Greek mu U+03BC
        ("мкг/л", "ug/L"),
        ("mcg/l", "ug/L"),
        ("ng/L", "ng/L"),
        ("нг/л", "ng/L"),
        ("g/L", "g/L"),
        ("г/л", "g/L"),
        ("Bq/L", "Bq/L"),
        ("Бк/л", "Bq/L"),
        ("mBq/L", "mBq/L"),
        ("мБк/л", "mBq/L"),
        ("m", "m"),
        ("м", "m"),
        ("cm", "cm"),
        ("см", "cm"),
        ("mm", "mm"),
        ("мм", "mm"),
        ("L/s", "L/s"),
        ("l/s", "L/s"),
        ("л/с", "L/s"),
        ("m3/s", "m3/s"),
        ("m³/s", "m3/s"),
        ("м3/с", "m3/s"),
        ("м³/с", "m3/s"),
    ],
)
def test_normalise_unit(text: str, expected: str) -> None:
    assert normalise_unit(text) == expected


@pytest.mark.parametrize("unit", UNITS)
def test_canonical_units_are_fixed_points(unit: str) -> None:
    assert normalise_unit(unit) == unit


@pytest.mark.parametrize("text", ["", "kg", "MBq/L", "MG/L", "ppm", "mg", "m/s", "furlong"])
def test_unknown_unit(text: str) -> None:
    with pytest.raises(ValueError, match="Unknown unit") as info:
        normalise_unit(text)
    assert not isinstance(info.value, IncompatibleUnits)


# --- convert ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (1.0, "mg/L", "ug/L", 1000.0),
        (0.015, "мг/л", "мкг/л", 15.0),
        (250.0, "µg/L", "mg/L", 0.25),
        (1.0, "g/L", "mg/L", 1000.0),
        (1.0, "g/L", "ng/L", 1e9),
        (5.0, "ng/L", "ug/L", 0.005),
        (1.0, "Bq/L", "mBq/L", 1000.0),
        (50.0, "mBq/L", "Bq/L", 0.05),
        (1.5, "m", "cm", 150.0),
        (12.0, "cm", "mm", 120.0),
        (2500.0, "mm", "m", 2.5),
        (3.0, "L/s", "m3/s", 0.003),
        (0.2, "m³/s", "л/с", 200.0),
        (-4.0, "mg/L", "mg/l", -4.0),
        (0.0, "m", "mm", 0.0),
    ],
)
def test_convert_table(value: float, source: str, target: str, expected: float) -> None:
    assert convert(value, source, target) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("source", "target"),
    [("mg/L", "m"), ("Bq/L", "mg/L"), ("L/s", "m"), ("mm", "mBq/L"), ("m3/s", "g/L")],
)
def test_incompatible_units(source: str, target: str) -> None:
    with pytest.raises(IncompatibleUnits) as info:
        convert(1.0, source, target)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert source in message
    assert target in message
    assert dimension(source) in message
    assert dimension(target) in message


def test_convert_unknown_unit() -> None:
    with pytest.raises(ValueError, match="Unknown unit"):
        convert(1.0, "mg/L", "oz/gal")


def test_dimension() -> None:
    assert dimension("мкг/л") == "mass concentration"
    assert dimension("mBq/L") == "activity concentration"
    assert dimension("см") == "length"
    assert dimension("л/с") == "volumetric flow"


# Readings: zero or of normal floating-point magnitude (a factor of 1e-9 applied to a value
# near the bottom of the float range would underflow to a subnormal and lose precision).
magnitudes = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(
    lambda x: x == 0 or abs(x) > 1e-280
)


@given(magnitudes)
def test_round_trip_mg_ug_mg(value: float) -> None:
    back = convert(convert(value, "mg/L", "ug/L"), "ug/L", "mg/L")
    assert math.isclose(back, value, rel_tol=1e-12, abs_tol=0.0) or back == value


@given(magnitudes, st.sampled_from(UNITS), st.sampled_from(UNITS))
def test_round_trip_any_compatible_pair(value: float, a: str, b: str) -> None:
    if dimension(a) != dimension(b):
        with pytest.raises(IncompatibleUnits):
            convert(value, a, b)
        return
    back = convert(convert(value, a, b), b, a)
    assert math.isclose(back, value, rel_tol=1e-12) or back == value


@given(magnitudes)
def test_identity_conversion_is_exact(value: float) -> None:
    assert convert(value, "мг/л", "mg/L") == value


# --- parse_lab_value ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.015", ParsedValue(0.015)),
        ("0,015", ParsedValue(0.015)),
        ("15", ParsedValue(15.0)),
        ("  15  ", ParsedValue(15.0)),
        ("1 234,5", ParsedValue(1234.5)),
        ("1 234 567", ParsedValue(1234567.0)),
        ("12\u00a0345,6", ParsedValue(12345.6)),  # no-break space
        ("12\u202f345", ParsedValue(12345.0)),  # narrow no-break space
        ("1,5E-3", ParsedValue(0.0015)),
        ("2.5e2", ParsedValue(250.0)),
        (",5", ParsedValue(0.5)),
        ("-0,002", ParsedValue(-0.002)),  # negatives allowed; the importer decides
        ("\u22120.3", ParsedValue(-0.3)),  # Unicode minus sign
        ("+7", ParsedValue(7.0)),
        ("<0.001", ParsedValue(0.001, "<")),
        ("< 0,001", ParsedValue(0.001, "<")),
        ("<0,001", ParsedValue(0.001, "<")),
        (">1000", ParsedValue(1000.0, ">")),
        ("> 1 000", ParsedValue(1000.0, ">")),
        ("<DL", ParsedValue(None, "<")),
        ("< DL", ParsedValue(None, "<")),
        ("<LOD", ParsedValue(None, "<")),
        ("<ПО", ParsedValue(None, "<")),
        ("н/о", ParsedValue(None, "<")),
        ("Н/О", ParsedValue(None, "<")),
        ("н.о.", ParsedValue(None, "<")),
        ("не обн.", ParsedValue(None, "<")),
        ("не  обнаружено", ParsedValue(None, "<")),
        ("n.d.", ParsedValue(None, "<")),
        ("N.D.", ParsedValue(None, "<")),
        ("nd", ParsedValue(None, "<")),
    ],
)
def test_parse_lab_value_table(text: str, expected: ParsedValue) -> None:
    assert parse_lab_value(text) == expected


def test_needs_detection_limit() -> None:
    assert parse_lab_value("н/о").needs_detection_limit
    assert not parse_lab_value("<0,001").needs_detection_limit
    assert not parse_lab_value("0,001").needs_detection_limit


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_parse_empty(text: str) -> None:
    with pytest.raises(ValueError, match="Empty"):
        parse_lab_value(text)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "-",
        "—",
        ".",
        "<",
        ">",
        ">DL",  # "above the detection limit" carries no value
        "1,234.5",  # comma is always decimal: ambiguous mix rejected
        "1.234,5",
        "12 34",  # bad thousands grouping
        "0 015",
        "0.015 mg/L",  # units belong in their own column
        "1e",
        "1e400",
        "nan",
        "inf",
        "<<1",
        "1-2",
        "٣",  # non-ASCII digits
    ],
)
def test_parse_garbage(text: str) -> None:
    with pytest.raises(ValueError, match=r"(?i)laboratory value") as info:
        parse_lab_value(text)
    assert text.strip() == "" or repr(text) in str(info.value) or text in str(info.value)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_parse_round_trips_repr_with_point_or_comma(value: float) -> None:
    text = repr(value)
    assert parse_lab_value(text) == ParsedValue(value)
    assert parse_lab_value(text.replace(".", ",")) == ParsedValue(value)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["<", ">", ""]))
def test_parse_thousands_grouping(number: int, sign: str) -> None:
    grouped = f"{number:,}".replace(",", " ")
    parsed = parse_lab_value(f"{sign} {grouped},25" if sign else f"{grouped},25")
    assert parsed.value == pytest.approx(number + 0.25)
    assert parsed.censored == (sign or None)
