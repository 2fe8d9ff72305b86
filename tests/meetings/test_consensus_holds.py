"""A consensus that holds (§28, issue 15 item 4): the outcome is stored and recomputed when a
position or the attendance changes; a later objection un-adopts and flags; attendance cannot
change once positions are recorded unless they are withdrawn with a reason; no consensus is
declared while a present institution has no position, unless the question was put."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tailsafe.meetings import services
from tailsafe.meetings.models import Attendance, Position, Proposal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KEYS = ("academy", "industry", "environment")


def _keys(
    world: dict[str, Any], names: tuple[str, ...] = ("charlie", "ivan", "nigora")
) -> list[str]:
    return [f"p{world['people'][n].pk}" for n in names]


@pytest.fixture
def setup(world: dict[str, Any], meeting: Any) -> dict[str, Any]:
    from tailsafe.governance.models import Institution

    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилища"})
    services.record_attendance(alice, meeting, _keys(world))
    minutes = services.start_minutes(alice, meeting)
    proposal = services.add_proposal(
        alice, minutes.items.get(), text="Провести обследование", kind="recommendation"
    )
    inst = {k: Institution.objects.get(key=k) for k in KEYS}
    return {"alice": alice, "proposal": proposal, "inst": inst, "meeting": meeting}


def _all_support(s: dict[str, Any]) -> None:
    for key in KEYS:
        services.record_position(s["alice"], s["proposal"], s["inst"][key], "support")


def _adopted_recommendation(s: dict[str, Any]) -> Any:
    from tailsafe.followup import recommendations
    from tailsafe.followup.models import Recommendation

    rec = Recommendation.objects.create(
        text="Провести обследование",
        term="short",
        addressee=s["inst"]["industry"],
        due_date=s["meeting"].starts_at.date(),
        stage=Recommendation.Stage.PROPOSED,
        proposal=s["proposal"],
    )
    return recommendations.record_adoption(s["alice"], rec)


def test_outcome_is_stored_when_positions_are_recorded(setup: dict[str, Any]) -> None:
    _all_support(setup)
    proposal = Proposal.objects.get(pk=setup["proposal"].pk)
    assert proposal.adopted
    assert proposal.consensus_lost_at is None


def test_a_later_objection_unadopts_and_flags(setup: dict[str, Any]) -> None:
    from tailsafe.followup.models import Recommendation

    _all_support(setup)
    rec = _adopted_recommendation(setup)
    assert rec.stage == Recommendation.Stage.ADOPTED
    services.record_position(
        setup["alice"], setup["proposal"], setup["inst"]["environment"], "object", "Риск"
    )
    proposal = Proposal.objects.get(pk=setup["proposal"].pk)
    assert not proposal.adopted
    assert proposal.consensus_lost_at is not None
    rec.refresh_from_db()
    assert rec.stage == Recommendation.Stage.PROPOSED
    assert rec.adopted_at is None
    assert rec.history.first().history_change_reason.startswith("adoption no longer holds")
    # Settled again: the flag goes, the recommendation waits to be recorded as adopted again.
    services.record_position(
        setup["alice"], setup["proposal"], setup["inst"]["environment"], "stand_aside", "Ок"
    )
    proposal.refresh_from_db()
    assert proposal.adopted
    assert proposal.consensus_lost_at is None


def test_flag_shown_on_recommendation_page_and_dashboard(
    setup: dict[str, Any], client_as: Any
) -> None:
    _all_support(setup)
    rec = _adopted_recommendation(setup)
    services.record_position(
        setup["alice"], setup["proposal"], setup["inst"]["environment"], "object", "Риск"
    )
    client = client_as("secretariat")
    page = client.get(f"/followup/recommendations/{rec.pk}/").content.decode()
    assert 'id="consensus-lost"' in page
    dashboard = client.get("/").content.decode()
    assert 'id="consensus-lost"' in dashboard
    assert "Провести обследование" in dashboard


def test_attendance_change_refused_after_positions(
    world: dict[str, Any], setup: dict[str, Any]
) -> None:
    _all_support(setup)
    alice = setup["alice"]
    before = list(Attendance.objects.values_list("pk", "present").order_by("pk"))
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(alice, setup["meeting"], _keys(world, ("charlie", "ivan")))
    assert "Withdraw those positions" in exc.value.messages[0]
    assert str(setup["inst"]["environment"]) in exc.value.messages[0]
    assert list(Attendance.objects.values_list("pk", "present").order_by("pk")) == before
    assert Proposal.objects.get(pk=setup["proposal"].pk).adopted


def test_attendance_changes_after_the_position_is_withdrawn_with_a_reason(
    world: dict[str, Any], setup: dict[str, Any]
) -> None:
    _all_support(setup)
    alice = setup["alice"]
    pos = Position.objects.get(proposal=setup["proposal"], institution=setup["inst"]["environment"])
    with pytest.raises(ValidationError) as exc:
        services.withdraw_position(alice, pos, "  ")
    assert "reason" in exc.value.message_dict
    services.withdraw_position(alice, pos, "Записано по ошибке: представитель ушёл")
    # Withdrawn and still present: no consensus declared any more, the adoption is flagged.
    proposal = Proposal.objects.get(pk=setup["proposal"].pk)
    assert not proposal.adopted
    assert proposal.consensus_lost_at is not None
    services.record_attendance(alice, setup["meeting"], _keys(world, ("charlie", "ivan")))
    proposal.refresh_from_db()
    assert proposal.adopted
    assert proposal.consensus_lost_at is None
    assert services.outcome(proposal).supporters == ["academy", "industry"]


def test_marking_the_objector_absent_cannot_manufacture_consensus(
    world: dict[str, Any], setup: dict[str, Any]
) -> None:
    alice, inst = setup["alice"], setup["inst"]
    services.record_position(alice, setup["proposal"], inst["academy"], "support")
    services.record_position(alice, setup["proposal"], inst["industry"], "support")
    services.record_position(alice, setup["proposal"], inst["environment"], "object", "Риск")
    with pytest.raises(ValidationError):
        services.record_attendance(alice, setup["meeting"], _keys(world, ("charlie", "ivan")))
    assert not Proposal.objects.get(pk=setup["proposal"].pk).adopted


def test_no_consensus_while_a_present_institution_has_no_position(setup: dict[str, Any]) -> None:
    from tailsafe.followup import recommendations
    from tailsafe.followup.models import Recommendation

    alice, inst = setup["alice"], setup["inst"]
    services.record_position(alice, setup["proposal"], inst["academy"], "support")
    services.record_position(alice, setup["proposal"], inst["industry"], "support")
    outcome = services.outcome(setup["proposal"])
    assert not outcome.adopted
    assert not outcome.declared
    assert outcome.missing == ["environment"]
    assert not Proposal.objects.get(pk=setup["proposal"].pk).adopted
    rec = Recommendation.objects.create(
        text="x",
        term="short",
        addressee=inst["industry"],
        due_date=setup["meeting"].starts_at.date(),
        stage=Recommendation.Stage.PROPOSED,
        proposal=setup["proposal"],
    )
    with pytest.raises(ValidationError) as exc:
        recommendations.record_adoption(alice, rec)
    assert "No consensus is declared" in exc.value.messages[0]
    rec.refresh_from_db()
    assert rec.stage == Recommendation.Stage.PROPOSED


def test_question_put_without_objection_declares_consensus(setup: dict[str, Any]) -> None:
    alice, inst = setup["alice"], setup["inst"]
    services.record_position(alice, setup["proposal"], inst["academy"], "support")
    outcome = services.record_question_put(alice, setup["proposal"])
    assert outcome.adopted
    assert outcome.declared
    assert Proposal.objects.get(pk=setup["proposal"].pk).adopted
    # A later objection still blocks, and the adoption is flagged.
    services.record_position(alice, setup["proposal"], inst["industry"], "object", "Нет")
    proposal = Proposal.objects.get(pk=setup["proposal"].pk)
    assert not proposal.adopted
    assert proposal.consensus_lost_at is not None


def test_question_put_refused_while_someone_objects(setup: dict[str, Any]) -> None:
    alice, inst = setup["alice"], setup["inst"]
    services.record_position(alice, setup["proposal"], inst["industry"], "object", "Нет")
    with pytest.raises(ValidationError):
        services.record_question_put(alice, setup["proposal"])
    assert not Proposal.objects.get(pk=setup["proposal"].pk).put_without_objection


def test_member_may_not_record_the_question_put(
    world: dict[str, Any], setup: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.record_question_put(world["users"]["member"], setup["proposal"])


def test_attendance_refusal_is_shown_on_the_page(
    world: dict[str, Any], setup: dict[str, Any], client_as: Any
) -> None:
    _all_support(setup)
    client = client_as("secretariat")
    response = client.post(
        f"/meetings/{setup['meeting'].pk}/attendance/",
        {"present": _keys(world, ("charlie", "ivan"))},
        follow=True,
    )
    assert response.status_code == 200
    assert "Withdraw those positions" in response.content.decode()
