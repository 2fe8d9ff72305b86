"""Knowledge base (K1-K5) and commissioned work (A3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import DEMO_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(users: dict[str, Any]) -> Any:
    from tailsafe.meetings import services

    when = timezone.now() + dt.timedelta(days=30)
    return services.plan_meeting(
        users["secretariat"], {"title": "Осеннее заседание", "starts_at": when, "place": "Душанбе"}
    )


def test_seed_is_idempotent_and_complete(db: None) -> None:
    from tailsafe.knowledge import demo
    from tailsafe.knowledge.models import EprRecommendation, Lesson

    demo.load(None)
    demo.load(None)
    assert Lesson.objects.filter(kind="accident").count() == 5
    assert Lesson.objects.filter(kind="failure").count() == 53
    brumadinho = Lesson.objects.get(kind="accident", name__startswith="Brumadinho")
    assert brumadinho.fatalities == "270"
    assert "Paraopeba" in brumadinho.rivers
    fundao = Lesson.objects.get(kind="failure", name__startswith="Fundão")
    assert fundao.released_volume_mm3 == 43.7
    assert fundao.runout_km == 668
    codes = sorted(EprRecommendation.objects.values_list("code", flat=True))
    assert codes == ["15.3", "15.5", "6.6"]
    for rec in EprRecommendation.objects.all():
        assert rec.full_text_pending
        assert "to be entered by the secretariat" in rec.summary


def test_near_miss_links_facility_and_meeting(users: dict[str, Any], meeting: Any) -> None:
    from tailsafe.knowledge import services
    from tailsafe.knowledge.models import Lesson

    lesson = services.save_record(
        users["secretariat"],
        Lesson,
        {
            "kind": "near_miss",
            "name": "Перелив у дамбы",
            "date_text": "2025-04",
            "reviewed_at": meeting,
        },
    )
    assert lesson.year == 2025
    assert lesson.reviewed_at == meeting
    with pytest.raises(PermissionDenied):
        services.save_record(users["member"], Lesson, {"name": "x"})
    with pytest.raises(ValidationError):
        services.save_record(users["secretariat"], Lesson, {"name": ""})


def test_self_assessment_versions_compared(users: dict[str, Any]) -> None:
    from tailsafe.knowledge import services

    a = services.record_self_assessment(
        users["secretariat"],
        title="Self-assessment",
        assessed_on=dt.date(2024, 5, 1),
        answers=[("Hazardous activities identified?", "partly"), ("Notification?", "no")],
    )
    b = services.record_self_assessment(
        users["secretariat"],
        title="Self-assessment",
        assessed_on=dt.date(2025, 5, 1),
        answers=[("Hazardous activities identified?", "yes"), ("Notification?", "no")],
    )
    rows = services.compare_assessments(a, b)
    assert [r.changed for r in rows] == [True, False]
    with pytest.raises(ValidationError):
        services.record_self_assessment(
            users["secretariat"], title="x", assessed_on=dt.date(2025, 1, 1), answers=[]
        )


def test_commissioned_audit_on_agenda_and_report_type(
    users: dict[str, Any], meeting: Any, pdf_upload: Any
) -> None:
    from tailsafe.knowledge import services
    from tailsafe.knowledge.models import CommissionedWork

    work = services.commission_work(
        users["secretariat"],
        {
            "kind": "audit",
            "title": "Аудит хвостохранилища Табошар",
            "contractor": "Академия наук",
            "due_date": timezone.localdate() + dt.timedelta(days=20),
            "report_to": meeting,
        },
        tor_file=pdf_upload("tor.pdf"),
    )
    titles = list(meeting.agenda_items.values_list("title", flat=True))
    assert any("Аудит хвостохранилища Табошар" in t for t in titles)
    assert work.agenda_item is not None
    assert work.tor_file
    # the same meeting again: not added twice
    services.update_work(users["secretariat"], work, {"title": work.title})
    assert meeting.agenda_items.count() == 1
    # a forbidden report type: refused, nothing changed
    with pytest.raises(ValidationError):
        services.submit_report(users["secretariat"], work, pdf_upload("report.docx", b"PK\x03\x04"))
    work.refresh_from_db()
    assert work.status == CommissionedWork.Status.COMMISSIONED
    assert not work.report_file
    with pytest.raises(ValidationError):
        services.accept_work(users["secretariat"], work)
    services.submit_report(users["secretariat"], work, pdf_upload("report.pdf", DEMO_PDF))
    accepted = services.accept_work(users["secretariat"], work, "Decision 3 of meeting 1")
    assert accepted.status == CommissionedWork.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.accept_work(users["secretariat"], work)


def test_commission_needs_contractor_and_open_agenda(users: dict[str, Any], meeting: Any) -> None:
    from tailsafe.knowledge import services
    from tailsafe.knowledge.models import CommissionedWork
    from tailsafe.meetings import services as meetings

    with pytest.raises(ValidationError):
        services.commission_work(users["secretariat"], {"kind": "survey", "title": "x"})
    meetings.set_agenda_status(users["secretariat"], meeting, "circulated")
    meetings.set_agenda_status(users["secretariat"], meeting, "final")
    with pytest.raises(ValidationError) as exc:
        services.commission_work(
            users["secretariat"],
            {"kind": "survey", "title": "x", "contractor": "y", "report_to": meeting},
        )
    assert "report_to" in exc.value.message_dict
    assert not CommissionedWork.objects.exists()


def test_views(client_as: Any, users: dict[str, Any]) -> None:
    from tailsafe.knowledge import demo

    demo.load(None)
    c = client_as("member")
    for url in ("/knowledge/", "/knowledge/r/lessons/", "/knowledge/r/epr/", "/knowledge/works/"):
        assert c.get(url).status_code == 200, url
    assert c.get("/knowledge/r/nothing/").status_code == 404
    s = client_as("secretariat")
    r = s.post("/knowledge/r/lessons/new/", {"kind": "near_miss", "name": ""})
    assert r.status_code == 200
    assert b"invalid-feedback" in r.content
    r = s.post(
        "/knowledge/self-assessments/new/",
        {"title": "x", "assessed_on": "2025-01-01", "answers": "no separator"},
    )
    assert r.status_code == 200
    assert b"invalid-feedback" in r.content
