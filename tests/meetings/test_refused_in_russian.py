"""A refused step through the pages, in the user's language (issue 15, "Done means"): marking a
meeting held before it starts, recording a recommendation adopted on a consensus that no longer
holds (a later objection), and saving positions from a page opened before an objection was
recorded, each answer a clear Russian message and change nothing.
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


def _all_support(world: dict[str, Any], meeting: Any) -> tuple[Any, dict[str, Any]]:
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
    return proposal, inst


def _stale_page(inst: dict[str, Any], **changes: tuple[str, str]) -> dict[str, str]:
    """The positions form as the browser posts it from a page opened while all supported."""
    data: dict[str, str] = {}
    for key, institution in inst.items():
        value, reason = changes.get(key, ("support", ""))
        data[f"position-{institution.pk}"] = value
        data[f"reason-{institution.pk}"] = reason
        data[f"seen-{institution.pk}"] = "support"
        data[f"seen-reason-{institution.pk}"] = ""
    return data


def test_a_stale_positions_page_does_not_undo_a_later_objection(
    world: dict[str, Any], meeting: Any
) -> None:
    from tailsafe.meetings.models import Position

    alice = world["users"]["secretariat"]
    proposal, inst = _all_support(world, meeting)
    client = _russian(alice)
    assert 'name="seen-' in client.get(f"/meetings/proposals/{proposal.pk}/").content.decode()
    services.record_position(alice, proposal, inst["environment"], "object", "Риск для реки")
    # the page opened earlier changes another row only: that row is saved, the objection stays
    data = _stale_page(inst, industry=("stand_aside", "Нет средств"))
    response = client.post(f"/meetings/proposals/{proposal.pk}/", data)
    assert response.status_code == 302
    env = Position.objects.get(proposal=proposal, institution=inst["environment"])
    assert (env.position, env.reason) == ("object", "Риск для реки")
    assert not services.outcome(proposal).adopted
    assert Position.objects.get(proposal=proposal, institution=inst["industry"]).position == (
        "stand_aside"
    )


def test_a_stale_consensus_is_refused_in_russian_and_nothing_is_saved(
    world: dict[str, Any], meeting: Any
) -> None:
    from tailsafe.meetings.models import Position

    alice = world["users"]["secretariat"]
    proposal, inst = _all_support(world, meeting)
    services.record_position(alice, proposal, inst["environment"], "object", "Риск для реки")
    before = list(Position.objects.order_by("pk").values())
    data = _stale_page(
        inst,
        industry=("stand_aside", "Нет средств"),
        environment=("stand_aside", "Согласны не мешать"),
    )
    response = _russian(alice).post(f"/meetings/proposals/{proposal.pk}/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "изменена другим пользователем после того, как вы открыли эту страницу" in text
    assert "Риск для реки" in text  # what it is now
    assert 'value="Нет средств"' in text  # the other row keeps what was typed
    assert list(Position.objects.order_by("pk").values()) == before


def test_adoption_on_a_consensus_that_no_longer_holds_is_refused_in_russian(
    world: dict[str, Any], meeting: Any
) -> None:
    from tailsafe.followup.models import Recommendation

    alice = world["users"]["secretariat"]
    proposal, inst = _all_support(world, meeting)
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
