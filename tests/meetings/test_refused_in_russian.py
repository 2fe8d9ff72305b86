"""A refused step through the pages, in the user's language (issue 15, "Done means"): marking a
meeting held before it starts, and recording a recommendation adopted on a consensus that no
longer holds (a later objection), each answer a clear Russian message and change nothing.
(The wrong co-chair official: tests/governance/test_term_refused_in_russian.py; attendance
after positions: test_consensus_holds.py::test_attendance_refusal_is_shown_on_the_page.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tailsafe.meetings import services

pytestmark = pytest.mark.django_db

KEYS = ("academy", "industry", "environment")


def _russian(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "ru"
    return client


def test_held_before_its_start_is_refused_in_russian(world: dict[str, Any], meeting: Any) -> None:
    alice = world["users"]["secretariat"]
    services.set_status(alice, meeting, "convened")
    history = meeting.history.count()
    page = _russian(alice).post(f"/meetings/{meeting.pk}/status/", {"status": "held"}, follow=True)
    assert page.status_code == 200
    text = page.content.decode()
    assert "отметить его проведённым можно только после его начала" in text
    meeting.refresh_from_db()
    assert meeting.status == "convened"
    assert meeting.history.count() == history


def test_adoption_on_a_consensus_that_no_longer_holds_is_refused_in_russian(
    world: dict[str, Any], meeting: Any
) -> None:
    from tailsafe.followup.models import Recommendation
    from tailsafe.governance.models import Institution

    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилища"})
    people = ("charlie", "ivan", "nigora")
    services.record_attendance(alice, meeting, [f"p{world['people'][n].pk}" for n in people])
    minutes = services.start_minutes(alice, meeting)
    proposal = services.add_proposal(
        alice, minutes.items.get(), text="Провести обследование", kind="recommendation"
    )
    inst = {k: Institution.objects.get(key=k) for k in KEYS}
    for key in KEYS:
        services.record_position(alice, proposal, inst[key], "support")
    rec = Recommendation.objects.create(
        text="Провести обследование",
        term="short",
        addressee=inst["industry"],
        due_date=meeting.starts_at.date(),
        stage=Recommendation.Stage.PROPOSED,
        proposal=proposal,
    )
    # the consensus the page was opened on no longer holds: the environment objects later
    services.record_position(alice, proposal, inst["environment"], "object", "Риск для реки")
    history = rec.history.count()
    page = _russian(alice).post(f"/followup/recommendations/{rec.pk}/adopt/", follow=True)
    assert page.status_code == 200
    assert "Заседание не приняло предложение консенсусом" in page.content.decode()
    rec.refresh_from_db()
    assert rec.stage == Recommendation.Stage.PROPOSED
    assert rec.adopted_at is None
    assert rec.history.count() == history
