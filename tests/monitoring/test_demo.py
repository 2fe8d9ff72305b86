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
