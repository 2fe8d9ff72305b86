"""The monitoring programme in a real browser (issue 16, "Done means"): the operator creates a
point and its programme (pH with its range norm, uranium with the WHO norm), imports a lab file
with a censored uranium value whose detection limit lies above the norm (inconclusive) and an
out-of-range pH (exceeds); sees one exceedance and one inconclusive result on the point page,
on the dashboard and the point on the map; exports the readings. axe on every new page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)


def _setup() -> dict[str, Any]:
    from tailsafe.facilities.models import Facility
    from tailsafe.governance.models import Institution
    from tailsafe.monitoring import demo
    from tailsafe.monitoring.models import LimitNorm, Parameter

    demo.load(None)
    facility = Facility.objects.create(
        code="e2e-prog",
        name_ru="Хвостохранилище программы",
        name_en="Programme tailings",
        operator=Institution.objects.get(key="industry"),
        latitude="40.28",
        longitude="69.63",
    )
    ph = Parameter.objects.get(code="ph")
    ph_norm = LimitNorm.objects.create(
        parameter=ph, parameter_name="pH", value=8.5, lower_value=6.5, unit="pH", norm="e2e range"
    )
    uranium = Parameter.objects.get(code="uranium")
    who = LimitNorm.objects.get(parameter=uranium, norm__startswith="WHO")
    return {"facility": facility, "ph": ph, "ph_norm": ph_norm, "uranium": uranium, "who": who}


def test_operator_builds_a_programme_imports_and_exports(
    page: Any,
    live_server: Any,
    make_user: Any,
    login: Any,
    external_requests: list[str],
) -> None:
    data = _setup()
    make_user("operator", username="olim", institution="industry")
    page.set_viewport_size({"width": 1600, "height": 1000})
    login("olim")

    # a point of the operator's own facility
    page.goto(f"{live_server.url}/monitoring/points/new/?facility={data['facility'].pk}")
    check_a11y(page)
    page.fill("input[name=code]", "E2E-DN")
    page.fill("input[name=name]", "Downstream")
    page.select_option("select[name=kind]", "surface_down")
    page.fill("input[name=latitude]", "40.27")
    page.fill("input[name=longitude]", "69.64")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/monitoring/points/\d+/$"))
    point_url = page.url
    from tailsafe.monitoring.models import MonitoringPoint

    point = MonitoringPoint.objects.get(code="E2E-DN")

    # its programme: pH with the range norm, uranium with the WHO norm
    for parameter, norm in ((data["ph"], data["ph_norm"]), (data["uranium"], data["who"])):
        page.click(f"a[href$='/monitoring/points/{point.pk}/programme/new/']")
        page.wait_for_selector("select[name=parameter]")
        check_a11y(page)
        page.select_option("select[name=parameter]", str(parameter.pk))
        page.select_option("select[name=norm]", str(norm.pk))
        page.fill("input[name=sampling_interval_days]", "30")
        page.click("main button[type=submit]")
        page.wait_for_url(point_url)
    assert point.programme.count() == 2

    # the laboratory's file: pH 9.2 (beyond 6.5-8.5), uranium <0.05 (DL above 0.03)
    day = (dt.date.today() - dt.timedelta(days=2)).strftime("%d.%m.%Y")
    lab = (
        "Точка;Показатель;Дата отбора;Результат\n"
        f"E2E-DN;ph;{day} 10:00;9,2\n"
        f"E2E-DN;uranium;{day} 10:00;<0,05\n"
    ).encode()
    page.goto(f"{live_server.url}/monitoring/import/")
    page.set_input_files(
        "input[name=file]", {"name": "lab.csv", "mimeType": "text/csv", "buffer": lab}
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/monitoring/import/\d+/$"))
    page.wait_for_selector(".alert-success")

    # the point page: one exceedance, one inconclusive
    page.goto(point_url)
    assert page.locator("td .ts-level-exceeds").count() == 1
    assert page.locator("td .ts-level-inconclusive").count() == 1
    check_a11y(page)

    # the dashboard counts them
    page.goto(f"{live_server.url}/")
    panel = page.locator("section[aria-labelledby=p-alerts]").inner_text()
    assert re.search(r"365\D+1\D+1\D", panel), panel

    # the map shows the point in its worst state
    page.goto(f"{live_server.url}/facilities/map/")
    page.wait_for_selector("path.ts-point-E2E-DN.ts-point-state-exceeds", state="attached")
    check_a11y(page)

    # the facility page lists it with its state
    page.goto(f"{live_server.url}/facilities/{data['facility'].pk}/")
    page.wait_for_selector("#facility-points .ts-level-exceeds")
    check_a11y(page)

    # the export
    page.goto(f"{live_server.url}/monitoring/export/?point={point.pk}")
    check_a11y(page)
    with page.expect_download() as info:
        page.click("button[name=download][value=csv]")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("facility,point,parameter,")
    assert len(lines) == 3
    ph_row = next(line for line in lines if ",ph," in line)
    u_row = next(line for line in lines if ",uranium," in line)
    assert "9.2" in ph_row
    assert "exceeds" in ph_row
    assert "<0.05" in u_row
    assert "inconclusive" in u_row
    assert external_requests == []
