"""Issue 15, item 6: an open alarm or emergency is a banner on every internal page until it is
acknowledged, for whoever may see its facility; closing an alert needs a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tailsafe.monitoring import services
from tailsafe.monitoring.models import AlertEvent
from tailsafe.monitoring.templatetags.alarm_banner import banner_alerts

pytestmark = pytest.mark.django_db

ALARM = "point;parameter;taken_at;value;unit\nDN-1;uranium;2025-03-02 10:00;45;ug/L\n"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _banner(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    start = html.find('id="alarm-banner"')
    return "" if start < 0 else html[start : html.find("</div>", start)]


@pytest.fixture
def alarm(run_import: Callable[..., Any], programme: dict[str, Any]) -> AlertEvent:
    run_import(ALARM)
    event = AlertEvent.objects.get(basis="tarp", to_level="alarm")
    event.published = True  # even published, it is no banner for another operator
    event.save(update_fields=["published"])
    return event


def test_banner_on_every_internal_page_until_acknowledged(
    alarm: AlertEvent,
    programme: dict[str, Any],
    make_user: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    facility = programme["facility"]
    own_operator = client_for(programme["operator"])
    for url in (f"/facilities/{facility.pk}/", "/knowledge/", "/meetings/"):
        banner = _banner(own_operator, url)
        assert 'role="alert"' in banner
        assert "Хвостохранилище 1" in banner
        assert "DN-1" in banner
        assert "0,045 mg/L" in banner, banner  # the value with its unit
        assert "+05:00" in banner  # since when, in local time (Asia/Dushanbe)
        assert f"#alert-{alarm.pk}" in banner  # a link to the alert
        assert "УЧЕНИЯ" not in banner
    assert _banner(client_for(programme["inspector"]), "/knowledge/")

    stranger = make_user("operator", username="umed", institution="academy")
    assert _banner(client_for(stranger), "/knowledge/") == ""
    assert _banner(client_for(stranger), "/monitoring/alerts/") == ""
    with django_assert_num_queries(1):  # the banner costs one query
        assert banner_alerts(programme["operator"]) == [alarm]

    services.acknowledge_alert(programme["inspector"], alarm, "team on site")
    assert _banner(own_operator, f"/facilities/{facility.pk}/") == ""
    assert _banner(own_operator, "/knowledge/") == ""


def test_exercise_alarm_is_marked(alarm: AlertEvent, programme: dict[str, Any]) -> None:
    AlertEvent.objects.filter(pk=alarm.pk).update(exercise=True)
    banner = _banner(client_for(programme["secretariat"]), "/knowledge/")
    assert "УЧЕНИЯ" in banner, banner  # EXERCISE, in the reader's Russian


def test_closing_an_alert_needs_a_reason(alarm: AlertEvent, programme: dict[str, Any]) -> None:
    inspector = client_for(programme["inspector"])
    url = reverse("monitoring:alert_resolve", args=[alarm.pk])
    refused = inspector.post(url, {"reason": "   "}, follow=True)
    assert "Укажите, почему оповещение закрывается" in refused.content.decode()  # in Russian
    alarm.refresh_from_db()
    assert alarm.status == "open"
    assert alarm.resolved_at is None

    inspector.post(url, {"reason": "Resampled: back to normal"})
    alarm.refresh_from_db()
    assert alarm.status == "resolved"
    assert alarm.resolution_reason == "Resampled: back to normal"
    history = inspector.get("/monitoring/alerts/?show=all").content.decode()
    assert "Resampled: back to normal" in history
