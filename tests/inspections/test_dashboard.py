"""The dashboard's priority-1 panel is the matrix's priority-1 cell (issue 9: built from the
top hazard third only, without the rest of the matrix)."""

from __future__ import annotations

from typing import Any

import pytest

from tailsafe.facilities.models import Facility
from tailsafe.inspections import services
from tailsafe.inspections.dashboard import priority_one
from tests.inspections.conftest import answer_all

pytestmark = pytest.mark.django_db


def _submitted(user: Any, facility: Any, kind: str, answer: str) -> None:
    a = services.start_assessment(user, facility, kind, "basic")
    answer_all(user, a, answer, "verified")
    services.submit_assessment(user, a)


def test_panel_is_the_priority_one_cell(
    users: dict[str, Any], ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    assert priority_one(users["member"]) == {
        "template": "inspections/panel_priority.html",
        "rows": [],
    }
    insp = users["inspector"]
    _submitted(insp, facilities["A"], "authority", "not")  # top third, red: priority 1
    _submitted(insp, facilities["C"], "authority", "not")  # bottom third, red: priority 7
    _submitted(ops["olim"], facilities["B"], "self", "compliant")  # green
    grid = services.priority_matrix(Facility.objects.filter(archived_at__isnull=True))["grid"]
    cell = [e for row in grid for c in row["cells"] if c["priority"] == 1 for e in c["facilities"]]
    panel = priority_one(users["member"])
    assert panel is not None
    assert [e["facility"].code for e in panel["rows"]] == ["TMF-A"]
    keys = ("facility", "assessment", "rank", "tertile", "band", "checklist")
    assert [{k: e[k] for k in keys} for e in panel["rows"]] == [
        {k: e[k] for k in keys} for e in cell
    ]
    assert priority_one(users["guest"]) is None
