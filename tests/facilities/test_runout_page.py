"""The run-out block of the facility page (issue 17, item 6): the border distance computed from
the coordinates with its range, the released volume from tailings and pond water, the
probability of passing the border next to the 90% band, the fit's version and n."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tailsafe.facilities.borders import border_distance
from tailsafe.methodology import runout

pytestmark = pytest.mark.django_db

DEGMAY = {"latitude": Decimal("40.23417"), "longitude": Decimal("69.69481")}


def test_border_distance_is_computed_with_its_range(client_as: Any, make_facility: Any) -> None:
    f = make_facility(
        "R1",
        **DEGMAY,
        coord_uncertainty_km=Decimal(10),
        downstream_countries="Uzbekistan, then Kazakhstan",
        volume_m3=Decimal(20_000_000),
        pond_volume_m3=Decimal(1_000_000),
        dam_height_m=Decimal(40),
    )
    computed = f.border_distance()
    assert computed is not None
    assert computed.country == "UZ"
    assert computed.min_km == pytest.approx(computed.km - 10)
    from tailsafe.methodology import services as methodology

    screen = methodology.runout_screen(f, methodology.active_parameter_set().params)
    assert screen is not None
    assert screen.total_volume_m3 == 21_000_000
    assert screen.pond_volume_m3 == 1_000_000
    assert screen.distances_km["border"] == pytest.approx(computed.km)
    assert screen.border_range_km == pytest.approx((computed.min_km, computed.max_km))
    # TRI's transboundary term gets the computed distance too (not typed)
    a = f.latest_assessment
    assert a.inputs["distance_to_border_km"] == pytest.approx(computed.km)

    client = client_as("member")
    client.cookies["django_language"] = "en"
    text = client.get(reverse("facilities:detail", args=[f.pk])).content.decode()
    assert "straight line from the coordinates" in text
    assert "Probability that the run-out goes farther" in text
    assert f"Fit version 1, n = {runout.default_fit().n} failures" in text
    assert "Total volume VT (tailings + pond water)" in text


def test_page_in_russian_and_tajik(client_as: Any, make_facility: Any) -> None:
    f = make_facility("R2", **DEGMAY, coord_uncertainty_km=Decimal(5))
    client = client_as("member")
    for lang, words in (("ru", "Регрессия, версия 1"), ("tg", "Регрессия, версияи 1")):
        client.cookies["django_language"] = lang
        body = client.get(
            reverse("facilities:detail", args=[f.pk]), HTTP_ACCEPT_LANGUAGE=lang
        ).content.decode()
        assert words in body, lang


def test_a_source_figure_along_the_valley_wins(make_facility: Any) -> None:
    from tailsafe.methodology import services as methodology

    f = make_facility("R3", **DEGMAY, distance_to_border_km=Decimal(60))
    assert methodology.border_distance_used(f) == (60.0, None, "valley_source")
    g = make_facility("R4", latitude=None, longitude=None)
    assert methodology.border_distance_used(g) == (None, None, "unknown")
    assert border_distance(40.23417, 69.69481).country == "KG"


def test_migration_clears_only_the_derived_border_distances(make_facility: Any) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "tailsafe.facilities.migrations.0006_run_clear_derived_border_distance"
    )
    derived = make_facility(
        "M1",
        distance_to_border_km=Decimal("33.8"),
        provenance={
            "distance_to_border_km": {
                "source": "facilities_enriched.csv",
                "confidence": "low",
                "note": "straight line from the stored point to the border, computed on ...",
            },
            "volume_m3": {"source": "ISTC", "confidence": "medium"},
        },
    )
    typed = make_facility(
        "M2",
        distance_to_border_km=Decimal("45"),
        provenance={"distance_to_border_km": {"source": "NEI 2023", "confidence": "medium"}},
    )
    migration.clear_derived(apps, None)
    derived.refresh_from_db()
    typed.refresh_from_db()
    assert derived.distance_to_border_km is None
    assert "distance_to_border_km" not in derived.provenance
    assert "volume_m3" in derived.provenance
    assert typed.distance_to_border_km == Decimal("45.00")
    assert typed.source_of("distance_to_border_km")["source"] == "NEI 2023"
