"""What monitoring caches (issue 20) and the writes that invalidate it: the chart overview is
served from the cache while its series is unchanged and built anew after readings are stored
(by the checked path on SQLite, the bulk path on PostgreSQL, or by hand) or the programme entry
changes; a zoomed range is never cached; the overdue samples keep the due times cached and the
clock live."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tailsafe.core.models import CacheVersion
from tailsafe.monitoring import services
from tailsafe.monitoring.services.queries import READINGS_VERSION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _get(client: Client, url: str) -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content), len(ctx.captured_queries)


def _version() -> int:
    row = CacheVersion.objects.filter(name=READINGS_VERSION).first()
    return row.version if row else 0


def _one_reading_and_its_chart(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> tuple[Client, str]:
    run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,01\n")
    client = Client()
    client.force_login(programme["secretariat"])
    return client, reverse("monitoring:series_data", args=[programme["u_down"].pk])


def test_an_import_shows_on_the_cached_chart_at_once(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    client, url = _one_reading_and_its_chart(run_import, programme)
    cold, cold_queries = _get(client, url)
    warm, warm_queries = _get(client, url)
    assert warm == cold
    assert warm_queries < cold_queries  # served from the cache
    assert cold["series"][0]["v"] == [pytest.approx(0.01)]
    before = _version()
    report = run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-09 10:00;0,05\n")
    assert report.ok
    assert report.imported == 1
    assert _version() == before + 1
    fresh, _ = _get(client, url)
    assert fresh["series"][0]["v"] == [pytest.approx(0.01), pytest.approx(0.05)]
    assert fresh["series"][0]["level"][-1] == "alarm"  # not the cached overview


def test_a_hand_entry_and_a_threshold_change_rebuild_the_chart(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    pp = programme["u_down"]
    client = Client()
    client.force_login(programme["secretariat"])
    url = reverse("monitoring:series_data", args=[pp.pk])
    empty, _ = _get(client, url)
    assert empty["series"][0]["total"] == 0
    services.record_observation(
        programme["secretariat"],
        pp,
        taken_at=timezone.make_aware(dt.datetime(2025, 4, 1, 9, 0)),
        value="0.02",
    )
    entered, _ = _get(client, url)
    assert entered["series"][0]["total"] == 1
    pp.refresh_from_db()
    old = entered["thresholds"]
    pp.alert = (pp.alert or 0.002) / 2
    pp.save()
    changed, _ = _get(client, url)
    assert changed["thresholds"] != old


def test_a_zoomed_range_is_read_every_time(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    client, url = _one_reading_and_its_chart(run_import, programme)
    zoom = url + "?from=2025-03-01&to=2025-04-01"
    _, first = _get(client, zoom)
    _, second = _get(client, zoom)
    assert first == second  # no cache: the same queries each time


def test_overdue_samples_follow_the_clock_and_new_readings(
    run_import: Callable[..., Any], programme: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The due times are cached; the clock is not: a series falls due without any write, and
    leaves the list with its next reading."""
    sampled = (timezone.now() - dt.timedelta(days=29)).strftime("%Y-%m-%d %H:%M")
    run_import(f"point;parameter;taken_at;value\nUP-1;uranium;{sampled};0,001\n")
    up = programme["u_up"]  # a 30-day interval
    assert up not in services.overdue_series()
    later = timezone.now() + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert up in services.overdue_series()  # no write in between: the clock decided
    fresh = (later - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    run_import(f"point;parameter;taken_at;value\nUP-1;uranium;{fresh};0,001\n")
    assert up not in services.overdue_series()
