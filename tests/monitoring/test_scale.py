"""Monitoring reads at national scale (issue 9): the overdue series of the dashboard are decided
on bare columns and only those returned are loaded; the chart data gives each reading its local
time without a time-zone lookup per reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tailsafe.monitoring import services
from tailsafe.monitoring.models import Observation
from tests.monitoring.test_alerts import csv

pytestmark = pytest.mark.django_db


def test_overdue_series_in_order_limited_and_loaded(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    old = (timezone.now() - dt.timedelta(days=40)).strftime("%Y-%m-%d %H:%M")
    new = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    run_import(csv(f"UP-1;uranium;{old};0.001;mg/L", f"DN-1;uranium;{new};0.001;mg/L"))
    # by point code: DN-1 is fresh (and its arsenic has no interval), FB-1 never sampled,
    # UP-1 sampled 40 days ago with a 30-day interval
    overdue = services.overdue_series()
    assert overdue == [programme["freeboard"], programme["u_up"]]
    assert services.overdue_series(1) == [programme["freeboard"]]
    last = Observation.objects.get(point=programme["up"]).taken_at
    with CaptureQueriesContext(connection) as ctx:
        shown = [(pp.point.facility.code, pp.parameter.code, pp.last_at) for pp in overdue]
    assert shown == [("tf-1", "freeboard", None), ("tf-1", "uranium", last)]
    assert not ctx.captured_queries  # loaded with what the panel shows


def test_chart_data_times_are_local(
    run_import: Callable[..., Any], programme: dict[str, Any], settings: Any
) -> None:
    run_import(csv("DN-1;uranium;2025-06-30 22:30;0.001;mg/L"))
    data = services.chart_data(programme["u_down"])
    point = data["series"][0]["points"][0]
    taken = Observation.objects.get(point=programme["down"]).taken_at
    assert point["t"] == int(taken.timestamp() * 1000)
    assert point["iso"] == "2025-06-30T22:30+05:00"  # Asia/Dushanbe, as entered
    with timezone.override("UTC"):
        utc = services.chart_data(programme["u_down"])["series"][0]["points"][0]["iso"]
    assert utc == "2025-06-30T17:30+00:00"


def test_chart_series_times_are_the_readings_in_ms_on_every_database(
    programme: dict[str, Any],
) -> None:
    """The chart endpoint's times (on PostgreSQL computed by the database) are each reading's
    instant in milliseconds, truncated as Python's int(timestamp * 1000)."""
    pp = programme["u_down"]
    moments = [
        dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC),
        dt.datetime(2025, 7, 1, 3, 0, 0, 123456, tzinfo=dt.UTC),
        dt.datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=dt.UTC),
    ]
    Observation.objects.bulk_create(
        Observation(
            point_id=pp.point_id, parameter_id=pp.parameter_id, taken_at=t, value=0.001, unit="mg/L"
        )
        for t in moments
    )
    series = services.chart_series(pp)["series"][0]
    assert series["t"] == [int(t.timestamp() * 1000) for t in sorted(moments)]
    assert all(type(t) is int for t in series["t"])
