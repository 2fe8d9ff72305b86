"""Idempotent creation (issue 14, item 8): a create form carries a one-time token; a repeated
submit shows the record the first one made instead of making a second."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def token_of(page: str) -> str:
    found = re.search(r'name="once" value="([0-9a-f]{32})"', page)
    assert found, "the create form carries no one-time token"
    return found.group(1)


def test_a_repeated_letter_draft_makes_one_letter(client_as: Any) -> None:
    from tailsafe.correspondence.models import Letter

    client = client_as("secretariat")
    url = reverse("correspondence:letter_draft")
    token = token_of(client.get(url).content.decode())
    data = {"once": token, "correspondent": "Ministry", "subject": "Dams", "body": "Text"}
    first = client.post(url, data)
    second = client.post(url, data)
    assert Letter.objects.count() == 1
    letter = Letter.objects.get()
    target = reverse("correspondence:letter_detail", args=[letter.pk])
    assert first.status_code == 302
    assert first["Location"] == target
    assert second.status_code == 302
    assert second["Location"] == target
    # a new form has a new token, so a second letter is possible on purpose
    again = token_of(client.get(url).content.decode())
    assert again != token
    client.post(url, {**data, "once": again})
    assert Letter.objects.count() == 2


def test_a_repeated_action_item_makes_one_item(client_as: Any) -> None:
    from tailsafe.followup.models import ActionItem
    from tailsafe.governance.models import Institution

    client = client_as("secretariat")
    url = reverse("followup:action_create")
    token = token_of(client.get(url).content.decode())
    data = {
        "once": token,
        "description": "Survey the dam",
        "responsible": [Institution.objects.get(key="academy").pk],
        "due_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    }
    client.post(url, data)
    second = client.post(url, data)
    assert ActionItem.objects.count() == 1
    assert second["Location"] == reverse(
        "followup:action_detail", args=[ActionItem.objects.get().pk]
    )


def test_a_refused_submit_can_be_corrected_and_sent_again(client_as: Any) -> None:
    """The token is claimed in the record's transaction: a refusal leaves it unused."""
    from tailsafe.correspondence.models import Letter

    client = client_as("secretariat")
    url = reverse("correspondence:letter_register")
    token = token_of(client.get(url).content.decode())
    data = {
        "once": token,
        "direction": "incoming",
        "number": "X-1",
        "date": "2026-01-05",
        "correspondent": "Ministry",
        "subject": "Dams",
    }
    Letter.objects.create(direction="incoming", number="X-1", correspondent="a", subject="b")
    refused = client.post(url, data)
    assert refused.status_code == 200  # the form with the error, nothing made
    assert Letter.objects.count() == 1
    ok = client.post(url, {**data, "number": "X-2"})
    assert ok.status_code == 302
    assert Letter.objects.filter(number="X-2").count() == 1


def test_a_repeated_nomination_makes_one_person_and_one_membership(
    client_as: Any, pdf_upload: Any
) -> None:
    from tailsafe.governance.models import Institution, Membership, Person

    client = client_as("secretariat")
    url = reverse("governance:member_nominate")
    token = token_of(client.get(url).content.decode())
    today = dt.date.today()

    def data() -> dict[str, Any]:
        return {
            "once": token,
            "new_person_name": "Zarina Nazarova",
            "new_person_email": "zarina@example.org",
            "institution": Institution.objects.get(key="academy").pk,
            "seat": "member",
            "start_date": today.isoformat(),
            "end_date": (today + dt.timedelta(days=800)).isoformat(),
            "letter": pdf_upload(),
        }

    people = Person.objects.count()
    first = client.post(url, data())
    second = client.post(url, data())
    assert Person.objects.count() == people + 1
    membership = Membership.objects.get(person__full_name="Zarina Nazarova")
    target = reverse("governance:member_detail", args=[membership.pk])
    assert first["Location"] == target
    assert second["Location"] == target


def test_a_repeated_meeting_plan_makes_one_meeting(client_as: Any) -> None:
    from tailsafe.meetings.models import Meeting

    client = client_as("secretariat")
    url = reverse("meetings:meeting_create")
    token = token_of(client.get(url).content.decode())
    day = dt.date.today() + dt.timedelta(days=40)
    data = {
        "once": token,
        "title": "Spring meeting",
        "date": day.isoformat(),
        "time": "10:00",
        "place": "Dushanbe",
    }
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data)
    assert Meeting.objects.count() == 1
    assert second["Location"] == reverse("meetings:meeting_detail", args=[Meeting.objects.get().pk])


def test_a_repeated_guest_makes_one_guest(client_as: Any) -> None:
    from tailsafe.governance.models import Guest

    client = client_as("secretariat")
    url = reverse("governance:guest_create")
    token = token_of(client.get(url).content.decode())
    data = {
        "once": token,
        "kind": Guest._meta.get_field("kind").choices[0][0],
        "name": "Observer",
        "email": "observer@example.org",
    }
    client.post(url, data)
    client.post(url, data)
    assert Guest.objects.filter(name="Observer").count() == 1
