"""A meeting page at national scale (issue 9): the open action items proposed for review are
listed while the agenda can still change, and not even loaded once it is final (5,000 action
items in the workload)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tailsafe.followup import services as followup
from tailsafe.followup.models import ActionItem
from tailsafe.governance.models import Institution
from tailsafe.meetings import services

pytestmark = pytest.mark.django_db


def _open_items(world: dict[str, Any], earlier: Any, n: int) -> None:
    for i in range(n):
        followup.create_action_item(
            world["users"]["secretariat"],
            description=f"Открытое поручение {i}",
            responsible=[Institution.objects.get(key="academy")],
            due_date=timezone.localdate() - dt.timedelta(days=2),
            meeting=earlier,
        )


def _page(client: Client, meeting: Any) -> tuple[str, int, int]:
    """(body, SQL queries, action items built as objects) of the meeting's agenda tab."""
    built = []

    def count(sender: Any, **kwargs: Any) -> None:
        built.append(sender)

    post_init.connect(count, sender=ActionItem)
    try:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    finally:
        post_init.disconnect(count, sender=ActionItem)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries), len(built)


def test_open_items_offered_only_while_the_agenda_can_change(
    world: dict[str, Any], meeting: Any
) -> None:
    alice = world["users"]["secretariat"]
    earlier = services.plan_meeting(
        alice,
        {"title": "Прошлое", "starts_at": meeting.starts_at - dt.timedelta(days=90), "place": "x"},
    )
    _open_items(world, earlier, 2)
    client = Client()
    client.force_login(alice)
    body, _queries, _built = _page(client, meeting)
    assert 'id="h-proposed"' in body
    assert "Открытое поручение 1" in body
    services.set_agenda_status(alice, meeting, "circulated")
    services.set_agenda_status(alice, meeting, "final")
    body, queries, built = _page(client, meeting)
    assert 'id="h-proposed"' not in body
    assert built == 0
    _open_items(world, earlier, 5)
    # new action items rebuild the agenda's cached action lists (one request), then the page
    # costs what it did: nothing grows with the number of items
    assert _page(client, meeting)[2] == 0
    assert _page(client, meeting)[1:] == (queries, 0)
