"""A refused step in the browser, in Russian (issue 15 item 4): once positions are recorded,
marking an institution absent is refused with a clear message and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.meetings.conftest import add_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_attendance_change_after_positions_is_refused_in_russian(
    page: Any, live_server: Any, users: dict[str, Any], make_user: Any, login: Any
) -> None:
    from tailsafe.governance import services as governance
    from tailsafe.governance.models import Institution
    from tailsafe.meetings import services
    from tailsafe.meetings.models import Attendance

    alice = users["secretariat"]
    ivan = make_user("member", username="ivan", institution="industry")
    people = [
        add_member(users["member"], "academy", "Чарли Академиков", "charlie@example.org"),
        add_member(ivan, "industry", "Иван Промышленный", "ivan@example.org"),
    ]
    governance.record_cochair_term(
        alice, year=timezone.localdate().year, senior_official=None, official_user=users["co_chair"]
    )
    when = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=10), dt.time(10, 0))
    )
    meeting = services.plan_meeting(
        alice, {"title": "Весеннее заседание", "starts_at": when, "place": "Душанбе"}
    )
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилища"})
    services.record_attendance(alice, meeting, [f"p{p.pk}" for p in people])
    minutes = services.start_minutes(alice, meeting)
    proposal = services.add_proposal(
        alice, minutes.items.get(), text="Обследовать", kind="decision"
    )
    for key in ("academy", "industry"):
        services.record_position(alice, proposal, Institution.objects.get(key=key), "support")

    login("alice")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/?tab=attendance")
    page.uncheck(f"#present-p{people[1].pk}")
    page.click("#attendance-form button[type=submit]")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "Присутствие изменить нельзя" in body
    assert "Сначала отзовите эти позиции" in body
    assert Attendance.objects.filter(meeting=meeting, present=True).count() == 2
