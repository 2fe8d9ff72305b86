"""Reference norms and demo data load idempotently, with sources kept."""

from __future__ import annotations

from typing import Any

import pytest

from tailsafe.monitoring import demo
from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Observation, Parameter

pytestmark = pytest.mark.django_db


def test_reference_norms_with_sources(reference_data: None) -> None:
    demo.load(None)
    demo.load(None)
    assert LimitNorm.objects.count() == 29
    assert not LimitNorm.objects.filter(source="").exists()
    assert LimitNorm.objects.filter(parameter__isnull=True).count() == 0
    assert Parameter.objects.get(code="freeboard").unit == "m"
    assert MonitoringPoint.objects.count() == 0


def test_demo_points(users: dict[str, Any]) -> None:
    from tailsafe.facilities.models import Facility

    Facility.objects.create(
        code="demo-f", name_ru="Демо", name_en="Demo", latitude=40, longitude=69
    )
    demo.load(users)
    demo.load(users)
    assert MonitoringPoint.objects.filter(is_demo=True).count() == 4
    assert Observation.objects.count() == 4 * 6
    assert set(Observation.objects.values_list("level", flat=True)) == {"normal"}


def test_demo_operator_facility_has_a_programme(users: dict[str, Any]) -> None:
    """The demo operator's facility gets demo points, a programme and readings (issue 16),
    and the demo operator sees them."""
    from tailsafe.facilities import demo as facilities_demo
    from tailsafe.facilities.models import Facility
    from tailsafe.monitoring import rules
    from tailsafe.monitoring.models import PointParameter

    for n in range(1, 4):
        Facility.objects.create(code=f"T0{n}", name_ru=f"Демо {n}", name_en=f"Demo {n}")
    own = Facility.objects.create(
        code=facilities_demo.DEMO_OPERATOR_FACILITY, name_ru="Д", name_en="D"
    )
    facilities_demo.load_demo_operator(users)
    demo.load(users)
    demo.load(users)
    points = MonitoringPoint.objects.filter(facility=own)
    assert points.count() == 4
    assert all(p.is_demo for p in points)
    assert PointParameter.objects.filter(point__facility=own).count() == 4
    operator = users["operator"]
    operator.refresh_from_db()
    assert set(rules.points_visible_to(operator)) == set(points)
    assert MonitoringPoint.objects.filter(code__startswith="demo-").count() == 12
