"""The facilities map in a real browser, in ru, tg and en (issue 17, item 5): settlement labels,
the highest hazard drawn on top, the location-uncertainty circle, the popup with the THI
interval, the confidence and the basis of the location, the words for a basin with no located
facility, and a phone-sized screen."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_a11y
from tests.e2e.test_facilities import _facility as facility

pytestmark = pytest.mark.django_db(transaction=True)

MARKERS_IN_DRAW_ORDER = """() => Array.from(document.querySelectorAll(
  '#map .leaflet-tsMarkers-pane path.ts-marker')).map(p => p.getAttribute('class'))"""
TOP_AT_MARKER = """(code) => {
  const r = document.querySelector('#map path.ts-marker-' + code).getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit ? hit.getAttribute('class') : null;
}"""


def _facility(code: str, **values: Any) -> Any:
    base: dict[str, Any] = {
        "name_tg": f"Иншооти {code}",
        "volume_m3": Decimal("10000"),
        "location_basis": "surveyed",
        "confidence": "high",
        "status": "operating",
        "commodity": "gold",
    }
    return facility(code, **{**base, **values})


@pytest.fixture
def map_facilities(db: None) -> dict[str, Any]:
    # MA (the top hazard) is created after MB, at the same point: only the draw order puts it
    # on top. Its dam condition is unknown, so its THI is an interval.
    mb = _facility("MB")
    ma = _facility(
        "MA",
        volume_m3=Decimal("50000000"),
        dam_condition="",
        coord_uncertainty_km=Decimal("30"),
        location_basis="settlement_approximate",
        confidence="medium",
        status="legacy",
        commodity="uranium",
    )
    mz = _facility("MZ", basin="zeravshan", latitude=None, longitude=None)
    return {"MA": ma, "MB": mb, "MZ": mz}


def _as(users: dict[str, Any], login: Any, language: str) -> None:
    alice = users["secretariat"]
    alice.language = language
    alice.save(update_fields=["language"])
    login("alice")


@pytest.mark.parametrize("language", ["ru", "tg", "en"])
def test_map_reads_in_every_language(
    page: Any,
    live_server: Any,
    users: dict[str, Any],
    login: Any,
    external_requests: list[str],
    map_facilities: dict[str, Any],
    language: str,
) -> None:
    from django.utils import translation

    from tailsafe.facilities.mapdata import map_labels

    ma = map_facilities["MA"]
    with translation.override(language):
        words = map_labels()
        basis = str(ma.get_location_basis_display())
        confidence = str(ma.get_confidence_display())
        status = str(ma.get_status_display())
    page.set_viewport_size({"width": 1920, "height": 1000})
    _as(users, login, language)
    page.goto(f"{live_server.url}/facilities/map/")
    assert page.locator("html").get_attribute("lang") == language

    # settlement labels, Tajik ones kept when labels collide
    page.wait_for_selector(".ts-settlement-label")
    page.wait_for_selector("#map path.ts-marker-MA")
    page.wait_for_selector("#map[data-settled]")  # the first view's zoom animation is over
    shown = page.locator(".ts-settlement-label:not(.ts-label-hidden)")
    shown.nth(9).wait_for(state="attached")  # at least 10 labels placed
    assert page.locator(".ts-settlement-label.ts-label-hidden").count() > 0  # decluttered
    assert "Dushanbe" in " ".join(shown.all_inner_texts())

    # the highest hazard is drawn last, so on top of the marker at the same point
    order = page.evaluate(MARKERS_IN_DRAW_ORDER)
    assert len(order) == 2
    assert "ts-marker-MA" in order[-1]
    assert "ts-marker-MA" in page.evaluate(TOP_AT_MARKER, "MA")

    # the uncertainty circle around MA (30 km), below the marker, none for MB (unknown)
    circle = page.locator("#map path.ts-uncertainty-MA").bounding_box()
    marker = page.locator("#map path.ts-marker-MA").bounding_box()
    assert circle is not None
    assert marker is not None
    assert circle["width"] > marker["width"]
    assert circle["x"] < marker["x"] + marker["width"] / 2 < circle["x"] + circle["width"]
    assert page.locator("#map path.ts-uncertainty-MB").count() == 0

    # the popup in the page's language
    page.locator("#map path.ts-marker-MA").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "MA · " in text
    assert words["thi"] in text
    assert re.search(r"\d+[.,]\d\d–\d+[.,]\d\d", text)
    for expected in (words["confidence"], confidence, words["basis"], basis, status):
        assert expected in text, expected
    assert "± 30" in text
    if language != "en":
        assert "THI interval" not in text
        assert "legacy" not in text
    check_a11y(page)

    # layers that can be switched off, named in the language: facilities, settlements, points
    layers = page.locator(".leaflet-control-layers-overlays label")
    names = " ".join(layers.all_inner_texts())
    assert words["facilities"] in names
    assert words["settlements"] in names
    assert layers.count() == 3  # with the monitoring points
    layers.filter(has_text=words["settlements"]).locator("input").uncheck()
    expect(page.locator(".ts-settlement-label")).to_have_count(0)  # after fading out
    layers.filter(has_text=words["settlements"]).locator("input").check()
    page.locator(".ts-settlement-label").first.wait_for(state="attached")

    # a basin with no located facility says so
    page.keyboard.press("Escape")
    page.select_option("#basin-select", "zeravshan")
    expect(page.locator("#map path.ts-marker")).to_have_count(0)
    empty = page.locator("[data-basin-empty=zeravshan]")
    assert empty.is_visible()
    with translation.override(language):
        from tailsafe.facilities.choices import BASIN_CHOICES

        zeravshan = str(dict(BASIN_CHOICES)["zeravshan"])
    assert zeravshan in empty.inner_text()
    page.select_option("#basin-select", "syr_darya")
    expect(page.locator("#map path.ts-marker")).to_have_count(2)
    assert not empty.is_visible()
    assert external_requests == []


def test_map_on_a_phone(
    page: Any,
    live_server: Any,
    users: dict[str, Any],
    login: Any,
    map_facilities: dict[str, Any],
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _as(users, login, "ru")
    page.goto(f"{live_server.url}/facilities/map/")
    page.wait_for_selector("#map path.ts-marker-MA")
    page.wait_for_selector("#map[data-settled]")
    the_map = page.locator("#map").bounding_box()
    assert the_map is not None
    assert the_map["width"] <= 390
    assert the_map["height"] >= 300
    legend = page.locator("#map-legend")
    assert legend.is_visible()
    box = legend.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    # the layer list is folded into a button, so the markers are not covered
    assert page.locator(".leaflet-control-layers-toggle").is_visible()
    page.locator("#map path.ts-marker-MA").scroll_into_view_if_needed()
    page.locator("#map path.ts-marker-MA").click()
    popup = page.locator(".leaflet-popup-content-wrapper")
    popup.wait_for()
    page.wait_for_timeout(500)  # the map pans the popup into view
    box = popup.bounding_box()
    # within the screen (a pixel of sub-pixel panning allowed)
    assert box is not None
    assert box["x"] >= -1
    assert box["x"] + box["width"] <= 391
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.ts-popup dd')).fontSize)"
    )
    assert size >= 12
    check_a11y(page)
