"""Co-chair authority (§21-22, §28; issue 15 item 5): the term's official belongs to the
leading authority; the rotation holds exactly the five rotating authorities; a new order moves
the terms not yet started and the approval rights with them; approvals check the term of the
day of approval (governance.rules.is_leading_cochair)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tailsafe.governance import services
from tailsafe.governance.models import CoChairTerm, RotationConfig
from tailsafe.governance.rules import is_leading_cochair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = timezone.localdate().year
FIVE = ["energy_water", "industry", "emergencies", "environment", "industrial_safety"]


def _on(monkeypatch: Any, day: dt.date) -> None:
    """Run the rest of the test as if today were `day` (approvals read timezone.localdate)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def _letter(users: dict[str, Any]) -> Any:
    from tailsafe.correspondence import services as correspondence

    draft = correspondence.draft_group_letter(
        users["secretariat"],
        {"correspondent": "UNECE", "subject": "Request", "body": "Dear colleagues."},
    )
    return correspondence.submit_for_approval(users["secretariat"], draft)


def test_official_of_the_wrong_institution_is_refused(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_cochair_term(
            users["secretariat"], year=YEAR, senior_official=None, official_user=users["member"]
        )
    assert "does not belong to" in exc.value.message_dict["senior_official"][0]
    assert not CoChairTerm.objects.exists()


def test_official_of_the_wrong_institution_is_refused_on_a_recorded_term(
    users: dict[str, Any],
) -> None:
    services.record_cochair_term(
        users["secretariat"], year=YEAR, senior_official=None, official_user=users["co_chair"]
    )
    with pytest.raises(ValidationError):
        services.record_cochair_term(
            users["secretariat"], year=YEAR, senior_official=None, official_user=users["member"]
        )
    assert CoChairTerm.objects.get(year=YEAR).official_user == users["co_chair"]


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (["energy_water", "industry", "emergencies", "environment", "academy"], "Not a rotating"),
        (FIVE[:4], "missing"),
        ([*FIVE[:4], "energy_water"], "twice"),
        ([*FIVE, "academy"], "Not a rotating"),
    ],
)
def test_rotation_order_holds_exactly_the_five(
    users: dict[str, Any], order: list[str], message: str
) -> None:
    before = list(RotationConfig.objects.values_list("order", "start_year"))
    with pytest.raises(ValidationError, match=message):
        services.configure_rotation(users["admin"], order=order, start_year=YEAR)
    assert list(RotationConfig.objects.values_list("order", "start_year")) == before


def test_order_change_may_not_move_a_started_term(users: dict[str, Any]) -> None:
    services.record_cochair_term(
        users["secretariat"], year=YEAR, senior_official=None, official_user=users["co_chair"]
    )
    swapped = ["industry", "energy_water", *FIVE[2:]]
    before = list(RotationConfig.objects.values_list("order", "start_year"))
    with pytest.raises(ValidationError, match="has started"):
        services.configure_rotation(users["admin"], order=swapped, start_year=YEAR)
    assert list(RotationConfig.objects.values_list("order", "start_year")) == before


def test_order_change_moves_future_terms_and_approval_rights(
    users: dict[str, Any], make_user: Any, monkeypatch: Any
) -> None:
    from tailsafe.correspondence import services as correspondence
    from tailsafe.correspondence.models import Letter

    ivan = make_user("co_chair", username="ivan", institution="industry")
    zarina = make_user("co_chair", username="zarina", institution="emergencies")
    services.record_cochair_term(
        users["secretariat"], year=YEAR, senior_official=None, official_user=users["co_chair"]
    )
    services.record_cochair_term(
        users["secretariat"], year=YEAR + 1, senior_official=None, official_user=ivan
    )
    assert is_leading_cochair(ivan, dt.date(YEAR + 1, 3, 1))
    services.configure_rotation(
        users["admin"],
        order=["energy_water", "emergencies", "industry", "environment", "industrial_safety"],
        start_year=YEAR,
    )
    term = CoChairTerm.objects.get(year=YEAR + 1)
    assert term.institution.key == "emergencies"
    assert term.official_user is None
    assert not is_leading_cochair(ivan, dt.date(YEAR + 1, 3, 1))
    assert is_leading_cochair(users["co_chair"], dt.date(YEAR, 6, 1))  # started term kept

    _on(monkeypatch, dt.date(YEAR + 1, 3, 1))
    services.record_cochair_term(
        users["secretariat"], year=YEAR + 1, senior_official=None, official_user=zarina
    )
    letter = _letter(users)
    assert letter.submitted_to == zarina
    with pytest.raises(PermissionDenied, match="leading co-chair"):
        correspondence.approve_letter(ivan, letter, None)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.SUBMITTED
    approved = correspondence.approve_letter(zarina, letter, None)
    assert approved.status == Letter.Status.APPROVED
    assert approved.approved_by == zarina


def test_december_letter_is_approved_in_january_by_the_new_cochair(
    users: dict[str, Any], make_user: Any, monkeypatch: Any
) -> None:
    from tailsafe.correspondence import services as correspondence
    from tailsafe.correspondence.models import Letter

    ivan = make_user("co_chair", username="ivan", institution="industry")
    services.record_cochair_term(
        users["secretariat"], year=YEAR, senior_official=None, official_user=users["co_chair"]
    )
    services.record_cochair_term(
        users["secretariat"], year=YEAR + 1, senior_official=None, official_user=ivan
    )
    _on(monkeypatch, dt.date(YEAR, 12, 20))
    letter = _letter(users)
    assert letter.submitted_to == users["co_chair"]
    _on(monkeypatch, dt.date(YEAR + 1, 1, 10))
    with pytest.raises(PermissionDenied):
        correspondence.approve_letter(users["co_chair"], letter, None)
    approved = correspondence.approve_letter(ivan, Letter.objects.get(pk=letter.pk), None)
    assert approved.approved_by == ivan
    assert approved.number.startswith(f"IIWG-{YEAR + 1}/")


def test_is_leading_cochair_needs_the_account_in_the_leading_authority(
    users: dict[str, Any],
) -> None:
    services.record_cochair_term(
        users["secretariat"], year=YEAR, senior_official=None, official_user=users["co_chair"]
    )
    co_chair = users["co_chair"]
    assert is_leading_cochair(co_chair, dt.date(YEAR, 1, 1))
    assert not is_leading_cochair(co_chair, dt.date(YEAR + 1, 1, 1))  # no term recorded
    assert not is_leading_cochair(users["secretariat"], dt.date(YEAR, 1, 1))
    co_chair.institution = users["member"].institution  # moved to another institution
    co_chair.save()
    assert not is_leading_cochair(co_chair, dt.date(YEAR, 1, 1))


def test_december_letter_moves_to_the_new_cochair_with_a_stored_note(
    users: dict[str, Any], make_user: Any, monkeypatch: Any, client_as: Any
) -> None:
    from tailsafe.core.stored_text import render
    from tailsafe.correspondence.handover import hand_over_approvals
    from tailsafe.correspondence.models import Letter
    from tailsafe.notifications.models import Notification

    ivan = make_user("co_chair", username="ivan", institution="industry")
    services.record_cochair_term(
        users["secretariat"], year=YEAR, senior_official=None, official_user=users["co_chair"]
    )
    services.record_cochair_term(
        users["secretariat"], year=YEAR + 1, senior_official=None, official_user=ivan
    )
    _on(monkeypatch, dt.date(YEAR, 12, 20))
    letter = _letter(users)
    assert hand_over_approvals() == {"letters": 0, "minutes": 0}
    _on(monkeypatch, dt.date(YEAR + 1, 1, 1))
    assert hand_over_approvals()["letters"] == 1
    assert hand_over_approvals()["letters"] == 0  # once
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.submitted_to == ivan
    assert letter.status == Letter.Status.SUBMITTED
    assert letter.handover_note["key"].startswith("Submitted to %(previous)s")
    assert letter.handover_note["params"]["year"] == YEAR + 1
    assert "ivan" in render(letter.handover_note, "en")
    assert "Передано" in render(letter.handover_note, "ru")
    assert Notification.objects.filter(user=ivan, key__startswith="letter-handover:").count() == 1
    page = client_as("secretariat").get(f"/correspondence/{letter.pk}/").content.decode()
    assert 'id="handover-note"' in page
