"""Issue 15, item 6: a guest reads the meetings they are invited to (agenda and papers, the
minutes once approved) and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tailsafe.governance.models import Guest
from tailsafe.meetings import services
from tailsafe.meetings.rules import meetings_visible_to, minutes_visible_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _url(token: str) -> str:
    return f"http://testserver/meetings/reply/{token}/"


@pytest.fixture
def guest_world(world: dict[str, Any], meeting: Any) -> dict[str, Any]:
    """Farida (role guest) is invited to `meeting` through the guest directory (her account's
    e-mail address); a second meeting she is not invited to."""
    alice = world["users"]["secretariat"]
    farida = Guest.objects.create(
        name="Фарида Гостева", organisation="OSCE", email=world["users"]["guest"].email
    )
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилища Адрасмана"})
    services.invite(alice, meeting, [f"g{farida.pk}"], reply_url=_url)
    other = services.plan_meeting(
        alice,
        {
            "title": "Закрытое заседание",
            "starts_at": meeting.starts_at + dt.timedelta(days=40),
            "place": "Худжанд",
        },
    )
    services.add_agenda_item(alice, other, {"title": "Секретный пункт"})
    return {**world, "invited": meeting, "other": other}


def _guest(world: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(world["users"]["guest"])
    return client


def test_guest_sees_only_the_meeting_they_are_invited_to(guest_world: dict[str, Any]) -> None:
    guest = guest_world["users"]["guest"]
    invited, other = guest_world["invited"], guest_world["other"]
    assert list(meetings_visible_to(guest)) == [invited]

    client = _guest(guest_world)
    listing = client.get("/meetings/")
    assert listing.status_code == 200
    assert listing.context["meetings"].count() == 1
    assert "Весеннее заседание" in listing.content.decode()
    assert "Закрытое заседание" not in listing.content.decode()

    start = client.get("/")
    assert start.status_code == 200
    assert [m.pk for m in start.context["meetings"]] == [invited.pk]
    assert "My meetings" in start.content.decode()  # the guest's menu

    page = client.get(f"/meetings/{invited.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Хвостохранилища Адрасмана" in html
    assert [key for key, _label in page.context["tabs"]] == ["agenda", "papers"]
    for tab in ("invitations", "attendance", "history", "minutes"):
        assert client.get(f"/meetings/{invited.pk}/?tab={tab}").context["tab"] == "agenda"

    papers = client.get(f"/meetings/{invited.pk}/?tab=papers")
    assert [kind for kind, _label in papers.context["kinds"]] == ["agenda"]
    agenda_pdf = client.get(f"/meetings/{invited.pk}/papers/agenda/ru.pdf")
    assert agenda_pdf.status_code == 200
    assert agenda_pdf.content.startswith(b"%PDF")
    assert client.get(f"/meetings/{invited.pk}/papers/minutes/ru.pdf").status_code == 404
    assert client.get(f"/meetings/{invited.pk}/papers/participants/ru.pdf").status_code == 404

    # nothing else: the other meeting is not found, internal pages refuse
    assert client.get(f"/meetings/{other.pk}/").status_code == 404
    assert client.get(f"/meetings/{other.pk}/papers/agenda/ru.pdf").status_code == 404
    for url in ("/facilities/", "/monitoring/alerts/", "/correspondence/", "/followup/"):
        assert client.get(url).status_code in (403, 404), url


def test_guest_reads_the_minutes_once_approved(guest_world: dict[str, Any]) -> None:
    users = guest_world["users"]
    guest, invited = users["guest"], guest_world["invited"]
    minutes = services.start_minutes(users["secretariat"], invited)
    item = minutes.items.get()
    services.save_minutes(
        users["secretariat"], minutes, {item.pk: {"summary": "Обследовать дамбу"}}, 0
    )
    services.circulate_minutes(users["secretariat"], minutes)
    assert minutes_visible_to(guest).count() == 0
    client = _guest(guest_world)
    assert client.get(f"/meetings/{invited.pk}/papers/minutes/ru.pdf").status_code == 404

    services.approve_minutes(users["co_chair"], minutes)
    assert list(minutes_visible_to(guest)) == [minutes]
    papers = client.get(f"/meetings/{invited.pk}/?tab=papers")
    assert [kind for kind, _label in papers.context["kinds"]] == ["agenda", "minutes"]
    pdf = client.get(f"/meetings/{invited.pk}/papers/minutes/ru.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_guest_without_invitation_sees_no_meeting(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["guest"])
    page = client.get("/")
    assert page.status_code == 200
    assert list(page.context["meetings"]) == []
    assert client.get("/meetings/").context["meetings"].count() == 0
