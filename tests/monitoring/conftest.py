"""Fixtures of the monitoring tests: a facility with upstream/downstream water points and a
freeboard point, thresholds set, and an operator of the facility's operator institution."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "slow: long-running (skip with -m 'not slow')")


@pytest.fixture
def programme(reference_data: None, make_user: Callable[..., Any]) -> dict[str, Any]:
    from tailsafe.facilities.models import Facility
    from tailsafe.governance.models import Institution
    from tailsafe.monitoring import demo
    from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Parameter, PointParameter

    demo.load(None)
    operator_inst = Institution.objects.get(key="industry")
    inspectorate = Institution.objects.get(key="industrial_safety")
    facility = Facility.objects.create(
        code="tf-1",
        name_ru="Хвостохранилище 1",
        name_en="Tailings 1",
        operator=operator_inst,
        latitude="40.2800",
        longitude="69.6300",
    )
    up = MonitoringPoint.objects.create(
        facility=facility,
        code="UP-1",
        name="River above",
        kind="surface_up",
        latitude="40.29",
        longitude="69.62",
        responsible=inspectorate,
    )
    down = MonitoringPoint.objects.create(
        facility=facility,
        code="DN-1",
        name="River below",
        kind="surface_down",
        latitude="40.27",
        longitude="69.64",
        responsible=inspectorate,
    )
    fb = MonitoringPoint.objects.create(
        facility=facility,
        code="FB-1",
        name="Dam crest",
        kind="freeboard",
        responsible=inspectorate,
    )
    uranium = Parameter.objects.get(code="uranium")
    who_u = LimitNorm.objects.get(parameter=uranium, norm__startswith="WHO")
    series = {}
    for point in (up, down):
        pp = PointParameter.objects.create(
            point=point,
            parameter=uranium,
            norm=who_u,
            mode="norm_multiple",
            alert=0.5,
            alarm=1.0,
            emergency=3.0,
            sampling_interval_days=30,
            expected_response="Resample within 48 h.",
        )
        pp.notified.set([inspectorate])
        series[point.code] = pp
    arsenic = PointParameter.objects.create(
        point=down,
        parameter=Parameter.objects.get(code="arsenic"),
        alert=0.005,
        alarm=0.01,
        emergency=0.05,
    )
    freeboard = PointParameter.objects.create(
        point=fb,
        parameter=Parameter.objects.get(code="freeboard"),
        direction="falling",
        alert=2.0,
        alarm=1.5,
        emergency=1.0,
        sampling_interval_days=7,
    )
    freeboard.notified.set([inspectorate])
    operator = make_user("operator", username="olim", institution="industry")
    secretariat = make_user("secretariat", username="sabina")
    inspector = make_user("inspector", username="isfandiyor", institution="industrial_safety")
    return {
        "facility": facility,
        "up": up,
        "down": down,
        "fb": fb,
        "u_up": series["UP-1"],
        "u_down": series["DN-1"],
        "arsenic": arsenic,
        "freeboard": freeboard,
        "operator": operator,
        "secretariat": secretariat,
        "inspector": inspector,
    }


@pytest.fixture
def run_import(programme: dict[str, Any]) -> Callable[..., Any]:
    from tailsafe.monitoring import importer, services

    def run(
        content: bytes | str,
        name: str = "lab.csv",
        user: Any = None,
        options: Any = None,
    ) -> Any:
        data = content.encode("utf-8") if isinstance(content, str) else content
        return services.import_stream(
            io.BytesIO(data),
            name,
            options or importer.Options(),
            user or programme["secretariat"],
        )

    return run


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are compared in English (the source language) whatever the catalogues hold."""
    from django.utils import translation

    with translation.override("en"):
        yield
