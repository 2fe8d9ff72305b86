"""Facility services: permissions, bad input, recomputation and index history (T1, T2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tailsafe.facilities import services
from tailsafe.facilities.models import Facility
from tailsafe.methodology import ranking
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import HazardAssessment, ParameterSet

pytestmark = pytest.mark.django_db


def test_update_recomputes_and_keeps_history(users: dict[str, Any], make_facility: Any) -> None:
    f = make_facility("A1")
    first = f.latest_assessment
    assert first.thi == pytest.approx(6 + 2 + 1 + 1 + 2 + 1)
    assert first.parameter_set.name == "provisional-1"
    services.update_facility(users["secretariat"], f, {"dam_condition": "serious"})
    rows = list(HazardAssessment.objects.filter(facility=f).order_by("id"))
    assert len(rows) == 2
    assert rows[-1].thi == pytest.approx(first.thi + 1)
    assert rows[-1].parameter_set.provisional is True
    assert "dam_condition" in rows[-1].reason
    # a change of a non-input does not add an assessment
    services.update_facility(users["secretariat"], f, {"notes": "visited"})
    assert HazardAssessment.objects.filter(facility=f).count() == 2
    # the audit trail names who changed what
    last = f.history.order_by("-history_id").first()
    assert last.history_user == users["secretariat"]


def test_unknown_term_gives_min_max_and_missing(users: dict[str, Any], make_facility: Any) -> None:
    f = make_facility("A2", dam_condition="")
    a = f.latest_assessment
    assert a.thi is None
    assert "dam" in a.missing
    assert a.thi_max - a.thi_min == pytest.approx(2)


def test_no_volume_is_no_index_not_zero(make_facility: Any) -> None:
    f = make_facility("A3", volume_m3=None)
    a = f.latest_assessment
    assert a.thi_max is None
    assert "volume" in a.error


def test_natech_feeds_seismic_and_flood(make_facility: Any) -> None:
    f = make_facility("A4", seismic="", seismic_msk64=Decimal(8), flood="", flash_flood="high")
    a = f.latest_assessment
    assert a.terms["seismic"] == 2
    assert a.terms["flood"] == 1
    assert "MSK-64" in a.inputs["_derived"]["seismic"]


def test_operator_edits_only_own_facility(
    users: dict[str, Any], make_facility: Any, operator_inst: Any
) -> None:
    op = users["operator"]
    op.institution = operator_inst
    op.save()
    own = make_facility("OWN", operator=operator_inst)
    other = make_facility("OTHER")
    services.update_facility(op, own, {"dam_condition": "serious"})
    own.refresh_from_db()
    assert own.dam_condition == "serious"
    assert own.confirmation == Facility.Confirmation.CANDIDATE
    with pytest.raises(PermissionDenied):
        services.update_facility(op, other, {"dam_condition": "serious"})
    other.refresh_from_db()
    assert other.dam_condition == "minor"
    # an operator without an institution edits nothing
    op.institution = None
    op.save()
    with pytest.raises(PermissionDenied):
        services.update_facility(op, own, {"notes": "x"})


def test_member_cannot_edit(users: dict[str, Any], make_facility: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.update_facility(users["member"], make_facility("M1"), {"notes": "x"})


@pytest.mark.parametrize(
    "values",
    [
        {"volume_m3": Decimal("-5")},
        {"volume_m3": Decimal("0")},
        {"volume_m3": Decimal("2e10")},
        {"latitude": Decimal("91")},
        {"longitude": Decimal("-181")},
    ],
)
def test_bad_values_rejected_nothing_saved(
    users: dict[str, Any], make_facility: Any, values: dict[str, Any]
) -> None:
    f = make_facility("B1")
    before = HazardAssessment.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.update_facility(users["secretariat"], f, values)
    assert set(exc.value.message_dict) == set(values)
    f.refresh_from_db()
    assert f.volume_m3 == Decimal("1000000")
    assert f.latitude == Decimal("40.2")
    assert HazardAssessment.objects.count() == before


def test_create_and_confirm_and_archive(users: dict[str, Any]) -> None:
    sec = users["secretariat"]
    f = services.create_facility(
        sec,
        {"code": "N1", "name_ru": "Н", "name_en": "N", "volume_m3": Decimal("5000")},
        {"volume_m3": {"source": "inspection 2026", "confidence": "high"}},
    )
    assert f.confirmation == "candidate"
    assert f.source_of("volume_m3")["confidence"] == "high"
    assert f.latest_assessment.terms["capacity"] == pytest.approx(3.69897, rel=1e-4)
    services.confirm_facility(sec, f)
    assert f.confirmation == "confirmed"
    with pytest.raises(PermissionDenied):
        services.confirm_facility(users["operator"], f)
    with pytest.raises(ValidationError):
        services.create_facility(
            sec,
            {"code": "N2", "name_ru": "Н", "name_en": "N"},
            {"volume_m3": {"source": "x", "confidence": "sure"}},
        )
    services.archive_facility(sec, f)
    assert f.is_archived
    assert Facility.objects.filter(pk=f.pk).exists()


def test_ranking_order_and_tertiles(make_facility: Any) -> None:
    make_facility("R1", volume_m3=Decimal("1e7"))
    make_facility("R2", volume_m3=Decimal("1e5"))
    make_facility("R3", volume_m3=Decimal("1e6"))
    make_facility("R4", volume_m3=None)
    rows = ranking.ranked_rows(Facility.objects.all())[1]
    assert [r["facility"].code for r in rows] == ["R1", "R3", "R2", "R4"]
    assert [r["tertile"] for r in rows] == [1, 2, 3, None]


def test_activating_a_set_recomputes_all(users: dict[str, Any], make_facility: Any) -> None:
    from tailsafe.methodology.params import default_parameter_set

    f = make_facility("P1")
    data = default_parameter_set()
    data["name"] = "test-2"
    data["thi"]["terms"]["dam"]["points"] = {"none": 0, "minor": 3, "serious": 5}
    ps = methodology.load_parameter_set_file(users["admin"], __import__("json").dumps(data))
    assert not ps.active
    assert ParameterSet.objects.get(active=True).name == "provisional-1"
    n = methodology.activate_parameter_set(users["admin"], ps)
    assert n == 1
    a = f.latest_assessment
    assert a.parameter_set == ps
    assert a.terms["dam"] == 3
    assert ParameterSet.objects.filter(active=True).count() == 1


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["thi"]["terms"].pop("dam"), "dam"),
        (lambda d: d["thi"]["terms"]["flood"]["points"].update(prone="one"), "prone"),
    ],
)
def test_bad_parameter_file_keeps_previous_active(
    users: dict[str, Any], mutate: Any, expected: str
) -> None:
    import json

    from tailsafe.methodology.params import default_parameter_set

    data = default_parameter_set()
    data["name"] = "broken"
    mutate(data)
    count = ParameterSet.objects.count()
    with pytest.raises(ValidationError) as exc:
        methodology.load_parameter_set_file(users["admin"], json.dumps(data))
    assert any(expected in m for m in exc.value.messages)
    assert ParameterSet.objects.count() == count
    assert ParameterSet.objects.get(active=True).name == "provisional-1"


def test_parameter_upload_needs_permission(users: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        methodology.load_parameter_set_file(users["secretariat"], "name: x")


def test_demo_load_is_idempotent(users: dict[str, Any]) -> None:
    from tailsafe.facilities import demo

    demo.load(users)
    demo.load(users)
    assert Facility.objects.count() == 19  # T01-T16 and the Taboshar sub-objects T17-T19
    t01 = Facility.objects.get(code="T01")
    assert t01.volume_m3 == Decimal("20000000")
    assert t01.source_of("volume_m3")["confidence"] == "low"
    assert t01.location_basis == "settlement_approximate"
    assert "~36 million t" in t01.volume_unit
    t02 = Facility.objects.get(code="T02")
    assert t02.volume_m3 is None
    assert t02.mass_t is None
    t14 = Facility.objects.get(code="T14")  # "east of Dushanbe" is no location
    assert t14.latitude is None
    assert t14.location_basis == "unknown"
    assert all(f.confirmation == "candidate" for f in Facility.objects.all())
    op = users["operator"]
    op.refresh_from_db()
    assert op.institution is not None
    assert Facility.objects.get(code="T06").operator == op.institution


def test_two_stale_copies_the_second_save_is_refused(
    users: dict[str, Any], make_facility: Any, english: None
) -> None:
    """Issue 9: concurrent edits never lose an update (optimistic locking on `version`)."""
    f = make_facility("L1", notes="")
    alice_copy = Facility.objects.get(pk=f.pk)
    bob_copy = Facility.objects.get(pk=f.pk)
    assert alice_copy.version == bob_copy.version == 1
    services.update_facility(users["secretariat"], alice_copy, {"notes": "Alice's visit"})
    assert alice_copy.version == 2
    with pytest.raises(services.StaleFacility, match="Someone else saved this facility"):
        services.update_facility(users["secretariat"], bob_copy, {"dam_condition": "serious"})
    f.refresh_from_db()
    assert f.notes == "Alice's visit"
    assert f.dam_condition == "minor"
    assert f.version == 2
    assert HazardAssessment.objects.filter(facility=f).count() == 1  # nothing recomputed
    # an explicit expected version is checked the same way, whatever copy is passed
    with pytest.raises(services.StaleFacility):
        services.update_facility(
            users["secretariat"], f, {"dam_condition": "serious"}, expected_version=1
        )
    # the refused editor reloads and saves on top of Alice's change: both survive
    bob_copy.refresh_from_db()
    services.update_facility(users["secretariat"], bob_copy, {"dam_condition": "serious"})
    f.refresh_from_db()
    assert (f.notes, f.dam_condition, f.version) == ("Alice's visit", "serious", 3)


def test_every_save_moves_the_version_on(users: dict[str, Any], make_facility: Any) -> None:
    """A confirmation, an archive or a publication is a save too: an edit form opened before it
    is refused rather than writing back the values it showed."""
    from tailsafe.public.services import set_published

    f = make_facility("L2")
    opened = Facility.objects.get(pk=f.pk)
    services.confirm_facility(users["secretariat"], Facility.objects.get(pk=f.pk))
    with pytest.raises(services.StaleFacility):
        services.update_facility(users["secretariat"], opened, {"notes": "x"})
    opened = Facility.objects.get(pk=f.pk)
    set_published(users["secretariat"], "facility", f.pk, True)
    with pytest.raises(services.StaleFacility):
        services.update_facility(users["secretariat"], opened, {"published": False})
    f.refresh_from_db()
    assert f.published is True
    assert f.version == 3
    # the version is not audit noise: the history shows no "version" change
    from tailsafe.core.audit import history_of

    assert all(c.field != "version" for e in history_of(f) for c in e.changes)
