"""Distance to the state border from the shipped geometry (issue 17, item 6): pure geometry."""

from __future__ import annotations

import math

import pytest

from tailsafe.facilities.borders import (
    BorderGeometry,
    border_distance,
    country_in,
    haversine_km,
    parse_geometry,
    shipped_geometry,
)

# A north-south border along the meridian 70 E, Tajikistan to the west, "UZ" to the east.
MERIDIAN = parse_geometry(
    {
        "features": [
            {
                "properties": {"kind": "border", "iso": "TJ"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[69, 39], [70, 39], [70, 41], [69, 41], [69, 39]]],
                },
            },
            {
                "properties": {"kind": "neighbour", "iso": "UZ", "name_en": "Uzbekistan"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[70, 39], [71, 39], [71, 41], [70, 41], [70, 39]]],
                },
            },
        ]
    }
)


def test_haversine_of_one_degree_of_latitude() -> None:
    # 2 * pi * R / 360 with the mean radius 6371.0088 km
    assert haversine_km(40, 70, 41, 70) == pytest.approx(111.19508, abs=1e-4)


def test_a_point_on_the_border_is_at_zero() -> None:
    assert border_distance(40.0, 70.0, geometry=MERIDIAN).km == pytest.approx(0.0, abs=1e-9)
    lon, lat = shipped_geometry().border[0][3]  # a vertex of the shipped border
    on = border_distance(lat, lon)
    assert on.km == pytest.approx(0.0, abs=1e-6)
    assert on.min_km == 0.0


def test_a_point_a_known_distance_from_a_meridian_border() -> None:
    # 0.1 degree of longitude at 40 N, on the parallel: R * 0.1 deg * cos(40 deg) (hand formula)
    expected = 6371.0088 * math.radians(0.1) * math.cos(math.radians(40))
    found = border_distance(40.0, 69.9, uncertainty_km=2.0, geometry=MERIDIAN)
    assert found.km == pytest.approx(expected, rel=2e-4)  # ~8.518 km
    assert found.min_km == pytest.approx(expected - 2.0, rel=1e-3)
    assert found.max_km == pytest.approx(expected + 2.0, rel=1e-3)
    assert found.country == "UZ"


def test_the_uncertainty_never_goes_below_zero() -> None:
    found = border_distance(40.0, 69.99, uncertainty_km=50, geometry=MERIDIAN)
    assert found.min_km == 0.0
    assert found.max_km == pytest.approx(found.km + 50)


@pytest.mark.parametrize(
    ("lat", "lon", "country", "km"),
    [
        # facilities_enriched_notes.md: computed independently with shapely on Natural Earth
        (40.23417, 69.69481, "UZ", 33.8),  # Buston/Degmay point
        (40.23417, 69.69481, None, 10.2),  # nearest: Kyrgyzstan, the upstream side
        (40.21571, 69.72867, "UZ", 37.0),  # Ghafurov
        (40.21571, 69.72867, None, 7.3),
    ],
)
def test_known_distances_of_the_inventory(
    lat: float, lon: float, country: str | None, km: float
) -> None:
    found = border_distance(lat, lon, country=country)
    assert found.km == pytest.approx(km, abs=0.3)
    if country is None:
        assert found.country == "KG"


def test_downstream_country_named_in_text() -> None:
    assert country_in("Uzbekistan, then Kazakhstan (inference from river course)") == "UZ"
    assert country_in("Узбекистан") == "UZ"
    assert country_in("Kazakhstan via Uzbekistan") == "KZ"
    assert country_in("") is None
    assert country_in("Aral Sea") is None


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="not a position"):
        border_distance(95, 70)
    with pytest.raises(ValueError, match="uncertainty"):
        border_distance(40, 70, uncertainty_km=-1)
    with pytest.raises(ValueError, match="no neighbour"):
        border_distance(40, 70, country="XX")
    with pytest.raises(ValueError, match="no border"):
        parse_geometry({"features": []})
    assert isinstance(MERIDIAN, BorderGeometry)
