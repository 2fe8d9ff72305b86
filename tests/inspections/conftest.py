from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.facilities.conftest import make_facility, operator_inst  # noqa: F401


@pytest.fixture
def ops(make_user: Callable[..., Any], operator_inst: Any) -> dict[str, Any]:  # noqa: F811
    """Two operators of two institutions: dina runs A, olim runs B."""
    from tailsafe.governance.models import Institution

    other = Institution.objects.create(
        key="op-other", type="operator", name_ru="Другой", name_en="Other Ltd", in_lpi=False
    )
    return {
        "dilnoza": make_user("operator", username="dina", institution="op-test"),
        "olim": make_user("operator", username="olim", institution="op-other"),
        "own_inst": operator_inst,
        "other_inst": other,
    }


@pytest.fixture
def facilities(make_facility: Callable[..., Any], ops: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    from decimal import Decimal

    return {
        "A": make_facility("TMF-A", operator=ops["own_inst"], volume_m3=Decimal("50000000")),
        "B": make_facility("TMF-B", operator=ops["other_inst"], volume_m3=Decimal("2000000")),
        "C": make_facility("TMF-C", volume_m3=Decimal("1000")),
    }


def answer_all(user: Any, assessment: Any, answer: str, credibility: str) -> None:
    from tailsafe.inspections import services

    for q in services.questions_for(assessment.bank, assessment.module):
        services.save_answer(user, assessment, q, {"answer": answer, "credibility": credibility})


@pytest.fixture
def joint_inspection(users: dict[str, Any], facilities: dict[str, Any]) -> Any:
    """A planned joint inspection, two named inspectors, every question answered."""
    from tailsafe.governance.models import Institution
    from tailsafe.inspections import services

    insp = users["inspector"]
    for user, (first, last) in (
        (insp, ("Эркин", "Назаров")),
        (users["secretariat"], ("Алиса", "Каримова")),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    ji = services.plan_inspection(
        insp,
        facilities["A"],
        date=dt.date(2026, 5, 1),
        module="basic",
        institutions=Institution.objects.all()[:3],
        inspectors=[insp, users["secretariat"]],
    )
    answers = ["compliant", "partly", "not", "na"]
    credibility = ["verified", "stated", "none"]
    for n, q in enumerate(services.questions_for(ji.bank, ji.module)):
        services.record_finding(
            insp,
            ji,
            q,
            {
                "answer": answers[n % len(answers)],
                "credibility": credibility[n % len(credibility)],
                "text": "Подтверждено документами и осмотром на месте" if n % 2 else "",
            },
        )
    return ji
