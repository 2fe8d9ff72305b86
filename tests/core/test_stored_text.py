from decimal import Decimal

import pytest
from django.utils import translation

from tailsafe.core.spreadsheet import SafeWriter, safe_cell
from tailsafe.core.stored_text import render, text


def test_renders_in_the_language_asked_for():
    stored = text("Approved by")
    assert render(stored, "en") == "Approved by"
    assert render(stored, "ru") != "Approved by"  # the catalogue has it


def test_parameters_nested_and_numbers_localised():
    stored = text("%(kind)s: %(value)s", kind=text("Approved by"), value=Decimal("0.5"))
    assert render(stored, "en") == "Approved by: 0.5"
    with translation.override("ru"):
        assert render(stored).endswith(": 0,5")


def test_plain_strings_pass_through_and_bad_params_refused():
    assert render("already frozen") == "already frozen"
    assert render(None) == ""
    with pytest.raises(TypeError):
        text("x %(a)s", a={"not": "a stored text"})


def test_mismatched_catalogue_falls_back_to_key():
    assert render({"key": "%(missing)s", "params": {}}) == "%(missing)s"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-0.5", "-0.5"),
        ("+3", "+3"),
        ("1,5e-3", "1,5e-3"),
        (-4, -4),
        (Decimal("-1.2"), Decimal("-1.2")),
        ("plain", "plain"),
    ],
)
def test_safe_cell(cell, expected):
    assert safe_cell(cell) == expected


def test_safe_writer(tmp_path):
    import io

    out = io.StringIO()
    SafeWriter(out).writerow(["=HYPERLINK()", -1, "ok"])
    assert out.getvalue().strip() == "'=HYPERLINK(),-1,ok"
