"""Public page in the browser: an anonymous visitor sees the map with the published facility
and a published meeting summary, nothing leaves the server, and internal pages ask to log in.
and a published recommendation with its status."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api import conftest as api_conftest
from tests.e2e.conftest import check_a11y

api_data = api_conftest.api_data  # the published and unpublished records

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_visitor(
    page: Any,
    live_server: Any,
    external_requests: list[str],
    api_data: dict[str, Any],
    users: dict[str, Any],
) -> None:
    import datetime as dt

    from tailsafe.followup.models import Recommendation
    from tailsafe.governance.models import Institution
    from tailsafe.public.services import set_published

    rec = Recommendation.objects.create(
        text="Установить пьезометры на дамбе",
        term="short",
        stage="adopted",
        addressee=Institution.objects.get(key="industry"),
        due_date=dt.date(2027, 3, 1),
        status="in_progress",
        progress=25,
    )
    set_published(users["secretariat"], "recommendation", rec.pk, True)
    page.goto(f"{live_server.url}/public/")
    page.wait_for_selector(".ts-marker-pub-1")
    assert page.locator(".ts-river").count() > 0  # the packaged map drew
    assert page.locator(".ts-marker-secret-1").count() == 0
    table = page.locator("#map-list")
    assert "pub-1" in table.inner_text()
    assert "secret-1" not in table.inner_text()
    assert page.locator("#map-list .badge.text-bg-warning").count() >= 1  # provisional label
    summary = page.locator(f"#meeting-{api_data['meeting_pub'].pk}")
    assert "Published summary text." in summary.inner_text()
    assert "Secret meeting" not in page.content()
    row = page.locator(f"#recommendation-{rec.pk}").inner_text()
    assert "Установить пьезометры на дамбе" in row
    assert "25%" in row
    check_a11y(page)
    assert external_requests == []

    page.goto(f"{live_server.url}/facilities/")
    assert "/login/" in page.url
    assert "next=" in page.url
    page.goto(f"{live_server.url}/public/manage/")
    assert "/login/" in page.url


def test_secretariat_switches_and_notifications(
    page: Any,
    live_server: Any,
    login: Any,
    external_requests: list[str],
    api_data: dict[str, Any],
    users: dict[str, Any],
) -> None:
    from tailsafe.notifications.services import notify

    notify([users["secretariat"]], "general", "Welcome to the centre")
    login("alice")
    page.goto(f"{live_server.url}/public/manage/")
    check_a11y(page)
    page.locator(f"#facility-{api_data['secret'].pk} button[value='1']").click()
    page.goto(f"{live_server.url}/public/")
    page.wait_for_selector(".ts-marker-secret-1")
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator("#notification-badge").count() == 1
    assert "Welcome to the centre" in page.content()
    check_a11y(page)
    page.goto(f"{live_server.url}/notifications/preferences/")
    check_a11y(page)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert external_requests == []
