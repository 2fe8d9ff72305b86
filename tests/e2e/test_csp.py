"""The Content-Security-Policy in a real browser (issue 9): the main pages, with their maps,
charts, htmx and Swagger UI, work under the strict policy and cause no violation. The autouse
``csp_violations`` fixture (tests/e2e/conftest.py) records every violation; this test also
proves that the recorder sees one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _world() -> dict[str, Any]:
    from django.core.management import call_command
    from django.utils import timezone

    from tailsafe.core.models import User
    from tailsafe.facilities.models import Facility
    from tailsafe.meetings import services as meetings
    from tailsafe.monitoring.models import Observation, PointParameter

    call_command("load_demo", verbosity=0)
    alice = User.objects.get(username="demo-secretariat")
    meeting = meetings.plan_meeting(
        alice,
        {
            "title": "Заседание CSP",
            "starts_at": timezone.now() + dt.timedelta(days=3),
            "place": "Душанбе",
        },
    )
    meetings.add_agenda_item(alice, meeting, {"title": "Пункт один"})
    meetings.add_agenda_item(alice, meeting, {"title": "Пункт два"})
    minutes = meetings.start_minutes(alice, meeting)
    item = minutes.items.first()
    assert item is not None
    meetings.save_minutes(alice, minutes, {item.pk: {"summary": "Текст"}}, minutes.revision)
    observed = Observation.objects.values_list("point_id", "parameter_id").first()
    assert observed is not None
    series = PointParameter.objects.filter(point_id=observed[0], parameter_id=observed[1]).first()
    assert series is not None
    return {
        "facility": Facility.objects.filter(latitude__isnull=False).order_by("code").first(),
        "series": series,
        "meeting": meeting,
        "minutes": minutes,
    }


def test_main_pages_cause_no_csp_violation(
    page: Any, live_server: Any, csp_violations: list[str], external_requests: list[str]
) -> None:
    from tailsafe.dashboard.demo_users import demo_password

    world = _world()
    facility, series, meeting = world["facility"], world["series"], world["meeting"]

    # Anonymous first: the public page and the API documentation.
    response = page.goto(f"{live_server.url}/public/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    page.wait_for_selector("#map path.ts-river")  # Leaflet drew the packaged map
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock-tag")  # the UI rendered the schema
    assert csp_violations == []

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "demo-secretariat")
    page.fill("input[name=password]", demo_password())
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_url(f"{live_server.url}/")

    pages = [
        ("/", "main h1"),
        ("/facilities/", "main table"),
        ("/facilities/map/", "#map path.ts-marker"),
        ("/facilities/ranking/", "#ranking"),
        ("/facilities/basins/", "main h1"),
        (f"/facilities/{facility.pk}/", "#thi-value"),
        (f"/facilities/{facility.pk}/?tab=history", "main h1"),
        (f"/facilities/{facility.pk}/edit/", "form"),
        ("/monitoring/", "main h1"),
        (f"/monitoring/series/{series.pk}/", "canvas[data-rendered=true]"),
        (f"/monitoring/points/{series.point_id}/", "main h1"),
        ("/monitoring/alerts/", "main h1"),
        (f"/meetings/{meeting.pk}/", "#agenda-list"),
        (f"/meetings/{meeting.pk}/?tab=minutes", "main h1"),
        (f"/meetings/minutes/{world['minutes'].pk}/", "#save-minutes"),
        ("/inspections/", "main h1"),
        ("/knowledge/", "main h1"),
        ("/correspondence/", "main h1"),
        ("/search/?q=%D0%B4", "main h1"),
        ("/public/", "#map path.ts-river"),
        ("/account/2fa/", "svg"),
    ]
    for path, ready in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        assert csp_violations == [], path

    # htmx still works under the policy: reorder the agenda as a drag and drop would.
    from tailsafe.meetings.models import AgendaItem

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_response(lambda r: "/agenda/reorder/" in r.url) as reorder:
        page.evaluate(
            """() => { const ol = document.getElementById('agenda-items');
                       ol.prepend(ol.lastElementChild);
                       htmx.trigger('#agenda-order', 'reorder'); }"""
        )
    assert reorder.value.status == 200
    page.wait_for_load_state("networkidle")
    titles = list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True))
    assert titles == ["Пункт два", "Пункт один"]
    assert csp_violations == []
    assert external_requests == []

    # The recorder works: an inline style attribute added now is refused and reported.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p id=\"x\" style=\"color: red\">x</p>')"
    )
    page.wait_for_function(
        "getComputedStyle(document.getElementById('x')).color !== 'rgb(255, 0, 0)'"
    )
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()
