"""The agenda list's action items are cached as HTML per meeting, language and day (issue 20):
a linked item, a changed status or due date shows at once, and each reader gets their
language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tailsafe.followup import services as followup
from tailsafe.governance.models import Institution
from tailsafe.meetings import services

pytestmark = pytest.mark.django_db


def _actions(client: Client, meeting: Any, language: str = "en") -> str:
    client.cookies["django_language"] = language
    body = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    return "".join(part.split("</ul>", 1)[0] for part in body.split('<ul class="small mb-0">')[1:])


def test_linked_and_updated_action_items_show_at_once(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    academy = Institution.objects.get(key="academy")
    items = [
        followup.create_action_item(
            alice,
            description=f"Survey dam {i}",
            responsible=[academy],
            due_date=timezone.localdate() - dt.timedelta(days=2),
        )
        for i in range(2)
    ]
    followup.add_review_to_agenda(alice, meeting, items[:1])
    client = Client()
    client.force_login(alice)
    shown = _actions(client, meeting)
    assert "Survey dam 0" in shown
    assert "overdue" in shown
    assert _actions(client, meeting) == shown  # from the cache
    items[1].agenda_items.add(meeting.agenda_items.get())  # a link only (m2m_changed)
    assert "Survey dam 1" in _actions(client, meeting)
    for item in items:
        followup.update_action_item(alice, item, {"status": "done"})
    assert "overdue" not in _actions(client, meeting)
    followup.update_action_item(alice, items[0], {"status": "open"})
    russian = _actions(client, meeting, "ru")
    assert "просрочено" in russian
    assert "overdue" not in russian
    assert "overdue" in _actions(client, meeting, "en")
    services.set_agenda_status(alice, meeting, "circulated")  # not an action item: no rebuild
    assert "Survey dam 1" in _actions(client, meeting)
