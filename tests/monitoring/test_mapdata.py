"""Points on the map and the facility page (issue 16, item 6): each visible point with its
worst current state; only the points the user may see."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tailsafe.monitoring import thresholds

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_worst_state_order() -> None:
    assert thresholds.worst_state([]) == ""
    assert thresholds.worst_state(["normal", "within", ""]) == "within"
    assert thresholds.worst_state(["within", "inconclusive"]) == "inconclusive"
    assert thresholds.worst_state(["inconclusive", "exceeds", "normal"]) == "exceeds"
    assert thresholds.worst_state(["exceeds", "alert"]) == "alert"
    assert thresholds.worst_state(["alarm", "emergency", "normal"]) == "emergency"
    with pytest.raises(ValueError):
        thresholds.worst_state(["purple"])


def test_geojson_states_and_scope(
    programme: dict[str, Any], run_import: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    report = run_import(
        "point;parameter;taken_at;value\n"
        "DN-1;uranium;2025-03-02 10:00;0,05\n"  # alarm (and beyond the norm)
        "DN-1;arsenic;2025-03-02 10:00;<0,02\n"  # inconclusive
        "UP-1;arsenic;2025-03-02 10:00;0,001\n"  # not in UP-1's programme: refused
    )
    assert report.imported == 0  # all or nothing: the bad row refuses the file
    report = run_import(
        "point;parameter;taken_at;value\n"
        "DN-1;uranium;2025-03-02 10:00;0,05\n"
        "DN-1;arsenic;2025-03-02 10:00;<0,02\n"
        "UP-1;uranium;2025-03-02 10:00;0,001\n"
    )
    assert report.imported == 3, report.messages
    response = client_for(programme["operator"]).get(reverse("monitoring:points_geojson"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert by_code["DN-1"]["properties"]["state"] == "alarm"
    assert by_code["UP-1"]["properties"]["state"] == "within"
    assert by_code["FB-1"]["properties"]["state"] == ""  # no readings
    # [longitude, latitude]; a point without coordinates sits at its facility's, marked
    assert by_code["DN-1"]["geometry"]["coordinates"] == [69.64, 40.27]
    assert by_code["FB-1"]["properties"]["approximate"] is True
    assert by_code["FB-1"]["geometry"]["coordinates"] == [69.63, 40.28]
    stranger = make_user("operator", username="other-op", institution="environment")
    data = json.loads(client_for(stranger).get(reverse("monitoring:points_geojson")).content)
    assert data["features"] == []
    guest = make_user("guest", username="gina")
    assert client_for(guest).get(reverse("monitoring:points_geojson")).status_code == 403


def test_facility_page_lists_points(
    programme: dict[str, Any], run_import: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    run_import("point;parameter;taken_at;value\nDN-1;arsenic;2025-03-02 10:00;<0,02\n")
    facility = programme["facility"]
    c = client_for(programme["operator"])
    page = c.get(reverse("facilities:detail", args=[facility.pk])).content.decode()
    url = reverse("monitoring:facility_points", args=[facility.pk])
    assert url in page  # loaded by htmx
    fragment = c.get(url).content.decode()
    assert "DN-1" in fragment
    assert "inconclusive" in fragment
    assert "no readings" in fragment
    assert reverse("monitoring:point_create") + f"?facility={facility.pk}" in fragment
    inspector = client_for(programme["inspector"]).get(url).content.decode()
    assert "DN-1" in inspector
    assert reverse("monitoring:point_create") not in inspector
    stranger = make_user("operator", username="other-op", institution="environment")
    assert client_for(stranger).get(url).status_code == 404


def test_map_page_offers_the_layer(programme: dict[str, Any]) -> None:
    page = client_for(programme["operator"]).get(reverse("facilities:map")).content.decode()
    assert f'data-points="{reverse("monitoring:points_geojson")}"' in page
