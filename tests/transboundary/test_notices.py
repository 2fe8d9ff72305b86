"""Notifications to the neighbours (issue 19, items 1-4): drafted from an alert with every
Annex IX element filled, approved only by the leading co-chair, sent with a delivery log,
followed up until the alert closes; drills are EXERCISE everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tailsafe.monitoring.models import AlertEvent
from tailsafe.public import services as public
from tailsafe.transboundary import annex, cap, services
from tailsafe.transboundary.models import CapMessage, Notice

pytestmark = pytest.mark.django_db


def open_alarm(run_import: Callable[..., Any], capture: Any) -> AlertEvent:
    with capture(execute=True):
        run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    return AlertEvent.objects.get(to_level="alarm")


def test_an_alarm_drafts_an_early_warning_with_every_annex_ix_element(
    transboundary: dict[str, Any],
    run_import: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    event = open_alarm(run_import, django_capture_on_commit_callbacks)
    notice = Notice.objects.get(event=event)
    assert notice.kind == Notice.Kind.EARLY_WARNING
    assert notice.status == Notice.Status.DRAFT
    assert not notice.exercise
    assert services.missing_elements(notice) == []
    assert {b.pk for b in notice.bodies.all()} == {transboundary["uz"].pk, transboundary["bwo"].pk}
    for language in ("ru", "en", "tg"):
        rows = dict(notice.rendered(language))
        assert len(rows) == len(annex.ELEMENTS)
        assert all(value.strip() for value in rows.values()), (language, rows)
    en = dict(notice.rendered("en"))
    values = list(en.values())
    assert "alarm" in values[1]
    assert "Tailings 1" in values[1]
    assert "DN-1" in values[1]
    assert "radium-226" in values[2]  # substances recorded at the facility
    assert "severe" in values[3]
    assert "40.2700 N, 69.6400 E" in values[5]  # exact location, with its basis
    assert "Utkensu" in values[6]
    assert "5" in values[6]
    assert "Uzbekistan" in values[6]
    assert "Duty officer" in values[10]
    ru = dict(notice.rendered("ru"))
    assert "Хвостохранилище 1" in list(ru.values())[1]
    assert "Узбекистан" in list(ru.values())[6]


def test_no_draft_when_the_downstream_does_not_reach_a_border(
    transboundary: dict[str, Any],
    run_import: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    facility = transboundary["facility"]
    facility.distance_to_border_km = 400
    facility.save()
    open_alarm(run_import, django_capture_on_commit_callbacks)
    assert not Notice.objects.exists()


def test_only_the_leading_cochair_approves_then_it_is_sent_and_logged(
    transboundary: dict[str, Any],
    run_import: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    event = open_alarm(run_import, django_capture_on_commit_callbacks)
    notice = Notice.objects.get(event=event)
    secretariat = transboundary["secretariat"]
    with pytest.raises(PermissionDenied):
        services.submit_notice(transboundary["operator"], notice)
    notice = services.submit_notice(secretariat, notice)
    assert notice.status == Notice.Status.SUBMITTED
    assert notice.letter is not None
    assert notice.letter.status == "submitted"
    for someone in (transboundary["other_chair"], secretariat, transboundary["operator"]):
        with pytest.raises(PermissionDenied):
            services.approve_and_send(someone, notice)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SUBMITTED
    assert not notice.deliveries.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.approve_and_send(transboundary["cochair"], notice)
    assert notice.status == Notice.Status.SENT
    assert notice.approved_by == transboundary["cochair"]
    notice.letter.refresh_from_db()
    assert notice.letter.status == "approved"
    assert notice.letter.number
    log = {d.body_id: d for d in notice.deliveries.all()}
    assert set(log) == {transboundary["uz"].pk, transboundary["bwo"].pk}
    assert all(d.ok for d in log.values())
    assert log[transboundary["uz"].pk].language == "ru"
    sent = {m.to[0]: m for m in mail.outbox if m.to[0].endswith(".uz")}
    assert "Узбекистан" in sent["mes@example.uz"].body
    assert "Uzbekistan" in sent["bwo@example.uz"].body
    # follow-ups until the alert is closed
    assert list(services.pending_followups()) == [notice]
    info = services.draft_notice(
        secretariat, event, Notice.Kind.INFORMATION, measures="Pond lowered by 0.5 m."
    )
    assert info.first == notice
    assert "Pond lowered" in dict(info.rendered("en"))[list(dict(info.rendered("en")))[8]]
    with pytest.raises(ValidationError):
        services.draft_notice(secretariat, event, Notice.Kind.ASSISTANCE)
    from tailsafe.monitoring import services as monitoring

    monitoring.resolve_alert(secretariat, event, "closed")
    assert not services.pending_followups().exists()


def test_the_cochair_screen_takes_two_taps(
    transboundary: dict[str, Any],
    run_import: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    event = open_alarm(run_import, django_capture_on_commit_callbacks)
    notice = services.submit_notice(transboundary["secretariat"], Notice.objects.get(event=event))
    other = Client()
    other.force_login(transboundary["other_chair"])
    page = other.get(f"/transboundary/notices/{notice.pk}/approve/")
    assert page.status_code == 200
    assert b"approve-tap" not in page.content
    other.post(f"/transboundary/notices/{notice.pk}/approve/")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SUBMITTED
    chair = Client()
    chair.force_login(transboundary["cochair"])
    assert b"approve-tap" in chair.get(f"/transboundary/notices/{notice.pk}/approve/").content
    confirm = chair.get(f"/transboundary/notices/{notice.pk}/approve/?confirm=1")
    assert b"confirm-send" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        chair.post(f"/transboundary/notices/{notice.pk}/approve/")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT


def test_a_drill_runs_the_chain_as_exercise_and_is_never_actual_in_public(
    transboundary: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    secretariat = transboundary["secretariat"]
    drill = services.start_drill(secretariat, transboundary["facility"])
    event = drill.event
    notice = Notice.objects.get(event=event)
    assert notice.exercise
    assert "EXERCISE" in services.render_letter(notice)
    notice = services.submit_notice(secretariat, notice)
    assert notice.letter.subject.startswith("EXERCISE")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_and_send(transboundary["cochair"], notice)
    assert all("УЧЕНИЯ" in m.body or "EXERCISE" in m.body for m in mail.outbox if ".uz" in m.to[0])
    public.set_published(secretariat, "alert", event.pk, True)
    anonymous = Client()
    for url in ("/public/", "/public/alerts.atom", f"/public/alerts/{event.pk}/cap.xml"):
        body = anonymous.get(url).content.decode()
        assert "<status>Actual</status>" not in body
    assert (
        "<status>Exercise</status>"
        in anonymous.get(f"/public/alerts/{event.pk}/cap.xml").content.decode()
    )
    assert "EXERCISE" in anonymous.get("/public/alerts.atom").content.decode()
    assert set(CapMessage.objects.filter(event=event).values_list("status", flat=True)) == {
        "Exercise"
    }
    assert cap.is_exercise(event)
    assert services.statistics()["sent"] == 0  # an exercise is not counted
    report = services.drill_report(drill)
    assert report["approved_by"] == transboundary["cochair"]
    assert report["draft_min"] is not None
    assert report["sent_min"] is not None
    assert len(report["deliveries"]) == 2


def test_approved_on_the_correspondence_page_it_is_sent_once(
    transboundary: dict[str, Any],
    run_import: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tailsafe.correspondence import services as correspondence
    from tailsafe.notifications.models import Notification

    event = open_alarm(run_import, django_capture_on_commit_callbacks)
    notice = services.submit_notice(transboundary["secretariat"], Notice.objects.get(event=event))
    told = Notification.objects.get(user=transboundary["cochair"], key=f"tb-approve:{notice.pk}")
    assert told.link.endswith(f"/transboundary/notices/{notice.pk}/approve/")
    with django_capture_on_commit_callbacks(execute=True):
        correspondence.approve_letter(transboundary["cochair"], notice.letter, None)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert notice.approved_by == transboundary["cochair"]
    assert notice.deliveries.count() == 2
    assert services.letter_approved(notice.letter_id) is None  # never twice
    assert notice.deliveries.count() == 2
