"""Action items (A1): who may update what, the oversight order, reminders that never repeat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from tailsafe.followup import services
from tailsafe.followup.models import ActionItem
from tailsafe.governance.models import Institution
from tailsafe.meetings import services as meetings
from tailsafe.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (the notification e-mails) as a real commit would."""
    return django_capture_on_commit_callbacks


def inst(key: str) -> Institution:
    return Institution.objects.get(key=key)


def make_item(world: dict[str, Any], key: str, due: dt.date, **kw: Any) -> ActionItem:
    return services.create_action_item(
        world["users"]["secretariat"],
        description=kw.get("description", f"Действие для {key}"),
        responsible=[inst(key)],
        due_date=due,
        meeting=kw.get("meeting"),
    )


def test_create_needs_responsible_and_text(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_action_item(
            world["users"]["secretariat"],
            description=" ",
            responsible=[],
            due_date=timezone.localdate(),
        )
    assert {"description", "responsible"} <= set(exc.value.message_dict)
    with pytest.raises(PermissionDenied):
        make_item({"users": {"secretariat": world["users"]["member"]}}, "academy", dt.date.today())


def test_member_updates_own_institutions_item_only(world: dict[str, Any], pdf_upload: Any) -> None:
    today = timezone.localdate()
    own = make_item(world, "academy", today + dt.timedelta(days=30))
    other = make_item(world, "industry", today + dt.timedelta(days=30))
    charlie = world["users"]["member"]
    services.add_progress_update(
        charlie, own, text="Начали", evidence=pdf_upload("report.pdf"), status="in_progress"
    )
    own.refresh_from_db()
    assert own.status == "in_progress"
    assert own.updates.get().evidence
    with pytest.raises(PermissionDenied):
        services.add_progress_update(charlie, other, text="Не моё")
    with pytest.raises(PermissionDenied):
        services.update_action_item(charlie, other, {"status": "done"})
    with pytest.raises(PermissionDenied):  # a member does not move the due date
        services.update_action_item(charlie, own, {"due_date": today})
    other.refresh_from_db()
    assert other.status == "open"
    assert other.updates.count() == 0
    # The secretariat may update any item.
    services.update_action_item(world["users"]["secretariat"], other, {"status": "done"})
    other.refresh_from_db()
    assert other.status == "done"


def test_overdue_is_derived_and_oversight_puts_it_first(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    later = make_item(world, "academy", today + dt.timedelta(days=3))
    late = make_item(world, "academy", today - dt.timedelta(days=3))
    make_item(world, "industry", today + dt.timedelta(days=9))
    assert late.overdue
    assert not later.overdue
    groups = services.oversight()
    assert groups[0]["institution"].key == "academy"
    assert groups[0]["overdue"] == 1
    assert [i.pk for i in groups[0]["items"]] == [late.pk, later.pk]
    assert list(services.overdue_items()) == [late]


def test_reminders_are_sent_once(world: dict[str, Any], capture: Any) -> None:
    today = timezone.localdate()
    soon = make_item(world, "academy", today + dt.timedelta(days=7), description="Скоро срок")
    later = make_item(world, "industry", today + dt.timedelta(days=30))  # too early to remind
    late = make_item(world, "industry", today - dt.timedelta(days=1), description="Просрочено")
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_reminders")  # enqueues the task; tests run it immediately
        call_command("send_reminders")
        services.send_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == ["charlie@example.org", "ivan@example.org"]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Скоро срок" in bodies["charlie@example.org"]
    assert "Просрочено" in bodies["ivan@example.org"]
    # Through the notification centre: one reminder per member, linking to the item.
    charlie, ivan = world["users"]["member"], world["ivan"]
    note = Notification.objects.get(user=charlie)
    assert note.kind == "reminder"
    assert note.link == f"/followup/actions/{soon.pk}/"
    assert note.emailed_at is not None
    assert Notification.objects.get(user=ivan).link == f"/followup/actions/{late.pk}/"
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.reminded_before_at
    assert late.reminded_after_at
    assert not late.reminded_before_at
    # The day after the due date the soon item gets its one "after" reminder.
    mail.outbox.clear()
    with capture(execute=True):
        services.send_reminders(today + dt.timedelta(days=8))
        services.send_reminders(today + dt.timedelta(days=8))
    assert [m.body.count("Скоро срок") for m in mail.outbox] == [1]
    assert Notification.objects.filter(user=charlie).count() == 2
    # Done items are not chased.
    services.update_action_item(world["users"]["secretariat"], late, {"status": "done"})
    mail.outbox.clear()
    services.update_action_item(world["users"]["secretariat"], later, {"status": "dropped"})
    with capture(execute=True):
        services.send_reminders(today + dt.timedelta(days=60))
    assert mail.outbox == []


def test_reminder_preferences_and_members_without_account(
    world: dict[str, Any], capture: Any
) -> None:
    from tailsafe.notifications import services as notifications

    today = timezone.localdate()
    charlie, ivan = world["users"]["member"], world["ivan"]
    notifications.save_preferences(charlie, {"reminder": ("in_app", "immediate")})
    notifications.save_preferences(ivan, {"reminder": ("email", "daily")})
    make_item(world, "academy", today + dt.timedelta(days=3), description="Академия")
    make_item(world, "industry", today + dt.timedelta(days=3), description="Промышленность")
    make_item(world, "environment", today + dt.timedelta(days=3), description="Экология")
    mail.outbox.clear()
    with capture(execute=True):
        services.send_reminders()
    # charlie: in the centre only; ivan: in tomorrow's digest; nigora has no account: direct.
    assert [m.to for m in mail.outbox] == [["nigora@example.org"]]
    assert "Экология" in mail.outbox[0].body
    assert notifications.unread_count(charlie) == 1
    assert Notification.objects.get(user=ivan).emailed_at is None
    call_command("send_digest")
    assert mail.outbox[-1].to == ["ivan@example.org"]
    assert "Reminder" in mail.outbox[-1].body or "Напоминание" in mail.outbox[-1].body
    with capture(execute=True):
        services.send_reminders()
    assert len(mail.outbox) == 2


def test_open_items_are_proposed_for_the_next_agenda(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    today = timezone.localdate()
    earlier = meetings.plan_meeting(
        alice,
        {"title": "Прошлое", "starts_at": meeting.starts_at - dt.timedelta(days=90), "place": "x"},
    )
    open_item = make_item(world, "academy", today - dt.timedelta(days=2), meeting=earlier)
    done = make_item(world, "industry", today, meeting=earlier)
    services.update_action_item(alice, done, {"status": "done"})
    assert services.open_items_for_agenda(meeting) == [open_item]
    agenda_item = services.add_review_to_agenda(alice, meeting, [open_item])
    assert list(agenda_item.action_items.all()) == [open_item]
    assert services.open_items_for_agenda(meeting) == []
    with pytest.raises(ValidationError):
        services.add_review_to_agenda(alice, meeting, [])
