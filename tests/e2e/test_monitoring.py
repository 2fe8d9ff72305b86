"""Monitoring in a real browser (issue 6, "Done means"): an operator uploads a lab file with one
value over its alarm threshold; the responsible inspector sees the alert and acknowledges it;
the chart shows the spike; the CAP file downloads and is valid CAP 1.2."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import tailsafe.monitoring
from tests.e2e.conftest import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)

XSD = Path(tailsafe.monitoring.__file__).parent / "data" / "CAP-v1.2.xsd"


def _programme() -> Any:
    from tailsafe.facilities.models import Facility
    from tailsafe.governance.models import Institution
    from tailsafe.monitoring import demo
    from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Parameter, PointParameter

    demo.load(None)
    inspectorate = Institution.objects.get(key="industrial_safety")
    facility = Facility.objects.create(
        code="e2e-tf",
        name_ru="Хвостохранилище Е2Е",
        name_en="Tailings E2E",
        operator=Institution.objects.get(key="industry"),
        latitude="40.28",
        longitude="69.63",
    )
    uranium = Parameter.objects.get(code="uranium")
    norm = LimitNorm.objects.get(parameter=uranium, norm__startswith="WHO")
    result = {}
    for code, kind in (("E-UP", "surface_up"), ("E-DN", "surface_down")):
        point = MonitoringPoint.objects.create(
            facility=facility, code=code, name=code, kind=kind, responsible=inspectorate
        )
        pp = PointParameter.objects.create(
            point=point,
            parameter=uranium,
            norm=norm,
            mode="norm_multiple",
            alert=0.5,
            alarm=1.0,
            emergency=3.0,
            sampling_interval_days=30,
            expected_response="Resample within 48 h.",
        )
        pp.notified.set([inspectorate])
        result[code] = pp
    return result


LAB_FILE = (
    "Точка;Показатель;Дата отбора;Результат;Ед. изм.\n"
    "E-UP;Уран;01.03.2025 10:00;0,002;мг/л\n"
    "E-DN;Уран;01.03.2025 10:00;0,004;мг/л\n"
    "E-UP;Уран;02.03.2025 10:00;<0,001;мг/л\n"
    "E-DN;Уран;02.03.2025 10:00;0,0475;мг/л\n"
    "E-DN;Уран;03.03.2025 10:00;0,005;мг/л\n"
).encode("cp1251")


def test_upload_alarm_acknowledge_chart_cap(
    page: Any,
    live_server: Any,
    users: dict[str, Any],
    make_user: Any,
    login: Any,
    external_requests: list[str],
) -> None:
    series = _programme()
    make_user("operator", username="olim", institution="industry")
    page.set_viewport_size({"width": 1920, "height": 1000})

    # the operator uploads the laboratory's file
    login("olim")
    page.goto(f"{live_server.url}/monitoring/import/")
    check_a11y(page)
    page.set_input_files(
        "input[name=file]", {"name": "lab.csv", "mimeType": "text/csv", "buffer": LAB_FILE}
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/monitoring/import/\d+/$"))
    assert page.locator("progress").count() == 1
    page.wait_for_selector(".alert-success")
    check_a11y(page)
    page.goto(f"{live_server.url}/monitoring/")
    check_a11y(page)

    # the responsible inspector sees the alarm and acknowledges it
    page.context.clear_cookies()
    login("erkin")
    page.goto(f"{live_server.url}/monitoring/alerts/")
    row = page.locator("tr", has=page.locator(".ts-level-alarm")).first
    assert "E-DN" in row.inner_text()
    check_a11y(page)
    row.locator("button", has_text=re.compile("Acknowledge|Подтвердить|Тасдиқ", re.I)).first.click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/$"))
    from tailsafe.monitoring.models import AlertEvent

    event = AlertEvent.objects.get(to_level="alarm")
    assert event.status == "acknowledged"
    assert event.acknowledged_by.username == "erkin"

    # the chart shows the spike (canvas drawn; the data table has the value)
    page.goto(f"{live_server.url}/monitoring/series/{series['E-DN'].pk}/")
    page.wait_for_selector("canvas#series-chart[data-rendered=true]")
    table = page.locator("table[data-series=E-DN]").inner_text()
    assert re.search(r"0[,.]0475", table)  # the spike, in the locale's number format
    assert page.locator("table[data-series=E-UP]").count() == 1  # upstream for comparison
    check_a11y(page)
    page.goto(f"{live_server.url}/monitoring/points/{series['E-DN'].point_id}/")
    check_a11y(page)

    # the CAP file downloads and validates against the OASIS schema
    page.goto(f"{live_server.url}/monitoring/alerts/?show=all")
    with page.expect_download() as info:
        page.locator(f"a[href$='/alerts/{event.pk}/cap.xml']").click()
    xml = Path(info.value.path()).read_bytes()
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log
    assert external_requests == []
