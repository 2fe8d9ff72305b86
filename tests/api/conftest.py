"""Data for the API tests: published and unpublished facilities, meetings (one summary
published), action items, a monitoring programme with observations and an alert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def api_data(users: dict[str, Any]) -> dict[str, Any]:
    from tailsafe.facilities.models import Facility
    from tailsafe.followup.models import ActionItem
    from tailsafe.governance.models import Institution, Membership, Person
    from tailsafe.meetings.models import Meeting, Minutes, MinutesItem
    from tailsafe.methodology.services import recompute_assessment
    from tailsafe.monitoring import demo as monitoring_demo
    from tailsafe.monitoring.models import (
        AlertEvent,
        MonitoringPoint,
        Observation,
        Parameter,
        PointParameter,
    )

    operator_inst = Institution.objects.get(key="industry")
    users["operator"].institution = operator_inst
    users["operator"].save()
    academy = Institution.objects.get(key="academy")

    def facility(code: str, published: bool, **values: Any) -> Facility:
        f = Facility.objects.create(
            code=code,
            name_ru=f"Хвостохранилище {code}",
            name_en=f"Tailings {code}",
            volume_m3=Decimal("1000000"),
            wgk="2",
            management="deficient",
            flood="prone",
            seismic="high",
            dam_condition="minor",
            basin=values.pop("basin", "syr_darya"),
            latitude=Decimal("40.2"),
            longitude=Decimal("69.6"),
            location_basis="surveyed",
            published=published,
            operator=operator_inst,
            **values,
        )
        recompute_assessment(f, reason="test")
        return f

    pub = facility("pub-1", True)
    secret = facility("secret-1", False, basin="zeravshan")
    person = Person.objects.create(
        full_name="Charlie Member", email="charlie.private@example.org", phone="+992 900 000"
    )
    today = timezone.localdate()
    membership = Membership.objects.create(
        person=person,
        institution=academy,
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=700),
        letter="governance/nominations/x.pdf",
    )
    m_pub = Meeting.objects.create(
        number=1,
        title="First meeting",
        starts_at=timezone.now() - dt.timedelta(days=30),
        status="minutes_approved",
        summary_published=True,
    )
    minutes = Minutes.objects.create(meeting=m_pub, version=1, status="approved")
    MinutesItem.objects.create(
        minutes=minutes, order=1, title="Inventory", summary="Published summary text."
    )
    m_secret = Meeting.objects.create(
        number=2, title="Secret meeting", starts_at=timezone.now(), summary_published=False
    )
    action = ActionItem.objects.create(
        meeting=m_pub, description="Survey the dam", due_date=today + dt.timedelta(days=5)
    )
    action.responsible.set([academy])

    monitoring_demo.load(None)
    point = MonitoringPoint.objects.create(
        facility=pub, code="DN-1", name="River below", kind="surface_down"
    )
    other_point = MonitoringPoint.objects.create(
        facility=Facility.objects.create(code="other-1", name_ru="Другое", name_en="Other"),
        code="OT-1",
        name="Elsewhere",
        kind="surface_down",
    )
    arsenic = Parameter.objects.get(code="arsenic")
    series = PointParameter.objects.create(
        point=point, parameter=arsenic, alert=0.005, alarm=0.01, emergency=0.05
    )
    PointParameter.objects.create(point=other_point, parameter=arsenic, alert=0.005)
    obs = Observation.objects.create(
        point=point,
        parameter=arsenic,
        taken_at=timezone.now() - dt.timedelta(days=2),
        value=0.02,
        unit=arsenic.unit,
        level="alarm",
    )
    alert = AlertEvent.objects.create(
        series=series,
        from_level="normal",
        to_level="alarm",
        observation=obs,
        value=0.02,
        opened_at=obs.taken_at,
    )
    from tailsafe.followup.models import Recommendation

    def recommendation(text: str, published: bool) -> Recommendation:
        return Recommendation.objects.create(
            text=text,
            term="short",
            addressee=academy,
            facility=pub,
            stage="adopted",
            due_date=today + dt.timedelta(days=90),
            published=published,
        )

    rec_pub = recommendation("Published recommendation on the dam", True)
    rec_secret = recommendation("Secret recommendation", False)
    return {
        "rec_pub": rec_pub,
        "rec_secret": rec_secret,
        "pub": pub,
        "secret": secret,
        "membership": membership,
        "meeting_pub": m_pub,
        "meeting_secret": m_secret,
        "action": action,
        "point": point,
        "other_point": other_point,
        "series": series,
        "observation": obs,
        "alert": alert,
        "arsenic": arsenic,
    }


@pytest.fixture
def api_client_as(users: dict[str, Any]) -> Callable[[str | None], Any]:
    from rest_framework.test import APIClient

    def make(role: str | None) -> Any:
        client = APIClient()
        if role:
            client.force_authenticate(users[role])
        return client

    return make
