"""Pages of the monitoring area: they render, bad input gives form errors, object rules hold."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tailsafe.monitoring.models import AlertEvent, ImportBatch, Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_render(run_import: Callable[..., Any], programme: dict[str, Any]) -> None:
    run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    event = AlertEvent.objects.get(basis="tarp")
    c = client_for(programme["secretariat"])
    for url in (
        reverse("monitoring:point_list"),
        reverse("monitoring:point_detail", args=[programme["down"].pk]),
        reverse("monitoring:point_detail", args=[programme["down"].pk]) + "?tab=history",
        reverse("monitoring:series_chart", args=[programme["u_down"].pk]),
        reverse("monitoring:series_edit", args=[programme["u_down"].pk]),
        reverse("monitoring:import_upload"),
        reverse("monitoring:mapping_create"),
        reverse("monitoring:observation_create"),
        reverse("monitoring:alert_list") + "?show=all",
        reverse("dashboard:home"),
    ):
        response = c.get(url)
        assert response.status_code == 200, url
    data = json.loads(
        c.get(reverse("monitoring:series_data", args=[programme["u_down"].pk])).content
    )
    assert data["limit"] == pytest.approx(0.03)
    assert [s["point"] for s in data["series"]] == ["DN-1", "UP-1"]  # downstream vs upstream
    assert data["series"][0]["level"][0] == "alarm"
    assert data["series"][0]["v"] == [pytest.approx(0.05)]  # compact arrays
    cap = c.get(reverse("transboundary:alert_cap", args=[event.pk]))
    assert cap.status_code == 200
    assert b"urn:oasis:names:tc:emergency:cap:1.2" in cap.content


def test_upload_view_bad_and_good(
    programme: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    c = client_for(programme["operator"])
    url = reverse("monitoring:import_upload")
    response = c.post(url, {"file": SimpleUploadedFile("lab.pdf", b"%PDF")})
    assert response.status_code == 200
    assert "CSV or XLSX" in response.content.decode()
    response = c.post(url, {})
    assert response.status_code == 200
    bad = SimpleUploadedFile(
        "lab.csv", b"point;parameter;taken_at;value\nXX;uranium;2025-01-01;1\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url, {"file": bad})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == "rejected"
    assert batch.rows_imported == 0
    assert batch.report["messages"][0]["row"] == 2
    page = c.get(reverse("monitoring:import_detail", args=[batch.pk])).content.decode()
    assert "XX" in page
    progress = c.get(reverse("monitoring:import_progress", args=[batch.pk]))
    assert b"<progress" in progress.content
    # another operator cannot see this batch
    other = programme["secretariat"].__class__.objects.create_user(
        "oygul", password="x", role="operator"
    )
    assert (
        client_for(other).get(reverse("monitoring:import_detail", args=[batch.pk])).status_code
        == 404
    )


def test_manual_entry_view(programme: dict[str, Any]) -> None:
    c = client_for(programme["inspector"])
    url = reverse("monitoring:observation_create")
    data = {"series": programme["u_down"].pk, "taken_at": "2025-03-02T10:00", "value": "abc"}
    response = c.post(url, data)
    assert response.status_code == 200
    assert "Cannot read the value" in response.content.decode()
    data["value"] = "<0,001"
    assert c.post(url, data).status_code == 302
    assert Observation.objects.get().censored == "<"


def test_alert_actions_view(
    run_import: Callable[..., Any], programme: dict[str, Any], users: dict[str, Any]
) -> None:
    run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    event = AlertEvent.objects.get(basis="tarp")
    ack = reverse("monitoring:alert_acknowledge", args=[event.pk])
    assert client_for(users["co_chair"]).post(ack).status_code == 302
    event.refresh_from_db()
    assert event.status == "acknowledged"
    assert client_for(users["co_chair"]).post(ack).status_code == 302  # message, no 500
    resolve = reverse("monitoring:alert_resolve", args=[event.pk])
    assert client_for(users["operator"]).post(resolve).status_code == 403


def test_series_edit_view_bad_input(programme: dict[str, Any]) -> None:
    c = client_for(programme["secretariat"])
    url = reverse("monitoring:series_edit", args=[programme["arsenic"].pk])
    response = c.post(
        url,
        {
            "mode": "absolute",
            "direction": "rising",
            "alert": "1",
            "alarm": "0.5",
            "trend_horizon_days": 30,
        },
    )
    assert response.status_code == 200
    assert "must be in order" in response.content.decode()
    response = c.post(
        url,
        {"mode": "norm_multiple", "direction": "rising", "alarm": "1", "trend_horizon_days": 30},
    )
    assert response.status_code == 200
    assert "need an applicable norm" in response.content.decode()


def test_mapping_view(programme: dict[str, Any]) -> None:
    c = client_for(programme["operator"])
    response = c.post(
        reverse("monitoring:mapping_create"),
        {
            "lab": "Lab B",
            "encoding": "cp1251",
            "decimal": ",",
            "delimiter": ";",
            "col_point": "Пункт",
        },
    )
    assert response.status_code == 302
    from tailsafe.monitoring.models import ColumnMapping

    assert ColumnMapping.objects.get().columns == {"point": "Пункт"}


def test_a_mapping_belongs_to_the_institution_that_made_it(
    programme: dict[str, Any], make_user: Any
) -> None:
    """Issue 14, item 7: another operator uses or copies a laboratory's mapping, never changes
    it (a changed date format would read the owner's 05.11 as 11 May)."""
    from tailsafe.monitoring import services
    from tailsafe.monitoring.models import ColumnMapping

    owner = programme["operator"]
    c = client_for(owner)
    form = {"lab": "Lab A", "encoding": "utf-8", "decimal": ".", "delimiter": ",", "col_point": "P"}
    assert c.post(reverse("monitoring:mapping_create"), {**form, "date_format": "%d.%m.%Y"})
    mapping = ColumnMapping.objects.get(lab="Lab A")
    assert mapping.owner_id == owner.institution_id
    other = make_user("operator", "operator-b", institution="energy_water")
    c2 = client_for(other)
    page = c2.get(reverse("monitoring:mapping_edit", args=[mapping.pk]))
    assert "belongs to another institution" in page.content.decode()
    c2.post(
        reverse("monitoring:mapping_edit", args=[mapping.pk]),
        {**form, "lab": "Lab A (copy)", "date_format": "%m.%d.%Y"},
    )
    mapping.refresh_from_db()
    assert mapping.date_format == "%d.%m.%Y"  # the owner's mapping is unchanged
    copy = ColumnMapping.objects.get(lab="Lab A (copy)")
    assert copy.date_format == "%m.%d.%Y"
    assert copy.owner_id == other.institution_id
    mapping.date_format = "%Y-%m-%d"
    with pytest.raises(PermissionDenied):
        services.save_mapping(other, mapping)
    assert ColumnMapping.objects.get(pk=mapping.pk).date_format == "%d.%m.%Y"


def test_chart_endpoint_downsamples_and_zooms(programme: dict[str, Any]) -> None:
    """3,000 readings on a 200-point chart: the overview sends about 200 with the first, the
    last, the extremes and the reading beyond the alert level; a time range (zoom) sends every
    reading in it; bad parameters get a clear 400 in the user's language."""
    import datetime as dt

    pp = programme["u_down"]
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    Observation.objects.bulk_create(
        Observation(
            point_id=pp.point_id,
            parameter_id=pp.parameter_id,
            taken_at=start + dt.timedelta(hours=i),
            value=0.001 + (i % 7) * 0.0001 + (0.5 if i == 1234 else 0),
            unit="mg/L",
            level="alarm" if i == 1234 else "normal",
        )
        for i in range(3000)
    )
    Observation.objects.filter(
        point_id=pp.point_id, taken_at=start + dt.timedelta(hours=77)
    ).update(value=-0.1)
    c = client_for(programme["secretariat"])
    url = reverse("monitoring:series_data", args=[pp.pk])
    series = json.loads(c.get(url + "?width=200").content)["series"][0]
    assert series["total"] == 3000
    assert series["downsampled"] is True
    assert 200 <= len(series["t"]) <= 204
    first, last = start.timestamp() * 1000, (start + dt.timedelta(hours=2999)).timestamp() * 1000
    assert series["t"][0] == first
    assert series["t"][-1] == last
    assert min(series["v"]) == pytest.approx(-0.1)
    assert max(series["v"]) == pytest.approx(0.5012)
    assert series["level"].count("alarm") == 1
    whole = json.loads(c.get(url).content)["series"][0]  # default width 1,000
    assert len(whole["t"]) <= 1004
    zoom = json.loads(c.get(url + "?from=2025-01-02&to=2025-01-12T00:00&width=20").content)
    zoomed = zoom["series"][0]
    assert zoomed["downsampled"] is False
    assert len(zoomed["t"]) == 240
    for query, message in (
        ("?width=abc", "The chart width must be a whole number"),
        ("?width=5", "The chart width must be a whole number"),
        ("?from=2025-13-40", "is not a date"),
        ("?from=2025-02-01&to=2025-01-01", "start of the time range must be before"),
    ):
        response = c.get(url + query)
        assert response.status_code == 400, query
        assert message in response.json()["error"], query
