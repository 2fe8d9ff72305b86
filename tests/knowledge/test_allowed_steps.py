"""The next steps of commissioned work, asked by the services (which refuse otherwise) and by
the work page (which shows the forms) - the rule in one place (issue 13, item 4)."""

from __future__ import annotations

import pytest

from tailsafe.knowledge.models import CommissionedWork

S = CommissionedWork.Status


@pytest.mark.parametrize(
    ("status", "report", "is_open", "accept"),
    [
        (S.COMMISSIONED, "", True, False),
        (S.COMMISSIONED, "report.pdf", True, True),
        (S.REPORTED, "report.pdf", True, True),
        (S.ACCEPTED, "report.pdf", False, False),
    ],
)
def test_work_steps_follow_status_and_report(
    status: str, report: str, is_open: bool, accept: bool
) -> None:
    work = CommissionedWork(status=status, report_file=report)
    assert work.is_open is is_open
    assert work.can_be_accepted is accept
