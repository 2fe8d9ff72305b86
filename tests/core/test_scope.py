"""What each role *sees* (issue 14, docs/permissions.md): two operators of two institutions, each
with a facility, a monitoring point, a reading, an alert, a letter and a recommendation of their
own, a published facility of the second operator, a meeting the first operator's institution is
invited to and one it is not. For every role the web lists, the API lists, the CSV export and the
search return exactly the records of the scope table, by id, and web and API agree.

Each record carries a unique marker in its visible text (ZQA..., ZQB..., ZQP..., ZQM...) so a web
page is read for the markers it shows, not for its status code."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

ROLES = ("secretariat", "co_chair", "member", "operator_a", "operator_b", "inspector", "guest")
MARKER = re.compile(r"ZQ[A-Z]-[A-Z]+")


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    from tailsafe.correspondence.models import Letter
    from tailsafe.facilities.models import Facility
    from tailsafe.followup.models import Recommendation
    from tailsafe.governance.models import Institution
    from tailsafe.meetings.models import Invitation, Meeting
    from tailsafe.methodology.services import recompute_assessment
    from tailsafe.monitoring import demo as monitoring_demo
    from tailsafe.monitoring.models import (
        AlertEvent,
        MonitoringPoint,
        Observation,
        Parameter,
        PointParameter,
    )

    monitoring_demo.load(None)
    arsenic = Parameter.objects.get(code="arsenic")
    inst = {
        side: Institution.objects.create(
            key=f"op-{side}",
            type="operator",
            name_ru=f"Оператор {side.upper()}",
            name_en=f"Operator {side.upper()} Ltd",
            in_lpi=False,
        )
        for side in ("a", "b")
    }
    users = {
        "secretariat": make_user("secretariat"),
        "co_chair": make_user("co_chair"),
        "member": make_user("member"),
        "operator_a": make_user("operator", username="olga", institution="op-a"),
        "operator_b": make_user("operator", username="oleg", institution="op-b"),
        "inspector": make_user("inspector"),
        "guest": make_user("guest"),
    }
    today = timezone.localdate()

    def facility(marker: str, owner: Institution, published: bool) -> Facility:
        f = Facility.objects.create(
            code=marker,
            name_ru=f"Хвостохранилище {marker}",
            name_en=f"Tailings {marker}",
            volume_m3=Decimal("1000000"),
            latitude=Decimal("40.2"),
            longitude=Decimal("69.6"),
            location_basis="surveyed",
            basin="syr_darya",
            operator=owner,
            published=published,
            confirmation="confirmed",
        )
        recompute_assessment(f, reason="test")
        return f

    facilities = {
        "a": facility("ZQA-FAC", inst["a"], False),
        "b": facility("ZQB-FAC", inst["b"], False),
        "p": facility("ZQP-FAC", inst["b"], True),
    }
    points, observations, alerts = {}, {}, {}
    for side in ("a", "b"):
        point = MonitoringPoint.objects.create(
            facility=facilities[side],
            code=f"ZQ{side.upper()}-PT",
            name=f"Point ZQ{side.upper()}-PT",
            kind="surface_down",
        )
        series = PointParameter.objects.create(
            point=point, parameter=arsenic, alert=0.005, alarm=0.01, emergency=0.05
        )
        obs = Observation.objects.create(
            point=point,
            parameter=arsenic,
            taken_at=timezone.now() - dt.timedelta(days=2),
            value=0.02,
            unit=arsenic.unit,
            level="alarm",
        )
        alerts[side] = AlertEvent.objects.create(
            series=series,
            from_level="normal",
            to_level="alarm",
            observation=obs,
            value=0.02,
            opened_at=obs.taken_at,
        )
        points[side], observations[side] = point, obs
    letters = {
        side: Letter.objects.create(
            direction="incoming",
            number=f"ZQ{side.upper()}-LET",
            correspondent=f"Operator {side.upper()}",
            subject=f"Letter ZQ{side.upper()}-LET",
            institution=inst[side],
        )
        for side in ("a", "b")
    }
    recommendations = {
        side: Recommendation.objects.create(
            text=f"Recommendation ZQ{side.upper()}-REC",
            term="short",
            addressee=inst[side],
            facility=facilities[side],
            stage="adopted",
            due_date=today + dt.timedelta(days=90),
        )
        for side in ("a", "b")
    }
    invited = Meeting.objects.create(
        number=71, title="Meeting ZQM-INV", starts_at=timezone.now() + dt.timedelta(days=20)
    )
    closed = Meeting.objects.create(
        number=72, title="Meeting ZQM-OTHER", starts_at=timezone.now() + dt.timedelta(days=40)
    )
    Invitation.objects.create(
        meeting=invited,
        institution=inst["a"],
        name="Operator A",
        email="a@example.org",
        token_hash="scope-test-token-a",
    )
    return {
        "users": users,
        "facilities": facilities,
        "points": points,
        "observations": observations,
        "alerts": alerts,
        "letters": letters,
        "recommendations": recommendations,
        "meetings": {"invited": invited, "closed": closed},
    }


# The scope table of docs/permissions.md, as the sides each role sees (a, b, p = published).
FACILITIES = {
    "secretariat": "abp",
    "co_chair": "abp",
    "member": "abp",
    "operator_a": "ap",
    "operator_b": "bp",
    "inspector": "abp",
    "guest": "",
}
UNDER_FACILITY = {  # points, readings, alerts of unpublished facilities
    "secretariat": "ab",
    "co_chair": "ab",
    "member": "ab",
    "operator_a": "a",
    "operator_b": "b",
    "inspector": "ab",
    "guest": "",
}
ADDRESSED = {  # letters and recommendations: the institution's own
    "secretariat": "ab",
    "co_chair": "ab",
    "member": "ab",
    "operator_a": "a",
    "operator_b": "b",
    "inspector": "",
    "guest": "",
}


def _markers(body: str, kind: str) -> str:
    """The sides (a, b, p) whose marker of this kind appears in a page or a payload."""
    found = {m for m in MARKER.findall(body) if m.endswith(f"-{kind}")}
    return "".join(sorted(m[2].lower() for m in found))


def _web(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 302, 403), (url, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def _api(user: Any, url: str) -> tuple[int, Any]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(url)
    return response.status_code, (response.json() if response.status_code == 200 else None)


def _api_ids(user: Any, url: str) -> set[int]:
    status, payload = _api(user, url)
    if status != 200:
        return set()
    rows = payload["results"] if isinstance(payload, dict) and "results" in payload else payload
    return {row["id"] for row in rows}


@pytest.mark.parametrize("role", ROLES)
def test_facilities_web_api_and_export_agree_with_the_scope_table(
    world: dict[str, Any], role: str
) -> None:
    user = world["users"][role]
    expected = FACILITIES[role]
    assert _markers(_web(user, "/facilities/?per_page=500"), "FAC") == expected
    assert _markers(_web(user, "/facilities/export/facilities.csv"), "FAC") == expected
    ids = {world["facilities"][side].pk for side in expected}
    assert _api_ids(user, "/api/v1/facilities/?page_size=500") & _all_ids(world, "facilities") == (
        ids
    )


@pytest.mark.parametrize("role", ROLES)
def test_points_readings_and_alerts_follow_their_facility(world: dict[str, Any], role: str) -> None:
    user = world["users"][role]
    expected = UNDER_FACILITY[role]
    assert _markers(_web(user, "/monitoring/"), "PT") == expected
    assert _api_ids(user, "/api/v1/monitoring-points/?page_size=500") == {
        world["points"][side].pk for side in expected
    }
    assert _api_ids(user, "/api/v1/observations/?page_size=500") == {
        world["observations"][side].pk for side in expected
    }
    assert _api_ids(user, "/api/v1/alerts/?page_size=500") == {
        world["alerts"][side].pk for side in expected
    }
    alerts_page = _web(user, "/monitoring/alerts/")
    assert _markers(alerts_page, "PT") == expected


@pytest.mark.parametrize("role", ROLES)
def test_letters_and_recommendations_only_of_the_own_institution(
    world: dict[str, Any], role: str
) -> None:
    user = world["users"][role]
    expected = ADDRESSED[role]
    assert _markers(_web(user, "/correspondence/"), "LET") == expected
    # An inspector also reads the recommendations about a facility (what inspections need).
    recs = "ab" if role == "inspector" else expected
    assert _markers(_web(user, "/followup/recommendations/"), "REC") == recs
    assert _api_ids(user, "/api/v1/recommendations/?page_size=500") == {
        world["recommendations"][side].pk for side in recs
    }


@pytest.mark.parametrize("role", ROLES)
def test_meetings_only_where_invited_outside_the_group(world: dict[str, Any], role: str) -> None:
    user = world["users"][role]
    web = set(re.findall(r"ZQM-(INV|OTHER)", _web(user, "/meetings/")))
    api_ids = _api_ids(user, "/api/v1/meetings/?page_size=500")
    meetings = world["meetings"]
    if role in ("secretariat", "co_chair", "member"):
        assert web == {"INV", "OTHER"}
        assert api_ids == {meetings["invited"].pk, meetings["closed"].pk}
    elif role == "operator_a":
        assert web == {"INV"}
        assert api_ids == {meetings["invited"].pk}
    else:
        assert web == set()
        assert not api_ids & {meetings["invited"].pk, meetings["closed"].pk}


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_only_what_the_role_may_read(world: dict[str, Any], role: str) -> None:
    user = world["users"][role]
    body = _web(user, "/search/?q=ZQ")
    assert _markers(body, "FAC") == FACILITIES[role]
    assert _markers(body, "LET") in ("", ADDRESSED[role])
    assert set(_markers(body, "LET")) <= set(ADDRESSED[role])
    assert set(_markers(body, "REC")) <= set("ab" if role == "inspector" else ADDRESSED[role])


@pytest.mark.parametrize("role", ROLES)
def test_detail_pages_refuse_what_the_lists_hide(world: dict[str, Any], role: str) -> None:
    """The same rule on the detail page as in the list: what is not listed is not readable."""
    user = world["users"][role]
    client = Client()
    client.force_login(user)
    for side, facility in world["facilities"].items():
        status = client.get(f"/facilities/{facility.pk}/").status_code
        assert (status == 200) == (side in FACILITIES[role]), (side, status)
        api_status, _payload = _api(user, f"/api/v1/facilities/{facility.pk}/")
        assert (api_status == 200) == (side in FACILITIES[role]), (side, api_status)
    for side, point in world["points"].items():
        status = client.get(f"/monitoring/points/{point.pk}/").status_code
        assert (status == 200) == (side in UNDER_FACILITY[role]), (side, status)
        api_status, _payload = _api(user, f"/api/v1/monitoring-points/{point.pk}/")
        assert (api_status == 200) == (side in UNDER_FACILITY[role]), (side, api_status)


def test_anonymous_public_surfaces_show_only_the_published_facility(
    world: dict[str, Any],
) -> None:
    client = Client()
    assert _markers(client.get("/public/").content.decode(), "FAC") == "p"
    csv_body = client.get("/api/v1/public/facilities.csv").content.decode()
    assert _markers(csv_body, "FAC") == "p"
    status = client.get("/api/v1/facilities/").status_code
    assert status in (401, 403)


def _all_ids(world: dict[str, Any], kind: str) -> set[int]:
    return {obj.pk for obj in world[kind].values()}
