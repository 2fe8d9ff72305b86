"""Views with bad input: clear errors, nothing changed, no 500s."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tailsafe.meetings import services
from tailsafe.meetings.models import Invitation, Meeting, Minutes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_impossible_date_format_is_refused(world: dict[str, Any]) -> None:
    client = client_for(world["users"]["secretariat"])
    response = client.post(
        reverse("meetings:meeting_create"),
        {"title": "Заседание", "date": "31.02.2026", "time": "25:99", "place": "Душанбе"},
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert "time" in response.context["form"].errors
    assert Meeting.objects.count() == 0
    response = client.post(
        reverse("meetings:meeting_create"),
        {"title": "Заседание", "date": "2026-06-15", "time": "10:00", "place": "Душанбе"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.starts_at.hour == 5  # 10:00 in Dushanbe is 05:00 UTC


def test_reorder_view_with_foreign_item(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    a = services.add_agenda_item(alice, meeting, {"title": "A"})
    b = services.add_agenda_item(alice, meeting, {"title": "B"})
    other = services.plan_meeting(
        alice, {"title": "O", "starts_at": meeting.starts_at, "place": "x"}
    )
    foreign = services.add_agenda_item(alice, other, {"title": "F"})
    client = client_for(alice)
    url = reverse("meetings:agenda_reorder", args=[meeting.pk])
    response = client.post(url, {"order": [b.pk, foreign.pk]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "not on this meeting" in response.content.decode()
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [a.pk, b.pk]
    response = client.post(url, {"order": [b.pk, a.pk]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [b.pk, a.pk]
    response = client.post(url, {"order": ["junk"]})
    assert response.status_code == 302


def test_reply_link_views(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    client = client_for(alice)
    response = client.post(
        reverse("meetings:invite", args=[meeting.pk]), {"invitee": [f"g{world['guest'].pk}"]}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/meetings/reply/" in line)
    path = link.replace("http://testserver", "")
    anonymous = Client()
    assert anonymous.get(path).status_code == 200
    response = anonymous.post(path, {"reply": "maybe"})
    assert response.status_code == 200
    assert Invitation.objects.get().replied_at is None
    response = anonymous.post(path, {"reply": "yes"})
    assert "recorded" in response.content.decode() or response.status_code == 200
    assert Invitation.objects.get().reply == "yes"
    response = anonymous.post(path, {"reply": "no"})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert Invitation.objects.get().reply == "yes"
    response = anonymous.post(path[:-3] + "zz/", {"reply": "no"})
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    # Bad invitee keys are a clear error, not a 500.
    response = client.post(reverse("meetings:invite", args=[meeting.pk]), {"invitee": ["p999"]})
    assert response.status_code == 200
    assert "Choose members" in response.content.decode()


def test_stale_minutes_keep_the_users_text(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "A"})
    minutes = services.start_minutes(alice, meeting)
    item = minutes.items.get()
    client = client_for(alice)
    url = reverse("meetings:minutes_edit", args=[minutes.pk])
    rev = client.get(url).context["revision"]
    services.save_minutes(alice, minutes, {item.pk: {"summary": "Чужой текст"}}, rev)
    response = client.post(url, {"revision": rev, f"item-{item.pk}-summary": "Мой длинный текст"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved" in body
    assert "Мой длинный текст" in body
    item.refresh_from_db()
    assert item.summary == "Чужой текст"
    response = client.post(url, {"revision": "x", f"item-{item.pk}-summary": "y"})
    assert response.status_code == 409


def test_approve_as_non_leading_cochair_gets_a_clear_403(
    world: dict[str, Any], meeting: Any, make_user: Any
) -> None:
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "A"})
    minutes = services.start_minutes(alice, meeting)
    services.circulate_minutes(alice, minutes)
    zarina = make_user("co_chair", username="zarina", institution="industry")
    response = client_for(zarina).post(reverse("meetings:minutes_approve", args=[minutes.pk]))
    assert response.status_code == 403
    assert "leading co-chair" in response.content.decode()
    assert Minutes.objects.get().status == "circulated"
    response = client_for(world["users"]["co_chair"]).post(
        reverse("meetings:minutes_approve", args=[minutes.pk])
    )
    assert response.status_code == 302
    assert Minutes.objects.get().status == "approved"


def test_pages_render(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "A"})
    minutes = services.start_minutes(alice, meeting)
    client = client_for(alice)
    for tab in ("agenda", "invitations", "attendance", "minutes", "papers", "history", "bad"):
        response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]), {"tab": tab})
        assert response.status_code == 200, tab
    for name, args in (
        ("meetings:meeting_list", []),
        ("meetings:meeting_edit", [meeting.pk]),
        ("meetings:invite", [meeting.pk]),
        ("meetings:minutes_edit", [minutes.pk]),
        ("dashboard:home", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    response = client.get(reverse("meetings:paper", args=[meeting.pk, "minutes", "ru", "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    response = client.get(reverse("meetings:paper", args=[meeting.pk, "nope", "ru", "pdf"]))
    assert response.status_code == 404
    start = meeting.starts_at + dt.timedelta(days=1)
    assert services.meetings_in_year(start.year) >= 1


def test_two_minutes_editors_nothing_is_lost(world: dict[str, Any], meeting: Any) -> None:
    """Issue 9: two editors open the minutes; the second save is refused with the first one's
    text shown beside the user's own, and saving again at the current revision works."""
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "A"})
    minutes = services.start_minutes(alice, meeting)
    item = minutes.items.get()
    url = reverse("meetings:minutes_edit", args=[minutes.pk])
    first, second = client_for(alice), client_for(alice)
    rev1 = first.get(url).context["revision"]
    rev2 = second.get(url).context["revision"]
    assert rev1 == rev2
    key = f"item-{item.pk}-summary"
    assert first.post(url, {"revision": rev1, key: "Текст первого"}).status_code == 302
    response = second.post(
        url, {"revision": rev2, key: "Текст второго", f"item-{item.pk}-decisions": "Решение"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved these minutes" in body
    assert "Текст второго" in body
    assert "Решение" in body
    assert f'id="{key}-saved"' in body
    assert "Текст первого" in body
    assert f'id="item-{item.pk}-decisions-saved"' in body  # saved empty, user's not
    item.refresh_from_db()
    assert (item.summary, item.decisions) == ("Текст первого", "")
    assert response.context["revision"] == Minutes.objects.get().revision == rev1 + 1
    # merged and saved again at the revision the refused page carries
    response = second.post(
        url,
        {
            "revision": response.context["revision"],
            key: "Текст первого. Текст второго",
            f"item-{item.pk}-decisions": "Решение",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.summary, item.decisions) == ("Текст первого. Текст второго", "Решение")


def test_minutes_page_saves_text_and_proposal_with_one_action(
    world: dict[str, Any], meeting: Any
) -> None:
    """Issue 15: a summary typed before "Add the proposal" is saved with the proposal."""
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Пункт"})
    minutes = services.start_minutes(alice, meeting)
    item = minutes.items.get()
    client = client_for(alice)
    url = reverse("meetings:minutes_edit", args=[minutes.pk])
    page = client.get(url).content.decode()
    assert "data-unsaved-warning" in page
    assert "core/unsaved.js" in page
    response = client.post(
        url,
        {
            "revision": minutes.revision,
            f"item-{item.pk}-summary": "Сводка, набранная до предложения",
            f"proposal-{item.pk}-kind": "recommendation",
            f"proposal-{item.pk}-text": "Рекомендовать обследование",
            "add_proposal": item.pk,
        },
    )
    item.refresh_from_db()
    proposal = item.proposals.get()
    assert item.summary == "Сводка, набранная до предложения"
    assert proposal.kind == "recommendation"
    assert response["Location"] == reverse("meetings:proposal_positions", args=[proposal.pk])
    # A stale page keeps both the text and the proposal typed, writes neither.
    response = client.post(
        url,
        {
            "revision": minutes.revision,
            f"item-{item.pk}-summary": "Другая сводка",
            f"proposal-{item.pk}-text": "Второе предложение",
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Другая сводка" in body
    assert "Второе предложение" in body
    assert item.proposals.count() == 1
