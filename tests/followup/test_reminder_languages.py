"""P1, issue 18 §2: notifications are stored as message keys and shown in the reader's language;
people without an account are written to in the language chosen for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from tailsafe.followup import services as followup
from tailsafe.governance.models import Institution, Person
from tailsafe.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_reminder_follows_the_readers_language(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    charlie = world["users"]["member"]
    charlie.language = "ru"
    charlie.save(update_fields=["language"])
    due = timezone.localdate() + dt.timedelta(days=3)
    followup.create_action_item(
        world["users"]["secretariat"],
        description="Обновить план ЧС",
        responsible=[Institution.objects.get(key="academy")],
        due_date=due,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        followup.send_reminders()
    note = Notification.objects.get(user=charlie)
    assert note.title_text
    assert note.title_text["key"].startswith("Reminder: action item")
    assert "Напоминание" in note.title  # the copy in the language of the day it was sent
    sent = [m for m in mail.outbox if m.to == [charlie.email]]
    assert sent
    assert "Напоминание" in sent[0].subject
    # The reader switches to Tajik: the centre shows the same notification in Tajik.
    with translation.override("tg"):
        title = note.shown_title()
        body = note.shown_body()
    assert "Ёдрас" in title or "ёдрас" in title.lower(), title
    assert "соли" in title
    assert "г." not in title
    assert "Обновить план ЧС" in body  # the user's own words are never translated
    with translation.override("en"):
        assert note.shown_title().startswith("Reminder: action item due on")
    client = Client()
    client.force_login(charlie)
    charlie.language = "tg"
    charlie.save(update_fields=["language"])
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="tg").content.decode()
    assert title in page.replace("&quot;", '"')


def test_person_without_account_gets_the_chosen_language(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    nigora = Person.objects.get(email="nigora@example.org")
    nigora.language = "tg"
    nigora.save(update_fields=["language"])
    followup.create_action_item(
        world["users"]["secretariat"],
        description="Экология",
        responsible=[Institution.objects.get(key="environment")],
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        followup.send_reminders()
    sent = [m for m in mail.outbox if m.to == ["nigora@example.org"]]
    assert len(sent) == 1
    assert "Напоминание" not in sent[0].subject
    assert "соли" in sent[0].subject
    assert "Нақшаи амал" in sent[0].body or "нақшаи амал" in sent[0].body
