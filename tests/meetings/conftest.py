"""A meeting world: members of three institutions (charlie for the academy), a guest, and this
year's co-chair term with bahrom as the leading co-chair's official."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.conftest import DEMO_PDF


def add_member(user: Any, key: str, name: str, email: str) -> Any:
    from tailsafe.governance.models import Institution, Membership, Person

    person = Person.objects.create(full_name=name, email=email, user=user)
    today = timezone.localdate()
    m = Membership(
        person=person,
        institution=Institution.objects.get(key=key),
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=800),
    )
    m.letter.save("letter.pdf", ContentFile(DEMO_PDF), save=False)
    m.save()
    return person


@pytest.fixture
def world(users: dict[str, Any], make_user: Any) -> dict[str, Any]:
    from tailsafe.governance import services as governance
    from tailsafe.governance.models import Guest

    ivan = make_user("member", username="ivan", institution="industry")
    people = {
        "charlie": add_member(
            users["member"], "academy", "Чарли Академиков", "charlie@example.org"
        ),
        "ivan": add_member(ivan, "industry", "Иван Промышленный", "ivan@example.org"),
        "nigora": add_member(None, "environment", "Нигора Экологова", "nigora@example.org"),
    }
    guest = Guest.objects.create(name="Гость Орхуса", organisation="Aarhus", email="g@example.org")
    governance.record_cochair_term(
        users["secretariat"],
        year=timezone.localdate().year,
        senior_official=None,
        official_user=users["co_chair"],
    )
    return {"users": users, "ivan": ivan, "people": people, "guest": guest}


@pytest.fixture
def meeting(world: dict[str, Any]) -> Any:
    from tailsafe.meetings import services

    when = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=20), dt.time(10, 0))
    )
    return services.plan_meeting(
        world["users"]["secretariat"],
        {"title": "Весеннее заседание", "starts_at": when, "place": "Душанбе"},
    )
