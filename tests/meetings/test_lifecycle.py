"""Meetings follow their calendar (issue 15 item 1; M1-M3, §24-25): held not before the start,
postponed and cancelled with a reason, updates and cancellations reach every invitee's calendar
(same UID, SEQUENCE + 1, METHOD REQUEST or CANCEL, ORGANIZER), the agenda frozen once final or
approved, items withdrawn with a reason, the twice-a-year count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tailsafe.meetings import lifecycle, services
from tailsafe.meetings.models import Meeting

pytestmark = [pytest.mark.django_db]


def reply_url(token: str) -> str:
    return f"http://testserver/meetings/reply/{token}/"


def _event(message: Any) -> tuple[Any, Any]:
    (_name, content, _mimetype) = message.attachments[0]
    text = content.decode() if isinstance(content, bytes) else content
    cal = icalendar.Calendar.from_ical(text)
    return cal, cal.walk("VEVENT")[0]


def _invite_all(world: dict[str, Any], meeting: Any) -> None:
    keys = [f"p{p.pk}" for p in world["people"].values()] + [f"g{world['guest'].pk}"]
    services.invite(world["users"]["secretariat"], meeting, keys, reply_url=reply_url)


def test_lifecycle_rule_is_pure_and_time_bound() -> None:
    now = dt.datetime(2026, 12, 5, 9, tzinfo=dt.UTC)
    later = now + dt.timedelta(days=75)
    assert lifecycle.HELD not in lifecycle.allowed_steps("convened", later, now)
    assert lifecycle.HELD in lifecycle.allowed_steps("convened", now, now)
    assert lifecycle.allowed_steps("cancelled", now, now) == []
    assert lifecycle.allowed_steps("minutes_approved", now, now) == []
    # twice a year: held and ahead count; past not held and cancelled never
    assert lifecycle.counts_for_the_year("held", now - dt.timedelta(days=9), now)
    assert lifecycle.counts_for_the_year("planned", later, now)
    assert not lifecycle.counts_for_the_year("planned", now - dt.timedelta(days=1), now)
    assert not lifecycle.counts_for_the_year("cancelled", later, now)


def test_held_before_its_start_is_refused_and_changes_nothing(
    world: dict[str, Any], meeting: Any
) -> None:
    alice = world["users"]["secretariat"]
    services.set_status(alice, meeting, "convened")
    history = meeting.history.count()
    with translation.override("ru"), pytest.raises(ValidationError) as err:
        services.set_status(alice, meeting, "held")
    assert "только после его начала" in " ".join(err.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == "convened"
    assert meeting.history.count() == history
    assert "held" not in dict(meeting.next_steps())


def test_postpone_and_cancel_need_a_reason(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    for status in ("postponed", "cancelled"):
        with pytest.raises(ValidationError):
            services.set_status(alice, meeting, status, "  ")
    services.set_status(alice, meeting, "postponed", "No quorum")
    meeting.refresh_from_db()
    assert meeting.status == "postponed"
    assert meeting.status_reason == "No quorum"
    services.set_status(alice, meeting, "planned")


def test_moving_a_convened_meeting_sends_every_invitee_an_update(
    world: dict[str, Any], meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Пункт"})
    with django_capture_on_commit_callbacks(execute=True):
        _invite_all(world, meeting)
    services.set_status(alice, meeting, "convened")
    first = {m.to[0]: _event(m)[1] for m in mail.outbox}
    assert all(int(e["sequence"]) == 0 for e in first.values())
    mail.outbox.clear()
    new_start = meeting.starts_at + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(alice, meeting, {"starts_at": new_start, "place": "Худжанд"})
    meeting.refresh_from_db()
    assert meeting.ics_sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(first)
    for message in mail.outbox:
        cal, event = _event(message)
        assert str(cal["method"]) == "REQUEST"
        assert str(event["uid"]) == str(first[message.to[0]]["uid"])
        assert int(event["sequence"]) == 1
        assert event.decoded("dtstart") == new_start
        assert "Худжанд" in str(event["location"])
        assert str(event["organizer"]).startswith("mailto:")
        assert "Худжанд" in message.body
    # Submitted unchanged: nothing written, nobody told.
    mail.outbox.clear()
    history = meeting.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            alice, meeting, {"starts_at": meeting.starts_at, "place": meeting.place}
        )
    assert mail.outbox == []
    assert meeting.history.count() == history


def test_correcting_the_date_to_the_past_before_holding_tells_nobody(
    world: dict[str, Any], meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A convened meeting that took place a day early: its start is corrected to that day,
    then it is marked held. The invitees get no calendar update for a past day."""
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Пункт"})
    with django_capture_on_commit_callbacks(execute=True):
        _invite_all(world, meeting)
    services.set_status(alice, meeting, "convened")
    mail.outbox.clear()
    took_place = timezone.now() - dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(alice, meeting, {"starts_at": took_place})
        services.set_status(alice, meeting, "held")
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert meeting.starts_at == took_place
    assert meeting.ics_sequence == 0
    assert mail.outbox == []


def test_cancelling_sends_method_cancel(
    world: dict[str, Any], meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    alice = world["users"]["secretariat"]
    with django_capture_on_commit_callbacks(execute=True):
        _invite_all(world, meeting)
    services.set_status(alice, meeting, "convened")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(alice, meeting, "cancelled", "The hall is flooded")
    assert len(mail.outbox) == 4  # three members and the guest
    for message in mail.outbox:
        cal, event = _event(message)
        assert str(cal["method"]) == "CANCEL"
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == 1
        assert "The hall is flooded" in message.body
    with pytest.raises(ValidationError):
        services.update_meeting(alice, meeting, {"place": "Куляб"})
    with pytest.raises(ValidationError):
        services.add_agenda_item(alice, meeting, {"title": "x"})


def test_agenda_withdraw_with_reason_then_frozen(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    one = services.add_agenda_item(alice, meeting, {"title": "Один"})
    two = services.add_agenda_item(alice, meeting, {"title": "Два"})
    with pytest.raises(ValidationError):
        services.withdraw_agenda_item(alice, two, "")
    services.withdraw_agenda_item(alice, two, "Докладчик болен")
    two.refresh_from_db()
    assert two.is_withdrawn
    assert two.withdrawn_reason == "Докладчик болен"
    services.set_agenda_status(alice, meeting, "circulated")
    services.set_agenda_status(alice, meeting, "final")
    with pytest.raises(ValidationError):
        services.withdraw_agenda_item(alice, one, "late")
    with pytest.raises(ValidationError):
        services.update_agenda_item(alice, one, {"title": "Новый"})
    minutes = services.start_minutes(alice, meeting)
    assert [i.title for i in minutes.items.all()] == ["Один"]


def test_twice_a_year_counts_held_and_ahead_not_past_unheld(world: dict[str, Any]) -> None:
    alice = world["users"]["secretariat"]
    now = timezone.now()
    year = timezone.localdate().year

    def plan(days: float, title: str) -> Meeting:
        return services.plan_meeting(
            alice,
            {"title": title, "starts_at": now + dt.timedelta(days=days), "place": "Душанбе"},
        )

    held = plan(-0.01, "held")
    services.set_status(alice, held, "held")
    plan(-0.02, "past, never held")
    cancelled = plan(0.01, "cancelled")
    services.set_status(alice, cancelled, "cancelled", "no")
    plan(0.02, "ahead")
    count = services.year_count(year)
    expected_ahead = 1 if (now + dt.timedelta(days=0.02)).year == year else 0
    assert count.held == 1
    assert count.ahead == expected_ahead


def test_a_status_change_in_the_history_reads_in_the_readers_language(
    world: dict[str, Any], meeting: Any
) -> None:
    """The history says "status: convened" in the reader's language, not the writer's
    English code (issue 18, item 2)."""
    from django.utils import translation

    from tailsafe.core.audit import history_of

    alice = world["users"]["secretariat"]
    services.set_agenda_status(alice, meeting, "circulated")
    services.set_status(alice, meeting, "convened")
    with translation.override("en"):
        english = [e.reason for e in history_of(meeting)[:2]]
    with translation.override("ru"):
        russian = [e.reason for e in history_of(meeting)[:2]]
    assert english == ["status: convened", "agenda: circulated"]
    assert russian[0].startswith("статус: ")
    assert "convened" not in russian[0]
    assert "circulated" not in russian[1]
