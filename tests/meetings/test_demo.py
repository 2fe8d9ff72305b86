"""The demo gives every role a meeting to work on (brief: a fresh `make run` demo must let each
role do its part): one convened meeting with an agenda and the members and the guest invited,
made without a mail server, once."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tailsafe.core.models import User
from tailsafe.meetings.demo import DEMO_TITLE
from tailsafe.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_demo_meeting_reaches_the_guest_and_is_loaded_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(title=DEMO_TITLE)
    assert meeting.status == Meeting.Status.CONVENED
    assert meeting.agenda_items.count() == 3
    assert meeting.invitations.filter(guest__isnull=False).count() == 1
    assert meeting.invitations.filter(person__isnull=False).count() >= 5
    assert mail.outbox == []  # no mail server needed to load the demo
    guest = Client()
    guest.force_login(User.objects.get(username="demo-guest"))
    page = guest.get("/meetings/")
    assert page.status_code == 200
    assert DEMO_TITLE in page.content.decode()
    assert guest.get(f"/meetings/{meeting.pk}/").status_code == 200
