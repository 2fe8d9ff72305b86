"""What the facilities map draws (issue 17, item 5): markers in draw order with the THI
interval and the basis of the location, the settlement layer, basins without a located facility."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tailsafe.facilities import mapdata, settlements
from tailsafe.facilities.models import Facility
from tailsafe.methodology import ranking


def _rows() -> list[dict[str, Any]]:
    return ranking.ranked_rows(Facility.objects.all())[1]


def test_settlement_layer_is_the_csv() -> None:
    """The static layer is written from the CSV (tools/build_settlements_layer.py): never stale."""
    rows = settlements.read_rows()
    assert settlements.LAYER.read_text(encoding="utf-8") == settlements.layer_text(rows)
    layer = json.loads(settlements.LAYER.read_text(encoding="utf-8"))
    assert len(layer["features"]) == len(rows) > 300
    countries = {f["properties"]["country"] for f in layer["features"]}
    assert {"TJ", "UZ", "KG", "AF"} <= countries
    # label order: the centres (each one a name of the file), then Tajik settlements first
    names = {r["name"] for r in rows}
    assert names >= settlements.CENTRES
    centres = [f for f in layer["features"] if f["properties"]["centre"]]
    assert layer["features"][: len(centres)] == centres
    assert centres[0]["properties"]["country"] == "TJ"
    rest = layer["features"][len(centres) :]
    first_foreign = next(i for i, f in enumerate(rest) if f["properties"]["country"] != "TJ")
    assert all(f["properties"]["country"] == "TJ" for f in rest[:first_foreign])
    assert all(f["properties"]["country"] != "TJ" for f in rest[first_foreign:])


def test_settlement_names_per_language_only_where_the_file_has_them() -> None:
    rows = [
        {"name": "Dushanbe", "name_ru": "Душанбе", "country": "TJ", "lat": "38.5", "lon": "68.8",
         "source": "s"},
        {"name": "Osh", "country": "KG", "lat": "40.5", "lon": "72.8", "source": "s"},
    ]  # fmt: skip
    features = settlements.feature_collection(rows)["features"]
    assert features[0]["properties"]["name_ru"] == "Душанбе"
    assert features[0]["geometry"]["coordinates"] == [68.8, 38.5]  # [longitude, latitude]
    assert set(features[1]["properties"]) == {
        "name",
        "country",
        "centre",
        "source",
    }  # no name made up


@pytest.mark.django_db
def test_markers_drawn_lowest_first_top_hazard_last(make_facility: Any) -> None:
    make_facility("M1", volume_m3=Decimal("10000"))
    make_facility("M2", volume_m3=Decimal("50000000"), dam_condition="serious")
    make_facility("M3", volume_m3=None)  # unranked
    make_facility("M4", latitude=None, longitude=None)  # not on the map
    found = mapdata.markers(_rows(), lambda f: f"/f/{f.code}")
    assert [m["code"] for m in found] == ["M3", "M1", "M2"]
    assert [m["rank"] for m in found] == [None, 3, 1]  # M4, rank 2, has no coordinates


@pytest.mark.django_db
def test_marker_has_the_interval_and_the_location_in_the_language(make_facility: Any) -> None:
    make_facility(
        "P1",
        dam_condition="",  # an unknown term: THI is an interval
        coord_uncertainty_km=Decimal("5.0"),
        location_basis="settlement_approximate",
        confidence="medium",
        status="legacy",
        commodity="uranium",
    )
    row = _rows()[0]
    a = row["assessment"]
    assert a.thi_min < a.thi_max
    props = mapdata.thi_properties(row)
    assert props == {
        "rank": 1,
        "thi_min": round(a.thi_min, 2),
        "thi_max": round(a.thi_max, 2),
        "thi_estimate": False,  # a volume was given: not an estimate
        "provisional": a.parameter_set.provisional,
    }
    with translation.override("ru"):
        m = mapdata.marker(row, "/x")
        assert m is not None
        assert m["uncertainty_km"] == 5.0
        assert m["basis_label"] == "по населённому пункту, приблизительно"
        assert m["confidence_label"] == "средняя"
        assert m["commodity_label"] == "уран"
        assert mapdata.map_labels()["thi"] != "THI interval"
    with translation.override("tg"):
        m = mapdata.marker(row, "/x")
        assert m is not None
        assert m["commodity_label"] != "uranium"
    with translation.override("en"):
        m = mapdata.marker(row, "/x")
        assert m is not None
        assert m["status_label"].startswith("legacy")


@pytest.mark.django_db
def test_unknown_stays_unknown(make_facility: Any) -> None:
    make_facility("U1", volume_m3=None, commodity="", coord_uncertainty_km=None)
    row = _rows()[0]
    with translation.override("en"):
        m = mapdata.marker(row, "/x")
    assert m is not None
    assert m["thi_max"] is None
    assert m["rank"] is None
    assert m["uncertainty_km"] is None
    assert m["commodity_label"] == "unknown"
    assert m["confidence_label"] == "unknown"


@pytest.mark.django_db
def test_empty_basins(make_facility: Any) -> None:
    make_facility("B1")  # syr_darya, located
    make_facility("B2", basin="zeravshan", latitude=None, longitude=None)
    empty = {b["key"]: b["unlocated"] for b in mapdata.empty_basins(_rows())}
    assert empty == {"zeravshan": 1, "amu_darya": 0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "No facility of the Zeravshan basin has known coordinates"),
        ("ru", "бассейна"),
        ("tg", "ҳавза"),
    ],
)
def test_map_page_says_a_basin_has_no_located_facility(
    client_as: Any, users: dict[str, Any], make_facility: Any, language: str, words: str
) -> None:
    make_facility("B1")
    make_facility("B2", basin="zeravshan", latitude=None, longitude=None)
    users["member"].language = language
    users["member"].save(update_fields=["language"])
    text = client_as("member").get(reverse("facilities:map")).content.decode()
    assert 'data-basin-empty="zeravshan"' in text
    assert 'data-basin-empty="syr_darya"' not in text
    assert words in text
    assert 'id="map-labels"' in text
    assert "settlements.geojson" in text
