"""Issue 15, item 6 in a real browser: an alarm raises a banner on every internal page of the
responsible inspector; they follow it to the alert, acknowledge it (the banner goes) and close
it with a reason (the reason shows in the alert history). axe runs on each page."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from tests.e2e.conftest import check_a11y
from tests.e2e.test_monitoring import LAB_FILE, _programme

pytestmark = pytest.mark.django_db(transaction=True)


def test_alarm_banner_acknowledge_and_close_with_reason(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    from tailsafe.monitoring import importer, services
    from tailsafe.monitoring.models import AlertEvent

    _programme()
    services.import_stream(
        io.BytesIO(LAB_FILE), "lab.csv", importer.Options(), users["secretariat"]
    )
    event = AlertEvent.objects.get(to_level="alarm")
    page.set_viewport_size({"width": 1400, "height": 1000})

    login("erkin")  # the inspector of the responsible institution
    for path in ("/", "/knowledge/", "/meetings/"):
        page.goto(f"{live_server.url}{path}")
        banner = page.locator("#alarm-banner[role=alert]")
        assert banner.is_visible(), path
        text = banner.inner_text()
        assert "Хвостохранилище Е2Е" in text
        assert "E-DN" in text
        assert re.search(r"0[,.]0475", text)  # the value, with its unit
    check_a11y(page)

    page.locator("#alarm-banner a.alert-link").first.click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/\?show=open"))
    row = page.locator(f"tr#alert-{event.pk}")
    check_a11y(page)
    row.locator("button", has_text=re.compile("Подтвердить", re.I)).first.click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/$"))
    assert page.locator("#alarm-banner").count() == 0  # acknowledged: the banner is gone
    page.goto(f"{live_server.url}/knowledge/")
    assert page.locator("#alarm-banner").count() == 0

    page.goto(f"{live_server.url}/monitoring/alerts/?show=open")
    row = page.locator(f"tr#alert-{event.pk}")
    row.locator("summary").click()
    check_a11y(page)
    row.locator("button[type=submit]", has_text="Закрыть оповещение").click()  # no reason yet
    event.refresh_from_db()
    assert event.status == "acknowledged"  # the browser asks for the reason first
    row.locator("textarea[name=reason]").fill("Повторный отбор: норма")
    row.locator("button[type=submit]", has_text="Закрыть оповещение").click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/$"))
    event.refresh_from_db()
    assert event.status == "resolved"
    assert event.resolution_reason == "Повторный отбор: норма"
    page.goto(f"{live_server.url}/monitoring/alerts/?show=all")
    assert "Повторный отбор: норма" in page.locator(f"tr#alert-{event.pk}").inner_text()
    check_a11y(page)
