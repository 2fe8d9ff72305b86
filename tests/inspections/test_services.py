"""Service tests: assessments, comparison, matrix, joint inspections (T3, T8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tailsafe.inspections import services
from tailsafe.inspections.models import Assessment
from tailsafe.methodology.question_bank import active_bank
from tests.inspections.conftest import answer_all

pytestmark = pytest.mark.django_db


def test_starter_bank_is_provisional_with_every_category() -> None:
    bank = active_bank()
    assert bank.provisional
    assert bank.name == "starter-provisional"
    cats = {q.category for q in bank.questions.all()}
    assert len(cats) == 10
    q = bank.questions.get(code="DS-1")
    assert q.text_ru
    assert q.text_tg
    assert q.text_en
    assert q.measures()


def test_operator_self_assessment_versions_and_freeze(
    ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    op = ops["dilnoza"]
    a = services.start_assessment(op, facilities["A"], "self", "basic")
    assert a.version == 1
    assert a.is_draft
    assert services.start_assessment(op, facilities["A"], "self", "basic") == a  # one draft
    with pytest.raises(ValidationError):
        services.submit_assessment(op, a)  # unanswered questions
    answer_all(op, a, "compliant", "verified")
    services.submit_assessment(op, a)
    result = services.score(a)
    assert result.overall == 100
    assert result.band == "green"
    assert result.coverage == 1
    assert result.parameter_set == "provisional-1"
    assert result.provisional
    q = services.questions_for(a.bank, a.module)[0]
    with pytest.raises(ValidationError):
        services.save_answer(op, a, q, {"answer": "not", "credibility": "verified"})
    b = services.start_assessment(op, facilities["A"], "self", "basic")
    assert b.version == 2
    assert b.pk != a.pk


def test_operator_cannot_assess_or_open_another_operators_facility(
    ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.start_assessment(ops["dilnoza"], facilities["B"], "self", "basic")
    theirs = services.start_assessment(ops["olim"], facilities["B"], "self", "basic")
    with pytest.raises(PermissionDenied):
        services.check_view(ops["dilnoza"], theirs)
    with pytest.raises(PermissionDenied):  # operators do not fill authority assessments
        services.start_assessment(ops["dilnoza"], facilities["A"], "authority", "basic")


def test_bad_answer_values_rejected(
    users: dict[str, Any], ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    a = services.start_assessment(users["inspector"], facilities["A"], "authority", "basic")
    q = services.questions_for(a.bank, a.module)[0]
    with pytest.raises(ValidationError):
        services.save_answer(users["inspector"], a, q, {"answer": "maybe"})
    with pytest.raises(ValidationError):
        services.save_answer(users["inspector"], a, q, {"answer": "not", "credibility": "x"})


def test_comparison_and_matrix_cell(
    users: dict[str, Any], ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    op, insp = ops["dilnoza"], users["inspector"]
    own = services.start_assessment(op, facilities["A"], "self", "basic")
    answer_all(op, own, "compliant", "stated")
    services.submit_assessment(op, own)
    auth = services.start_assessment(insp, facilities["A"], "authority", "basic")
    answer_all(insp, auth, "not", "verified")
    services.submit_assessment(insp, auth)
    cmp = services.compare(facilities["A"])
    assert cmp["differences"] == len(cmp["rows"]) > 0
    assert cmp["self_score"].overall == 50
    assert cmp["authority_score"].overall == 0
    # A has the largest volume: top tertile; the authority assessment (red) counts.
    from tailsafe.facilities.models import Facility

    cell = services.matrix_cell(facilities["A"], Facility.objects.all())
    assert cell == (1, "red")
    grid = services.priority_matrix(Facility.objects.all())["grid"]
    assert grid[0]["cells"][0]["priority"] == 1
    assert services.shortfalls(auth)


def test_joint_inspection_needs_two_institutions_and_reports(
    users: dict[str, Any], facilities: dict[str, Any], reference_data: None
) -> None:
    from tailsafe.governance.models import Institution

    insts = list(Institution.objects.all()[:2])
    insp = users["inspector"]
    with pytest.raises(ValidationError):
        services.plan_inspection(
            insp, facilities["A"], date=dt.date(2026, 5, 1), module="basic", institutions=insts[:1]
        )
    with pytest.raises(PermissionDenied):
        services.plan_inspection(
            users["member"],
            facilities["A"],
            date=dt.date(2026, 5, 1),
            module="basic",
            institutions=insts,
        )
    ji = services.plan_inspection(
        insp,
        facilities["A"],
        date=dt.date(2026, 5, 1),
        module="basic",
        institutions=insts,
        inspectors=[insp],
    )
    q = services.questions_for(ji.bank, ji.module)[0]
    services.record_finding(
        insp, ji, q, {"answer": "partly", "credibility": "verified", "text": "Seepage at the toe"}
    )
    services.complete_inspection(insp, ji, "Done")
    with pytest.raises(ValidationError):
        services.record_finding(insp, ji, q, {"answer": "not"})
    ctx = services.report_context(ji)
    # Completed: no draft stamp (issue 18); the provisional parameters are labelled as such.
    assert ctx["result"].overall == 50
    assert not ctx["draft"]
    assert ctx["parameter_set"].provisional


def test_authority_assessment_kind_recorded(
    users: dict[str, Any], facilities: dict[str, Any]
) -> None:
    a = services.start_assessment(users["inspector"], facilities["C"], "authority", "detailed")
    assert a.kind == Assessment.Kind.AUTHORITY
    assert a.institution == users["inspector"].institution
