"""The facility sheet's small map (issue 17, item 7): drawn from the shipped geometry."""

from __future__ import annotations

from tailsafe.facilities.borders import border_distance
from tailsafe.facilities.minimap import sheet_map


def test_map_draws_border_river_settlements_and_uncertainty() -> None:
    near = border_distance(40.23417, 69.69481, 10, country="UZ")
    svg = sheet_map(
        40.23417,
        69.69481,
        uncertainty_km=10,
        border_point=near.nearest,
        settlements=[("Khujand", 40.28, 69.62), ("<Far & away>", 40.3, 69.7), ("Paris", 48.8, 2.3)],
        labels={"facility": "объект", "border": "граница", "river": "река"},
        language="ru",
    )
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert 'stroke="#b00"' in svg  # the border line
    assert ">Сырдарья<" in svg  # the named river, in Russian
    assert "Khujand" in svg
    assert "Paris" not in svg
    assert "&lt;Far &amp; away&gt;" in svg
    assert "<Far" not in svg
    assert 'stroke-dasharray="3,2"' in svg  # the uncertainty circle
    assert "граница" in svg
    assert "10 km" in svg


def test_map_without_uncertainty_or_border_point() -> None:
    svg = sheet_map(38.5, 68.8)
    assert 'stroke-dasharray="3,2"' not in svg
    assert "<line x1" not in svg.split("</g>")[0]
