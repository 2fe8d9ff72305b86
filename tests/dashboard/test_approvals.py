"""Issue 15, item 6: the leading co-chair's dashboard lists the minutes and the letters that
wait for their approval; another co-chair's does not."""

from __future__ import annotations

from typing import Any

import pytest

from tailsafe.correspondence import services as correspondence
from tailsafe.meetings import services as meetings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def waiting(world: dict[str, Any], meeting: Any) -> dict[str, Any]:
    alice = world["users"]["secretariat"]
    meetings.add_agenda_item(alice, meeting, {"title": "Хвостохранилища"})
    minutes = meetings.start_minutes(alice, meeting)
    meetings.circulate_minutes(alice, minutes)
    letter = correspondence.draft_group_letter(
        alice,
        {
            "correspondent": "UNECE secretariat",
            "subject": "Request for technical assistance",
            "body": "Dear colleagues,\nthe group asks for assistance.",
        },
    )
    correspondence.submit_for_approval(alice, letter)
    draft = correspondence.draft_group_letter(  # a draft not yet submitted is not listed
        alice, {"correspondent": "OSCE", "subject": "Still a draft", "body": "..."}
    )
    return {"minutes": minutes, "letter": letter, "draft": draft}


def test_leading_cochair_sees_what_awaits_approval(waiting: dict[str, Any], client_as: Any) -> None:
    page = client_as("co_chair").get("/")
    assert page.status_code == 200
    panel = next(p for p in page.context["panels"] if p["template"].endswith("approvals.html"))
    assert panel["minutes"] == [waiting["minutes"]]
    assert panel["letters"] == [waiting["letter"]]
    html = page.content.decode()
    assert "Awaiting your approval" in html
    assert "Request for technical assistance" in html
    assert "Still a draft" not in html
    assert f"/meetings/{waiting['minutes'].meeting_id}/?tab=minutes" in html


def test_other_cochair_and_other_roles_see_no_approval_list(
    waiting: dict[str, Any], make_user: Any, client_as: Any
) -> None:
    from django.test import Client

    other = make_user("co_chair", username="zarina", institution="industry")
    client = Client()
    client.force_login(other)
    panel = next(
        p for p in client.get("/").context["panels"] if p["template"].endswith("approvals.html")
    )
    assert panel["minutes"] == []
    assert panel["letters"] == []
    assert "Nothing waits for your approval." in client.get("/").content.decode()
    templates = [p["template"] for p in client_as("secretariat").get("/").context["panels"]]
    assert "dashboard/panel_approvals.html" not in templates
