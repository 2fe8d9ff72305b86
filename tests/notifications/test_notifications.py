"""Notification centre and preferences (P6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from tailsafe.notifications import services
from tailsafe.notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_notify_records_and_emails_immediately_by_default(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notes = services.notify(
            [users["member"], users["member"], users["co_chair"]],
            "reminder",
            "Action due",
            "Survey the dam",
            "/followup/",
        )
    assert len(notes) == 2  # duplicates skipped
    assert len(mail.outbox) == 2
    assert services.unread_count(users["member"]) == 1
    assert all(n.emailed_at for n in Notification.objects.all())


def test_preferences_in_app_only_and_daily_digest(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    member, chair = users["member"], users["co_chair"]
    services.save_preferences(member, {"alert": ("in_app", "immediate")})
    services.save_preferences(chair, {"alert": ("email", "daily")})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([member, chair], "alert", "Alarm at DN-1")
    assert mail.outbox == []
    assert services.unread_count(member) == 1
    assert services.unread_count(chair) == 0  # e-mail only: not in the centre
    call_command("send_digest")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [chair.email]
    call_command("send_digest")
    assert len(mail.outbox) == 1  # never twice


def test_unknown_kind_and_bad_preferences(users: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.notify([users["member"]], "gossip", "x")
    with pytest.raises(ValidationError):
        services.save_preferences(users["member"], {"alert": ("pigeon", "daily")})


def test_centre_mark_read_and_badge(users: dict[str, Any], client_as: Any) -> None:
    services.notify([users["member"]], "general", "Hello", link="/public/")
    note = Notification.objects.get()
    client = client_as("member")
    page = client.get("/notifications/").content.decode()
    assert "Hello" in page
    assert 'id="notification-badge"' in page
    response = client.post(f"/notifications/{note.pk}/read/", {"follow": "1"})
    assert response["Location"] == "/public/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="notification-badge"' not in client.get("/notifications/").content.decode()


def test_nobody_reads_anothers_notifications(users: dict[str, Any], client_as: Any) -> None:
    services.notify([users["member"]], "general", "Private")
    note = Notification.objects.get()
    assert client_as("co_chair").post(f"/notifications/{note.pk}/read/").status_code == 404
    assert "Private" not in client_as("co_chair").get("/notifications/").content.decode()
    assert client_as("guest").get("/notifications/").status_code == 403


def test_external_link_is_not_followed(users: dict[str, Any], client_as: Any) -> None:
    services.notify([users["member"]], "general", "Phish", link="https://evil.example/")
    note = Notification.objects.get()
    response = client_as("member").post(f"/notifications/{note.pk}/read/", {"follow": "1"})
    assert response["Location"] == "/notifications/"


def test_preferences_page(users: dict[str, Any], client_as: Any) -> None:
    client = client_as("member")
    assert client.get("/notifications/preferences/").status_code == 200
    data = {}
    for kind in ("invitation", "reminder", "approval", "alert", "facility", "general"):
        data[f"{kind}_channel"] = "both"
        data[f"{kind}_digest"] = "immediate"
    data["alert_digest"] = "daily"
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=users["member"], kind="alert")
    assert pref.digest == "daily"
    data["alert_channel"] = "smoke-signal"
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_event_key_tells_once_and_the_attachment_goes_with_the_mail(
    users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    member = users["member"]
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(
            [member],
            "invitation",
            "Meeting",
            link="/meetings/1/",
            attachments=[("meeting.ics", ics, "text/calendar")],
            key="invitation:1",
        )
        again = services.notify([member], "invitation", "Meeting", key="invitation:1")
    assert len(first) == 1
    assert again == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.attachments[0][0] == "meeting.ics"
    assert message.attachments[0][2].startswith("text/calendar")
    assert message.extra_headers["Message-ID"].startswith(f"<notification-{first[0].pk}.")
    assert "/meetings/1/" not in message.body  # no SITE_URL: a relative link means nothing
    assert not services.send_one(first[0].pk)  # already e-mailed


def test_links_in_mails_are_absolute_with_site_url(
    users: dict[str, Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://tailsafe.example.tj"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([users["member"]], "general", "Hello", "Text", "/followup/actions/1/")
    assert mail.outbox[0].body == "Text\n\nhttps://tailsafe.example.tj/followup/actions/1/"


def test_pending_mails_are_sent_once_by_the_recovery_command(users: dict[str, Any]) -> None:
    """A notification whose e-mail task was lost (no commit callback ran here, as when the
    worker died) is e-mailed by send_pending_notifications, once; in-app-only, digest and
    too old ones are left alone."""
    import datetime as dt

    from django.utils import timezone

    member, chair, inspector = users["member"], users["co_chair"], users["inspector"]
    services.save_preferences(chair, {"reminder": ("in_app", "immediate")})
    services.save_preferences(inspector, {"reminder": ("both", "daily")})
    services.notify([member, chair, inspector], "reminder", "Action due")
    services.notify([member], "general", "Long ago")
    Notification.objects.update(created=timezone.now() - dt.timedelta(minutes=30))
    Notification.objects.filter(title="Long ago").update(
        created=timezone.now() - dt.timedelta(days=5)
    )
    services.notify([member], "general", "Just now")  # the worker's, still in time
    call_command("send_pending_notifications")
    assert [(m.to, m.subject) for m in mail.outbox] == [([member.email], "Action due")]
    call_command("send_pending_notifications")
    assert len(mail.outbox) == 1
    assert Notification.objects.get(user=member, title="Action due").emailed_at
