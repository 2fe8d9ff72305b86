"""A2: a shortfall becomes a recommendation, adopted by consensus, followed up (service tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tailsafe.followup import recommendations as recs
from tailsafe.inspections import services
from tests.inspections.conftest import answer_all
from tests.meetings.conftest import meeting, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_shortfall_to_adopted_recommendation(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
    ops: dict[str, Any],
    facilities: dict[str, Any],
) -> None:
    from tailsafe.governance.models import Institution
    from tailsafe.meetings import services as meetings

    alice = world["users"]["secretariat"]
    insp = world["users"]["inspector"]
    a = services.start_assessment(insp, facilities["A"], "authority", "basic")
    answer_all(insp, a, "not", "verified")
    services.submit_assessment(insp, a)
    shortfall = services.shortfalls(a)[0]
    term, text = shortfall["measures"][0]
    rec = recs.draft_recommendation(
        alice,
        text=text,
        term=term,
        addressee=ops["own_inst"],
        facility=a.facility,
        question=shortfall["question"],
        source_assessment=a,
    )
    with pytest.raises(PermissionDenied):
        recs.draft_recommendation(ops["dilnoza"], text="x", term="short", addressee=None)
    with pytest.raises(ValidationError):
        recs.record_adoption(alice, rec)  # not proposed yet
    meetings.add_agenda_item(alice, meeting, {"title": "Рекомендации"})
    people = world["people"]
    meetings.record_attendance(alice, meeting, [f"p{people[k].pk}" for k in ("charlie", "ivan")])
    item = meetings.start_minutes(alice, meeting).items.get()
    proposal = recs.propose(alice, rec, item)
    assert proposal.kind == "recommendation"
    assert proposal.text == text
    academy = Institution.objects.get(key="academy")
    industry = Institution.objects.get(key="industry")
    meetings.record_position(alice, proposal, academy, "support")
    meetings.record_position(alice, proposal, industry, "object", "Нет средств")
    with pytest.raises(ValidationError):
        recs.record_adoption(alice, rec)  # an objection blocks consensus
    meetings.record_position(alice, proposal, industry, "stand_aside", "Нет средств")
    recs.record_adoption(alice, rec)
    rec.refresh_from_db()
    assert rec.stage == "adopted"
    assert rec.status == "not_started"
    # The addressed institution updates; another operator cannot.
    with pytest.raises(PermissionDenied):
        recs.update_status(ops["olim"], rec, status="in_progress", progress=10, text="x")
    with pytest.raises(ValidationError):
        recs.update_status(ops["dilnoza"], rec, status="in_progress", progress=150, text="x")
    with pytest.raises(ValidationError):
        recs.update_status(ops["dilnoza"], rec, status="done?", progress="ten", text="")
    recs.update_status(
        ops["dilnoza"], rec, status="in_progress", progress=40, text="Начато", date=dt.date.today()
    )
    rec.refresh_from_db()
    assert rec.status == "in_progress"
    assert rec.progress == 40
    assert [e["what"] for e in recs.timeline(rec)][-1].endswith("40%")
    # Overdue: past the due date and not implemented -> dashboard and the next agenda.
    rec.due_date = dt.date.today() - dt.timedelta(days=1)
    rec.save()
    assert list(recs.overdue()) == [rec]
    agenda_item = recs.add_overdue_to_agenda(alice, meeting)
    assert rec.text[:40] in agenda_item.notes
    recs.update_status(ops["dilnoza"], rec, status="implemented", progress=80, text="Готово")
    rec.refresh_from_db()
    assert rec.progress == 100
    assert not recs.overdue().exists()
