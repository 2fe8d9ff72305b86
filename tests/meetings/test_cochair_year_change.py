"""Minutes circulated in December are approved in January by the new leading co-chair: the
approval checks the term of the day of approval (§22, §28; issue 15 item 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tailsafe.meetings import services
from tailsafe.meetings.models import Minutes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_december_minutes_approved_in_january_by_the_new_cochair(
    world: dict[str, Any], meeting: Any, make_user: Any, monkeypatch: Any
) -> None:
    from tailsafe.governance import services as governance

    users = world["users"]
    year = timezone.localdate().year
    zarina = make_user("co_chair", username="zarina", institution="industry")
    governance.record_cochair_term(
        users["secretariat"], year=year + 1, senior_official=None, official_user=zarina
    )
    services.add_agenda_item(users["secretariat"], meeting, {"title": "Хвостохранилища"})
    minutes = services.start_minutes(users["secretariat"], meeting)
    services.circulate_minutes(users["secretariat"], minutes)
    assert services.approvers(meeting) == [users["co_chair"]]

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(year + 1, 1, 12))
    assert services.approvers(meeting) == [zarina]
    from tailsafe.correspondence.handover import hand_over_waiting_minutes
    from tailsafe.notifications.models import Notification

    assert hand_over_waiting_minutes() == [minutes]
    assert hand_over_waiting_minutes() == []  # once
    note = Notification.objects.get(user=zarina, key=f"minutes-handover:{minutes.pk}")
    assert note.body_text["params"] == {"number": meeting.number, "year": year + 1}
    with pytest.raises(PermissionDenied, match="leading co-chair"):
        services.approve_minutes(users["co_chair"], minutes)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.CIRCULATED
    approved = services.approve_minutes(zarina, minutes)
    assert approved.status == Minutes.Status.APPROVED
    assert approved.approved_by == zarina
