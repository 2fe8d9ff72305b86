"""Service tests for meetings (M1-M5) against the database, bad input included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tailsafe.meetings import services
from tailsafe.meetings.models import Invitation, Meeting, Minutes, Position

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def reply_url(token: str) -> str:
    return f"http://testserver/meetings/reply/{token}/"


def test_plan_meeting_defaults_host_to_leading_cochair(meeting: Any) -> None:
    from tailsafe.governance.services import leading_and_next

    assert meeting.number == 1
    assert meeting.host == leading_and_next(meeting.year)[0]
    assert meeting.status == Meeting.Status.PLANNED
    assert timezone.is_aware(meeting.starts_at)
    assert meeting.history.count() == 1


def test_plan_meeting_needs_place_or_link_and_unique_number(
    world: dict[str, Any], meeting: Any
) -> None:
    alice = world["users"]["secretariat"]
    with pytest.raises(ValidationError) as exc:
        services.plan_meeting(alice, {"title": "x", "starts_at": meeting.starts_at})
    assert "place" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.plan_meeting(
            alice, {"number": 1, "title": "x", "starts_at": meeting.starts_at, "place": "y"}
        )
    assert "number" in exc.value.message_dict


def test_member_may_not_plan(world: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_meeting(world["users"]["member"], {"title": "x"})


def test_status_moves_forward_only(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    services.set_status(alice, meeting, "convened")
    services.update_meeting(alice, meeting, {"starts_at": timezone.now() - dt.timedelta(hours=1)})
    services.set_status(alice, meeting, "held")
    with pytest.raises(ValidationError):
        services.set_status(alice, meeting, "planned")
    with pytest.raises(ValidationError):
        services.set_status(alice, meeting, "minutes_approved")


def _agenda(alice: Any, meeting: Any, n: int = 3) -> list[Any]:
    return [
        services.add_agenda_item(alice, meeting, {"title": f"Пункт {i}", "duration_min": 20})
        for i in range(1, n + 1)
    ]


def test_reorder_agenda(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    a, b, c = _agenda(alice, meeting)
    services.reorder_agenda(alice, meeting, [c.pk, a.pk, b.pk])
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.move_agenda_item(alice, meeting.agenda_items.get(pk=a.pk), "up")
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]


def test_reorder_with_another_meetings_item_changes_nothing(
    world: dict[str, Any], meeting: Any
) -> None:
    alice = world["users"]["secretariat"]
    a, b = _agenda(alice, meeting, 2)
    other = services.plan_meeting(
        alice, {"title": "Осень", "starts_at": meeting.starts_at, "place": "Худжанд"}
    )
    (foreign,) = _agenda(alice, other, 1)
    with pytest.raises(ValidationError, match="not on this meeting"):
        services.reorder_agenda(alice, meeting, [b.pk, foreign.pk])
    with pytest.raises(ValidationError):
        services.reorder_agenda(alice, meeting, [b.pk, a.pk, foreign.pk])
    with pytest.raises(ValidationError):
        services.reorder_agenda(alice, meeting, ["x"])
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == [a.pk, b.pk]
    assert other.agenda_items.get().order == 1


def test_final_agenda_is_frozen(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    _agenda(alice, meeting, 1)
    services.set_agenda_status(alice, meeting, "circulated")
    services.set_agenda_status(alice, meeting, "final")
    with pytest.raises(ValidationError):
        services.add_agenda_item(alice, meeting, {"title": "late"})


def test_attach_document_checks_content(
    world: dict[str, Any], meeting: Any, pdf_upload: Any
) -> None:
    alice = world["users"]["secretariat"]
    (item,) = _agenda(alice, meeting, 1)
    services.attach_document(alice, item, title="Доклад", upload=pdf_upload("report.pdf"))
    with pytest.raises(ValidationError):
        services.attach_document(
            alice, item, title="bad", upload=pdf_upload("evil.pdf", b"MZ not a pdf")
        )
    assert item.documents.count() == 1


def _invite_all(world: dict[str, Any], meeting: Any) -> dict[str, str]:
    """Invite two members and the guest; returns the reply tokens by e-mail address."""
    alice = world["users"]["secretariat"]
    people = world["people"]
    tokens: dict[str, str] = {}

    def url(token: str) -> str:
        tokens[str(len(tokens))] = token
        return reply_url(token)

    keys = [f"p{people['charlie'].pk}", f"p{people['ivan'].pk}", f"g{world['guest'].pk}"]
    sent, skipped = services.invite(alice, meeting, keys, reply_url=url)
    assert len(sent) == 3
    assert skipped == []
    return {inv.email: tokens[str(i)] for i, inv in enumerate(sent)}


def test_invite_sends_one_mail_each_with_ics(
    world: dict[str, Any], meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import icalendar

    from tailsafe.notifications.models import Notification

    services.add_agenda_item(world["users"]["secretariat"], meeting, {"title": "Пункт"})
    with django_capture_on_commit_callbacks(execute=True):
        tokens = _invite_all(world, meeting)
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(tokens)
    for message in mail.outbox:
        (name, content, mimetype) = message.attachments[0]
        assert name == "meeting.ics"
        assert mimetype.startswith("text/calendar")
        text = content.decode() if isinstance(content, bytes) else content
        assert "BEGIN:VEVENT" in text
        assert f"meeting-{meeting.pk}@tailsafe" in text
        event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
        assert str(event["uid"]) == f"meeting-{meeting.pk}@tailsafe"
        assert "/meetings/reply/" in message.body
    # The two members with accounts were told through the notification centre (once each,
    # linking to their reply page); the guest has no account and got the e-mail directly.
    charlie, ivan = world["users"]["member"], world["ivan"]
    notes = {n.user: n for n in Notification.objects.filter(kind="invitation")}
    assert set(notes) == {charlie, ivan}
    for user, note in notes.items():
        assert note.emailed_at is not None
        assert note.files()[0][0] == "meeting.ics"
        assert note.link == reply_url(tokens[user.email])
    assert not Notification.objects.exclude(kind="invitation").exists()
    # Only the hash of the token is stored.
    assert not Invitation.objects.filter(token_hash__in=list(tokens.values())).exists()
    # Inviting again skips those already invited.
    sent, skipped = services.invite(
        world["users"]["secretariat"],
        meeting,
        [f"g{world['guest'].pk}"],
        reply_url=reply_url,
    )
    assert sent == []
    assert skipped == [world["guest"].name]


def test_invitation_follows_the_members_preferences(
    world: dict[str, Any], meeting: Any, django_capture_on_commit_callbacks: Any, client_as: Any
) -> None:
    from django.core.management import call_command

    from tailsafe.notifications import services as notifications
    from tailsafe.notifications.models import Notification

    charlie, ivan = world["users"]["member"], world["ivan"]
    notifications.save_preferences(charlie, {"invitation": ("in_app", "immediate")})
    notifications.save_preferences(ivan, {"invitation": ("both", "daily")})
    with django_capture_on_commit_callbacks(execute=True):
        tokens = _invite_all(world, meeting)
    assert [m.to for m in mail.outbox] == [["g@example.org"]]  # only the guest, directly
    # charlie finds it in the centre, with the calendar file to download.
    note = Notification.objects.get(user=charlie)
    page = client_as("member").get("/notifications/").content.decode()
    assert note.title in page
    assert f"/notifications/{note.pk}/files/0/" in page
    response = client_as("member").get(f"/notifications/{note.pk}/files/0/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content
    assert client_as("co_chair").get(f"/notifications/{note.pk}/files/0/").status_code == 404
    assert client_as("member").get(f"/notifications/{note.pk}/files/1/").status_code == 404
    # ivan's comes in the digest, which says where the calendar file is.
    call_command("send_digest")
    digest = mail.outbox[-1]
    assert digest.to == ["ivan@example.org"]
    assert "meeting.ics" in digest.body
    assert reply_url(tokens["ivan@example.org"]) in digest.body
    assert not digest.attachments


def test_reply_link_single_use_and_tamper_proof(world: dict[str, Any], meeting: Any) -> None:
    tokens = _invite_all(world, meeting)
    token = tokens["g@example.org"]
    with pytest.raises(ValidationError) as exc:
        services.reply_to_invitation(token, "delegate", "")
    assert "delegate_name" in exc.value.message_dict
    invitation = services.reply_to_invitation(token, "delegate", "Заместитель")
    assert invitation.reply == "delegate"
    assert invitation.replied_at is not None
    with pytest.raises(ValidationError, match="already been used"):
        services.reply_to_invitation(token, "no")
    with pytest.raises(ValidationError, match="not valid"):
        services.reply_to_invitation(token[:-2] + "xx", "yes")
    invitation.refresh_from_db()
    assert invitation.reply == "delegate"
    assert Invitation.objects.filter(replied_at__isnull=False).count() == 1


def _attend(world: dict[str, Any], meeting: Any, guest: bool = False) -> None:
    people = world["people"]
    keys = [f"p{people[k].pk}" for k in ("charlie", "ivan", "nigora")]
    if guest:
        keys.append(f"g{world['guest'].pk}")
    services.record_attendance(world["users"]["secretariat"], meeting, keys)


def test_attendance_and_participants(world: dict[str, Any], meeting: Any) -> None:
    _invite_all(world, meeting)
    _attend(world, meeting, guest=True)
    names = [(a.name, a.is_guest) for a in services.participants(meeting)]
    assert ("Гость Орхуса", True) in names
    assert len(names) == 4
    assert names[-1][1] is True  # guests last
    assert {i.key for i in services.present_institutions(meeting)} == {
        "academy",
        "industry",
        "environment",
    }
    with pytest.raises(ValidationError):
        services.record_attendance(world["users"]["secretariat"], meeting, ["p999999"])


def _minutes_with_proposal(world: dict[str, Any], meeting: Any) -> tuple[Minutes, Any]:
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилища"})
    _attend(world, meeting)
    minutes = services.start_minutes(alice, meeting)
    item = minutes.items.get()
    proposal = services.add_proposal(alice, item, text="Провести обследование", kind="decision")
    return minutes, proposal


def test_consensus_stand_aside_adopts_objection_blocks(world: dict[str, Any], meeting: Any) -> None:
    from tailsafe.governance.models import Institution

    alice = world["users"]["secretariat"]
    _minutes, proposal = _minutes_with_proposal(world, meeting)
    inst = {k: Institution.objects.get(key=k) for k in ("academy", "industry", "environment")}
    services.record_position(alice, proposal, inst["academy"], "support")
    services.record_position(alice, proposal, inst["industry"], "stand_aside", "Нет бюджета")
    outcome = services.outcome(proposal)
    # environment is present without a position: no consensus is declared yet (issue 15)
    assert not outcome.adopted
    assert outcome.missing == ["environment"]
    services.record_position(alice, proposal, inst["environment"], "support")
    outcome = services.outcome(proposal)
    assert outcome.adopted
    assert outcome.stood_aside == ["industry"]
    with pytest.raises(ValidationError) as exc:
        services.record_position(alice, proposal, inst["environment"], "object", "")
    assert "reason" in exc.value.message_dict
    services.record_position(alice, proposal, inst["environment"], "object", "Риск")
    outcome = services.outcome(proposal)
    assert not outcome.adopted
    assert outcome.objectors == ["environment"]
    assert not hasattr(outcome, "votes")
    # The change of a position is audited.
    services.record_position(alice, proposal, inst["environment"], "support")
    assert services.outcome(proposal).adopted
    row = Position.objects.get(proposal=proposal, institution=inst["environment"])
    assert row.history.count() == 3
    # An absent institution cannot take a position.
    with pytest.raises(ValidationError):
        services.record_position(
            alice, proposal, Institution.objects.get(key="hydromet"), "support"
        )


def test_member_states_only_own_institution_position(world: dict[str, Any], meeting: Any) -> None:
    from tailsafe.governance.models import Institution

    _minutes, proposal = _minutes_with_proposal(world, meeting)
    charlie = world["users"]["member"]
    services.record_position(charlie, proposal, Institution.objects.get(key="academy"), "support")
    with pytest.raises(PermissionDenied):
        services.record_position(
            charlie, proposal, Institution.objects.get(key="industry"), "support"
        )


def test_stale_minutes_save_is_refused_and_nothing_changes(
    world: dict[str, Any], meeting: Any
) -> None:
    alice = world["users"]["secretariat"]
    minutes, _proposal = _minutes_with_proposal(world, meeting)
    item = minutes.items.get()
    rev = minutes.revision
    services.save_minutes(alice, minutes, {item.pk: {"summary": "Первый текст"}}, rev)
    with pytest.raises(ValidationError, match="Someone else saved"):
        services.save_minutes(alice, minutes, {item.pk: {"summary": "Второй текст"}}, rev)
    item.refresh_from_db()
    assert item.summary == "Первый текст"
    minutes.refresh_from_db()
    assert minutes.revision == rev + 1


def test_approval_only_by_the_leading_cochair_then_frozen(
    world: dict[str, Any], meeting: Any, make_user: Any
) -> None:
    users = world["users"]
    minutes, proposal = _minutes_with_proposal(world, meeting)
    with pytest.raises(ValidationError):  # not yet circulated
        services.approve_minutes(users["co_chair"], minutes)
    services.circulate_minutes(users["secretariat"], minutes)
    services.comment_minutes(users["member"], minutes, "Уточнить срок", minutes.items.get())
    other_cochair = make_user("co_chair", username="zarina", institution="industry")
    for user in (other_cochair, users["secretariat"], users["admin"], users["member"]):
        with pytest.raises(PermissionDenied):
            services.approve_minutes(user, minutes)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.approved_by is None
    with pytest.raises(PermissionDenied, match="leading co-chair"):
        services.approve_minutes(other_cochair, minutes)
    services.approve_minutes(users["co_chair"], minutes)
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.is_frozen
    assert minutes.approved_by == users["co_chair"]
    # Circulation told the leading co-chair (the approver); approval told the members with an
    # account and the secretariat, not the co-chair who approved.
    from tailsafe.notifications.models import Notification

    asked = Notification.objects.filter(key=f"minutes-circulated:{minutes.pk}")
    assert [n.user for n in asked] == [users["co_chair"]]
    assert asked[0].kind == "approval"
    assert asked[0].link == f"/meetings/{meeting.pk}/?tab=minutes"
    # ... and asked the members with an account for their comments (not the circulator)
    invited = Notification.objects.filter(
        key__startswith=f"minutes-circulated-members:{minutes.pk}:"
    )
    assert {n.user for n in invited} == {users["member"], world["ivan"]}
    told = Notification.objects.filter(key=f"minutes-approved:{minutes.pk}", kind="approval")
    assert {n.user for n in told} == {users["member"], world["ivan"], users["secretariat"]}
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    item = minutes.items.get()
    with pytest.raises(ValidationError, match="Approved minutes"):
        services.save_minutes(
            users["secretariat"], minutes, {item.pk: {"summary": "x"}}, minutes.revision
        )
    from tailsafe.governance.models import Institution

    with pytest.raises(ValidationError):
        services.record_position(
            users["secretariat"], proposal, Institution.objects.get(key="academy"), "object", "r"
        )


def test_approval_requests_and_decisions_are_mailed_once(
    world: dict[str, Any], meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    users = world["users"]
    minutes, _proposal = _minutes_with_proposal(world, meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(users["secretariat"], minutes)
    # the approver is asked to approve, the members for their comments: each once
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bahrom@example.org",
        "charlie@example.org",
        "ivan@example.org",
    ]
    assert all(f"№{meeting.number}" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_minutes(users["co_chair"], minutes)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@example.org",
        "charlie@example.org",
        "ivan@example.org",
    ]


def test_correction_is_a_new_version_with_a_diff(world: dict[str, Any], meeting: Any) -> None:
    users = world["users"]
    alice = users["secretariat"]
    minutes, _proposal = _minutes_with_proposal(world, meeting)
    item = minutes.items.get()
    services.save_minutes(alice, minutes, {item.pk: {"decisions": "Старое решение"}}, 0)
    services.circulate_minutes(alice, minutes)
    services.approve_minutes(users["co_chair"], minutes)
    with pytest.raises(ValidationError):
        services.correct_minutes(alice, minutes, "")
    new = services.correct_minutes(alice, minutes, "Опечатка")
    assert new.version == 2
    assert new.previous == minutes
    assert new.items.get().proposals.get().positions.count() == 0
    new_item = new.items.get()
    services.save_minutes(alice, new, {new_item.pk: {"decisions": "Новое решение"}}, new.revision)
    lines = services.diff_lines(new)
    assert ("-", "    Старое решение") in lines
    assert ("+", "    Новое решение") in lines
    assert "diff_chg" in services.diff_html(new)
    minutes.refresh_from_db()
    assert minutes.items.get().decisions == "Старое решение"


def test_meetings_in_year(world: dict[str, Any], meeting: Any) -> None:
    assert services.meetings_in_year(meeting.year) == 1
    alice = world["users"]["secretariat"]
    services.plan_meeting(
        alice,
        {
            "title": "Осень",
            "starts_at": meeting.starts_at + dt.timedelta(days=1),
            "online_link": "https://meet.example.org/x",
        },
    )
    assert services.meetings_in_year(meeting.year) == 2
