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


def test_a_key_with_a_number_placeholder_takes_the_number():
    stored = text("Duplicate of row %(first)d (same point, parameter and time).", first=12)
    assert render(stored, "en") == "Duplicate of row 12 (same point, parameter and time)."
    assert "12" in render(stored, "tg")
    assert render(text("%(n)d of %(m)s", n=3, m=4), "en") == "3 of 4"


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


def test_html_rendering_marks_what_a_person_typed_in_another_language():
    from tailsafe.core.stored_text import lines, render_html

    stored = lines(
        text("Expected response: %(response)s", response="Lower the pond <now>"),
        "Понизить уровень пруда",
    )
    with translation.override("tg"):
        html = str(render_html(stored))
    # The system's words in Tajik, the English and the Russian a person typed marked, escaped.
    assert '<span lang="en">Lower the pond &lt;now&gt;</span>' in html
    assert '<span lang="ru">Понизить уровень пруда</span>' in html
    assert "Expected response" not in html
    with translation.override("en"):
        assert str(render_html(stored)).startswith("Expected response: Lower the pond &lt;")
    # An older row frozen as plain text stays readable, marked with its language.
    with translation.override("en"):
        assert str(render_html("Ожидаемые действия")) == '<span lang="ru">Ожидаемые действия</span>'


def test_a_coded_value_is_stored_as_its_key_not_in_the_writers_language():
    from tailsafe.core.stored_text import choice_text
    from tailsafe.facilities.models import Facility

    facility = Facility(location_basis=Facility._meta.get_field("location_basis").choices[0][0])
    with translation.override("ru"):
        stored = choice_text(facility, "location_basis")
    assert isinstance(stored, dict)
    english = render(stored, "en")
    with translation.override("en"):
        assert english == facility.get_location_basis_display()
    with translation.override("tg"):
        assert render(stored) == facility.get_location_basis_display() != english
    assert choice_text(Facility(location_basis=""), "location_basis") == ""
